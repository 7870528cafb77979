"""``framing ingest SOURCE... --out CORPUS.{parquet,csv,jsonl}`` (:mod:`framing.ingest`)."""

from __future__ import annotations

import argparse

from ..corpus import corpus_format
from ..errors import ParameterError
from ..files import guard_output
from ..ingest.readers import FORMATS
from . import options


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Show a default only when it is a real value (not None/True/False) and the help has none."""

    def _get_help_string(self, action):
        if action.default is None or isinstance(action.default, bool) or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def register(subparsers) -> None:
    """Add the ``ingest`` subcommand to the ``framing`` command line."""
    p = subparsers.add_parser(
        "ingest",
        help="read raw sources (txt+manifest, CSV, JSONL, Parquet, HTML, Media Cloud) into a corpus",
        description="Read raw sources into the canonical corpus: decode and clean the text, remove site "
        "furniture, mark near-duplicate copies. Prints an accounting summary and writes it to "
        "<out>.summary.json. Nothing is dropped without being listed there.",
        formatter_class=_HelpFormatter,
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="files or folders to read")
    p.add_argument("--out", required=True, metavar="CORPUS", help="output corpus (.parquet, .csv or .jsonl)")
    p.add_argument(
        "--manifest", metavar="FILE", help="manifest CSV for .txt/.html files (default: <folder>/manifest.csv)"
    )
    p.add_argument("--text-col", default="text", help="text column in tabular sources")
    p.add_argument("--outlet-col", default="outlet", help="outlet column in tabular sources")
    p.add_argument("--id-col", default=None, help="document id column (default: doc_id if present, else <file>-<row>)")
    p.add_argument("--date-col", default="date", help="date column")
    p.add_argument("--title-col", default="title", help="title column")
    p.add_argument("--url-col", default="url", help="URL column")
    p.add_argument("--outlet", default=None, metavar="NAME", help="outlet for sources lacking one")
    p.add_argument("--format", dest="fmt", default="auto", choices=FORMATS, help="source format")
    p.add_argument(
        "--encoding",
        default=None,
        help="the sources' text encoding (default: decided per file: byte-order mark, UTF-8, or a guess among "
        "the common news code pages, each file's decision in the summary); a row it cannot decode is an error",
    )
    p.add_argument("--no-furniture", dest="furniture", action="store_false", help="keep site furniture lines")
    p.add_argument("--no-dedup", dest="dedup", action="store_false", help="do not look for near-duplicates")
    p.add_argument(
        "--dup-threshold", type=float, default=0.5, help="shingle containment needed to call two documents copies (0-1]"
    )
    p.add_argument(
        "--furniture-min-docs",
        type=int,
        default=5,
        help="documents an outlet needs before its recurring lines are learned as furniture",
    )
    p.add_argument(
        "--furniture-min-count",
        type=int,
        default=5,
        help="documents a line or sentence must recur in (at least) to be learned as furniture",
    )
    p.add_argument(
        "--furniture-min-share",
        type=float,
        default=0.05,
        help="share of an outlet's documents a line or sentence must recur in (at least)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="skip bad rows (also rows with undecodable bytes, which are otherwise repaired as U+FFFD) and "
        "unreadable files, all listed in the summary, instead of failing",
    )
    p.add_argument(
        "--stream",
        action="store_true",
        help="keep the texts on disk while ingesting (for corpora bigger than memory): the same output, "
        "Parquet only; slower, as each text is read several times",
    )
    p.add_argument(
        "--workdir",
        metavar="DIR",
        default=None,
        help="with --stream: an existing folder for the temporary files, which take about four times "
        "the text and are removed at the end (default: the output's folder)",
    )
    options.add_language(
        p,
        help="the language of every document (ISO 639-1: en, ru, uk, ...); default: the source's "
        "language column where it holds a code, else detected from the text",
    )
    p.add_argument("--quiet", action="store_true", help="do not print the summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``framing ingest``."""
    from ..ingest.core import format_summary, ingest_sources, summary_path_of, write_outputs
    from ..ingest.readers import path_text

    fmt = corpus_format(args.out)  # fail on a bad --out before reading anything
    if args.workdir is not None and not args.stream:
        raise ParameterError(
            f"--workdir {args.workdir}: only a streamed ingest keeps temporary files; add --stream "
            "or leave --workdir out"
        )
    # never write over an input or into an input folder: checked before anything is read
    inputs = list(args.sources) + ([args.manifest] if args.manifest else [])
    guard_output([args.out, summary_path_of(args.out)], inputs)
    options = dict(
        text_col=args.text_col,
        outlet_col=args.outlet_col,
        id_col=args.id_col,
        date_col=args.date_col,
        title_col=args.title_col,
        url_col=args.url_col,
        outlet=args.outlet,
        manifest=args.manifest,
        fmt=args.fmt,
        encoding=args.encoding,
        furniture=args.furniture,
        dedup=args.dedup,
        dup_threshold=args.dup_threshold,
        skip_bad=args.skip_bad,
        furniture_min_docs=args.furniture_min_docs,
        furniture_min_count=args.furniture_min_count,
        furniture_min_share=args.furniture_min_share,
        language=args.language,
    )
    if args.stream:
        from ..ingest.stream import ingest_stream

        if fmt != "parquet":
            raise ParameterError(f"--stream: {args.out}: a streamed ingest writes Parquet; name the output .parquet")
        notes: list[str] = []
        out, summary_path, summary = ingest_stream(args.sources, args.out, workdir=args.workdir, notes=notes, **options)
    else:
        corpus, summary = ingest_sources(args.sources, **options)
        out, summary_path = write_outputs(corpus, summary, args.out)
        notes = []
    if not args.quiet:
        print(format_summary(summary))
        for note in notes:
            print(note)
        print(path_text(f"wrote {out} and {summary_path}"))
    return 0
