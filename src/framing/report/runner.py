"""Running a suite, as named steps: plan the run (:mod:`framing.report.plan`), claim a build folder
(:mod:`framing.report.build`), execute the notebooks with papermill (:mod:`framing.report.execute`),
then publish the run atomically or set it aside as failed (:mod:`framing.report.publish`)."""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Sequence

from ..errors import FramingError, ReportError
from .build import (  # noqa: F401  (OWNER_FILE, ABANDONED_AFTER: re-exported)
    ABANDONED_AFTER,
    OWNER_FILE,
    RunResult,
    _Build,
    _check_run_id,
    _claim_build_folder,
    _reports_root,
)
from .execute import execute_notebooks
from .params import _one_line
from .plan import make_run_id, plan_run
from .provenance import _run_info, current_interpreter_kernel
from .publish import publish, set_aside
from .suite import Suite, SuiteEntry


def run_suite(
    suite: Suite,
    entries: Sequence[SuiteEntry] | None = None,
    overrides: dict[str, str] | None = None,
    corpus: str | None = None,
    lexicon: str | None = None,
    reports_dir: str | os.PathLike = "reports",
    run_id: str | None = None,
    progress: bool = True,
    stream=None,
    cell_timeout: int | None = None,
) -> RunResult:
    """Run the suite's notebooks with papermill and publish ``reports/<suite>/<run-id>/`` atomically.

    ``reports_dir`` is checked before anything runs (a file, below a file, not writable, inside an
    input folder: :class:`~framing.errors.OutputError`). Build folders left by a killed run (their
    owner process has ended) are removed first. A cell running longer than its cell timeout
    (``cell_timeout``, else the suite's, else :data:`DEFAULT_CELL_TIMEOUT` seconds) is stopped.
    Raises :class:`ReportError` when a notebook fails, and :class:`~framing.errors.OutputError` when
    the run cannot be written (disk full, read-only), after setting the unfinished run aside as
    ``failed-<run-id>/``; the last good run is never touched.

    Examples
    --------
    >>> result = run_suite(load_suite("suites/default.yaml"))  # doctest: +SKIP
    >>> result.run_dir  # doctest: +SKIP
    PosixPath('reports/default/20260101T000000Z-1a2b3c4d')
    """
    import logging

    # Our own checks replace papermill's parameter warnings (its parser trips on comments with '=').
    logging.getLogger("papermill").setLevel(logging.ERROR)

    stream = stream or sys.stderr
    entries = list(entries if entries is not None else suite.entries)
    plans = plan_run(suite, entries, overrides, corpus, lexicon, cell_timeout)
    started = _dt.datetime.now(_dt.UTC)
    run_id = run_id or make_run_id(suite, plans, started)
    _check_run_id(run_id)
    root = _reports_root(reports_dir, suite, plans)
    suite_dir = root / suite.name
    final = suite_dir / run_id
    if final.exists() or final.is_symlink():
        raise ReportError(f"{final}: a run with this id exists; choose another --run-id or delete it")
    info = _run_info(suite, plans, run_id, started)
    tmp = _claim_build_folder(suite_dir, run_id, stream)
    build = _Build(root, suite, run_id, tmp, info, stream)
    try:
        with current_interpreter_kernel() as kernel:
            failure = execute_notebooks(build, plans, kernel, progress)
        if failure is not None:
            raise set_aside(build, failure)
        return publish(build)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: never leave a half-built run where a good one is expected
        if tmp.exists():
            set_aside(build, ReportError("the run was stopped (Ctrl-C or SIGTERM) before it finished"), quick=True)
        raise
    except FramingError:
        raise
    except Exception as exc:  # a defect in the runner: still set the run aside, still one line
        if tmp.exists():
            raise set_aside(
                build, ReportError(f"the run stopped on an unexpected {type(exc).__name__}: {_one_line(exc, 200)}")
            ) from exc
        raise ReportError(f"the run stopped on an unexpected {type(exc).__name__}: {_one_line(exc, 200)}") from exc
