"""``framing keyness CORPUS --by COL --out FILE.csv`` (:mod:`framing.keyness`)."""

from __future__ import annotations

import argparse
from typing import Any

from ..keyness import METHODS
from . import options
from .counts import write_csv


def _keyness_command(args: argparse.Namespace) -> int:
    from ..corpus import read_corpus
    from ..files import guard_output
    from ..keyness import keyness_corpus

    # before anything is read: never write over an input, nor where nothing can be written
    guard_output(args.out, [args.corpus, args.lexicon])
    mwes = options.mwes_from_args(args)
    corpus = read_corpus(args.corpus)
    settings: dict[str, Any] = {}
    if args.method == "logodds":
        settings.update(prior=args.prior, prior_size=args.prior_size, variance=args.variance)
    if args.method == "g2":
        settings.update(g2_form=args.g2_form)
    if args.method == "chi2":
        settings.update(yates=args.yates)
    res = keyness_corpus(
        corpus,
        by=args.by,
        method=args.method,
        design=args.design,
        text_col=args.text_col,
        mwes=mwes,
        min_count=args.min_count,
        min_length=args.min_length,
        stopwords=args.stopwords,
        drop_outlet_names=args.drop_outlet_names,
        drop_boilerplate=args.drop_boilerplate,
        fold_yo=args.fold_yo,
        **settings,
    )
    write_csv(res, args.out)
    n_sig = int((res["q"] < 0.05).sum())
    print(f"framing keyness: {len(res)} rows, {n_sig} with q < 0.05 ({args.method}, {args.design}) -> {args.out}")
    return 0


def register(subparsers) -> None:
    """Add ``framing keyness``."""
    p = subparsers.add_parser(
        "keyness",
        help="distinctive terms per group (log-odds with Dirichlet prior, G², χ²)",
        description="Score each term for each group against the rest (or each pair of groups). Writes "
        "group, term, count, total, other_count, other_total, score (+ z for logodds; log_ratio for g2/chi2), "
        "p, q (Benjamini-Hochberg), other, one_group_only, warning, method.",
    )
    p.add_argument("corpus", help="corpus file (.parquet, .csv, .jsonl)")
    p.add_argument("--by", required=True, help="grouping column (outlet, stance_group, ...)")
    p.add_argument("--method", choices=METHODS, default="logodds", help="statistic (default: logodds)")
    p.add_argument(
        "--design",
        choices=["one-vs-rest", "pairwise"],
        default="one-vs-rest",
        help="each group vs the rest, or every pair of groups",
    )
    p.add_argument("--text-col", default="text", help="text column (default: text)")
    p.add_argument("--out", required=True, help="output CSV")
    p.add_argument("--min-count", type=int, default=1, help="keep terms seen at least this often in a comparison")
    p.add_argument("--prior", choices=["corpus", "uniform"], default="corpus", help="logodds prior (default: corpus)")
    p.add_argument(
        "--prior-size",
        type=float,
        default=None,
        help="logodds prior size α0 (default: the corpus size, α_w = corpus count)",
    )
    p.add_argument("--variance", choices=["mcq", "full"], default="mcq", help="logodds variance (default: mcq)")
    p.add_argument("--g2-form", choices=["dunning", "rayson"], default="dunning", help="G² cells (default: dunning)")
    p.add_argument("--yates", action="store_true", help="chi2: Yates' continuity correction")
    p.add_argument(
        "--min-length",
        type=int,
        default=1,
        help="compare only terms of at least this many characters, "
        "and no bare numbers when above 1 (default 1: every term)",
    )
    p.add_argument(
        "--stopwords",
        default="none",
        help="stopword lists to leave out: english, russian, ukrainian "
        "(several joined by commas, e.g. russian,ukrainian) or none (default none)",
    )
    p.add_argument("--fold-yo", action="store_true", help="count Russian ё as е (ещё = еще)")
    p.add_argument(
        "--drop-outlet-names",
        action="store_true",
        help="leave out the tokens of the groups' names (abc, bbc, news ...), which top their own lists",
    )
    p.add_argument(
        "--drop-boilerplate",
        action="store_true",
        help="leave out terms a group prints in at least half its documents and others in at most 5%%",
    )
    options.add_mwe_arguments(p)
    p.set_defaults(func=_keyness_command)
