"""Checking one field of a lexicon entry: dates, lists, language codes, cues, lemma phrases and
regexes (each regex refused with the reason when it is malformed, sets flags, uses groups or
backreferences, matches the empty string or can backtrack without bound). Each check raises a
:class:`~framing.errors.LexiconError` naming the file, line, entry and fix.

Examples
--------
>>> rx = _compile_regex("Kiev", "my.yaml", 3, "kiev", "patterns")
>>> rx.search("talks in Kiev today") is not None
True
>>> try:
...     _compile_regex("x?", "my.yaml", 3, "kiev", "patterns")
... except LexiconError as exc:
...     print(exc)
my.yaml: line 3: kiev: patterns: regex 'x?' matches the empty string; make it require text
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

import pandas as pd

try:  # Python 3.11+
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parser

from ..errors import LexiconError
from ..regex_safety import MAX_PATTERN_LENGTH, regex_risk
from .constants import DEFAULT_LANG
from .scan import _bounded, _compiled_source, _fallback_source
from .yaml_lines import _err


def _as_date(value: Any, source: str, line: int, entry: str, key: str) -> pd.Timestamp:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return pd.Timestamp(value)
    try:
        return pd.Timestamp(_dt.date.fromisoformat(str(value)))
    except ValueError:
        raise _err(source, line, entry, f"{key} {value!r} is not a date; write YYYY-MM-DD") from None


def _compile_regex(
    p: Any, source: str, line: int, entry: str, field_name: str, case_sensitive: bool = False, bounded: bool = True
):
    """Validate one regex of a lexicon entry; return it compiled with word-edge bounds, or
    (``bounded=False``, for ``patterns``) in the fallback form the matcher compiles anyway."""
    if not isinstance(p, str) or not p.strip():
        raise _err(source, line, entry, f"{field_name}: each pattern must be a non-empty string, got {p!r}")
    if len(p) > MAX_PATTERN_LENGTH:
        raise _err(
            source,
            line,
            entry,
            f"{field_name}: regex {p[:40]!r}... is {len(p)} characters long; "
            f"at most {MAX_PATTERN_LENGTH} are allowed: split it into several patterns",
        )
    if re.search(r"\(\?[a-zA-Z]*-[a-zA-Z]*i|\(\?[aiLmsux]+\)", p):
        raise _err(
            source,
            line,
            entry,
            f"{field_name}: regex {p!r} sets inline flags; use the variant's case_sensitive field instead",
        )
    try:
        _sre_parser.parse(p.replace("{-}", "-"))  # error positions refer to what the author wrote
        rx = _compiled_source(_bounded(p, case_sensitive) if bounded else _fallback_source(p, case_sensitive))
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise _err(source, line, entry, f"{field_name}: bad regex {p!r}: {exc.msg}{where}") from None
    except (RecursionError, OverflowError):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} nests groups too deeply; flatten it") from None
    _check_backtracking(rx.pattern, 0, p, source, line, entry, field_name)
    if rx.groupindex:
        raise _err(source, line, entry, f"{field_name}: regex {p!r} uses a named group; use (?:...) instead")
    if rx.match(""):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} matches the empty string; make it require text")
    if re.search(r"\\[1-9]", p):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} uses a backreference, which is not supported")
    return rx


def _check_backtracking(compiled: str, flags: int, p: str, source: str, line: int, entry: str, field_name: str) -> None:
    """Refuse a regex whose matching time can explode (:func:`framing.regex_safety.regex_risk`)."""
    why = _regex_risk(compiled, flags)
    if why:
        raise _err(source, line, entry, f"{field_name}: regex {p!r} is refused: {why}")


@lru_cache(maxsize=8192)
def _regex_risk(compiled: str, flags: int) -> str | None:
    return regex_risk(compiled, flags)


def _str_list(value: Any, source: str, line: int, entry: str, key: str) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise _err(source, line, entry, f"{key} must be a list, got {type(value).__name__}")
    return list(value)


def _lang_code(value: Any, source: str, line: int, entry: str, key: str) -> str:
    """A ``lang`` value checked: a two-letter ISO 639-1 code in lower case."""
    from ..language import ISO_639_1

    code = str(value).strip() if isinstance(value, str) else None
    if not code or code not in ISO_639_1:
        raise _err(
            source,
            line,
            entry,
            f"{key} {value!r} is not a two-letter ISO 639-1 language code in lower case; use e.g. en, ru or uk",
        )
    return code


def _build_cues(raw: Any, source: str, line: int, entry: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A concept's ``cues``: a list (English cues) or a mapping of language -> list."""
    if raw is None:
        return ()
    if isinstance(raw, dict):
        items = [
            (_lang_code(k, source, getattr(raw, "line", line), entry, "cues: language"), v) for k, v in raw.items()
        ]
    else:
        items = [(DEFAULT_LANG, raw)]
    out = []
    for lang, value in items:
        ps = tuple(
            str(p)
            for p in _str_list(value, source, line, entry, f"cues[{lang}]" if isinstance(raw, dict) else "cues")
            if _compile_regex(p, source, line, entry, "cues")
        )
        out.append((lang, ps))
    return tuple(sorted(out))


def _expand_lemmas(lemmas: list, lang: str, source: str, line: int, entry: str) -> list[str]:
    """Each lemma phrase of a variant as one regex of its inflected forms (:mod:`framing.inflect`)."""
    from ..inflect import LANGUAGES, lemma_pattern

    if lang not in LANGUAGES:
        raise _err(
            source,
            line,
            entry,
            f"lemmas need a language with a morphological dictionary: set lang to "
            f"{' or '.join(LANGUAGES)} (lang is {lang!r}), or write the forms as patterns",
        )
    out = []
    for k, phrase in enumerate(lemmas):
        if not isinstance(phrase, str) or not phrase.strip():
            raise _err(source, line, entry, f"lemmas[{k}]: each lemma must be a non-empty phrase, got {phrase!r}")
        try:
            out.append(lemma_pattern(phrase.strip(), lang))
        except LexiconError as exc:
            raise _err(source, line, entry, f"lemmas[{k}]: {exc}") from None
    return out
