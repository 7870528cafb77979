"""The document bootstrap behind every interval of :mod:`framing.stats`: the replicates of a ratio
estimator (:func:`bootstrap_ratio`, also used by :mod:`framing.estimators` and the explorer), their
percentile interval, the scheme chosen by a group's size, and one random generator per group.

The procedure, its references and the choice of scheme are described in :mod:`framing.stats`.
"""

from __future__ import annotations

import zlib

import numpy as np

from .errors import ParameterError

__all__ = ["bootstrap_ratio", "RESAMPLE_SCHEMES"]

RESAMPLE_SCHEMES = ("auto", "documents", "two-stage")


def _group_rng(seed: int, group: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(str(group).encode("utf-8"))])


def bootstrap_ratio(
    x: np.ndarray,
    t: np.ndarray,
    n_boot: int = 1000,
    rng: np.random.Generator | int | None = 0,
    two_stage: bool = False,
) -> np.ndarray:
    """Bootstrap replicates of the ratio estimators Σ_d x_dk / Σ_d t_dk (one per column k).

    Parameters
    ----------
    x : array (n_docs, K), successes per document (mentions)
    t : array (n_docs, K) or (n_docs,), trials per document (tokens, or concept mentions); x ≤ t
    n_boot : number of resamples B
    rng : a numpy Generator or a seed
    two_stage : also draw within documents: x*_bdk = W_bd · t_dk · p*, p* ~ Beta(x_dk + ½, t_dk − x_dk + ½)

    Returns
    -------
    array (B, K): the ratio in each resample (NaN where the resampled denominator is 0).

    Examples
    --------
    >>> reps = bootstrap_ratio(np.array([[1], [3]]), np.array([10, 10]), n_boot=4, rng=0)
    >>> reps.shape
    (4, 1)
    """
    if n_boot < 1:
        raise ParameterError(f"n_boot: must be at least 1, got {n_boot}")
    rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    n, K = x.shape
    t = np.asarray(t, dtype=float)
    if t.ndim == 1:
        t = np.broadcast_to(t[:, None], (n, K))
    if n == 0:
        return np.full((n_boot, K), np.nan)
    idx = rng.integers(0, n, size=(n_boot, n))
    W = np.bincount((np.arange(n_boot)[:, None] * n + idx).ravel(), minlength=n_boot * n).reshape(n_boot, n)
    W = W.astype(float)
    den = W @ t
    if not two_stage:
        num = W @ x
    else:
        # within each drawn document, its proportion x/t is drawn from the Jeffreys posterior
        # Beta(x + 1/2, t − x + 1/2); documents with t = 0 contribute nothing
        num = np.zeros((n_boot, K))
        for k in range(K):
            docs = np.flatnonzero(t[:, k] > 0)
            if len(docs):
                p_star = rng.beta(x[docs, k] + 0.5, t[docs, k] - x[docs, k] + 0.5, size=(n_boot, len(docs)))
                num[:, k] = (W[:, docs] * t[docs, k] * p_star).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _percentiles(reps: np.ndarray, confidence_level: float) -> tuple[np.ndarray, np.ndarray]:
    lo_q, hi_q = 100 * (1 - confidence_level) / 2, 100 * (1 + confidence_level) / 2
    out_lo = np.full(reps.shape[1], np.nan)
    out_hi = np.full(reps.shape[1], np.nan)
    for k in range(reps.shape[1]):
        col = reps[:, k]
        col = col[~np.isnan(col)]
        if len(col):
            out_lo[k], out_hi[k] = np.percentile(col, [lo_q, hi_q])
    return out_lo, out_hi


def _contain(lo: np.ndarray, hi: np.ndarray, est: np.ndarray, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    if scheme != "two-stage":
        return lo, hi
    est = np.asarray(est, dtype=float)
    ok = ~np.isnan(est) & ~np.isnan(lo)
    return np.where(ok, np.minimum(lo, est), lo), np.where(ok, np.maximum(hi, est), hi)


def _scheme(resample: str, n_docs: int, min_docs: int) -> str:
    if resample not in RESAMPLE_SCHEMES:
        raise ParameterError(f"resample: {resample!r} is not one of {', '.join(RESAMPLE_SCHEMES)}")
    if resample == "auto":
        return "documents" if n_docs >= min_docs else "two-stage"
    return resample
