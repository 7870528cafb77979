"""Validity checks: does the framing measure reproduce what is already known?

A measure of framing earns trust when it finds what independent evidence already says. This module
turns three such pieces of evidence, all in ``../shared/corpora/`` beside the project, into reusable
checks (the tests in ``tests/test_validity.py`` run them, and ``python -m framing.validity`` writes
their tables):

1. **Known groups** (``ukraine_media_2022``, window 16 Jun - 31 Oct 2022): in 2022 RT wrote "Kiev",
   "Donbass" and "Kiev regime", Western outlets wrote "Kyiv" and "Donbas". Per outlet we report the
   share of the Russian-based spelling among both spellings and the authorial stance balance, each
   with a document-bootstrap interval, and compare them with the dataset's own ``stance_group``
   column (provenance metadata, not a rule of the lexicon or the matcher): :func:`known_groups`.
2. **Period control** (``bbc_telegraph_crimea2014``): before the 2019 style-guide switches "Kiev"
   was ordinary English, so BBC and Telegraph articles from 2013-15 must get no Kremlin-aligned
   authorial mention for a date-dependent spelling: :func:`period_control`.
3. **Expert narrative labels** (``semeval2025_t10_urw``): a per-document stance score separates
   articles that experts labelled with a pro-Kremlin narrative from the rest; we report the ROC AUC
   with a bootstrap interval (:func:`roc_auc_ci`) and the variants that drive it
   (:func:`term_attribution`).

Nothing here names an outlet: the groups come from the data's metadata columns, the stances from
the lexicon (with its date-aware ``stance_periods``), the voices from the matcher.

Formulas
--------
Share of variant *a* among *a* and *b* in a group of documents *D* (ratio estimator)::

    share = sum_{d in D} a_d / sum_{d in D} (a_d + b_d)

Stance balance over authorial mentions (as defined in :mod:`framing.stats`)::

    balance = (K - U) / (K + U),   K = kremlin-aligned, U = ukraine_west-aligned mentions

Per-document stance score (a smoothed balance that is 0 for a document with no mention, so
documents without loaded terms sit in the middle rather than being dropped)::

    score_d = (k_d - u_d) / (k_d + u_d + 1)

Intervals are percentile bootstrap intervals that resample documents (the sampling unit; news text
is bursty, so tokens are not independent: Efron & Tibshirani 1993, ch. 13; Lijffijt et al. 2016,
"Significance testing of word frequencies in corpora", DSH 31(2)). For the ROC AUC (Hanley & McNeil
1982; ``sklearn.metrics.roc_auc_score``, ties get half credit) documents are resampled within each
class (stratified), so every resample has both classes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import CorpusError, ParameterError
from .stats import select_modality
from .vocab import DEFAULT_SEED

#: The window in which RT and the Western outlets of ``ukraine_media_2022`` overlap (README of the corpora).
STUDY_WINDOW: tuple[str, str] = ("2022-06-16", "2022-10-31")

#: Environment variable that points at a ``corpora`` folder elsewhere.
CORPORA_ENV = "FRAMING_CORPORA"

KREMLIN = "kremlin"
UKRAINE_WEST = "ukraine_west"


# --------------------------------------------------------------------------------------------
# Finding and loading the real corpora
# --------------------------------------------------------------------------------------------
def find_corpora(start: str | os.PathLike | None = None) -> Path | None:
    """Return the ``shared/corpora`` folder beside the project, or ``None`` when it is absent.

    Looks at ``$FRAMING_CORPORA`` first, then at ``../shared/corpora`` relative to the project root
    (the folder holding ``pyproject.toml``, found upwards from ``start`` or from this file), then
    relative to the current directory.

    Examples
    --------
    >>> path = find_corpora()
    >>> path is None or (path / "README.md").exists()
    True
    """
    env = os.environ.get(CORPORA_ENV)
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    candidates: list[Path] = []
    for base in [Path(start) if start else Path(__file__).resolve(), Path.cwd()]:
        base = base.resolve()
        for parent in [base, *base.parents]:
            if (parent / "pyproject.toml").exists():
                candidates.append(parent.parent / "shared" / "corpora")
                break
        candidates.append(base / ".." / "shared" / "corpora")
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return None


def read_source_csv(path: str | os.PathLike, date_from: str | None = None,
                    date_to: str | None = None, date_col: str = "date") -> pd.DataFrame:
    """Read a corpus CSV as it comes (all metadata columns kept) and keep an inclusive date window.

    Rows without a date are dropped only when a window is given (the window cannot place them).
    Raises :class:`CorpusError` naming the file when it is missing or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such corpus file; is ../shared/corpora beside the project?")
    try:
        df = pd.read_csv(path, dtype={"doc_id": str, "outlet": str, "title": str, "url": str})
    except Exception as exc:  # pragma: no cover - pandas raises many types
        raise CorpusError(f"{path}: cannot read as CSV: {str(exc).splitlines()[0]}") from None
    if date_from or date_to:
        if date_col not in df.columns:
            raise CorpusError(f"{path}: no column {date_col!r} for the date window; drop date_from/date_to")
        dates = pd.to_datetime(df[date_col], errors="coerce", format="mixed")
        keep = dates.notna()
        if date_from:
            keep &= dates >= pd.Timestamp(date_from)
        if date_to:
            keep &= dates <= pd.Timestamp(date_to)
        df = df[keep]
    return df.reset_index(drop=True)


def ingest_window(path: str | os.PathLike, workdir: str | os.PathLike, *,
                  date_from: str | None = None, date_to: str | None = None,
                  furniture: bool = True, dedup: bool = True,
                  drop_copies: bool = True, **options) -> tuple[pd.DataFrame, dict]:
    """Ingest a real corpus CSV restricted to a date window, with furniture removal and dedup.

    The window is applied first (so per-outlet furniture is learned on the documents analysed, and
    the 23 MB ``ukraine_media_2022`` file ingests in seconds); the windowed rows are written to
    ``workdir`` and passed to :func:`framing.ingest.ingest_sources` with the CSV's own ``doc_id``.
    With ``drop_copies`` the later members of near-duplicate clusters (``is_copy``) are removed, so a
    story counts once. Returns ``(corpus, summary)``; ``summary["copies_dropped"]`` says how many.

    Examples
    --------
    >>> corpus, summary = ingest_window(find_corpora() / "ukraine_media_2022/corpus.csv", "/tmp/w",
    ...                                 date_from="2022-06-16", date_to="2022-10-31")  # doctest: +SKIP
    """
    from .ingest import ingest_sources

    df = read_source_csv(path, date_from, date_to)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    tmp = workdir / f"{Path(path).parent.name or 'corpus'}_{date_from or 'start'}_{date_to or 'end'}.csv"
    df.to_csv(tmp, index=False)
    opts = {"id_col": "doc_id"} if "doc_id" in df.columns else {}
    opts.update(options)
    corpus, summary = ingest_sources([tmp], furniture=furniture, dedup=dedup, **opts)
    summary = dict(summary)
    summary["copies_dropped"] = 0
    if drop_copies and "is_copy" in corpus.columns:
        copies = corpus["is_copy"].fillna(False).astype(bool)
        summary["copies_dropped"] = int(copies.sum())
        corpus = corpus[~copies].reset_index(drop=True)
    return corpus, summary


def dates_from_period(corpus: pd.DataFrame, column: str = "period_approx", how: str = "end") -> pd.DataFrame:
    """Fill missing ``date`` values from an approximate period such as ``"2013-03..2014-03"``.

    ``how="end"`` takes the last day of the range (the latest date the text can have: the
    conservative choice for a check that older texts are not scored by today's stance),
    ``"start"`` its first day. Rows whose period cannot be parsed keep ``NaT``; dated rows are
    untouched. A column ``date_source`` records ``"corpus"`` or ``"period:<how>"``.

    Examples
    --------
    >>> df = pd.DataFrame({"date": [pd.NaT, pd.Timestamp("2013-05-18")],
    ...                    "period_approx": ["2013-03..2014-03", "2013-03..2014-03"]})
    >>> dates_from_period(df)["date"].dt.strftime("%Y-%m-%d").tolist()
    ['2014-03-31', '2013-05-18']
    """
    if how not in ("end", "start"):
        raise ParameterError(f"how: {how!r} is not one of 'end', 'start'")
    if column not in corpus.columns:
        raise CorpusError(f"corpus has no column {column!r} to take approximate dates from")
    out = corpus.copy()
    dates = pd.to_datetime(out["date"], errors="coerce")
    parts = out[column].fillna("").astype(str).str.split("..", n=1, regex=False)
    pick = parts.str[-1] if how == "end" else parts.str[0]
    period = pd.to_datetime(pick.where(pick.str.len() > 0), errors="coerce", format="mixed")
    if how == "end":
        period = period + pd.offsets.MonthEnd(0)
    missing = dates.isna()
    out["date"] = dates.where(~missing, period).astype("datetime64[ns]")
    out["date_source"] = np.where(missing & period.notna(), f"period:{how}",
                                  np.where(missing, "none", "corpus"))
    return out


# --------------------------------------------------------------------------------------------
# Bootstrap helpers (documents are the sampling unit)
# --------------------------------------------------------------------------------------------
def _percentile(values: np.ndarray, level: float) -> tuple[float, float]:
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (float("nan"), float("nan"))
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(values, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


def bootstrap_ratio(num: Sequence[float], den: Sequence[float], *, n_boot: int = 1000, seed: int = 0,
                    level: float = 0.95) -> tuple[float, float, float]:
    """Ratio estimator ``sum(num) / sum(den)`` with a percentile bootstrap interval over documents.

    Each resample draws ``n`` documents with replacement (``numpy.random.default_rng(seed)``) and
    recomputes the ratio; resamples whose denominator is 0 are left out. Returns
    ``(estimate, low, high)``; all NaN when ``sum(den) == 0``.

    Examples
    --------
    >>> est, lo, hi = bootstrap_ratio([1, 0, 1, 1], [1, 1, 1, 1], n_boot=200, seed=1)
    >>> est
    0.75
    >>> 0.0 <= lo <= est <= hi <= 1.0
    True
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if num.shape != den.shape:
        raise ParameterError("num and den must have one value per document each")
    total = den.sum()
    if num.size == 0 or total == 0:
        return (float("nan"), float("nan"), float("nan"))
    from .stats import bootstrap_ratio as _replicates  # the one document bootstrap of the package

    est = float(num.sum() / total)
    lo, hi = _percentile(_replicates(num, den, n_boot=n_boot, rng=seed)[:, 0], level)
    return est, lo, hi


# --------------------------------------------------------------------------------------------
# Per-document counts and scores
# --------------------------------------------------------------------------------------------
def _check_mentions(mentions: pd.DataFrame) -> None:
    need = {"doc_id", "variant", "stance", "voice"}
    missing = need - set(mentions.columns)
    if missing:
        raise ParameterError(f"mentions: missing column(s) {', '.join(sorted(missing))}; "
                             "pass the table framing.match.match_corpus returns")


def document_stance_counts(corpus: pd.DataFrame, mentions: pd.DataFrame, *,
                           voice: str | Iterable[str] | None = "authorial",
                           modality: str = "frames-asserted") -> pd.DataFrame:
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


def known_groups(corpus: pd.DataFrame, mentions: pd.DataFrame, *, group_col: str = "stance_group",
                 outlet_col: str = "outlet", variant: str = "Kiev", other: str = "Kyiv",
                 lexicon=None, voice: str = "authorial", min_docs: int = 50, n_boot: int = 1000,
                 seed: int = DEFAULT_SEED, level: float = 0.95,
                 expectations: Mapping[str, GroupExpectation] | None = None,
                 modality: str = "frames-asserted") -> pd.DataFrame:
    """Per outlet: share of ``variant`` among ``variant`` + ``other`` and the stance balance, with checks.

    ``variant``/``other`` are lexicon labels (resolved to variant ids through ``lexicon``) or, without
    a lexicon, variant ids. Only mentions in ``voice`` count. Intervals: :func:`bootstrap_ratio`
    over the outlet's documents. ``stance_balance = (K - U)/(K + U)`` equals ``2 * share_k - 1`` with
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
    per_doc = pd.DataFrame({"doc_id": corpus["doc_id"].astype(str).to_numpy(),
                            "outlet": corpus[outlet_col].astype(str).to_numpy(),
                            "group": (corpus[group_col].astype(str).to_numpy()
                                      if group_col in corpus.columns else "")})
    for name, ids in (("a", a_ids), ("b", b_ids)):
        per_doc[name] = per_doc["doc_id"].map(m[m["variant"].isin(ids)].groupby("doc_id").size()).fillna(0)
    for name, stance in (("k", KREMLIN), ("u", UKRAINE_WEST)):
        per_doc[name] = per_doc["doc_id"].map(m[m["stance"] == stance].groupby("doc_id").size()).fillna(0)
    rows = []
    for i, (outlet, d) in enumerate(sorted(per_doc.groupby("outlet"), key=lambda kv: kv[0])):
        group = d["group"].mode().iloc[0] if len(d) else ""
        share, s_lo, s_hi = bootstrap_ratio(d["a"], d["a"] + d["b"], n_boot=n_boot, seed=seed + i, level=level)
        pk, k_lo, k_hi = bootstrap_ratio(d["k"], d["k"] + d["u"], n_boot=n_boot, seed=seed + i, level=level)
        bal, b_lo, b_hi = 2 * pk - 1, 2 * k_lo - 1, 2 * k_hi - 1
        checked = len(d) >= min_docs and group in exp
        e = exp.get(group, GroupExpectation())
        share_ok = balance_ok = None
        if checked:
            share_ok = bool(np.isfinite(share)
                            and (e.share_above is None or share > e.share_above)
                            and (e.share_below is None or share < e.share_below))
            if e.balance_sign > 0:
                balance_ok = bool(np.isfinite(b_lo) and b_lo > 0)
            elif e.balance_sign < 0:
                balance_ok = bool(np.isfinite(b_hi) and b_hi < 0)
        rows.append({"outlet": outlet, "group": group, "n_docs": len(d),
                     "n_variant": int(d["a"].sum()), "n_other": int(d["b"].sum()),
                     "share": share, "share_lo": s_lo, "share_hi": s_hi,
                     "n_kremlin": int(d["k"].sum()), "n_ukraine_west": int(d["u"].sum()),
                     "balance": bal, "balance_lo": b_lo, "balance_hi": b_hi,
                     "checked": checked, "share_ok": share_ok, "balance_ok": balance_ok})
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


def period_control(mentions: pd.DataFrame, lexicon, *, voice: str = "authorial",
                   variants: Sequence[str] | None = None) -> pd.DataFrame:
    """Kremlin-aligned mentions, in ``voice``, of spellings (and other date-dependent variants).

    For texts written before the style-guide switches this must be empty: "Kiev", "Odessa",
    "Kharkov" were ordinary English then, so the lexicon's ``stance_periods`` must make them
    neutral for those dates. ``variants`` defaults to :func:`spelling_variants`.
    Returns the offending mention rows (empty when the check passes).
    """
    _check_mentions(mentions)
    ids = list(variants) if variants is not None else spelling_variants(lexicon)
    bad = mentions[(mentions["voice"] == voice) & (mentions["stance"] == KREMLIN)
                   & mentions["variant"].astype(str).isin(ids)]
    return bad.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Check 3: expert narrative labels
# --------------------------------------------------------------------------------------------
def roc_auc_ci(y_true: Sequence[int], score: Sequence[float], *, n_boot: int = 2000, seed: int = DEFAULT_SEED,
               level: float = 0.95) -> dict:
    """ROC AUC of ``score`` for the binary labels ``y_true``, with a stratified bootstrap interval.

    AUC = P(score of a random positive > score of a random negative) + 0.5 P(tie)
    (Hanley & McNeil 1982), computed by :func:`sklearn.metrics.roc_auc_score`. The interval is the
    percentile interval of the AUC over ``n_boot`` resamples that draw positives and negatives with
    replacement within their class (class sizes fixed), seeded by ``seed``.

    Returns ``{"auc", "lo", "hi", "n_pos", "n_neg", "n_boot", "level"}``.

    Examples
    --------
    >>> r = roc_auc_ci([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], n_boot=200, seed=1)
    >>> r["auc"]
    0.75
    """
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y_true).astype(int)
    s = np.asarray(score, dtype=float)
    if y.shape != s.shape:
        raise ParameterError("y_true and score must have one value per document each")
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    if pos.size == 0 or neg.size == 0:
        raise ParameterError("labels: need at least one positive and one negative document for a ROC AUC")
    auc = float(roc_auc_score(y, s))
    rng = np.random.default_rng(seed)
    sp, sn = s[pos], s[neg]
    # Vectorised Mann-Whitney form of the AUC for each resample (equal to roc_auc_score's).
    bp = sp[rng.integers(0, pos.size, size=(n_boot, pos.size))]
    bn = sn[rng.integers(0, neg.size, size=(n_boot, neg.size))]
    aucs = np.empty(n_boot)
    for b in range(n_boot):
        x = np.sort(bn[b])
        less = np.searchsorted(x, bp[b], side="left")
        leq = np.searchsorted(x, bp[b], side="right")
        aucs[b] = (less.sum() + 0.5 * (leq - less).sum()) / (pos.size * neg.size)
    lo, hi = _percentile(aucs, level)
    return {"auc": auc, "lo": lo, "hi": hi, "n_pos": int(pos.size), "n_neg": int(neg.size),
            "n_boot": int(n_boot), "level": level}


def term_attribution(corpus: pd.DataFrame, mentions: pd.DataFrame, labels: pd.Series, *,
                     voice: str | None = "authorial", min_docs: int = 2,
                     modality: str = "frames-asserted") -> pd.DataFrame:
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
    out = pd.DataFrame({
        "variant": g.index.astype(str),
        "stance": stance.reindex(g.index).astype(str).to_numpy(),
        "docs_pos": a.astype(int).to_numpy(), "docs_neg": c.astype(int).to_numpy(),
        "frac_pos": (a / n_pos).to_numpy(), "frac_neg": (c / n_neg).to_numpy(),
    })
    out["diff"] = out["frac_pos"] - out["frac_neg"]
    out["log_or"] = np.log(((a + .5) * (d + .5) / ((b + .5) * (c + .5))).to_numpy())
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


def narrative_check(corpus: pd.DataFrame, mentions: pd.DataFrame, *, label_col: str = "pro_kremlin_narrative",
                    voice: str | None = "authorial", n_boot: int = 2000, seed: int = DEFAULT_SEED,
                    level: float = 0.95) -> NarrativeResult:
    """Does the per-document stance score separate documents labelled with a pro-Kremlin narrative?

    Documents whose ``label_col`` is missing are left out (and counted in ``notes``). The score is
    ``(k - u)/(k + u + 1)`` over mentions in ``voice`` (:func:`document_stance_counts`); the AUC and
    its interval come from :func:`roc_auc_ci`, the driving variants from :func:`term_attribution`.
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
    auc = roc_auc_ci(scores["label"], scores["score"], n_boot=n_boot, seed=seed, level=level)
    labels = pd.Series(y.to_numpy(), index=labelled["doc_id"].astype(str).to_numpy())
    terms = term_attribution(labelled, mentions, labels, voice=voice)
    return NarrativeResult(auc=auc, scores=scores, terms=terms, notes=notes)


# --------------------------------------------------------------------------------------------
# Running the three checks on ../shared/corpora
# --------------------------------------------------------------------------------------------
#: Folder names inside ``shared/corpora``.
CORPUS_2022 = "ukraine_media_2022"
CORPUS_2014 = "bbc_telegraph_crimea2014"
CORPUS_SEMEVAL = "semeval2025_t10_urw"


def _match(corpus: pd.DataFrame, lexicon, undated: str) -> pd.DataFrame:
    from .match import match_corpus

    return match_corpus(corpus, lexicon, undated=undated)


def check_known_groups(corpora: str | os.PathLike, workdir: str | os.PathLike, lexicon=None, *,
                       window: tuple[str, str] = STUDY_WINDOW, n_boot: int = 1000,
                       seed: int = DEFAULT_SEED, min_docs: int = 50) -> tuple[pd.DataFrame, dict]:
    """Known-groups check on ``ukraine_media_2022`` in ``window``: ingest (furniture, dedup, copies
    dropped), match, and :func:`known_groups` for Kiev/Kyiv. Returns ``(table, info)``."""
    from .lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    corpus, summary = ingest_window(Path(corpora) / CORPUS_2022 / "corpus.csv", workdir,
                                    date_from=window[0], date_to=window[1])
    mentions = _match(corpus, lexicon, undated="current")
    table = known_groups(corpus, mentions, lexicon=lexicon, n_boot=n_boot, seed=seed, min_docs=min_docs)
    return table, {"corpus": corpus, "mentions": mentions, "ingest_summary": summary}


def check_period_control(corpora: str | os.PathLike, lexicon=None) -> tuple[pd.DataFrame, dict]:
    """Period control on ``bbc_telegraph_crimea2014``: dates from ``period_approx`` (range end),
    match with ``undated="current"`` (so a text left undated would be scored by today's stance and
    fail the check), and :func:`period_control`. Returns ``(offending_mentions, info)``."""
    from .corpus import validate_corpus
    from .lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_2014 / "corpus.csv")
    corpus = dates_from_period(validate_corpus(raw, source=CORPUS_2014))
    mentions = _match(corpus, lexicon, undated="current")
    bad = period_control(mentions, lexicon)
    return bad, {"corpus": corpus, "mentions": mentions}


def check_narratives(corpora: str | os.PathLike, lexicon=None, *, n_boot: int = 2000,
                     seed: int = DEFAULT_SEED, undated: str = "current") -> NarrativeResult:
    """SemEval-2025 narrative check: match every article (they carry no date; ``undated`` says how
    their date-dependent spellings are scored, default today's stance: the articles are from
    2022-24), then :func:`narrative_check`."""
    from .corpus import validate_corpus
    from .lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_SEMEVAL / "corpus.csv")
    corpus = validate_corpus(raw, source=CORPUS_SEMEVAL)
    mentions = _match(corpus, lexicon, undated=undated)
    return narrative_check(corpus, mentions, n_boot=n_boot, seed=seed)


CORPUS_BIAS_2014 = "ukraine_news_bias_2014"


def spearman_ci(x: Sequence[float], y: Sequence[float], *, n_boot: int = 2000, seed: int = DEFAULT_SEED,
                level: float = 0.95) -> dict:
    """Spearman's rank correlation with its two-sided p-value (``scipy.stats.spearmanr``, t
    approximation) and a percentile bootstrap interval over documents (pairs resampled together).

    Returns ``{"rho", "p", "lo", "hi", "n", "n_boot", "level"}``.

    Examples
    --------
    >>> r = spearman_ci([1, 2, 3, 4, 5], [2, 1, 4, 3, 5], n_boot=200, seed=1)
    >>> round(r["rho"], 3)
    0.8
    """
    from scipy.stats import rankdata, spearmanr

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.size < 3:
        raise ParameterError("x and y need the same length, at least 3 documents")
    res = spearmanr(x, y)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, x.size, size=(n_boot, x.size))
    rx = np.apply_along_axis(rankdata, 1, x[idx])
    ry = np.apply_along_axis(rankdata, 1, y[idx])
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    den = np.sqrt((rx ** 2).sum(axis=1) * (ry ** 2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = np.where(den > 0, (rx * ry).sum(axis=1) / np.where(den > 0, den, 1), np.nan)
    lo, hi = _percentile(rhos, level)
    return {"rho": float(res.statistic), "p": float(res.pvalue), "lo": lo, "hi": hi, "n": int(x.size),
            "n_boot": int(n_boot), "level": level}


def check_crowd_ratings(corpora: str | os.PathLike, lexicon=None, *, undated: str = "neutral",
                        n_boot: int = 2000, seed: int = DEFAULT_SEED) -> tuple[dict, pd.DataFrame]:
    """Exploratory: does the document stance score follow crowd ratings of bias?

    ``ukraine_news_bias_2014``: 90 articles on the 2014 crisis (2 empty, left out) with crowd
    ratings ``pro_russia_avg`` and ``pro_west_avg``. Spearman correlation (:func:`spearman_ci`) of
    ``score = (k - u)/(k + u + 1)`` (authorial) with ``pro_russia_avg - pro_west_avg``. The
    articles carry no date but are from 2013-14, before the spelling switches, so date-dependent
    spellings are scored ``undated="neutral"``. Returns ``(result, per-document scores)``.
    """
    from .corpus import validate_corpus
    from .lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_BIAS_2014 / "corpus.csv")
    raw = raw[raw["text"].fillna("").str.strip().str.len() > 0]
    corpus = validate_corpus(raw, source=CORPUS_BIAS_2014)
    mentions = _match(corpus, lexicon, undated=undated)
    scores = document_stance_counts(corpus, mentions)
    scores["rating"] = (pd.to_numeric(corpus["pro_russia_avg"]) - pd.to_numeric(corpus["pro_west_avg"])).to_numpy()
    result = spearman_ci(scores["score"], scores["rating"], n_boot=n_boot, seed=seed)
    result["docs_with_stance_terms"] = int(((scores["k"] + scores["u"]) > 0).sum())
    return result, scores


def _fmt(x, nd: int = 3) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "NO"
    if isinstance(x, (float, np.floating)):
        return f"{x:.{nd}f}"
    return str(x)


def to_markdown(df: pd.DataFrame, nd: int = 3) -> str:
    """A small GitHub-flavoured Markdown table (no extra dependency)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for row in df.astype(object).itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(x, nd) for x in row) + " |")
    return "\n".join(lines) + "\n"


def plot_known_groups(table: pd.DataFrame, *, variant: str = "Kiev", other: str = "Kyiv",
                      group_stance: Mapping[str, str] | None = None):
    """Two panels, one row per outlet: share of ``variant`` among ``variant`` + ``other`` and the
    authorial stance balance, each a dot with its bootstrap interval, coloured by the outlet's group
    (``russian_state`` in the kremlin colour, ``western`` in the ukraine_west colour).

    Outlets below ``min_docs`` (``checked`` False) are drawn hollow. Returns the figure.
    """
    import matplotlib.pyplot as plt

    from .style import STANCE_COLORS, figsize, use_style

    use_style()
    gs = dict(group_stance or {"russian_state": KREMLIN, "western": UKRAINE_WEST})
    t = table.sort_values(["balance", "outlet"], ascending=[True, True]).reset_index(drop=True)
    w, _ = figsize("double")
    fig, axes = plt.subplots(1, 2, figsize=(w, 0.28 * len(t) + 0.9), sharey=True)
    y = np.arange(len(t))
    panels = ((axes[0], "share", "share_lo", "share_hi", f"share of \u201c{variant}\u201d among {variant} + {other}",
               (0, 1)), (axes[1], "balance", "balance_lo", "balance_hi",
                         "stance balance (K \u2212 U)/(K + U), authorial", (-1, 1)))
    for ax, col, lo, hi, label, lim in panels:
        for i, row in t.iterrows():
            color = STANCE_COLORS.get(gs.get(str(row["group"]), ""), "#999999")
            if np.isfinite(row[col]):
                ax.plot([row[lo], row[hi]], [i, i], color=color, lw=1.6, solid_capstyle="butt")
                ax.plot([row[col]], [i], "o", ms=4, color=color,
                        mfc=color if bool(row["checked"]) else "white", mew=1.0)
        ax.set_xlim(lim[0] - 0.03, lim[1] + 0.03)
        ax.set_xlabel(label)
        ax.axvline(0 if col == "balance" else 0.5, color="#cccccc", lw=0.6, zorder=0)
        ax.grid(axis="x", color="#eeeeee", lw=0.5)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([f"{o} (n={n})" for o, n in zip(t["outlet"], t["n_docs"])])
    axes[0].set_ylim(-0.6, len(t) - 0.4)
    fig.tight_layout()
    return fig


def period_tables(mentions: pd.DataFrame, lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts for the period-control docs (numbers only, no text).

    Returns ``(spellings, kremlin_authorial)``: mentions of spelling/date-dependent variants by
    ``outlet, variant, stance, voice``; and every kremlin-aligned authorial mention by variant
    (``kind``, ``mentions``, ``documents``), frames included, for information.
    """
    pm = mentions[mentions["variant"].isin(spelling_variants(lexicon))]
    spellings = pm.groupby(["outlet", "variant", "stance", "voice"]).size().rename("mentions").reset_index()
    k = mentions[(mentions["voice"] == "authorial") & (mentions["stance"] == KREMLIN)]
    vf = lexicon.variants_frame().set_index("variant")
    kt = k.groupby(["variant"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    if "kind" in vf.columns:
        kt.insert(1, "kind", kt["variant"].map(vf["kind"]).astype(str))
    kt = kt.sort_values(["mentions", "variant"], ascending=[False, True]).reset_index(drop=True)
    return spellings, kt


#: Tables :func:`write_outputs` writes, as ``validity_<name>.{csv,md}``.
OUTPUT_TABLES = ("known_groups", "period_control", "period_kremlin_authorial", "narratives_auc",
                 "narrative_terms", "crowd_ratings")


def write_outputs(results: Mapping[str, pd.DataFrame], out_dir: str | os.PathLike) -> list[Path]:
    """Write ``known_groups.{png,svg}`` (when ``results`` has ``known_groups``) and every table of
    :data:`OUTPUT_TABLES` present in ``results`` as CSV (``%.6g``) and Markdown. Deterministic:
    the same results give the same bytes. Returns the paths written."""
    import matplotlib.pyplot as plt

    from .style import save_figure

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "known_groups" in results:
        fig = plot_known_groups(results["known_groups"])
        written += save_figure(fig, "known_groups", out, ("png", "svg"))
        plt.close(fig)
    for name in OUTPUT_TABLES:
        if name not in results:
            continue
        df = results[name]
        csv, md = out / f"validity_{name}.csv", out / f"validity_{name}.md"
        df.to_csv(csv, index=False, lineterminator="\n", float_format="%.6g")
        md.write_text(to_markdown(df), encoding="utf-8")
        written += [csv, md]
    return written


def run_all(out_dir: str | os.PathLike, corpora: str | os.PathLike | None = None, *, lexicon_path=None,
            n_boot: int = 1000, seed: int = DEFAULT_SEED) -> dict:
    """Run the checks and write their tables (CSV and Markdown, numbers only) and the known-groups
    figure to ``out_dir`` (:func:`write_outputs`). Returns a dict of the tables, pass/fail flags
    (``known_groups_pass``, ``period_control_pass``, ``narratives_pass``) and ``files``.
    """
    import tempfile

    from .lexicon import load_lexicon

    if corpora:
        if not Path(corpora).is_dir():
            raise CorpusError(f"{corpora}: no such corpora folder; pass --corpora DIR or set FRAMING_CORPORA "
                              "to the shared/corpora folder")
        corpora = Path(corpora)
    else:
        corpora = find_corpora()
        if corpora is None:
            raise CorpusError("../shared/corpora not found beside the project; pass --corpora DIR or set "
                              "FRAMING_CORPORA to its path")
    lexicon = load_lexicon(lexicon_path)
    out = Path(out_dir)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        kg, info = check_known_groups(corpora, tmp, lexicon, n_boot=n_boot, seed=seed)
    results["known_groups"] = kg
    checked = kg[kg["checked"]]
    results["known_groups_pass"] = bool(len(checked) and checked["share_ok"].all() and checked["balance_ok"].all())
    results["ingest_summary"] = {k: v for k, v in info["ingest_summary"].items()
                                 if isinstance(v, (int, float, str))}
    bad, pinfo = check_period_control(corpora, lexicon)
    results["period_control"], results["period_kremlin_authorial"] = period_tables(pinfo["mentions"], lexicon)
    results["period_control_pass"] = bool(bad.empty)
    nar = check_narratives(corpora, lexicon, n_boot=max(n_boot, 2000), seed=seed)
    auc = nar.summary()
    results["narratives_auc"] = auc
    results["narrative_terms"] = nar.terms
    results["narratives_pass"] = bool(nar.auc["lo"] > 0.5)
    crowd, _ = check_crowd_ratings(corpora, lexicon, n_boot=max(n_boot, 2000), seed=seed)
    results["crowd_ratings"] = pd.DataFrame([crowd])
    results["files"] = write_outputs(results, out)
    return results


# --------------------------------------------------------------------------------------------
# Known groups in Russian and Ukrainian (issue 20)
# --------------------------------------------------------------------------------------------
#: The Kremlin side and the other side of each Russian- and Ukrainian-language corpus: the known
#: groups. Russian headlines from the full-scale invasion on (TASS and Pervyi Kanal, state media,
#: against Meduza and Novaya Gazeta, independent), Russian Telegram (RIA Novosti against BBC
#: Russian), Ukrainian Telegram (TSN, a Ukrainian channel).
RU_UK_GROUPS: dict[str, dict] = {
    "ru_media_headlines": {"language": "ru", "date_from": "2022-02-24",
                           "pair": ("na_ukraine_ru", "v_ukraine_ru"),
                           "outlets": {"TASS": "kremlin_side", "Pervyi Kanal": "kremlin_side",
                                       "Meduza": "other_side", "Novaya Gazeta": "other_side"}},
    "ru_telegram_2023_2024": {"language": "ru", "date_from": None, "pair": ("na_ukraine_ru", "v_ukraine_ru"),
                              "outlets": {"RIA Novosti": "kremlin_side", "BBC Russian": "other_side"}},
    "uk_telegram_2022": {"language": "uk", "date_from": None, "pair": ("na_ukraini_uk", "v_ukraini_uk"),
                         "outlets": {"TSN": "other_side"}},
}
#: Sign of the authorial stance balance each side should have (its interval excluding 0).
RU_UK_SIDES = {"kremlin_side": +1, "other_side": -1}
POOLED = "(pooled)"


def read_ru_uk_corpus(corpora: str | os.PathLike, name: str) -> pd.DataFrame:
    """One Russian or Ukrainian corpus of :data:`RU_UK_GROUPS`, its known-group outlets only: the
    window applied, Pervyi Kanal's TV-programme pages (``/shows/``, not news: the corpora README)
    dropped, and same-outlet repeats of a text (reminders, weekly rubrics) counted once. A ``group``
    column holds each outlet's side."""
    spec = RU_UK_GROUPS[name]
    df = read_source_csv(Path(corpora) / name / "corpus.csv", spec["date_from"])
    df = df[df["outlet"].isin(spec["outlets"])]
    if "url" in df.columns:
        df = df[~df["url"].fillna("").astype(str).str.contains("/shows/", regex=False)]
    df = df.drop_duplicates(["outlet", "text"]).reset_index(drop=True)
    df["date"] = pd.to_datetime(df["date"], errors="coerce", format="mixed")
    df["group"] = df["outlet"].map(spec["outlets"])
    return df


def known_groups_ru_uk(corpora: str | os.PathLike, lexicon=None, *, n_boot: int = 1000, seed: int = DEFAULT_SEED,
                       min_docs: int = 50, names: Sequence[str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Known groups in the Russian- and Ukrainian-language corpora (:data:`RU_UK_GROUPS`).

    Each corpus is matched with the lexicon (documents in their own ``language``: only that
    language's variants apply); per outlet, and pooled per side, the authorial stance balance
    (K − U)/(K + U) of asserted frames and all spellings and styles, with a document bootstrap
    interval (:func:`known_groups`), and the share of the locative "на Украине" ("на Україні")
    among it and "в Украине" ("в/у Україні"). ``ok``: the balance interval excludes 0 on the
    side's sign (:data:`RU_UK_SIDES`); outlets under ``min_docs`` documents are not checked.

    Returns ``(table, info)``: one row per outlet and one per side (``outlet`` = ``(pooled)``) with
    ``corpus, language, outlet, side, n_docs, n_kremlin, n_ukraine_west, balance, balance_lo,
    balance_hi, n_locative_na, n_locative_v, share_na, share_na_lo, share_na_hi, checked, ok``
    (numbers only); ``info[name]`` holds the corpus and mentions.
    """
    from .lexicon import load_lexicon
    from .match import match_corpus

    lexicon = lexicon if lexicon is not None else load_lexicon()
    expect = {side: GroupExpectation(balance_sign=sign) for side, sign in RU_UK_SIDES.items()}
    rows, info = [], {}
    for name in names or list(RU_UK_GROUPS):
        spec = RU_UK_GROUPS[name]
        corpus = read_ru_uk_corpus(corpora, name)
        mentions = match_corpus(corpus, lexicon)
        info[name] = {"corpus": corpus, "mentions": mentions}
        na, v = spec["pair"]
        several = corpus.groupby("group")["outlet"].nunique()
        for pooled in (False, True):
            if pooled and not (several > 1).any():
                continue  # one outlet per side: the pooled rows would repeat them
            c = corpus.assign(_by=corpus["group"].map(lambda g: f"{POOLED} {g}")) if pooled else corpus.assign(
                _by=corpus["outlet"])
            kg = known_groups(c, mentions, group_col="group", outlet_col="_by", variant=na, other=v, lexicon=lexicon,
                              n_boot=n_boot, seed=seed, min_docs=min_docs, expectations=expect)
            for r in kg.itertuples():
                if pooled and several.get(r.group, 0) < 2:
                    continue
                rows.append({"corpus": name, "language": spec["language"],
                             "outlet": POOLED if pooled else r.outlet, "side": r.group, "n_docs": r.n_docs,
                             "n_kremlin": r.n_kremlin, "n_ukraine_west": r.n_ukraine_west, "balance": r.balance,
                             "balance_lo": r.balance_lo, "balance_hi": r.balance_hi,
                             "n_locative_na": r.n_variant, "n_locative_v": r.n_other, "share_na": r.share,
                             "share_na_lo": r.share_lo, "share_na_hi": r.share_hi, "checked": bool(r.checked),
                             "ok": bool(r.balance_ok) if r.checked else None})
    return pd.DataFrame(rows), info


def ru_uk_groups_pass(table: pd.DataFrame) -> dict[str, bool]:
    """The pass/fail of :func:`known_groups_ru_uk`'s table, per criterion:

    * ``kremlin_side``: every checked Kremlin-side outlet's balance interval is above 0;
    * ``sides``: every side's balance interval (pooled where a side has several outlets, else its
      outlet's) excludes 0 on its sign;
    * ``ordered``: in each corpus, every checked other-side outlet's interval lies wholly below
      every checked Kremlin-side outlet's interval;
    * ``all``: the three together. Per-outlet signs of the other side are reported (``ok``), not
      required: an independent outlet under Russian law may write "СВО" (Novaya Gazeta).

    Examples
    --------
    >>> t = pd.DataFrame({"corpus": ["c"] * 2, "outlet": ["A", "B"], "side": ["kremlin_side", "other_side"],
    ...                   "balance_lo": [0.5, -0.9], "balance_hi": [0.9, -0.2], "checked": [True, True],
    ...                   "ok": [True, True]})
    >>> ru_uk_groups_pass(t)
    {'kremlin_side': True, 'sides': True, 'ordered': True, 'all': True}
    """
    t = table[table["checked"].astype(bool)]
    per = t[t["outlet"] != POOLED]
    k = per[per["side"] == "kremlin_side"]
    out = {"kremlin_side": bool(len(k) and (k["balance_lo"] > 0).all())}
    sides_ok = True
    for (corpus, side), g in t.groupby(["corpus", "side"]):
        row = g[g["outlet"] == POOLED] if (g["outlet"] == POOLED).any() else g
        sign = RU_UK_SIDES[side]
        sides_ok &= bool(((row["balance_lo"] > 0) if sign > 0 else (row["balance_hi"] < 0)).all())
    out["sides"] = sides_ok
    ordered = True
    for corpus, g in per.groupby("corpus"):
        kk, oo = g[g["side"] == "kremlin_side"], g[g["side"] == "other_side"]
        if len(kk) and len(oo):
            ordered &= bool(oo["balance_hi"].max() < kk["balance_lo"].min())
    out["ordered"] = ordered
    out["all"] = out["kremlin_side"] and out["sides"] and out["ordered"]
    return out


def plot_known_groups_ru_uk(table: pd.DataFrame):
    """The stance balance of :func:`known_groups_ru_uk`, one row per outlet (pooled sides in bold),
    grouped by corpus, each a dot with its bootstrap interval in its side's colour (Kremlin side in
    the kremlin colour, the other side in the ukraine_west colour); outlets not checked hollow."""
    import matplotlib.pyplot as plt

    from .style import STANCE_COLORS, figsize, use_style

    use_style()
    colour = {"kremlin_side": STANCE_COLORS.get(KREMLIN, "#D55E00"),
              "other_side": STANCE_COLORS.get(UKRAINE_WEST, "#0072B2")}
    t = table.copy()
    t["pooled"] = t["outlet"] == POOLED
    t = t.sort_values(["corpus", "pooled", "side", "outlet"], kind="stable").reset_index(drop=True)
    labels = [(f"{r.corpus}: all {r.side.replace('_', ' ')}" if r.pooled else f"{r.corpus}: {r.outlet}")
              + f" (n={r.n_docs})" for r in t.itertuples()]
    w, _ = figsize("double")
    fig, ax = plt.subplots(figsize=(w, 0.3 * len(t) + 1.0))
    y = np.arange(len(t))[::-1]
    for yi, r in zip(y, t.itertuples()):
        c = colour.get(r.side, "#999999")
        if np.isfinite(r.balance):
            ax.plot([r.balance_lo, r.balance_hi], [yi, yi], color=c, lw=2.4 if r.pooled else 1.6,
                    solid_capstyle="butt")
            ax.plot([r.balance], [yi], "D" if r.pooled else "o", ms=5 if r.pooled else 4, color=c,
                    mfc=c if r.checked else "white", mew=1.0)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    for lab, r in zip(ax.get_yticklabels(), t.itertuples()):
        if r.pooled:
            lab.set_fontweight("bold")
    ax.set_xlim(-1.03, 1.03)
    ax.axvline(0, color="#cccccc", lw=0.6, zorder=0)
    ax.grid(axis="x", color="#eeeeee", lw=0.5)
    ax.set_xlabel("authorial stance balance (K \u2212 U)/(K + U), 95% bootstrap interval over documents")
    ax.set_title("Known groups in Russian and Ukrainian: Kremlin side vs other side", fontsize=9)
    fig.tight_layout()
    return fig


def write_ru_uk_outputs(table: pd.DataFrame, out_dir: str | os.PathLike) -> list[Path]:
    """``known_groups_ru_uk.csv`` (``%.6g``), ``.md`` and ``known_groups_ru_uk.{png,svg}`` in
    ``out_dir``; numbers only, deterministic (same table, same bytes)."""
    import matplotlib.pyplot as plt

    from .style import save_figure

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv, md = out / "known_groups_ru_uk.csv", out / "known_groups_ru_uk.md"
    table.to_csv(csv, index=False, lineterminator="\n", float_format="%.6g")
    md.write_text(to_markdown(table), encoding="utf-8")
    fig = plot_known_groups_ru_uk(table)
    written = [csv, md] + list(save_figure(fig, "known_groups_ru_uk", out, ("png", "svg")))
    plt.close(fig)
    return written


def register(subparsers) -> None:
    """``framing validity [--corpora DIR] [--out DIR] [--lexicon PATH] [--n-boot N] [--seed S]``."""
    p = subparsers.add_parser(
        "validity", help="run the validity checks on ../shared/corpora and write their tables",
        description="Known groups (RT vs Western outlets, 2022), period control (BBC/Telegraph 2013-15) "
        "and SemEval-2025 narrative labels; exit code 1 when a check fails.")
    p.add_argument("--corpora", default=None, help="the shared/corpora folder (default: ../shared/corpora)")
    p.add_argument("--out", default="reports/validity", help="folder for the tables (default: reports/validity)")
    p.add_argument("--lexicon", default=None, help="lexicon YAML (default: the bundled one)")
    p.add_argument("--n-boot", type=int, default=1000)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.set_defaults(func=_cli)


def _cli(args) -> int:
    from .errors import OutputError
    from .files import guard_output, os_problem

    # before anything is read: the output folder must not be (or hold, or lie inside) an input
    guard_output(args.out, [args.corpora or find_corpora(), args.lexicon], folder=True)
    if args.n_boot < 1:
        raise ParameterError(f"--n-boot: must be at least 1, got {args.n_boot}")
    try:
        r = run_all(args.out, args.corpora, lexicon_path=args.lexicon, n_boot=args.n_boot, seed=args.seed)
    except OSError as exc:  # disk full, read-only, unreadable: one line, not a traceback
        name = exc.filename
        if name and not Path(os.path.abspath(name)).is_relative_to(Path(os.path.abspath(args.out))):
            raise CorpusError(f"{name}: cannot read: {exc.strerror or exc}") from None
        raise OutputError(f"--out {args.out}: cannot write {name or 'the tables'}: {os_problem(exc)}") from None
    auc = r["narratives_auc"].iloc[0]
    print(f"known groups: {'pass' if r['known_groups_pass'] else 'FAIL'}; "
          f"period control: {'pass' if r['period_control_pass'] else 'FAIL'}; "
          f"narratives: AUC {auc['auc']:.3f} [{auc['lo']:.3f}, {auc['hi']:.3f}] "
          f"{'pass' if r['narratives_pass'] else 'FAIL'}; tables in {args.out}")
    ok = r["known_groups_pass"] and r["period_control_pass"] and r["narratives_pass"]
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.validity``: the same as ``framing validity``."""
    import argparse
    import sys

    from .errors import FramingError

    parser = argparse.ArgumentParser(prog="python -m framing.validity")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["validity", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing validity: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
