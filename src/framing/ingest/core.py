"""``ingest_sources``: raw sources in, canonical corpus and an accounting summary out.

The work is done by the steps of :mod:`framing.ingest.pipeline` with the texts kept in memory
(:class:`~framing.ingest.storage.MemoryStorage`); this module keeps the public entry points and the
names other modules and tests import from it.
"""

from __future__ import annotations

import os

import pandas as pd

from .._perf import gc_paused
from .finish import INGEST_COLUMNS, with_texts
from .finish import _repair_cluster as _repair_cluster
from .finish import _repair_clusters as _repair_clusters
from .output import _write_atomically as _write_atomically
from .output import summary_path_of, write_outputs
from .pipeline import IngestState, run, start
from .summary import _NON_ASCII_SPACE as _NON_ASCII_SPACE
from .summary import _n_words as _n_words
from .summary import _summary as _summary
from .summary import format_summary

__all__ = ["INGEST_COLUMNS", "drop_copies", "format_summary", "ingest_sources", "summary_path_of", "write_outputs"]


def _start(args: dict) -> IngestState:
    """The state of an ingest (:func:`framing.ingest.pipeline.start`): the arguments checked, the sources discovered."""
    return start(args)


@gc_paused()  # many small lists, dicts and arrays: see framing._perf
def ingest_sources(
    sources: list[str | os.PathLike] | str | os.PathLike,
    *,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str | None = None,
    date_col: str = "date",
    title_col: str = "title",
    url_col: str = "url",
    outlet: str | None = None,
    manifest: str | os.PathLike | None = None,
    fmt: str = "auto",
    encoding: str | None = None,
    furniture: bool = True,
    dedup: bool = True,
    dup_threshold: float = 0.5,
    shingle_size: int = 5,
    skip_bad: bool = False,
    furniture_min_docs: int = 5,
    furniture_min_count: int = 5,
    furniture_min_share: float = 0.05,
    chunk_rows: int = 10_000,
    language: str | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Read raw sources into the canonical corpus, with furniture removed and copies marked.

    Parameters
    ----------
    sources : files or folders. A folder holds ``.txt`` files described by ``manifest.csv``
        (``file, outlet, date, title, url`` + any metadata columns), saved ``.html`` pages, and/or
        ``.csv``/``.jsonl``/``.parquet`` tables. A ``.txt`` document's ``doc_id`` is its file name
        without extension.
    text_col, outlet_col, id_col, date_col, title_col, url_col : column names in tabular sources
        (``id_col=None``: a ``doc_id`` column if present, else ``<file stem>-<row>``).
    outlet : constant outlet for sources that lack one.
    manifest : a manifest CSV to use instead of ``<folder>/manifest.csv``.
    fmt : ``auto`` (by extension; CSVs with ``stories_id`` or ``media_name``+``publish_date`` are
        Media Cloud exports) or one of ``txt, csv, jsonl, parquet, html, mediacloud``.
    encoding : force a text encoding (default: BOM, UTF-8, else detected by charset-normalizer).
    furniture : remove site furniture (see :mod:`framing.ingest.furniture`).
    dedup, dup_threshold, shingle_size : mark near-duplicates (see :mod:`framing.ingest.dedup`).
    skip_bad : skip bad rows and unreadable files (each listed in the summary) instead of failing.
    furniture_min_docs, furniture_min_count, furniture_min_share : learned-furniture thresholds.
    chunk_rows : rows per chunk when streaming tabular sources.
    language : one ISO 639-1 code for every document (``--language``). Otherwise the ``language``
        column is the source's own ``language`` value where it is a code (``ru``, ``uk-UA``,
        ``Russian``: see :func:`framing.language.normalize_code`), else detected offline from the
        text (:func:`framing.language.detect_language` on its first
        :data:`~framing.language.INGEST_SAMPLE_CHARS` characters; ``und`` when it cannot tell). The
        summary counts the documents by language and by origin (override, source, detected, and
        source values that were not codes).

    Returns
    -------
    (corpus, summary). ``corpus`` has the canonical columns ``doc_id, outlet, date, title, url,
    text`` then :data:`INGEST_COLUMNS` then the sources' metadata columns. ``text`` is cleaned
    (ftfy, NFC, ``\\n`` line ends, furniture removed) and is what offsets refer to; ``text_raw`` is
    the decoded original. ``summary`` is the accounting (see :func:`format_summary`); it always
    satisfies ``documents_read == documents_kept + empty + duplicate_ids + skipped_rows``.

    Raises
    ------
    CorpusError : bad input (the message names the file, line or field and the fix).

    Examples
    --------
    >>> corpus, summary = ingest_sources(["data/raw/seeds"])  # doctest: +SKIP
    >>> corpus.loc[corpus.doc_id.str.startswith("001"), "dup_group"].item()  # doctest: +SKIP
    '000_e2826f22343e0c10'
    """
    state = _start(dict(locals()))  # the arguments, checked; the sources discovered
    try:
        run(state)
        return with_texts(state), state.summary
    finally:
        state.close()


def drop_copies(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without later copies of near-duplicate clusters (each original is kept).

    Equivalent to ``corpus[~corpus["is_copy"]]``; a corpus without an ``is_copy`` column is
    returned unchanged.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a", "b"], "is_copy": [False, True]})
    >>> drop_copies(df).doc_id.tolist()
    ['a']
    """
    if "is_copy" not in corpus.columns:
        return corpus
    return corpus[~corpus["is_copy"].astype(bool)].reset_index(drop=True)
