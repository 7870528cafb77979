"""What every figure module shares: the voice colours, checks of the mentions table, the sides to
draw with, and layout helpers (labels that do not overlap, figures no taller than a page)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
from matplotlib.figure import Figure

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..lexicon import Sides, sides_of
from ..style import MAX_HEIGHT, RC, VOICE_COLOURS, VOICE_MARKERS
from ..timeseries import _require  # noqa: F401 (one definition, used by every figure module)

#: Voices in dot charts: the colours and markers of :data:`framing.style.VOICE_COLOURS` (one place),
#: authorial filled, the others hollow.
_VOICE_COLOURS = VOICE_COLOURS
_VOICE_MARKERS = VOICE_MARKERS
#: Colour of a variant whose stance depends on the date (several stances in one table row).
SEVERAL_STANCES_COLOUR = "#000000"

_MENTION_NEEDS = ("outlet", "concept", "variant", "stance", "voice")


def _sides(sides, stances: Iterable[str] = ()) -> Sides:
    """The sides to draw with (see the module docstring)."""
    return sides_of(sides, [p for st in stances for p in str(st).split("|")])


def show(fig: Figure, dpi: int = 150) -> None:
    """Display a figure inline in Jupyter as PNG, whatever the matplotlib backend.

    The figures here are built with :class:`matplotlib.figure.Figure` (not pyplot), so they need
    no GUI backend and are never shown twice; this renders one to PNG and hands it to IPython.

    Examples
    --------
    >>> show(variant_use_by_outlet(mentions))  # doctest: +SKIP
    """
    import io

    from IPython.display import Image, display

    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    display(Image(data=buf.getvalue(), format="png"))


# --------------------------------------------------------------------------------------------
# Layout helpers: labels that do not overlap, figures no taller than a page
# --------------------------------------------------------------------------------------------


def split_pages(heights: Sequence[float], max_height: float = MAX_HEIGHT, fixed: float = 0.0) -> list[list[int]]:
    """Split items of the given heights (inches) into consecutive pages of at most ``max_height``
    (``fixed``: the height every page adds, titles and axis labels). An item taller than a page
    gets a page of its own.

    Examples
    --------
    >>> split_pages([3, 3, 3, 4, 1], max_height=7)
    [[0, 1], [2, 3], [4]]
    """
    pages: list[list[int]] = []
    used = fixed
    for i, h in enumerate(heights):
        if pages and pages[-1] and used + h <= max_height:
            pages[-1].append(i)
            used += h
        else:
            pages.append([i])
            used = fixed + h
    return pages


def _renderer(fig: Figure):
    """A renderer for ``fig`` (an Agg canvas is attached when the figure has none) with the layout done."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # runs the layout engine: axes are where they will be saved
    return cast(FigureCanvasAgg, fig.canvas).get_renderer()  # a canvas with get_renderer, as made sure above


def place_labels(
    ax,
    x: Sequence[float],
    y: Sequence[float],
    labels: Sequence[str],
    fontsize: float = 5.5,
    pad_points: float = 2.5,
    iterations: int = 300,
    color: str = "#222222",
) -> list:
    """Label points so that no two labels overlap and every label stays inside the axes.

    Each label starts just right of its point (left of it in the right third of the axes); labels
    whose boxes overlap are pushed apart vertically, a little at a time, until none overlap (at most
    ``iterations`` rounds), then kept inside the axes. A label moved away from its point is joined
    to it by a thin grey line. Deterministic: the same points give the same places. Call it after
    the axes' limits are final (the figure's layout is run here to measure the text).

    Returns the text artists (left out of the layout, so they never resize the axes).

    Examples
    --------
    >>> fig = Figure(figsize=(2, 2)); ax = fig.add_subplot()
    >>> _ = ax.scatter([0, 0.01], [0, 0.01]); _ = ax.set_xlim(-1, 1); _ = ax.set_ylim(-1, 1)
    >>> a, b = place_labels(ax, [0, 0.01], [0, 0.01], ["first label", "second label"])
    >>> r = fig.canvas.get_renderer()
    >>> bool(a.get_window_extent(r).overlaps(b.get_window_extent(r)))
    False
    """
    fig = ax.figure
    renderer = _renderer(fig)
    n = len(labels)
    if n == 0:
        return []
    disp = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    box = ax.get_window_extent(renderer)
    pad = pad_points * fig.dpi / 72
    sizes = []
    for lab in labels:
        t = ax.text(0, 0, str(lab), fontsize=fontsize, transform=None, color=color)
        bb = t.get_window_extent(renderer)
        sizes.append((bb.width, bb.height))
        t.remove()
    w = np.array([s[0] for s in sizes])
    h = np.array([s[1] for s in sizes]) * 1.1
    right_third = disp[:, 0] > box.x0 + box.width * 2 / 3
    x0 = np.where(right_third, disp[:, 0] - pad - w, disp[:, 0] + pad)
    x0 = np.clip(x0, box.x0, np.maximum(box.x0, box.x1 - w))
    yc = disp[:, 1].copy()  # label centres, moved apart below
    order = np.lexsort((np.arange(n), -yc))
    for _ in range(iterations):
        moved = False
        for a_i in range(n):
            i = order[a_i]
            for b_i in range(a_i + 1, n):
                j = order[b_i]
                if x0[i] >= x0[j] + w[j] or x0[j] >= x0[i] + w[i]:
                    continue
                gap = (h[i] + h[j]) / 2 - abs(yc[i] - yc[j])
                if gap > 0.01:
                    up = i if (yc[i], -i) >= (yc[j], -j) else j
                    down = j if up == i else i
                    yc[up] += gap / 2 + 0.01
                    yc[down] -= gap / 2 + 0.01
                    moved = True
        yc = np.clip(yc, box.y0 + h / 2, box.y1 - h / 2)
        if not moved:
            break
    inv = ax.transData.inverted()
    out = []
    for i in range(n):
        xy_text = inv.transform((x0[i], yc[i]))
        far = abs(yc[i] - disp[i, 1]) > h[i] * 0.6
        t = ax.annotate(
            str(labels[i]),
            (float(x[i]), float(y[i])),
            xytext=tuple(xy_text),
            textcoords="data",
            fontsize=fontsize,
            ha="left",
            va="center",
            color=color,
            annotation_clip=False,
            arrowprops=dict(arrowstyle="-", color="#999999", lw=0.3, shrinkA=0, shrinkB=1.5) if far else None,
        )
        t.set_in_layout(False)
        out.append(t)
    return out
