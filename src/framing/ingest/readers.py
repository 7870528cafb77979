"""Readers: every source format becomes chunks of one standard raw table.

Each chunk is a DataFrame with the columns of :data:`RAW_COLUMNS` (``date`` still unparsed) plus any
extra metadata columns of the source. Tabular sources are streamed in chunks of ``chunk_rows``
rows (pandas ``chunksize`` for CSV, ``ParquetFile.iter_batches`` for Parquet, line by line for
JSONL); a folder's files are read one at a time.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pandas as pd

from ..errors import CorpusError
from .decode import decode_bytes, detect_encoding, canonical_encoding

RAW_COLUMNS = ["doc_id", "outlet", "date", "title", "url", "text_raw", "source_file", "source_loc", "encoding"]
#: Columns ingest computes; a source column with one of these names is kept as ``orig_<name>``.
RESERVED = set(RAW_COLUMNS) | {
    "text", "date_precision", "furniture_removed", "n_furniture", "dup_group", "is_copy", "dup_similarity",
}
TXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
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
_SAMPLE = 1 << 20


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
    """Bad rows and unreadable files: raise at once, or (``skip_bad``) record and go on."""

    skip_bad: bool = False
    skipped: list[dict] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)

    def bad_row(self, source: str, loc: str, message: str) -> None:
        if not self.skip_bad:
            raise CorpusError(f"{source}: {loc}: {message}; or pass --skip-bad to skip such rows and list them")
        self.skipped.append({"source": str(source), "where": loc, "problem": message})

    def bad_file(self, source: str, message: str) -> None:
        """``message`` is a full one-line error that already names ``source``."""
        if not self.skip_bad:
            raise CorpusError(message)
        self.unreadable.append({"source": str(source), "problem": message})


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc}); check the path and its permissions") from None


def _sample(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(_SAMPLE)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc}); check the path and its permissions") from None


def _file_encoding(path: Path, opts: Options) -> str:
    data = _sample(path)
    from .decode import _BOMS

    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if opts.encoding:
        return canonical_encoding(opts.encoding)
    return detect_encoding(data, str(path))


# --------------------------------------------------------------------------------------- discovery
@dataclass
class Item:
    kind: str  # txt | html | csv | jsonl | parquet | mediacloud
    path: Path
    meta: dict | None = None  # manifest row (for txt/html)
    loc: str = ""  # manifest location of that row


def _kind_of(path: Path) -> str | None:
    suf = path.suffix.lower()
    if suf in TXT_SUFFIXES:
        return "txt"
    if suf in HTML_SUFFIXES:
        return "html"
    return TABLE_SUFFIXES.get(suf)


def _read_manifest(path: Path, opts: Options) -> pd.DataFrame:
    text, _enc = decode_bytes(_read_bytes(path), opts.encoding, str(path))
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # pandas parser errors
        raise CorpusError(f"{path}: cannot read the manifest as CSV ({str(exc).splitlines()[0]}); fix the file") from None
    if "file" not in df.columns:
        raise CorpusError(
            f"{path}: manifest has no 'file' column (columns: {', '.join(df.columns)}); "
            "a manifest needs file, outlet and optionally date, title, url"
        )
    return df


def discover(sources: list[str | os.PathLike], opts: Options, problems: Problems) -> list[Item]:
    """Expand the sources into an ordered list of items to read (folders walked in sorted order)."""
    items: list[Item] = []
    forced = None if opts.fmt == "auto" else opts.fmt
    if forced and forced not in FORMATS:
        raise CorpusError(f"--format {opts.fmt!r}: unknown; use one of {', '.join(FORMATS)}")
    for src in sources:
        path = Path(src)
        if not path.exists():
            raise CorpusError(f"{path}: no such file or folder; check the SOURCE path")
        if path.is_file():
            kind = forced or _kind_of(path)
            if kind is None:
                raise CorpusError(
                    f"{path}: unknown source format {path.suffix or '(no extension)'!r}; use .txt (with a manifest), "
                    ".csv, .jsonl, .parquet, .html, or name it with --format"
                )
            if kind == "csv" and forced is None and _looks_mediacloud(path, opts):
                kind = "mediacloud"
            meta, loc = None, ""
            man_path = Path(opts.manifest) if opts.manifest else path.parent / MANIFEST_NAMES[0]
            if kind in ("txt", "html") and man_path.is_file():
                man = _read_manifest(man_path, opts)
                hit = [i for i, f in enumerate(man["file"]) if (man_path.parent / str(f).strip()).resolve() == path.resolve()]
                if hit:
                    meta, loc = man.iloc[hit[0]].to_dict(), f"line {hit[0] + 2}"
            items.append(Item(kind, path, meta, loc))
            continue
        items.extend(_discover_folder(path, opts, forced, problems))
    return items


def _discover_folder(folder: Path, opts: Options, forced: str | None, problems: Problems) -> list[Item]:
    root = folder.resolve()
    manifest_path = Path(opts.manifest) if opts.manifest else next(
        (folder / m for m in MANIFEST_NAMES if (folder / m).is_file()), None
    )
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    listed: dict[Path, tuple[dict, str]] = {}
    if manifest_path is not None:
        man = _read_manifest(manifest_path, opts)
        for i, row in enumerate(man.to_dict("records")):
            loc = f"line {i + 2}"
            rel = str(row["file"]).strip()
            if not rel:
                problems.bad_row(str(manifest_path), loc, "field file is empty; give the document's path inside the folder")
                continue
            target = (folder / rel).resolve()
            if not target.is_relative_to(root):
                problems.bad_row(
                    str(manifest_path), loc,
                    f"file {rel!r} is outside the corpus folder {folder}; manifest paths must stay inside it",
                )
                continue
            if not target.is_file():
                problems.bad_row(str(manifest_path), loc, f"file {rel!r} does not exist in {folder}; fix the path or remove the row")
                continue
            if target in listed:
                problems.bad_row(str(manifest_path), loc, f"file {rel!r} is listed twice; keep one row")
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
            problems.ignored_files.append(str(p))
            continue
        if kind is None:
            problems.ignored_files.append(str(p))
            continue
        if kind == "csv" and _looks_mediacloud(p, opts):
            kind = "mediacloud"
        row, loc = listed.pop(rp, (None, ""))
        if kind == "txt" and row is None and not opts.outlet:
            if manifest_path is None:
                raise CorpusError(
                    f"{folder}: .txt files but no manifest.csv (file, outlet, date, title, url) in the folder; "
                    "add one, pass --manifest FILE, or give every file one outlet with --outlet NAME"
                )
            problems.bad_row(str(p), "file", f"not listed in {manifest_path}; add a row for it or pass --outlet NAME")
            continue
        items.append(Item(kind, p, row, loc))
    for target, (_row, loc) in listed.items():  # listed files with unsupported extensions
        problems.bad_row(str(manifest_path), loc, f"{target.name}: not a .txt or .html file; remove the row")
    return items


def _looks_mediacloud(path: Path, opts: Options) -> bool:
    try:
        enc = _file_encoding(path, opts)
        cols = set(pd.read_csv(path, nrows=0, encoding=enc).columns)
    except Exception:
        return False
    return "stories_id" in cols or {"media_name", "publish_date"} <= cols


# ------------------------------------------------------------------------------------------ readers
def read_items(items: list[Item], opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    """Yield raw chunks for every item in order."""
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
        try:
            if item.kind == "jsonl":
                yield from _read_jsonl(item.path, opts, problems)
            elif item.kind == "parquet":
                yield from _read_parquet(item.path, opts, problems)
            else:
                yield from _read_csv(item.path, opts, problems, mediacloud=item.kind == "mediacloud")
        except _Unreadable as exc:
            problems.bad_file(str(item.path), str(exc))
    if pending:
        yield pd.DataFrame(pending)


class _Unreadable(CorpusError):
    """A whole file cannot be read (skippable with --skip-bad)."""


def _meta_value(meta: dict | None, *names: str) -> str:
    if not meta:
        return ""
    for n in names:
        if n and n in meta and str(meta[n]).strip():
            return str(meta[n]).strip()
    return ""


def _read_document(item: Item, opts: Options, problems: Problems) -> dict | None:
    path = item.path
    try:
        text, enc = decode_bytes(_read_bytes(path), opts.encoding, str(path))
    except CorpusError as exc:
        problems.bad_file(str(path), str(exc))
        return None
    meta = item.meta or {}
    row = {
        "doc_id": _meta_value(meta, "doc_id") or path.stem,
        "outlet": _meta_value(meta, "outlet", opts.outlet_col),
        "date": _meta_value(meta, "date", opts.date_col),
        "title": _meta_value(meta, "title", opts.title_col),
        "url": _meta_value(meta, "url", opts.url_col),
        "text_raw": text,
        "source_file": str(path),
        "source_loc": item.loc and f"manifest {item.loc}",
        "encoding": enc,
    }
    if item.kind == "html":
        ext = _extract_html(text, str(path))
        row["text_raw"] = ext.get("text") or ""
        row["title"] = row["title"] or (ext.get("title") or "")
        row["url"] = row["url"] or (ext.get("url") or "")
        row["date"] = row["date"] or (ext.get("date") or "")
        row["outlet"] = row["outlet"] or (ext.get("sitename") or ext.get("hostname") or "")
    row["outlet"] = row["outlet"] or (opts.outlet or "")
    if not row["outlet"]:
        where = "manifest " + item.loc if item.loc else "document"
        problems.bad_row(str(path), where, "no outlet (empty manifest field outlet, none in the page); fill it in or pass --outlet NAME")
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
        raise CorpusError(f"{source}: cannot parse the HTML page ({type(exc).__name__}: {exc}); check the file") from None
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


# ---------------------------------------------------------------------------------------- tabular
def _resolve_columns(cols: list[str], source: str, opts: Options, mediacloud: bool) -> dict[str, str | None]:
    """Map canonical fields to the source's column names, or raise naming the missing one."""
    defaults = {"text": "text", "outlet": "outlet", "date": "date", "title": "title", "url": "url"}
    asked = {"text": opts.text_col, "outlet": opts.outlet_col, "date": opts.date_col, "title": opts.title_col, "url": opts.url_col,
             "doc_id": opts.id_col}
    flag = {"text": "--text-col", "outlet": "--outlet-col", "date": "--date-col", "title": "--title-col", "url": "--url-col",
            "doc_id": "--id-col"}
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
                f"{source}: no column {name!r} (asked by {flag[fld]}); columns are: {', '.join(cols)}"
            )
        out[fld] = hit
    if out["text"] is None:
        extra = " (a Media Cloud export needs its story text: 'text' or 'story_text')" if mediacloud else ""
        raise CorpusError(
            f"{source}: no text column {opts.text_col!r}{extra}; columns are: {', '.join(cols)}; "
            "name the text column with --text-col"
        )
    if out["outlet"] is None and not opts.outlet and not (mediacloud and "media_url" in have):
        raise CorpusError(
            f"{source}: no outlet column {opts.outlet_col!r}; columns are: {', '.join(cols)}; "
            "name it with --outlet-col, or give all its documents one outlet with --outlet NAME"
        )
    return out


def _host(url: str) -> str:
    host = urlparse(url if "//" in url else "//" + url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _standardize(chunk: pd.DataFrame, mapping: dict, source: Path, start_row: int, opts: Options,
                 problems: Problems, loc_word: str = "row", locs: list[int] | None = None, enc: str = "",
                 mediacloud: bool = False) -> pd.DataFrame:
    n = len(chunk)
    rows = locs if locs is not None else list(range(start_row, start_row + n))

    def col(fld: str, default: str = "") -> pd.Series:
        name = mapping.get(fld)
        if name is None or name not in chunk.columns:
            return pd.Series([default] * n, index=chunk.index, dtype=object)
        s = chunk[name]
        if fld == "date" and pd.api.types.is_datetime64_any_dtype(s):
            return s
        return s.astype(object).where(s.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))

    out = pd.DataFrame(index=chunk.index)
    if mapping.get("doc_id"):
        out["doc_id"] = col("doc_id")
    else:
        out["doc_id"] = [f"{source.stem}-{r}" for r in rows]
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
    out["source_file"] = str(source)
    out["source_loc"] = [f"{loc_word} {r}" for r in rows]
    out["encoding"] = enc
    used = {v for v in mapping.values() if v}
    for c in chunk.columns:
        if c in used:
            continue
        name = f"orig_{c}" if c in RESERVED else str(c)
        s = chunk[c]
        out[name] = s.astype(object).where(s.notna(), "").map(lambda v: v if isinstance(v, str) else str(v))
    bad = out["outlet"] == ""
    if bad.any():
        keep = []
        for i, is_bad in zip(out.index, bad):
            if is_bad:
                problems.bad_row(str(source), out.at[i, "source_loc"],
                                 f"field {mapping.get('outlet') or opts.outlet_col} is empty; fill it in or pass --outlet NAME")
            keep.append(not is_bad)
        out = out[keep]
    return out.reset_index(drop=True)


def _bad_lines(caught: list, path: Path, problems: Problems) -> None:
    """Turn pandas' "Skipping line N: ..." parser warnings into skipped-row records."""
    for w in caught:
        if not issubclass(w.category, pd.errors.ParserWarning):
            continue
        for msg in str(w.message).strip().splitlines():
            if msg.startswith("Skipping line"):
                problems.bad_row(str(path), msg.split(":")[0].replace("Skipping ", ""), msg)
    caught.clear()


def _read_csv(path: Path, opts: Options, problems: Problems, mediacloud: bool = False) -> Iterator[pd.DataFrame]:
    import warnings

    enc = _file_encoding(path, opts)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        header = pd.read_csv(path, nrows=0, encoding=enc, sep=sep)
    except pd.errors.EmptyDataError:
        raise _Unreadable(f"{path}: empty file (no header row); remove it or add a header and rows") from None
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"{path}: cannot decode as {enc} ({exc.reason}); name the encoding with --encoding") from None
    except Exception as exc:
        raise _Unreadable(f"{path}: cannot read as CSV ({str(exc).splitlines()[0]}); check the file") from None
    mapping = _resolve_columns([str(c) for c in header.columns], str(path), opts, mediacloud)
    start = 1
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            reader = pd.read_csv(
                path, encoding=enc, sep=sep, dtype=str, keep_default_na=False, chunksize=opts.chunk_rows,
                on_bad_lines="warn" if opts.skip_bad else "error",
            )
            for chunk in reader:
                _bad_lines(caught, path, problems)
                yield _standardize(chunk, mapping, path, start, opts, problems, enc=enc, mediacloud=mediacloud)
                start += len(chunk)
            _bad_lines(caught, path, problems)
    except pd.errors.ParserError as exc:
        first = str(exc).strip().splitlines()[0]
        raise CorpusError(f"{path}: malformed CSV ({first}); fix the quoting, or pass --skip-bad to skip such lines") from None
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"{path}: cannot decode as {enc} after row {start} ({exc.reason}); name the encoding with --encoding") from None


def _read_jsonl(path: Path, opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    enc = _file_encoding(path, opts)
    mapping = None
    records: list[dict] = []
    lines: list[int] = []
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror or exc}); check the path") from None
    with io.TextIOWrapper(fh, encoding=enc, newline="") as text:
        lineno = 0
        while True:
            try:
                raw = text.readline()
            except UnicodeDecodeError as exc:
                raise _Unreadable(
                    f"{path}: line {lineno + 1}: cannot decode as {enc} ({exc.reason}); name the encoding with --encoding"
                ) from None
            if not raw:
                break
            lineno += 1
            line = raw.strip().lstrip("\ufeff")
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                hint = "the line looks truncated" if not raw.endswith("\n") or exc.pos >= len(line) - 1 else "fix the JSON"
                problems.bad_row(str(path), f"line {lineno}", f"invalid JSON ({exc.msg}, column {exc.colno}); {hint}")
                continue
            if not isinstance(rec, dict):
                problems.bad_row(str(path), f"line {lineno}", "not a JSON object; each line must be one {...} record")
                continue
            if mapping is None:
                mapping = _resolve_columns(list(rec), str(path), opts, mediacloud=opts.fmt == "mediacloud")
            if mapping["text"] not in rec:
                problems.bad_row(str(path), f"line {lineno}", f"no field {mapping['text']!r}; add it or fix the record")
                continue
            records.append(rec)
            lines.append(lineno)
            if len(records) >= opts.chunk_rows:
                yield _standardize(pd.DataFrame.from_records(records), mapping, path, 0, opts, problems, "line", lines, enc)
                records, lines = [], []
    if records:
        yield _standardize(pd.DataFrame.from_records(records), mapping, path, 0, opts, problems, "line", lines, enc)


def _read_parquet(path: Path, opts: Options, problems: Problems) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise _Unreadable(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]}); check the file") from None
    mapping = _resolve_columns(list(pf.schema_arrow.names), str(path), opts, mediacloud=opts.fmt == "mediacloud")
    start = 1
    for batch in pf.iter_batches(batch_size=opts.chunk_rows):
        chunk = batch.to_pandas()
        yield _standardize(chunk, mapping, path, start, opts, problems, enc="parquet")
        start += len(chunk)
