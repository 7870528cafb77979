"""``framing report``: run a notebook suite, or show what would run (:mod:`framing.report`)."""

from __future__ import annotations

import argparse

from ..errors import ParameterError
from ..report import dry_run, run_suite
from ..report.suite import DEFAULT_CELL_TIMEOUT, _cell_timeout, default_suite_path, load_suite, select_entries


def _handle(args: argparse.Namespace) -> int:
    cell_timeout = _cell_timeout(args.cell_timeout, "--cell-timeout") if args.cell_timeout is not None else None
    suite = load_suite(args.suite or default_suite_path(), allow_outside=args.allow_outside)
    entries = select_entries(suite, args.only)
    overrides: dict[str, str] = {}
    for name, value in args.param or []:
        if name in overrides:
            raise ParameterError(f"-p {name}: given twice")
        overrides[name] = value
    if args.dry_run:
        return dry_run(
            suite,
            entries,
            overrides,
            args.corpus,
            args.lexicon,
            args.reports_dir,
            args.run_id,
            cell_timeout=cell_timeout,
        )
    result = run_suite(
        suite,
        entries,
        overrides,
        args.corpus,
        args.lexicon,
        args.reports_dir,
        args.run_id,
        progress=not args.quiet,
        cell_timeout=cell_timeout,
    )
    print(f"framing report: wrote {result.run_dir}")
    print(f"landing page: {result.run_dir / 'index.html'}")
    return 0


def register(subparsers) -> None:
    """Add ``framing report`` to the command line."""
    p = subparsers.add_parser(
        "report",
        help="run a suite of notebooks (papermill) into reports/<suite>/<run-id>/",
        description="Run the notebooks a suite lists with their parameters (papermill, kernel 'framing') and "
        "publish reports/<suite>/<run-id>/ atomically: executed notebooks, HTML (code hidden and full), "
        "figures/ (PNG, SVG, PDF), tables/ (CSV, LaTeX) and run.json. A failing notebook keeps the last good "
        "run, saves reports/<suite>/failed-<run-id>/ and exits non-zero naming the failing cell.",
    )
    p.add_argument("--suite", metavar="FILE.yaml", help="suite file (default: suites/default.yaml)")
    p.add_argument("--corpus", metavar="PATH", help="run on this corpus (file or folder of sources)")
    p.add_argument("--lexicon", metavar="PATH", help="run with this lexicon YAML")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a parameter declared in the notebooks' parameters cell (repeatable)",
    )
    p.add_argument("--run-id", metavar="ID", help="name of the run folder (default: UTC time + parameter hash)")
    p.add_argument("--reports-dir", metavar="DIR", default="reports", help="where runs go (default: reports)")
    p.add_argument(
        "--only",
        action="append",
        metavar="NOTEBOOK",
        help="run only this notebook of the suite (id, file name or number like 01; repeatable)",
    )
    p.add_argument(
        "--cell-timeout",
        metavar="SECONDS",
        help="stop a cell that runs longer than this and fail the run (default: the suite's "
        f"cell_timeout, else {DEFAULT_CELL_TIMEOUT})",
    )
    p.add_argument(
        "--allow-outside",
        action="store_true",
        help="run notebooks from outside the project's notebooks/ folder (a suite's notebooks_dir "
        "elsewhere, or ../ in a notebook name)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would run (real paths, parameters, cell timeouts) and check it; run nothing",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_handle)
