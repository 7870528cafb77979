"""A run's build folder, ``<suite>/.tmp-<run-id>/``: claimed under the suite's lock with a record of
the process building it, removed when that process has died, and the state the steps of a run share
(:class:`_Build`)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import files, owners
from ..errors import OutputError, ParameterError, ReportError
from ..files import os_problem
from .html import _locked, _write, _write_text
from .params import _one_line
from .plan import PlannedNotebook, _abs, _default_json
from .suite import RUN_ID, Suite

#: The file in a build folder that names the process building it (see :mod:`framing.owners`).
OWNER_FILE = ".owner.json"
#: A build folder without an owner record (from an older framing) counts as abandoned after this long.
ABANDONED_AFTER = 600.0


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


class _Build:
    """One run being built in ``.tmp-<id>/``: what the steps of :func:`framing.report.runner.run_suite`
    share (executing the notebooks, then publishing the run or setting it aside)."""

    def __init__(self, root: Path, suite: Suite, run_id: str, tmp: Path, info: dict[str, Any], stream):
        self.root, self.suite, self.run_id, self.tmp, self.info, self.stream = root, suite, run_id, tmp, info, stream
        self.suite_dir = tmp.parent
        self.final = self.suite_dir / run_id
        self.kernel_lines: list[str] = []
        self.stopped_cell: tuple[int, str, str] | None = None  # (index, ename, evalue) to mark in the notebook

    def where(self, exc: OSError) -> str:
        """What an OSError was about, without the build folder's name (it is renamed before the user reads it)."""
        if exc.filename is None:
            return "saving the executed notebook"
        try:
            rel = Path(os.fspath(exc.filename)).relative_to(self.tmp)
        except ValueError:
            return str(exc.filename)
        return f"moving it to {exc.filename2 or self.final}" if rel == Path(".") else f"{rel} in the run folder"

    def relocate(self, target: Path) -> None:
        """Point the run records at ``target`` (the published or the failed folder)."""
        for rec in self.info["notebooks"]:
            for key in ("parameters", "injected"):
                value = rec[key].get("output_dir")
                if isinstance(value, str):
                    rec[key]["output_dir"] = value.replace(str(self.tmp), str(target)).replace(
                        str(self.final), str(target)
                    )

    def write_run_json(self, folder: Path) -> None:
        """run.json, written to a temporary file and renamed: complete or absent, never empty."""
        text = json.dumps(self.info, indent=2, sort_keys=True, default=_default_json) + "\n"
        _write_text(folder / "run.json", text)
