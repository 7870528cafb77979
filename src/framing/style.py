"""One figure style for papers: Okabe–Ito palette, journal widths, deterministic output.

``save_figure(fig, name, out_dir, formats)`` writes PNG (300 dpi), SVG and PDF. SVG and PDF are
byte-identical for the same input: a fixed ``svg.hashsalt``, no creation dates, TrueType fonts
(``pdf.fonttype 42``) embedded in the PDF.

The colours of a lexicon's sides (its stances) come from the lexicon (``lexicon.sides.colour(id)``,
see :class:`framing.lexicon.Sides`); a side without a ``colour`` takes the first colour of
:data:`SIDE_PALETTE` (or, if it is neutral, of :data:`NEUTRAL_GREYS`) that no other side has.

This module imports matplotlib only when a figure is styled or saved, so that loading a lexicon
(which reads the palette) does not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported only when a figure is styled or saved
    from matplotlib.typing import RcKeyType

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision deficiencies.
OKABE_ITO = [
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
]
#: The order in which a lexicon's non-neutral sides without a ``colour`` take Okabe–Ito colours:
#: the balance's positive pole first, then its negative pole, then the other sides in the order the
#: lexicon lists them, each the first colour here that no side has yet. Vermillion and blue, the
#: two most distinct under every common colour-vision deficiency, go to the poles; yellow is last
#: (faint on white); black is left out (it marks overall estimates).
SIDE_PALETTE = ("#D55E00", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442")
#: Greys for neutral sides without a ``colour``, in the order the lexicon lists them.
NEUTRAL_GREYS = ("#999999", "#BBBBBB", "#777777")
#: A stance no side declares (mentions matched with another lexicon).
OTHER_STANCE_COLOUR = "#666666"
#: One colour per voice, used by every figure that tells voices apart (bars, dots, lines): black for the
#: outlet's own words, bluish green for quoted, wine for distanced. None is a pole's default colour
#: (vermillion, blue). Wine (Tol 2021) replaces Okabe–Ito's yellow and reddish purple for distanced:
#: contrast on white 8.7:1 (yellow 1.3:1), and in greyscale (luminance 0.299 R + 0.587 G + 0.114 B)
#: it sits at 70 of 255, between black (0) and the green (106), so the three stay apart in print.
VOICE_COLOURS = {"authorial": "#000000", "quoted": "#009E73", "distanced": "#882255"}
#: Markers per voice (filled for authorial, hollow for the others in dot charts).
VOICE_MARKERS = {"authorial": "o", "quoted": "s", "distanced": "^"}
VOICE_HATCHES = {"authorial": "", "quoted": "///", "distanced": "..."}
#: The tallest figure the notebooks draw (inches): a journal page's text height. Taller content is
#: split across several figures (``02_rates``, ``02_rates_2``, ...).
MAX_HEIGHT = 9.0

SINGLE_COLUMN = 3.5  # inches
DOUBLE_COLUMN = 7.2  # inches
DPI = 300
FORMATS = ("png", "svg", "pdf")

RC: dict[RcKeyType, Any] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "framing",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": f"cycler(color={OKABE_ITO!r})",  # a string matplotlib parses: no import here
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,  # a tight box adds little to the figure's width (3.5 in, 7.2 in)
    "image.cmap": "cividis",
}


def use_style() -> None:
    """Apply the paper style to matplotlib's global settings."""
    import matplotlib

    matplotlib.rcParams.update(RC)


def __getattr__(name: str):
    # ``STANCE_COLORS``, for callers written before lexicons declared their sides: the colours of
    # the default sides (those of a lexicon without a ``sides`` block, the bundled one's)
    if name == "STANCE_COLORS":
        from .lexicon import DEFAULT_SIDES

        return DEFAULT_SIDES.colours
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def figsize(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches: ``"single"`` (3.5 in), ``"double"`` (7.2 in) or a number; height = width × aspect.

    Examples
    --------
    >>> figsize("single")
    (3.5, 2.625)
    >>> figsize(5, aspect=0.5)
    (5.0, 2.5)
    """
    if isinstance(width, str):
        named = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}
        if width not in named:
            from .errors import ParameterError

            raise ParameterError(f"width: {width!r} is not 'single', 'double' or a number of inches")
        w = named[width]
    else:
        w = float(width)
    return (w, w * aspect)


_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def save_figure(fig, name: str, out_dir: str | os.PathLike, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Save ``fig`` as ``out_dir/name.<fmt>`` for each format; return the paths written.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=figsize("single"))  # doctest: +SKIP
    >>> save_figure(fig, "shares", "reports/figures")  # doctest: +SKIP
    """
    import matplotlib

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(RC):
        for fmt in formats:
            fmt = fmt.lower().lstrip(".")
            if fmt not in _METADATA:
                from .errors import ParameterError

                raise ParameterError(f"figure_formats: unknown format {fmt!r}; use png, svg or pdf")
            path = out / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, metadata=_METADATA[fmt], dpi=DPI)
            paths.append(path)
    return paths
