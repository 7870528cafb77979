"""The canonical corpus: one row per document.

Columns (see DESIGN.md): ``doc_id`` (str, unique), ``outlet`` (str), ``date`` (datetime64, may be NaT),
``title``, ``url``, ``text``; optional metadata columns are kept as they are.

Every command that takes a CORPUS accepts Parquet (canonical), CSV or JSONL through :func:`read_corpus`.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import json
import os
import re
from pathlib import Path

import pandas as pd

from .errors import CorpusError
from .files import atomic_write

CORPUS_COLUMNS = ["doc_id", "outlet", "date", "title", "url", "text"]
CORPUS_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def corpus_format(path: str | os.PathLike) -> str:
    """Return ``parquet``, ``csv`` or ``jsonl`` for a corpus path, or raise :class:`CorpusError`."""
    suffix = Path(path).suffix.lower()
    try:
        return CORPUS_SUFFIXES[suffix]
    except KeyError:
        raise CorpusError(
            f"{path}: unknown corpus format {suffix or '(no extension)'!r}; use .parquet, .csv or .jsonl"
        ) from None


#: Bytes read at a time when checking that a CSV or JSONL corpus is UTF-8 text.
_CHUNK = 1 << 20


_SURROGATE_FIX = (
    "a lone surrogate escape (\\ud800-\\udfff without its pair) is not text; remove it, or run "
    "`framing ingest`, which repairs text"
)


def _check_text_file(path: Path, fmt: str) -> None:
    """Refuse, with the byte and line, a CSV/JSONL file that is compressed, binary or not UTF-8 (or,
    for JSONL, escapes half a surrogate pair, which no output could hold).

    One streaming pass (an incremental decoder), so the memory used does not grow with the file.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset = 0
    lines = 0
    tail = b""  # the end of the previous chunk, for an escape cut in two
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if offset == 0:
                if chunk[:2] == b"\x1f\x8b":
                    raise CorpusError(
                        f"{path}: is gzip-compressed; decompress it (gunzip) or name it .gz and "
                        "give it to `framing ingest`"
                    )
                if chunk[:4] == b"PAR1":
                    raise CorpusError(f"{path}: is a Parquet file; name it .parquet")
            if fmt == "jsonl":
                data = tail + chunk
                bad = _lone_surrogate(data, final=not chunk)
                if bad is not None:
                    line = lines - tail.count(b"\n") + data.count(b"\n", 0, bad) + 1
                    raise CorpusError(f"{path}: line {line}: {_SURROGATE_FIX}")
                tail = data[-12:]
            if not chunk:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    raise CorpusError(
                        f"{path}: line {lines + 1}: the file ends inside a UTF-8 character; "
                        "save the corpus as UTF-8 (or run `framing ingest`, which detects encodings)"
                    ) from None
                return
            nul = chunk.find(b"\x00")
            if nul != -1:
                line = lines + chunk.count(b"\n", 0, nul) + 1
                raise CorpusError(
                    f"{path}: line {line}: byte {offset + nul} is NUL: this is binary data, not a "
                    f"{fmt.upper()} text file; give a corpus written by `framing ingest`"
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                # the decoder keeps up to 3 bytes of an unfinished character from the previous chunk
                bad = max(0, exc.start - (len(exc.object) - len(chunk)))
                line = lines + chunk.count(b"\n", 0, bad) + 1
                raise CorpusError(
                    f"{path}: line {line}: byte {offset + bad} is not UTF-8; save the corpus as "
                    "UTF-8 (or run `framing ingest`, which detects encodings)"
                ) from None
            lines += chunk.count(b"\n")
            offset += len(chunk)


_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD]([0-9a-fA-F])[0-9a-fA-F]{2}")


def _lone_surrogate(data: bytes, final: bool = False) -> int | None:
    """Offset of the first JSON escape of a surrogate that is not half of a pair, or None. Unless
    ``final``, a high half in the last 12 bytes is left for the next chunk (which repeats them)."""
    pending = None  # offset of a high surrogate waiting for its low half
    for m in _SURROGATE_ESCAPE.finditer(data):
        high = m.group(1) in b"89abAB"
        low = m.group(1) in b"cdefCDEF"
        if not (high or low):
            continue  # \ud000-\ud7ff: ordinary characters
        start = m.end() - 6
        if pending is not None:
            if low and start == pending + 6:
                pending = None
                continue
            return pending
        if high:
            pending = start
        else:
            return start
    if pending is not None and (final or pending + 12 <= len(data)):
        return pending
    return None


def _bad_json_line(path: Path) -> str:
    """``line N: <problem>`` for the first line of a JSONL file that is not a JSON object."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                return f"line {n}: not JSON ({str(exc).splitlines()[0]})"
            if not isinstance(obj, dict):
                return f'line {n}: not a JSON object ({{"doc_id": ..., "text": ...}})'
    return ""


def read_corpus(path: str | os.PathLike) -> pd.DataFrame:
    """Read a canonical corpus from Parquet, CSV or JSONL and check its shape.

    Anything that cannot be used as a corpus (a folder, a pipe, an empty, binary, compressed or
    non-UTF-8 file, a bad date, a duplicate doc_id) raises :class:`~framing.errors.CorpusError`
    naming the file, the line or document and the fix.

    Examples
    --------
    >>> corpus = read_corpus("data/processed/seeds.parquet")  # doctest: +SKIP
    >>> corpus.columns[:6].tolist()  # doctest: +SKIP
    ['doc_id', 'outlet', 'date', 'title', 'url', 'text']
    """
    path = Path(path)
    fmt = corpus_format(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such corpus file; run `framing ingest` to create it")
    if path.is_dir():
        raise CorpusError(
            f"{path}: is a folder, not a corpus file; name a .parquet, .csv or .jsonl file "
            "(give a folder of raw sources to `framing ingest`)"
        )
    if not path.is_file():
        raise CorpusError(f"{path}: is not a regular file (a pipe or a device); save the corpus to a file first")
    try:
        if path.stat().st_size == 0:
            raise CorpusError(
                f"{path}: the file is empty; a corpus needs doc_id, outlet and text columns "
                "(run `framing ingest` to build one)"
            )
        if fmt != "parquet":
            _check_text_file(path, fmt)
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        if fmt == "parquet":
            df = pd.read_parquet(path)
        elif fmt == "csv":
            df = pd.read_csv(path, dtype={"doc_id": str, "outlet": str}, keep_default_na=False)
        else:
            df = pd.read_json(path, lines=True, dtype={"doc_id": str, "outlet": str})
    except CorpusError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many types; name the file and the cause
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if fmt == "jsonl":
            where = _bad_json_line(path)
            if where:
                raise CorpusError(f"{path}: {where}; write one JSON object per line") from None
        if type(exc).__name__ == "EmptyDataError":
            first = "no columns (is the file blank?)"
        raise CorpusError(f"{path}: cannot read as {fmt}: {first}") from None
    if fmt == "jsonl":
        _check_surrogates(df, str(path))
    return validate_corpus(df, source=str(path))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_surrogates(df: pd.DataFrame, source: str) -> None:
    """Refuse lone surrogates (``\\ud800`` escapes in JSON): not Unicode text, so no output could
    hold them."""
    for col in ("doc_id", "outlet", "title", "url", "text"):
        if col not in df.columns:
            continue
        values = df[col]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        hit = values.map(lambda v: isinstance(v, str) and _SURROGATE.search(v) is not None)
        if hit.any():
            i = hit.idxmax()
            doc = df["doc_id"].iloc[i] if "doc_id" in df.columns else i
            found = _SURROGATE.search(values.iloc[i])
            pos = found.start() if found is not None else 0  # found: hit says this value holds one
            raise CorpusError(
                f"{source}: field {col} of doc_id {str(doc)!r} has a lone surrogate (an invalid \\ud800-\\udfff "
                f"escape) at character {pos}; remove it or run `framing ingest`, which repairs text"
            )


def validate_corpus(df: pd.DataFrame, source: str = "corpus") -> pd.DataFrame:
    """Check required columns and types; return a copy with canonical dtypes and column order.

    Dates are parsed (ISO 8601 and other common forms); time-zone offsets, mixed or not, are
    converted to UTC and dropped (naive UTC, as :func:`framing.ingest.parse_date` does). A date that
    is not a date, or lies outside what pandas can hold (1677-09-21 to 2262-04-11), raises
    :class:`~framing.errors.CorpusError` naming the document.

    Examples
    --------
    >>> df = validate_corpus(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "text": ["", ""],
    ...                                    "date": ["2022-02-24T05:00:00+02:00", "2022-02-25"]}))
    >>> df["date"].tolist()
    [Timestamp('2022-02-24 03:00:00'), Timestamp('2022-02-25 00:00:00')]
    """
    missing = [c for c in ("doc_id", "outlet", "text") if c not in df.columns]
    if missing:
        raise CorpusError(
            f"{source}: missing column(s) {', '.join(missing)}; a corpus needs doc_id, outlet and text "
            "(run `framing ingest` to build one from raw files)"
        )
    if df.empty:
        raise CorpusError(f"{source}: the corpus has no documents")
    if df.columns.duplicated().any():
        dup_col = df.columns[df.columns.duplicated()][0]
        raise CorpusError(f"{source}: column {dup_col!r} appears twice; keep one")
    df = df.copy()
    for col in ("title", "url"):
        if col not in df.columns:
            df[col] = ""
    if "date" not in df.columns:
        df["date"] = pd.NaT
    df["doc_id"] = df["doc_id"].astype(str)
    for col in ("outlet", "text", "title", "url"):
        # a column with no value at all reads as float NaN: empty strings, not "nan"
        values = df[col].astype(object)
        df[col] = values.where(values.notna(), "").astype(str)
    dup = df["doc_id"][df["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"{source}: duplicate doc_id {dup.iloc[0]!r}; doc_id must be unique")
    df["date"] = _dates(df["date"], df["doc_id"], source)
    rest = [c for c in df.columns if c not in CORPUS_COLUMNS]
    return df[CORPUS_COLUMNS + rest].reset_index(drop=True)


_DATE_FIX = "use ISO 8601 (YYYY-MM-DD) or leave it empty"


def _dates(col: pd.Series, doc_ids: pd.Series, source: str) -> pd.Series:
    """A date column as naive UTC ``datetime64[ns]``; CorpusError naming the first bad document."""
    if pd.api.types.is_datetime64_any_dtype(col):
        parsed = col
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        raw = col
    else:
        raw = col.astype(object).where(col.notna(), None)
        raw = raw.map(lambda v: v if v is None or isinstance(v, (_dt.date, pd.Timestamp)) else (str(v).strip() or None))
        try:
            # utc=True: offsets, mixed or not, become UTC; naive values are taken as UTC already
            parsed = pd.to_datetime(raw, errors="coerce", utc=True, format="mixed")
        except Exception:  # pandas cannot even coerce some value: one by one
            parsed = pd.to_datetime(raw.map(_one_date), utc=True)
        bad = raw.notna() & parsed.isna()
        if bad.any():
            i = bad.to_numpy().argmax()
            value = raw.iloc[i]
            if _one_date(value) is not pd.NaT:
                raise CorpusError(_out_of_range(source, doc_ids.iloc[i], value))
            raise CorpusError(
                f"{source}: field date of doc_id {doc_ids.iloc[i]!r} is not a date ({value!r}); {_DATE_FIX}"
            )
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    outside = parsed.notna() & ((parsed < _MIN) | (parsed > _MAX))
    if outside.any():
        i = outside.to_numpy().argmax()
        raise CorpusError(_out_of_range(source, doc_ids.iloc[i], raw.iloc[i]))
    return parsed.astype("datetime64[ns]")


#: The dates a ``datetime64[ns]`` column can hold (1677-09-21 to 2262-04-11).
_MIN, _MAX = pd.Timestamp.min, pd.Timestamp.max


def _one_date(value) -> pd.Timestamp:
    """One value as a UTC timestamp of any resolution, or NaT."""
    if value is None:
        return pd.NaT
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if ts is pd.NaT:
        return pd.NaT
    return ts.tz_convert("UTC") if ts.tzinfo is not None else ts.tz_localize("UTC")


def _out_of_range(source: str, doc_id, value) -> str:
    return (
        f"{source}: field date of doc_id {doc_id!r} is {str(value)!r}, outside the dates that can be "
        f"handled ({_MIN.date()} to {_MAX.date()}); correct it or leave it empty"
    )


def write_corpus(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a corpus atomically (:func:`framing.files.atomic_write`) as Parquet, CSV or JSONL.

    A failure (disk full, read-only folder) raises :class:`~framing.errors.OutputError` and leaves
    no partial file.
    """
    path = Path(path)
    fmt = corpus_format(path)
    if fmt == "parquet":
        return atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))
    if fmt == "csv":
        return atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, date_format="%Y-%m-%d"))
    return atomic_write(
        path, lambda tmp: df.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)
    )


def filter_corpus(
    df: pd.DataFrame,
    outlets: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> pd.DataFrame:
    """Keep the given outlets and the inclusive date window; documents without a date are kept
    only when no window is given."""
    out = df
    if outlets:
        unknown = sorted(set(outlets) - set(df["outlet"]))
        if unknown:
            from .errors import ParameterError

            raise ParameterError(
                f"outlets: {', '.join(map(repr, unknown))} not in the corpus; known: {', '.join(sorted(set(df['outlet'])))}"
            )
        out = out[out["outlet"].isin(outlets)]
    if date_from:
        out = out[out["date"] >= pd.Timestamp(date_from)]
    if date_to:
        out = out[out["date"] <= pd.Timestamp(date_to)]
    return out.reset_index(drop=True)
