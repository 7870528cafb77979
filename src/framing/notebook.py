"""Helpers that keep notebooks thin: load the inputs named by the parameters cell, save outputs.

Every notebook in ``notebooks/`` starts with a cell tagged ``parameters`` holding the common
parameters below (plus its own), then calls::

    from framing import notebook as nb
    run = nb.start(output_dir=output_dir, figure_formats=figure_formats)
    corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to)
    ...
    run.save_figure(fig, "variant_shares")   # figures/variant_shares.{png,svg,pdf}
    run.save_table(df, "mentions")           # tables/mentions.csv (+ .tex)

Paths are resolved relative to the current directory, which is ``notebooks/`` both in JupyterLab
and under ``framing report``; so the defaults work unedited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from .corpus import filter_corpus, read_corpus
from .errors import ParameterError

#: Defaults shared by every notebook's parameters cell (relative to notebooks/).
DEFAULTS = {
    "corpus_path": "../data/raw/seeds",
    "lexicon_path": "../data/lexicons/russia_ukraine.yaml",
    "outlets": [],
    "date_from": "",
    "date_to": "",
    "output_dir": "../reports/interactive",
    "figure_formats": ["png", "svg", "pdf"],
    "seed": 20220224,
    "n_boot": 1000,
}


@dataclass
class Run:
    """Where one notebook writes: ``output_dir/figures`` and ``output_dir/tables``."""

    output_dir: Path
    figure_formats: Sequence[str] = ("png", "svg", "pdf")
    written: list[Path] = field(default_factory=list)

    @property
    def figures_dir(self) -> Path:
        return self.output_dir / "figures"

    @property
    def tables_dir(self) -> Path:
        return self.output_dir / "tables"

    def save_figure(self, fig, name: str) -> list[Path]:
        from .style import save_figure

        paths = save_figure(fig, name, self.figures_dir, self.figure_formats)
        self.written.extend(paths)
        return paths

    def save_table(self, df: pd.DataFrame, name: str, latex: bool = True) -> list[Path]:
        from .tables import save_table

        paths = save_table(df, name, self.tables_dir, latex=latex)
        self.written.extend(paths)
        return paths


def start(output_dir: str | os.PathLike = DEFAULTS["output_dir"],
          figure_formats: Iterable[str] = DEFAULTS["figure_formats"]) -> Run:
    """Apply the paper style and prepare the output folders."""
    from .style import use_style

    formats = [figure_formats] if isinstance(figure_formats, str) else list(figure_formats)
    use_style()
    run = Run(Path(output_dir), tuple(formats))
    run.figures_dir.mkdir(parents=True, exist_ok=True)
    run.tables_dir.mkdir(parents=True, exist_ok=True)
    return run


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def load_corpus(corpus_path: str | os.PathLike) -> pd.DataFrame:
    """A corpus file (Parquet, CSV, JSONL) or a folder of raw sources, ingested in memory."""
    path = Path(corpus_path)
    if path.is_dir():
        from .ingest import ingest_sources

        corpus, _summary = ingest_sources([path])
        return corpus
    return read_corpus(path)


def load_inputs(corpus_path, lexicon_path, outlets=None, date_from="", date_to=""):
    """Load and filter the corpus and load the lexicon named by a notebook's parameters."""
    from .lexicon import load_lexicon

    corpus = load_corpus(corpus_path)
    corpus = filter_corpus(corpus, _as_list(outlets) or None, date_from or None, date_to or None)
    if corpus.empty:
        raise ParameterError("outlets/date_from/date_to: no document is left after filtering; widen the filter")
    return corpus, load_lexicon(lexicon_path)
