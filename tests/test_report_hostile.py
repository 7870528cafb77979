"""``framing report`` given hostile input: suites that point outside the project or are not suites at
all, notebooks that are not notebooks, cells that never end, kernels that die; and the notebook
corpus cache, which must not hand one checkout another's paths.

Every case ends the same way: one line on stderr naming the file and the fix, exit code 2.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import SEEDS, framing_cli


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
