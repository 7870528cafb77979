"""``framing count-dask`` and ``framing count-stream``: counts and mentions of corpora bigger than
memory (:mod:`framing.distributed`, :mod:`framing.parallel`)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from . import options


def _write_frame(df: pd.DataFrame, path: str, flag: str = "--out") -> None:
    from ..files import atomic_write

    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False), flag)
    elif suffix == ".csv":
        atomic_write(path, lambda tmp: df.to_csv(tmp, index=False), flag)
    else:
        raise ParameterError(f"{path}: unknown output format {suffix or '(no extension)'!r}; use .csv or .parquet")


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="Parquet corpus (file, folder of files, or glob), e.g. from `framing ingest`")
    options.add_lexicon(p, help="lexicon YAML (default: the bundled russia_ukraine.yaml)")
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


def _outputs(args: argparse.Namespace) -> None:
    """Check the outputs before anything is read: something to write, known formats, and no
    output where an input is (:func:`framing.files.guard_output`)."""
    from ..files import guard_output

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


def _report(args: argparse.Namespace, counts, mentions, seconds: float) -> None:
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


def _cmd_dask(args: argparse.Namespace) -> int:
    _outputs(args)
    from ..distributed import count_and_match_dask, dask_client, read_corpus_dask
    from ..lexicon import load_lexicon

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


def _cmd_stream(args: argparse.Namespace) -> int:
    _outputs(args)
    from ..lexicon import load_lexicon
    from ..parallel import stream_parquet

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
