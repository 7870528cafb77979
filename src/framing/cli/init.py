"""``framing init DIR [--lexicon NAME|FILE]``: scaffold a research project (:mod:`framing.project`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import bundled
from ..project import DEFAULT_TEMPLATE, init_project


def _cmd_init(args: argparse.Namespace) -> int:
    written, kept = init_project(args.folder, args.lexicon)
    root = Path(args.folder)
    print(f"{root}: {len(written)} files written" + (f", {len(kept)} kept as they were:" if kept else ""))
    for p in kept:
        print(f"  kept {p}")
    print(f"next: put your corpus in {root / 'data' / 'raw'}, then `cd {root} && framing report`")
    return 0


def register(subparsers) -> None:
    """Add ``framing init DIR [--lexicon NAME|FILE]``."""
    p = subparsers.add_parser(
        "init",
        help="make a research project folder (data, lexicon, notebooks, suite, reports)",
        description="Scaffold a framing project in DIR: README.md, data/raw/ for the corpus, data/lexicons/ with a "
        "lexicon (a commented template, or a copy of a bundled one), notebooks/ whose parameters point at them, "
        "suites/default.yaml and reports/. Then `framing report` in DIR runs every notebook on your corpus. "
        "Existing files are never overwritten.",
    )
    p.add_argument("folder", metavar="DIR", help="the project folder (created if missing)")
    p.add_argument(
        "--lexicon",
        default=DEFAULT_TEMPLATE,
        metavar="NAME|FILE",
        help=f"start from this lexicon: a bundled one ({', '.join(bundled.lexicon_names())}) or a YAML "
        f"file (default: {DEFAULT_TEMPLATE}, a commented template)",
    )
    p.set_defaults(func=_cmd_init)
