"""``framing report``: the command line (dry run and run)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ParameterError, ReportError
from .plan import RUNNER_PARAMETERS, _abs, _default_json, make_run_id, plan_run
from .runner import _check_run_id, _reports_root, run_suite
from .suite import (
    DEFAULT_CELL_TIMEOUT,
    Suite,
    SuiteEntry,
    _cell_timeout,
    default_suite_path,
    load_suite,
    select_entries,
)

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _describe(value: Any) -> str:
    return json.dumps(value, default=_default_json, ensure_ascii=False)


def dry_run(
    suite: Suite,
    entries: Sequence[SuiteEntry],
    overrides: dict[str, str],
    corpus: str | None,
    lexicon: str | None,
    reports_dir: str,
    run_id: str | None,
    out=None,
    cell_timeout: int | None = None,
) -> int:
    """Print what would run: the real paths of the notebooks and of the run folder, each notebook's
    parameters and cell timeout; check all of it as a run would (reports folder included); run nothing."""
    out = out or sys.stdout
    missing = [e for e in entries if not e.notebook.exists()]
    print(f"suite {suite.name} ({suite.path})", file=out)
    print(f"notebooks from {suite.notebooks_dir} (also their working folder)", file=out)
    if missing:
        for e in entries:
            print(f"  {e.id}: {e.notebook}{'  MISSING' if not e.notebook.exists() else ''}", file=out)
        raise ReportError(f"{missing[0].notebook}: notebook listed in suite {suite.name!r} does not exist")
    plans = plan_run(suite, entries, overrides, corpus, lexicon, cell_timeout)
    rid = run_id or make_run_id(suite, plans)
    _check_run_id(rid)
    root = _reports_root(reports_dir, suite, plans)
    print(f"reports folder {root}", file=out)
    print(f"would write {root / suite.name / rid}/", file=out)
    for i, plan in enumerate(plans, 1):
        print(
            f"[{i}/{len(plans)}] {plan.entry.id}  {plan.entry.notebook}  (cell timeout {plan.cell_timeout} s)", file=out
        )
        for name in sorted(plan.declared):
            if name in RUNNER_PARAMETERS:
                continue
            mark = "=" if name in plan.parameters else ":"
            value = plan.effective(name)
            real = ""
            if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                resolved = Path(_abs(value, suite.notebooks_dir)).resolve()
                real = f"  ({resolved})" if str(resolved) != value else ""
            print(f"    {name} {mark} {_describe(value)}{real}", file=out)
    print("(parameters marked '=' are injected; ':' are the notebook's defaults)", file=out)
    return 0


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
