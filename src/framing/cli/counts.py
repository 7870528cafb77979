"""``framing counts CORPUS --out FILE.csv`` (:mod:`framing.counts`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from . import options

if TYPE_CHECKING:
    import pandas as pd


def write_csv(df: pd.DataFrame, path, flag: str = "--out") -> None:
    """Write a table as CSV atomically (:func:`framing.files.atomic_write`)."""
    from ..files import atomic_write

    atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n", float_format="%.12g"), flag)


def _counts_command(args: argparse.Namespace) -> int:
    from ..corpus import read_corpus
    from ..counts import count_matrix
    from ..files import guard_output

    # before anything is read: never write over an input, nor where nothing can be written
    guard_output(args.out, [args.corpus, args.lexicon])
    mwes = options.mwes_from_args(args)
    corpus = read_corpus(args.corpus)
    cm = count_matrix(corpus, mwes=mwes, text_col=args.text_col, min_count=args.min_count, fold_yo=args.fold_yo)
    table = cm.outlet_totals(args.by)
    write_csv(table, args.out)
    print(
        f"framing counts: {len(table)} rows ({table[args.by].nunique()} groups, {len(cm.vocabulary)} terms) -> {args.out}"
    )
    return 0


def register(subparsers) -> None:
    """Add ``framing counts``."""
    p = subparsers.add_parser(
        "counts",
        help="group × term token counts (tidy CSV)",
        description="Count tokens per group (outlet or any corpus column) and term; writes columns "
        "<by>, term, count, total (tokens in the group).",
    )
    p.add_argument("corpus", help="corpus file (.parquet, .csv, .jsonl)")
    p.add_argument("--out", required=True, help="output CSV")
    p.add_argument("--by", default="outlet", help="grouping column (default: outlet)")
    p.add_argument("--text-col", default="text", help="text column to count (default: text)")
    p.add_argument("--min-count", type=int, default=1, help="drop terms rarer than this in the whole corpus")
    p.add_argument("--fold-yo", action="store_true", help="count Russian ё as е (ещё = еще)")
    options.add_mwe_arguments(p)
    p.set_defaults(func=_counts_command)
