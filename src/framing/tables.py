"""Tables for papers: CSV (exact, for re-analysis) and LaTeX booktabs (for print)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd


def save_table(df: pd.DataFrame, name: str, out_dir: str | os.PathLike, latex: bool = True,
               float_format: str = "%.4g") -> list[Path]:
    """Write ``out_dir/name.csv`` and, with ``latex``, ``out_dir/name.tex`` (booktabs, escaped)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.csv"]
    df.to_csv(paths[0], index=False, lineterminator="\n")
    if latex:
        tex = out / f"{name}.tex"
        body = df.to_latex(index=False, escape=True, float_format=lambda x: float_format % x)
        # pandas' to_latex emits booktabs rules (\toprule, \midrule, \bottomrule) by default.
        tex.write_text(body, encoding="utf-8")
        paths.append(tex)
    return paths
