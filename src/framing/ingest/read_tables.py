"""JSONL and Parquet sources, in chunks of rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..errors import CorpusError
from .common import (
    Options,
    Problems,
    _bytes_problem,
    _decide,
    _name,
    _Unreadable,
    excerpt,
)
from .decode import Decision
from .standardize import Table, _resolve_columns
from .textio import (
    MAX_LINE,
    Source,
    has_marks,
    inner_name,
    iter_lines,
    repair,
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
    table: Table | None = None
    records: list[dict] = []
    lines: list[int] = []

    def chunk(table: Table) -> pd.DataFrame:
        return table.standardize(pd.DataFrame.from_records(records), lines, [f"line {n}" for n in lines])

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
            if table is None:
                mapping = _resolve_columns(list(rec), str(path), opts, mediacloud=opts.fmt == "mediacloud")
                table = Table(mapping, path, opts, problems, enc=decision.encoding)
            tf = table.mapping["text"]
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
                yield chunk(table)
                records, lines = [], []
    if records and table is not None:
        yield chunk(table)


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
    table = Table(mapping, path, opts, problems, enc="parquet")
    tcol = str(mapping["text"])  # _resolve_columns raises when there is no text column
    ttype = pf.schema_arrow.field(tcol).type
    if pa.types.is_dictionary(ttype):
        ttype = ttype.value_type
    if not (
        pa.types.is_string(ttype)
        or pa.types.is_large_string(ttype)
        or pa.types.is_null(ttype)
        or getattr(pa.types, "is_string_view", lambda t: False)(ttype)
    ):
        raise _Unreadable(
            f"{path}: column {_name(tcol)} holds {ttype} values, not text; "
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
        for k, v in enumerate(chunk[tcol].tolist()):
            if isinstance(v, str) and has_marks(v):
                if problems.bad_text(record, f"row {start + k}", f"field {_name(tcol)} holds lone surrogates"):
                    chunk.iat[k, chunk.columns.get_loc(tcol)] = repair(v)
                else:
                    keep[k] = False
        if not all(keep):
            chunk, ids = chunk[keep], [i for i, ok in zip(ids, keep) if ok]
        yield table.standardize(chunk, ids, [f"row {r}" for r in ids])
        start += n
