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

import itertools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._deprecation import renamed_keyword
from ..errors import SheetError
from ..lexicon import DEFAULT_SIDES
from ..vocab import VOICES
from .sample import ANY_CONCEPT, CODER_FIELDS, DEFAULT_SEED, KEY_COLUMNS, MODALITIES

#: The poles of the headline for a key whose design file names none (written before sides were
#: recorded): the default sides' balance (see :data:`framing.lexicon.DEFAULT_SIDES`).
DEFAULT_POLES = DEFAULT_SIDES.poles
FIELDS = ("is_marker", "stance", "voice", "modality")
_Z = {0.90: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}


# ------------------------------------------------------------------------------------------ reading
def read_key(path: str | os.PathLike) -> pd.DataFrame:
    """Read ``<sheet>.key.csv`` written by ``framing validate sample``."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(
            f"{path}: no such key file; pass the .key.csv written beside the sheet by `framing validate sample`"
        )
    try:
        key = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise SheetError(f"{path}: cannot read the key as CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in KEY_COLUMNS if c not in key.columns]
    if missing:
        raise SheetError(f"{path}: not a key file (missing column {missing[0]!r}); pass the .key.csv of the sheet")
    for c in ("stratum_size", "stratum_n", "start", "end"):
        key[c] = pd.to_numeric(key[c]).astype("int64")
    key["weight"] = pd.to_numeric(key["weight"])
    key["counted"] = key["counted"].str.lower().isin(["true", "1"])
    if key["item_id"].duplicated().any():
        raise SheetError(f"{path}: item_id {key['item_id'][key['item_id'].duplicated()].iloc[0]!r} appears twice")
    design_path = (
        path.with_name(path.name[: -len(".key.csv")] + ".design.json") if path.name.endswith(".key.csv") else None
    )
    concepts = sorted(set(key["concept"]) - {ANY_CONCEPT})
    frame = sorted(set(key.loc[key["variant_kind"] == "frame", "concept"]))
    poles = None
    if design_path is not None and design_path.is_file():
        import json

        try:
            design = json.loads(design_path.read_text(encoding="utf-8"))
            concepts, frame = list(design.get("concepts", concepts)), list(design.get("frame_concepts", frame))
            sides = design.get("sides") or {}
            poles, non_neutral = sides.get("poles"), sides.get("non_neutral")
        except (ValueError, OSError, AttributeError):
            raise SheetError(
                f"{design_path}: not the design file written with the key; restore it or remove it"
            ) from None
        if poles is not None and (
            not isinstance(poles, list) or len(poles) != 2 or not all(isinstance(x, str) for x in poles)
        ):
            raise SheetError(
                f"{design_path}: sides.poles must be the two stances of the balance, e.g. "
                '["restrictionist", "pro_immigrant"]; restore the design file written with the key'
            )
        if poles is None and isinstance(non_neutral, list) and non_neutral:
            poles = [str(x) for x in non_neutral]  # a lexicon without a balance axis: every non-neutral side
    key.attrs["concepts"], key.attrs["frame_concepts"] = concepts, frame
    key.attrs["poles"] = tuple(poles) if poles else None
    return key


def _code(value) -> str:
    s = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    if s.endswith(".0") and s[:-2].isdigit():  # a number typed into Excel
        s = s[:-2]
    return s.lower() if s.lower() in ("none", "true", "false") else s


def read_sheet(
    path: str | os.PathLike, key: pd.DataFrame | None = None, stances: Sequence[str] | None = None
) -> pd.DataFrame:
    """Read a coded sheet (.xlsx or .csv) and check every code.

    Returns one row per item: ``item_id`` and the coder fields, ``is_marker`` as 1/0 (``NaN`` when
    not coded). Raises :class:`~framing.errors.SheetError` naming the file, the sheet row and the
    field of the first value that is not a code.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path}: no such coding sheet")
    try:
        if path.suffix.lower() == ".xlsx":
            df = pd.read_excel(path, sheet_name="items", dtype=str, keep_default_na=False, engine="openpyxl")
        elif path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            raise SheetError(f"{path}: a coding sheet is .xlsx or .csv")
    except SheetError:
        raise
    except ValueError as exc:
        raise SheetError(
            f"{path}: cannot read the sheet 'items' ({str(exc).splitlines()[0]}); "
            "use the file `framing validate sample` wrote"
        ) from None
    except Exception as exc:
        raise SheetError(
            f"{path}: cannot read ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
        ) from None
    missing = [c for c in ("item_id", *CODER_FIELDS) if c not in df.columns]
    if missing:
        raise SheetError(f"{path}: no column {missing[0]!r}; keep the columns the sheet was written with")
    allowed = {
        "is_marker": {"1", "0", ""},
        "voice": set(VOICES) | {""},
        "modality": set(MODALITIES) | {""},
    }
    if stances is not None:
        allowed["stance"] = set(stances) | {"none", ""}
    out = pd.DataFrame({"item_id": df["item_id"].astype(str).str.strip()})
    for f in CODER_FIELDS:
        out[f] = [_code(v) for v in df[f]]
    for f, ok in allowed.items():
        bad = ~out[f].isin(ok)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise SheetError(
                f"{path}: row {i + 2}: field {f} = {out[f].iat[i]!r} is not a code; use one of "
                f"{', '.join(sorted(v for v in ok if v))} or leave it empty"
            )
    dup = out["item_id"].duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise SheetError(f"{path}: row {i + 2}: item_id {out['item_id'].iat[i]!r} appears twice; keep one row per item")
    if key is not None:
        unknown = ~out["item_id"].isin(set(key["item_id"]))
        if unknown.any():
            i = int(np.flatnonzero(unknown.to_numpy())[0])
            raise SheetError(
                f"{path}: row {i + 2}: item_id {out['item_id'].iat[i]!r} is not in the key; "
                "pass the key written with this sheet (--key)"
            )
        known = set(key.attrs.get("concepts") or set(key["concept"]) - {ANY_CONCEPT})
        random = out["item_id"].isin(set(key.loc[key["concept"] == ANY_CONCEPT, "item_id"])).to_numpy()
        for i in np.flatnonzero(random):
            named = [c.strip() for c in out["found_concept"].iat[i].split(";") if c.strip()]
            if out["is_marker"].iat[i] == "1" and not named:
                raise SheetError(
                    f"{path}: row {i + 2}: field found_concept is empty; a random sentence coded 1 needs "
                    "the concept id of the marker it holds (see the codebook)"
                )
            bad = [c for c in named if c not in known]
            if bad:
                raise SheetError(
                    f"{path}: row {i + 2}: field found_concept = {bad[0]!r} is not a concept id; use one of "
                    f"{', '.join(sorted(known))}"
                )
    out["is_marker"] = out["is_marker"].map({"1": 1.0, "0": 0.0, "": np.nan})
    return out


# ------------------------------------------------------------------------------------- estimators
@renamed_keyword("level", "confidence_level")
def wilson_interval(p: float, n_eff: float, confidence_level: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a proportion ``p`` observed on ``n_eff`` (effective) items, at
    ``confidence_level`` (``level``, its old name, is deprecated).

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0.9, 100)]
    [0.8256, 0.9448]
    >>> wilson_interval(float("nan"), 0)
    (nan, nan)
    """
    if not n_eff or n_eff <= 0 or p != p:
        return float("nan"), float("nan")
    z = _Z.get(round(confidence_level, 2))
    if z is None:
        from scipy.stats import norm

        z = float(norm.ppf(0.5 + confidence_level / 2))
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def _weighted(y: np.ndarray, w: np.ndarray, confidence_level: float) -> tuple[float, float, float, float]:
    """(estimate, n_eff, low, high) of the weighted proportion Σwy/Σw with the Wilson-Kish interval."""
    if len(y) == 0 or w.sum() == 0:
        return float("nan"), 0.0, float("nan"), float("nan")
    p = float((w * y).sum() / w.sum())
    n_eff = float(w.sum() ** 2 / (w * w).sum())
    lo, hi = wilson_interval(p, n_eff, confidence_level)
    return p, n_eff, lo, hi


def _with_weights(coded: pd.DataFrame) -> pd.DataFrame:
    """Design weights over the coded items: N_h / (coded items of stratum h)."""
    n_coded = coded.groupby("stratum")["item_id"].transform("size")
    return coded.assign(w=coded["stratum_size"] / n_coded)


def _stratified_totals(items: pd.DataFrame, Y: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Stratified bootstrap of the totals Σ_h N_h · mean_h(Y): ``(n_boot, K)`` replicates, the items
    of each stratum resampled with replacement (``Y``: one row per item, one column per total)."""
    Y = np.asarray(Y, dtype=float).reshape(len(items), -1)
    out = np.zeros((n_boot, Y.shape[1]))
    for _h, idx in items.groupby("stratum").indices.items():
        size = float(items["stratum_size"].iat[idx[0]])
        draws = rng.integers(0, len(idx), size=(n_boot, len(idx)))
        out += size * Y[idx][draws].mean(axis=1)
    return out


def _percentile_ratio(num: np.ndarray, den: np.ndarray, confidence_level: float) -> tuple[float, float]:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    r = r[~np.isnan(r)]
    if not len(r):
        return float("nan"), float("nan")
    lo, hi = np.percentile(r, [100 * (1 - confidence_level) / 2, 100 * (1 + confidence_level) / 2])
    return float(lo), float(hi)


@renamed_keyword("level", "confidence_level")
def clopper_pearson_upper(x: int, n: int, confidence_level: float = 0.95) -> float:
    """One-sided exact upper bound of a binomial proportion (x successes of n), at ``confidence_level``
    (``level``, its old name, is deprecated).

    Examples
    --------
    >>> round(clopper_pearson_upper(0, 60), 4)
    0.0487
    """
    from scipy.stats import beta

    if n <= 0:
        return float("nan")
    return 1.0 if x >= n else float(beta.ppf(confidence_level, x + 1, n - x))


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


# -------------------------------------------------------------------------------------- agreement
def _kappa(x: np.ndarray, y: np.ndarray) -> float:
    """Cohen's κ of two coders' labels; 1 when both used one and the same label throughout, NaN
    when κ is undefined (one label each, different)."""
    from sklearn.metrics import cohen_kappa_score

    labels = sorted(set(x) | set(y))
    if len(labels) < 2:
        return 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(cohen_kappa_score(x, y, labels=labels))


@renamed_keyword("level", "confidence_level")
def agreement(
    codes: Mapping[str, pd.DataFrame],
    *,
    confidence_level: float = 0.95,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Inter-coder agreement per field and the disagreements.

    ``codes``: coder -> DataFrame with ``item_id`` and the fields of :data:`FIELDS` (``is_marker``
    numeric or text, others text; empty / NaN = not coded). Returns ``(agreement, disagreements)``:
    rows ``field, coders, n_items, percent_agreement, alpha, alpha_low, alpha_high, kappa,
    kappa_low, kappa_high`` (α over all coders in rows with ``coders`` = all of them joined by
    " + "; κ for each pair), and one row per (item, field) where coders differ. The intervals are at
    ``confidence_level`` (``level``, its old name, is deprecated).

    Examples
    --------
    >>> a = pd.DataFrame({"item_id": list("abcd"), "is_marker": [1, 1, 0, 1]})
    >>> b = pd.DataFrame({"item_id": list("abcd"), "is_marker": [1, 1, 0, 0]})
    >>> table, dis = agreement({"A": a, "B": b}, n_boot=50)
    >>> r = table.iloc[0]
    >>> r["field"], int(r["n_items"]), float(r["percent_agreement"]), dis["item_id"].tolist()
    ('is_marker', 4, 0.75, ['d'])
    """
    import krippendorff

    coders = list(codes)
    rows, dis = [], []
    if len(coders) < 2:
        return pd.DataFrame(
            columns=[
                "field",
                "coders",
                "n_items",
                "percent_agreement",
                "alpha",
                "alpha_low",
                "alpha_high",
                "kappa",
                "kappa_low",
                "kappa_high",
            ]
        ), pd.DataFrame()
    rng = np.random.default_rng(int(seed) & 0xFFFFFFFF)
    items = sorted(set.union(*(set(df["item_id"]) for df in codes.values())))
    for field in FIELDS:
        if not all(field in df.columns for df in codes.values()):
            continue
        table = pd.DataFrame(index=items)
        for c in coders:
            s = codes[c].set_index("item_id")[field]
            s = s.map(
                lambda v: (
                    ""
                    if v is None or (isinstance(v, float) and v != v)
                    else str(int(v))
                    if isinstance(v, float)
                    else str(v)
                )
            )
            table[c] = s.reindex(items).fillna("")
        coded_by = (table != "").sum(axis=1)
        table = table[coded_by >= 2]
        if table.empty:
            continue
        values = sorted(set(table.to_numpy().ravel()) - {""})
        code_of = {v: i for i, v in enumerate(values)}
        data = np.array(
            [[code_of.get(v, np.nan) if v != "" else np.nan for v in table[c]] for c in coders], dtype=float
        )

        def alpha_of(d: np.ndarray) -> float:
            if len(np.unique(d[~np.isnan(d)])) < 2:
                return float("nan") if np.isnan(d).all() else 1.0
            return float(krippendorff.alpha(reliability_data=d, level_of_measurement="nominal"))

        alpha = alpha_of(data)
        n = data.shape[1]
        reps = [alpha_of(data[:, rng.integers(0, n, n)]) for _ in range(n_boot)]
        reps = np.array([r for r in reps if r == r])
        alo, ahi = (
            np.percentile(reps, [100 * (1 - confidence_level) / 2, 100 * (1 + confidence_level) / 2])
            if len(reps)
            else (np.nan, np.nan)
        )
        both_all = (table != "").all(axis=1)
        pa = float((table[both_all].nunique(axis=1) == 1).mean()) if both_all.any() else float("nan")
        rows.append(
            {
                "field": field,
                "coders": " + ".join(coders),
                "n_items": int(len(table)),
                "percent_agreement": pa,
                "alpha": alpha,
                "alpha_low": float(alo),
                "alpha_high": float(ahi),
                "kappa": float("nan"),
                "kappa_low": float("nan"),
                "kappa_high": float("nan"),
            }
        )
        for a, b in itertools.combinations(coders, 2):
            pair = table[(table[a] != "") & (table[b] != "")]
            if pair.empty:
                continue
            x, y = pair[a].to_numpy(), pair[b].to_numpy()
            k = _kappa(x, y)
            kreps = np.array([_kappa(x[i], y[i]) for i in rng.integers(0, len(x), (n_boot, len(x)))])
            kreps = kreps[~np.isnan(kreps)]
            klo, khi = (
                np.percentile(kreps, [100 * (1 - confidence_level) / 2, 100 * (1 + confidence_level) / 2])
                if len(kreps)
                else (np.nan, np.nan)
            )
            if len(coders) == 2 and len(pair) == len(table):  # one pair: α and κ on the same items, one row
                rows[-1].update(kappa=k, kappa_low=float(klo), kappa_high=float(khi))
                continue
            rows.append(
                {
                    "field": field,
                    "coders": f"{a} + {b}",
                    "n_items": int(len(pair)),
                    "percent_agreement": float((x == y).mean()),
                    "alpha": float("nan"),
                    "alpha_low": float("nan"),
                    "alpha_high": float("nan"),
                    "kappa": k,
                    "kappa_low": float(klo),
                    "kappa_high": float(khi),
                }
            )
        differ = table[table.apply(lambda r: len(set(v for v in r if v != "")) > 1, axis=1)]
        for item, r in differ.iterrows():
            dis.append({"item_id": item, "field": field, **{c: r[c] for c in coders}})
    return pd.DataFrame(rows), pd.DataFrame(dis)


# ------------------------------------------------------------------------------------------- score
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


def write_scores(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | os.PathLike,
    *,
    figure_formats=("png", "svg", "pdf"),
    coder: str | None = None,
) -> list[Path]:
    """Write each table as ``<out_dir>/<name>.csv``, all of them as ``validation.xlsx``, a
    ``summary.md`` and the precision/recall figure; return the paths."""
    from ..files import atomic_write, atomic_write_text
    from ..tables import write_xlsx
    from .plot import plot_precision_recall

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        atomic_write(p, lambda tmp, df=df: df.to_csv(tmp, index=False, lineterminator="\n", float_format="%.10g"))
        paths.append(p)
    paths.append(write_xlsx(out / "validation.xlsx", {k: v for k, v in tables.items()}))
    summary = summary_markdown(tables, coder)
    paths.append(atomic_write_text(out / "summary.md", summary))
    from ..style import save_figure, use_style

    use_style()
    fig = plot_precision_recall(tables, coder=coder)
    paths += save_figure(fig, "precision_recall", out, figure_formats)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return paths


def main_coder(tables: Mapping[str, pd.DataFrame], coder: str | None = None) -> str:
    """The coder whose estimates are the headline: ``coder`` if given, else ``consensus`` if
    present, else the first coder."""
    coders = list(dict.fromkeys(tables["headline"]["coder"]))
    if coder:
        if coder not in coders:
            raise SheetError(f"--coder {coder}: no such coder; the sheets are {', '.join(coders)}")
        return coder
    return "consensus" if "consensus" in coders else coders[0]


def summary_markdown(tables: Mapping[str, pd.DataFrame], coder: str | None = None) -> str:
    """A short Markdown summary: the headline precision and recall per concept, overall recall and
    agreement."""
    who = main_coder(tables, coder)
    h = tables["headline"]
    h = h[h["coder"] == who]

    def f(x):
        return "—" if x != x else f"{x:.2f}"

    lines = [
        f"# Validation against hand coding (coder: {who})",
        "",
        "Stance-bearing authorial mentions (what the statistics count): precision and recall with 95 % intervals.",
        "",
        "| concept | tool mentions (est.) | precision | 95 % CI | recall | 95 % CI |",
        "|---|---:|---:|---|---:|---|",
    ]
    for r in h.itertuples(index=False):
        lines.append(
            f"| {r.concept} | {r.tool_positive:.0f} | {f(r.precision)} | {f(r.precision_low)}–{f(r.precision_high)} | "
            f"{f(r.recall)} | {f(r.recall_low)}–{f(r.recall_high)} |"
        )
    rec = tables["recall"]
    rec = rec[(rec["coder"] == who) & (rec["concept"] == "(all)")]
    if len(rec) and int(rec["n_random_probes"].iat[0]):
        n, x = int(rec["n_random_probes"].iat[0]), int(rec["n_random_probe_markers"].iat[0])
        lines += [
            "",
            f"Random sentences: {x} of {n} held a marker the tool missed (one-sided 95 % upper bound of "
            f"that share: {clopper_pearson_upper(x, n):.3f}, Clopper-Pearson).",
        ]
    ag = tables["agreement"]
    if len(ag):
        lines += [
            "",
            "Agreement between coders:",
            "",
            "| field | coders | items | agreement | α | κ |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for r in ag.itertuples(index=False):
            lines.append(
                f"| {r.field} | {r.coders} | {r.n_items} | {f(r.percent_agreement)} | {f(r.alpha)} | {f(r.kappa)} |"
            )
    return "\n".join(lines) + "\n"
