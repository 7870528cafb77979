"""``framing explore``: the offline explorer page (:mod:`framing.explorer`)."""

from __future__ import annotations

import argparse

from ..errors import ParameterError
from . import options


def _explore_command(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..corpus import filter_corpus
    from ..explorer import _inputs, write_explorer
    from ..files import guard_output, writable_target

    out = writable_target(args.out, flag="--out")
    guard_output(out, [args.corpus, args.lexicon])
    date_from, date_to = options.date_window(args)
    corpus, _m, lexicon = _inputs(args.corpus, pd.DataFrame(), args.lexicon)
    corpus = filter_corpus(corpus, options.outlet_list(args.outlets), date_from, date_to)
    if corpus.empty:
        raise ParameterError("--outlets/--date-from/--date-to: no document is left after filtering; widen the filter")
    from ..match import match_corpus

    mentions = match_corpus(corpus, lexicon)
    path = write_explorer(
        out,
        corpus,
        mentions,
        None,
        lexicon=lexicon,
        max_lines=args.max_lines,
        max_terms=args.max_terms,
        n_boot=args.n_boot,
        seed=args.seed,
        max_bytes=args.max_bytes,
        title=args.title or f"framing explorer: {lexicon.name}",
    )
    print(f"framing explore: wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser (works offline)")
    return 0


def register(subparsers) -> None:
    """Add ``framing explore`` to the command line."""
    p = subparsers.add_parser(
        "explore",
        help="write the explorer: one offline HTML file to click from a term to its rates and contexts",
        description="Write explorer.html: a keyness scatter per outlet; search or click a term to see its rate per "
        "outlet (95%% bootstrap intervals) and a sample of its concordance lines with voice and modality, filtered "
        "by outlet, voice and date. One self-contained file: no network, no CDN.",
    )
    p.add_argument(
        "--corpus",
        default="",
        metavar="PATH",
        help="corpus file (.csv/.parquet/.jsonl) or folder of sources (default: the bundled demo corpus)",
    )
    options.add_lexicon(p, help="lexicon YAML or bundled name (default: bundled)", metavar="PATH")
    p.add_argument("--out", default="explorer.html", metavar="FILE.html", help="output file (default: explorer.html)")
    options.add_outlets(p, help="comma-separated outlets to keep (default: all)")
    options.add_date_window(p, help_from="first date kept", help_to="last date kept", metavar="YYYY-MM-DD")
    p.add_argument("--max-lines", type=int, default=20, help="concordance lines per lexicon variant and outlet")
    p.add_argument("--max-terms", type=int, default=150, help="terms per keyness scatter (plus every lexicon term)")
    p.add_argument("--max-bytes", type=int, default=9_500_000, help="upper bound on the file's size")
    options.add_n_boot(p, 1000, help="bootstrap replicates for the rate intervals")
    options.add_seed(p, help="seed of the line samples and the bootstrap")
    p.add_argument("--title", default="", help="page title")
    p.set_defaults(func=_explore_command)
