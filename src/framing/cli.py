"""The ``framing`` command line.

Each subcommand lives in the module that does the work; that module has a ``register(subparsers)``
function which adds its parser and sets ``func``. Errors a user can fix become one line on stderr
and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import FramingError

# Modules that contribute subcommands, in the order shown by --help.
COMMAND_MODULES = [
    "framing.ingest",
    "framing.lexicon",
    "framing.match",
    "framing.counts",
    "framing.keyness",
    "framing.kwic",
    "framing.report",
    "framing.validity",
    "framing.distributed",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Measure which outlet uses which words for contested events, in whose voice, "
        "and how sure we can be that outlets differ.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a module not written yet contributes no command
            raise
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        result = args.func(args)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
