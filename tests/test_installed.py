"""framing as a user installs it: a wheel in a fresh virtual environment, run from a folder outside
the checkout; `framing init` projects; papermill on an installed notebook from any folder.

The fresh environment gets the wheel (``pip install --no-deps``) and, through a ``.pth`` line, the
dependencies already installed for the tests, so nothing is downloaded twice (and, through
``JUPYTER_PATH``, their data files, such as nbconvert's templates); the checkout's own ``src/`` is not
on its path (an editable install's ``.pth`` inside that folder is not read), which the test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


def _run(args, cwd, timeout=600):
    # the dependencies' data files (nbconvert's HTML templates) live under the test environment's
    # share/jupyter, which a real install would have in its own prefix
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, ROOT], cwd=out)
    assert r.returncode == 0, r.stderr[-3000:]
    (whl,) = out.glob("framing-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its python."""
    venv = tmp_path_factory.mktemp("venv")
    r = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv)
    assert r.returncode == 0, r.stderr
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=venv).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    r = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel], cwd=venv)
    assert r.returncode == 0, r.stderr[-3000:]
    return python


def test_wheel_holds_the_package_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("framing/resources/lexicons/russia_ukraine.yaml", "framing/resources/suites/default.yaml",
                   "framing/resources/notebooks/01_loaded_vocabulary.ipynb", "framing/resources/seeds/manifest.csv",
                   "framing/templates/framing.html.j2"):
        assert needed in names, needed
    assert sum(n.startswith("framing/resources/seeds/") and n.endswith(".txt") for n in names) == 5
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    import framing

    assert f"Version: {framing.__version__}" in text and "License-Expression: MIT" in text


def test_installed_package_runs_from_any_folder(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    framing = [installed, "-m", "framing"]
    where = _run([installed, "-c", "import framing, framing.bundled as b; print(framing.__file__); print(b.demo_corpus())"],
                 cwd=work)
    package_file, demo = where.stdout.split()
    assert str(ROOT) not in package_file and str(ROOT) not in demo, "the wheel, not the checkout, must be imported"

    r = _run([*framing, "--version"], cwd=work)
    import framing as here

    assert r.stdout.strip() == f"framing {here.__version__}"
    r = _run([*framing, "lexicon", "check"], cwd=work)
    assert r.returncode == 0 and "OK: russia_ukraine" in r.stdout, r.stderr
    r = _run([*framing, "lexicon", "list"], cwd=work)
    assert r.returncode == 0 and "kyiv" in r.stdout

    r = _run([*framing, "match", demo, "--out", "mentions.csv"], cwd=work)
    assert r.returncode == 0, r.stderr
    assert (work / "mentions.csv").read_text().count("\n") > 20

    r = _run([*framing, "report", "--reports-dir", "reports", "--run-id", "installed", "-q"], cwd=work)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "note:" not in r.stderr and "kernel" not in r.stderr.lower(), r.stderr
    run = work / "reports" / "default" / "installed"
    info = json.loads((run / "run.json").read_text())
    assert info["status"] == "ok"
    assert info["kernel"]["python"] == str(installed), "the notebooks ran with the command's own interpreter"
    assert Path(info["corpus"]["path"]).resolve() == Path(demo).resolve()
    assert (run / "figures" / "01_variant_use.png").stat().st_size > 10_000
    landing = r.stdout.strip().splitlines()[-1]
    assert landing.endswith("index.html") and Path(landing.split()[-1]).is_file()


def test_papermill_runs_an_installed_notebook_from_any_folder(installed, tmp_path):
    """What a cron job or Airflow's PapermillOperator does: papermill on the installed notebook, from
    another folder, with its defaults (the bundled demo corpus and lexicon)."""
    work = tmp_path / "cron"
    work.mkdir()
    nb = _run([installed, "-c", "import framing.bundled as b; print(b.notebooks_dir() / '01_loaded_vocabulary.ipynb')"],
              cwd=work).stdout.strip()
    r = _run([installed, "-m", "papermill", nb, "out.ipynb", "-k", "python3", "-p", "output_dir", str(work / "run"),
              "--no-progress-bar"], cwd=work)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (work / "run" / "figures" / "01_variant_use.svg").is_file()


def test_a_missing_corpus_path_is_named_as_missing(installed, tmp_path):
    work = tmp_path / "missing"
    work.mkdir()
    nb = _run([installed, "-c", "import framing.bundled as b; print(b.notebooks_dir() / '00_corpus_overview.ipynb')"],
              cwd=work).stdout.strip()
    r = _run([installed, "-m", "papermill", nb, "out.ipynb", "-k", "python3", "-p", "corpus_path", "../data/raw/seeds",
              "--no-progress-bar"], cwd=work)
    assert r.returncode != 0
    assert "no such corpus file or folder" in r.stderr and "unknown corpus format" not in r.stderr


def test_init_makes_a_project_that_report_runs(tmp_path):
    from conftest import framing_cli

    project = tmp_path / "study"
    r = framing_cli("init", str(project), "--lexicon", "russia_ukraine")
    assert r.returncode == 0, r.stderr
    for p in ("README.md", "data/raw/README.md", "data/lexicons/russia_ukraine.yaml", "suites/default.yaml",
              "notebooks/01_loaded_vocabulary.ipynb", "reports"):
        assert (project / p).exists(), p
    params = json.loads((project / "notebooks" / "01_loaded_vocabulary.ipynb").read_text())["cells"][1]["source"]
    assert "corpus_path = '../data/raw'" in "".join(params)
    for f in SEEDS.iterdir():
        shutil.copy(f, project / "data" / "raw" / f.name)
    (project / "README.md").write_text("mine\n")
    r = framing_cli("init", str(project))  # again (the template lexicon): nothing is overwritten
    assert r.returncode == 0 and "kept" in r.stdout and (project / "README.md").read_text() == "mine\n"
    r = framing_cli("report", "--run-id", "first", "--only", "01", cwd=project)
    assert r.returncode == 0, r.stderr[-3000:]
    info = json.loads((project / "reports" / "default" / "first" / "run.json").read_text())
    assert Path(info["corpus"]["path"]) == (project / "data" / "raw").resolve()
    assert Path(info["lexicon"]["path"]) == (project / "data" / "lexicons" / "russia_ukraine.yaml").resolve()


def test_init_refuses_a_file_and_an_unknown_lexicon(tmp_path):
    from conftest import framing_cli

    (tmp_path / "f").write_text("x")
    r = framing_cli("init", str(tmp_path / "f"))
    assert r.returncode == 2 and "is a file" in r.stderr and r.stderr.count("\n") == 1
    r = framing_cli("init", str(tmp_path / "p"), "--lexicon", "nonesuch")
    assert r.returncode == 2 and "no bundled lexicon" in r.stderr and not (tmp_path / "p").exists()


def test_a_project_on_another_topic_speaks_of_its_own_sides(tmp_path):
    """`framing init` with the US immigration lexicon, a small corpus in data/raw, `framing report`:
    the figures' axes and legends name that lexicon's sides and no Russia-Ukraine wording."""
    import re

    from conftest import framing_cli

    project = tmp_path / "immigration-study"
    r = framing_cli("init", str(project), "--lexicon", "us_immigration")
    assert r.returncode == 0, r.stderr
    for f in (ROOT / "tests" / "fixtures" / "immigration").iterdir():
        shutil.copy(f, project / "data" / "raw" / f.name)
    r = framing_cli("report", "--run-id", "topic", cwd=project)
    assert r.returncode == 0, r.stderr[-3000:]
    figures = project / "reports" / "default" / "topic" / "figures"
    words = {}
    for svg in sorted(figures.glob("*.svg")):
        words[svg.stem] = " ".join(re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8")))
    assert len(words) >= 6
    every = " ".join(words.values())
    for foreign in ("Kremlin", "kremlin", "Ukrain", "ukraine_west", "Kyiv", "Kiev", "Russia"):
        assert foreign not in every, foreign
    for figure in ("01_variant_use", "02_stance_balance"):
        assert "restrictionist" in words[figure] and "pro-immigrant" in words[figure], (figure, words[figure][:500])
    assert re.search(r"stance balance.*pro-immigrant.*restrictionist", words["02_stance_balance"])  # negative pole left
