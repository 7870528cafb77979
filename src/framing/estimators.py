"""Generic interval estimators over documents, used by the validity checks and open to any study:
a ratio with its percentile bootstrap interval (:func:`ratio_interval`, resampling documents through
:func:`framing.stats.bootstrap_ratio`, the package's one document bootstrap), the ROC AUC with a
stratified bootstrap interval (:func:`roc_auc_ci`) and Spearman's rho with a bootstrap interval
(:func:`spearman_ci`). Formulas and references are in each function. Each takes the interval's level
as ``confidence_level`` (default 0.95; ``level``, its old name, still works with a ``FutureWarning``
until framing 0.3.0).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._deprecation import renamed_keyword
from .errors import ParameterError
from .vocab import DEFAULT_SEED


def check_confidence_level(confidence_level: float) -> float:
    """The level of an interval, checked: a number strictly between 0 and 1.

    Examples
    --------
    >>> check_confidence_level(0.9)
    0.9
    >>> try:
    ...     check_confidence_level(95)
    ... except ParameterError as exc:
    ...     print(exc)
    confidence_level: must be between 0 and 1 (e.g. 0.95), got 95
    """
    try:
        ok = 0 < float(confidence_level) < 1
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ParameterError(f"confidence_level: must be between 0 and 1 (e.g. 0.95), got {confidence_level!r}")
    return float(confidence_level)


# --------------------------------------------------------------------------------------------
# Bootstrap helpers (documents are the sampling unit)
# --------------------------------------------------------------------------------------------
def _percentile(values: np.ndarray, confidence_level: float) -> tuple[float, float]:
    confidence_level = check_confidence_level(confidence_level)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (float("nan"), float("nan"))
    alpha = (1.0 - confidence_level) / 2.0
    lo, hi = np.quantile(values, [alpha, 1.0 - alpha])
    return float(lo), float(hi)


@renamed_keyword("level", "confidence_level")
def ratio_interval(
    num: Sequence[float], den: Sequence[float], *, n_boot: int = 1000, seed: int = 0, confidence_level: float = 0.95
) -> tuple[float, float, float]:
    """Ratio estimator ``sum(num) / sum(den)`` with a percentile bootstrap interval over documents.

    Each resample draws ``n`` documents with replacement (``numpy.random.default_rng(seed)``) and
    recomputes the ratio; resamples whose denominator is 0 are left out. Returns
    ``(estimate, low, high)``; all NaN when ``sum(den) == 0``.

    Examples
    --------
    >>> est, lo, hi = ratio_interval([1, 0, 1, 1], [1, 1, 1, 1], n_boot=200, seed=1)
    >>> est
    0.75
    >>> 0.0 <= lo <= est <= hi <= 1.0
    True
    """
    num_d = np.asarray(num, dtype=float)
    den_d = np.asarray(den, dtype=float)
    if num_d.shape != den_d.shape:
        raise ParameterError("num and den must have one value per document each")
    total = den_d.sum()
    if num_d.size == 0 or total == 0:
        return (float("nan"), float("nan"), float("nan"))
    from .stats import bootstrap_ratio as _replicates  # the one document bootstrap of the package

    est = float(num_d.sum() / total)
    lo, hi = _percentile(_replicates(num_d, den_d, n_boot=n_boot, rng=seed)[:, 0], confidence_level)
    return est, lo, hi


@renamed_keyword("level", "confidence_level")
def roc_auc_ci(
    y_true: Sequence[int],
    score: Sequence[float],
    *,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
) -> dict:
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
    lo, hi = _percentile(aucs, confidence_level)
    return {
        "auc": auc,
        "lo": lo,
        "hi": hi,
        "n_pos": int(pos.size),
        "n_neg": int(neg.size),
        "n_boot": int(n_boot),
        "level": confidence_level,
    }


@renamed_keyword("level", "confidence_level")
def spearman_ci(
    x: Sequence[float],
    y: Sequence[float],
    *,
    n_boot: int = 2000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
) -> dict:
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

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if xs.shape != ys.shape or xs.size < 3:
        raise ParameterError("x and y need the same length, at least 3 documents")
    res = spearmanr(xs, ys)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, xs.size, size=(n_boot, xs.size))
    rx = np.apply_along_axis(rankdata, 1, xs[idx])
    ry = np.apply_along_axis(rankdata, 1, ys[idx])
    rx -= rx.mean(axis=1, keepdims=True)
    ry -= ry.mean(axis=1, keepdims=True)
    den = np.sqrt((rx**2).sum(axis=1) * (ry**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = np.where(den > 0, (rx * ry).sum(axis=1) / np.where(den > 0, den, 1), np.nan)
    lo, hi = _percentile(rhos, confidence_level)
    return {
        "rho": float(res.statistic),
        "p": float(res.pvalue),
        "lo": lo,
        "hi": hi,
        "n": int(xs.size),
        "n_boot": int(n_boot),
        "level": confidence_level,
    }
