"""Notebook parameters: what a notebook's ``parameters`` cell declares, and values coerced to its types."""

from __future__ import annotations

import ast
import datetime as _dt
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import ParameterError, ReportError
from ..files import os_problem

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: The largest notebook file the runner reads.
MAX_NOTEBOOK_BYTES = 100 << 20

#: Parameters of the bundled notebooks that were renamed: old name -> new name. A run given the old
#: name (``-p`` or a suite) for a notebook that declares the new one stops with an error naming the
#: new name (:func:`renamed_parameter`), never runs without it.
RENAMED_PARAMETERS = {"ci": "confidence_level"}


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
                raise ReportError(
                    f"{path}: the parameters cell cannot be parsed; keep it to name = value lines"
                ) from None
            out: dict[str, Any] = {}
            for node in tree.body:
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                for t in targets:
                    if isinstance(t, ast.Name):
                        try:
                            out[t.id] = ast.literal_eval(value)
                        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                            out[t.id] = None
            return out
    raise ReportError(f"{path}: no code cell tagged 'parameters'; tag the cell that holds the parameters")


def renamed_parameter(name: str, declared: dict[str, Any]) -> str | None:
    """The new name of a renamed parameter ``name`` when the notebook declares that one and not
    ``name`` (:data:`RENAMED_PARAMETERS`), else None.

    Examples
    --------
    >>> renamed_parameter("ci", {"confidence_level": 0.95})
    'confidence_level'
    >>> renamed_parameter("ci", {"ci": 0.95}) is None
    True
    """
    new = RENAMED_PARAMETERS.get(name)
    return new if new is not None and new in declared and name not in declared else None


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
        raise ReportError(
            f"{path}: larger than {MAX_NOTEBOOK_BYTES >> 20} MiB; clear its outputs "
            "(jupyter nbconvert --clear-output) before running it"
        )
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
        raise ReportError(
            f"{path}: not a valid Jupyter notebook ({_one_line(first, 120)}); save it again from JupyterLab"
        ) from None
    return nb


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


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


def _one_line(text: Any, limit: int = 300) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
