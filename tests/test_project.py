"""Project-level checks: the environment files agree, the CLI answers, errors are one line."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[\[<>=!~ ;]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]} | {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            have |= {_name(d) for d in dep["pip"] if not d.startswith("-")}
        else:
            have.add(_name(dep))
    # conda's name for PyYAML is pyyaml, for dask[dataframe] it is dask.
    have = {h.replace("pyyaml", "pyyaml") for h in have}
    missing = sorted(w for w in wanted if w not in have)
    assert missing == [], f"environment.yml lacks {missing}"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "framing", *args], capture_output=True, text=True, cwd=ROOT)


def test_help_lists_every_subcommand():
    out = run_cli("--help")
    assert out.returncode == 0
    for command in ("ingest", "match", "keyness", "kwic", "report", "lexicon", "counts"):
        assert re.search(rf"^\s+{command}\b", out.stdout, re.M), f"{command} missing from --help"
        sub = run_cli(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert "usage: framing " + command in sub.stdout


def test_bad_corpus_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "corpus.csv"
    bad.write_text("doc_id,outlet\n1,RT\n")
    out = run_cli("match", str(bad), "--out", str(tmp_path / "m.csv"))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "corpus.csv" in lines[0] and "text" in lines[0]
    assert not (tmp_path / "m.csv").exists()


def test_version_lives_in_one_place():
    """pyproject takes the version from framing.__version__; CITATION.cff and the changelog repeat it."""
    import re

    import framing

    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'attr = "framing.__version__"' in pyproject
    assert not re.search(r'^version\s*=\s*"', pyproject, re.M)  # no second, literal version
    cff = (ROOT / "CITATION.cff").read_text()
    assert re.search(r'^version: "?([^"\n]+)"?$', cff, re.M).group(1) == framing.__version__
    assert f"## [{framing.__version__}]" in (ROOT / "CHANGELOG.md").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
