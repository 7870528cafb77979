"""Helpers that keep notebooks thin: load the inputs named by the parameters cell, save outputs.

Every notebook in ``notebooks/`` starts with a cell tagged ``parameters`` holding the common
parameters below (plus its own), then calls::

    from framing import notebook as nb
    run = nb.start(output_dir=output_dir, figure_formats=figure_formats, table_formats=table_formats)
    corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies)
    ...
    run.save_figure(fig, "variant_shares")   # figures/variant_shares.{png,svg,pdf}
    run.save_table(df, "mentions")           # tables/mentions.csv (+ .tex, .xlsx, .dta: table_formats)

The defaults work from any folder, in a checkout or an installed package, under JupyterLab,
``framing report`` or plain papermill: an empty ``corpus_path`` is the bundled demo corpus, an empty
``lexicon_path`` the bundled lexicon (a bare name such as ``"us_immigration"`` another bundled one), and
an empty ``output_dir`` is ``reports/interactive`` of the project the current folder is in (see
:func:`default_output_dir`). Other relative paths are relative to the current folder, which is
``notebooks/`` in JupyterLab and under ``framing report``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .corpus import filter_corpus, read_corpus, write_corpus
from .errors import OutputError, ParameterError
from .vocab import DEFAULT_SEED

#: Defaults shared by every notebook's parameters cell (empty paths: see the module docstring).
DEFAULTS: dict[str, Any] = {
    "corpus_path": "",
    "lexicon_path": "",
    "outlets": [],
    "date_from": "",
    "date_to": "",
    "output_dir": "",
    "figure_formats": ["png", "svg", "pdf"],
    "table_formats": ["csv", "tex", "xlsx", "dta"],
    "seed": DEFAULT_SEED,
    "n_boot": 1000,
    "count_copies": False,
    "modality": "frames-asserted",
}


@dataclass
class Run:
    """Where one notebook writes: ``output_dir/figures`` and ``output_dir/tables``."""

    output_dir: Path
    figure_formats: Sequence[str] = ("png", "svg", "pdf")
    written: list[Path] = field(default_factory=list)
    table_formats: Sequence[str] = ("csv", "tex", "xlsx", "dta")

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

    def save_figures(self, figs: Sequence, name: str, show: bool = True) -> list[str]:
        """Save figures drawn on several pages as ``name``, ``name_2``, ``name_3`` ... (every format),
        displaying each when ``show``; returns the names."""
        names = []
        for i, fig in enumerate(figs):
            names.append(name if i == 0 else f"{name}_{i + 1}")
            self.save_figure(fig, names[-1])
            if show:
                from .plots import show as _show

                _show(fig)
        return names

    def save_table(self, df: pd.DataFrame, name: str, latex: bool = True) -> list[Path]:
        """Write ``tables/name.csv`` and the other :attr:`table_formats` (``tex`` only with
        ``latex``; see :func:`framing.tables.save_table`)."""
        from .tables import save_table

        formats = [f for f in self.table_formats if latex or f != "tex"]
        paths = save_table(df, name, self.tables_dir, formats=formats)
        self.written.extend(paths)
        return paths


def default_output_dir(here: str | os.PathLike | None = None) -> Path:
    """``reports/interactive`` of the project the folder ``here`` (default: the current one) is in:
    the nearest folder, from ``here`` up, that holds both ``notebooks/`` and ``reports/`` (a checkout
    or a project made by ``framing init``); else ``reports/interactive`` under ``here``.

    Examples
    --------
    >>> default_output_dir("/nowhere/in/particular").as_posix()
    '/nowhere/in/particular/reports/interactive'
    """
    start = Path(here or Path.cwd()).absolute()
    for folder in (start, *start.parents):
        if (folder / "notebooks").is_dir() and (folder / "reports").is_dir():
            return folder / "reports" / "interactive"
    return start / "reports" / "interactive"


def start(
    output_dir: str | os.PathLike = DEFAULTS["output_dir"],
    figure_formats: Iterable[str] = DEFAULTS["figure_formats"],
    table_formats: Iterable[str] = DEFAULTS["table_formats"],
) -> Run:
    """Apply the paper style, show tables for reading and prepare the output folders (``output_dir``
    empty: see :func:`default_output_dir`).

    ``table_formats``: any of ``csv`` (always written), ``tex``, ``xlsx``, ``dta``. In a notebook
    every DataFrame shown afterwards is displayed by :func:`framing.tables.reading_html` (no index,
    rounded, missing values as "—"); the CSV keeps every digit.
    """
    from .style import use_style
    from .tables import check_table_formats, use_reading_tables

    formats = [figure_formats] if isinstance(figure_formats, str) else list(figure_formats)
    use_style()
    use_reading_tables()
    tformats = check_table_formats(table_formats)
    run = Run(Path(output_dir) if str(output_dir) else default_output_dir(), tuple(formats), table_formats=tformats)
    run.figures_dir.mkdir(parents=True, exist_ok=True)
    run.tables_dir.mkdir(parents=True, exist_ok=True)
    return run


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def cache_dir() -> Path:
    """Where ingested folders are cached: ``$FRAMING_CACHE_DIR``, else ``data/processed/cache`` of the
    source checkout, else ``~/.cache/framing``."""
    env = os.environ.get("FRAMING_CACHE_DIR")
    if env:
        return Path(env)
    project = Path(__file__).resolve().parents[2] / "data" / "processed"
    if project.is_dir() and os.access(project, os.W_OK):
        return project / "cache"
    return Path.home() / ".cache" / "framing"


def _folder_key(folder: Path) -> str:
    """sha256 of the folder's path (as given and resolved), of every file under it (relative path and
    bytes) and of the ingest code itself, so a cached corpus is reused only for the same sources, in the
    same place, ingested by the same code: ingest records each document's ``source_file``, so a copy of
    the folder elsewhere must not get the first copy's paths."""
    h = hashlib.sha256()
    for name in (os.fspath(folder), str(folder.resolve())):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    code = Path(__file__).resolve().parent / "ingest"
    for path in sorted(code.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def load_corpus(corpus_path: str | os.PathLike, cache: bool = True) -> pd.DataFrame:
    """A corpus file (Parquet, CSV, JSONL), or a folder of raw sources ingested with the defaults of
    ``framing ingest`` (empty: the bundled demo corpus).

    An ingested folder is cached as Parquet under :func:`cache_dir`, keyed by the folder's path (as
    given and resolved) and the sha256 of its files and of the ingest code, so the notebooks of a suite
    ingest a large folder once, not once each, and a copy of the folder elsewhere gets its own
    ``source_file`` paths.
    """
    if not str(corpus_path):
        from .bundled import demo_corpus

        corpus_path = demo_corpus()
    path = Path(corpus_path)
    if not path.exists():
        from .errors import CorpusError

        where = "" if path.is_absolute() else f" (relative to {Path.cwd()})"
        raise CorpusError(
            f"{corpus_path}: no such corpus file or folder{where}; give its path, or leave corpus_path "
            "empty for the bundled demo corpus"
        )
    if not path.is_dir():
        return read_corpus(path)
    from .ingest import ingest_sources

    if not cache:
        return ingest_sources([path])[0]
    target = cache_dir() / f"{_folder_key(path)}.parquet"
    if target.exists():
        return read_corpus(target)
    corpus, _summary = ingest_sources([path])
    try:
        write_corpus(corpus, target)
    except (OSError, OutputError):  # a read-only or full place: go on without the cache
        pass
    return corpus


def match_mentions(
    corpus: pd.DataFrame, lexicon, modality: str = DEFAULTS["modality"]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every mention of the lexicon in the corpus, and the ones the statistics count.

    Returns ``(counted, every)``: ``every`` is :func:`framing.match.match_corpus`'s table (each
    mention with its voice and modality); ``counted`` keeps those that count under the ``modality``
    rule (:func:`framing.stats.select_modality`: by default a frame term — invasion, coup,
    liberation — only when asserted, a spelling or name style whatever its modality), with the
    left-out mentions tabulated in ``counted.attrs["left_out"]`` (concept, variant, modality, n).
    Prints how many were left out and why, so every report says it.
    """
    from .match import match_corpus
    from .stats import select_modality

    every = match_corpus(corpus, lexicon)
    counted, left_out = select_modality(every, modality, lexicon)
    counted = counted.reset_index(drop=True)
    counted.attrs["left_out"] = left_out
    n_out = int(left_out["n"].sum()) if len(left_out) else 0
    if n_out:
        by = left_out.groupby("modality")["n"].sum().to_dict()
        print(
            f"{len(every)} lexicon mentions; {n_out} left out of the statistics by the modality rule {modality!r} "
            f"(frame terms not asserted: {', '.join(f'{k} {v}' for k, v in sorted(by.items()))}); {len(counted)} counted"
        )
    else:
        print(f"{len(every)} lexicon mentions, all counted (modality rule {modality!r})")
    return counted, every


def load_inputs(corpus_path, lexicon_path, outlets=None, date_from="", date_to="", count_copies=True):
    """Load and filter the corpus and load the lexicon named by a notebook's parameters.

    ``count_copies=False`` leaves out near-duplicate copies (``is_copy``, marked by ingest): a story
    republished by another site then counts once, for its original. The number left out is in
    ``corpus.attrs["copies_dropped"]``.
    """
    from .lexicon import load_lexicon

    corpus = load_corpus(corpus_path)
    corpus = filter_corpus(corpus, _as_list(outlets) or None, date_from or None, date_to or None)
    dropped = 0
    if not count_copies and "is_copy" in corpus.columns:
        copies = corpus["is_copy"].fillna(False).astype(bool)
        dropped = int(copies.sum())
        corpus = corpus[~copies].reset_index(drop=True)
    corpus.attrs["copies_dropped"] = dropped
    if corpus.empty:
        raise ParameterError("outlets/date_from/date_to: no document is left after filtering; widen the filter")
    return corpus, load_lexicon(lexicon_path)
