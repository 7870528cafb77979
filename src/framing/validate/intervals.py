"""The intervals of the scores: Wilson's interval of a weighted proportion at its effective sample
size, the stratified bootstrap of design-weighted totals and its percentile interval, and the
Clopper-Pearson upper bound (formulas and references in :mod:`framing.validate.score`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._deprecation import renamed_keyword

_Z = {0.90: 1.6448536269514722, 0.95: 1.959963984540054, 0.99: 2.5758293035489004}


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
