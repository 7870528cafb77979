"""Provenance of a run: input fingerprints, package versions, git commit, and the kernel that runs the notebooks."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import bundled
from ..errors import ReportError
from ..files import os_problem
from .plan import PlannedNotebook, _abs
from .suite import Suite

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: The source checkout holding the package (for ``git rev-parse``; an installed package has none).
PROJECT_DIR = Path(__file__).resolve().parents[3]
#: Packages whose versions go into run.json.
PACKAGES = (
    "framing",
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "nltk",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "pyyaml",
)


# ---------------------------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------------------------


def fingerprint(path: str | os.PathLike | None) -> dict[str, Any]:
    """sha256 of a file, or of a folder's files (sorted relative paths and their bytes).

    Examples
    --------
    >>> fingerprint("data/lexicons/russia_ukraine.yaml")["sha256"][:8]  # doctest: +SKIP
    """
    if not path:
        return {"path": None, "sha256": None}
    p = Path(path)
    h = hashlib.sha256()
    if p.is_file():
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return {"path": str(p), "sha256": h.hexdigest(), "files": 1, "bytes": p.stat().st_size}
    if p.is_dir():
        files = sorted(
            f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
        )
        size = 0
        for f in files:
            rel = f.relative_to(p).as_posix().encode()
            h.update(len(rel).to_bytes(8, "big") + rel)
            data = f.read_bytes()
            size += len(data)
            h.update(len(data).to_bytes(8, "big") + data)
        return {"path": str(p), "sha256": h.hexdigest(), "files": len(files), "bytes": size}
    return {"path": str(p), "sha256": None, "missing": True}


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit(cwd: Path = PROJECT_DIR) -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": bool(status.strip()) if commit else None}


#: Name of the kernel spec :func:`current_interpreter_kernel` puts on ``JUPYTER_PATH`` for a run.
CURRENT_KERNEL = "framing-current-interpreter"


@contextmanager
def current_interpreter_kernel():
    """A Jupyter kernel spec that runs this very interpreter (``sys.executable``), found by
    papermill for the duration of a run. Notebooks then run with the same Python and the same
    framing as the ``framing report`` command — in a checkout, a virtual environment or an installed
    wheel, whatever kernels are (or are not) registered, so nothing needs registering and no other
    environment's kernel can be picked up by mistake. Yields the spec's name."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="framing-kernel-") as folder:
        spec = Path(folder) / "kernels" / CURRENT_KERNEL
        spec.mkdir(parents=True)
        spec.joinpath("kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "Python (framing report)",
                    "language": "python",
                    "metadata": {"debugger": False},
                }
            ),
            encoding="utf-8",
        )
        old = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = folder + (os.pathsep + old if old else "")
        try:
            yield CURRENT_KERNEL
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


def _run_info(suite: Suite, plans: Sequence[PlannedNotebook], run_id: str, started: _dt.datetime) -> dict[str, Any]:
    corpus_value = plans[0].effective("corpus_path") if plans else None
    lexicon_value = plans[0].effective("lexicon_path") if plans else None

    def _resolve(v, bundled_default):
        if not isinstance(v, str):
            return None
        if not v:  # the notebooks' default: the bundled demo corpus / lexicon
            return str(bundled_default())
        return _abs(v, suite.notebooks_dir)

    try:
        corpus_fp = fingerprint(_resolve(corpus_value, bundled.demo_corpus))
        lexicon_fp = fingerprint(_resolve(lexicon_value, bundled.lexicon_path))
    except OSError as exc:
        raise ReportError(f"{exc.filename or corpus_value}: cannot read the input: {os_problem(exc)}") from None
    return {
        "run_id": run_id,
        "suite": suite.name,
        "suite_file": str(suite.path),
        "status": "running",
        "started_utc": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "finished_utc": None,
        "command": ["framing", *sys.argv[1:]] if Path(sys.argv[0]).name in ("framing", "__main__.py") else None,
        "kernel": {"python": sys.executable, "spec": CURRENT_KERNEL},
        "corpus": corpus_fp,
        "lexicon": lexicon_fp,
        "git": git_commit(suite.notebooks_dir if suite.notebooks_dir.is_dir() else PROJECT_DIR),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": package_versions(),
        "notebooks": [],
    }
