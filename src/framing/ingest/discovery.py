"""Discovery: which files of the sources are read, and as what (see :mod:`framing.ingest.readers`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import CorpusError
from .common import (
    FORMATS,
    HTML_SUFFIXES,
    MANIFEST_NAMES,
    TABLE_SUFFIXES,
    TXT_SUFFIXES,
    Item,
    Options,
    Problems,
    _decide,
    _Unreadable,
    column_list,
    excerpt,
    path_text,
)
from .read_csv import _csv_records, _header, _is_tsv
from .textio import (
    Source,
    inner_name,
)


def _kind_of(path: Path) -> str | None:
    name, _ = inner_name(path)
    suf = Path(name).suffix.lower()
    if suf in TXT_SUFFIXES:
        return "txt"
    if suf in HTML_SUFFIXES:
        return "html"
    return TABLE_SUFFIXES.get(suf)


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
    listed: dict[Path, tuple[dict | None, str]] = {}
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
        meta, loc = listed.pop(rp, (None, ""))
        if kind == "txt" and meta is None and not opts.outlet:
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
        items.append(Item(kind, p, meta, loc))
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
