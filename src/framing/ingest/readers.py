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
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ..errors import CorpusError
from .decode import Decision, Unreadable, decide_encoding, declared_charset
from .textio import (
    MAX_LINE,
    READ_ERRORS,
    Line,
    Source,
    byte_lines_ok,
    describe_bad,
    has_marks,
    inner_name,
    iter_lines,
    read_problem,
    repair,
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


def _kind_of(path: Path) -> str | None:
    name, _ = inner_name(path)
    suf = Path(name).suffix.lower()
    if suf in TXT_SUFFIXES:
        return "txt"
    if suf in HTML_SUFFIXES:
        return "html"
    return TABLE_SUFFIXES.get(suf)


def _stem(path: Path) -> str:
    return Path(inner_name(path)[0]).stem


def _kind_word(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _read_manifest(path: Path, opts: Options, problems: Problems) -> list[tuple[dict, str]] | None:
    """The manifest's rows as ``(row, "line L")``; ``None`` when it cannot be read (``skip_bad``)."""
    try:
        header, rows = _small_csv(path, opts, problems)
    except CorpusError as exc:
        problems.bad_file(str(path), str(exc) if str(path) in str(exc) else f"{path}: {exc}", hint=True)
        return None
    if "file" not in header:
        problems.bad_file(
            str(path),
            f"{path}: manifest has no 'file' column (columns: {column_list(header)}); "
            "a manifest needs file, outlet and optionally date, title, url",
        )
        return None
    return rows


def _small_csv(path: Path, opts: Options, problems: Problems) -> tuple[list[str], list[tuple[dict, str]]]:
    """A small CSV file (a manifest) as its header and ``(row dict, "line L")`` pairs."""
    src = Source(path)
    decision = _decide(src, opts)
    record = problems.file_record(path, decision)
    header: list[str] = []
    rows: list[tuple[dict, str]] = []
    for header, rec in _csv_records(src, decision, record, problems, ","):
        if rec.fields is None:
            continue
        rows.append((dict(zip(header, rec.fields)), f"line {rec.line}"))
    if not header:
        raise _Unreadable(f"{path}: empty file (no header row); add a header and rows")
    return header, rows


def _regular_inside(path: Path, root: Path) -> str | None:
    """``None`` when ``path`` (a folder entry) may be read: a regular file, or a link to a regular
    file inside ``root``; else why it is not read."""
    try:
        st = path.lstat()
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a broken symbolic link"
        if not target.is_relative_to(root):
            return "a symbolic link that resolves outside the source folder"
        try:
            tst = target.stat()
        except OSError as exc:
            return f"cannot be examined ({exc.strerror or exc})"
        if stat.S_ISDIR(tst.st_mode):
            return "a symbolic link to a folder (not followed)"
        if not stat.S_ISREG(tst.st_mode):
            return f"a symbolic link to {_kind_word(tst.st_mode)}"
        return None
    if stat.S_ISDIR(st.st_mode):
        return "a folder"
    if not stat.S_ISREG(st.st_mode):
        return _kind_word(st.st_mode)
    return None


def _walk(folder: Path, root: Path, problems: Problems) -> list[Path]:
    """The regular files under ``folder`` (hidden ones left out; links out of ``root`` and non-regular
    files listed as not read), in sorted order, without following links to folders."""
    out: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.bad_file(
            str(folder), f"{folder}: cannot list the folder ({exc.strerror or exc}); check its permissions"
        )
        return out
    for entry in entries:
        if entry.name.startswith("."):
            continue
        p = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            out.extend(_walk(p, root, problems))
            continue
        why = _regular_inside(p, root)
        if why is None:
            out.append(p)
        else:
            problems.not_regular(p, why)
    return out


def discover(sources: list[str | os.PathLike], opts: Options, problems: Problems) -> list[Item]:
    """Expand the sources into an ordered list of items to read (folders walked in sorted order)."""
    items: list[Item] = []
    forced = None if opts.fmt == "auto" else opts.fmt
    if forced and forced not in FORMATS:
        raise CorpusError(f"--format {opts.fmt!r}: unknown; use one of {', '.join(FORMATS)}")
    for src in sources:
        path = Path(src)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise CorpusError(f"{path}: no such file or folder; check the SOURCE path") from None
        except OSError as exc:
            raise CorpusError(f"{path}: cannot be examined ({exc.strerror or exc}); check the SOURCE path") from None
        if stat.S_ISDIR(st.st_mode):
            items.extend(_discover_folder(path, opts, forced, problems))
            continue
        if not stat.S_ISREG(st.st_mode):
            problems.not_regular(path, _kind_word(st.st_mode))
            problems.bad_file(str(path), f"{path}: is {_kind_word(st.st_mode)}, not a file; name files or folders")
            continue
        kind = forced or _kind_of(path)
        if kind is None:
            raise CorpusError(
                f"{path}: unknown source format {path.suffix or '(no extension)'!r}; use .txt (with a manifest), "
                ".csv, .jsonl, .parquet, .html (each may end in .gz, .bz2 or .xz), or name it with --format"
            )
        if kind == "csv" and forced is None and _looks_mediacloud(path, opts):
            kind = "mediacloud"
        meta, loc = None, ""
        man_path = Path(opts.manifest) if opts.manifest else path.parent / MANIFEST_NAMES[0]
        if kind in ("txt", "html") and (opts.manifest or _regular_inside(man_path, path.parent.resolve()) is None):
            rows = _read_manifest(man_path, opts, problems) if man_path.exists() or opts.manifest else None
            for row, row_loc in rows or []:
                rel = str(row.get("file", "")).strip()
                if rel and (man_path.parent / rel).resolve() == path.resolve():
                    meta, loc = row, row_loc
                    break
        items.append(Item(kind, path, meta, loc))
    return items


def _discover_folder(folder: Path, opts: Options, forced: str | None, problems: Problems) -> list[Item]:
    root = folder.resolve()
    manifest_path = None
    if opts.manifest:
        manifest_path = Path(opts.manifest)
    else:
        for m in MANIFEST_NAMES:
            if (folder / m).exists() or (folder / m).is_symlink():
                if _regular_inside(folder / m, root) is None:
                    manifest_path = folder / m
                break
    files = _walk(folder, root, problems)
    listed: dict[Path, tuple[dict, str]] = {}
    if manifest_path is not None:
        rows = _read_manifest(manifest_path, opts, problems)
        for row, loc in rows or []:
            rel = str(row.get("file", "")).strip()
            if not rel:
                problems.bad_row(
                    str(manifest_path), loc, "field file is empty; give the document's path inside the folder"
                )
                continue
            target = (folder / rel).resolve()
            if not target.is_relative_to(root):
                problems.bad_row(
                    str(manifest_path),
                    loc,
                    f"file {excerpt(rel)} is outside the corpus folder {folder}; manifest paths must stay inside it",
                )
                continue
            if not target.exists():
                problems.bad_row(
                    str(manifest_path),
                    loc,
                    f"file {excerpt(rel)} does not exist in {folder}; fix the path or remove the row",
                )
                continue
            if not target.is_file():
                problems.bad_row(str(manifest_path), loc, f"file {excerpt(rel)} is not a regular file; remove the row")
                continue
            if target in listed:
                problems.bad_row(str(manifest_path), loc, f"file {excerpt(rel)} is listed twice; keep one row")
                continue
            listed[target] = (row, loc)
    items: list[Item] = []
    manifest_resolved = manifest_path.resolve() if manifest_path is not None else None
    for p in files:
        rp = p.resolve()
        if rp == manifest_resolved:
            continue
        kind = _kind_of(p)
        if forced == "mediacloud" and kind == "csv":
            kind = "mediacloud"
        elif forced and kind != forced:
            problems.ignored_files.append(path_text(p))
            continue
        if kind is None:
            problems.ignored_files.append(path_text(p))
            continue
        if kind == "csv" and _looks_mediacloud(p, opts):
            kind = "mediacloud"
        row, loc = listed.pop(rp, (None, ""))
        if kind == "txt" and row is None and not opts.outlet:
            if manifest_path is None:
                if not problems.skip_bad:
                    raise CorpusError(
                        f"{folder}: .txt files but no manifest.csv (file, outlet, date, title, url) in the folder; "
                        "add one, pass --manifest FILE, or give every file one outlet with --outlet NAME"
                    )
                problems.bad_row(
                    str(p), "file", f"no manifest.csv in {folder} to give its outlet; add one or pass --outlet NAME"
                )
                continue
            problems.bad_row(str(p), "file", f"not listed in {manifest_path}; add a row for it or pass --outlet NAME")
            continue
        items.append(Item(kind, p, row, loc))
    for target, (_row, loc) in listed.items():  # listed files with unsupported extensions
        problems.bad_row(str(manifest_path), loc, f"{excerpt(target.name)}: not a .txt or .html file; remove the row")
    return items


def _looks_mediacloud(path: Path, opts: Options) -> bool:
    try:
        src = Source(path)
        decision = _decide(src, opts)
        cols = set(_header(src, decision, "\t" if _is_tsv(path) else ","))
    except CorpusError:
        return False
    return "stories_id" in cols or {"media_name", "publish_date"} <= cols


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


def _meta_value(meta: dict | None, *names: str) -> str:
    if not meta:
        return ""
    for n in names:
        if n and n in meta and str(meta[n]).strip():
            return str(meta[n]).strip()
    return ""


def _read_document(item: Item, opts: Options, problems: Problems) -> dict | None:
    """One text or HTML file as a raw row, or ``None`` (skipped and listed)."""
    from .textio import decode_document

    path = item.path
    where = "manifest " + item.loc if item.loc else "document"
    try:
        with Source(path).open() as fh:
            data = fh.read(MAX_DOCUMENT + 1)
        if len(data) > MAX_DOCUMENT:
            raise _Unreadable(
                f"{path}: larger than {MAX_DOCUMENT >> 20} MB, too large for one document; check the file"
            )
        doc = decode_document(data, str(path), opts.encoding, html=item.kind == "html")
    except Unreadable as exc:
        problems.bad_file(str(path), str(exc), hint=True)
        return None
    except READ_ERRORS as exc:
        problems.bad_file(str(path), f"{path}: cannot read: {read_problem(exc)}", hint=True)
        return None
    record = problems.file_record(path, doc.decision)
    text = doc.text
    if doc.bad:
        problem = _bytes_problem(doc.bad, doc.decision.encoding)
        if not problems.bad_text(
            record, f"line {doc.bad_line}", problem, doc.decision.encoding if doc.decision.given else None
        ):
            return None
        text = repair(text)
    meta = item.meta or {}
    row = {
        "doc_id": _meta_value(meta, "doc_id") or path_text(_stem(path)),
        "outlet": _meta_value(meta, "outlet", opts.outlet_col),
        "date": _meta_value(meta, "date", opts.date_col),
        "title": _meta_value(meta, "title", opts.title_col),
        "url": _meta_value(meta, "url", opts.url_col),
        "text_raw": text,
        "source_file": path_text(path),
        "source_loc": item.loc and f"manifest {item.loc}",
        "encoding": doc.decision.encoding,
    }
    if item.kind == "html":
        try:
            ext = _extract_html(text, str(path))
        except CorpusError as exc:
            problems.bad_file(str(path), str(exc), hint=True)
            return None
        row["text_raw"] = ext.get("text") or ""
        row["title"] = row["title"] or (ext.get("title") or "")
        row["url"] = row["url"] or (ext.get("url") or "")
        row["date"] = row["date"] or (ext.get("date") or "")
        row["outlet"] = row["outlet"] or (ext.get("sitename") or ext.get("hostname") or "")
    row["outlet"] = row["outlet"] or (opts.outlet or "")
    if not row["outlet"]:
        problems.bad_row(
            str(path),
            where,
            "no outlet (empty manifest field outlet, none in the page); fill it in or pass --outlet NAME",
        )
        return None
    for k, v in meta.items():
        if k in ("file", "doc_id", "outlet", "date", "title", "url"):
            continue
        row[f"orig_{k}" if k in RESERVED else k] = "" if v is None else str(v)
    return row


def _extract_html(html: str, source: str) -> dict:
    """Article text and metadata of a saved page (trafilatura, offline)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise CorpusError(
            f"{source}: cannot parse the HTML page ({type(exc).__name__}: {excerpt(exc)}); check the file"
        ) from None
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


# ---------------------------------------------------------------------------------------- tabular
def _resolve_columns(cols: list[str], source: str, opts: Options, mediacloud: bool) -> dict[str, str | None]:
    """Map canonical fields to the source's column names, or raise naming the missing one."""
    defaults = {"text": "text", "outlet": "outlet", "date": "date", "title": "title", "url": "url"}
    asked = {
        "text": opts.text_col,
        "outlet": opts.outlet_col,
        "date": opts.date_col,
        "title": opts.title_col,
        "url": opts.url_col,
        "doc_id": opts.id_col,
    }
    flag = {
        "text": "--text-col",
        "outlet": "--outlet-col",
        "date": "--date-col",
        "title": "--title-col",
        "url": "--url-col",
        "doc_id": "--id-col",
    }
    have = set(cols)
    out: dict[str, str | None] = {}
    for fld, name in asked.items():
        cands = [name] if name else []
        if mediacloud and (name is None or name == defaults.get(fld)):
            cands += MEDIACLOUD_FALLBACKS[fld]
        if fld == "doc_id" and not name:
            cands = ["doc_id"] + cands
        hit = next((c for c in cands if c in have), None)
        if hit is None and name and (fld == "doc_id" or name != defaults.get(fld)):
            raise CorpusError(
                f"{source}: no column {excerpt(name)} (asked by {flag[fld]}); columns are: {column_list(cols)}"
            )
        out[fld] = hit
    if out["text"] is None:
        extra = " (a Media Cloud export needs its story text: 'text' or 'story_text')" if mediacloud else ""
        raise CorpusError(
            f"{source}: no text column {excerpt(opts.text_col)}{extra}; columns are: {column_list(cols)}; "
            "name the text column with --text-col"
        )
    if out["outlet"] is None and not opts.outlet and not (mediacloud and "media_url" in have):
        raise CorpusError(
            f"{source}: no outlet column {excerpt(opts.outlet_col)}; columns are: {column_list(cols)}; "
            "name it with --outlet-col, or give all its documents one outlet with --outlet NAME"
        )
    return out


def _host(url: str) -> str:
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # e.g. an invalid IPv6 literal
        return ""
    return host[4:] if host.startswith("www.") else host


def _as_text(v) -> str:
    return v if isinstance(v, str) else str(v)


def _standardize(
    chunk: pd.DataFrame,
    mapping: dict,
    source: Path,
    ids: list,
    locs: list[str],
    opts: Options,
    problems: Problems,
    enc: str = "",
    mediacloud: bool = False,
) -> pd.DataFrame:
    """The raw table of ``chunk``: ``ids`` numbers the rows for ``<file>-<row>`` ids, ``locs`` are
    their ``source_loc``. Rows with an empty outlet or an empty ``doc_id`` are bad rows."""
    n = len(chunk)

    def col(fld: str, default: str = "") -> pd.Series:
        name = mapping.get(fld)
        if name is None or name not in chunk.columns:
            return pd.Series([default] * n, index=chunk.index, dtype=object)
        s = chunk[name]
        if fld == "date" and pd.api.types.is_datetime64_any_dtype(s):
            return s
        return s.astype(object).where(s.notna(), "").map(_as_text)

    out = pd.DataFrame(index=chunk.index)
    if mapping.get("doc_id"):
        out["doc_id"] = col("doc_id")
    else:
        stem = path_text(_stem(source))
        out["doc_id"] = [f"{stem}-{r}" for r in ids]
    outlet = col("outlet").map(lambda v: v.strip())
    if mediacloud and "media_url" in chunk.columns:  # Media Cloud: fall back to the site's host name
        host = chunk["media_url"].astype(object).where(chunk["media_url"].notna(), "").astype(str).map(_host)
        outlet = outlet.where(outlet != "", host)
    if opts.outlet:
        outlet = outlet.where(outlet != "", opts.outlet)
    out["outlet"] = outlet
    out["date"] = col("date")
    out["title"] = col("title")
    out["url"] = col("url")
    out["text_raw"] = col("text")
    out["source_file"] = path_text(source)
    out["source_loc"] = locs
    out["encoding"] = enc
    used = {v for v in mapping.values() if v}
    for c in chunk.columns:
        if c in used:
            continue
        name = f"orig_{c}" if c in RESERVED else str(c)
        s = chunk[c]
        out[name] = s.astype(object).where(s.notna(), "").map(_as_text)
    no_outlet = (out["outlet"] == "").to_numpy()
    no_id = (out["doc_id"].str.strip() == "").to_numpy() if mapping.get("doc_id") else None
    if no_outlet.any() or (no_id is not None and no_id.any()):
        keep = []
        id_field = mapping.get("doc_id")
        id_fix = (
            "the --id-col column must name every document"
            if opts.id_col
            else "give every document an id, or name another id column with --id-col"
        )
        for k, i in enumerate(out.index):
            if no_id is not None and no_id[k]:
                problems.bad_row(
                    str(source),
                    out.at[i, "source_loc"],
                    f"field {_name(id_field)} (the document id) is empty; {id_fix}",
                )
                keep.append(False)
            elif no_outlet[k]:
                problems.bad_row(
                    str(source),
                    out.at[i, "source_loc"],
                    f"field {_name(mapping.get('outlet') or opts.outlet_col)} is empty; fill it in or pass --outlet NAME",
                )
                keep.append(False)
            else:
                keep.append(True)
        out = out[keep]
    return out.reset_index(drop=True)


# ------------------------------------------------------------------------------------------- CSV
def _is_tsv(path: Path) -> bool:
    return Path(inner_name(path)[0]).suffix.lower() == ".tsv"


class _Record:
    """One CSV record: its row number (0: the header), first line, ``fields`` (``None`` when it
    was skipped or repaired away) and where it is."""

    __slots__ = ("row", "line", "fields", "where")

    def __init__(self, row: int, line: int, fields: list[str] | None, where: str):
        self.row, self.line, self.fields, self.where = row, line, fields, where


_END = Line(0, -1, "\ufdd0\n", ())  # fed to the CSV parser after the last line: a quote left open swallows it


class _TooLong(Exception):
    def __init__(self, line: Line):
        self.line = line


class _Feed:
    """The lines of a file for :func:`csv.reader`, remembering the lines of the current record."""

    def __init__(self, lines: Iterator[Line]):
        self.lines, self.taken, self.done = lines, [], False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.done:
            raise StopIteration
        line = next(self.lines, None)
        if line is None:
            self.done = True
            line = _END
        if line.text is None:
            raise _TooLong(line)
        self.taken.append(line)
        return line.text


def _lines_word(lines: list[Line]) -> str:
    last = lines[-1].no if lines[-1] is not _END else lines[-2].no
    return f"line {lines[0].no}" if last == lines[0].no else f"lines {lines[0].no}-{last}"


def _csv_records(
    src: Source,
    decision: Decision,
    record: dict,
    problems: Problems,
    sep: str,
    start: tuple[int, int, int] | None = None,
) -> Iterator[tuple[list[str], _Record]]:
    """``(header, record)`` for each CSV record after the header (blank lines left out). A bad
    record (wrong number of fields, bytes that do not decode, a quote never closed) is reported to
    ``problems`` and comes with ``fields=None`` when skipped. ``start``: ``(row, line, offset)`` to go
    on from after a record that swallowed the rest of the file (a quote never closed)."""
    path = str(src.path)
    header: list[str] = []
    row = 0
    resume: tuple[int, int, int] | None = start
    resumes = 0
    first = True
    while first or resume is not None:
        first = False
        with src.open() as fh:
            if resume is not None:
                row, line_no, offset = resume
                _skip_to(fh, offset)
                lines = iter_lines(fh, decision.encoding, start=(line_no, offset))
                resume = None
            else:
                lines = iter_lines(fh, decision.encoding)
            feed = _Feed(lines)
            reader = csv.reader(feed, delimiter=sep)
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except _TooLong as exc:
                    raise _Unreadable(
                        f"{path}: line {exc.line.no} is longer than {MAX_LINE >> 20} MB; check the file"
                    ) from None
                except csv.Error as exc:
                    taken = feed.taken or [Line(0, 0, "", ())]
                    raise _Unreadable(
                        f"{path}: line {taken[0].no}: {excerpt(exc, 80)[1:-1]}; a field longer than "
                        f"{MAX_LINE >> 20} MB is usually a quote that is never closed: check the quoting"
                    ) from None
                taken, feed.taken = feed.taken, []
                if taken[-1] is _END:
                    if len(taken) == 1:
                        break
                    if not header:
                        raise _Unreadable(
                            f"{path}: the header (line {taken[0].no}) opens a quote that is never closed; fix it"
                        )
                    row += 1
                    where = f"row {row} ({_lines_word(taken)})"
                    problems.bad_row(
                        path,
                        where,
                        "a quote opened here is never closed (the file ends inside it); "
                        'close it, or double a quote that is part of the text ("")',
                    )
                    # skipped: go on with the line after the record's first line
                    resumes += 1
                    if len(taken) > 2 and byte_lines_ok(decision.encoding):
                        if resumes > MAX_RESUMES:
                            raise _Unreadable(
                                f"{path}: more than {MAX_RESUMES} quotes that are never closed; fix the quoting"
                            )
                        nxt = taken[1]
                        resume = (row, nxt.no - 1, nxt.offset)
                    yield header, _Record(row, taken[0].no, None, where)
                    break
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue  # a blank line is not a record
                if not header:
                    if any(ln.bad for ln in taken):
                        raise _Unreadable(
                            f"{path}: the header (line {taken[0].no}) has "
                            + _bytes_problem(tuple(b for ln in taken for b in ln.bad), decision.encoding)
                        )
                    header = _header_names(fields, path)
                    continue
                row += 1
                where = f"row {row} ({_lines_word(taken)})"
                if len(fields) != len(header):
                    if len(fields) < len(header):
                        fields = fields + [""] * (len(header) - len(fields))
                    elif not any(f.strip() for f in fields[len(header) :]):
                        fields = fields[: len(header)]  # empty fields after the last column: a trailing delimiter
                    else:
                        problems.bad_row(
                            path,
                            where,
                            f"expected {len(header)} fields (the header's), saw {len(fields)}; "
                            "quote fields that contain the delimiter",
                        )
                        yield header, _Record(row, taken[0].no, None, where)
                        continue
                bad = tuple(b for ln in taken for b in ln.bad)
                if bad:
                    if not problems.bad_text(
                        record,
                        where,
                        _bytes_problem(bad, decision.encoding),
                        decision.encoding if decision.given else None,
                    ):
                        yield header, _Record(row, taken[0].no, None, where)
                        continue
                    fields = [repair(f) for f in fields]
                yield header, _Record(row, taken[0].no, fields, where)
    if not header:
        return


#: How often a CSV file is read again after a quote that is never closed (each time from the line
#: after it); more makes the file unreadable.
MAX_RESUMES = 20


def _skip_to(fh, offset: int) -> None:
    try:
        fh.seek(offset)
    except (OSError, ValueError):  # a stream that cannot seek: read up to the offset
        left = offset
        while left > 0:
            got = fh.read(min(left, 1 << 20))
            if not got:
                break
            left -= len(got)


def _header_names(fields: list[str], path: str) -> list[str]:
    """The header's column names (an empty one is ``Unnamed: i``); a repeated name is an error."""
    names = [f if f != "" else f"Unnamed: {i}" for i, f in enumerate(fields)]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in seen:
            raise _Unreadable(
                f"{path}: column {excerpt(n, 40)} appears twice in the header (columns {seen[n] + 1} "
                f"and {i + 1}); rename one so that each column has its own name"
            )
        seen[n] = i
    return names


def _header(src: Source, decision: Decision, sep: str) -> list[str]:
    """The header of a CSV file (``[]`` for an empty one)."""
    with src.open() as fh:
        feed = _Feed(iter_lines(fh, decision.encoding))
        try:
            for fields in csv.reader(feed, delimiter=sep):
                if feed.taken and feed.taken[-1] is _END:
                    return []
                feed.taken = []
                if fields and not (len(fields) == 1 and not fields[0].strip()):
                    return _header_names(fields, str(src.path))
        except (_TooLong, csv.Error):
            raise _Unreadable(f"{src.path}: the header is longer than {MAX_LINE >> 20} MB; check the file") from None
    return []


def _read_csv(path: Path, opts: Options, problems: Problems, mediacloud: bool = False) -> Iterator[pd.DataFrame]:
    src = Source(path)
    decision = _decide(src, opts)
    record = problems.file_record(path, decision)
    sep = "\t" if _is_tsv(path) else ","
    mapping = None
    rows: list[list[str]] = []
    ids: list[int] = []
    locs: list[str] = []
    header: list[str] = []
    for header, rec in _csv_records(src, decision, record, problems, sep):
        if mapping is None:
            mapping = _resolve_columns(header, str(path), opts, mediacloud)
        if rec.fields is None:
            continue
        rows.append(rec.fields)
        ids.append(rec.row)
        locs.append(rec.where)
        if len(rows) >= opts.chunk_rows:
            yield _standardize(
                pd.DataFrame(rows, columns=header, dtype=object),
                mapping,
                path,
                ids,
                locs,
                opts,
                problems,
                enc=decision.encoding,
                mediacloud=mediacloud,
            )
            rows, ids, locs = [], [], []
    if mapping is None:
        header = header or _header(src, decision, sep)
        if not header:
            raise _Unreadable(f"{path}: empty file (no header row); remove it or add a header and rows")
        _resolve_columns(header, str(path), opts, mediacloud)  # a header-only file still needs the columns
    if rows:
        yield _standardize(
            pd.DataFrame(rows, columns=header, dtype=object),
            mapping,
            path,
            ids,
            locs,
            opts,
            problems,
            enc=decision.encoding,
            mediacloud=mediacloud,
        )


# ------------------------------------------------------------------------------------------ JSONL
class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        self.key = key


def _no_duplicate_keys(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKey(k)
            seen.add(k)
    return out


_TYPE_WORDS = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}


def _read_jsonl(path: Path, opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    src = Source(path)
    decision = _decide(src, opts)
    record = problems.file_record(path, decision)
    given = decision.encoding if decision.given else None
    mapping = None
    records: list[dict] = []
    lines: list[int] = []

    def chunk():
        return _standardize(
            pd.DataFrame.from_records(records),
            mapping,
            path,
            lines,
            [f"line {n}" for n in lines],
            opts,
            problems,
            enc=decision.encoding,
        )

    with src.open() as fh:
        for line in iter_lines(fh, decision.encoding):
            where = f"line {line.no}"
            if line.text is None:
                problems.bad_row(
                    str(path), where, f"longer than {MAX_LINE >> 20} MB; a record that long is not a news document"
                )
                continue
            text = line.text.strip().lstrip("\ufeff")
            if not text:
                continue
            if line.bad:
                if not problems.bad_text(record, where, _bytes_problem(line, decision.encoding), given):
                    continue
                text = repair(text)
            try:
                rec = json.loads(text, object_pairs_hook=_no_duplicate_keys)
            except _DuplicateKey as exc:
                problems.bad_row(str(path), where, f"key {excerpt(exc.key, 40)} appears twice in the record; keep one")
                continue
            except json.JSONDecodeError as exc:
                hint = (
                    "the line looks truncated"
                    if not line.text.endswith(("\n", "\r")) or exc.pos >= len(text) - 1
                    else "fix the JSON"
                )
                problems.bad_row(str(path), where, f"invalid JSON ({exc.msg}, column {exc.colno}); {hint}")
                continue
            except RecursionError:
                problems.bad_row(str(path), where, "JSON nested too deeply to read; flatten the record")
                continue
            if not isinstance(rec, dict):
                problems.bad_row(str(path), where, "not a JSON object; each line must be one {...} record")
                continue
            if mapping is None:
                mapping = _resolve_columns(list(rec), str(path), opts, mediacloud=opts.fmt == "mediacloud")
            tf = mapping["text"]
            if tf not in rec:
                problems.bad_row(str(path), where, f"no field {excerpt(tf, 40)}; add it or fix the record")
                continue
            value = rec[tf]
            if value is not None and not isinstance(value, str):
                kind = _TYPE_WORDS.get(type(value), type(value).__name__)
                problems.bad_row(
                    str(path),
                    where,
                    f"field {_name(tf)} is {kind} ({excerpt(json.dumps(value), 30)}), "
                    "not a string; write the text in quotes",
                )
                continue
            odd = [k for k, v in rec.items() if (isinstance(v, str) and has_marks(v)) or has_marks(str(k))]
            if odd:
                if not problems.bad_text(
                    record,
                    where,
                    f"field {_name(odd[0])} holds a lone surrogate escape (such as \\ud800), which is not a character",
                ):
                    continue
                rec = {repair(str(k)): (repair(v) if isinstance(v, str) else v) for k, v in rec.items()}
            records.append(rec)
            lines.append(line.no)
            if len(records) >= opts.chunk_rows:
                yield chunk()
                records, lines = [], []
    if records:
        yield chunk()


# ---------------------------------------------------------------------------------------- Parquet
def _read_parquet(path: Path, opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if inner_name(path)[1] is not None:
        raise _Unreadable(f"{path}: a compressed Parquet file; Parquet compresses itself: decompress it")
    try:
        Source(path).open().close()  # a gzip or ZIP named .parquet is named as such
        pf = pq.ParquetFile(path)
    except CorpusError as exc:
        raise _Unreadable(str(exc)) from None
    except Exception as exc:
        raise _Unreadable(
            f"{path}: not a readable Parquet file ({excerpt(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 80)}); "
            "check the file"
        ) from None
    names = list(pf.schema_arrow.names)
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup is not None:
        raise _Unreadable(f"{path}: column {excerpt(dup, 40)} appears twice; rename one")
    mapping = _resolve_columns(names, str(path), opts, mediacloud=opts.fmt == "mediacloud")
    ttype = pf.schema_arrow.field(mapping["text"]).type
    if pa.types.is_dictionary(ttype):
        ttype = ttype.value_type
    if not (
        pa.types.is_string(ttype)
        or pa.types.is_large_string(ttype)
        or pa.types.is_null(ttype)
        or getattr(pa.types, "is_string_view", lambda t: False)(ttype)
    ):
        raise _Unreadable(
            f"{path}: column {_name(mapping['text'])} holds {ttype} values, not text; "
            "name the text column with --text-col, or convert it to strings"
        )
    start = 1
    record = problems.file_record(path, Decision("parquet", "parquet"))
    batches = pf.iter_batches(batch_size=opts.chunk_rows)
    while True:
        try:
            batch = next(batches, None)
            if batch is None:
                break
            chunk = batch.to_pandas()
        except Exception as exc:
            raise _Unreadable(
                f"{path}: cannot read the rows after row {start - 1} "
                f"({excerpt(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 80)}); check the file"
            ) from None
        n = len(chunk)
        ids = list(range(start, start + n))
        keep = [True] * n
        tcol = mapping["text"]
        for k, v in enumerate(chunk[tcol].tolist()):
            if isinstance(v, str) and has_marks(v):
                if problems.bad_text(record, f"row {start + k}", f"field {_name(tcol)} holds lone surrogates"):
                    chunk.iat[k, chunk.columns.get_loc(tcol)] = repair(v)
                else:
                    keep[k] = False
        if not all(keep):
            chunk, ids = chunk[keep], [i for i, ok in zip(ids, keep) if ok]
        yield _standardize(chunk, mapping, path, ids, [f"row {r}" for r in ids], opts, problems, enc="parquet")
        start += n
