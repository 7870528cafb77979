"""Counting and matching on a Dask cluster (``dask.distributed``), identical to the in-memory path.

The corpus is a Dask DataFrame read from Parquet (one partition per row group or file). Each
partition is mapped by the same functions as the single-machine path —
:func:`framing.parallel.count_partition` and :func:`framing.parallel.match_partition` — and the
partial counts are reduced on the workers in a tree (fan-in 8) by :func:`framing.parallel.merge_counts`.
Vocabulary sorted, documents in corpus order and mentions sorted by
:func:`framing.parallel.sort_mentions`, so the result equals ``count_matrix``/``match_corpus`` on the
whole corpus in memory, exactly.

Where the cluster comes from (first that applies):

1. a ``client`` you pass in;
2. ``scheduler=`` an address such as ``tcp://10.0.0.5:8786`` (CLI ``--scheduler``);
3. the environment variable ``FRAMING_SCHEDULER`` or Dask's own config key ``scheduler-address``
   (``DASK_SCHEDULER_ADDRESS``, or ``scheduler-address:`` in ``~/.config/dask/*.yaml``);
4. else a ``LocalCluster`` with ``workers`` processes of one thread each (CLI ``--workers``).

Every worker needs ``framing`` installed (same version) and read access to the Parquet path
(a shared file system or an object store URL that ``pyarrow`` can open).

Example
-------
>>> from framing.distributed import dask_client, count_and_match_dask
>>> with dask_client(workers=2) as client:  # doctest: +SKIP
...     counts, mentions = count_and_match_dask("data/processed/corpus.parquet", client=client)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import CorpusError, FramingError, ParameterError
from .parallel import PartitionCounts, count_partition, match_partition, merge_counts, sort_mentions

FAN_IN = 8


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The scheduler to use: the argument, else ``$FRAMING_SCHEDULER``, else Dask config ``scheduler-address``."""
    if scheduler:
        return scheduler
    env = os.environ.get("FRAMING_SCHEDULER")
    if env:
        return env
    import dask

    return dask.config.get("scheduler-address", None)


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None,
    workers: int | None = None,
    threads_per_worker: int = 1,
    memory_limit: str | None = "auto",
    timeout: float = 30,
) -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``scheduler`` (see module doc) or to a new ``LocalCluster``.

    The local cluster (``workers`` processes × ``threads_per_worker`` threads; default one worker
    per CPU) and the client are closed on exit; a remote cluster is left running.
    """
    from distributed import Client, LocalCluster

    address = scheduler_address(scheduler)
    if address:
        try:
            client = Client(address, timeout=timeout)
        except (OSError, TimeoutError) as exc:
            raise ParameterError(
                f"--scheduler {address}: cannot connect ({exc}); start `dask scheduler` "
                "and `dask worker ADDRESS` there, or omit --scheduler for a local cluster"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    n = int(workers or os.cpu_count() or 1)
    if n < 1:
        raise ParameterError(f"--workers {n}: need at least 1 worker")
    cluster = LocalCluster(
        n_workers=n,
        threads_per_worker=threads_per_worker,
        processes=True,
        memory_limit=memory_limit,
        dashboard_address=":0",
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def read_corpus_dask(path: str | os.PathLike, *, split_row_groups: bool | int | str = True):
    """A Dask DataFrame over a Parquet corpus: one partition per row group (``split_row_groups=True``).

    ``path`` may be one file, a folder of Parquet files, or a glob; partitions keep file and row order.
    """
    import dask.dataframe as dd

    p = str(path)
    if "*" not in p and "://" not in p and not Path(p).exists():
        raise CorpusError(f"{p}: no such corpus file; run `framing ingest` to create it")
    if "*" not in p and "://" not in p and not Path(p).is_dir() and not Path(p).is_file():
        raise CorpusError(f"{p}: is not a regular file (a pipe or a device); save the corpus to a file first")
    try:
        return dd.read_parquet(p, split_row_groups=split_row_groups)
    except Exception as exc:
        raise CorpusError(
            f"{p}: cannot read as parquet: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None


def _as_ddf(corpus):
    import dask.dataframe as dd

    if isinstance(corpus, dd.DataFrame):
        return corpus
    if isinstance(corpus, pd.DataFrame):
        raise ParameterError(
            "corpus: give a Parquet path or a dask DataFrame (for a pandas corpus use "
            "framing.counts.count_matrix / framing.match.match_corpus directly)"
        )
    return read_corpus_dask(corpus)


def _work(
    part: pd.DataFrame,
    lexicon,
    mwes,
    do_count: bool,
    do_match: bool,
    group_col: str,
    keep_docs: bool,
    count_options: dict | None,
    match_options: dict | None,
    number: int,
    mentions_dir: str | None = None,
):
    """Map task run on a worker: validate one partition, count it and/or match it.

    With ``mentions_dir`` the partition's mentions are written to ``mentions_dir/part.NNNNNN.parquet``
    and only their number travels back.
    """
    from .corpus import validate_corpus

    if len(part) == 0:
        counts = PartitionCounts([], [], *_empty_totals(keep_docs)) if do_count else None
        return counts, (None if not do_match else (0 if mentions_dir else pd.DataFrame()))
    part = validate_corpus(part.reset_index(drop=True), source=f"partition {number}")
    counts = (
        count_partition(part, mwes=mwes, group_col=group_col, keep_docs=keep_docs, count_options=count_options)
        if do_count
        else None
    )
    mentions = None
    if do_match:
        mentions = sort_mentions(match_partition(part, lexicon, match_options=match_options), part["doc_id"].tolist())
        if mentions_dir is not None:
            from .files import atomic_write

            frame = mentions
            atomic_write(
                Path(mentions_dir) / f"part.{number:06d}.parquet",
                lambda tmp: frame.to_parquet(tmp, index=False),
                "--mentions-dir",
            )
            mentions = len(mentions)
    return counts, mentions


def _empty_totals(keep_docs: bool):
    import numpy as np
    import scipy.sparse as sp

    return (
        sp.csr_matrix((0, 0), dtype=np.int64),
        np.zeros(0, np.int64),
        sp.csr_matrix((0, 0), dtype=np.int64) if keep_docs else None,
        [],
        0,
    )


def _first(pair):
    return pair[0]


def _second(pair):
    return pair[1]


def _merge(parts: Sequence[PartitionCounts]) -> PartitionCounts:
    return merge_counts(parts)


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    if frames and all(isinstance(f, (int, np.integer)) for f in frames):  # counts of mentions written to files
        return int(sum(frames))
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        from .match import MENTION_COLUMNS

        return pd.DataFrame({c: [] for c in MENTION_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def _tree(items: list, func, fan_in: int = FAN_IN):
    from dask import delayed

    while len(items) > 1:
        items = [delayed(func)(items[i : i + fan_in]) for i in range(0, len(items), fan_in)]
    return items[0]


def count_and_match_dask(
    corpus,
    lexicon: Any = None,
    *,
    client: Any = None,
    count: bool = True,
    match: bool = True,
    group_col: str = "outlet",
    keep_docs: bool = True,
    count_options: dict | None = None,
    match_options: dict | None = None,
    mentions_dir: str | os.PathLike | None = None,
) -> tuple[PartitionCounts | None, pd.DataFrame | int | None]:
    """Count and match every partition of ``corpus`` on a Dask cluster, in one pass over the data.

    Parameters
    ----------
    corpus : path or dask.dataframe.DataFrame
        Parquet corpus (file, folder or glob) or a Dask DataFrame with the corpus columns.
    lexicon : Lexicon, path or Future, optional
        ``None`` loads the bundled lexicon. Sent once to every worker (``Client.scatter``); a
        Future from :func:`warm_lexicon` is used as it is (its patterns already compiled there).
    client : distributed.Client, optional
        ``None`` uses the current default client (``distributed.get_client()``).
    count, match : bool
        Which maps to run.
    group_col : str
        Rows of the group totals (default ``outlet``).
    keep_docs : bool
        Return the documents × terms matrix too (its size grows with the corpus); ``False`` keeps
        only group totals, whose size is bounded by groups × vocabulary.
    mentions_dir : path, optional
        A folder (created; must be reachable by the workers) where each partition's mentions are
        written as ``part.NNNNNN.parquet``; then only their total number comes back (an ``int`` in
        place of the mentions frame), so the client's memory does not grow with the corpus.
        ``pd.read_parquet(mentions_dir)`` gives the same sorted frame.

    Returns
    -------
    (PartitionCounts or None, DataFrame or None)
        Counts as from :func:`framing.parallel.merge_counts` and mentions with the columns of
        ``framing.match.MENTION_COLUMNS``, sorted by corpus order, start, end, concept, variant.
    """
    from dask import delayed
    from distributed import Future, get_client

    from .lexicon import load_lexicon

    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon)
    ddf = _as_ddf(corpus)
    client = client or get_client()
    lex: Any
    if isinstance(lexicon, Future):  # already on the workers (see warm_lexicon): fetch only its phrases
        lex = lexicon
        mwes = list(client.submit(_mwes, lex, pure=False).result())
    else:
        mwes = list(lexicon.multiword_expressions())
        lex = client.scatter(lexicon, broadcast=True) if match else None
    if mentions_dir is not None and match:
        from .files import os_problem

        mentions_dir = Path(mentions_dir)
        try:
            mentions_dir.mkdir(parents=True, exist_ok=True)
            for old_part in mentions_dir.glob("part.*.parquet"):  # a previous run's files would mix in
                old_part.unlink()
        except OSError as exc:
            from .errors import OutputError

            raise OutputError(f"--mentions-dir {mentions_dir}: cannot write: {os_problem(exc)}") from None
        mentions_dir = str(mentions_dir)
    pairs = [
        delayed(_work, pure=False)(
            part, lex, mwes, count, match, group_col, keep_docs, count_options, match_options, i, mentions_dir
        )
        for i, part in enumerate(ddf.to_delayed())
    ]
    targets = []
    if count:
        targets.append(_tree([delayed(_first)(p) for p in pairs], _merge))
    if match:
        targets.append(_tree([delayed(_second)(p) for p in pairs], _concat))
    futures = client.compute(targets)
    results = client.gather(futures)
    counts = results.pop(0) if count else None
    mentions = results.pop(0) if match else None
    if isinstance(mentions, pd.DataFrame):
        mentions = mentions.reset_index(drop=True)
    return counts, mentions


def _mwes(lexicon) -> list[str]:
    return list(lexicon.multiword_expressions())


def _compile_lexicon(lexicon) -> int:
    from .match import match_corpus

    match_corpus(
        pd.DataFrame(
            {"doc_id": ["warm-up"], "outlet": [""], "date": [pd.NaT], "title": [""], "url": [""], "text": ["Kyiv."]}
        ),
        lexicon,
    )
    for lang in getattr(lexicon, "languages", ()):  # each language's scanner is built on first use
        lexicon.scanner(lang)
    from .match_setup import warm

    warm(lexicon)  # and what matching takes from it per language
    return 1


def warm_lexicon(lexicon: Any, client: Any):
    """Send ``lexicon`` to every worker once and compile its patterns there; return the Future.

    Compiling a lexicon's patterns (about a quarter of a second for the bundled one) is done
    lazily per copy; passing the returned Future to :func:`count_and_match_dask` in several calls
    pays it once per worker.
    """
    from .lexicon import load_lexicon

    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon)
    future = client.scatter(lexicon, broadcast=True)
    workers = list(client.scheduler_info()["workers"])
    client.gather(
        [client.submit(_compile_lexicon, future, workers=[w], pure=False, allow_other_workers=False) for w in workers]
    )
    return future


def count_dask(corpus, lexicon: Any = None, *, client: Any = None, **options) -> PartitionCounts:
    """Counts only (see :func:`count_and_match_dask`); ``lexicon`` supplies the multi-word expressions."""
    counts, _ = count_and_match_dask(corpus, lexicon, client=client, count=True, match=False, **options)
    assert counts is not None  # count=True always returns the counts
    return counts


def match_dask(corpus, lexicon: Any = None, *, client: Any = None, **options) -> pd.DataFrame:
    """Mentions only (see :func:`count_and_match_dask`)."""
    _, mentions = count_and_match_dask(corpus, lexicon, client=client, count=False, match=True, **options)
    return mentions


__all__ = [
    "scheduler_address",
    "dask_client",
    "read_corpus_dask",
    "count_and_match_dask",
    "warm_lexicon",
    "count_dask",
    "match_dask",
    "FramingError",
]
