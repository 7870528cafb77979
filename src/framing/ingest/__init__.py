"""Ingest: corpora as they come (text folders with a manifest, CSV, JSONL, Parquet, saved HTML
pages, Media Cloud exports) into the canonical corpus.

Public API
----------
- :func:`ingest_sources` — read, decode, clean, remove site furniture, mark near-duplicates;
  returns ``(corpus, summary)``.
- :func:`drop_copies` — the corpus without later copies (``corpus[~corpus.is_copy]``).
- :func:`write_outputs` — write the corpus and ``<out>.summary.json`` atomically.
- :func:`ingest_stream` — both at once for corpora bigger than memory (texts kept on disk
  meanwhile; the same output, Parquet only).
- :func:`format_summary` — the printed accounting.
- ``framing ingest SOURCE... --out CORPUS.parquet`` — the command line (in :mod:`framing.cli.ingest`).

See the manual, docs/ingest.md, for formats, columns, rules and errors.
"""

from __future__ import annotations

from .core import INGEST_COLUMNS, drop_copies, format_summary, ingest_sources, write_outputs
from .decode import clean_text, decode_bytes, detect_encoding, parse_date
from .dedup import containment, find_duplicates, shingles
from .furniture import KNOWN_PATTERNS, is_headline, known_furniture
from .stream import ingest_stream

__all__ = [
    "INGEST_COLUMNS",
    "KNOWN_PATTERNS",
    "clean_text",
    "containment",
    "decode_bytes",
    "detect_encoding",
    "drop_copies",
    "find_duplicates",
    "format_summary",
    "ingest_sources",
    "ingest_stream",
    "is_headline",
    "known_furniture",
    "parse_date",
    "shingles",
    "write_outputs",
]
