"""The canonical corpus: one row per document.

Columns (see DESIGN.md): ``doc_id`` (str, unique), ``outlet`` (str), ``date`` (datetime64, may be NaT),
``title``, ``url``, ``text``; optional metadata columns are kept as they are.

Every command that takes a CORPUS accepts Parquet (canonical), CSV or JSONL through :func:`read_corpus`.
"""

from __future__ import annotations

import os
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


def read_corpus(path: str | os.PathLike) -> pd.DataFrame:
    """Read a canonical corpus from Parquet, CSV or JSONL and check its shape.

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
        raise CorpusError(f"{path}: cannot read as {fmt}: {first}") from None
    return validate_corpus(df, source=str(path))


def validate_corpus(df: pd.DataFrame, source: str = "corpus") -> pd.DataFrame:
    """Check required columns and types; return a copy with canonical dtypes and column order."""
    missing = [c for c in ("doc_id", "outlet", "text") if c not in df.columns]
    if missing:
        raise CorpusError(
            f"{source}: missing column(s) {', '.join(missing)}; a corpus needs doc_id, outlet and text "
            "(run `framing ingest` to build one from raw files)"
        )
    if df.empty:
        raise CorpusError(f"{source}: the corpus has no documents")
    df = df.copy()
    for col in ("title", "url"):
        if col not in df.columns:
            df[col] = ""
    if "date" not in df.columns:
        df["date"] = pd.NaT
    df["doc_id"] = df["doc_id"].astype(str)
    df["outlet"] = df["outlet"].fillna("").astype(str)
    df["text"] = df["text"].fillna("").astype(str)
    df["title"] = df["title"].fillna("").astype(str)
    df["url"] = df["url"].fillna("").astype(str)
    dup = df["doc_id"][df["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"{source}: duplicate doc_id {dup.iloc[0]!r}; doc_id must be unique")
    if not pd.api.types.is_datetime64_any_dtype(df["date"]):
        raw = df["date"].replace("", None)
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
        bad = raw.notna() & parsed.isna()
        if bad.any():
            i = bad.idxmax()
            raise CorpusError(
                f"{source}: field date of doc_id {df.loc[i, 'doc_id']!r} is not a date ({raw[i]!r}); "
                "use ISO 8601 (YYYY-MM-DD) or leave it empty"
            )
        df["date"] = parsed
    if getattr(df["date"].dt, "tz", None) is not None:
        df["date"] = df["date"].dt.tz_convert("UTC").dt.tz_localize(None)
    df["date"] = df["date"].astype("datetime64[ns]")
    rest = [c for c in df.columns if c not in CORPUS_COLUMNS]
    return df[CORPUS_COLUMNS + rest].reset_index(drop=True)


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
    return atomic_write(path, lambda tmp: df.to_json(tmp, orient="records", lines=True, date_format="iso",
                                                     force_ascii=False))


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
