"""Suite files: which notebooks a run holds, with which parameters and limits, read within bounds."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import bundled
from ..errors import ParameterError, ReportError
from ..files import os_problem

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: A run id or suite name: letters, digits, ".", "_" or "-", at most 100.
RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SUITE_NAME = RUN_ID
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


def _line(event: yaml.Event) -> int | str:
    """The 1-based line where a YAML event starts (the parser always records it; "?" if not)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else "?"


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
        raise ReportError(
            f"{path}: larger than {MAX_SUITE_BYTES >> 10} KiB; a suite lists notebooks and parameters, not data"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReportError(
            f"{path}: line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the suite as UTF-8"
        ) from None
    try:
        aliases = depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_SUITE_DEPTH:
                    raise ReportError(
                        f"{path}: line {_line(event)}: nested more than "
                        f"{MAX_SUITE_DEPTH} levels deep; a suite is a short list of notebooks"
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_SUITE_ALIASES:
                    raise ReportError(
                        f"{path}: line {_line(event)}: more than {MAX_SUITE_ALIASES} "
                        "YAML aliases (*name); write the values out"
                    )
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
            raise ReportError(
                f"{path}: line {node.start_mark.line + 1}: a YAML alias refers to the value that "
                "contains it; write the values out"
            )
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
        raise ParameterError(f"{where} {value!r}: give whole seconds from 1 to {MAX_CELL_TIMEOUT} (a week), e.g. 1800")
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
        raise ReportError(
            f"{path}: notebooks_dir {nb_dir_text!r} is {nb_dir}, outside the project's notebooks "
            f"folder {project_notebooks} (../notebooks beside the suite's folder); remove "
            "notebooks_dir or point it there, or pass --allow-outside to run notebooks from elsewhere"
        )
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
            raise ReportError(
                f"{path}: notebooks item {i}: unknown key(s) {', '.join(extra)}{hint}; allowed: {', '.join(ENTRY_KEYS)}"
            )
        nb_name = _path_text(item["notebook"], f"{path}: notebooks item {i}: 'notebook'")
        if not nb_name.endswith(".ipynb"):
            nb_name += ".ipynb"
        nb_path = (nb_dir / nb_name).resolve()
        if not allow_outside and not nb_path.is_relative_to(nb_dir):
            raise ReportError(
                f"{path}: notebooks item {i}: {nb_name!r} is {nb_path}, outside the notebooks folder "
                f"{nb_dir}; name a notebook inside it, or pass --allow-outside to run notebooks "
                "from elsewhere"
            )
        entry_id = str(item.get("id") or nb_path.stem)
        if not RUN_ID.match(entry_id):
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
    return Suite(name, path.resolve(), nb_dir, dict(common), entries, str(data.get("description") or ""), suite_timeout)


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
    missing = [
        o
        for o in only
        if not any(o in {e.id, e.notebook.name, e.notebook.stem, e.id.split("_", 1)[0]} for e in suite.entries)
    ]
    if missing:
        raise ParameterError(
            f"--only {missing[0]}: no such notebook in suite {suite.name!r}; "
            f"choose from {', '.join(e.id for e in suite.entries)}"
        )
    return chosen
