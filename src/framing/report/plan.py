"""The plan of a run: every notebook with the parameters it will receive, checked before anything runs."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParameterError, ReportError
from .params import RENAMED_PARAMETERS, coerce_parameter, notebook_parameters, renamed_parameter
from .suite import DEFAULT_CELL_TIMEOUT, Suite, SuiteEntry, _cell_timeout

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: Parameters the runner sets itself; a suite or ``-p`` cannot override them.
RUNNER_PARAMETERS = ("output_dir",)


# ---------------------------------------------------------------------------------------------
# Plan: what would run, with which parameters
# ---------------------------------------------------------------------------------------------


@dataclass
class PlannedNotebook:
    entry: SuiteEntry
    declared: dict[str, Any]
    parameters: dict[str, Any]  # what the runner injects (without output_dir)
    cell_timeout: int = DEFAULT_CELL_TIMEOUT  # seconds one cell may run

    def effective(self, name: str) -> Any:
        return self.parameters.get(name, self.declared.get(name))


def _abs(path_value: str, base: Path) -> str:
    p = Path(os.path.expanduser(path_value))
    return str(p if p.is_absolute() else (base / p).resolve())


def plan_run(
    suite: Suite,
    entries: Sequence[SuiteEntry],
    overrides: dict[str, str] | None = None,
    corpus: str | None = None,
    lexicon: str | None = None,
    cell_timeout: int | None = None,
) -> list[PlannedNotebook]:
    """Check that every notebook exists and declares every parameter given; return the plan.

    Precedence (later wins): the notebook's defaults < the suite's ``parameters`` < the entry's
    ``parameters`` < ``--corpus``/``--lexicon``/``-p``. Path parameters given on the command line are
    made absolute (relative to the current directory); in a suite file, relative to the suite file.
    The cell timeout is ``cell_timeout`` (``--cell-timeout``) if given, else the entry's
    ``cell_timeout``, else the suite's, else :data:`DEFAULT_CELL_TIMEOUT`.
    """
    cell_timeout = _cell_timeout(cell_timeout, "--cell-timeout")
    overrides = dict(overrides or {})
    if corpus is not None:
        overrides["corpus_path"] = corpus
    if lexicon is not None:
        overrides["lexicon_path"] = lexicon
    for name in overrides:
        if not name.isidentifier():
            raise ParameterError(f"-p {name}: not a parameter name; names are Python identifiers like n_boot")
        if name in RUNNER_PARAMETERS:
            raise ParameterError(f"-p {name}: set by the runner (the run folder); use --reports-dir instead")
    missing = [e for e in entries if not e.notebook.exists()]
    if missing:
        raise ReportError(
            f"{missing[0].notebook}: notebook listed in suite {suite.name!r} ({suite.path}) does "
            "not exist; add it or remove it from the suite"
        )
    plans: list[PlannedNotebook] = []
    used: set[str] = set()
    for entry in entries:
        declared = notebook_parameters(entry.notebook)
        params: dict[str, Any] = {}
        for source, values in (("suite parameters", suite.parameters), (f"suite entry {entry.id}", entry.parameters)):
            for name, value in values.items():
                if name in RUNNER_PARAMETERS:
                    raise ReportError(f"{suite.path}: {source}: {name} is set by the runner; remove it")
                if name not in declared:
                    new = renamed_parameter(name, declared)
                    if new is not None:
                        raise ReportError(
                            f"{suite.path}: {source}: the parameter {name} of {entry.notebook.name} is now "
                            f"called {new}; rename it"
                        )
                    if source == "suite parameters":
                        continue  # common parameters apply to the notebooks that declare them
                    raise ReportError(
                        f"{suite.path}: {source}: {entry.notebook.name} declares no parameter "
                        f"{name!r}; declared: {', '.join(sorted(declared))}"
                    )
                value = coerce_parameter(name, value, declared[name], source=f"{suite.path.name} {source}:")
                if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                    value = _abs(value, suite.path.parent)
                params[name] = value
        for name, value in overrides.items():
            if name not in declared:
                new = renamed_parameter(name, declared)
                if new is not None:
                    raise ParameterError(f"-p {name}: the parameter is now called {new}; use -p {new} {value}")
                continue
            used.add(name)
            value = coerce_parameter(name, value, declared[name])
            if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                value = _abs(value, Path.cwd())
            params[name] = value
        timeout = cell_timeout or entry.cell_timeout or suite.cell_timeout or DEFAULT_CELL_TIMEOUT
        plans.append(PlannedNotebook(entry, declared, params, timeout))
    unused = [n for n in overrides if n not in used]
    if unused:
        name = unused[0]
        if name in ("timeout", "cell_timeout", "execution_timeout"):
            raise ParameterError(
                f"-p {name}: the cell timeout is not a notebook parameter; use --cell-timeout "
                "SECONDS (or cell_timeout: in the suite)"
            )
        flag = {"corpus_path": "--corpus", "lexicon_path": "--lexicon"}.get(name, f"-p {name}")
        renamed = f" (it is now called {RENAMED_PARAMETERS[name]})" if name in RENAMED_PARAMETERS else ""
        raise ParameterError(
            f"{flag}: no notebook in this run declares a parameter {name!r}{renamed}; declared: "
            f"{', '.join(sorted(set().union(*(p.declared for p in plans))))}"
        )
    return plans


def _default_json(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return str(value)


def make_run_id(suite: Suite, plans: Sequence[PlannedNotebook], now: _dt.datetime | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ-<8 hex>``: the UTC start time and a hash of the suite and parameters."""
    now = now or _dt.datetime.now(_dt.UTC)
    blob = json.dumps(
        {"suite": suite.name, "notebooks": [[p.entry.id, p.parameters] for p in plans]},
        sort_keys=True,
        default=_default_json,
    )
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"
