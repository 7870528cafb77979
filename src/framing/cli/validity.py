"""The ``framing validity`` command, also ``python -m framing.validity`` (:mod:`framing.validity`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import CorpusError, FramingError, ParameterError
from ..validity.corpora import find_corpora
from ..validity.study import run_all
from . import options


def register(subparsers) -> None:
    """``framing validity [--corpora DIR] [--out DIR] [--lexicon PATH] [--n-boot N] [--seed S]``."""
    p = subparsers.add_parser(
        "validity",
        help="run the validity checks on ../shared/corpora and write their tables",
        description="Known groups (RT vs Western outlets, 2022), period control (BBC/Telegraph 2013-15) "
        "and SemEval-2025 narrative labels; exit code 1 when a check fails.",
    )
    p.add_argument("--corpora", default=None, help="the shared/corpora folder (default: ../shared/corpora)")
    p.add_argument("--out", default="reports/validity", help="folder for the tables (default: reports/validity)")
    options.add_lexicon(p)
    options.add_n_boot(p, 1000)
    options.add_seed(p, help=None)
    p.set_defaults(func=_cli)


def _cli(args: argparse.Namespace) -> int:
    from ..errors import OutputError
    from ..files import guard_output, os_problem

    # before anything is read: the output folder must not be (or hold, or lie inside) an input
    guard_output(args.out, [args.corpora or find_corpora(), args.lexicon], folder=True)
    if args.n_boot < 1:
        raise ParameterError(f"--n-boot: must be at least 1, got {args.n_boot}")
    try:
        r = run_all(args.out, args.corpora, lexicon_path=args.lexicon, n_boot=args.n_boot, seed=args.seed)
    except OSError as exc:  # disk full, read-only, unreadable: one line, not a traceback
        name = exc.filename
        if name and not Path(os.path.abspath(name)).is_relative_to(Path(os.path.abspath(args.out))):
            raise CorpusError(f"{name}: cannot read: {exc.strerror or exc}") from None
        raise OutputError(f"--out {args.out}: cannot write {name or 'the tables'}: {os_problem(exc)}") from None
    auc = r["narratives_auc"].iloc[0]
    print(
        f"known groups: {'pass' if r['known_groups_pass'] else 'FAIL'}; "
        f"period control: {'pass' if r['period_control_pass'] else 'FAIL'}; "
        f"narratives: AUC {auc['auc']:.3f} [{auc['lo']:.3f}, {auc['hi']:.3f}] "
        f"{'pass' if r['narratives_pass'] else 'FAIL'}; tables in {args.out}"
    )
    ok = r["known_groups_pass"] and r["period_control_pass"] and r["narratives_pass"]
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.validity``: the same as ``framing validity``."""
    parser = argparse.ArgumentParser(prog="python -m framing.validity")
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(["validity", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing validity: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
