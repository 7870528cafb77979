"""``framing match CORPUS --out FILE.csv`` (:mod:`framing.match`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..files import guard_output
from ..match import DEFAULT_UNDATED, UNDATED_CHOICES
from . import options


def _cmd_match(args: argparse.Namespace) -> int:
    from ..corpus import filter_corpus, read_corpus
    from ..lexicon import load_lexicon
    from ..match import match_corpus, summarize, write_mentions

    # before anything is read: never write over an input, nor where nothing can be written
    guard_output(args.out, [args.corpus, args.lexicon])
    date_from, date_to = options.date_window(args)
    language = options.language_code(args.language)
    path = Path(args.corpus)
    lexicon = load_lexicon(args.lexicon)
    if path.is_dir():
        from ..notebook import load_corpus

        corpus = load_corpus(path)
    else:
        corpus = read_corpus(path)
    corpus = filter_corpus(corpus, options.outlet_list(args.outlets), date_from, date_to)
    mentions = match_corpus(corpus, lexicon, undated=args.undated, language=language)
    write_mentions(mentions, args.out)
    print(f"{args.out}: {summarize(mentions, len(corpus))}")
    return 0


def register(subparsers) -> None:
    """Add ``framing match CORPUS --out FILE.csv [--lexicon] [--outlets] [--date-from] [--date-to] [--undated]``."""
    p = subparsers.add_parser(
        "match",
        help="find lexicon terms in a corpus: one row per mention with stance and voice",
        description="Write one row per lexicon hit: doc_id, outlet, date, concept, variant, stance, start, "
        "end, matched, voice, sentence (then attributed, stance_basis).",
    )
    p.add_argument("corpus", help="corpus file (.parquet, .csv, .jsonl) or a folder of raw sources")
    options.add_lexicon(p, help="lexicon YAML (default: data/lexicons/russia_ukraine.yaml)")
    p.add_argument("--out", required=True, help="mentions file to write (.csv, or .parquet)")
    options.add_outlets(p)
    options.add_date_window(p)
    p.add_argument(
        "--undated",
        choices=UNDATED_CHOICES,
        default=DEFAULT_UNDATED,
        help="stance of date-dependent variants (e.g. Kiev) in documents without a date: neutral "
        "(default), current (present-day stance), or drop the mention",
    )
    options.add_language(
        p,
        help="the language of every document (en, ru, uk, ...), overriding the corpus's language column "
        "and detection; only the lexicon variants of a document's language apply to it",
    )
    p.set_defaults(func=_cmd_match)
