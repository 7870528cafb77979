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

import argparse
import contextlib
import os
import sys
import time
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


# ----------------------------------------------------------------------------------------------
# command line
# ----------------------------------------------------------------------------------------------
def _write_frame(df: pd.DataFrame, path: str, flag: str = "--out") -> None:
    from .files import atomic_write

    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False), flag)
    elif suffix == ".csv":
        atomic_write(path, lambda tmp: df.to_csv(tmp, index=False), flag)
    else:
        raise ParameterError(f"{path}: unknown output format {suffix or '(no extension)'!r}; use .csv or .parquet")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="Parquet corpus (file, folder of files, or glob), e.g. from `framing ingest`")
    p.add_argument("--lexicon", default=None, help="lexicon YAML (default: the bundled russia_ukraine.yaml)")
    p.add_argument(
        "--totals",
        default=None,
        metavar="FILE",
        help="write group × term totals (group, term, count) to FILE (.csv or .parquet)",
    )
    p.add_argument("--mentions", default=None, metavar="FILE", help="write mentions to FILE (.csv or .parquet)")
    p.add_argument("--group-col", default="outlet", help="corpus column the totals are grouped by (default: outlet)")


def register(subparsers) -> None:
    """Add ``framing count-dask`` and ``framing count-stream``."""
    p = subparsers.add_parser(
        "count-dask",
        help="count terms and match the lexicon over Parquet partitions on a Dask cluster",
        description="Count terms per group and find lexicon mentions over a Parquet corpus with dask.distributed. "
        "Results equal the in-memory `framing counts`/`framing match`. Without --scheduler a local cluster "
        "of --workers processes is started ($FRAMING_SCHEDULER or Dask's scheduler-address config also work).",
    )
    _add_common(p)
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="scheduler address of a running cluster, e.g. tcp://10.0.0.5:8786",
    )
    p.add_argument("--workers", type=int, default=None, help="local cluster size (default: one per CPU)")
    p.add_argument("--threads-per-worker", type=int, default=1, help="threads per local worker (default 1)")
    p.add_argument(
        "--mentions-dir",
        default=None,
        metavar="DIR",
        help="workers write each partition's mentions to DIR/part.NNNNNN.parquet (a folder all "
        "workers can reach); the client then holds no mentions, whatever the corpus size",
    )
    p.set_defaults(func=_cmd_dask)

    s = subparsers.add_parser(
        "count-stream",
        help="count terms and match the lexicon streaming over a Parquet corpus (bounded memory)",
        description="Count terms per group and find lexicon mentions reading a Parquet corpus one row group at a "
        "time, so memory grows with the vocabulary, not the corpus.",
    )
    _add_common(s)
    s.add_argument("--batch-docs", type=int, default=None, help="documents per batch (default: Parquet row groups)")
    s.set_defaults(func=_cmd_stream)


def _corpus_inputs(corpus: str) -> list[str]:
    """The files a corpus argument names: itself, or what its glob matches."""
    if "*" in corpus or "?" in corpus or "[" in corpus:
        import glob

        return sorted(glob.glob(corpus)) or [corpus]
    return [corpus]


def _outputs(args) -> None:
    """Check the outputs before anything is read: something to write, known formats, and no
    output where an input is (:func:`framing.files.guard_output`)."""
    from .files import guard_output

    if not args.totals and not args.mentions and not getattr(args, "mentions_dir", None):
        raise ParameterError("give --totals FILE and/or --mentions FILE: there is nothing to write otherwise")
    if args.mentions and getattr(args, "mentions_dir", None):
        raise ParameterError("give --mentions FILE or --mentions-dir DIR, not both")
    inputs = [*_corpus_inputs(str(args.corpus)), args.lexicon]
    for flag, f in (("--totals", args.totals), ("--mentions", args.mentions)):
        if f:
            guard_output(f, inputs, flag)
    if getattr(args, "mentions_dir", None):
        guard_output(args.mentions_dir, inputs, "--mentions-dir", folder=True)
    for flag, f in (("--totals", args.totals), ("--mentions", args.mentions)):
        if f and Path(f).suffix.lower() not in (".csv", ".parquet", ".pq"):
            raise ParameterError(f"{flag} {f}: unknown output format; use .csv or .parquet")
    if args.totals and args.mentions and os.path.abspath(args.totals) == os.path.abspath(args.mentions):
        raise ParameterError(f"--totals and --mentions name the same file {args.totals}; give two files")


def _report(args, counts, mentions, seconds: float) -> None:
    if args.totals:
        _write_frame(counts.totals_frame(), args.totals, "--totals")
    if args.mentions and isinstance(mentions, pd.DataFrame):
        _write_frame(mentions, args.mentions, "--mentions")
    parts = []
    if counts is not None:
        parts.append(f"{counts.n_docs} documents, {counts.n_tokens} tokens, {len(counts.vocabulary)} terms")
    if mentions is not None:
        parts.append(f"{mentions if isinstance(mentions, int) else len(mentions)} mentions")
    print(f"{'; '.join(parts)} in {seconds:.1f} s", file=sys.stderr)


def _cmd_dask(args) -> int:
    _outputs(args)
    from .lexicon import load_lexicon

    lexicon = load_lexicon(args.lexicon)
    ddf = read_corpus_dask(args.corpus)
    t = time.perf_counter()
    with dask_client(args.scheduler, args.workers, args.threads_per_worker) as client:
        counts, mentions = count_and_match_dask(
            ddf,
            lexicon,
            client=client,
            count=bool(args.totals),
            match=bool(args.mentions or args.mentions_dir),
            group_col=args.group_col,
            keep_docs=False,
            mentions_dir=args.mentions_dir,
        )
    _report(args, counts, mentions, time.perf_counter() - t)
    return 0


def _cmd_stream(args) -> int:
    _outputs(args)
    from .lexicon import load_lexicon
    from .parallel import stream_parquet

    t = time.perf_counter()
    to_file = bool(args.mentions) and Path(args.mentions).suffix.lower() in (".parquet", ".pq")
    result = stream_parquet(
        args.corpus,
        load_lexicon(args.lexicon),
        count=bool(args.totals),
        match=bool(args.mentions),
        group_col=args.group_col,
        batch_docs=args.batch_docs,
        mentions_path=args.mentions if to_file else None,
    )
    mentions = result.mentions
    if to_file:  # written batch by batch: memory stays bounded
        import pyarrow.parquet as pq

        mentions = pq.ParquetFile(args.mentions).metadata.num_rows if Path(args.mentions).exists() else 0
    _report(args, result.counts if args.totals else None, mentions, time.perf_counter() - t)
    return 0


__all__ = [
    "scheduler_address",
    "dask_client",
    "read_corpus_dask",
    "count_and_match_dask",
    "warm_lexicon",
    "count_dask",
    "match_dask",
    "register",
    "FramingError",
]
