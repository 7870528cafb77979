"""The ``framing lexicon check`` and ``framing lexicon list`` commands (:mod:`framing.lexicon`)."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..lexicon import load_lexicon


def _cmd_check(args: argparse.Namespace) -> int:
    lex = load_lexicon(args.path)
    s = lex.summary()
    stances = ", ".join(f"{k} {v}" for k, v in s["by_stance"].items())
    conf = ", ".join(f"{k} {v}" for k, v in s["by_confidence"].items())
    print(
        f"{lex.path}: OK: {s['name']} {s['version']} (reviewed {s['last_reviewed']}): "
        f"{s['concepts']} concepts, {s['variants']} variants ({stances}; {conf}; "
        f"{s['date_dependent']} date-dependent; by language: "
        f"{', '.join(f'{k} {v}' for k, v in s['by_lang'].items())}; {s['lemmas']} lemma phrases expanded)"
    )
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    lex = load_lexicon(args.path)
    df = lex.variants_frame()
    if args.concept:
        df = df[df["concept"] == args.concept]
        if df.empty:
            from ..errors import ParameterError

            raise ParameterError(
                f"--concept: no concept {args.concept!r}; known: {', '.join(c.id for c in lex.concepts)}"
            )
    cols = ["concept", "variant", "label", "lang", "stance", "confidence", "signal", "stance_periods"]
    if args.format == "csv":
        df[cols].to_csv(sys.stdout, index=False)
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
            print(df[cols].to_string(index=False))
    return 0


def register(subparsers) -> None:
    """Add ``framing lexicon check [PATH]`` and ``framing lexicon list [PATH]``."""
    p = subparsers.add_parser("lexicon", help="validate or list a lexicon of contested terms")
    sub = p.add_subparsers(dest="lexicon_command", metavar="ACTION")
    pc = sub.add_parser("check", help="validate a lexicon and print concept/variant counts")
    pc.add_argument("path", nargs="?", default=None, help="lexicon YAML (default: the bundled one)")
    pc.set_defaults(func=_cmd_check)
    pl = sub.add_parser("list", help="print concept, variant, label, stance, confidence")
    pl.add_argument("path", nargs="?", default=None, help="lexicon YAML (default: the bundled one)")
    pl.add_argument("--concept", default="", help="only this concept id")
    pl.add_argument("--format", choices=["table", "csv"], default="table")
    pl.set_defaults(func=_cmd_list)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
