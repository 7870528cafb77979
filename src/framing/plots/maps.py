"""The outlet map (notebook 05): variant-share matrix, coordinates and the map and dendrogram."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..errors import ParameterError
from ..lexicon import Sides
from ..style import RC, SINGLE_COLUMN
from ._common import _require, _sides, place_labels

# --------------------------------------------------------------------------------------------
# 05: the outlet map
# --------------------------------------------------------------------------------------------


def variant_share_matrix(
    mentions: pd.DataFrame, voices: Sequence[str] | None = ("authorial",), min_mentions: int = 1
) -> pd.DataFrame:
    """Outlets × ``concept:variant`` matrix of within-concept shares.

    ``X[o, c:v] = n(o, c, v) / Σ_v' n(o, c, v')``. A concept an outlet never mentions has no share;
    those cells are filled with the pooled share of that variant over all outlets (so the outlet
    sits at the centre on that concept rather than at an extreme). Concepts with fewer than
    ``min_mentions`` mentions overall are dropped. The fill is recorded in
    ``attrs["imputed_cells"]``.

    Examples
    --------
    >>> X = variant_share_matrix(mentions)  # doctest: +SKIP
    """
    _require(mentions, ("outlet", "concept", "variant", "voice"), "mentions")
    m = mentions
    if voices:
        m = m[m["voice"].isin(list(voices))]
    m = m.assign(outlet=m["outlet"].astype(str), concept=m["concept"].astype(str), variant=m["variant"].astype(str))
    concept_n = m.groupby("concept").size()
    keep = sorted(concept_n[concept_n >= min_mentions].index)
    m = m[m["concept"].isin(keep)]
    if m.empty:
        return pd.DataFrame(dtype=float)
    n = m.groupby(["outlet", "concept", "variant"]).size()
    tot = n.groupby(level=["outlet", "concept"]).transform("sum")
    share = (n / tot).rename("share").reset_index()
    share["column"] = share["concept"] + ":" + share["variant"]
    X = share.pivot(index="outlet", columns="column", values="share").sort_index().sort_index(axis=1)
    pooled = m.groupby(["concept", "variant"]).size()
    pooled = pooled / pooled.groupby(level="concept").transform("sum")
    pooled.index = [f"{c}:{v}" for c, v in pooled.index]
    # An outlet that mentions the concept but not this variant has share 0, not missing.
    outlet_concepts = m.groupby(["outlet", "concept"]).size()
    imputed = 0
    for col in X.columns:
        concept = col.split(":", 1)[0]
        for outlet in X.index:
            if pd.isna(X.at[outlet, col]):
                if (outlet, concept) in outlet_concepts.index:
                    X.at[outlet, col] = 0.0
                else:
                    X.at[outlet, col] = float(pooled[col])
                    imputed += 1
    X.columns.name = None
    X.attrs["imputed_cells"] = imputed
    return X.astype(float)


def _fix_signs(vectors: np.ndarray) -> np.ndarray:
    """Flip each column so that its largest-magnitude entry is positive (SVD signs are arbitrary)."""
    vectors = np.array(vectors, dtype=float)
    for j in range(vectors.shape[1]):
        i = int(np.argmax(np.abs(vectors[:, j])))
        if vectors[i, j] < 0:
            vectors[:, j] *= -1
    return vectors


def outlet_coordinates(
    matrix: pd.DataFrame, method: str = "ca", n_components: int = 2, counts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Place outlets in two dimensions from their variant shares.

    ``method="pca"``: principal component analysis (scikit-learn ``PCA``) of the share matrix
    (centred, not scaled: shares are already on one scale).

    ``method="ca"``: correspondence analysis (Greenacre 2007, *Correspondence Analysis in Practice*,
    ch. 14) of the matrix ``N`` (``counts`` if given, else the shares): with ``P = N / n``, row and
    column masses ``r``, ``c``, the standardized residuals ``S = D_r^{-1/2} (P - r c^T) D_c^{-1/2}``
    are decomposed ``S = U Σ V^T`` and the outlets' principal coordinates are
    ``F = D_r^{-1/2} U Σ``; the inertia explained by dimension k is ``σ_k² / Σ σ²``.

    Signs are fixed (largest loading positive) so the picture does not flip between machines.
    With fewer than three outlets the second dimension is zero.

    Returns
    -------
    DataFrame ``outlet, dim1, dim2`` with ``attrs["explained"]`` (share of variance/inertia per
    dimension) and ``attrs["method"]``.

    Examples
    --------
    >>> coords = outlet_coordinates(variant_share_matrix(mentions), method="pca")  # doctest: +SKIP
    """
    method = str(method).lower()
    if method not in ("ca", "pca"):
        raise ParameterError(f"map_method: unknown method {method!r}; use 'ca' (correspondence analysis) or 'pca'")
    X = matrix.to_numpy(dtype=float) if counts is None else counts.reindex(index=matrix.index).fillna(0).to_numpy(float)
    n_out = X.shape[0]
    coords = np.zeros((n_out, n_components))
    explained = np.zeros(n_components)
    if n_out >= 2 and X.shape[1] >= 1:
        if method == "pca":
            from sklearn.decomposition import PCA

            k = min(n_components, n_out - 1, X.shape[1])
            if k >= 1:
                pca = PCA(n_components=k, svd_solver="full")
                scores = pca.fit_transform(X)
                loadings = _fix_signs(pca.components_.T)
                flip = np.sign(np.sum(loadings * pca.components_.T, axis=0))
                coords[:, :k] = scores * flip
                explained[:k] = pca.explained_variance_ratio_
        else:
            total = X.sum()
            if total > 0:
                P = X / total
                r = P.sum(axis=1)
                c = P.sum(axis=0)
                keep_c = c > 0
                P, c = P[:, keep_c], c[keep_c]
                with np.errstate(divide="ignore", invalid="ignore"):
                    S = (P - np.outer(r, c)) / np.sqrt(np.outer(r, c))
                S = np.nan_to_num(S)
                U, sig, Vt = np.linalg.svd(S, full_matrices=False)
                V = _fix_signs(Vt.T)
                flip = np.sign(np.sum(V * Vt.T, axis=0))
                U = U * flip
                k = min(n_components, len(sig))
                with np.errstate(divide="ignore", invalid="ignore"):
                    F = (U[:, :k] * sig[:k]) / np.sqrt(r)[:, None]
                coords[:, :k] = np.nan_to_num(F)
                inertia = (sig**2).sum()
                if inertia > 0:
                    explained[:k] = sig[:k] ** 2 / inertia
    coords[np.abs(coords) < 1e-12] = 0.0
    out = pd.DataFrame({"outlet": list(matrix.index.astype(str))})
    for j in range(n_components):
        out[f"dim{j + 1}"] = coords[:, j]
    out.attrs["explained"] = [float(e) for e in explained]
    out.attrs["method"] = method
    return out


def _balance_sides(sides, balance: pd.DataFrame | None) -> Sides:
    """Sides with a balance axis: ``sides``' own, else the poles a stance_balance table records."""
    attrs = getattr(balance, "attrs", {}) or {}
    poles = [attrs[k] for k in ("positive", "negative") if attrs.get(k)]
    found = _sides(sides, poles)
    if found.poles:
        return found
    if len(poles) == 2:
        import dataclasses

        return dataclasses.replace(found, positive=poles[0], negative=poles[1])
    raise ParameterError(
        "sides: no balance axis (the lexicon names fewer than two non-neutral sides); "
        "pass sides= of a lexicon whose sides block has a balance"
    )


def outlet_map(
    coords: pd.DataFrame, balance: pd.DataFrame | None = None, width: float = SINGLE_COLUMN, sides=None
) -> Figure:
    """Scatter of outlets on the first two map dimensions, coloured by stance balance.

    ``balance`` is a table with ``outlet`` and ``balance`` columns, as :func:`framing.stats.stance_balance`
    returns it: B = (P − N)/(P + N) between the two sides of the balance axis of ``sides`` (the
    lexicon or its sides; default: the poles the table records, else the default sides'). Colour
    runs from the negative side's colour (B = −1) through grey (0) to the positive side's (+1),
    and the colour bar names both; outlets without a mention of either side are drawn hollow (a
    key above the axes says so).

    Examples
    --------
    >>> from framing.stats import stance_balance
    >>> fig = outlet_map(outlet_coordinates(X), stance_balance(mentions, lexicon=lex), sides=lex)  # doctest: +SKIP
    """
    _require(coords, ("outlet", "dim1", "dim2"), "coordinates")
    sides = _balance_sides(sides, balance)
    cmap = mcolors.LinearSegmentedColormap.from_list(
        "stance", [sides.colour(sides.negative), "#BBBBBB", sides.colour(sides.positive)]
    )
    bal = {}
    if balance is not None and len(balance):
        bal = dict(zip(balance["outlet"].astype(str), balance["balance"].astype(float)))
    explained = coords.attrs.get("explained", [])
    method = coords.attrs.get("method", "")
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, width * 0.85), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        ax.axhline(0, color="#DDDDDD", linewidth=0.6, zorder=0)
        ax.axvline(0, color="#DDDDDD", linewidth=0.6, zorder=0)
        hollow = False
        for _, row in coords.sort_values("outlet").iterrows():
            b = bal.get(str(row["outlet"]), float("nan"))
            if np.isnan(b):
                hollow = True
                ax.scatter(row["dim1"], row["dim2"], s=28, facecolors="white", edgecolors="#555555", linewidths=0.8)
            else:
                ax.scatter(
                    row["dim1"], row["dim2"], s=28, color=cmap((b + 1) / 2), edgecolors="#333333", linewidths=0.4
                )
        label = {"ca": "CA", "pca": "PC"}.get(method, "dim")
        for j in range(2):
            pct = f" ({explained[j]:.0%})" if j < len(explained) else ""
            (ax.set_xlabel if j == 0 else ax.set_ylabel)(f"{label} {j + 1}{pct}")
        sm = matplotlib.cm.ScalarMappable(norm=mcolors.Normalize(-1, 1), cmap=cmap)
        cb = fig.colorbar(sm, ax=ax, fraction=0.05, pad=0.02)
        cb.set_label(f"stance balance: −1 {sides.label(sides.negative)} … +1 {sides.label(sides.positive)}", fontsize=6)
        cb.ax.tick_params(labelsize=6)
        ax.margins(0.2)
        if hollow:  # say what a hollow dot is, above the axes
            key = matplotlib.lines.Line2D([], [], marker="o", ls="", ms=5, mfc="white", mec="#555555", mew=0.8)
            ax.legend(
                [key],
                [f"no {sides.label(sides.positive)} or {sides.label(sides.negative)} mention"],
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                frameon=False,
                fontsize=6,
                borderaxespad=0.2,
            )
        ordered = coords.sort_values("outlet")
        place_labels(
            ax,
            ordered["dim1"].to_numpy(float),
            ordered["dim2"].to_numpy(float),
            ordered["outlet"].astype(str).tolist(),
            fontsize=5.5,
        )
    return fig


def outlet_dendrogram(
    matrix: pd.DataFrame, method: str = "average", metric: str = "euclidean", width: float = SINGLE_COLUMN
) -> Figure:
    """Hierarchical clustering of outlets by their variant shares (scipy ``linkage``).

    Default: average linkage (UPGMA) on Euclidean distances between share profiles. Needs at least
    two outlets.

    Examples
    --------
    >>> fig = outlet_dendrogram(variant_share_matrix(mentions))  # doctest: +SKIP
    """
    from scipy.cluster.hierarchy import dendrogram, linkage

    with matplotlib.rc_context(RC):
        n = len(matrix.index)
        fig = Figure(figsize=(width, max(1.4, 0.25 * n + 0.6)), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
        if n < 2:
            ax.text(
                0.5,
                0.5,
                "clustering needs at least two outlets with mentions",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
            ax.set_axis_off()
            return fig
        Z = linkage(matrix.to_numpy(dtype=float), method=method, metric=metric)
        dendrogram(
            Z,
            labels=[str(i) for i in matrix.index],
            orientation="left",
            ax=ax,
            color_threshold=0,
            above_threshold_color="#444444",
            leaf_font_size=6,
        )
        ax.set_xlabel(f"{metric} distance ({method} linkage)")
        ax.spines["left"].set_visible(False)
    return fig
