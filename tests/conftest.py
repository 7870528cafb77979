"""Shared fixtures: the default report run on the seed corpus, twice, in separate processes.

``seed_reports`` runs ``framing report`` (the real command: papermill with the ``framing`` kernel)
twice at once into a temporary reports folder, so several tests can check the files a run writes
and that two runs give the same bytes, without paying for the runs more than once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def framing_cli(*args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``python -m framing ARGS`` (the installed command) and capture its output."""
    return subprocess.run([sys.executable, "-m", "framing", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def start_framing_cli(*args: str, cwd: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "framing", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@dataclass
class ReportRun:
    reports_dir: Path
    run_dir: Path
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory) -> tuple[ReportRun, ReportRun]:
    """Two runs of the default suite on the bundled corpus, started at the same time in two processes."""
    runs = []
    procs = []
    for name in ("first", "second"):
        reports = tmp_path_factory.mktemp(f"reports-{name}")
        # n_boot 200 instead of the suite's 1000: the same code paths, a fifth of the bootstrap time
        procs.append((reports, name, start_framing_cli("report", "--reports-dir", str(reports), "--run-id", name,
                                                       "-p", "n_boot", "200")))
    for reports, name, proc in procs:
        out, err = proc.communicate(timeout=600)
        runs.append(ReportRun(reports, reports / "default" / name, proc.returncode, out, err))
    for run in runs:
        assert run.returncode == 0, f"framing report failed:\n{run.stderr[-3000:]}"
    return runs[0], runs[1]


@pytest.fixture(scope="session")
def seed_report(seed_reports) -> ReportRun:
    return seed_reports[0]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    return None
