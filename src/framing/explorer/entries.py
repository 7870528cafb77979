"""The explorer's entries of lexicon variants (labels, concepts, stances, tokens) and the rates of
the other terms per outlet, with bootstrap intervals as :mod:`framing.stats` draws them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import MIN_DOCS, PER, _rng


def _lexicon_info(lexicon, mentions: pd.DataFrame) -> tuple[list[dict], dict[str, str]]:
    """The lexicon's variants (then any other variant in the mentions) as entries, and token → variant."""
    from ..tokenize import mwe_token

    entries: list[dict] = []
    token_of: dict[str, str] = {}
    seen: set[str] = set()
    if lexicon is not None:
        for concept in lexicon.concepts:
            for v in concept.variants:
                if v.id in seen:
                    continue
                seen.add(v.id)
                names = sorted({n for n in (v.label, *v.surface) if n})
                tokens = [mwe_token(n) for n in (v.label, *v.surface) if n]
                for tok in tokens:
                    token_of.setdefault(tok, v.id)
                entries.append(
                    {
                        "id": v.id,
                        "kind": "lexicon",
                        "label": v.label,
                        "token": tokens[0] if tokens else None,
                        "names": names,
                        "concept": concept.id,
                        "concept_label": concept.label,
                        "stance": v.stance,
                    }
                )
    extra = mentions[~mentions["variant"].isin(seen)][["concept", "variant"]].drop_duplicates()
    for concept, variant in sorted(extra.itertuples(index=False, name=None)):
        if variant in seen:
            continue
        seen.add(variant)
        label = variant.replace("_", " ")
        entries.append(
            {
                "id": variant,
                "kind": "lexicon",
                "label": label,
                "token": mwe_token(label),
                "names": [label],
                "concept": concept,
                "concept_label": concept.replace("_", " "),
                "stance": "",
            }
        )
        token_of.setdefault(mwe_token(label), variant)
    return entries, token_of


def _term_rates(
    X,
    tokens: np.ndarray,
    outlet_rows: list[np.ndarray],
    outlets: list[str],
    n_boot: int,
    seed: int,
    confidence_level: float = 0.95,
    chunk: int = 250,
    dense_cells: int = 4_000_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate per 10,000 tokens of each column of the sparse documents × terms counts ``X`` per outlet,
    with percentile intervals from the document bootstrap of :mod:`framing.stats` (resample the
    outlet's documents; two-stage below 20 documents; one generator per outlet seeded as there).

    Replicates are drawn at most ``chunk`` at a time; an outlet's counts are made dense only when
    they have at most ``dense_cells`` cells, else multiplied sparse, so memory stays bounded
    whatever the numbers of documents and terms. Returns ``(rate, low, high)``, each outlets × terms.
    """
    from ..stats import bootstrap_ratio

    K = X.shape[1]
    est = np.full((len(outlets), K), np.nan)
    lo = np.full((len(outlets), K), np.nan)
    hi = np.full((len(outlets), K), np.nan)
    q = [100 * (1 - confidence_level) / 2, 100 * (1 + confidence_level) / 2]
    for i, (g, rows) in enumerate(zip(outlets, outlet_rows)):
        n = len(rows)
        t = tokens[rows].astype(float)
        if n == 0 or t.sum() <= 0 or K == 0:
            continue
        Xg = X[rows]
        counts = np.asarray(Xg.sum(axis=0)).ravel()
        est[i] = PER * counts / t.sum()
        rng = _rng(seed, g)
        if n < MIN_DOCS:
            reps = bootstrap_ratio(Xg.toarray(), t, n_boot=n_boot, rng=rng, two_stage=True) * PER
        else:
            # dense counts when they are small (BLAS is fast), else sparse products: memory stays bounded
            counts_g = Xg.toarray().astype(float) if n * K <= dense_cells else None
            XgT = Xg.T.tocsr().astype(float) if counts_g is None else None
            b_max = max(1, min(chunk, dense_cells // max(n, 1)))
            reps = np.empty((n_boot, K))
            for b0 in range(0, n_boot, b_max):
                b = min(b_max, n_boot - b0)
                idx = rng.integers(0, n, size=(b, n))
                W = np.bincount((np.arange(b)[:, None] * n + idx).ravel(), minlength=b * n).reshape(b, n).astype(float)
                den = W @ t
                num = W @ counts_g if counts_g is not None else np.asarray(XgT @ W.T).T
                with np.errstate(all="ignore"):
                    reps[b0 : b0 + b] = (
                        np.where(den[:, None] > 0, num / np.where(den > 0, den, 1.0)[:, None], np.nan) * PER
                    )
        nan = np.isnan(reps)
        if nan.all():
            continue
        with np.errstate(all="ignore"):
            low, high = np.nanpercentile(reps, q, axis=0) if nan.any() else np.percentile(reps, q, axis=0)
        if n < MIN_DOCS:  # the boundary rule of framing.stats: the interval holds the estimate
            low, high = np.minimum(low, est[i]), np.maximum(high, est[i])
        lo[i], hi[i] = low, high
    return est, lo, hi
