"""The validity checks as functions of a corpus and its mentions: per-document stance counts, known
groups, period control and expert narrative labels (formulas in :mod:`framing.validity`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._deprecation import renamed_keyword
from ..errors import CorpusError, ParameterError
from ..estimators import ratio_interval, roc_auc_ci
from ..stats import select_modality
from ..vocab import DEFAULT_SEED
from .corpora import KREMLIN, UKRAINE_WEST


# --------------------------------------------------------------------------------------------
# Per-document counts and scores
# --------------------------------------------------------------------------------------------
def _check_mentions(mentions: pd.DataFrame) -> None:
    need = {"doc_id", "variant", "stance", "voice"}
    missing = need - set(mentions.columns)
    if missing:
        raise ParameterError(
            f"mentions: missing column(s) {', '.join(sorted(missing))}; "
            "pass the table framing.match.match_corpus returns"
        )


def document_stance_counts(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    voice: str | Iterable[str] | None = "authorial",
    modality: str = "frames-asserted",
) -> pd.DataFrame:
    """Kremlin- and ukraine_west-aligned mention counts per document (every corpus document kept).

    Returns a DataFrame indexed like ``corpus`` with ``doc_id, k, u, score`` where
    ``score = (k - u) / (k + u + 1)``. ``voice`` filters the mentions (default authorial only;
    ``None`` keeps all voices); ``modality`` is the statistics' modality rule
    (:func:`framing.stats.select_modality`: by default a frame term counts only when asserted).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"]})
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "variant": ["kiev", "kiev", "kyiv"],
    ...                   "stance": ["kremlin", "kremlin", "ukraine_west"],
    ...                   "voice": ["authorial", "authorial", "authorial"]})
    >>> document_stance_counts(corpus, m)["score"].round(3).tolist()
    [0.667, -0.5, 0.0]
    """
    _check_mentions(mentions)
    m = select_modality(mentions, modality)[0]
    if voice is not None:
        voices = [voice] if isinstance(voice, str) else list(voice)
        m = m[m["voice"].isin(voices)]
    k = m[m["stance"] == KREMLIN].groupby("doc_id").size()
    u = m[m["stance"] == UKRAINE_WEST].groupby("doc_id").size()
    out = pd.DataFrame({"doc_id": corpus["doc_id"].astype(str).to_numpy()})
    out["k"] = out["doc_id"].map(k).fillna(0).astype(int)
    out["u"] = out["doc_id"].map(u).fillna(0).astype(int)
    out["score"] = (out["k"] - out["u"]) / (out["k"] + out["u"] + 1.0)
    return out


def _variant_ids(lexicon, label: str) -> list[str]:
    """Variant ids whose label (canonical surface form) is ``label`` (case-insensitive)."""
    vf = lexicon.variants_frame()
    hit = vf[vf["label"].astype(str).str.casefold() == label.casefold()]
    if hit.empty:
        hit = vf[vf["variant"].astype(str).str.casefold() == label.casefold()]
    if hit.empty:
        raise ParameterError(f"no lexicon variant labelled {label!r}; see `framing lexicon list`")
    return hit["variant"].astype(str).tolist()


# --------------------------------------------------------------------------------------------
# Check 1: known groups
# --------------------------------------------------------------------------------------------
@dataclass
class GroupExpectation:
    """What a known group should show: share of the Russian-based spelling and sign of the balance."""

    share_above: float | None = None
    share_below: float | None = None
    balance_sign: int = 0  # +1: interval above 0, -1: interval below 0, 0: no expectation


#: The expectations of issue 7 for the ``stance_group`` values of ``ukraine_media_2022``.
DEFAULT_EXPECTATIONS: dict[str, GroupExpectation] = {
    "russian_state": GroupExpectation(share_above=0.9, balance_sign=+1),
    "western": GroupExpectation(share_below=0.1, balance_sign=-1),
}


@renamed_keyword("level", "confidence_level")
def known_groups(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    group_col: str = "stance_group",
    outlet_col: str = "outlet",
    variant: str = "Kiev",
    other: str = "Kyiv",
    lexicon=None,
    voice: str = "authorial",
    min_docs: int = 50,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
    expectations: Mapping[str, GroupExpectation] | None = None,
    modality: str = "frames-asserted",
) -> pd.DataFrame:
    """Per outlet: share of ``variant`` among ``variant`` + ``other`` and the stance balance, with checks.

    ``variant``/``other`` are lexicon labels (resolved to variant ids through ``lexicon``) or, without
    a lexicon, variant ids. Only mentions in ``voice`` count. Intervals: :func:`framing.estimators.ratio_interval`
    over the outlet's documents, at ``confidence_level`` (``level``, its old name, is deprecated). ``stance_balance = (K - U)/(K + U)`` equals ``2 * share_k - 1`` with
    ``share_k = K/(K+U)``, so its interval is the share interval mapped the same way.

    Mentions count under the statistics' ``modality`` rule (:func:`framing.stats.select_modality`).
    Outlets with fewer than ``min_docs`` documents are reported with ``checked = False``. For each
    outlet whose ``group_col`` value has an expectation, ``share_ok``/``balance_ok`` say whether the
    point estimate is on the expected side and the interval excludes zero in the expected direction.

    Returns one row per outlet: ``outlet, group, n_docs, n_variant, n_other, share, share_lo,
    share_hi, n_kremlin, n_ukraine_west, balance, balance_lo, balance_hi, checked, share_ok,
    balance_ok``.
    """
    _check_mentions(mentions)
    exp = dict(DEFAULT_EXPECTATIONS if expectations is None else expectations)
    a_ids = _variant_ids(lexicon, variant) if lexicon is not None else [variant]
    b_ids = _variant_ids(lexicon, other) if lexicon is not None else [other]
    m = select_modality(mentions, modality, lexicon)[0]  # the statistics' rule: frame terms when asserted
    m = m[m["voice"] == voice]
    per_doc = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].astype(str).to_numpy(),
            "outlet": corpus[outlet_col].astype(str).to_numpy(),
            "group": (corpus[group_col].astype(str).to_numpy() if group_col in corpus.columns else ""),
        }
    )
    for name, ids in (("a", a_ids), ("b", b_ids)):
        per_doc[name] = per_doc["doc_id"].map(m[m["variant"].isin(ids)].groupby("doc_id").size()).fillna(0)
    for name, stance in (("k", KREMLIN), ("u", UKRAINE_WEST)):
        per_doc[name] = per_doc["doc_id"].map(m[m["stance"] == stance].groupby("doc_id").size()).fillna(0)
    rows = []
    for i, (outlet, d) in enumerate(sorted(per_doc.groupby("outlet"), key=lambda kv: kv[0])):
        group = d["group"].mode().iloc[0] if len(d) else ""
        share, s_lo, s_hi = ratio_interval(
            d["a"], d["a"] + d["b"], n_boot=n_boot, seed=seed + i, confidence_level=confidence_level
        )
        pk, k_lo, k_hi = ratio_interval(
            d["k"], d["k"] + d["u"], n_boot=n_boot, seed=seed + i, confidence_level=confidence_level
        )
        bal, b_lo, b_hi = 2 * pk - 1, 2 * k_lo - 1, 2 * k_hi - 1
        checked = len(d) >= min_docs and group in exp
        e = exp.get(group, GroupExpectation())
        share_ok = balance_ok = None
        if checked:
            share_ok = bool(
                np.isfinite(share)
                and (e.share_above is None or share > e.share_above)
                and (e.share_below is None or share < e.share_below)
            )
            if e.balance_sign > 0:
                balance_ok = bool(np.isfinite(b_lo) and b_lo > 0)
            elif e.balance_sign < 0:
                balance_ok = bool(np.isfinite(b_hi) and b_hi < 0)
        rows.append(
            {
                "outlet": outlet,
                "group": group,
                "n_docs": len(d),
                "n_variant": int(d["a"].sum()),
                "n_other": int(d["b"].sum()),
                "share": share,
                "share_lo": s_lo,
                "share_hi": s_hi,
                "n_kremlin": int(d["k"].sum()),
                "n_ukraine_west": int(d["u"].sum()),
                "balance": bal,
                "balance_lo": b_lo,
                "balance_hi": b_hi,
                "checked": checked,
                "share_ok": share_ok,
                "balance_ok": balance_ok,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Check 2: period control
# --------------------------------------------------------------------------------------------
def date_dependent_variants(lexicon) -> list[str]:
    """Variant ids whose stance depends on the document date (the lexicon's ``stance_periods``)."""
    vf = lexicon.variants_frame()
    col = next((c for c in ("date_dependent", "stance_periods", "periods") if c in vf.columns), None)
    if col is not None:
        has = vf[col].map(lambda v: bool(v) if not isinstance(v, float) else False).astype(bool)
    else:
        periods = {}
        for concept in getattr(lexicon, "concepts", []) or []:
            for v in getattr(concept, "variants", []) or []:
                periods[getattr(v, "id", None)] = bool(getattr(v, "stance_periods", None))
        has = vf["variant"].map(periods).fillna(False).astype(bool)
    return sorted(vf.loc[has, "variant"].astype(str))


def spelling_variants(lexicon) -> list[str]:
    """Variant ids that are spellings (lexicon ``kind: spelling``: Kiev/Kyiv, Odessa/Odesa, "the
    Ukraine", ...) together with every date-dependent variant: the scope of the period control."""
    vf = lexicon.variants_frame()
    ids = set(date_dependent_variants(lexicon))
    if "kind" in vf.columns:
        ids |= set(vf.loc[vf["kind"].astype(str) == "spelling", "variant"].astype(str))
    return sorted(ids)


def period_control(
    mentions: pd.DataFrame, lexicon, *, voice: str = "authorial", variants: Sequence[str] | None = None
) -> pd.DataFrame:
    """Kremlin-aligned mentions, in ``voice``, of spellings (and other date-dependent variants).

    For texts written before the style-guide switches this must be empty: "Kiev", "Odessa",
    "Kharkov" were ordinary English then, so the lexicon's ``stance_periods`` must make them
    neutral for those dates. ``variants`` defaults to :func:`spelling_variants`.
    Returns the offending mention rows (empty when the check passes).
    """
    _check_mentions(mentions)
    ids = list(variants) if variants is not None else spelling_variants(lexicon)
    bad = mentions[
        (mentions["voice"] == voice) & (mentions["stance"] == KREMLIN) & mentions["variant"].astype(str).isin(ids)
    ]
    return bad.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Check 3: expert narrative labels
# --------------------------------------------------------------------------------------------


def term_attribution(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    labels: pd.Series,
    *,
    voice: str | None = "authorial",
    min_docs: int = 2,
    modality: str = "frames-asserted",
) -> pd.DataFrame:
    """Which variants' presence differs most between positive and negative documents.

    ``labels`` maps ``doc_id`` → 0/1 (documents missing from it are left out). For each variant
    seen in at least ``min_docs`` labelled documents: the number and fraction of positive and
    negative documents that contain it (in ``voice``), their difference ``diff = frac_pos -
    frac_neg``, and the log odds ratio with Haldane's 0.5 correction::

        log_or = log((a + .5)(d + .5) / ((b + .5)(c + .5)))

    where a/b are positive documents with/without the variant and c/d negative ones. ``push`` is
    the variant's stance sign (+1 kremlin, -1 ukraine_west, 0 otherwise): variants with ``push *
    diff > 0`` move the stance score in the direction that separates the groups. Sorted by
    ``|diff|`` descending, then variant.
    """
    _check_mentions(mentions)
    lab = labels.dropna().astype(int)
    lab.index = lab.index.astype(str)
    docs = corpus["doc_id"].astype(str)
    docs = docs[docs.isin(lab.index)]
    n_pos = int((lab.loc[docs] == 1).sum())
    n_neg = int((lab.loc[docs] == 0).sum())
    if n_pos == 0 or n_neg == 0:
        raise ParameterError("labels: need positive and negative documents for term attribution")
    m = select_modality(mentions, modality)[0]
    m = m[m["doc_id"].astype(str).isin(set(docs))]
    if voice is not None:
        m = m[m["voice"] == voice]
    pres = m[["doc_id", "variant", "stance"]].astype({"doc_id": str}).drop_duplicates(["doc_id", "variant"])
    pres = pres.assign(y=pres["doc_id"].map(lab))
    stance = pres.groupby("variant")["stance"].agg(lambda s: s.mode().iloc[0])
    g = pres.groupby("variant")["y"].agg(docs_pos="sum", docs_all="size")
    g["docs_neg"] = g["docs_all"] - g["docs_pos"]
    g = g[g["docs_all"] >= min_docs].drop(columns="docs_all")
    a, c = g["docs_pos"].astype(float), g["docs_neg"].astype(float)
    b, d = n_pos - a, n_neg - c
    out = pd.DataFrame(
        {
            "variant": g.index.astype(str),
            "stance": stance.reindex(g.index).astype(str).to_numpy(),
            "docs_pos": a.astype(int).to_numpy(),
            "docs_neg": c.astype(int).to_numpy(),
            "frac_pos": (a / n_pos).to_numpy(),
            "frac_neg": (c / n_neg).to_numpy(),
        }
    )
    out["diff"] = out["frac_pos"] - out["frac_neg"]
    out["log_or"] = np.log(((a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5))).to_numpy())
    out["push"] = out["stance"].map({KREMLIN: 1, UKRAINE_WEST: -1}).fillna(0).astype(int)
    out["helps"] = out["push"] * out["diff"] > 0
    out = out.assign(_abs=out["diff"].abs()).sort_values(["_abs", "variant"], ascending=[False, True])
    return out.drop(columns="_abs").reset_index(drop=True)


@dataclass
class NarrativeResult:
    """Outcome of :func:`narrative_check`."""

    auc: dict
    scores: pd.DataFrame
    terms: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def summary(self) -> pd.DataFrame:
        """One-row table: AUC, interval, class sizes."""
        return pd.DataFrame([self.auc])


@renamed_keyword("level", "confidence_level")
def narrative_check(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    label_col: str = "pro_kremlin_narrative",
    voice: str | None = "authorial",
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
) -> NarrativeResult:
    """Does the per-document stance score separate documents labelled with a pro-Kremlin narrative?

    Documents whose ``label_col`` is missing are left out (and counted in ``notes``). The score is
    ``(k - u)/(k + u + 1)`` over mentions in ``voice`` (:func:`document_stance_counts`); the AUC and
    its interval (at ``confidence_level``; ``level``, its old name, is deprecated) come from
    :func:`roc_auc_ci`, the driving variants from :func:`term_attribution`.
    """
    if label_col not in corpus.columns:
        raise CorpusError(f"corpus has no label column {label_col!r}")
    labelled = corpus[pd.to_numeric(corpus[label_col], errors="coerce").notna()]
    notes = []
    if len(labelled) < len(corpus):
        notes.append(f"{len(corpus) - len(labelled)} document(s) without a {label_col} label left out")
    y = pd.to_numeric(labelled[label_col]).astype(int)
    scores = document_stance_counts(labelled, mentions, voice=voice)
    scores["label"] = y.to_numpy()
    auc = roc_auc_ci(scores["label"], scores["score"], n_boot=n_boot, seed=seed, confidence_level=confidence_level)
    labels = pd.Series(y.to_numpy(), index=labelled["doc_id"].astype(str).to_numpy())
    terms = term_attribution(labelled, mentions, labels, voice=voice)
    return NarrativeResult(auc=auc, scores=scores, terms=terms, notes=notes)
