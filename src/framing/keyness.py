"""Keyness: which terms one group (outlet, stance group, period, ...) uses more than another.

Tidy in, tidy out: :func:`keyness` takes a table with one row per (group, term) and its count
(``counts.CountMatrix.outlet_totals()``) and returns one row per (group, other, term) with the counts
and totals of both sides, so every score can be recomputed by hand, plus the score, its p-value and
Benjamini–Hochberg q-value across the terms of that comparison.

Designs (``design=``)
    ``one_vs_rest``: each group against all other groups pooled (``other == "rest"``);
    ``pairwise``: every ordered pair of groups (``group`` vs ``other``), the outlet × outlet matrix
    (:func:`pairwise_matrix`).

Notation for one term w in one comparison: a = count in group, b = count in other side, n₁, n₂ the
two sides' token totals (``total``, ``other_total``), c = n₁ − a, d = n₂ − b, N = n₁ + n₂.

Methods (``method=``)
    ``logodds``: log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
    "Fightin' Words", *Political Analysis* 16(4):372–403). Prior α_w = α₀ · y_w / Σ_v y_v with y the
    whole corpus' counts (all groups) and α₀ = ``prior_size`` (default: Σ_v y_v, i.e. α_w = y_w).

        δ_w = ln[(a + α_w) / (n₁ + α₀ − a − α_w)] − ln[(b + α_w) / (n₂ + α₀ − b − α_w)]   (MCQ eq. 16)
        σ²_w ≈ 1/(a + α_w) + 1/(b + α_w)                                                (MCQ eq. 20)
        z_w = δ_w / σ_w                                                                (MCQ eq. 22)

    ``score = δ_w``, ``z`` = z_w, ``p`` = 2·(1 − Φ(|z|)) (two-sided). ``variance="full"`` adds the
    complement terms 1/(n₁ + α₀ − a − α_w) + 1/(n₂ + α₀ − b − α_w), as scattertext does. The
    output carries ``prior`` (α_w) and ``prior_total`` (α₀).

    ``g2``: Dunning's (1993) log-likelihood G² on the 2×2 table, G² = 2 Σ O ln(O/E) over the four
    cells (0·ln 0 = 0), E from the margins; ``g2_form="rayson"`` uses only the word row,
    G² = 2[a ln(a/E₁) + b ln(b/E₂)], E₁ = n₁(a+b)/N, E₂ = n₂(a+b)/N, as the Lancaster LL wizard
    (Rayson & Garside 2000) does. ``p`` from χ²(1). Effect size ``log_ratio`` (Hardie 2014):
    log₂[(a/n₁)/(b/n₂)], a zero count replaced by 0.5.

    ``chi2``: Pearson's χ² = N(ad − bc)² / [(a+b)(c+d)(a+c)(b+d)], with Yates' continuity correction
    if ``yates=True`` (each |O − E| reduced by min(0.5, |O − E|), as scipy does). ``p`` from χ²(1);
    ``log_ratio`` as above.

For ``g2`` and ``chi2`` the ``score`` is signed: positive when the group uses the term more
(a/n₁ > b/n₂), negative when less; its absolute value is the statistic.

Example
-------
>>> import pandas as pd
>>> table = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "term": ["kyiv", "kiev", "kyiv", "kiev"],
...                       "count": [30, 1, 2, 25], "total": [1000, 1000, 1200, 1200]})
>>> res = keyness(table, by="outlet", method="g2")
>>> res.loc[(res.group == "A") & (res.term == "kyiv"), ["count", "other_count", "log_ratio"]].round(3).values.tolist()
[[30.0, 2.0, 4.17]]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import chdtrc, ndtr

from ._perf import gc_paused
from .errors import ParameterError

__all__ = [
    "keyness",
    "keyness_corpus",
    "pairwise_matrix",
    "fightin_words_points",
    "bh_adjust",
    "KEYNESS_COLUMNS",
]

#: Leading output columns (the CLI contract); method-specific columns follow.
KEYNESS_COLUMNS = ["group", "term", "count", "total", "other_count", "other_total", "score"]

METHODS = ("logodds", "g2", "chi2")
DESIGNS = ("one_vs_rest", "pairwise")


def bh_adjust(p) -> np.ndarray:
    """Benjamini–Hochberg (1995) adjusted p-values (q-values): q_(i) = min_{k ≥ i} min(1, m·p_(k)/k).

    NaN p-values are ignored (and stay NaN); m counts the non-NaN ones.

    >>> bh_adjust([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return q
    pv = p[ok]
    order = np.argsort(pv, kind="mergesort")
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    q[ok] = out
    return q


def _xlogx_over(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    """o·ln(o/e) with 0·ln(0/e) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e), 0.0)
    return r


def _log_ratio(a, b, n1, n2) -> np.ndarray:
    a0 = np.where(a == 0, 0.5, a)
    b0 = np.where(b == 0, 0.5, b)
    return np.log2((a0 / n1) / (b0 / n2))


def _two_by_two(a, b, n1, n2):
    c = n1 - a
    d = n2 - b
    N = n1 + n2
    e_a = n1 * (a + b) / N
    e_b = n2 * (a + b) / N
    e_c = n1 * (c + d) / N
    e_d = n2 * (c + d) / N
    return c, d, N, (e_a, e_b, e_c, e_d)


def _score_g2(a, b, n1, n2, form: str):
    c, d, N, (ea, eb, ec, ed) = _two_by_two(a, b, n1, n2)
    g2 = _xlogx_over(a, ea) + _xlogx_over(b, eb)
    if form == "dunning":
        g2 = g2 + _xlogx_over(c, ec) + _xlogx_over(d, ed)
    g2 = np.maximum(2.0 * g2, 0.0)  # rounding can give -1e-16
    sign = np.sign(a * n2 - b * n1)
    return sign * g2, chdtrc(1, g2)


def _score_chi2(a, b, n1, n2, yates: bool):
    c, d, N, (ea, eb, ec, ed) = _two_by_two(a, b, n1, n2)
    if yates:
        total = np.zeros(np.shape(a))
        for o, e in ((a, ea), (b, eb), (c, ec), (d, ed)):
            dev = np.abs(o - e)
            dev = dev - np.minimum(0.5, dev)
            total = total + dev**2 / e
        x2 = total
    else:
        num = N * (a * d - b * c) ** 2
        den = (a + b) * (c + d) * (a + c) * (b + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            x2 = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    sign = np.sign(a * n2 - b * n1)
    return sign * x2, chdtrc(1, x2)


def _score_logodds(a, b, n1, n2, alpha_w, alpha_0, variance: str):
    ya = a + alpha_w
    yb = b + alpha_w
    ra = n1 + alpha_0 - ya
    rb = n2 + alpha_0 - yb
    delta = np.log(ya / ra) - np.log(yb / rb)
    var = 1.0 / ya + 1.0 / yb
    if variance == "full":
        var = var + 1.0 / ra + 1.0 / rb
    z = delta / np.sqrt(var)
    return delta, z, 2.0 * ndtr(-np.abs(z))


def _sorted_codes(values: pd.Series) -> tuple[list[str], np.ndarray]:
    """``(sorted distinct strings, each value's position among them)``: one hash ``factorize``,
    then the distinct strings sorted by Arrow in C++ (UTF-8 byte order is code point order, i.e.
    Python's ``sorted``); tens of thousands of terms sort in milliseconds."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = pd.factorize(values)
    distinct = pa.array(np.asarray(uniques, dtype=object), type=pa.large_string())
    order = pc.sort_indices(distinct).to_numpy()
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return distinct.take(order).to_pylist(), rank[codes]


def _wide(table: pd.DataFrame, by: str, term_col: str, count_col: str, total_col: str | None):
    for col in (by, term_col, count_col):
        if col not in table.columns:
            raise ParameterError(
                f"keyness: input table has no column {col!r}; it needs {by}, {term_col}, {count_col} "
                "(e.g. CountMatrix.outlet_totals())"
            )
    df = table[[by, term_col, count_col] + ([total_col] if total_col and total_col in table.columns else [])].copy()
    if df[count_col].isna().any() or (pd.to_numeric(df[count_col], errors="coerce") < 0).any():
        raise ParameterError(f"keyness: column {count_col!r} must hold non-negative counts")
    df[by] = df[by].astype(str)
    df[term_col] = df[term_col].astype(str)
    groups, gi = _sorted_codes(df[by])
    if len(groups) < 2:
        raise ParameterError(f"by: keyness needs at least two groups in column {by!r}, found {len(groups)}")
    terms, ti = _sorted_codes(df[term_col])
    Y = np.zeros((len(groups), len(terms)))
    np.add.at(Y, (gi, ti), df[count_col].to_numpy(dtype=float))
    if total_col and total_col in df.columns:
        tot = df.groupby(by)[total_col].agg(["min", "max"])
        bad = tot[tot["min"] != tot["max"]]
        if len(bad):
            raise ParameterError(
                f"keyness: column {total_col!r} differs within group {bad.index[0]!r}; "
                "it must be the group's token total"
            )
        totals = tot["min"].reindex(groups).to_numpy(dtype=float)
        short = totals < Y.sum(axis=1)
        if short.any():
            g = groups[int(np.flatnonzero(short)[0])]
            raise ParameterError(f"keyness: total of group {g!r} is smaller than the sum of its counts")
    else:
        totals = Y.sum(axis=1)
    return groups, terms, Y, totals


@gc_paused()  # see framing._perf
def keyness(
    table: pd.DataFrame,
    by: str = "outlet",
    method: Literal["logodds", "g2", "chi2"] = "logodds",
    design: Literal["one_vs_rest", "pairwise"] = "one_vs_rest",
    *,
    term_col: str = "term",
    count_col: str = "count",
    total_col: str | None = "total",
    prior: Literal["corpus", "uniform"] | pd.Series = "corpus",
    prior_size: float | None = None,
    uniform_alpha: float = 0.01,
    variance: Literal["mcq", "full"] = "mcq",
    g2_form: Literal["dunning", "rayson"] = "dunning",
    yates: bool = False,
    min_count: int = 1,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Score every term for every comparison of groups.

    Parameters
    ----------
    table : tidy counts, one row per (group, term): columns ``by``, ``term_col``, ``count_col`` and
        optionally ``total_col`` (the group's token total; default: the sum of its counts).
    by : the grouping column (outlet, stance group, period...).
    method : ``logodds`` (Monroe et al. 2008), ``g2`` (Dunning 1993 + Hardie's Log Ratio) or ``chi2``.
    design : ``one_vs_rest`` or ``pairwise`` (every ordered pair).
    prior : logodds only. ``"corpus"``: α_w ∝ whole-corpus counts (informative, MCQ §3.5);
        ``"uniform"``: α_w = ``uniform_alpha`` for every term (then ``prior_size`` is ignored);
        a Series term → background count: α_w ∝ (background_w + 0.5) (so unseen terms keep a
        positive prior).
    prior_size : α₀ = Σ α_w for informative priors (default: the corpus' token count in the table,
        i.e. α_w equals the raw corpus count, the "Jurafsky" scaling).
    variance : ``mcq`` (two-term approximation, MCQ eq. 20) or ``full`` (four terms).
    g2_form : ``dunning`` (four cells) or ``rayson`` (word row only, as the Lancaster LL wizard).
    yates : chi2 only, Yates' continuity correction.
    min_count : keep terms with a + b ≥ min_count in the comparison (before the BH correction).
    alpha : level for the ``warning`` on one-group-only terms.

    Returns
    -------
    DataFrame with columns ``group, term, count, total, other_count, other_total, score``, then
    ``z`` (logodds) or ``log_ratio`` (g2, chi2), ``p``, ``q`` (BH across the terms of each
    comparison), ``other``, ``prior``/``prior_total`` (logodds), ``one_group_only`` (the term is
    seen on one side only), ``warning`` (set when such a term is not significant, q ≥ alpha, under
    the chosen prior/test), ``method``. Sorted by group, other, descending z (logodds) or score
    (g2, chi2), term.

    Examples
    --------
    >>> t = pd.DataFrame({"g": ["A", "B"], "term": ["x", "x"], "count": [5, 0], "total": [100, 100]})
    >>> r = keyness(t, by="g", method="chi2")
    >>> round(float(r.loc[r.group == "A", "score"].iloc[0]), 4)  # 200·(5·100 − 0·95)² / (5·195·100·100)
    5.1282
    """
    if method not in METHODS:
        raise ParameterError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    design = design.replace("-", "_")  # type: ignore[assignment]  # "one-vs-rest" is accepted too
    if design not in DESIGNS:
        raise ParameterError(f"design: {design!r} is not one of one_vs_rest, pairwise")
    if variance not in ("mcq", "full"):
        raise ParameterError(f"variance: {variance!r} is not mcq or full")
    if g2_form not in ("dunning", "rayson"):
        raise ParameterError(f"g2_form: {g2_form!r} is not dunning or rayson")
    groups, terms, Y, totals = _wide(table, by, term_col, count_col, total_col)

    alpha_w, alpha_0 = np.zeros(len(terms)), 0.0  # the prior: log-odds only
    if method == "logodds":
        if isinstance(prior, pd.Series):
            base = prior.reindex(terms).fillna(0.0).to_numpy(dtype=float) + 0.5
            size = float(prior_size) if prior_size is not None else float(Y.sum())
            alpha_w = size * base / base.sum()
        elif prior == "corpus":
            corpus_counts = Y.sum(axis=0)
            size = float(prior_size) if prior_size is not None else float(corpus_counts.sum())
            alpha_w = size * corpus_counts / corpus_counts.sum()
        elif prior == "uniform":
            if uniform_alpha <= 0:
                raise ParameterError("uniform_alpha: must be positive")
            alpha_w = np.full(len(terms), float(uniform_alpha))
        else:
            raise ParameterError(f"prior: {prior!r} is not 'corpus', 'uniform' or a Series of background counts")
        if prior_size is not None and prior_size <= 0:
            raise ParameterError(f"prior_size: must be positive, got {prior_size}")
        alpha_0 = float(alpha_w.sum())

    comparisons = []
    if design == "one_vs_rest":
        all_counts = Y.sum(axis=0)
        for i, g in enumerate(groups):
            comparisons.append((g, "rest", Y[i], all_counts - Y[i], totals[i], totals.sum() - totals[i]))
    else:
        for i, g in enumerate(groups):
            for j, h in enumerate(groups):
                if i != j:
                    comparisons.append((g, h, Y[i], Y[j], totals[i], totals[j]))

    # Each comparison contributes index arrays (into the sorted terms, into the group names, into
    # the warning texts) and numeric columns; the string columns are built once at the end by
    # ``take`` from small arrays. Building a frame per comparison converted every term string to
    # the string dtype again, which cost more than the scoring itself.
    pairs = []
    parts: dict[str, list] = {}
    names: dict[str, int] = {}  # group names and "rest"
    warnings: dict[str, int] = {"": 0}

    def code(table: dict[str, int], value: str) -> int:
        return table.setdefault(value, len(table))

    for g, h, a, b, n1, n2 in comparisons:
        keep = (a + b) >= max(min_count, 1)
        if not keep.any():
            continue
        a_k, b_k = a[keep], b[keep]
        if n1 <= 0 or n2 <= 0:
            raise ParameterError(f"keyness: group {g if n1 <= 0 else h!r} has no tokens")
        cols: dict[str, np.ndarray | float] = {"count": a_k, "total": n1, "other_count": b_k, "other_total": n2}
        if method == "logodds":
            delta, z, p = _score_logodds(a_k, b_k, n1, n2, alpha_w[keep], alpha_0, variance)
            cols.update(score=delta, z=z, p=p)
        elif method == "g2":
            s, p = _score_g2(a_k, b_k, n1, n2, g2_form)
            cols.update(score=s, log_ratio=_log_ratio(a_k, b_k, n1, n2), p=p)
        else:
            s, p = _score_chi2(a_k, b_k, n1, n2, yates)
            cols.update(score=s, log_ratio=_log_ratio(a_k, b_k, n1, n2), p=p)
        cols["q"] = bh_adjust(cols["p"])
        if method == "logodds":
            cols["prior"] = alpha_w[keep]
            cols["prior_total"] = alpha_0
        one = (a_k == 0) ^ (b_k == 0)
        cols["one_group_only"] = one
        suffix = f"; not significant (q >= {alpha:g}) under this " + ("prior" if method == "logodds" else "test")
        warn = np.zeros(len(a_k), dtype=np.int64)
        flagged = one & (cols["q"] >= alpha)
        warn[flagged & (a_k == 0)] = code(warnings, f"seen only in {h}{suffix}")
        warn[flagged & (a_k != 0)] = code(warnings, f"seen only in {g}{suffix}")
        # order rows here (terms are already sorted, so a stable sort by the score gives score then term)
        order = np.argsort(-np.asarray(cols["z" if method == "logodds" else "score"], dtype=float), kind="stable")
        n = len(order)
        parts.setdefault("_term", []).append(np.flatnonzero(keep)[order])
        parts.setdefault("_group", []).append(np.full(n, code(names, g)))
        parts.setdefault("_other", []).append(np.full(n, code(names, h)))
        parts.setdefault("_warning", []).append(warn[order])
        for k, v in cols.items():
            parts.setdefault(k, []).append(v[order] if isinstance(v, np.ndarray) else np.full(n, v))
        pairs.append((g, h))
    if not pairs:
        raise ParameterError(f"min_count: no term reaches min_count={min_count} in any comparison")
    col = {k: np.concatenate(v) for k, v in parts.items()}

    def strings(values: list[str], idx: np.ndarray) -> pd.Series:
        return pd.Series(pd.array(values, dtype="str").take(idx))

    out_cols = ["group", "term", "count", "total", "other_count", "other_total", "score"]
    out_cols += (
        ["z", "p", "q", "other", "prior", "prior_total"] if method == "logodds" else ["log_ratio", "p", "q", "other"]
    )
    out_cols += ["one_group_only", "warning", "method"]
    name_list = list(names)
    special = {
        "group": lambda: strings(name_list, col["_group"]),
        "other": lambda: strings(name_list, col["_other"]),
        "term": lambda: strings(terms, col["_term"]),
        "warning": lambda: strings(list(warnings), col["_warning"]),
        "method": lambda: strings([method], np.zeros(len(col["_term"]), dtype=np.int64)),
    }
    res = pd.DataFrame({c: special[c]() if c in special else col[c] for c in out_cols})
    for c in ("count", "total", "other_count", "other_total"):
        if np.allclose(res[c], np.round(res[c])):
            res[c] = res[c].round().astype(np.int64)
    if pairs != sorted(pairs):  # comparisons come in (group, other) order; re-sort only if not
        res["_neg"] = -res["z" if method == "logodds" else "score"]
        res = res.sort_values(["group", "other", "_neg", "term"], kind="mergesort").drop(columns="_neg")
    return res.reset_index(drop=True)


def keyness_corpus(
    corpus: pd.DataFrame,
    by: str = "outlet",
    method: Literal["logodds", "g2", "chi2"] = "logodds",
    design: Literal["one_vs_rest", "pairwise"] = "one_vs_rest",
    *,
    text_col: str = "text",
    mwes=None,
    lexicon=None,
    min_length: int = 1,
    stopwords=None,
    drop_outlet_names: bool = False,
    drop_boilerplate: bool = False,
    fold_yo: bool = False,
    **options,
) -> pd.DataFrame:
    """Tokenize and count a corpus (:func:`framing.counts.count_matrix`), keep the terms to compare
    (:func:`framing.counts.terms_for_keyness`: ``min_length``, ``stopwords``, outlet names and
    boilerplate; by default every term), then :func:`keyness`. ``fold_yo``: count Russian ё as е.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"], "text": ["Kyiv Kyiv", "Kiev"]})
    >>> keyness_corpus(corpus, method="g2")[["group", "term", "count", "other_count"]].values.tolist()[0]
    ['A', 'kyiv', 2, 0]
    """
    from .counts import count_matrix, terms_for_keyness

    cm = count_matrix(corpus, mwes=mwes, lexicon=lexicon, text_col=text_col, fold_yo=fold_yo)
    cm, _dropped = terms_for_keyness(
        cm,
        by,
        min_length=min_length,
        stopwords=stopwords,
        drop_outlet_names=drop_outlet_names,
        drop_boilerplate=drop_boilerplate,
        lexicon=lexicon if hasattr(lexicon, "variants") else None,
    )
    table = cm.outlet_totals(by, totals="terms")  # totals over the compared terms, as the prior
    return keyness(table, by=by, method=method, design=design, **options)


def pairwise_matrix(result: pd.DataFrame, term: str, value: str = "z") -> pd.DataFrame:
    """The outlet × outlet matrix of one term from a ``design="pairwise"`` result (rows: group,
    columns: other; the diagonal is NaN).

    >>> t = pd.DataFrame({"o": ["A", "B", "C"], "term": ["x"] * 3, "count": [9, 1, 1], "total": [50] * 3})
    >>> pairwise_matrix(keyness(t, by="o", design="pairwise"), "x").shape
    (3, 3)
    """
    if value not in result.columns:
        raise ParameterError(f"value: no column {value!r} in the keyness result")
    sub = result[result["term"] == term]
    if sub.empty:
        raise ParameterError(f"term: {term!r} is not in the keyness result")
    groups = sorted(set(result["group"]) | set(result["other"]))
    mat = sub.pivot(index="group", columns="other", values=value)
    return mat.reindex(index=groups, columns=groups)


def fightin_words_points(result: pd.DataFrame, group: str, top: int = 10) -> pd.DataFrame:
    """Coordinates for a Fightin' Words chart (Monroe et al. 2008, fig. 3): x = log₁₀ of the term's
    count on both sides, y = z, and ``label`` = True for the ``top`` terms of each sign by z.

    >>> t = pd.DataFrame({"o": ["A", "B"] * 2, "term": ["x", "x", "y", "y"], "count": [9, 1, 1, 9]})
    >>> fightin_words_points(keyness(t, by="o"), "A", top=1)["label"].tolist()
    [True, True]
    """
    if "z" not in result.columns:
        raise ParameterError("fightin_words_points: needs a method='logodds' result (column z)")
    sub = result[result["group"] == group].copy()
    if sub.empty:
        raise ParameterError(f"group: {group!r} is not in the keyness result")
    sub["frequency"] = sub["count"] + sub["other_count"]
    sub["log10_frequency"] = np.log10(sub["frequency"])
    up = sub[sub["z"] > 0].nlargest(top, "z").index
    down = sub[sub["z"] < 0].nsmallest(top, "z").index
    sub["label"] = sub.index.isin(up.union(down))
    return sub.reset_index(drop=True)
