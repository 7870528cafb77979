"""Ingest a corpus bigger than memory: ``framing ingest --stream``.

:func:`ingest_stream` writes the same corpus and summary as :func:`~framing.ingest.ingest_sources`
followed by :func:`~framing.ingest.write_outputs` (a test compares them), but holds no more text in
memory than one chunk of the sources (``chunk_rows``) while reading and one row group while
writing. Texts go to temporary files beside the output, read back by offset; what stays in memory
is small per document:

* the non-text columns (``doc_id``, ``outlet``, ``date``, ``title``, ``url``, source columns),
  which the in-memory path holds as well;
* for learning site furniture, a 128-bit digest (BLAKE2b) of each document's line keys and of each
  of its learnable units (lines and sentences, see :mod:`framing.ingest.furniture`), 16 bytes
  each (see :mod:`framing.ingest.learning`; the in-memory path does the same);
* for near-duplicates, one MinHash signature per distinct text (512 bytes), its shared LSH bands
  and a digest of its identity key; the shingles go to a temporary file, read back for each exact
  containment check (shared shingles counted pair by pair);
* the removed furniture lines (for ``furniture_removed`` and the summary).

Measured on the real corpora tiled to 8 and 32 M words: peak memory grows by about 10 MB per
million words (some 7 KB per document), against 115 MB per million words for the in-memory path;
a 1 GB corpus needs about 2 GB rather than about 20 GB. Each text is read from disk several times
(the passes below), so a streamed ingest is slower: 1.1-1.4 times on real news, about 2.5 times on a
corpus where every text resembles many others (shared shingles are counted pair by pair).

The passes are the steps of :mod:`framing.ingest.pipeline`, the same as an in-memory ingest's,
with the texts and shingles in temporary files (:class:`~framing.ingest.storage.DiskStorage`);
then the corpus is written in row groups.

Digests replace string comparisons in two places (identical texts; learned units), in both kinds
of ingest: two different strings share a 128-bit digest with probability about ``n² / 2^129`` for
``n`` strings, below 10^-20 for a billion.
"""

from __future__ import annotations

import inspect
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .. import owners
from .._perf import gc_paused
from ..corpus import corpus_format
from ..errors import OutputError, ParameterError
from ..files import guard_output, os_problem
from .core import ingest_sources
from .finish import with_texts
from .output import summary_path_of, write_row_groups
from .pipeline import IngestState, run, start
from .storage import DiskStorage

__all__ = ["ingest_stream"]

# ------------------------------------------------------------------ temporary folders of killed runs
_PREFIX = ".framing-ingest-"
_OWNER = "owner.json"


def remove_leftovers(folder: str | os.PathLike) -> list[str]:
    """Remove the temporary folders (``.framing-ingest-*``) that streamed ingests killed before they
    could clean up (SIGKILL, a crash, a power cut) left in ``folder``; return a line for each.

    A folder is removed only when its owner record (``owner.json``: pid, process start time, host)
    shows that its run is gone; a live run's folder, another machine's, and a folder without an
    owner record (being created, or left by an older version) are left alone (the latter named).

    Examples
    --------
    >>> remove_leftovers("reports")  # doctest: +SKIP
    ['removed the temporary folder of a streamed ingest that was killed (pid 4242): reports/.framing-ingest-k2j3 (212 MB)']
    """
    notes: list[str] = []
    try:
        candidates = sorted(p for p in Path(folder).glob(_PREFIX + "*") if p.is_dir() and not p.is_symlink())
    except OSError:
        return notes
    for d in candidates:
        if not (d / _OWNER).exists():
            notes.append(
                f"left alone: {d} (a temporary folder without an owner record: remove it by hand if no "
                "ingest is running)"
            )
            continue
        owner = owners.read_owner(d, _OWNER)
        if owner is None or owners.owner_alive(owner):
            continue
        size = owners.folder_size(d)
        shutil.rmtree(d, ignore_errors=True)
        if not d.exists():
            notes.append(
                f"removed the temporary folder of a streamed ingest that was killed (pid {owner.get('pid')}): "
                f"{d} ({size / 1e6:.0f} MB)"
            )
    return notes


def _temporary_folder(where: Path, flag: str) -> tempfile.TemporaryDirectory:
    """A temporary folder in ``where`` with an owner record, so a later run can tell when it is left over."""
    try:
        tmp = tempfile.TemporaryDirectory(prefix=_PREFIX, dir=where)
    except OSError as exc:
        raise OutputError(f"{flag} {where}: cannot create the temporary folder: {os_problem(exc)}") from None
    try:
        owners.write_owner(Path(tmp.name), _OWNER)
    except OSError as exc:
        tmp.cleanup()
        raise OutputError(f"{flag} {where}: cannot write the temporary files: {os_problem(exc)}") from None
    return tmp


@gc_paused()
def ingest_stream(
    sources,
    out: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    row_group_size: int = 10_000,
    notes: list[str] | None = None,
    **options,
) -> tuple[Path, Path, dict]:
    """:func:`~framing.ingest.ingest_sources` and :func:`~framing.ingest.write_outputs` in bounded
    memory: the same corpus (Parquet only) and summary, texts kept on disk meanwhile.

    Parameters
    ----------
    sources, options : as for :func:`~framing.ingest.ingest_sources` (``text_col``, ``furniture``,
        ``dup_threshold``, ...).
    out : the corpus to write (``.parquet``); the summary goes to ``<out>.summary.json``.
    workdir : folder for the temporary files (default: the output's folder); they take about
        four times the size of the texts (raw, cleaned and final texts, and 8 bytes of shingle
        per word) and are removed at the end. Temporary folders that killed runs left there are
        removed first (see :func:`remove_leftovers`).
    notes : a list that receives a line for each such folder removed (the command prints them).

    Returns
    -------
    (corpus path, summary path, summary)
    """
    out = Path(out)
    if corpus_format(out) != "parquet":
        raise ParameterError(f"--stream: {out}: a streamed ingest writes Parquet; name the output .parquet")
    args = inspect.signature(ingest_sources).bind(sources, **options)
    args.apply_defaults()
    if workdir is not None and not Path(workdir).is_dir():
        raise ParameterError(
            f"workdir: {workdir}: not an existing folder; create it or name another one for the temporary files"
        )
    a = dict(args.arguments)
    srcs = [a["sources"]] if isinstance(a["sources"], (str, os.PathLike)) else list(a["sources"] or [])
    guard_output([out, summary_path_of(out)], srcs + [a["manifest"]])  # before anything is read
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot create its folder: {os_problem(exc)}") from None
    where = Path(workdir) if workdir is not None else out.parent
    found = remove_leftovers(where)
    if notes is not None:
        notes.extend(found)
    state = start(a)
    flag = "--workdir" if workdir is not None else "--out"
    with _temporary_folder(where, flag) as tmp:
        state.storage = DiskStorage(Path(tmp))
        try:
            try:
                return _ingest(state, out, row_group_size)
            finally:
                state.close()
        except OSError as exc:  # spilling the texts (the output itself is written by framing.files)
            raise OutputError(f"{flag} {where}: cannot write the temporary files: {os_problem(exc)}") from None


def _ingest(state: IngestState, out: Path, row_group_size: int) -> tuple[Path, Path, dict]:
    """Run the pipeline on ``state`` (its storage on disk) and write the corpus in row groups."""
    run(state)

    def parts() -> Iterator[pd.DataFrame]:
        for first in range(0, len(state.corpus), row_group_size):
            yield with_texts(state, np.arange(first, min(first + row_group_size, len(state.corpus))))

    return write_row_groups(state.corpus, parts(), state.summary, out)
