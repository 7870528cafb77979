"""CSV and TSV sources (and Media Cloud exports), record by record, with rows and lines counted
for messages and a damaged row skipped without losing the rest."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .common import (
    Options,
    Problems,
    _bytes_problem,
    _decide,
    _Unreadable,
    excerpt,
)
from .decode import Decision
from .standardize import Table, _resolve_columns
from .textio import (
    MAX_LINE,
    Line,
    Source,
    byte_lines_ok,
    inner_name,
    iter_lines,
    repair,
)


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
        self.lines, self.done = lines, False
        self.taken: list[Line] = []

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
    table: Table | None = None
    rows: list[list[str]] = []
    ids: list[int] = []
    locs: list[str] = []
    header: list[str] = []
    for header, rec in _csv_records(src, decision, record, problems, sep):
        if table is None:
            mapping = _resolve_columns(header, str(path), opts, mediacloud)
            table = Table(mapping, path, opts, problems, enc=decision.encoding, mediacloud=mediacloud)
        if rec.fields is None:
            continue
        rows.append(rec.fields)
        ids.append(rec.row)
        locs.append(rec.where)
        if len(rows) >= opts.chunk_rows:
            yield table.standardize(pd.DataFrame(rows, columns=header, dtype=object), ids, locs)
            rows, ids, locs = [], [], []
    if table is None:
        header = header or _header(src, decision, sep)
        if not header:
            raise _Unreadable(f"{path}: empty file (no header row); remove it or add a header and rows")
        _resolve_columns(header, str(path), opts, mediacloud)  # a header-only file still needs the columns
    if rows and table is not None:
        yield table.standardize(pd.DataFrame(rows, columns=header, dtype=object), ids, locs)
