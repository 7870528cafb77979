"""The validation figure: precision and recall per concept with their intervals."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def plot_precision_recall(
    tables: Mapping[str, pd.DataFrame], coder: str | None = None, target: float = 0.9, floor: float = 0.8
):
    """Dot-and-interval chart of the headline precision and recall per concept (one row each, the
    overall estimate on top), for an appendix. Dashed lines mark ``target`` and ``floor``.

    Examples
    --------
    >>> h = pd.DataFrame({"coder": ["A", "A"], "concept": ["war", "(all)"], "precision": [0.9, 0.92],
    ...     "precision_low": [0.8, 0.88], "precision_high": [0.95, 0.95], "recall": [0.85, 0.9],
    ...     "recall_low": [0.7, 0.85], "recall_high": [0.93, 0.94], "tool_positive": [10, 12]})
    >>> fig = plot_precision_recall({"headline": h})
    >>> [ax.get_title() for ax in fig.axes]
    ['Precision', 'Recall']
    """
    import matplotlib.pyplot as plt

    from ..style import DOUBLE_COLUMN, OKABE_ITO
    from .score import main_coder

    who = main_coder(tables, coder)
    h = tables["headline"]
    h = h[h["coder"] == who].copy()
    if (
        "n_tool_items" in h
    ):  # concepts with nothing to show (no tool mention, no marker found by the coder) are left out
        h = h[
            (h["concept"] == "(all)")
            | (h["n_tool_items"] > 0)
            | (h["coder_positive_found"] + h["coder_positive_missed"] > 0)
        ]
    overall = h[h["concept"] == "(all)"]
    rest = h[h["concept"] != "(all)"].sort_values("concept", ascending=False)
    h = pd.concat([rest, overall])
    labels = ["all concepts" if c == "(all)" else c.replace("_", " ") for c in h["concept"]]
    is_all = [c == "(all)" for c in h["concept"]]
    if "n_tool_items" in h:  # the number of the tool's mentions coded: a reader sees how thin a row is
        labels = [f"{lab} ({int(n)})" if n == n else lab for lab, n in zip(labels, h["n_tool_items"])]
    height = min(9.0, 0.9 + 0.22 * len(h))
    fig, axes = plt.subplots(1, 2, figsize=(DOUBLE_COLUMN, height), sharey=True)
    colour = OKABE_ITO[4]  # blue
    for ax, what, title in ((axes[0], "precision", "Precision"), (axes[1], "recall", "Recall")):
        y = list(range(len(h)))
        est = h[what].to_numpy(dtype=float)
        lo = h[f"{what}_low"].to_numpy(dtype=float)
        hi = h[f"{what}_high"].to_numpy(dtype=float)
        for i, (e, a, b) in enumerate(zip(est, lo, hi)):
            if a == a and b == b:
                ax.plot([a, b], [i, i], color=colour, lw=1.2, solid_capstyle="butt")
            if e == e:
                ax.plot([e], [i], "o", color="black" if is_all[i] else colour, ms=4)
            else:
                ax.text(0.02, i, "no items", va="center", fontsize=6, color="#555555")
        for x, style in ((target, "--"), (floor, ":")):
            ax.axvline(x, color="#555555", lw=0.7, ls=style)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(-0.6, len(h) - 0.4)
        ax.set_title(title)
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.grid(axis="x", color="#dddddd", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_xlabel("estimate with 95 % interval")
    axes[0].axhline(len(h) - 1.5, color="#999999", lw=0.5)
    axes[1].axhline(len(h) - 1.5, color="#999999", lw=0.5)
    fig.suptitle(
        f"Stance-bearing authorial mentions against hand coding ({who}); dashed {target:g}, dotted {floor:g}",
        fontsize=8,
    )
    fig.text(
        0.01,
        0.005,
        "(n): the tool's mentions coded. A point without a bar: every resample gives the same value\n"
        "(no error among few items, or no missed marker among the probes); it is not certainty.",
        fontsize=6,
        color="#555555",
        ha="left",
        va="bottom",
    )
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig
