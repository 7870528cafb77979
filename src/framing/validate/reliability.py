"""Inter-coder reliability: Krippendorff's α over all coders and Cohen's κ for each pair, per field,
with bootstrap intervals, and the items the coders disagree on (formulas and references in
:mod:`framing.validate.score`)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._deprecation import renamed_keyword
from ..vocab import DEFAULT_SEED

#: The fields whose agreement is measured.
FIELDS = ("is_marker", "stance", "voice", "modality")


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
        drawn = [alpha_of(data[:, rng.integers(0, n, n)]) for _ in range(n_boot)]
        reps = np.array([r for r in drawn if r == r])
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
