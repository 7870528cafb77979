"""``framing kwic CORPUS TERM`` (:mod:`framing.kwic`)."""

from __future__ import annotations

import argparse

from ..errors import ParameterError


def _kwic_command(args: argparse.Namespace) -> int:
    from ..corpus import filter_corpus, read_corpus
    from ..kwic import _kwic_suffix, kwic, write_kwic

    if args.out:  # before anything is read: never write over an input
        from ..files import guard_output

        guard_output(args.out, [args.corpus])
        _kwic_suffix(args.out)
    if args.window < 0:
        raise ParameterError(f"--window: must be 0 or more words, got {args.window}")
    if args.limit is not None and args.limit < 1:
        raise ParameterError(f"--limit: must be 1 or more lines, got {args.limit}")
    corpus = read_corpus(args.corpus)
    if args.outlet:
        corpus = filter_corpus(corpus, outlets=args.outlet)
    lines = kwic(corpus, args.term, window=args.window, regex=args.regex, limit=args.limit)
    if args.out:
        write_kwic(lines, args.out, title=f"{args.term}: {len(lines)} lines")
        print(f"framing kwic: {len(lines)} lines -> {args.out}")
        return 0
    if lines.empty:
        print(f"framing kwic: no match for {args.term!r}")
        return 0
    width = max(10, 6 * args.window)
    for rec in lines.to_dict("records"):
        left = rec["left"][-width:]
        print(
            f"{rec['doc_id']}\t{rec['outlet']}\t{rec['voice']:<9}\t{left:>{width}} [{rec['match']}] {rec['right'][:width]}"
        )
    return 0


def register(subparsers) -> None:
    """Add ``framing kwic``."""
    p = subparsers.add_parser(
        "kwic",
        help="keyword in context: every hit of a term with its context and voice",
        description="Find a word or phrase in the corpus and show each hit with WINDOW words of context, "
        "its document, outlet and voice (authorial, quoted, distanced).",
    )
    p.add_argument("corpus", help="corpus file (.parquet, .csv, .jsonl)")
    p.add_argument("term", help="word or phrase (hyphens/spaces and apostrophe variants are interchangeable)")
    p.add_argument("--window", type=int, default=8, help="words of context on each side (default: 8)")
    p.add_argument("--out", default=None, help="write lines to a .csv or .html file instead of printing")
    p.add_argument("--outlet", action="append", default=None, help="only this outlet (repeatable)")
    p.add_argument("--regex", action="store_true", help="TERM is a regular expression")
    p.add_argument("--limit", type=int, default=None, help="at most this many lines")
    p.set_defaults(func=_kwic_command)
