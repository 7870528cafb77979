"""What a report run would do, without running it (``framing report --dry-run``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ReportError
from .plan import RUNNER_PARAMETERS, _abs, _default_json, make_run_id, plan_run
from .runner import _check_run_id, _reports_root
from .suite import Suite, SuiteEntry


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
