"""``framing report``: run a suite of parameterized notebooks with papermill and publish the run.

A *suite* is a YAML file naming notebooks and their parameter sets::

    name: default                 # reports/<name>/
    notebooks_dir: ../notebooks   # relative to the suite file (default ../notebooks)
    parameters: {n_boot: 1000}    # for every notebook that declares them
    cell_timeout: 1800            # seconds one cell may run (default 1800)
    notebooks:
      - notebook: 01_loaded_vocabulary.ipynb
        parameters: {}
      - notebook: 04_trends.ipynb
        parameters: {freq: M}
        cell_timeout: 3600        # this notebook's own limit

Notebooks come from the project's ``notebooks/`` folder: ``notebooks_dir`` must be ``../notebooks``
beside the suite's folder (or a folder inside it) and every notebook must resolve to a file inside
``notebooks_dir``, unless ``framing report --allow-outside`` is given.

One run writes ``reports/<suite>/<run-id>/``: each executed notebook, its HTML with code hidden
(``NAME.html``) and in full (``NAME.full.html``), ``figures/`` (PNG, SVG, PDF), ``tables/`` (CSV and
LaTeX) and ``run.json`` (parameters, input fingerprints, package versions, git commit, timings).
The run is built in ``reports/<suite>/.tmp-<run-id>/`` (with a record of the process building it, so
that the next run removes what a killed run left) and renamed into place only when every notebook
succeeded; then ``reports/<suite>/latest`` (symlink) and ``latest.txt`` point at it and
``reports/index.html`` (written under a lock, atomically) lists the runs. A failing notebook, a cell
running longer than its timeout, a dead kernel or a disk that fills up leaves the last good run
untouched, moves the partial run to ``reports/<suite>/failed-<run-id>/`` (``FAILED.md`` first, then
``run.json``, then the executed notebook's HTML), and the command exits 2 with one line naming the
notebook and the cell.

Parameters reach notebooks as data: papermill writes them into an ``injected-parameters`` cell as
Python literals (``repr``), and this module refuses names that the notebook's ``parameters`` cell
does not declare (papermill itself only warns) and values of the wrong type.
"""

from .html import clean_html, export_html, landing_page, sanitize_notebook, write_index
from .params import coerce_parameter, notebook_parameters
from .plan import RUNNER_PARAMETERS, PlannedNotebook, make_run_id, plan_run
from .preview import dry_run
from .provenance import CURRENT_KERNEL, current_interpreter_kernel, fingerprint, git_commit, package_versions
from .runner import OWNER_FILE, RunResult, run_suite
from .suite import DEFAULT_CELL_TIMEOUT, RUN_ID, Suite, SuiteEntry, default_suite_path, load_suite, select_entries

__all__ = [
    "CURRENT_KERNEL",
    "DEFAULT_CELL_TIMEOUT",
    "OWNER_FILE",
    "RUNNER_PARAMETERS",
    "RUN_ID",
    "PlannedNotebook",
    "RunResult",
    "Suite",
    "SuiteEntry",
    "clean_html",
    "coerce_parameter",
    "current_interpreter_kernel",
    "default_suite_path",
    "dry_run",
    "export_html",
    "fingerprint",
    "git_commit",
    "landing_page",
    "load_suite",
    "make_run_id",
    "notebook_parameters",
    "package_versions",
    "plan_run",
    "run_suite",
    "sanitize_notebook",
    "select_entries",
    "write_index",
]
