"""The scores as files and words: the tables as CSV and one workbook, the precision/recall figure,
and a short Markdown summary of the headline estimates and the agreement."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import pandas as pd

from ..errors import SheetError
from .intervals import clopper_pearson_upper


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")


def write_scores(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | os.PathLike,
    *,
    figure_formats=("png", "svg", "pdf"),
    coder: str | None = None,
) -> list[Path]:
    """Write each table as ``<out_dir>/<name>.csv``, all of them as ``validation.xlsx``, a
    ``summary.md`` and the precision/recall figure; return the paths."""
    from ..files import atomic_write, atomic_write_text
    from ..tables import write_xlsx
    from .plot import plot_precision_recall

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in tables.items():
        p = out / f"{name}.csv"
        atomic_write(p, partial(_write_csv, df))
        paths.append(p)
    paths.append(write_xlsx(out / "validation.xlsx", {k: v for k, v in tables.items()}))
    summary = summary_markdown(tables, coder)
    paths.append(atomic_write_text(out / "summary.md", summary))
    from ..style import save_figure, use_style

    use_style()
    fig = plot_precision_recall(tables, coder=coder)
    paths += save_figure(fig, "precision_recall", out, figure_formats)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return paths


def main_coder(tables: Mapping[str, pd.DataFrame], coder: str | None = None) -> str:
    """The coder whose estimates are the headline: ``coder`` if given, else ``consensus`` if
    present, else the first coder."""
    coders = list(dict.fromkeys(tables["headline"]["coder"]))
    if coder:
        if coder not in coders:
            raise SheetError(f"--coder {coder}: no such coder; the sheets are {', '.join(coders)}")
        return coder
    return "consensus" if "consensus" in coders else coders[0]


def summary_markdown(tables: Mapping[str, pd.DataFrame], coder: str | None = None) -> str:
    """A short Markdown summary: the headline precision and recall per concept, overall recall and
    agreement."""
    who = main_coder(tables, coder)
    h = tables["headline"]
    h = h[h["coder"] == who]

    def f(x):
        return "—" if x != x else f"{x:.2f}"

    lines = [
        f"# Validation against hand coding (coder: {who})",
        "",
        "Stance-bearing authorial mentions (what the statistics count): precision and recall with 95 % intervals.",
        "",
        "| concept | tool mentions (est.) | precision | 95 % CI | recall | 95 % CI |",
        "|---|---:|---:|---|---:|---|",
    ]
    for r in h.itertuples(index=False):
        lines.append(
            f"| {r.concept} | {r.tool_positive:.0f} | {f(r.precision)} | {f(r.precision_low)}–{f(r.precision_high)} | "
            f"{f(r.recall)} | {f(r.recall_low)}–{f(r.recall_high)} |"
        )
    rec = tables["recall"]
    rec = rec[(rec["coder"] == who) & (rec["concept"] == "(all)")]
    if len(rec) and int(rec["n_random_probes"].iat[0]):
        n, x = int(rec["n_random_probes"].iat[0]), int(rec["n_random_probe_markers"].iat[0])
        lines += [
            "",
            f"Random sentences: {x} of {n} held a marker the tool missed (one-sided 95 % upper bound of "
            f"that share: {clopper_pearson_upper(x, n):.3f}, Clopper-Pearson).",
        ]
    ag = tables["agreement"]
    if len(ag):
        lines += [
            "",
            "Agreement between coders:",
            "",
            "| field | coders | items | agreement | α | κ |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for r in ag.itertuples(index=False):
            lines.append(
                f"| {r.field} | {r.coders} | {r.n_items} | {f(r.percent_agreement)} | {f(r.alpha)} | {f(r.kappa)} |"
            )
    return "\n".join(lines) + "\n"
