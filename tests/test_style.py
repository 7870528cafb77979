"""style: one call writes PNG (300 dpi), SVG and PDF; the same figure gives the same bytes in two processes."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import textwrap

import matplotlib
import pytest
from matplotlib.figure import Figure

from framing import style
from framing.errors import ParameterError

SCRIPT = textwrap.dedent("""
    import sys
    from matplotlib.figure import Figure
    from framing import style
    style.use_style()
    fig = Figure(figsize=style.figsize("single"))
    ax = fig.add_subplot(1, 1, 1)
    ax.bar(["Kyiv", "Kiev"], [3, 1], color=[style.STANCE_COLORS["ukraine_west"], style.STANCE_COLORS["kremlin"]],
           hatch=style.VOICE_HATCHES["quoted"])
    ax.set_title("Kyiv / Kiev — “full-scale invasion”")
    style.save_figure(fig, "f", sys.argv[1])
""")


def _draw(out_dir):
    subprocess.run([sys.executable, "-c", SCRIPT, str(out_dir)], check=True)
    return {fmt: (out_dir / f"f.{fmt}").read_bytes() for fmt in style.FORMATS}


def test_same_figure_same_bytes_across_processes(tmp_path):
    a = _draw(tmp_path / "a")
    b = _draw(tmp_path / "b")
    for fmt in style.FORMATS:
        assert a[fmt] == b[fmt], f"{fmt} differs between two processes"
    for fmt, data in a.items():
        assert matplotlib.__version__.encode() not in data, f"{fmt} embeds the matplotlib version"
        assert not re.search(rb"(19|20)\d\d-?\d\d-?\d\d[T ]?\d\d:?\d\d", data), f"{fmt} embeds a date"
    assert b"/FontFile2" in a["pdf"] and b"Type3" not in a["pdf"]  # TrueType (fonttype 42), embedded
    i = a["png"].index(b"pHYs")
    ppm_x, _ppm_y, unit = struct.unpack(">IIB", a["png"][i + 4:i + 13])
    assert unit == 1 and round(ppm_x * 0.0254) == style.DPI == 300


def test_sizes_and_palette():
    assert style.figsize("single") == (3.5, 3.5 * 0.75)
    assert style.figsize("double", aspect=0.5) == (7.2, 3.6)
    with pytest.raises(ParameterError, match="width"):
        style.figsize("triple")
    assert style.OKABE_ITO[:3] == ["#E69F00", "#56B4E9", "#009E73"] and len(style.OKABE_ITO) == 8
    assert set(style.STANCE_COLORS) == {"kremlin", "ukraine_west", "neutral", "isolationist"}


def test_save_figure_formats(tmp_path):
    fig = Figure()
    fig.add_subplot(1, 1, 1).plot([0, 1], [0, 1])
    paths = style.save_figure(fig, "x", tmp_path, ["SVG", ".pdf"])
    assert [p.name for p in paths] == ["x.svg", "x.pdf"] and all(p.stat().st_size > 0 for p in paths)
    with pytest.raises(ParameterError, match="figure_formats"):
        style.save_figure(fig, "x", tmp_path, ["jpg"])


def test_voice_colours_keep_contrast_on_white_and_apart_in_greyscale():
    """The distanced colour was Okabe-Ito yellow (1.3:1 on white). Now every voice colour has at least
    4.5:1 contrast with white except the green (3:1, the minimum for graphics), and the three are at
    least 30 grey levels apart when printed in greyscale."""
    from framing.style import VOICE_COLOURS

    def rgb(h):
        return [int(h[i:i + 2], 16) for i in (1, 3, 5)]

    def contrast(h):
        def lin(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (lin(c) for c in rgb(h))
        return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)

    grey = {v: 0.299 * rgb(h)[0] + 0.587 * rgb(h)[1] + 0.114 * rgb(h)[2] for v, h in VOICE_COLOURS.items()}
    assert contrast(VOICE_COLOURS["distanced"]) >= 4.5
    assert all(contrast(h) >= 3.0 for h in VOICE_COLOURS.values())
    levels = sorted(grey.values())
    assert min(b - a for a, b in zip(levels, levels[1:])) >= 30, grey
    from framing.plots import _common as plots

    assert plots._VOICE_COLOURS is VOICE_COLOURS  # one place
