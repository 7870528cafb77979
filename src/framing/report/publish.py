"""The two ends of a build: publish the run (renamed into place atomically, then the pointers to the
latest run and the index), or set it aside as ``failed-<run-id>/`` with what explains the failure."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .. import owners
from ..errors import FramingError, OutputError, ReportError
from ..files import os_problem
from .build import OWNER_FILE, RunResult, _Build, _reason, _rewrite_paths, _utc_now
from .html import _write, _write_text, export_html, landing_page, write_index
from .params import _one_line


def publish(build: _Build) -> RunResult:
    """Publish a built run: the HTML of every notebook, the landing page and ``run.json``, then the
    build folder renamed into place (atomic), ``latest``/``latest.txt`` pointed at it and the index
    updated. A failure on the way sets the run aside (:func:`set_aside`) and raises its error."""

    tmp, final = build.tmp, build.final
    try:
        build.relocate(final)
        for rec in build.info["notebooks"]:
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
        build.info["status"] = "ok"
        build.info["finished_utc"] = _utc_now()
        _write_text(tmp / "index.html", landing_page(build.info, tmp))
        build.info["outputs"] = sorted(
            p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() and p.name != OWNER_FILE
        ) + ["run.json"]
        build.write_run_json(tmp)
        os.replace(tmp, final)  # atomic on one filesystem: the run appears whole or not at all
    except OSError as exc:
        raise set_aside(build, OutputError(f"cannot publish the run: {build.where(exc)}: {os_problem(exc)}")) from None
    except FramingError as exc:
        raise set_aside(build, type(exc)(f"cannot publish the run: {exc}")) from None
    try:
        _write_text(build.suite_dir / "latest.txt", build.run_id + "\n")
    except OutputError as exc:
        try:
            os.replace(final, tmp)  # take the run back: the previous run stays the latest
        except OSError:
            raise OutputError(
                f"the run is in {final}, but {build.suite_dir / 'latest.txt'} still names the "
                f"previous run: {_reason(exc)}"
            ) from None
        raise set_aside(build, OutputError(f"cannot publish the run: {exc}")) from None
    try:
        (final / OWNER_FILE).unlink()
    except OSError:
        pass
    link = build.suite_dir / "latest"
    tmp_link = build.suite_dir / ".latest.tmp"
    try:
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(build.run_id, target_is_directory=True)
        os.replace(tmp_link, link)
    except OSError:  # latest.txt is the portable pointer; a stale link must not contradict it
        for stale in (tmp_link, link):
            try:
                if stale.is_symlink():
                    stale.unlink()
            except OSError:
                pass
    try:
        write_index(build.root)
    except (OSError, FramingError) as exc:
        print(
            f"framing report: warning: {build.root / 'index.html'} was not updated ({_reason(exc)}); "
            f"the run is published in {final}",
            file=build.stream,
            flush=True,
        )
    return RunResult(build.run_id, final, "ok", build.info)


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


def _failed_md(build: _Build, failure: FramingError) -> str:
    try:
        latest = (build.suite_dir / "latest.txt").read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        latest = ""
    return (
        f"# Run {build.run_id} of suite {build.suite.name} failed\n\n{failure}\n\n"
        "The executed notebook shows the failing cell (papermill marks it in red at the top); "
        "run.json records what ran. The last good run is unchanged"
        f"{' (' + latest + ')' if latest else ''}.\n"
    )


def set_aside(build: _Build, failure: FramingError, quick: bool = False) -> FramingError:
    """Set the unfinished run aside as ``failed-<id>/`` and return the error to raise (one line).

    Written in this order, each on its own, so that an almost full disk still gets the most useful
    part: FAILED.md (small), run.json (complete or absent), then, when there is room, the
    notebooks' published paths, the failing notebook as HTML and the kernel's stderr.
    """
    info = build.info
    cls = type(failure)
    failed_dir = build.suite_dir / f"failed-{build.run_id}"
    original = str(failure)
    failure = cls(original.replace(str(build.tmp), str(failed_dir)))  # where the files will be
    info["status"] = "failed"
    info["error"] = str(failure)
    info["finished_utc"] = _utc_now()
    try:
        if failed_dir.exists() or failed_dir.is_symlink():
            owners.discard(failed_dir)  # an older failure with the same id
        os.rename(build.tmp, failed_dir)
    except OSError as exc:
        shutil.rmtree(build.tmp, ignore_errors=True)
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
        _write_text(failed_dir / "FAILED.md", _failed_md(build, failure))
    except OutputError as exc:
        notes.append(f"FAILED.md could not be written ({_reason(exc)})")
    build.relocate(failed_dir)
    try:
        build.write_run_json(failed_dir)
    except OutputError as exc:
        notes.append(f"run.json could not be written ({_reason(exc)})")
    if not notes and not quick:
        _failure_extras(build, failed_dir)
    try:
        write_index(build.root)
    except (OSError, FramingError):
        pass  # the index is a convenience; the failed run is on disk
    nb_file = failed_dir / last["notebook_output"] if last else None
    where = (
        f"the failed notebook is in {nb_file}"
        if nb_file is not None and nb_file.exists()
        else f"the failed run is in {failed_dir}"
    )
    return cls("; ".join([str(failure), where, *notes, "the last good run is unchanged"]))


def _failure_extras(build: _Build, failed_dir: Path) -> None:
    """Best effort: published paths in the executed notebooks, the stopped cell marked, the failing
    notebook as HTML (its traceback, readable in a browser), the kernel's stderr."""
    last = build.info["notebooks"][-1] if build.info["notebooks"] else None
    for rec in build.info["notebooks"]:
        nbp = failed_dir / rec["notebook_output"]
        if nbp.exists():
            try:
                _rewrite_paths(nbp, str(build.tmp), str(failed_dir))
                _rewrite_paths(nbp, str(build.final), str(failed_dir))
            except Exception:
                pass
    if last is None:
        return
    last_nb = failed_dir / last["notebook_output"]
    changed = False
    if build.stopped_cell is not None and last_nb.exists():
        try:
            _mark_cell_failed(last_nb, *build.stopped_cell)
        except Exception:
            pass
    if build.kernel_lines:
        try:
            out = failed_dir / f"{last['id']}.stderr.txt"
            _write_text(out, "\n".join(build.kernel_lines) + "\n")
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
            build.write_run_json(failed_dir)
        except OutputError:
            pass  # the first run.json stays
