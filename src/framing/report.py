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

from __future__ import annotations

import argparse
import ast
import datetime as _dt
import hashlib
import html
import json
import os
import platform
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import yaml

from . import bundled, files
from .errors import FramingError, OutputError, ParameterError, ReportError
from .files import os_problem

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent  # valid for the editable/src install
TEMPLATES_DIR = PACKAGE_DIR / "templates"
KERNEL_NAME = "framing"
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SUITE_NAME = _RUN_ID
#: Parameters the runner sets itself; a suite or ``-p`` cannot override them.
RUNNER_PARAMETERS = ("output_dir",)
#: Keys of a suite file and of one of its notebook entries.
SUITE_KEYS = ("name", "description", "notebooks_dir", "parameters", "cell_timeout", "notebooks")
ENTRY_KEYS = ("notebook", "id", "parameters", "cell_timeout")
#: Seconds one notebook cell may run when neither ``--cell-timeout`` nor the suite sets a limit.
DEFAULT_CELL_TIMEOUT = 1800
MAX_CELL_TIMEOUT = 7 * 24 * 3600
#: Bounds on what the runner reads: a suite is a short hand-written file.
MAX_SUITE_BYTES = 64 << 10
MAX_SUITE_ALIASES = 16
MAX_SUITE_DEPTH = 20
MAX_NOTEBOOK_BYTES = 100 << 20
#: The file in a build folder that names the process building it.
OWNER_FILE = ".owner.json"
#: Packages whose versions go into run.json.
PACKAGES = ("framing", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "nltk", "papermill",
            "nbclient", "nbconvert", "nbformat", "ipykernel", "pyyaml")


# ---------------------------------------------------------------------------------------------
# Notebook parameters
# ---------------------------------------------------------------------------------------------

def notebook_parameters(path: str | os.PathLike) -> dict[str, Any]:
    """The names and default values declared in a notebook's cell tagged ``parameters``.

    Only top-level ``name = literal`` assignments count (annotated ones too); a value that is not a
    Python literal is reported as ``None``.

    Examples
    --------
    >>> notebook_parameters("notebooks/01_loaded_vocabulary.ipynb")["n_boot"]  # doctest: +SKIP
    1000
    """
    path = Path(path)
    nb = _read_notebook(path)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in (cell.get("metadata", {}).get("tags") or []):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError as exc:
                raise ReportError(f"{path}: the parameters cell is not valid Python (line {exc.lineno})") from None
            except (ValueError, RecursionError, MemoryError):
                raise ReportError(f"{path}: the parameters cell cannot be parsed; keep it to name = value "
                                  "lines") from None
            out: dict[str, Any] = {}
            for node in tree.body:
                targets = []
                value = None
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                for t in targets:
                    if isinstance(t, ast.Name):
                        try:
                            out[t.id] = ast.literal_eval(value)
                        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                            out[t.id] = None
            return out
    raise ReportError(f"{path}: no code cell tagged 'parameters'; tag the cell that holds the parameters")


def _read_notebook(path: Path):
    """Read a notebook the runner is about to run: a regular file of at most :data:`MAX_NOTEBOOK_BYTES`
    that nbformat reads and validates; anything else is one :class:`ReportError` line."""
    import warnings

    import nbformat

    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReportError(f"{path}: no such notebook; check the suite's notebook list") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the notebook: {os_problem(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReportError(f"{path}: not a notebook file; name a .ipynb file in the suite")
    if st.st_size > MAX_NOTEBOOK_BYTES:
        raise ReportError(f"{path}: larger than {MAX_NOTEBOOK_BYTES >> 20} MiB; clear its outputs "
                          "(jupyter nbconvert --clear-output) before running it")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns and then raises, or repairs: both are handled here
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the notebook: {os_problem(exc)}") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not a Jupyter notebook (not UTF-8 text); save it again from JupyterLab") from None
    except Exception as exc:  # nbformat's NotJSONError, ValidationError, and what it raises on odd JSON
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ReportError(f"{path}: not a valid Jupyter notebook ({_one_line(first, 120)}); save it again "
                          "from JupyterLab") from None
    return nb


def _type_name(value: Any) -> str:
    return {bool: "true/false", int: "an integer", float: "a number", str: "a string",
            list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def coerce_parameter(name: str, value: Any, default: Any, source: str = "-p") -> Any:
    """Convert ``value`` to the type of the notebook's ``default`` or raise :class:`ParameterError`.

    Command-line values arrive as strings: ``"200"`` becomes 200 for an integer parameter,
    ``"RT,BBC"`` or ``"[RT, BBC]"`` a list for a list parameter, ``"true"`` True for a boolean.
    A string parameter keeps the text as it is (never evaluated). YAML dates become ISO strings.

    Examples
    --------
    >>> coerce_parameter("n_boot", "200", 1000)
    200
    >>> coerce_parameter("outlets", "RT, BBC", [])
    ['RT', 'BBC']
    >>> coerce_parameter("date_from", '"); import os', "")
    '"); import os'
    """
    def bad(expected: str) -> ParameterError:
        return ParameterError(f"{source} {name}: {value!r} is not {expected}; the notebook's default is {default!r}")

    if isinstance(value, (_dt.date, _dt.datetime)):
        value = value.isoformat()
    if default is None:
        if isinstance(value, str) and source == "-p":
            try:
                parsed = yaml.safe_load(value)
            except yaml.YAMLError:
                return value
            if isinstance(parsed, (_dt.date, _dt.datetime)):
                return value
            return parsed if isinstance(parsed, (str, int, float, bool, list, type(None))) else value
        return value
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.strip().lower() in ("true", "yes", "1")
        raise bad("true/false")
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        raise bad("an integer")
    if isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, str):
            raise bad("a number")
        try:
            return float(value)
        except ValueError:
            raise bad("a number") from None
    if isinstance(default, str):
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise bad("a string")
    if isinstance(default, (list, tuple)):
        if isinstance(value, (list, tuple)):
            return [v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v for v in value]
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    parsed = yaml.safe_load(text)
                except yaml.YAMLError:
                    raise bad("a list like [a, b] or a,b") from None
                if isinstance(parsed, list):
                    return parsed
                raise bad("a list")
            return [v.strip() for v in text.split(",") if v.strip()]
        raise bad("a list")
    if isinstance(default, dict):
        if isinstance(value, dict):
            return value
        if isinstance(value, str):
            try:
                parsed = yaml.safe_load(value)
            except yaml.YAMLError:
                raise bad("a mapping") from None
            if isinstance(parsed, dict):
                return parsed
        raise bad("a mapping")
    return value


# ---------------------------------------------------------------------------------------------
# Suites
# ---------------------------------------------------------------------------------------------

@dataclass
class SuiteEntry:
    """One notebook of a suite with its own parameters (and, optionally, its own cell timeout)."""

    notebook: Path
    id: str
    parameters: dict[str, Any] = field(default_factory=dict)
    cell_timeout: int | None = None

    @property
    def shares_output(self) -> bool:
        """Entries named after their notebook write into the run's shared figures/ and tables/."""
        return self.id == self.notebook.stem


@dataclass
class Suite:
    """A parsed suite file."""

    name: str
    path: Path
    notebooks_dir: Path
    parameters: dict[str, Any]
    entries: list[SuiteEntry]
    description: str = ""
    cell_timeout: int | None = None


def default_suite_path() -> Path:
    """``suites/default.yaml`` in the current directory (a project made by ``framing init``, or a
    checkout), else the bundled suite: every notebook on the demo corpus."""
    local = Path("suites/default.yaml")
    return local if local.exists() else bundled.suite_path("default")


def _suite_yaml(path: Path) -> Any:
    """The suite file's YAML, read within bounds: a regular file, at most :data:`MAX_SUITE_BYTES`,
    UTF-8, nested at most :data:`MAX_SUITE_DEPTH` levels (PyYAML's parser slows down with the square
    of the depth), at most :data:`MAX_SUITE_ALIASES` aliases and none that refers to itself (an alias
    bomb expands exponentially when the parameters are hashed or injected)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReportError(f"{path}: no such suite file; pass --suite FILE.yaml") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the suite: {os_problem(exc)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReportError(f"{path}: not a file; pass --suite FILE.yaml")
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_SUITE_BYTES + 1)
    except OSError as exc:
        raise ReportError(f"{path}: cannot read the suite: {os_problem(exc)}") from None
    if len(raw) > MAX_SUITE_BYTES:
        raise ReportError(f"{path}: larger than {MAX_SUITE_BYTES >> 10} KiB; a suite lists notebooks and "
                          "parameters, not data")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ReportError(f"{path}: line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the suite as "
                          "UTF-8") from None
    try:
        aliases = depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_SUITE_DEPTH:
                    raise ReportError(f"{path}: line {event.start_mark.line + 1}: nested more than "
                                      f"{MAX_SUITE_DEPTH} levels deep; a suite is a short list of notebooks")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_SUITE_ALIASES:
                    raise ReportError(f"{path}: line {event.start_mark.line + 1}: more than {MAX_SUITE_ALIASES} "
                                      "YAML aliases (*name); write the values out")
        if aliases:
            _refuse_recursive_alias(yaml.compose(text, Loader=yaml.SafeLoader), path)
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise ReportError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    except RecursionError:
        raise ReportError(f"{path}: nested too deeply; a suite is a short list of notebooks") from None


def _refuse_recursive_alias(root: Any, path: Path) -> None:
    """Raise if a YAML node contains itself (``a: &x [*x]``), which no parameter can be."""
    if root is None:
        return
    on_path: set[int] = set()
    done: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in on_path:
            raise ReportError(f"{path}: line {node.start_mark.line + 1}: a YAML alias refers to the value that "
                              "contains it; write the values out")
        if id(node) in done:
            continue
        on_path.add(id(node))
        stack.append((node, True))
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            children = []
        stack.extend((child, False) for child in reversed(children))


def _cell_timeout(value: Any, where: str) -> int | None:
    """A ``cell_timeout`` value: whole seconds from 1 to :data:`MAX_CELL_TIMEOUT` (``None`` if absent)."""
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CELL_TIMEOUT:
        raise ParameterError(f"{where} {value!r}: give whole seconds from 1 to {MAX_CELL_TIMEOUT} (a week), "
                             "e.g. 1800")
    return value


def _path_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise ReportError(f"{where} must be a file or folder name (text), not {value!r}")
    return value


def load_suite(path: str | os.PathLike, allow_outside: bool = False) -> Suite:
    """Read and check a suite file; every problem is a :class:`ReportError` naming the file and field.

    Notebooks must lie in the project's notebooks folder: ``notebooks_dir`` (default
    ``../notebooks``, relative to the suite file) must resolve to ``../notebooks`` beside the suite's
    folder or a folder inside it, and every notebook must resolve (after ``..`` and symlinks) to a
    file inside ``notebooks_dir``. ``allow_outside=True`` (``framing report --allow-outside``) lifts
    both rules.

    Examples
    --------
    >>> suite = load_suite("suites/default.yaml")  # doctest: +SKIP
    >>> [e.id for e in suite.entries][:2]  # doctest: +SKIP
    ['00_corpus_overview', '01_loaded_vocabulary']
    """
    path = Path(path)
    data = _suite_yaml(path)
    if not isinstance(data, dict):
        raise ReportError(f"{path}: a suite is a mapping with 'name' and 'notebooks'")
    unknown = sorted(str(k) for k in set(data) - set(SUITE_KEYS))
    if unknown:
        hint = " ('timeout' is spelled cell_timeout: seconds per cell)" if "timeout" in unknown else ""
        raise ReportError(f"{path}: unknown key(s) {', '.join(unknown)}{hint}; allowed: {', '.join(SUITE_KEYS)}")
    name = str(data.get("name") or path.stem)
    if not _SUITE_NAME.match(name) or name.lower() == "index.html":
        raise ReportError(f"{path}: name {name!r} must be letters, digits, '.', '_' or '-' (and not index.html)")
    base = path.resolve().parent
    project_notebooks = (base.parent / "notebooks").resolve()
    nb_dir_text = _path_text(data.get("notebooks_dir") or "../notebooks", f"{path}: notebooks_dir")
    nb_dir = (base / os.path.expanduser(nb_dir_text)).resolve()
    if not allow_outside and not nb_dir.is_relative_to(project_notebooks):
        raise ReportError(f"{path}: notebooks_dir {nb_dir_text!r} is {nb_dir}, outside the project's notebooks "
                          f"folder {project_notebooks} (../notebooks beside the suite's folder); remove "
                          "notebooks_dir or point it there, or pass --allow-outside to run notebooks from elsewhere")
    common = data.get("parameters") or {}
    if not isinstance(common, dict):
        raise ReportError(f"{path}: 'parameters' must be a mapping of name: value")
    suite_timeout = _suite_timeout(data.get("cell_timeout"), f"{path}: cell_timeout")
    items = data.get("notebooks")
    if not isinstance(items, list) or not items:
        raise ReportError(f"{path}: 'notebooks' must be a non-empty list")
    entries: list[SuiteEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        if isinstance(item, str):
            item = {"notebook": item}
        if not isinstance(item, dict) or "notebook" not in item:
            raise ReportError(f"{path}: notebooks item {i} needs a 'notebook' field")
        extra = sorted(str(k) for k in set(item) - set(ENTRY_KEYS))
        if extra:
            hint = " ('timeout' is spelled cell_timeout: seconds per cell)" if "timeout" in extra else ""
            raise ReportError(f"{path}: notebooks item {i}: unknown key(s) {', '.join(extra)}{hint}; "
                              f"allowed: {', '.join(ENTRY_KEYS)}")
        nb_name = _path_text(item["notebook"], f"{path}: notebooks item {i}: 'notebook'")
        if not nb_name.endswith(".ipynb"):
            nb_name += ".ipynb"
        nb_path = (nb_dir / nb_name).resolve()
        if not allow_outside and not nb_path.is_relative_to(nb_dir):
            raise ReportError(f"{path}: notebooks item {i}: {nb_name!r} is {nb_path}, outside the notebooks folder "
                              f"{nb_dir}; name a notebook inside it, or pass --allow-outside to run notebooks "
                              "from elsewhere")
        entry_id = str(item.get("id") or nb_path.stem)
        if not _RUN_ID.match(entry_id):
            raise ReportError(f"{path}: notebooks item {i}: id {entry_id!r} must be letters, digits, '.', '_' or '-'")
        if entry_id in seen:
            raise ReportError(f"{path}: notebooks item {i}: {entry_id!r} appears twice; give one of them an 'id'")
        seen.add(entry_id)
        params = item.get("parameters") or {}
        if not isinstance(params, dict):
            raise ReportError(f"{path}: notebooks item {i}: 'parameters' must be a mapping")
        for key in list(common) + list(params):
            if not isinstance(key, str) or not key.isidentifier():
                raise ReportError(f"{path}: parameter name {key!r} is not a Python identifier like n_boot")
        timeout = _suite_timeout(item.get("cell_timeout"), f"{path}: notebooks item {i}: cell_timeout")
        entries.append(SuiteEntry(nb_path, entry_id, dict(params), timeout))
    return Suite(name, path.resolve(), nb_dir, dict(common), entries, str(data.get("description") or ""),
                 suite_timeout)


def _suite_timeout(value: Any, where: str) -> int | None:
    try:
        return _cell_timeout(value, where)
    except ParameterError as exc:
        raise ReportError(str(exc)) from None


def select_entries(suite: Suite, only: Sequence[str] | None) -> list[SuiteEntry]:
    """Entries matching ``--only`` (an id, a notebook file name, or its number prefix like ``01``)."""
    if not only:
        return list(suite.entries)
    chosen = []
    for entry in suite.entries:
        names = {entry.id, entry.notebook.name, entry.notebook.stem, entry.id.split("_", 1)[0]}
        if any(o in names for o in only):
            chosen.append(entry)
    missing = [o for o in only if not any(o in {e.id, e.notebook.name, e.notebook.stem, e.id.split("_", 1)[0]}
                                          for e in suite.entries)]
    if missing:
        raise ParameterError(f"--only {missing[0]}: no such notebook in suite {suite.name!r}; "
                             f"choose from {', '.join(e.id for e in suite.entries)}")
    return chosen


# ---------------------------------------------------------------------------------------------
# Plan: what would run, with which parameters
# ---------------------------------------------------------------------------------------------

@dataclass
class PlannedNotebook:
    entry: SuiteEntry
    declared: dict[str, Any]
    parameters: dict[str, Any]  # what the runner injects (without output_dir)
    cell_timeout: int = DEFAULT_CELL_TIMEOUT  # seconds one cell may run

    def effective(self, name: str) -> Any:
        return self.parameters.get(name, self.declared.get(name))


def _abs(path_value: str, base: Path) -> str:
    p = Path(os.path.expanduser(path_value))
    return str(p if p.is_absolute() else (base / p).resolve())


def plan_run(suite: Suite, entries: Sequence[SuiteEntry], overrides: dict[str, str] | None = None,
             corpus: str | None = None, lexicon: str | None = None,
             cell_timeout: int | None = None) -> list[PlannedNotebook]:
    """Check that every notebook exists and declares every parameter given; return the plan.

    Precedence (later wins): the notebook's defaults < the suite's ``parameters`` < the entry's
    ``parameters`` < ``--corpus``/``--lexicon``/``-p``. Path parameters given on the command line are
    made absolute (relative to the current directory); in a suite file, relative to the suite file.
    The cell timeout is ``cell_timeout`` (``--cell-timeout``) if given, else the entry's
    ``cell_timeout``, else the suite's, else :data:`DEFAULT_CELL_TIMEOUT`.
    """
    cell_timeout = _cell_timeout(cell_timeout, "--cell-timeout")
    overrides = dict(overrides or {})
    if corpus is not None:
        overrides["corpus_path"] = corpus
    if lexicon is not None:
        overrides["lexicon_path"] = lexicon
    for name in overrides:
        if not name.isidentifier():
            raise ParameterError(f"-p {name}: not a parameter name; names are Python identifiers like n_boot")
        if name in RUNNER_PARAMETERS:
            raise ParameterError(f"-p {name}: set by the runner (the run folder); use --reports-dir instead")
    missing = [e for e in entries if not e.notebook.exists()]
    if missing:
        raise ReportError(f"{missing[0].notebook}: notebook listed in suite {suite.name!r} ({suite.path}) does "
                          "not exist; add it or remove it from the suite")
    plans: list[PlannedNotebook] = []
    used: set[str] = set()
    for entry in entries:
        declared = notebook_parameters(entry.notebook)
        params: dict[str, Any] = {}
        for source, values in (("suite parameters", suite.parameters), (f"suite entry {entry.id}", entry.parameters)):
            for name, value in values.items():
                if name in RUNNER_PARAMETERS:
                    raise ReportError(f"{suite.path}: {source}: {name} is set by the runner; remove it")
                if name not in declared:
                    if source == "suite parameters":
                        continue  # common parameters apply to the notebooks that declare them
                    raise ReportError(f"{suite.path}: {source}: {entry.notebook.name} declares no parameter "
                                      f"{name!r}; declared: {', '.join(sorted(declared))}")
                value = coerce_parameter(name, value, declared[name], source=f"{suite.path.name} {source}:")
                if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                    value = _abs(value, suite.path.parent)
                params[name] = value
        for name, value in overrides.items():
            if name not in declared:
                continue
            used.add(name)
            value = coerce_parameter(name, value, declared[name])
            if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                value = _abs(value, Path.cwd())
            params[name] = value
        timeout = cell_timeout or entry.cell_timeout or suite.cell_timeout or DEFAULT_CELL_TIMEOUT
        plans.append(PlannedNotebook(entry, declared, params, timeout))
    unused = [n for n in overrides if n not in used]
    if unused:
        name = unused[0]
        if name in ("timeout", "cell_timeout", "execution_timeout"):
            raise ParameterError(f"-p {name}: the cell timeout is not a notebook parameter; use --cell-timeout "
                                 "SECONDS (or cell_timeout: in the suite)")
        flag = {"corpus_path": "--corpus", "lexicon_path": "--lexicon"}.get(name, f"-p {name}")
        raise ParameterError(f"{flag}: no notebook in this run declares a parameter {name!r}; declared: "
                             f"{', '.join(sorted(set().union(*(p.declared for p in plans))))}")
    return plans


def _default_json(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return str(value)


def make_run_id(suite: Suite, plans: Sequence[PlannedNotebook], now: _dt.datetime | None = None) -> str:
    """``YYYYMMDDTHHMMSSZ-<8 hex>``: the UTC start time and a hash of the suite and parameters."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    blob = json.dumps({"suite": suite.name, "notebooks": [[p.entry.id, p.parameters] for p in plans]},
                      sort_keys=True, default=_default_json)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


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
        files = sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in
                                                                         f.relative_to(p).parts))
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

    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_commit(cwd: Path = PROJECT_DIR) -> dict[str, Any]:
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                                capture_output=True, text=True, timeout=10).stdout
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
        spec.joinpath("kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (framing report)", "language": "python",
            "metadata": {"debugger": False},
        }), encoding="utf-8")
        old = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = folder + (os.pathsep + old if old else "")
        try:
            yield CURRENT_KERNEL
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

#: Tags kept in HTML outputs (pandas tables, IPython.display.HTML); everything else is stripped.
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "style", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
_SAFE_PROTOCOLS = frozenset({"http", "https", "mailto", "data"})
_ACTIVE_SVG = re.compile(r"<\s*script|\bon\w+\s*=|javascript:|<\s*foreignObject", re.I)


def _safe_attribute(tag: str, name: str, value: str) -> bool:
    name = name.lower()
    return not name.startswith("on") and name not in ("style", "srcdoc", "formaction")


def clean_html(html_text: str) -> str:
    """Strip scripts, event handlers (``onerror=``), ``javascript:`` links, iframes and forms from HTML.

    Uses bleach with an allow-list (:data:`SAFE_TAGS`; links and images may use http, https,
    mailto or data URLs). Text stays text: ``&lt;script&gt;`` is shown, never run.

    Examples
    --------
    >>> clean_html('<b>ok</b><img src=x onerror="alert(1)"><script>alert(2)</script>')
    '<b>ok</b><img src="x">alert(2)'
    """
    import bleach

    return bleach.clean(html_text, tags=SAFE_TAGS, attributes=_safe_attribute, protocols=_SAFE_PROTOCOLS,
                        strip=True, strip_comments=True)


def sanitize_notebook(nb):
    """Make a notebook's outputs safe to publish as HTML; returns the same notebook, modified.

    - ``text/html`` outputs go through :func:`clean_html`;
    - ``text/markdown`` outputs are shown as text (markdown would let raw HTML through);
    - ``application/javascript`` (and other script) outputs are dropped;
    - ``image/svg+xml`` outputs with scripts, event handlers or ``foreignObject`` are dropped.

    Markdown *cells* are the notebook author's own text and are kept as written. Article text reaches
    a report only through outputs, so a document containing ``<script>`` runs nothing.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            for mime in list(data):
                value = data[mime]
                text = "".join(value) if isinstance(value, list) else value
                if mime == "text/html":
                    data[mime] = clean_html(text)
                elif mime == "text/markdown":
                    data.pop(mime)
                    data.setdefault("text/plain", text)
                elif "javascript" in mime or mime in ("application/vnd.jupyter.widget-view+json",):
                    data.pop(mime)
                elif mime == "image/svg+xml" and _ACTIVE_SVG.search(text):
                    data.pop(mime)
            if not data:
                data["text/plain"] = "(output removed: it could run code in the report)"
    return nb


def export_html(notebook_path: Path, out_path: Path, hide_code: bool) -> Path:
    """Write the executed notebook as standalone HTML (lab look, no CDN scripts, outputs sanitized).

    ``hide_code=True`` leaves out code cells' input and prompts (the reader's version). Outputs are
    cleaned by :func:`sanitize_notebook` first.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = sanitize_notebook(nbformat.read(notebook_path, as_version=4))
    exporter = HTMLExporter(template_name="lab", template_file=str(TEMPLATES_DIR / "framing.html.j2"))
    exporter.embed_images = True
    if hide_code:
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook_path.stem}})
    _write_text(out_path, body)
    return out_path


def _write(path: Path, write) -> Path:
    """:func:`framing.files.atomic_write` (complete or absent; OS failures as one
    :class:`~framing.errors.OutputError` line naming ``--reports-dir``)."""
    return files.atomic_write(path, write, flag="--reports-dir")


def _write_text(path: Path, text: str) -> Path:
    return _write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if missing) for the ``with`` block."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"--reports-dir: cannot create the lock file {lock_path}: {os_problem(exc)}") from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # a file system without locks (some network mounts): renames stay atomic
                pass
        yield
    finally:
        os.close(fd)  # releases the lock


def landing_page(info: dict[str, Any], folder: Path) -> str:
    """The run's ``index.html``: what was run, on which corpus and lexicon, each notebook's pages,
    every figure (with its PNG, SVG and PDF) and every table (with its files), all escaped and linked
    relative to the run folder."""
    esc = html.escape
    corpus, lexicon = info.get("corpus") or {}, info.get("lexicon") or {}

    def fp(d: dict) -> str:
        return (f"<code>{esc(str(d.get('path') or '—'))}</code> (sha256 <code>{esc(str(d.get('sha256') or '')[:12])}</code>)"
                if d else "—")

    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(info.get('suite', ''))} {esc(info.get('run_id', ''))}</title>",
           "<style>body{font-family:sans-serif;margin:2em;max-width:72em}img{max-width:100%;border:1px solid #ddd}"
           "figure{margin:1.5em 0}td,th{padding:.2em .6em;text-align:left}code{font-size:90%}</style>",
           "</head>", "<body>",
           f"<h1>Run {esc(info.get('run_id', ''))} of suite {esc(info.get('suite', ''))}</h1>",
           "<table>",
           f"<tr><th>started (UTC)</th><td>{esc(str(info.get('started_utc', '')))}</td></tr>",
           f"<tr><th>corpus</th><td>{fp(corpus)}</td></tr>",
           f"<tr><th>lexicon</th><td>{fp(lexicon)}</td></tr>",
           f"<tr><th>framing</th><td>{esc(str((info.get('packages') or {}).get('framing', '')))}</td></tr>",
           "</table>", "<h2>Notebooks</h2>", "<ul>"]
    for rec in info.get("notebooks", []):
        links = [f'<a href="{esc(str(rec[k]), quote=True)}">{label}</a>' for k, label in
                 (("html", "report"), ("html_full", "with code"), ("notebook_output", "notebook")) if rec.get(k)]
        out.append(f"<li>{esc(str(rec.get('id', '')))}: {' · '.join(links)}</li>")
    out.append("</ul>")
    figures: dict[str, list[str]] = {}
    for p in sorted((folder / "figures").glob("*")) if (folder / "figures").is_dir() else []:
        figures.setdefault(p.stem, []).append(p.name)
    if figures:
        out.append("<h2>Figures</h2>")
        for stem, names in figures.items():
            png = next((n for n in names if n.endswith(".png")), None)
            links = " · ".join(f'<a href="figures/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>'
                               for n in names)
            img = f'<img src="figures/{esc(png, quote=True)}" alt="{esc(stem, quote=True)}">' if png else ""
            out.append(f"<figure>{img}<figcaption>{esc(stem)}: {links}</figcaption></figure>")
    tables: dict[str, list[str]] = {}
    for p in sorted((folder / "tables").glob("*")) if (folder / "tables").is_dir() else []:
        tables.setdefault(p.stem, []).append(p.name)
    if tables:
        out.append("<h2>Tables</h2>")
        out.append("<ul>")
        for stem, names in tables.items():
            links = " · ".join(f'<a href="tables/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>'
                               for n in names)
            out.append(f"<li>{esc(stem)}: {links}</li>")
        out.append("</ul>")
    out += ['<p><a href="run.json">run.json</a>: parameters, fingerprints, versions and timings.</p>', "</body>",
            "</html>", ""]
    return "\n".join(out)


def write_index(reports_dir: Path) -> Path:
    """(Re)write ``reports/index.html``: every run of every suite, newest first, escaped.

    Writers hold an exclusive lock on ``reports/.index.lock`` while they list the runs and write, and
    the page is written to a temporary file renamed into place: a reader sees the previous page or the
    new one, never an empty or partial one, and the last writer's page lists every run published
    before it. An operating-system failure is an :class:`~framing.errors.OutputError`.
    """
    reports_dir = Path(reports_dir)
    index = reports_dir / "index.html"
    with _locked(reports_dir / ".index.lock"):
        for stale in reports_dir.glob(".index.html.*.tmp"):  # left by a writer that was killed
            try:
                stale.unlink()
            except OSError:
                pass
        try:
            page = _index_page(reports_dir)
        except OSError as exc:
            raise OutputError(f"--reports-dir {reports_dir}: cannot list the runs: {os_problem(exc)}") from None
        _write_text(index, page)
    return index


def _index_rows(reports_dir: Path) -> list[tuple[str, Path, dict, bool]]:
    rows = []
    for suite_dir in sorted(p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        latest = None
        try:
            latest = (suite_dir / "latest.txt").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            pass
        try:
            runs = sorted((p for p in suite_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
                           and not p.is_symlink()), key=lambda p: p.name, reverse=True)
        except OSError:  # removed or renamed while we looked
            continue
        for run_dir in runs:
            try:
                info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):  # no run.json (yet), or a run moved meanwhile
                continue
            if isinstance(info, dict):
                rows.append((suite_dir.name, run_dir, info, run_dir.name == latest))
    return rows


def _index_page(reports_dir: Path) -> str:
    rows = _index_rows(reports_dir)
    esc = html.escape
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             "<title>framing reports</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
             ".failed{color:#D55E00}.latest{font-weight:bold}</style>",
             "</head>", "<body>", "<h1>framing reports</h1>"]
    if not rows:
        lines.append("<p>No runs yet: run <code>framing report</code>.</p>")
    else:
        lines.append("<table><thead><tr><th>suite</th><th>run</th><th>status</th><th>started (UTC)</th>"
                     "<th>notebooks</th><th>corpus sha256</th><th>git</th></tr></thead><tbody>")
        for suite, run_dir, info, is_latest in rows:
            rel = run_dir.relative_to(reports_dir).as_posix()
            status = str(info.get("status", "?"))
            notebooks = [n for n in info.get("notebooks") or [] if isinstance(n, dict)]
            links = []
            for nbinfo in notebooks:
                nid = str(nbinfo.get("id", ""))
                target = nbinfo.get("html") or nbinfo.get("notebook_output")
                if target:
                    link = f'<a href="{esc(rel + "/" + str(target), quote=True)}">{esc(nid)}</a>'
                    if nbinfo.get("html_full"):
                        link += f' (<a href="{esc(rel + "/" + str(nbinfo["html_full"]), quote=True)}">code</a>)'
                    links.append(link)
                else:
                    links.append(esc(nid))
            if status == "failed":
                links.append(f'<a href="{esc(rel + "/FAILED.md", quote=True)}">FAILED.md</a>')
                for nbinfo in notebooks:
                    if nbinfo.get("error") and nbinfo.get("html_full"):
                        links.append(f'<a href="{esc(rel + "/" + str(nbinfo["html_full"]), quote=True)}">traceback</a>')
            corpus = str((info.get("corpus") or {}).get("sha256") or "")
            commit = str((info.get("git") or {}).get("commit") or "")
            landing = f"{rel}/index.html" if (run_dir / "index.html").is_file() else f"{rel}/"
            cls = ' class="failed"' if status == "failed" else (' class="latest"' if is_latest else "")
            lines.append(
                f"<tr{cls}><td>{esc(suite)}</td><td><a href=\"{esc(landing, quote=True)}\">{esc(run_dir.name)}</a>"
                f"{' (latest)' if is_latest else ''}</td>"
                f"<td>{esc(status)}</td><td>{esc(str(info.get('started_utc', '')))}</td>"
                f"<td>{' · '.join(links)}</td><td><code>{esc(corpus[:12])}</code></td>"
                f"<td><code>{esc(commit[:10])}</code></td></tr>")
        lines.append("</tbody></table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------

def _one_line(text: Any, limit: int = 300) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        started = [i for i, c in enumerate(nb.cells)
                   if c.cell_type == "code" and c.get("metadata", {}).get("papermill", {}).get("start_time")]
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

#: A build folder without an owner record (from an older framing) counts as abandoned after this long.
ABANDONED_AFTER = 600.0


def _process_start(pid: int) -> str | None:
    """Start time of process ``pid`` (clock ticks since boot, from ``/proc/<pid>/stat``): with the pid
    it names one process, even after the pid is reused. ``""`` for a zombie, ``None`` if there is no
    such process (or no ``/proc``)."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
        fields = data[data.rindex(b")") + 2:].split()
    except (OSError, ValueError):
        return None
    if not fields or len(fields) < 20:
        return None
    return "" if fields[0] == b"Z" else fields[19].decode("ascii", "replace")


def _owner_record() -> dict[str, Any]:
    pid = os.getpid()
    return {"pid": pid, "start": _process_start(pid), "host": socket.gethostname(),
            "token": secrets.token_hex(8), "started_utc": _utc_now()}


def _read_owner(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _owner_alive(owner: dict[str, Any]) -> bool:
    """Is the process that recorded ``owner`` still running? A build from another machine counts as
    alive (it cannot be checked from here)."""
    pid = owner.get("pid")
    if isinstance(pid, bool) or not isinstance(pid, int) or pid <= 0:
        return False
    if owner.get("host") != socket.gethostname():
        return True
    if Path("/proc/self/stat").exists():
        now = _process_start(pid)
        return bool(now) and owner.get("start") in (None, now)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _discard(folder: Path) -> None:
    """Remove a folder by first renaming it to ``.dead-<random>`` (atomic, so no one else builds on it)."""
    doomed = folder.with_name(f".dead-{secrets.token_hex(6)}")
    os.rename(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def _remove_abandoned(suite_dir: Path, stream) -> None:
    """Remove build folders whose owner is gone (killed, machine restarted); called under the suite lock."""
    for folder in sorted(suite_dir.iterdir()):
        name = folder.name
        note = None
        try:
            if name.startswith((".new-", ".dead-")):
                pass  # made and renamed under this lock, so any one seen here was left by a killed process
            elif name.startswith(".tmp-"):
                owner = _read_owner(folder)
                if owner is None:
                    if time.time() - folder.lstat().st_mtime < ABANDONED_AFTER:
                        continue
                    note = "it records no owner"
                elif _owner_alive(owner):
                    continue
                else:
                    note = (f"process {owner.get('pid')}, which started it at {owner.get('started_utc', '?')}, "
                            "has ended")
            else:
                continue
            _discard(folder)
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
                owner = _read_owner(tmp) or {}
                raise ReportError(f"{tmp}: a run with this id is being built by process {owner.get('pid', '?')} "
                                  f"(started {owner.get('started_utc', '?')}); wait for it, or choose another "
                                  "--run-id")
            if (suite_dir / run_id).exists():
                raise ReportError(f"{suite_dir / run_id}: a run with this id exists; choose another --run-id "
                                  "or delete it")
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=suite_dir))
            os.chmod(staging, 0o777 & ~files.umask())  # mkdtemp makes it private; a run folder is not
            _write_text(staging / OWNER_FILE, json.dumps(_owner_record()) + "\n")
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
                raise OutputError(f"--reports-dir {reports_dir}: is inside the input folder {source} ({name}); "
                                  "write reports elsewhere")
    return root


def _check_run_id(run_id: str) -> None:
    if not _RUN_ID.match(run_id) or run_id.startswith(("failed-", "latest")):
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
            record: dict[str, Any] = {"id": entry.id, "notebook": entry.notebook.name,
                                      "notebook_path": str(entry.notebook),
                                      "parameters": {**plan.declared, **params}, "injected": params,
                                      "notebook_output": out_nb.name, "cell_timeout": plan.cell_timeout}
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
                    pm.execute_notebook(str(entry.notebook), str(out_nb), parameters=params, kernel_name=kernel,
                                        cwd=str(self.suite.notebooks_dir), progress_bar=False, log_output=False,
                                        request_save_on_cell_execute=True, execution_timeout=plan.cell_timeout)
            except PapermillExecutionError as exc:
                source = next((ln for ln in str(exc.source).splitlines() if ln.strip()), "") if exc.source else ""
                record["error"] = {"cell_index": exc.cell_index, "execution_count": exc.exec_count,
                                   "ename": exc.ename, "evalue": _one_line(exc.evalue, 2000), "source_line": source}
                where = f"cell In [{exc.exec_count}]" if exc.exec_count else f"cell {exc.cell_index}"
                hint = ("; the disk is full: free space or choose another --reports-dir"
                        if _ERRNO_28.search(str(exc.evalue)) else "")
                failure = ReportError(f"notebook {name} failed at {where} ({_one_line(source, 80)!s}): "
                                      f"{exc.ename}: {_one_line(exc.evalue, 200)}{hint}")
            except CellTimeoutError as exc:  # before OSError: it is a TimeoutError
                index, line = _running_cell(out_nb, exc)
                cell = f"cell {index}" if index is not None else "a cell"
                record["error"] = {"cell_index": index, "ename": "CellTimeoutError", "source_line": line,
                                   "evalue": f"stopped after {plan.cell_timeout} s (cell timeout)"}
                if index is not None:
                    self.stopped_cell = (index, "CellTimeoutError",
                                         f"the cell ran longer than the cell timeout of {plan.cell_timeout} s "
                                         "and was stopped")
                failure = ReportError(
                    f"notebook {name}: {cell} ({_one_line(line, 80)}) ran longer than the cell timeout of "
                    f"{plan.cell_timeout} s and was stopped; find what makes it slow (e.g. a lexicon regex that "
                    "backtracks) or raise the limit with --cell-timeout SECONDS or cell_timeout: in the suite")
            except DeadKernelError as exc:
                index, line = _running_cell(out_nb, exc)
                cell = f"cell {index}" if index is not None else "a cell"
                record["error"] = {"cell_index": index, "ename": "DeadKernelError", "source_line": line,
                                   "evalue": "the kernel died"}
                if index is not None:
                    self.stopped_cell = (index, "DeadKernelError", "the kernel died while running this cell")
                failure = ReportError(
                    f"notebook {name}: the kernel died while running {cell} ({_one_line(line, 80)}): it ran out "
                    "of memory or the code ended the process; run the notebook in JupyterLab to see where")
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
                        str(self.final), str(target))

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
                    raise ReportError(f"{rec['notebook_output']}: HTML export failed: {type(exc).__name__}: "
                                      f"{_one_line(exc, 200)}") from None
                rec["html_seconds"] = round(time.perf_counter() - t0, 2)
            self.info["status"] = "ok"
            self.info["finished_utc"] = _utc_now()
            _write_text(tmp / "index.html", landing_page(self.info, tmp))
            self.info["outputs"] = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*")
                                          if p.is_file() and p.name != OWNER_FILE) + ["run.json"]
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
                raise OutputError(f"the run is in {final}, but {self.suite_dir / 'latest.txt'} still names the "
                                  f"previous run: {_reason(exc)}") from None
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
            print(f"framing report: warning: {self.root / 'index.html'} was not updated ({_reason(exc)}); "
                  f"the run is published in {final}", file=self.stream, flush=True)
        return RunResult(self.run_id, final, "ok", self.info)

    # -- failing ---------------------------------------------------------------------------------

    def _failed_md(self, failure: FramingError) -> str:
        try:
            latest = (self.suite_dir / "latest.txt").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            latest = ""
        return (f"# Run {self.run_id} of suite {self.suite.name} failed\n\n{failure}\n\n"
                "The executed notebook shows the failing cell (papermill marks it in red at the top); "
                "run.json records what ran. The last good run is unchanged"
                f"{' (' + latest + ')' if latest else ''}.\n")

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
                _discard(failed_dir)  # an older failure with the same id
            os.rename(self.tmp, failed_dir)
        except OSError as exc:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return cls(f"{original}; the unfinished run could not be kept as {failed_dir} ({os_problem(exc)}) and "
                       "was removed; the last good run is unchanged")
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
        where = f"the failed notebook is in {nb_file}" if nb_file is not None and nb_file.exists() else \
            f"the failed run is in {failed_dir}"
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
    started = _dt.datetime.now(_dt.timezone.utc)
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
            raise build.fail(ReportError(f"the run stopped on an unexpected {type(exc).__name__}: "
                                         f"{_one_line(exc, 200)}")) from exc
        raise ReportError(f"the run stopped on an unexpected {type(exc).__name__}: {_one_line(exc, 200)}") from exc


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def _describe(value: Any) -> str:
    return json.dumps(value, default=_default_json, ensure_ascii=False)


def dry_run(suite: Suite, entries: Sequence[SuiteEntry], overrides: dict[str, str], corpus: str | None,
            lexicon: str | None, reports_dir: str, run_id: str | None, out=None,
            cell_timeout: int | None = None) -> int:
    """Print what would run: the real paths of the notebooks and of the run folder, each notebook's
    parameters and cell timeout; check all of it as a run would (reports folder included); run nothing."""
    out = out or sys.stdout
    missing = [e for e in entries if not e.notebook.exists()]
    print(f"suite {suite.name} ({suite.path})", file=out)
    print(f"notebooks from {suite.notebooks_dir} (also their working folder)", file=out)
    if missing:
        for e in entries:
            print(f"  {e.id}: {e.notebook}{'  MISSING' if not e.notebook.exists() else ''}", file=out)
        raise ReportError(f"{missing[0].notebook}: notebook listed in suite {suite.name!r} does not exist")
    plans = plan_run(suite, entries, overrides, corpus, lexicon, cell_timeout)
    rid = run_id or make_run_id(suite, plans)
    _check_run_id(rid)
    root = _reports_root(reports_dir, suite, plans)
    print(f"reports folder {root}", file=out)
    print(f"would write {root / suite.name / rid}/", file=out)
    for i, plan in enumerate(plans, 1):
        print(f"[{i}/{len(plans)}] {plan.entry.id}  {plan.entry.notebook}  (cell timeout {plan.cell_timeout} s)",
              file=out)
        for name in sorted(plan.declared):
            if name in RUNNER_PARAMETERS:
                continue
            mark = "=" if name in plan.parameters else ":"
            value = plan.effective(name)
            real = ""
            if name in ("corpus_path", "lexicon_path") and isinstance(value, str) and value:
                resolved = Path(_abs(value, suite.notebooks_dir)).resolve()
                real = f"  ({resolved})" if str(resolved) != value else ""
            print(f"    {name} {mark} {_describe(value)}{real}", file=out)
    print("(parameters marked '=' are injected; ':' are the notebook's defaults)", file=out)
    return 0


def _handle(args: argparse.Namespace) -> int:
    cell_timeout = _cell_timeout(args.cell_timeout, "--cell-timeout") if args.cell_timeout is not None else None
    suite = load_suite(args.suite or default_suite_path(), allow_outside=args.allow_outside)
    entries = select_entries(suite, args.only)
    overrides: dict[str, str] = {}
    for name, value in args.param or []:
        if name in overrides:
            raise ParameterError(f"-p {name}: given twice")
        overrides[name] = value
    if args.dry_run:
        return dry_run(suite, entries, overrides, args.corpus, args.lexicon, args.reports_dir, args.run_id,
                       cell_timeout=cell_timeout)
    result = run_suite(suite, entries, overrides, args.corpus, args.lexicon, args.reports_dir, args.run_id,
                       progress=not args.quiet, cell_timeout=cell_timeout)
    print(f"framing report: wrote {result.run_dir}")
    print(f"landing page: {result.run_dir / 'index.html'}")
    return 0


def register(subparsers) -> None:
    """Add ``framing report`` to the command line."""
    p = subparsers.add_parser(
        "report",
        help="run a suite of notebooks (papermill) into reports/<suite>/<run-id>/",
        description="Run the notebooks a suite lists with their parameters (papermill, kernel 'framing') and "
        "publish reports/<suite>/<run-id>/ atomically: executed notebooks, HTML (code hidden and full), "
        "figures/ (PNG, SVG, PDF), tables/ (CSV, LaTeX) and run.json. A failing notebook keeps the last good "
        "run, saves reports/<suite>/failed-<run-id>/ and exits non-zero naming the failing cell.",
    )
    p.add_argument("--suite", metavar="FILE.yaml", help="suite file (default: suites/default.yaml)")
    p.add_argument("--corpus", metavar="PATH", help="run on this corpus (file or folder of sources)")
    p.add_argument("--lexicon", metavar="PATH", help="run with this lexicon YAML")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter declared in the notebooks' parameters cell (repeatable)")
    p.add_argument("--run-id", metavar="ID", help="name of the run folder (default: UTC time + parameter hash)")
    p.add_argument("--reports-dir", metavar="DIR", default="reports", help="where runs go (default: reports)")
    p.add_argument("--only", action="append", metavar="NOTEBOOK",
                   help="run only this notebook of the suite (id, file name or number like 01; repeatable)")
    p.add_argument("--cell-timeout", metavar="SECONDS",
                   help="stop a cell that runs longer than this and fail the run (default: the suite's "
                   f"cell_timeout, else {DEFAULT_CELL_TIMEOUT})")
    p.add_argument("--allow-outside", action="store_true",
                   help="run notebooks from outside the project's notebooks/ folder (a suite's notebooks_dir "
                   "elsewhere, or ../ in a notebook name)")
    p.add_argument("--dry-run", action="store_true",
                   help="list what would run (real paths, parameters, cell timeouts) and check it; run nothing")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_handle)
