"""Running a suite: build a run in a folder of its own, execute each notebook with papermill, publish atomically or set the run aside as failed."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files, owners
from ..errors import FramingError, OutputError, ParameterError, ReportError
from ..files import os_problem
from .html import _locked, _write, _write_text, export_html, landing_page, write_index
from .params import _one_line
from .plan import PlannedNotebook, _abs, _default_json, make_run_id, plan_run
from .provenance import _run_info, current_interpreter_kernel
from .suite import RUN_ID, Suite, SuiteEntry

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: The file in a build folder that names the process building it (see :mod:`framing.owners`).
OWNER_FILE = ".owner.json"
#: A build folder without an owner record (from an older framing) counts as abandoned after this long.
ABANDONED_AFTER = 600.0


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------


def _utc_now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(exc: BaseException) -> str:
    """The reason part of an :class:`OutputError` from :mod:`framing.files` (``the disk is full``)."""
    text = str(exc)
    return text.split("cannot write: ", 1)[-1].split(";")[0] if "cannot write: " in text else _one_line(text, 120)


def _rewrite_paths(nb_path: Path, old: str, new: str) -> None:
    """Replace the build folder's path by the published one in an executed notebook's parameters."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    changed = False
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []) and old in cell.source:
            cell.source = cell.source.replace(repr(old), repr(new)).replace(old, new)
            changed = True
    pm = nb.metadata.get("papermill", {})
    params = pm.get("parameters", {})
    for k, v in list(params.items()):
        if isinstance(v, str) and old in v:
            params[k] = v.replace(old, new)
            changed = True
    for key in ("input_path", "output_path"):
        if isinstance(pm.get(key), str) and old in pm[key]:
            pm[key] = pm[key].replace(old, new)
            changed = True
    if changed:
        _write(nb_path, lambda tmp: nbformat.write(nb, tmp))


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


def _complete_json(path: Path) -> bool:
    """False only for a file that exists and is not complete JSON (e.g. cut short by a full disk)."""
    try:
        with path.open("rb") as fh:
            json.load(fh)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return True


def _mark_cell_failed(nb_path: Path, index: int, ename: str, evalue: str) -> None:
    """Mark a cell that papermill could not mark (a timeout, a dead kernel) as the failing one, with an
    error output, so the executed notebook and its HTML show where the run stopped."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    cell = nb.cells[index]
    cell.setdefault("metadata", {}).setdefault("papermill", {}).update({"status": "failed", "exception": True})
    cell.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]))
    nb.metadata.setdefault("papermill", {})["exception"] = True
    _write(nb_path, lambda tmp: nbformat.write(nb, tmp))


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


# Build folders: who owns one, and what a dead owner left behind.


def _remove_abandoned(suite_dir: Path, stream) -> None:
    """Remove build folders whose owner is gone (killed, machine restarted); called under the suite lock."""
    for folder in sorted(suite_dir.iterdir()):
        name = folder.name
        note = None
        try:
            if name.startswith((".new-", ".dead-")):
                pass  # made and renamed under this lock, so any one seen here was left by a killed process
            elif name.startswith(".tmp-"):
                owner = owners.read_owner(folder, OWNER_FILE)
                if owner is None:
                    if time.time() - folder.lstat().st_mtime < ABANDONED_AFTER:
                        continue
                    note = "it records no owner"
                elif owners.owner_alive(owner):
                    continue
                else:
                    note = f"process {owner.get('pid')}, which started it at {owner.get('started_utc', '?')}, has ended"
            else:
                continue
            owners.discard(folder)
        except FileNotFoundError:  # published or set aside meanwhile by its (live) owner
            continue
        if note:
            print(f"framing report: note: removed {folder}, an unfinished run ({note})", file=stream, flush=True)


def _claim_build_folder(suite_dir: Path, run_id: str, stream) -> Path:
    """Create ``<suite>/.tmp-<run_id>/`` holding an owner record (pid, process start time, host), after
    removing build folders whose owner has died. Runs under ``<suite>/.lock``, so two runs never judge
    or create the same folder at once; the folder appears complete with its record (renamed from a
    staging folder), so a live build is never taken for an abandoned one."""
    import tempfile

    try:
        suite_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--reports-dir: cannot create {suite_dir}: {os_problem(exc)}") from None
    tmp = suite_dir / f".tmp-{run_id}"
    staging: Path | None = None
    with _locked(suite_dir / ".lock"):
        try:
            _remove_abandoned(suite_dir, stream)
            if tmp.exists() or tmp.is_symlink():
                owner = owners.read_owner(tmp, OWNER_FILE) or {}
                raise ReportError(
                    f"{tmp}: a run with this id is being built by process {owner.get('pid', '?')} "
                    f"(started {owner.get('started_utc', '?')}); wait for it, or choose another "
                    "--run-id"
                )
            if (suite_dir / run_id).exists():
                raise ReportError(
                    f"{suite_dir / run_id}: a run with this id exists; choose another --run-id or delete it"
                )
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=suite_dir))
            os.chmod(staging, 0o777 & ~files.umask())  # mkdtemp makes it private; a run folder is not
            owners.write_owner(staging, OWNER_FILE)
            (staging / "figures").mkdir()
            (staging / "tables").mkdir()
            os.rename(staging, tmp)
            staging = None
        except OSError as exc:
            raise OutputError(f"--reports-dir: cannot create the build folder {tmp}: {os_problem(exc)}") from None
        finally:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
    return tmp


def _reports_root(reports_dir: str | os.PathLike, suite: Suite, plans: Sequence[PlannedNotebook]) -> Path:
    """``--reports-dir`` resolved, refused up front when it is a file, below a file, not writable, or
    inside an input folder (the corpus would then take in the reports)."""
    root = files.writable_target(reports_dir, "--reports-dir", folder=True)
    for plan in plans:
        for name in ("corpus_path", "lexicon_path"):
            value = plan.effective(name)
            if not isinstance(value, str) or not value:
                continue
            source = Path(_abs(value, suite.notebooks_dir)).resolve()
            if source.is_dir() and root.is_relative_to(source):
                raise OutputError(
                    f"--reports-dir {reports_dir}: is inside the input folder {source} ({name}); "
                    "write reports elsewhere"
                )
    return root


def _check_run_id(run_id: str) -> None:
    if not RUN_ID.match(run_id) or run_id.startswith(("failed-", "latest")):
        raise ParameterError(f"--run-id {run_id!r}: use letters, digits, '.', '_' or '-' (not 'failed-…'/'latest')")


@dataclass
class RunResult:
    run_id: str
    run_dir: Path
    status: str
    info: dict[str, Any]


_ERRNO_28 = re.compile(r"\[Errno (28|122)\]|No space left on device|Disk quota exceeded")


class _Build:
    """One run being built in ``.tmp-<id>/``: execute the notebooks, then publish it or set it aside."""

    def __init__(self, root: Path, suite: Suite, run_id: str, tmp: Path, info: dict[str, Any], stream):
        self.root, self.suite, self.run_id, self.tmp, self.info, self.stream = root, suite, run_id, tmp, info, stream
        self.suite_dir = tmp.parent
        self.final = self.suite_dir / run_id
        self.kernel_lines: list[str] = []
        self.stopped_cell: tuple[int, str, str] | None = None  # (index, ename, evalue) to mark in the notebook

    # -- executing -------------------------------------------------------------------------------

    def execute(self, plans: Sequence[PlannedNotebook], kernel: str, progress: bool) -> FramingError | None:
        import papermill as pm
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        total = len(plans)
        for i, plan in enumerate(plans, 1):
            entry = plan.entry
            out_dir = self.tmp if entry.shares_output else self.tmp / entry.id
            params = dict(plan.parameters)
            params["output_dir"] = str(out_dir)
            out_nb = self.tmp / f"{entry.id}.ipynb"
            record: dict[str, Any] = {
                "id": entry.id,
                "notebook": entry.notebook.name,
                "notebook_path": str(entry.notebook),
                "parameters": {**plan.declared, **params},
                "injected": params,
                "notebook_output": out_nb.name,
                "cell_timeout": plan.cell_timeout,
            }
            self.info["notebooks"].append(record)
            if progress:
                print(f"[{i}/{total}] {entry.id} ...", file=self.stream, end="", flush=True)
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
                        cwd=str(self.suite.notebooks_dir),
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
                    self.stopped_cell = (
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
                    self.stopped_cell = (index, "DeadKernelError", "the kernel died while running this cell")
                failure = ReportError(
                    f"notebook {name}: the kernel died while running {cell} ({_one_line(line, 80)}): it ran out "
                    "of memory or the code ended the process; run the notebook in JupyterLab to see where"
                )
            except OSError as exc:  # papermill saving the executed notebook on a full disk, a missing kernel
                record["error"] = {"ename": type(exc).__name__, "evalue": _one_line(exc, 2000)}
                failure = OutputError(f"notebook {name}: {self._where(exc)}: {os_problem(exc)}")
            except Exception as exc:  # a missing kernel, a notebook papermill cannot parameterize ...
                record["error"] = {"ename": type(exc).__name__, "evalue": _one_line(exc, 2000)}
                failure = ReportError(f"notebook {name} could not run: {type(exc).__name__}: {_one_line(exc, 200)}")
            record["seconds"] = round(time.perf_counter() - t0, 2)
            if failure is not None:
                self.kernel_lines = captured.lines
                if progress:
                    print(" FAILED", file=self.stream, flush=True)
                return failure
            if progress:
                print(f" ok ({record['seconds']:.1f} s)", file=self.stream, flush=True)
        return None

    def _where(self, exc: OSError) -> str:
        """What an OSError was about, without the build folder's name (it is renamed before the user reads it)."""
        if exc.filename is None:
            return "saving the executed notebook"
        try:
            rel = Path(os.fspath(exc.filename)).relative_to(self.tmp)
        except ValueError:
            return str(exc.filename)
        return f"moving it to {exc.filename2 or self.final}" if rel == Path(".") else f"{rel} in the run folder"

    # -- records ---------------------------------------------------------------------------------

    def _relocate(self, target: Path) -> None:
        """Point the run records at ``target`` (the published or the failed folder)."""
        for rec in self.info["notebooks"]:
            for key in ("parameters", "injected"):
                value = rec[key].get("output_dir")
                if isinstance(value, str):
                    rec[key]["output_dir"] = value.replace(str(self.tmp), str(target)).replace(
                        str(self.final), str(target)
                    )

    def _write_run_json(self, folder: Path) -> None:
        """run.json, written to a temporary file and renamed: complete or absent, never empty."""
        text = json.dumps(self.info, indent=2, sort_keys=True, default=_default_json) + "\n"
        _write_text(folder / "run.json", text)

    # -- publishing ------------------------------------------------------------------------------

    def publish(self) -> RunResult:
        tmp, final = self.tmp, self.final
        try:
            self._relocate(final)
            for rec in self.info["notebooks"]:
                nbp = tmp / rec["notebook_output"]
                _rewrite_paths(nbp, str(tmp), str(final))
                t0 = time.perf_counter()
                try:
                    rec["html"] = export_html(nbp, tmp / f"{rec['id']}.html", hide_code=True).name
                    rec["html_full"] = export_html(nbp, tmp / f"{rec['id']}.full.html", hide_code=False).name
                except (OSError, FramingError):
                    raise
                except Exception as exc:
                    raise ReportError(
                        f"{rec['notebook_output']}: HTML export failed: {type(exc).__name__}: {_one_line(exc, 200)}"
                    ) from None
                rec["html_seconds"] = round(time.perf_counter() - t0, 2)
            self.info["status"] = "ok"
            self.info["finished_utc"] = _utc_now()
            _write_text(tmp / "index.html", landing_page(self.info, tmp))
            self.info["outputs"] = sorted(
                p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != OWNER_FILE
            ) + ["run.json"]
            self._write_run_json(tmp)
            os.replace(tmp, final)  # atomic on one filesystem: the run appears whole or not at all
        except OSError as exc:
            raise self.fail(OutputError(f"cannot publish the run: {self._where(exc)}: {os_problem(exc)}")) from None
        except FramingError as exc:
            raise self.fail(type(exc)(f"cannot publish the run: {exc}")) from None
        try:
            _write_text(self.suite_dir / "latest.txt", self.run_id + "\n")
        except OutputError as exc:
            try:
                os.replace(final, tmp)  # take the run back: the previous run stays the latest
            except OSError:
                raise OutputError(
                    f"the run is in {final}, but {self.suite_dir / 'latest.txt'} still names the "
                    f"previous run: {_reason(exc)}"
                ) from None
            raise self.fail(OutputError(f"cannot publish the run: {exc}")) from None
        try:
            (final / OWNER_FILE).unlink()
        except OSError:
            pass
        link = self.suite_dir / "latest"
        tmp_link = self.suite_dir / ".latest.tmp"
        try:
            if tmp_link.is_symlink() or tmp_link.exists():
                tmp_link.unlink()
            tmp_link.symlink_to(self.run_id, target_is_directory=True)
            os.replace(tmp_link, link)
        except OSError:  # latest.txt is the portable pointer; a stale link must not contradict it
            for stale in (tmp_link, link):
                try:
                    if stale.is_symlink():
                        stale.unlink()
                except OSError:
                    pass
        try:
            write_index(self.root)
        except (OSError, FramingError) as exc:
            print(
                f"framing report: warning: {self.root / 'index.html'} was not updated ({_reason(exc)}); "
                f"the run is published in {final}",
                file=self.stream,
                flush=True,
            )
        return RunResult(self.run_id, final, "ok", self.info)

    # -- failing ---------------------------------------------------------------------------------

    def _failed_md(self, failure: FramingError) -> str:
        try:
            latest = (self.suite_dir / "latest.txt").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            latest = ""
        return (
            f"# Run {self.run_id} of suite {self.suite.name} failed\n\n{failure}\n\n"
            "The executed notebook shows the failing cell (papermill marks it in red at the top); "
            "run.json records what ran. The last good run is unchanged"
            f"{' (' + latest + ')' if latest else ''}.\n"
        )

    def fail(self, failure: FramingError, quick: bool = False) -> FramingError:
        """Set the unfinished run aside as ``failed-<id>/`` and return the error to raise (one line).

        Written in this order, each on its own, so that an almost full disk still gets the most useful
        part: FAILED.md (small), run.json (complete or absent), then, when there is room, the
        notebooks' published paths, the failing notebook as HTML and the kernel's stderr.
        """
        info = self.info
        cls = type(failure)
        failed_dir = self.suite_dir / f"failed-{self.run_id}"
        original = str(failure)
        failure = cls(original.replace(str(self.tmp), str(failed_dir)))  # where the files will be
        info["status"] = "failed"
        info["error"] = str(failure)
        info["finished_utc"] = _utc_now()
        try:
            if failed_dir.exists() or failed_dir.is_symlink():
                owners.discard(failed_dir)  # an older failure with the same id
            os.rename(self.tmp, failed_dir)
        except OSError as exc:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return cls(
                f"{original}; the unfinished run could not be kept as {failed_dir} ({os_problem(exc)}) and "
                "was removed; the last good run is unchanged"
            )
        try:
            (failed_dir / OWNER_FILE).unlink()
        except OSError:
            pass
        notes = []
        last = info["notebooks"][-1] if info["notebooks"] else None
        if last is not None and not _complete_json(failed_dir / last["notebook_output"]):
            # papermill writes in place: a save cut short by a full disk leaves a truncated notebook
            try:
                (failed_dir / last["notebook_output"]).unlink()
                notes.append("the executed notebook could not be saved")
            except OSError:
                pass
        try:
            _write_text(failed_dir / "FAILED.md", self._failed_md(failure))
        except OutputError as exc:
            notes.append(f"FAILED.md could not be written ({_reason(exc)})")
        self._relocate(failed_dir)
        try:
            self._write_run_json(failed_dir)
        except OutputError as exc:
            notes.append(f"run.json could not be written ({_reason(exc)})")
        if not notes and not quick:
            self._failure_extras(failed_dir)
        try:
            write_index(self.root)
        except (OSError, FramingError):
            pass  # the index is a convenience; the failed run is on disk
        nb_file = failed_dir / last["notebook_output"] if last else None
        where = (
            f"the failed notebook is in {nb_file}"
            if nb_file is not None and nb_file.exists()
            else f"the failed run is in {failed_dir}"
        )
        return cls("; ".join([str(failure), where, *notes, "the last good run is unchanged"]))

    def _failure_extras(self, failed_dir: Path) -> None:
        """Best effort: published paths in the executed notebooks, the stopped cell marked, the failing
        notebook as HTML (its traceback, readable in a browser), the kernel's stderr."""
        last = self.info["notebooks"][-1] if self.info["notebooks"] else None
        for rec in self.info["notebooks"]:
            nbp = failed_dir / rec["notebook_output"]
            if nbp.exists():
                try:
                    _rewrite_paths(nbp, str(self.tmp), str(failed_dir))
                    _rewrite_paths(nbp, str(self.final), str(failed_dir))
                except Exception:
                    pass
        if last is None:
            return
        last_nb = failed_dir / last["notebook_output"]
        changed = False
        if self.stopped_cell is not None and last_nb.exists():
            try:
                _mark_cell_failed(last_nb, *self.stopped_cell)
            except Exception:
                pass
        if self.kernel_lines:
            try:
                out = failed_dir / f"{last['id']}.stderr.txt"
                _write_text(out, "\n".join(self.kernel_lines) + "\n")
                last["kernel_stderr"] = out.name
                changed = True
            except Exception:
                pass
        if last_nb.exists():
            try:
                last["html_full"] = export_html(last_nb, failed_dir / f"{last['id']}.full.html", hide_code=False).name
                changed = True
            except Exception:  # the notebook itself is what matters; HTML is a convenience
                pass
        if changed:
            try:
                self._write_run_json(failed_dir)
            except OutputError:
                pass  # the first run.json stays


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
            failure = build.execute(plans, kernel, progress)
        if failure is not None:
            raise build.fail(failure)
        return build.publish()
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: never leave a half-built run where a good one is expected
        if tmp.exists():
            build.fail(ReportError("the run was stopped (Ctrl-C or SIGTERM) before it finished"), quick=True)
        raise
    except FramingError:
        raise
    except Exception as exc:  # a defect in the runner: still set the run aside, still one line
        if tmp.exists():
            raise build.fail(
                ReportError(f"the run stopped on an unexpected {type(exc).__name__}: {_one_line(exc, 200)}")
            ) from exc
        raise ReportError(f"the run stopped on an unexpected {type(exc).__name__}: {_one_line(exc, 200)}") from exc
