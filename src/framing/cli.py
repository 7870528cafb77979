"""The ``framing`` command line.

Each subcommand lives in the module that does the work; that module has a ``register(subparsers)``
function which adds its parser and sets ``func``. Errors a user can fix become one line on stderr
and exit code 2. A run stopped by Ctrl-C (SIGINT) or by a scheduler's SIGTERM unwinds the same way,
so that temporary files are removed and half-built reports set aside, and exits with 130 or 143.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading

from . import __version__
from .errors import FramingError

# Modules that contribute subcommands, in the order shown by --help.
COMMAND_MODULES = [
    "framing.project",
    "framing.ingest",
    "framing.lexicon",
    "framing.match",
    "framing.counts",
    "framing.keyness",
    "framing.kwic",
    "framing.explorer",
    "framing.report",
    "framing.validity",
    "framing.validate",
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
