"""YAML with line numbers: every mapping and list remembers the line it starts on, so an error names it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import LexiconError

# ------------------------------------------------------------------------------------------------
# YAML with line numbers
# ------------------------------------------------------------------------------------------------


class _LineDict(dict):
    line: int = 0


class _LineList(list):
    line: int = 0


if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:  # libyaml when available: 10x faster
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise LexiconError(
                f"{loader.name}: line {key_node.start_mark.line + 1}: duplicate key {key!r}; "
                "each key may appear once per entry"
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    out = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _err(source: str, line: int, entry: str, problem: str) -> LexiconError:
    loc = f"line {line}: " if line else ""
    return LexiconError(f"{source}: {loc}{entry}: {problem}")


def _check_fields(obj: Any, required: Iterable[str], optional: Iterable[str], source: str, entry: str, line: int):
    if not isinstance(obj, dict):
        raise _err(source, line, entry, f"expected a mapping of fields, got {type(obj).__name__}")
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in required:
        if key not in obj or obj[key] is None or obj[key] == "":
            raise _err(source, getattr(obj, "line", line), entry, f"missing required field {key!r}")
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        raise _err(
            source,
            getattr(obj, "line", line),
            entry,
            f"unknown field {unknown[0]!r}; allowed fields are {', '.join(sorted(allowed))}",
        )
