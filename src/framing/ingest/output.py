"""Writing an ingest's corpus and summary: atomically, both or neither."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..corpus import corpus_format
from ..errors import OutputError
from ..files import atomic_path, guard_output
from .readers import excerpt


def write_outputs(
    corpus: pd.DataFrame, summary: dict, out: str | os.PathLike, row_group_size: int = 10_000
) -> tuple[Path, Path]:
    """Write the corpus (Parquet by row groups, or CSV/JSONL) and ``<out>.summary.json`` atomically.

    Both files are written to temporary names and renamed into place only when both are complete,
    so a failed run leaves no partial output. Refuses (:class:`~framing.errors.OutputError`) to
    write over one of the summary's sources or inside a source folder; a write that fails (disk
    full, read-only) is one :class:`~framing.errors.OutputError` line and leaves nothing behind.
    """
    out = Path(out)
    fmt = corpus_format(out)
    guard_output([out, summary_path_of(out)], summary.get("sources", []))

    def write(tmp: Path) -> None:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(corpus, preserve_index=False)
            with pq.ParquetWriter(tmp, table.schema) as writer:
                for start in range(0, max(len(corpus), 1), row_group_size):
                    writer.write_table(table.slice(start, row_group_size))
        elif fmt == "csv":
            corpus.to_csv(tmp, index=False, date_format="%Y-%m-%d")
        else:
            corpus.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)

    summary_path = _write_atomically(out, summary, write)
    return out, summary_path


def summary_path_of(out: str | os.PathLike) -> Path:
    """Where the summary of the corpus ``out`` goes: ``<out>.summary.json``."""
    out = Path(out)
    return out.with_name(out.name + ".summary.json")


def _os_error(exc: OSError) -> OSError:
    """pyarrow reports a full disk as ``OSError`` without ``errno`` (the number is in the text):
    give it one, so :mod:`framing.files` names the fix."""
    import errno
    import re

    if isinstance(exc, OSError) and exc.errno is None:
        m = re.search(r"errno (\d+)|\[Errno (\d+)\]", str(exc), re.I)
        if m:
            return OSError(int(m.group(1) or m.group(2)), str(exc).splitlines()[0][:120])
        if "no space left" in str(exc).lower():
            return OSError(errno.ENOSPC, "No space left on device")
    return exc


def _write_atomically(out: Path, summary: dict, write: Callable[[Path], None]) -> Path:
    """``write(tmp)`` the corpus and write the summary, both to temporary files of their own beside
    them (:func:`framing.files.atomic_path`), renamed into place only when both are complete (the
    corpus first); return the summary's path."""
    summary_path = summary_path_of(out)
    data = (json.dumps(summary, indent=1, ensure_ascii=False, default=str) + "\n").encode("utf-8", "backslashreplace")
    with atomic_path(summary_path) as tmp_sum:
        with atomic_path(out) as tmp:
            try:
                write(tmp)
                tmp_sum.write_bytes(data)
            except OSError as exc:
                raise _os_error(exc) from None
            except (ValueError, TypeError, UnicodeError) as exc:  # pyarrow/pandas refusing a value
                raise OutputError(
                    f"--out {out}: cannot write the corpus ({type(exc).__name__}: "
                    f"{excerpt(str(exc), 80)}); please report this with the input that caused it"
                ) from None
    return summary_path


def write_row_groups(
    corpus: pd.DataFrame, parts: Iterable[pd.DataFrame], summary: dict, out: Path
) -> tuple[Path, Path, dict]:
    """Write ``parts`` (the corpus's rows, a row group each) as one Parquet file with the schema of
    ``corpus`` (the whole corpus, its texts empty), and the summary, as :func:`write_outputs` does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.Schema.from_pandas(corpus, preserve_index=False)

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(tmp, schema) as writer:
            for part in parts:
                writer.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))

    return out, _write_atomically(out, summary, write), summary
