"""``framing report`` on hostile ground: full and read-only disks, killed runs, concurrent writers,
cells that never end, kernels that die, suites that point elsewhere or are not suites at all.

Every case ends the same way: one line on stderr, exit code 2, the last good run untouched, and no
half-written file (no empty run.json, no leftover build folder).

Most tests run the command in this process with papermill replaced by a stand-in that writes the
executed notebook and a figure (no kernel: fast), and make writes fail as on a full disk by wrapping
``open`` and ``os.replace`` for chosen paths; these always run. Where the machine allows it (root,
Linux), the same cases also run on a real full tmpfs, a read-only mount and as a process without the
right to write; and a few run the real command with a real kernel (timeouts, a dead kernel, SIGKILL).
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import ROOT, SEEDS, framing_cli, start_framing_cli


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

def _tiny_notebook(path: Path, *bodies: str) -> None:
    params = nbformat.v4.new_code_cell('output_dir = "out"\nlabel = "x"')
    params.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# tiny"), params,
                                         *(nbformat.v4.new_code_cell(b) for b in bodies)])
    nb.metadata["kernelspec"] = {"name": "framing", "display_name": "Python (framing)", "language": "python"}
    nbformat.write(nb, path)


def _project(tmp_path: Path, *notebooks: tuple[str, str], suite: dict | None = None) -> Path:
    """``suites/s.yaml`` and ``notebooks/`` side by side; returns the suite file."""
    (tmp_path / "suites").mkdir(exist_ok=True)
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    for name, body in notebooks or (("a", "x = 1"),):
        _tiny_notebook(tmp_path / "notebooks" / f"{name}.ipynb", body)
    data = suite or {"name": "t", "notebooks": [f"{n}.ipynb" for n, _ in notebooks or (("a", ""),)]}
    path = tmp_path / "suites" / "s.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    """``framing ARGS`` in this process; returns (exit code, stdout, stderr)."""
    from framing.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------------------------------------
# The notebook corpus cache knows where a folder is
# ---------------------------------------------------------------------------------------------

def test_corpus_cache_gives_each_copy_its_own_source_paths(tmp_path, monkeypatch):
    from framing import notebook as nb

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "checkout-a" / "seeds", tmp_path / "checkout-b" / "seeds"
    shutil.copytree(SEEDS, first)
    shutil.copytree(SEEDS, second)
    for folder in (first, second, first):  # the third load comes from the cache
        corpus = nb.load_corpus(folder)
        sources = {Path(s).resolve().parent for s in corpus["source_file"]}
        assert sources == {folder.resolve()}, sources
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 2


# ---------------------------------------------------------------------------------------------
# Suites name notebooks inside the project's notebooks/ folder
# ---------------------------------------------------------------------------------------------

def test_notebooks_from_outside_the_project_are_refused(tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    _tiny_notebook(outside / "x.ipynb", "x = 1")
    suite = _project(tmp_path)
    (tmp_path / "notebooks" / "link.ipynb").symlink_to(outside / "x.ipynb")
    cases = [({"name": "t", "notebooks_dir": str(outside), "notebooks": ["x.ipynb"]}, "notebooks_dir"),
             ({"name": "t", "notebooks_dir": "/etc", "notebooks": ["x.ipynb"]}, "notebooks_dir"),
             ({"name": "t", "notebooks": ["a.ipynb", "../elsewhere/x.ipynb"]}, "notebooks item 2"),
             ({"name": "t", "notebooks": ["link.ipynb"]}, "notebooks item 1")]
    for data, where in cases:
        suite.write_text(yaml.safe_dump(data))
        code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--dry-run")
        line = _one_line(err)
        assert code == 2 and line.startswith(f"framing report: error: {suite}: {where}") and "--allow-outside" in line
    # With --allow-outside the dry run shows where the notebook really is.
    suite.write_text(yaml.safe_dump({"name": "t", "notebooks": ["a.ipynb", "../elsewhere/x.ipynb"]}))
    code, out, err = _cli(capsys, "report", "--suite", str(suite), "--dry-run", "--allow-outside")
    assert code == 0, err
    assert f"  {outside / 'x.ipynb'}  " in out and f"  {tmp_path / 'notebooks' / 'a.ipynb'}  " in out


def test_dry_run_prints_the_real_paths(tmp_path, capsys, monkeypatch):
    suite = _project(tmp_path)
    real = tmp_path / "real-reports"
    real.mkdir()
    (tmp_path / "reports-link").symlink_to(real)
    monkeypatch.chdir(tmp_path)
    code, out, err = _cli(capsys, "report", "--suite", "suites/s.yaml", "--dry-run", "--reports-dir", "reports-link",
                          "--run-id", "r1", "--cell-timeout", "90")
    assert code == 0, err
    assert f"notebooks from {tmp_path / 'notebooks'}" in out
    assert f"reports folder {real}\n" in out and f"would write {real / 't' / 'r1'}/" in out
    assert f"[1/1] a  {tmp_path / 'notebooks' / 'a.ipynb'}  (cell timeout 90 s)" in out
    assert not (real / "t").exists()


# ---------------------------------------------------------------------------------------------
# Bounded work: the cell timeout
# ---------------------------------------------------------------------------------------------

def test_cell_timeout_stops_a_backtracking_regex(tmp_path):
    marker = tmp_path / "kernel.pid"
    suite = _project(tmp_path, ("slow", ""), suite={"name": "t", "notebooks": ["slow.ipynb"]})
    _tiny_notebook(tmp_path / "notebooks" / "slow.ipynb",
                   f"import os\nfrom pathlib import Path\nPath({str(marker)!r}).write_text(str(os.getpid()))",
                   'import re\nre.match(r"(a+)+$", "a" * 64 + "b")  # backtracks for ever')
    reports = tmp_path / "reports"
    done = framing_cli("report", "--suite", str(suite), "--reports-dir", str(reports), "--run-id", "slow", "-q",
                       "--cell-timeout", "2", timeout=180)
    line = _one_line(done.stderr)
    assert done.returncode == 2, done.stderr
    assert "notebook slow.ipynb: cell 4 (import re) ran longer than the cell timeout of 2 s" in line, line
    failed = reports / "t" / "failed-slow"
    info = json.loads((failed / "run.json").read_text())
    assert info["notebooks"][0]["error"]["ename"] == "CellTimeoutError" and info["notebooks"][0]["cell_timeout"] == 2
    executed = nbformat.read(failed / "slow.ipynb", as_version=4)
    stopped = executed.cells[4]
    assert stopped.metadata["papermill"]["exception"] is True
    assert stopped.outputs[-1]["ename"] == "CellTimeoutError"
    assert "cell timeout" in (failed / "FAILED.md").read_text()
    kernel = int(marker.read_text())
    for _ in range(100):  # the kernel stuck in the regex is killed, not left spinning
        try:
            os.kill(kernel, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(kernel, signal.SIGKILL)
        pytest.fail("the kernel outlived the timed-out run")


def test_cell_timeout_precedence_and_values(tmp_path, capsys):
    from framing.errors import ParameterError, ReportError
    from framing.report import DEFAULT_CELL_TIMEOUT, load_suite, plan_run

    suite_path = _project(tmp_path, ("a", "x = 1"), ("b", "x = 2"), suite={
        "name": "t", "cell_timeout": 60, "notebooks": ["a.ipynb", {"notebook": "b.ipynb", "cell_timeout": 5}]})
    suite = load_suite(suite_path)
    assert [p.cell_timeout for p in plan_run(suite, suite.entries)] == [60, 5]
    assert [p.cell_timeout for p in plan_run(suite, suite.entries, cell_timeout=7)] == [7, 7]
    suite_path.write_text(yaml.safe_dump({"name": "t", "notebooks": ["a.ipynb"]}))
    suite = load_suite(suite_path)
    assert plan_run(suite, suite.entries)[0].cell_timeout == DEFAULT_CELL_TIMEOUT
    with pytest.raises(ParameterError, match="whole seconds"):
        plan_run(suite, suite.entries, cell_timeout=0)
    for bad in (0, -1, 1.5, True, "soon", 10 ** 9):
        suite_path.write_text(yaml.safe_dump({"name": "t", "cell_timeout": bad, "notebooks": ["a.ipynb"]}))
        with pytest.raises(ReportError, match="cell_timeout .*whole seconds"):
            load_suite(suite_path)
    suite_path.write_text(yaml.safe_dump({"name": "t", "timeout": 60, "notebooks": ["a.ipynb"]}))
    with pytest.raises(ReportError, match="'timeout' is spelled cell_timeout"):
        load_suite(suite_path)
    suite_path.write_text(yaml.safe_dump({"name": "t", "notebooks": ["a.ipynb"]}))
    code, _out, err = _cli(capsys, "report", "--suite", str(suite_path), "--dry-run", "-p", "timeout", "5")
    assert code == 2 and "--cell-timeout SECONDS" in _one_line(err)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite_path), "--dry-run", "--cell-timeout", "0")
    assert code == 2 and "--cell-timeout 0: give whole seconds" in _one_line(err)


# ---------------------------------------------------------------------------------------------
# Everything else a user can hand the runner: one line, exit 2
# ---------------------------------------------------------------------------------------------

def test_a_kernel_that_dies_is_one_line(tmp_path):
    suite = _project(tmp_path, ("die", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))
    reports = tmp_path / "reports"
    done = framing_cli("report", "--suite", str(suite), "--reports-dir", str(reports), "--run-id", "d", "-q",
                       timeout=180)
    line = _one_line(done.stderr)
    assert done.returncode == 2 and "notebook die.ipynb: the kernel died while running cell 3 (import os" in line
    assert json.loads((reports / "t" / "failed-d" / "run.json").read_text())["notebooks"][0]["error"]["ename"] == \
        "DeadKernelError"


BOMB = """name: t
parameters:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
notebooks: [a.ipynb]
"""


@pytest.mark.parametrize("content,says", [
    pytest.param(BOMB.encode(), "more than 16 YAML aliases", id="alias-bomb"),
    pytest.param(b"name: t\nparameters: &p {x: *p}\nnotebooks: [a.ipynb]\n", "refers to the value that contains it",
                 id="recursive-alias"),
    pytest.param("name: t\ndescription: caf\u00e9\nnotebooks: [a.ipynb]\n".encode("latin-1"), "line 2: not UTF-8",
                 id="latin-1"),
    pytest.param(b"name: t\nparameters: {x: " + b"[" * 30000 + b"]" * 30000 + b"}\nnotebooks: [a.ipynb]\n",
                 "nested more than 20 levels deep", id="deep-nesting"),
    pytest.param(b"name: t\n# " + b"x" * (1 << 20) + b"\nnotebooks: [a.ipynb]\n", "larger than 64 KiB", id="huge"),
    pytest.param(b"name: t\n1: x\nnotebooks: [a.ipynb]\nz: 2\n", "unknown key(s) 1, z", id="odd-keys"),
    pytest.param(b"name: t\nnotebooks: [\"a\\0.ipynb\"]\n", "must be a file or folder name", id="nul-byte"),
])
def test_hostile_suite_files(tmp_path, capsys, content, says):
    suite = _project(tmp_path)
    suite.write_bytes(content)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--dry-run")
    line = _one_line(err)
    assert code == 2 and line.startswith(f"framing report: error: {suite}") and says in line, line


def test_suite_that_is_not_a_file(tmp_path, capsys):
    _project(tmp_path)
    for target in (tmp_path / "suites", Path("/dev/zero")):
        code, _out, err = _cli(capsys, "report", "--suite", str(target), "--dry-run")
        assert code == 2 and f"{target}: not a file" in _one_line(err)


@pytest.mark.parametrize("content,says", [
    (b"this is not JSON", "not a valid Jupyter notebook"),
    (b'{"cells": [1, 2], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "not a valid Jupyter notebook"),
    (b'{"cells": "x", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "not a valid Jupyter notebook"),
    (b"\xff\xfe{}", "not a Jupyter notebook (not UTF-8"),
])
def test_notebook_that_is_not_a_notebook(tmp_path, capsys, content, says):
    suite = _project(tmp_path)
    (tmp_path / "notebooks" / "a.ipynb").write_bytes(content)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--dry-run")
    line = _one_line(err)
    assert code == 2 and f"{tmp_path / 'notebooks' / 'a.ipynb'}: " in line and says in line, line

# ---------------------------------------------------------------------------------------------
# Fault injection and snapshots (the disk and publishing tests below)
# ---------------------------------------------------------------------------------------------

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_no_half_files(reports: Path) -> None:
    """No build, staging or temporary file left anywhere; every file the runner writes (run.json,
    FAILED.md, HTML, executed notebooks, pointers, the index) complete. (What a failing notebook wrote
    itself into a failed run is kept as it is.)"""
    for p in reports.rglob("*"):
        assert not p.name.startswith((".tmp-", ".new-", ".dead-")), p
        assert not (p.name.endswith(".tmp") and p.name.startswith(".")), p
        if p.name in ("run.json", "FAILED.md", "index.html", "latest.txt") or p.suffix in (".html", ".ipynb"):
            assert p.stat().st_size > 0, f"{p} is empty"
        if p.suffix in (".json", ".ipynb"):
            json.loads(p.read_text())  # complete JSON


@pytest.fixture
def fake_papermill(monkeypatch):
    """papermill.execute_notebook replaced by a stand-in: it writes a figure into the run folder and the
    executed notebook, with plain ``open`` (so the full-disk wrappers below reach it). ``fail`` makes
    the next call raise what a failing cell raises."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    state = {"calls": [], "fail": None}

    def execute(input_path, output_path, parameters=None, **kwargs):
        state["calls"].append((input_path, output_path, kwargs))
        out = Path(parameters["output_dir"])
        (out / "figures").mkdir(parents=True, exist_ok=True)
        with open(out / "figures" / "f.svg", "w", encoding="utf-8") as fh:
            fh.write("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
        nb = nbformat.read(input_path, as_version=4)
        nbformat.write(nb, output_path)
        if state["fail"]:
            raise PapermillExecutionError(2, 3, "raise ValueError('boom')", "ValueError", state["fail"], [])
        return nb

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    return state


class _FullFile:
    """A file on a full disk: opening it worked (it exists, empty), every write fails with ENOSPC."""

    def __init__(self, f):
        self._f = f

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, lines):
        self.write("")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()
        return False

    def __getattr__(self, name):
        return getattr(self._f, name)


@pytest.fixture
def disk_full(monkeypatch):
    """``disk_full(predicate)``: files whose path matches are created but cannot be written (ENOSPC),
    as on a disk that is full. ``open`` is wrapped, which ``Path.write_text``, nbformat, nbconvert's
    callers and papermill all use."""
    real_open = builtins.open
    rules: list = []

    def fake_open(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        if (any(c in mode for c in "wax+") and isinstance(file, (str, os.PathLike))
                and any(rule(Path(os.fspath(file))) for rule in rules)):
            return _FullFile(f)
        return f

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    return rules.append


@pytest.fixture
def failing_rename(monkeypatch):
    """``failing_rename(predicate)``: ``os.replace``/``os.rename`` onto a matching path fail (ENOSPC)."""
    real_replace, real_rename = os.replace, os.rename
    rules: list = []

    def guard(real):
        def move(src, dst, *args, **kwargs):
            if any(rule(Path(os.fspath(dst))) for rule in rules):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(dst))
            return real(src, dst, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "replace", guard(real_replace))
    monkeypatch.setattr(os, "rename", guard(real_rename))
    return rules.append


def _good_run(capsys, suite: Path, reports: Path) -> dict[str, bytes]:
    code, out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                          "--run-id", "good", "-q")
    assert code == 0, err
    assert (reports / "t" / "latest.txt").read_text() == "good\n"
    return _snapshot(reports / "t" / "good")


def _assert_good_run_untouched(reports: Path, before: dict[str, bytes]) -> None:
    assert _snapshot(reports / "t" / "good") == before
    assert (reports / "t" / "latest.txt").read_text() == "good\n"
    assert os.readlink(reports / "t" / "latest") == "good"
    assert not (reports / "t" / "bad").exists()


# ---------------------------------------------------------------------------------------------
# A disk that fills up (fault injection: always runs)
# ---------------------------------------------------------------------------------------------

def test_disk_full_while_exporting_html_sets_the_run_aside(tmp_path, capsys, fake_papermill, disk_full):
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    disk_full(lambda p: ".html" in p.name)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "disk is full" in line and "the last good run is unchanged" in line, line
    failed = reports / "t" / "failed-bad"
    assert "disk is full" in (failed / "FAILED.md").read_text()
    info = json.loads((failed / "run.json").read_text())
    assert info["status"] == "failed" and "disk is full" in info["error"]
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_disk_full_on_run_json_leaves_failed_md_and_no_empty_run_json(tmp_path, capsys, fake_papermill, disk_full):
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    disk_full(lambda p: "run.json" in p.name)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "run.json could not be written (the disk is full)" in line, line
    failed = reports / "t" / "failed-bad"
    assert (failed / "FAILED.md").read_text().startswith("# Run bad of suite t failed")
    assert not (failed / "run.json").exists()  # absent, not empty
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_disk_full_everywhere_says_what_could_not_be_written(tmp_path, capsys, fake_papermill, disk_full):
    """The disk fills while the notebook writes a figure, and nothing more fits: not even FAILED.md."""
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    disk_full(lambda p: any(part in ("failed-bad", ".tmp-bad") for part in p.parts))
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and line.startswith("framing report: error: notebook a.ipynb: "), line
    assert "disk is full" in line and "FAILED.md could not be written" in line and "run.json could not" in line
    failed = reports / "t" / "failed-bad"
    assert not (failed / "run.json").exists() and not (failed / "FAILED.md").exists()
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_publishing_rename_fails_sets_the_run_aside(tmp_path, capsys, fake_papermill, failing_rename):
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    failing_rename(lambda p: p.name == "bad")
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "cannot publish the run" in line and "disk is full" in line, line
    info = json.loads((reports / "t" / "failed-bad" / "run.json").read_text())
    assert info["status"] == "failed"
    assert info["notebooks"][0]["parameters"]["output_dir"] == str(reports.resolve() / "t" / "failed-bad")
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_latest_pointer_not_written_takes_the_run_back(tmp_path, capsys, fake_papermill, disk_full):
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    disk_full(lambda p: "latest.txt" in p.name)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "latest.txt" in line and "disk is full" in line, line
    assert (reports / "t" / "failed-bad" / "FAILED.md").exists()
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_unfinished_run_that_cannot_be_set_aside_is_removed(tmp_path, capsys, fake_papermill, failing_rename):
    suite = _project(tmp_path)
    reports = tmp_path / "reports"
    before = _good_run(capsys, suite, reports)
    fake_papermill["fail"] = "boom"
    failing_rename(lambda p: p.name == "failed-bad")
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "ValueError: boom" in line and "could not be kept" in line and "was removed" in line
    assert sorted(p.name for p in (reports / "t").iterdir()) == [".lock", "good", "latest", "latest.txt"]
    _assert_good_run_untouched(reports, before)


# ---------------------------------------------------------------------------------------------
# Real disks (root on Linux: tmpfs mounts; skipped elsewhere, the injected cases above still run)
# ---------------------------------------------------------------------------------------------

def _mount_tmpfs(where: Path, size_kib: int) -> None:
    where.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux") or not shutil.which("mount"):
        pytest.skip("tmpfs mounts need Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here ({done.stderr.strip()}); the injected full-disk "
                    "tests cover the same paths")


@pytest.fixture
def small_disk(tmp_path):
    """``small_disk(size_kib)`` mounts a tmpfs of that size and returns its path; unmounted afterwards."""
    mounted: list[Path] = []

    def make(size_kib: int, name: str = "disk") -> Path:
        where = tmp_path / name
        _mount_tmpfs(where, size_kib)
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(disk: Path, leave: int = 0) -> None:
    """Fill ``disk`` to the last byte, then free ``leave`` bytes."""
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    st = os.statvfs(disk)
    assert st.f_bavail * st.f_frsize <= leave + 4096


def test_real_nearly_full_disk_keeps_failed_md_and_a_complete_run_json(tmp_path, capsys, fake_papermill,
                                                                        small_disk):
    disk = small_disk(4096)
    suite = _project(tmp_path)
    reports = disk / "reports"
    before = _good_run(capsys, suite, reports)
    _fill(disk, leave=64 * 1024)  # room for the notebook, FAILED.md and run.json; not for the HTML
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "disk is full" in line, line
    failed = reports / "t" / "failed-bad"
    assert "disk is full" in (failed / "FAILED.md").read_text()
    if (failed / "run.json").exists():
        assert json.loads((failed / "run.json").read_text())["status"] == "failed"
    _assert_good_run_untouched(reports, before)
    _assert_no_half_files(reports)


def test_real_full_disk_refuses_to_start_the_build(tmp_path, capsys, fake_papermill, small_disk):
    disk = small_disk(4096)
    suite = _project(tmp_path)
    reports = disk / "reports"
    before = _good_run(capsys, suite, reports)
    _fill(disk)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "bad", "-q")
    line = _one_line(err)
    assert code == 2 and "disk is full" in line, line
    assert len(fake_papermill["calls"]) == 1  # only the good run executed anything
    _assert_good_run_untouched(reports, before)
    (disk / "filler").unlink()
    _assert_no_half_files(reports)


def test_real_disk_filled_by_a_notebook(tmp_path, capsys, fake_papermill, small_disk):
    """The real command and kernel: a notebook writes figures until the disk is full."""
    disk = small_disk(2048)
    filler = ("from pathlib import Path\n"
              "with open(Path(output_dir, 'figures', 'huge.png'), 'wb') as fh:\n"
              "    while True:\n"
              "        fh.write(b'\\0' * 65536)")
    suite = _project(tmp_path, ("a", "x = 1"), ("fill", filler),
                     suite={"name": "t", "notebooks": ["a.ipynb", "fill.ipynb"]})
    reports = disk / "reports"
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports),
                           "--run-id", "good", "--only", "a", "-q")
    assert code == 0, err
    before = _snapshot(reports / "t" / "good")
    done = framing_cli("report", "--suite", str(suite), "--reports-dir", str(reports), "--run-id", "bad", "-q",
                       timeout=300)
    line = _one_line(done.stderr)
    assert done.returncode == 2 and "fill.ipynb" in line and "disk is full" in line, line
    failed = reports / "t" / "failed-bad"
    assert (failed / "FAILED.md").exists() or "FAILED.md could not be written" in line
    _assert_good_run_untouched(reports, before)
    (failed / "figures" / "huge.png").unlink()
    _assert_no_half_files(reports)


# ---------------------------------------------------------------------------------------------
# --reports-dir checked before anything runs
# ---------------------------------------------------------------------------------------------

def test_reports_dir_that_is_a_file_or_below_one_is_refused_up_front(tmp_path, capsys, fake_papermill):
    suite = _project(tmp_path)
    (tmp_path / "file").write_text("not a folder\n")
    for target, says in ((tmp_path / "file", "is a file, not a folder"),
                         (tmp_path / "file" / "reports", "is a file, so nothing can be written below it")):
        code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(target), "-q")
        line = _one_line(err)
        assert code == 2 and line.startswith(f"framing report: error: --reports-dir {target}: ") and says in line
    assert fake_papermill["calls"] == []
    assert (tmp_path / "file").read_text() == "not a folder\n"


def test_reports_dir_inside_the_corpus_folder_is_refused(tmp_path, capsys, fake_papermill):
    """Reports written into the corpus folder would be ingested as sources by the next run."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    suite = _project(tmp_path)
    params = nbformat.v4.new_code_cell(f'output_dir = "out"\ncorpus_path = {str(corpus)!r}')
    params.metadata["tags"] = ["parameters"]
    nbformat.write(nbformat.v4.new_notebook(cells=[params]), tmp_path / "notebooks" / "a.ipynb")
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(corpus / "reports"), "-q")
    line = _one_line(err)
    assert code == 2 and "is inside the input folder" in line and "corpus_path" in line, line
    assert fake_papermill["calls"] == [] and not (corpus / "reports").exists()


def test_read_only_reports_mount_is_refused_up_front(tmp_path, capsys, fake_papermill, small_disk):
    disk = small_disk(1024)
    (disk / "reports").mkdir()
    if subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot remount read-only here")
    suite = _project(tmp_path)
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(disk / "reports"), "-q")
    line = _one_line(err)
    assert code == 2 and f"--reports-dir {disk / 'reports'}" in line and "not writable" in line, line
    assert fake_papermill["calls"] == [] and list((disk / "reports").iterdir()) == []


def test_reports_dir_without_write_permission_is_refused_up_front(tmp_path):
    """As a user who may not write there (root drops the capabilities that bypass permissions)."""
    base = tmp_path / "shared"
    reports = base / "reports"
    reports.mkdir(parents=True)
    suite = _project(tmp_path)
    reports.chmod(0o555)
    command = [sys.executable, "-m", "framing", "report", "--suite", str(suite), "--reports-dir", str(reports), "-q"]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot drop the right to write everywhere")
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", "--bounding-set", drop, "--inh-caps", drop, *command]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        reports.chmod(0o755)
    line = _one_line(done.stderr)
    assert done.returncode == 2 and f"--reports-dir {reports}" in line and "not writable" in line, line
    assert list(reports.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# index.html: many writers at once, readers never see an empty or partial page
# ---------------------------------------------------------------------------------------------

def _index_writer(reports: str, writer: int, runs: int) -> None:
    from framing.report import write_index

    for k in range(runs):
        run = Path(reports) / f"s{writer}" / f"r{k:02d}"
        run.mkdir(parents=True)
        (run / "run.json").write_text(json.dumps({"status": "ok", "run_id": run.name, "notebooks": []}))
        write_index(Path(reports))


def test_concurrent_index_writers_never_publish_an_empty_or_partial_index(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    writers, runs = 6, 8
    bad_reads: list[str] = []
    reads = [0]
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                text = (reports / "index.html").read_text()
            except FileNotFoundError:
                continue
            reads[0] += 1
            if not text.endswith("</html>\n"):
                bad_reads.append(text[-80:])

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_index_writer, args=(str(reports), w, runs)) for w in range(writers)]
    for p in procs:
        p.start()
    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for p in procs:
        p.join(120)
    stop.set()
    for t in threads:
        t.join()
    assert [p.exitcode for p in procs] == [0] * writers
    assert bad_reads == [], f"{len(bad_reads)} of {reads[0]} reads saw an empty or partial index"
    final = (reports / "index.html").read_text()
    missing = [f"s{w}/r{k:02d}" for w in range(writers) for k in range(runs) if f"s{w}/r{k:02d}/" not in final]
    assert missing == [], f"the final index lacks {missing}"
    assert not list(reports.glob(".index.html.*"))


# ---------------------------------------------------------------------------------------------
# A killed run: its build folder is removed by the next run; a live one is left alone
# ---------------------------------------------------------------------------------------------

def test_sigkilled_run_is_cleaned_up_by_the_next_run(tmp_path, capsys, fake_papermill):
    marker = tmp_path / "kernel.pid"
    suite = _project(tmp_path, ("slow", f"import os, time\nfrom pathlib import Path\n"
                                        f"Path({str(marker)!r}).write_text(str(os.getpid()))\ntime.sleep(120)"))
    reports = tmp_path / "reports"
    proc = start_framing_cli("report", "--suite", str(suite), "--reports-dir", str(reports), "--run-id", "cut", "-q")
    kernel = None
    try:
        deadline = time.monotonic() + 300
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marker.exists(), proc.communicate()[1] if proc.poll() is not None else "the kernel did not start"
        kernel = int(marker.read_text())
        assert (reports / "t" / ".tmp-cut").is_dir()
        proc.kill()  # SIGKILL: no handler runs, the build folder stays behind
        proc.wait(60)
    finally:
        proc.kill()
        proc.communicate()
        if kernel:
            try:
                os.kill(kernel, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert proc.returncode == -signal.SIGKILL
    assert (reports / "t" / ".tmp-cut").is_dir()
    code, out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(reports), "--run-id", "cut",
                          "-q")
    assert code == 0, err
    note = err.strip().splitlines()
    assert len(note) == 1 and ".tmp-cut" in note[0] and "an unfinished run" in note[0] and str(proc.pid) in note[0]
    assert (reports / "t" / "cut" / "run.json").exists()
    assert (reports / "t" / "latest.txt").read_text() == "cut\n"
    _assert_no_half_files(reports)


def test_a_live_build_is_left_alone(tmp_path, capsys, fake_papermill):
    from framing.owners import owner_record as _owner_record
    from framing.report import OWNER_FILE

    suite = _project(tmp_path)
    building = tmp_path / "reports" / "t" / ".tmp-busy"
    building.mkdir(parents=True)
    (building / OWNER_FILE).write_text(json.dumps(_owner_record()))  # this process: alive
    (building / "part.csv").write_text("x\n1\n")
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(tmp_path / "reports"),
                           "--run-id", "busy", "-q")
    line = _one_line(err)
    assert code == 2 and "is being built by process" in line and str(os.getpid()) in line
    assert (building / "part.csv").read_text() == "x\n1\n" and fake_papermill["calls"] == []
    # Another run id goes ahead and leaves the live build alone.
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(tmp_path / "reports"),
                           "--run-id", "other", "-q")
    assert code == 0, err
    assert (building / "part.csv").exists()


def test_a_dead_owners_build_is_removed_even_if_its_pid_is_reused(tmp_path, capsys, fake_papermill):
    from framing.owners import owner_record as _owner_record
    from framing.report import OWNER_FILE

    suite = _project(tmp_path)
    stale = tmp_path / "reports" / "t" / ".tmp-old"
    stale.mkdir(parents=True)
    record = _owner_record()
    record["start"] = "1"  # this pid, but a process that started at another time: the owner is gone
    (stale / OWNER_FILE).write_text(json.dumps(record))
    code, _out, err = _cli(capsys, "report", "--suite", str(suite), "--reports-dir", str(tmp_path / "reports"),
                           "--run-id", "old", "-q")
    assert code == 0, err
    assert not stale.exists() and (tmp_path / "reports" / "t" / "old" / "run.json").exists()
