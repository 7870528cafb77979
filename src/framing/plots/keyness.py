"""Keyness and voice figures: Fightin' Words panels and voice counts."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..style import DOUBLE_COLUMN, MAX_HEIGHT, OKABE_ITO, RC, SINGLE_COLUMN
from ..vocab import VOICES
from ._common import _VOICE_COLOURS, _VOICE_MARKERS, place_labels
from .vocabulary import _docs


def fightin_words_figures(
    kn: pd.DataFrame,
    groups: Sequence[str] | None = None,
    top: int = 8,
    alpha: float = 0.05,
    n_docs: dict | pd.Series | None = None,
    width: float = DOUBLE_COLUMN,
    ncols: int = 3,
    max_height: float = MAX_HEIGHT,
) -> list[Figure]:
    """Fightin' Words charts (Monroe et al. 2008, fig. 3), one panel per group against the rest,
    on as many figures as it takes to keep each no taller than ``max_height``.

    x: log₁₀ of the term's count on both sides; y: z. Terms with q < ``alpha`` are coloured
    (vermillion: used more by the group; blue: less), the others grey; the ``top`` terms of each
    sign are labelled, with labels placed apart (:func:`place_labels`).

    Examples
    --------
    >>> figs = fightin_words_figures(keyness(table, by="outlet"))  # doctest: +SKIP
    """
    from ..keyness import fightin_words_points

    groups = list(groups) if groups is not None else sorted(kn["group"].astype(str).unique())
    n_docs = dict(n_docs) if n_docs is not None else {}
    panel_h = 2.3
    ncols = max(1, min(ncols, len(groups)))
    rows_per_page = max(1, int((max_height - 0.2) // panel_h))
    per_page = rows_per_page * ncols
    figs = []
    with matplotlib.rc_context(RC):
        if not groups:
            fig = Figure(figsize=(width, 1.5))
            ax = fig.add_subplot(1, 1, 1)
            ax.text(0.5, 0.5, "no terms to compare", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return [fig]
        for start in range(0, len(groups), per_page):
            chunk = groups[start : start + per_page]
            nrows = int(np.ceil(len(chunk) / ncols))
            fig = Figure(figsize=(width, panel_h * nrows + 0.2), layout="constrained")
            axes = fig.subplots(nrows, ncols, squeeze=False)
            placed = []
            for ax, g in zip(axes.flat, chunk):
                pts = fightin_words_points(kn, g, top=top)
                sig = pts["q"] < alpha
                ax.scatter(pts.loc[~sig, "log10_frequency"], pts.loc[~sig, "z"], s=3, color="#BBBBBB", lw=0)
                up, down = sig & (pts["z"] > 0), sig & (pts["z"] < 0)
                ax.scatter(pts.loc[up, "log10_frequency"], pts.loc[up, "z"], s=5, color=OKABE_ITO[5], lw=0)
                ax.scatter(pts.loc[down, "log10_frequency"], pts.loc[down, "z"], s=5, color=OKABE_ITO[4], lw=0)
                ax.axhline(0, color="black", lw=0.4)
                docs = n_docs.get(g)
                ax.set_title(f"{g} vs rest" + (f" ({_docs(docs)})" if docs is not None else ""), fontsize=7)
                ax.set_xlabel("log10 frequency (both sides)", fontsize=6)
                ax.set_ylabel("z (log-odds, informative prior)", fontsize=6)
                ax.tick_params(labelsize=6)
                ax.margins(x=0.04, y=0.08)
                lab = pts[pts["label"]].sort_values(["z", "term"], ascending=[False, True])
                placed.append((ax, lab))
            for ax in list(axes.flat)[len(chunk) :]:
                ax.set_visible(False)
            for ax, lab in placed:  # after every panel is drawn: the layout is final
                place_labels(
                    ax, lab["log10_frequency"].to_numpy(), lab["z"].to_numpy(), lab["term"].tolist(), fontsize=5
                )
            figs.append(fig)
    return figs


def voice_counts_figure(
    counts: pd.DataFrame, term: str = "", width: float = SINGLE_COLUMN, log: bool | None = None
) -> Figure:
    """Occurrences of a term per group and voice: one row per group, one marker per voice.

    ``counts`` has one row per group (its index) and a column per voice. The count axis is
    logarithmic when the counts span two orders of magnitude or more (``log=None``), so an outlet
    with thousands of hits does not flatten the others to nothing; a zero is written as "0" at
    the left edge. Colours and markers: :data:`framing.style.VOICE_COLOURS`.

    Examples
    --------
    >>> vc = pd.DataFrame({"authorial": [2538, 3], "quoted": [10, 0], "distanced": [1, 2]}, index=["RT", "CNN"])
    >>> voice_counts_figure(vc, "Kiev").axes[0].get_xscale()
    'log'
    """
    voices = [v for v in VOICES if v in counts.columns]
    names = [str(i) for i in counts.index]
    vals = counts[voices].to_numpy(dtype=float) if voices else np.zeros((len(names), 0))
    positive = vals[vals > 0]
    if log is None:
        log = len(positive) > 0 and positive.max() / positive.min() >= 100
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, min(MAX_HEIGHT, 0.9 + 0.22 * max(1, len(names)))), layout="constrained")
        ax = fig.subplots()
        for vi, v in enumerate(voices):
            y = np.arange(len(names)) + (vi - (len(voices) - 1) / 2) * 0.22
            x = vals[:, vi]
            ok = x > 0
            ax.plot(
                x[ok],
                y[ok],
                ls="",
                marker=_VOICE_MARKERS[v],
                ms=3.5,
                color=_VOICE_COLOURS[v],
                mfc="white" if v != "authorial" else _VOICE_COLOURS[v],
                mew=0.8,
                label=v,
            )
        if log:
            ax.set_xscale("log")
            hi = positive.max() if len(positive) else 10
            ax.set_xlim(0.7, hi * 1.6)
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        else:
            hi = positive.max() if len(positive) else 1
            ax.set_xlim(0, hi * 1.08)
        for vi, v in enumerate(voices):
            y = np.arange(len(names)) + (vi - (len(voices) - 1) / 2) * 0.22
            for yi in y[vals[:, vi] == 0]:
                ax.text(
                    0.02,
                    yi,
                    "0",
                    transform=matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData),
                    fontsize=4.5,
                    color=_VOICE_COLOURS[v],
                    va="center",
                )
        ax.set_yticks(np.arange(len(names)), names, fontsize=6)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.grid(axis="x", color="#EEEEEE", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_xlabel(
            f"occurrences of \u201c{term}\u201d" + (" (log scale)" if log else "")
            if term
            else "occurrences" + (" (log scale)" if log else "")
        )
        if voices:
            ax.legend(
                fontsize=6,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncol=len(voices),
                frameon=False,
                handletextpad=0.3,
                columnspacing=1.2,
            )
    return fig


def concept_rates_figures(
    rates_table: pd.DataFrame,
    concepts: Sequence[str],
    by: str = "outlet",
    voices: Sequence[str] = ("authorial", "quoted", "distanced"),
) -> list[Figure]:
    """Rates per 10,000 tokens of each concept per group, one dot per voice with its interval
    (:func:`framing.stats.rates` at ``level="concept"``), three panels a row, as many pages as a
    page height allows (notebook 02).

    Examples
    --------
    >>> rt = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "concept": ["war"] * 4,
    ...                    "voice": ["authorial", "quoted"] * 2, "rate": [2.0, 1.0, 3.0, 0.5],
    ...                    "ci_low": [1.0, 0.5, 2.0, 0.1], "ci_high": [3.0, 1.5, 4.0, 0.9]})
    >>> figs = concept_rates_figures(rt, ["war"], voices=["authorial", "quoted"])
    >>> [ax.get_title() for ax in figs[0].axes if ax.get_visible()]
    ['war']
    """
    from .. import style

    names = sorted(rates_table[by].unique())
    ncols = min(3, max(1, len(concepts)))
    row_h = 0.35 + 0.14 * len(names)
    rows_per_page = max(1, int((style.MAX_HEIGHT - 0.6) // row_h))
    pages = [list(concepts[i : i + rows_per_page * ncols]) for i in range(0, len(concepts), rows_per_page * ncols)] or [
        []
    ]
    figs = []
    for page in pages:
        nrows = int(np.ceil(len(page) / ncols)) or 1
        fig = Figure(figsize=(style.DOUBLE_COLUMN, 0.6 + row_h * nrows), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, c in zip(axes.flat, page):
            for vi, v in enumerate(voices):
                rows = (
                    rates_table[(rates_table["concept"] == c) & (rates_table["voice"] == v)]
                    .set_index(by)
                    .reindex(names)
                )
                y = np.arange(len(names)) + (vi - (len(voices) - 1) / 2) * 0.25
                ax.errorbar(
                    rows["rate"],
                    y,
                    xerr=[rows["rate"] - rows["ci_low"], rows["ci_high"] - rows["rate"]],
                    fmt=style.VOICE_MARKERS.get(v, "o"),
                    ms=2.5,
                    lw=0.6,
                    color=style.VOICE_COLOURS.get(v, "black"),
                    mfc="white" if v != "authorial" else None,
                    label=v,
                )
            ax.set_yticks(np.arange(len(names)), names if ax in axes[:, 0] else [], fontsize=5)
            ax.invert_yaxis()
            ax.set_title(c, fontsize=7)
            ax.tick_params(axis="x", labelsize=5)
        for ax in list(axes.flat)[len(page) :]:
            ax.set_visible(False)
        fig.legend(
            *axes[0, 0].get_legend_handles_labels(),
            fontsize=6,
            loc="outside upper center",
            ncol=len(voices),
            frameon=False,
        )
        fig.supxlabel("mentions per 10,000 tokens (95% bootstrap interval)", fontsize=7)
        figs.append(fig)
    return figs


def collocation_figures(col: pd.DataFrame, by: str = "outlet", top: int = 8) -> list[Figure]:
    """The ``top`` collocates of a term per group by log-likelihood G² (:func:`framing.collocations.
    collocations`), left collocates marked ←, right ones →, three panels a row, paged (notebook 03).

    Examples
    --------
    >>> col = pd.DataFrame({"outlet": ["A", "A"], "collocate": ["regime", "said"], "position": ["right", "left"],
    ...                     "likelihood_ratio": [12.0, 3.0]})
    >>> figs = collocation_figures(col, top=2)
    >>> [t.get_text() for t in figs[0].axes[0].get_yticklabels()]
    ['regime →', '← said']
    """
    from .. import style

    names = sorted(col[by].unique())
    ncols = min(3, max(1, len(names)))
    row_h = 0.45 + 0.16 * top
    per_page = ncols * max(1, int((style.MAX_HEIGHT - 0.2) // row_h))
    figs = []
    for start in range(0, len(names), per_page):
        page = names[start : start + per_page]
        nrows = int(np.ceil(len(page) / ncols))
        fig = Figure(figsize=(style.DOUBLE_COLUMN, 0.2 + row_h * nrows), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for ax, g in zip(axes.flat, page):
            sub = col[col[by] == g].head(top)
            lab = [
                f"{'← ' if p == 'left' else ''}{w}{' →' if p == 'right' else ''}"
                for w, p in zip(sub["collocate"], sub["position"])
            ]
            ax.barh(np.arange(len(sub)), sub["likelihood_ratio"], color=style.OKABE_ITO[4])
            ax.set_yticks(np.arange(len(sub)), lab, fontsize=5)
            ax.invert_yaxis()
            ax.set_title(g, fontsize=7)
            ax.set_xlabel("G²", fontsize=6)
        for ax in list(axes.flat)[len(page) :]:
            ax.set_visible(False)
        figs.append(fig)
    return figs
