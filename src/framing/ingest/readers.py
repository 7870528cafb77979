"""Readers: every source format becomes chunks of one standard raw table.

Each chunk is a DataFrame with the columns of :data:`RAW_COLUMNS` (``date`` still unparsed) plus any
extra metadata columns of the source. Tabular sources are streamed in chunks of ``chunk_rows``
rows (CSV record by record, ``ParquetFile.iter_batches`` for Parquet, JSONL line by line); a
folder's files are read one at a time.

What a reader reads (see :func:`discover`): the files named as sources, and the regular files
inside the folders named as sources. A symbolic link in a folder that resolves outside it, a link
to a folder, and anything that is not a regular file (FIFO, socket, device) is never opened: it is
listed in the summary (``not_read``) instead.

Where a row is (``source_loc`` and the messages): a CSV row is ``row N (line L)``, N the record's
number after the header (1-based; blank lines are not records, and every record counts, also a
skipped one) and L the physical line it starts on (the header is line 1 when the file starts with
it); a JSONL row is ``line L``; a Parquet row ``row N``; a text or HTML file ``document`` (or its
manifest line).

Encodings are decided once per file and proven per row (see :mod:`framing.ingest.decode` and
:mod:`framing.ingest.textio`): a row with bytes the file's encoding cannot decode, or NUL bytes,
is repaired (each run of them becomes U+FFFD; the row is listed in the summary's ``repaired_rows``
and counted in its file's ``file_encodings`` record), or skipped and listed with ``skip_bad``. When
the encoding was named with ``--encoding``, such a row is an error (or, with ``skip_bad``, skipped):
the user said what the bytes are. A JSON string holding a lone surrogate escape (``"\\ud800"``,
not a character) is treated the same way.

Modules: :mod:`~framing.ingest.common` (options, problems, items), :mod:`~framing.ingest.discovery`
(which files are read), :mod:`~framing.ingest.documents` (text and HTML files),
:mod:`~framing.ingest.read_csv`, :mod:`~framing.ingest.read_tables` (JSONL, Parquet) and
:mod:`~framing.ingest.standardize` (a tabular chunk into the raw columns); this module reads the
discovered items in order and re-exports their public names.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ..errors import CorpusError
from .common import (
    FORMATS,
    HTML_SUFFIXES,
    LIST_LIMIT,
    MANIFEST_NAMES,
    MAX_DOCUMENT,
    MEDIACLOUD_FALLBACKS,
    RAW_COLUMNS,
    RESERVED,
    TABLE_SUFFIXES,
    TXT_SUFFIXES,
    Item,
    Options,
    Problems,
    _Unreadable,
    column_list,
    excerpt,
    path_text,
)
from .discovery import discover
from .documents import _read_document
from .read_csv import _read_csv
from .read_tables import _read_jsonl, _read_parquet
from .textio import READ_ERRORS, read_problem

__all__ = [
    "FORMATS",
    "HTML_SUFFIXES",
    "LIST_LIMIT",
    "MANIFEST_NAMES",
    "MAX_DOCUMENT",
    "MEDIACLOUD_FALLBACKS",
    "RAW_COLUMNS",
    "RESERVED",
    "TABLE_SUFFIXES",
    "TXT_SUFFIXES",
    "Item",
    "Options",
    "Problems",
    "column_list",
    "discover",
    "excerpt",
    "path_text",
    "read_items",
]


# ------------------------------------------------------------------------------------------ readers
def read_items(items: list[Item], opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    """Yield raw chunks for every item in order. With ``skip_bad`` a file that cannot be read, or
    stops being readable part way (a damaged compressed stream), is listed and the rest go on
    (rows yielded before the problem are kept)."""
    pending: list[dict] = []
    for item in items:
        if item.kind in ("txt", "html"):
            row = _read_document(item, opts, problems)
            if row is not None:
                pending.append(row)
                if len(pending) >= opts.chunk_rows:
                    yield pd.DataFrame(pending)
                    pending = []
            continue
        if pending:
            yield pd.DataFrame(pending)
            pending = []
        mark = problems.mark()
        yielded = False
        try:
            if item.kind == "jsonl":
                reader = _read_jsonl(item.path, opts, problems)
            elif item.kind == "parquet":
                reader = _read_parquet(item.path, opts, problems)
            else:
                reader = _read_csv(item.path, opts, problems, mediacloud=item.kind == "mediacloud")
            for chunk in reader:
                yielded = True
                yield chunk
        except (CorpusError, *READ_ERRORS) as exc:
            if not problems.skip_bad and not isinstance(exc, (_Unreadable, *READ_ERRORS)):
                raise
            if not yielded:  # a file refused as a whole: the rows it skipped before are not reads of their own
                problems.rollback(mark)
            if isinstance(exc, CorpusError):
                problems.bad_file(str(item.path), str(exc), hint=isinstance(exc, _Unreadable))
            else:  # a damaged compressed stream, a file gone while reading
                problems.bad_file(str(item.path), f"{item.path}: cannot read: {read_problem(exc)}", hint=True)
    if pending:
        yield pd.DataFrame(pending)
