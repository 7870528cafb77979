"""What every reader shares: the raw columns and file kinds, the options a reader is given
(:class:`Options`), the record of bad rows and unreadable files (:class:`Problems`), the items
discovery finds (:class:`Item`), and short escaped quotations for messages."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from .decode import Decision, Unreadable, decide_encoding, declared_charset
from .textio import (
    MAX_LINE,
    Line,
    Source,
    describe_bad,
    inner_name,
)

RAW_COLUMNS = ["doc_id", "outlet", "date", "title", "url", "text_raw", "source_file", "source_loc", "encoding"]
#: Columns ingest computes; a source column with one of these names is kept as ``orig_<name>``.
RESERVED = set(RAW_COLUMNS) | {
    "text",
    "date_precision",
    "furniture_removed",
    "n_furniture",
    "dup_group",
    "is_copy",
    "dup_similarity",
}
TXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
FORMATS = ("auto", "txt", "csv", "jsonl", "parquet", "html", "mediacloud")
MANIFEST_NAMES = ("manifest.csv",)
MEDIACLOUD_FALLBACKS = {
    "doc_id": ["stories_id", "id"],
    "outlet": ["media_name"],
    "date": ["publish_date"],
    "text": ["text", "story_text"],
    "title": ["title"],
    "url": ["url"],
}
#: The largest text or HTML document read (64 MB); a larger file is unreadable.
MAX_DOCUMENT = 64 << 20
#: How many repaired rows the summary lists (all are counted).
LIST_LIMIT = 1000

if csv.field_size_limit() < MAX_LINE:
    csv.field_size_limit(MAX_LINE)  # a field as long as a line may be (the default is 128 K characters)


def excerpt(value, limit: int = 60) -> str:
    """A short, escaped quotation of ``value`` for a message: ``repr`` of at most ``limit``
    characters (control characters and odd bytes escaped, so a message stays one line).

    Examples
    --------
    >>> excerpt("Kyiv"), excerpt("a\\nb" * 40, 8)
    ("'Kyiv'", "'a\\\\nba\\\\nba\\\\n...'")
    """
    s = value if isinstance(value, str) else str(value)
    return repr(s[:limit] + "...") if len(s) > limit else repr(s)


def path_text(value) -> str:
    """``str(value)`` that can be written as UTF-8: a file name with bytes that are not UTF-8 (held
    as lone surrogates by Python) shows them as ``\\udcff`` escapes.

    Examples
    --------
    >>> path_text("a\\udcff.csv")
    'a\\\\udcff.csv'
    """
    s = str(value)
    if s.isascii():
        return s
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _name(value, limit: int = 30) -> str:
    s = str(value)
    return s if len(s) <= limit and s.isprintable() else excerpt(s, limit)


def column_list(cols: list, limit: int = 8) -> str:
    """The columns of a source for a message: plain names, odd or long ones escaped, at most ``limit``.

    Examples
    --------
    >>> column_list(["body", "outlet"]), column_list([f"c{i}" for i in range(10)], 3)
    ('body, outlet', 'c0, c1, c2 ... (10 columns)')
    """
    names = ", ".join(_name(c) for c in cols[:limit])
    return names + (f" ... ({len(cols)} columns)" if len(cols) > limit else "")


@dataclass
class Options:
    """Everything a reader needs to know (set by :func:`framing.ingest.ingest_sources`)."""

    text_col: str = "text"
    outlet_col: str = "outlet"
    id_col: str | None = None
    date_col: str = "date"
    title_col: str = "title"
    url_col: str = "url"
    outlet: str | None = None
    manifest: str | os.PathLike | None = None
    fmt: str = "auto"
    encoding: str | None = None
    skip_bad: bool = False
    chunk_rows: int = 10_000


@dataclass
class Problems:
    """Bad rows and unreadable files: raise at once, or (``skip_bad``) record and go on; rows
    repaired; paths not read; each file's encoding record."""

    skip_bad: bool = False
    skipped: list[dict] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    not_read: list[dict] = field(default_factory=list)
    repaired: list[dict] = field(default_factory=list)
    n_repaired: int = 0
    files: list[dict] = field(default_factory=list)

    def bad_row(self, source: str, loc: str, message: str) -> None:
        if not self.skip_bad:
            raise CorpusError(f"{source}: {loc}: {message}; or pass --skip-bad to skip such rows and list them")
        self.skipped.append({"source": path_text(source), "where": loc, "problem": path_text(message)})

    def bad_file(self, source: str, message: str, hint: bool = False) -> None:
        """``message`` is a full one-line error that already names ``source``; ``hint``: add the
        advice to pass --skip-bad (for a file that cannot be read at all)."""
        if not self.skip_bad:
            raise CorpusError(message + ("; or pass --skip-bad to skip unreadable files and list them" if hint else ""))
        self.unreadable.append({"source": path_text(source), "problem": path_text(message)})

    def not_regular(self, path: Path, why: str) -> None:
        """A path that is never opened (a link out of the folder, a FIFO ...): listed, not read."""
        self.not_read.append({"path": path_text(path), "why": why})

    def bad_text(self, record: dict, where: str, problem: str, given: str | None = None) -> bool:
        """A row holding bytes that do not decode, NUL bytes or lone surrogates (``problem`` says
        which and where): ``True`` to repair it (each run becomes U+FFFD; the row is counted and
        listed), ``False`` when it is skipped (``skip_bad``). ``given``: the encoding named with
        ``--encoding``, which makes such a row an error without ``skip_bad``."""
        source = record["file"]
        if self.skip_bad:
            record["rows_skipped"] += 1
            self.skipped.append({"source": source, "where": where, "problem": problem})
            return False
        if given:
            raise CorpusError(
                f"{source}: {where}: {problem}; the rest of the file reads as {given} (the --encoding given): fix this "
                "row, leave out --encoding to have such bytes repaired as U+FFFD, or pass --skip-bad to skip such rows"
            )
        record["rows_repaired"] += 1
        self.n_repaired += 1
        if len(self.repaired) < LIST_LIMIT:
            self.repaired.append({"source": source, "where": where, "problem": problem + "; repaired as U+FFFD"})
        return True

    def mark(self) -> tuple:
        """Where the lists stand, for :meth:`rollback`."""
        return len(self.skipped), len(self.repaired), self.n_repaired, len(self.files)

    def rollback(self, mark: tuple) -> None:
        """Forget the rows skipped and repaired since ``mark`` (a file then refused as a whole)."""
        n_skipped, n_listed, n_repaired, n_files = mark
        del self.skipped[n_skipped:], self.repaired[n_listed:]
        self.n_repaired = n_repaired
        for record in self.files[n_files:]:
            record["rows_repaired"] = record["rows_skipped"] = 0

    def file_record(self, path: Path, decision: Decision) -> dict:
        record = {
            "file": path_text(path),
            "encoding": decision.encoding,
            "decided_by": decision.how,
            "confidence": decision.confidence,
            "rows_repaired": 0,
            "rows_skipped": 0,
        }
        self.files.append(record)
        return record


def _bytes_problem(line_or_bad, enc: str) -> str:
    bad = line_or_bad.bad if isinstance(line_or_bad, Line) else line_or_bad
    what = "NUL bytes" if all(raw.strip(b"\x00") == b"" for _, raw in bad) else f"bytes that are not {enc}"
    return f"{what}: {describe_bad(bad)}"


_Unreadable = Unreadable  # a whole file cannot be read (skippable with --skip-bad)


def _decide(src: Source, opts: Options, html: bool = False) -> Decision:
    """The file's encoding, decided on a sample (see :func:`~framing.ingest.decode.decide_encoding`)."""
    sample = src.sample()
    if not sample:
        return Decision("utf-8", "utf-8")
    return decide_encoding(sample, str(src.path), opts.encoding, declared_charset(sample) if html else None)


# --------------------------------------------------------------------------------------- discovery
@dataclass
class Item:
    kind: str  # txt | html | csv | jsonl | parquet | mediacloud
    path: Path
    meta: dict | None = None  # manifest row (for txt/html)
    loc: str = ""  # manifest location of that row


def _stem(path: Path) -> str:
    return Path(inner_name(path)[0]).stem
