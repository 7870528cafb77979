"""The ``framing`` command line.

All command-line code lives in this package: one module per command (or group of commands), whose
``register(subparsers)`` adds its parser and sets ``func`` to the glue that calls the library, and
:mod:`framing.cli.options` for the options several commands share. The library modules know nothing
of argparse. Errors a user can fix become one line on stderr
and exit code 2. A run stopped by Ctrl-C (SIGINT) or by a scheduler's SIGTERM unwinds the same way,
so that temporary files are removed and half-built reports set aside, and exits with 130 or 143.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .. import __version__
from ..errors import FramingError
from . import counts, distributed, explore, ingest, init, keyness, kwic, lexicon, match, report, validate, validity

# Modules that contribute subcommands, in the order shown by --help.
COMMAND_MODULES = [
    init,
    ingest,
    lexicon,
    match,
    counts,
    keyness,
    kwic,
    explore,
    report,
    validity,
    validate,
    distributed,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing",
        description="Measure which outlet uses which words for contested events, in whose voice, "
        "and how sure we can be that outlets differ.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (how cron, Airflow and ``kill`` stop a job), raised where the program is, like Ctrl-C's
    KeyboardInterrupt: ``finally`` blocks and context managers run, so a streamed ingest removes its
    temporary folder and a report run is set aside as ``failed-<run id>``. Python's default for
    SIGTERM ends the process at once and runs none of them."""


def _terminate(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    previous = None
    if threading.current_thread() is threading.main_thread():  # handlers can only be set there
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        result = args.func(args)
    except FramingError as exc:
        print(f"framing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except Terminated:
        print(f"framing {args.command}: terminated (SIGTERM)", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(f"framing {args.command}: interrupted", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
