"""Executing a run's notebooks with papermill, one after the other into the build folder: each
notebook's record for ``run.json``, the kernel's stderr without its known noise, and a failing cell,
a cell stopped by its timeout or a dead kernel turned into one line naming the notebook and the cell."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import FramingError, OutputError, ReportError
from ..files import os_problem
from .build import _Build
from .params import _one_line
from .plan import PlannedNotebook

_KERNEL_NOISE = ("Kernel is running over TCP without encryption", "KeyboardInterrupt caught in kernel")


class _FilteredStderr:
    """Collect what the kernel process writes to stderr (fd 2) and replay it without known noise.

    ipykernel 7 warns on every start that its local TCP sockets are unencrypted; the kernel only
    listens on 127.0.0.1 here, so that line is dropped, as is the interrupt papermill sends when it
    shuts the kernel down. Everything else is passed on when the notebook succeeded; when it failed
    the lines are kept in :attr:`lines` (the run saves them beside the failed notebook), so that the
    error stays one line. At most 1 MiB is read back.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._saved: int | None = None

    def __enter__(self):
        import tempfile

        try:
            sys.stderr.flush()
            self._file = tempfile.TemporaryFile()
        except (OSError, ValueError):  # no temporary space: leave stderr as it is
            return self
        try:
            self._saved = os.dup(2)
        except OSError:
            self._file.close()
            return self
        os.dup2(self._file.fileno(), 2)
        return self

    def __exit__(self, exc_type, *exc):
        if self._saved is None:
            return False
        try:
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        os.dup2(self._saved, 2)
        os.close(self._saved)
        try:
            self._file.seek(0)
            text = self._file.read(1 << 20).decode("utf-8", "replace")
        except OSError:
            text = ""
        finally:
            self._file.close()
        self.lines = [ln for ln in text.splitlines() if ln.strip() and not any(n in ln for n in _KERNEL_NOISE)]
        if self.lines and exc_type is None:
            print("\n".join(self.lines), file=sys.stderr, flush=True)
        return False


def _running_cell(nb_path: Path, exc: BaseException) -> tuple[int | None, str]:
    """The cell that was running when execution stopped (a timeout, a dead kernel): the last code cell
    papermill marked as started in the executed notebook, else the preview in nbclient's message."""
    import nbformat

    try:
        nb = nbformat.read(nb_path, as_version=4)
        started = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and c.get("metadata", {}).get("papermill", {}).get("start_time")
        ]
        if started:
            source = nb.cells[started[-1]].source
            return started[-1], next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    except Exception:  # no notebook was saved (e.g. the disk is full): use the message
        pass
    match = re.search(r"-{5,}\n\s*(\S[^\n]*)", str(exc))
    return None, match.group(1).strip() if match else ""


_ERRNO_28 = re.compile(r"\[Errno (28|122)\]|No space left on device|Disk quota exceeded")


def execute_notebooks(
    build: _Build, plans: Sequence[PlannedNotebook], kernel: str, progress: bool
) -> FramingError | None:
    """Execute the planned notebooks in order into the build folder, recording each in the run's
    notebook list; stop at the first that fails and return its error (one line), else None."""

    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    total = len(plans)
    for i, plan in enumerate(plans, 1):
        entry = plan.entry
        out_dir = build.tmp if entry.shares_output else build.tmp / entry.id
        params = dict(plan.parameters)
        params["output_dir"] = str(out_dir)
        out_nb = build.tmp / f"{entry.id}.ipynb"
        record: dict[str, Any] = {
            "id": entry.id,
            "notebook": entry.notebook.name,
            "notebook_path": str(entry.notebook),
            "parameters": {**plan.declared, **params},
            "injected": params,
            "notebook_output": out_nb.name,
            "cell_timeout": plan.cell_timeout,
        }
        build.info["notebooks"].append(record)
        if progress:
            print(f"[{i}/{total}] {entry.id} ...", file=build.stream, end="", flush=True)
        t0 = time.perf_counter()
        failure: FramingError | None = None
        captured = _FilteredStderr()
        name = entry.notebook.name
        try:
            with captured:
                # Saved at every cell, so a timeout or a dead kernel still leaves the notebook so far.
                pm.execute_notebook(
                    str(entry.notebook),
                    str(out_nb),
                    parameters=params,
                    kernel_name=kernel,
                    cwd=str(build.suite.notebooks_dir),
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=True,
                    execution_timeout=plan.cell_timeout,
                )
        except PapermillExecutionError as exc:
            source = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "") if exc.source else ""
            record["error"] = {
                "cell_index": exc.cell_index,
                "execution_count": exc.exec_count,
                "ename": exc.ename,
                "evalue": _one_line(exc.evalue, 2000),
                "source_line": source,
            }
            where = f"cell In [{exc.exec_count}]" if exc.exec_count else f"cell {exc.cell_index}"
            hint = (
                "; the disk is full: free space or choose another --reports-dir"
                if _ERRNO_28.search(str(exc.evalue))
                else ""
            )
            failure = ReportError(
                f"notebook {name} failed at {where} ({_one_line(source, 80)!s}): "
                f"{exc.ename}: {_one_line(exc.evalue, 200)}{hint}"
            )
        except CellTimeoutError as exc:  # before OSError: it is a TimeoutError
            index, line = _running_cell(out_nb, exc)
            cell = f"cell {index}" if index is not None else "a cell"
            record["error"] = {
                "cell_index": index,
                "ename": "CellTimeoutError",
                "source_line": line,
                "evalue": f"stopped after {plan.cell_timeout} s (cell timeout)",
            }
            if index is not None:
                build.stopped_cell = (
                    index,
                    "CellTimeoutError",
                    f"the cell ran longer than the cell timeout of {plan.cell_timeout} s and was stopped",
                )
            failure = ReportError(
                f"notebook {name}: {cell} ({_one_line(line, 80)}) ran longer than the cell timeout of "
                f"{plan.cell_timeout} s and was stopped; find what makes it slow (e.g. a lexicon regex that "
                "backtracks) or raise the limit with --cell-timeout SECONDS or cell_timeout: in the suite"
            )
        except DeadKernelError as exc:
            index, line = _running_cell(out_nb, exc)
            cell = f"cell {index}" if index is not None else "a cell"
            record["error"] = {
                "cell_index": index,
                "ename": "DeadKernelError",
                "source_line": line,
                "evalue": "the kernel died",
            }
            if index is not None:
                build.stopped_cell = (index, "DeadKernelError", "the kernel died while running this cell")
            failure = ReportError(
                f"notebook {name}: the kernel died while running {cell} ({_one_line(line, 80)}): it ran out "
                "of memory or the code ended the process; run the notebook in JupyterLab to see where"
            )
        except OSError as exc:  # papermill saving the executed notebook on a full disk, a missing kernel
            record["error"] = {"ename": type(exc).__name__, "evalue": _one_line(exc, 2000)}
            failure = OutputError(f"notebook {name}: {build.where(exc)}: {os_problem(exc)}")
        except Exception as exc:  # a missing kernel, a notebook papermill cannot parameterize ...
            record["error"] = {"ename": type(exc).__name__, "evalue": _one_line(exc, 2000)}
            failure = ReportError(f"notebook {name} could not run: {type(exc).__name__}: {_one_line(exc, 200)}")
        record["seconds"] = round(time.perf_counter() - t0, 2)
        if failure is not None:
            build.kernel_lines = captured.lines
            if progress:
                print(" FAILED", file=build.stream, flush=True)
            return failure
        if progress:
            print(f" ok ({record['seconds']:.1f} s)", file=build.stream, flush=True)
    return None
