"""Score coded sheets against the key: precision, recall, confusion and inter-coder agreement.

Notation: item *i* of stratum *h* has design weight ``w_i = N_h / n_h`` where ``N_h`` is the
stratum's size and ``n_h`` the number of its items the coder coded (uncoded items are treated as
missing at random within their stratum). ``y_i`` is 1 when the coder's codes agree with what is
being measured.

Precision (mention items; per variant, concept, tool stance, tool voice, and overall)
    p = Σ w_i y_i / Σ w_i       (a ratio estimator; Horvitz & Thompson 1952)
    interval: Wilson's score interval (Wilson 1927) at the effective sample size
    n_eff = (Σ w_i)² / Σ w_i² (Kish 1965), as recommended for weighted proportions by Korn &
    Graubard (1998) and Dean & Pagano (2015); with equal weights it is the plain Wilson interval.
    Measures: ``marker`` (y = the coder says it is a marker), ``stance`` (marker, and the coder's
    stance is the tool's), ``voice`` (marker, and the same voice), ``all`` (marker, same stance,
    voice and, where the tool records it, modality).

Recall (per concept, and overall)
    F_c = Σ_{mention items of c} w_i y_i       markers the tool found (estimated)
    M_c = Σ_{probes} w_i y_ic                  markers of c it missed: cue probes of c coded 1, and
                                               random sentences that hold neither a mention nor a cue
                                               word of c and whose coder names c in ``found_concept``
    recall_c = F_c / (F_c + M_c)
    interval: percentile interval of F*/(F* + M*) over ``n_boot`` replicates of a stratified
    bootstrap (the coded items of every stratum resampled with replacement, the same replicates for
    all concepts; Efron & Tibshirani 1993, §3; Rao & Wu 1988). A stratum where no missed marker was
    seen adds no width: the table therefore also gives the random sentences coded and how many held a
    missed marker, and :func:`clopper_pearson_upper` bounds that share (the summary reports it).

Headline (what the statistics count: stance-bearing, authorial mentions)
    A mention counts for the tool when its voice is authorial, its stance is one of ``poles`` and
    it is ``counted`` (the modality rule of the statistics). It counts for the coder when the coder
    marks it a marker, authorial, with a stance among ``poles`` and (for frame terms) asserted.
    precision = Σ w·[tool & coder agree, same stance] / Σ w·[tool]
    recall    = Σ w·[tool & coder agree, same stance] / (Σ w·[coder, mention items] + Σ w·[coder, probes])

Agreement (items coded by two or more coders)
    Krippendorff's α for nominal data (Krippendorff 2011, "Computing Krippendorff's
    Alpha-Reliability"; the ``krippendorff`` package) over all coders, and Cohen's κ (Cohen 1960;
    ``sklearn.metrics.cohen_kappa_score``) for each pair, per field, each with a percentile
    bootstrap interval resampling items; plus the raw share of agreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._deprecation import renamed_keyword
from ..errors import SheetError
from ..estimators import check_confidence_level
from ..lexicon import DEFAULT_SIDES
from ..vocab import DEFAULT_SEED
from .intervals import (  # noqa: F401  (clopper_pearson_upper, wilson_interval: re-exported)
    _percentile_ratio,
    _stratified_totals,
    _weighted,
    _with_weights,
    clopper_pearson_upper,
    wilson_interval,
)
from .layout import ANY_CONCEPT, CODER_FIELDS
from .reliability import FIELDS, agreement  # noqa: F401  (FIELDS: re-exported)
from .sheets import read_key, read_sheet  # noqa: F401  (re-exported)
from .summary import main_coder, summary_markdown, write_scores  # noqa: F401  (re-exported)

#: The poles of the headline for a key whose design file names none (written before sides were
#: recorded): the default sides' balance (see :data:`framing.lexicon.DEFAULT_SIDES`).
DEFAULT_POLES = DEFAULT_SIDES.poles


def _is_frame(df: pd.DataFrame, frame_concepts: set[str], concept: pd.Series | None = None) -> np.ndarray:
    concept = df["concept"] if concept is None else concept
    return np.where(df["kind"] == "mention", df["variant_kind"].eq("frame"), concept.isin(frame_concepts))


def _counts_for_coder(df: pd.DataFrame, poles: Sequence[str], is_frame: np.ndarray) -> np.ndarray:
    """The coder says: a marker, authorial, with a stance among the poles, and (for frame terms)
    asserted (or modality left empty)."""
    return (
        (df["is_marker"] == 1)
        & (df["voice_c"] == "authorial")
        & df["stance_c"].isin(poles)
        & (~is_frame | df["modality_c"].isin(["asserted", ""]))
    ).to_numpy()


def _probe_matrices(pro: pd.DataFrame, concepts: list[str], poles, frame_concepts) -> tuple[np.ndarray, np.ndarray]:
    """Per probe item and concept: a missed marker of the concept (``miss``) and a missed marker the
    statistics would count (``miss_head``). A cue probe speaks for its own concept; a random probe
    for every concept it is a "rest" sentence of (neither a mention nor a cue word of it), naming
    the missed ones in ``found_concept`` (stance, voice and modality are those of the first)."""
    col = {c: j for j, c in enumerate(concepts)}
    miss = np.zeros((len(pro), len(concepts)))
    head = np.zeros((len(pro), len(concepts)))
    marker = (pro["is_marker"] == 1).to_numpy()
    for i, r in enumerate(pro.itertuples(index=False)):
        if not marker[i]:
            continue
        if r.concept != ANY_CONCEPT:
            found, first = [r.concept], r.concept
        else:
            rest = set(filter(None, str(r.rest_concepts).split(";")))
            named = [c.strip() for c in str(r.found_concept).split(";") if c.strip()]
            found = [c for c in named if c in rest]
            first = named[0] if named and named[0] in rest else None
        for c in found:
            if c in col:
                miss[i, col[c]] = 1
        if first in col:
            one = pro.iloc[[i]]
            if _counts_for_coder(one, poles, np.array([first in frame_concepts]))[0]:
                head[i, col[first]] = 1
    return miss, head


def _score_coder(
    coder: str, coded: pd.DataFrame, concepts: list[str], poles, frame_concepts, confidence_level, n_boot, seed
) -> dict[str, list[dict]]:
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, sum(map(ord, coder))])
    coded = _with_weights(coded[coded["is_marker"].notna()].reset_index(drop=True))
    men = coded[coded["kind"] == "mention"].reset_index(drop=True)
    pro = coded[coded["kind"] == "probe"].reset_index(drop=True)
    marker = (men["is_marker"] == 1).to_numpy()
    same_stance = marker & (men["stance_c"] == men["stance"]).to_numpy()
    same_voice = marker & (men["voice_c"] == men["voice"]).to_numpy()
    known_mod = men["modality"].ne("").to_numpy()
    same_mod = ~known_mod | (men["modality_c"] == men["modality"]).to_numpy()
    measures = {
        "marker": marker,
        "stance": same_stance,
        "voice": same_voice,
        "all": same_stance & same_voice & same_mod,
    }
    w = men["w"].to_numpy(dtype=float)
    precision = []
    for level_name, col in (
        ("overall", None),
        ("concept", "concept"),
        ("variant", "variant"),
        ("stance", "stance"),
        ("voice", "voice"),
    ):
        groups = (
            [("all", np.ones(len(men), dtype=bool))]
            if col is None
            else [(g, (men[col] == g).to_numpy()) for g in sorted(men[col].unique())]
        )
        for g, mask in groups:
            for name, y in measures.items():
                est, n_eff, lo, hi = _weighted(y[mask].astype(float), w[mask], confidence_level)
                precision.append(
                    {
                        "coder": coder,
                        "level": level_name,
                        "group": g,
                        "measure": name,
                        "n_items": int(mask.sum()),
                        "n_eff": n_eff,
                        "estimate": est,
                        "ci_low": lo,
                        "ci_high": hi,
                        "method": "Wilson, Kish effective n",
                    }
                )

    # per concept: found (mention items) and missed (probes) markers, as totals and bootstrap replicates
    of_concept = (men["concept"].to_numpy()[:, None] == np.array(concepts)[None, :]).astype(float)
    tool_pos = ((men["voice"] == "authorial") & men["stance"].isin(poles) & men["counted"]).to_numpy()
    coder_pos = _counts_for_coder(men, poles, _is_frame(men, frame_concepts))
    tp = tool_pos & coder_pos & (men["stance_c"] == men["stance"]).to_numpy()
    F = of_concept * marker[:, None]
    TP, CP, TOOL = of_concept * tp[:, None], of_concept * coder_pos[:, None], of_concept * tool_pos[:, None]
    MISS, MISS_HEAD = _probe_matrices(pro, concepts, poles, frame_concepts)
    wp = pro["w"].to_numpy(dtype=float)
    reps_men = (
        _stratified_totals(men, np.hstack([F, TP, CP]), n_boot, rng)
        if len(men)
        else np.zeros((n_boot, 3 * len(concepts)))
    )
    reps_pro = (
        _stratified_totals(pro, np.hstack([MISS, MISS_HEAD]), n_boot, rng)
        if len(pro)
        else np.zeros((n_boot, 2 * len(concepts)))
    )
    K = len(concepts)
    f_rep, tp_rep, cp_rep = reps_men[:, :K], reps_men[:, K : 2 * K], reps_men[:, 2 * K :]
    m_rep, mh_rep = reps_pro[:, :K], reps_pro[:, K:]
    tot = {name: (w @ M if len(men) else np.zeros(K)) for name, M in (("f", F), ("tp", TP), ("cp", CP), ("tool", TOOL))}
    tot["m"] = wp @ MISS if len(pro) else np.zeros(K)
    tot["mh"] = wp @ MISS_HEAD if len(pro) else np.zeros(K)
    random = pro[pro["concept"] == ANY_CONCEPT]
    n_random = len(random)
    recall, headline = [], []
    for j, c in enumerate(concepts + ["(all)"]):
        sel = slice(None) if c == "(all)" else slice(j, j + 1)
        f, mm = float(tot["f"][sel].sum()), float(tot["m"][sel].sum())
        lo, hi = _percentile_ratio(
            f_rep[:, sel].sum(axis=1), (f_rep[:, sel] + m_rep[:, sel]).sum(axis=1), confidence_level
        )
        mi = np.ones(len(men), bool) if c == "(all)" else (men["concept"] == c).to_numpy()
        pi = np.ones(len(pro), bool) if c == "(all)" else (pro["concept"] == c).to_numpy()
        rmiss = int((MISS[(pro["concept"] == ANY_CONCEPT).to_numpy()][:, sel].sum(axis=1) > 0).sum()) if n_random else 0
        recall.append(
            {
                "coder": coder,
                "concept": c,
                "found": f,
                "missed": mm,
                "recall": f / (f + mm) if f + mm > 0 else float("nan"),
                "ci_low": lo,
                "ci_high": hi,
                "n_mention_items": int(mi.sum()),
                "n_cue_probes": int(pi.sum()),
                "n_cue_probe_markers": int(
                    (MISS[:, sel].sum(axis=1) > 0)[pi & (pro["concept"] != ANY_CONCEPT).to_numpy()].sum()
                ),
                "n_random_probes": n_random,
                "n_random_probe_markers": rmiss,
                "method": "design-weighted (Horvitz-Thompson) totals; stratified bootstrap percentile interval",
            }
        )
        t_tp, t_cp, t_mh = float(tot["tp"][sel].sum()), float(tot["cp"][sel].sum()), float(tot["mh"][sel].sum())
        keep = tool_pos & mi
        p, _n_eff, plo, phi = _weighted(tp[keep].astype(float), w[keep], confidence_level)
        rlo, rhi = _percentile_ratio(
            tp_rep[:, sel].sum(axis=1), (cp_rep[:, sel] + mh_rep[:, sel]).sum(axis=1), confidence_level
        )
        den = t_cp + t_mh
        headline.append(
            {
                "coder": coder,
                "concept": c,
                "tool_positive": float(tot["tool"][sel].sum()),
                "true_positive": t_tp,
                "coder_positive_found": t_cp,
                "coder_positive_missed": t_mh,
                "precision": p,
                "precision_low": plo,
                "precision_high": phi,
                "n_tool_items": int(keep.sum()),
                "recall": t_tp / den if den > 0 else float("nan"),
                "recall_low": rlo,
                "recall_high": rhi,
            }
        )

    # confusion among items the coder calls markers
    confusion = []
    mk = men[men["is_marker"] == 1]
    for field in ("stance", "voice", "modality"):
        sub = mk[mk[field] != ""] if field == "modality" else mk
        if sub.empty:
            continue
        tab = sub.groupby([field, field + "_c"]).agg(n=("item_id", "size"), weighted=("w", "sum")).reset_index()
        for row in tab.itertuples(index=False):
            confusion.append(
                {
                    "coder": coder,
                    "field": field,
                    "tool": row[0],
                    "coded": row[1] or "(empty)",
                    "n": int(row[2]),
                    "weighted": float(row[3]),
                }
            )
    return {"precision": precision, "recall": recall, "headline": headline, "confusion": confusion}


@renamed_keyword("level", "confidence_level")
def score(
    sheets: Mapping[str, pd.DataFrame],
    key: pd.DataFrame,
    *,
    poles: Sequence[str] | None = None,
    frame_concepts: Sequence[str] | None = None,
    confidence_level: float = 0.95,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    adjudication: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Score coded sheets against their key (formulas in the module docstring).

    Parameters
    ----------
    sheets : coder name -> :func:`read_sheet` result.
    key : :func:`read_key` result.
    poles : the stances of the headline measure; default: those the key's design file records
        (written by ``framing validate sample``: the two sides of the lexicon's balance axis, or
        every non-neutral side of a lexicon without one), else :data:`DEFAULT_POLES`.
    frame_concepts : concepts whose probes are frame terms (the modality rule applies); default:
        concepts with at least one variant of kind ``frame`` in the key.
    confidence_level : level of every interval (default 0.95; ``level``, its old name, still works
        with a ``FutureWarning`` until framing 0.3.0).
    n_boot, seed : replicates and seed of the bootstrap intervals (recall; agreement uses at most
        1,000 replicates).
    adjudication : a coded sheet that settles disagreements; with it (or with a single coder) the
        tables also hold a ``consensus`` coder: the value all coders gave, else the adjudicated one.

    Returns
    -------
    dict of tidy tables: ``precision, recall, headline, confusion, agreement, disagreements,
    coverage`` (items coded per coder and kind).
    """
    if not sheets:
        raise SheetError("give at least one coded sheet")
    confidence_level = check_confidence_level(confidence_level)
    if poles is None:
        poles = key.attrs.get("poles") or DEFAULT_POLES
    if frame_concepts is None:
        frame_concepts = key.attrs.get("frame_concepts") or sorted(
            set(key.loc[key["variant_kind"] == "frame", "concept"])
        )
    frame = set(frame_concepts)
    concepts = list(key.attrs.get("concepts") or sorted(set(key["concept"]) - {ANY_CONCEPT}))
    coders = dict(sheets)
    if adjudication is not None:
        coders["consensus"] = _consensus(sheets, adjudication)
    out: dict[str, list] = {"precision": [], "recall": [], "headline": [], "confusion": []}
    coverage = []
    for name, codes in coders.items():
        merged = key.merge(
            codes.rename(columns={"stance": "stance_c", "voice": "voice_c", "modality": "modality_c"}),
            on="item_id",
            how="inner",
        )
        for kind in ("mention", "probe"):
            part = merged[merged["kind"] == kind]
            coverage.append(
                {
                    "coder": name,
                    "kind": kind,
                    "items": int((key["kind"] == kind).sum()),
                    "coded": int(part["is_marker"].notna().sum()),
                }
            )
        for k, v in _score_coder(name, merged, concepts, poles, frame, confidence_level, n_boot, seed).items():
            out[k].extend(v)
    tables = {k: pd.DataFrame(v) for k, v in out.items()}
    tables["agreement"], dis = agreement(
        dict(sheets), confidence_level=confidence_level, n_boot=min(n_boot, 1000), seed=seed
    )
    if len(dis):
        dis = key[["item_id", "kind", "concept", "variant"]].merge(dis, on="item_id", how="right")
    tables["disagreements"] = dis
    tables["coverage"] = pd.DataFrame(coverage)
    return tables


def _consensus(sheets: Mapping[str, pd.DataFrame], adjudication: pd.DataFrame) -> pd.DataFrame:
    frames = [df.set_index("item_id") for df in sheets.values()]
    adj = adjudication.set_index("item_id")
    items = sorted(set.union(*(set(f.index) for f in frames)))
    rows = []
    for item in items:
        row = {"item_id": item}
        for f in CODER_FIELDS:
            vals = [fr.at[item, f] for fr in frames if item in fr.index]
            vals = [v for v in vals if not (v == "" or (isinstance(v, float) and v != v))]
            if f == "note":
                row[f] = ""
            elif vals and all(v == vals[0] for v in vals):
                row[f] = vals[0]
            elif item in adj.index and not (
                adj.at[item, f] == "" or (isinstance(adj.at[item, f], float) and adj.at[item, f] != adj.at[item, f])
            ):
                row[f] = adj.at[item, f]
            else:
                row[f] = np.nan if f == "is_marker" else ""
        rows.append(row)
    return pd.DataFrame(rows)
