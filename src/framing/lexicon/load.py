"""Loading and validating a lexicon file: one-line errors that name the file, line and fix."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import LexiconError
from ..regex_safety import MAX_PATTERN_LENGTH
from .constants import (
    _CONCEPT_OPTIONAL,
    _CONCEPT_REQUIRED,
    _ID,
    _TOP_OPTIONAL,
    _TOP_REQUIRED,
    _VARIANT_OPTIONAL,
    _VARIANT_REQUIRED,
    CONFIDENCES,
    CONTEXT_STANCE,
    DEFAULT_LANG,
    DEFAULT_LEXICON,
    DEFAULT_WINDOW,
    KINDS,
    MAX_LEXICON_BYTES,
    MAX_WINDOW,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    SIGNALS,
)
from .fields import (  # noqa: F401 (re-exported: the field checks lived here)
    _as_date,
    _build_cues,
    _check_backtracking,
    _compile_regex,
    _expand_lemmas,
    _lang_code,
    _regex_risk,
    _str_list,
)
from .model import Concept, ContextRule, Lexicon, ProperNames, Sides, StancePeriod, Variant
from .scan import expand_pattern
from .sides import DEFAULT_SIDES, _build_sides, _stance_choices, _union
from .yaml_lines import _check_fields, _err, _Loader

# ------------------------------------------------------------------------------------------------
# Loading and validation
# ------------------------------------------------------------------------------------------------


def _bundled_names() -> list[str]:
    from ..bundled import lexicon_names

    return lexicon_names()


def _lexicon_file(path: str | os.PathLike | None) -> Path:
    """The file a ``--lexicon`` value names: none or empty is the bundled default; a bare name
    (``us_immigration``) that is not a file here is a bundled lexicon."""
    if not path:
        return DEFAULT_LEXICON
    p = Path(path)
    if not p.exists() and p.suffix == "" and len(p.parts) == 1 and p.name in _bundled_names():
        from ..bundled import lexicon_path

        return lexicon_path(p.name)
    return p


def load_lexicon(path: str | os.PathLike | None = None) -> Lexicon:
    """Load and validate a lexicon YAML file (``None`` or ``""``: the bundled Russia–Ukraine lexicon;
    a bare name such as ``"us_immigration"``: that bundled lexicon).

    Raises
    ------
    LexiconError
        With the file, line, entry and problem, e.g.
        ``lex.yaml: line 12: variant 'kiev': unknown stance 'kremln'; use one of kremlin, ...``.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.name, len(lex.concepts) >= 17
    ('russia_ukraine', True)
    """
    path = _lexicon_file(path)
    if not path.exists():
        raise LexiconError(
            f"{path}: no such lexicon file; pass --lexicon PATH (or the name of a bundled lexicon: "
            f"{', '.join(_bundled_names())}), or omit it for the bundled one"
        )
    if path.is_dir():
        raise LexiconError(f"{path}: is a folder; name the lexicon's YAML file")
    if not path.is_file():
        raise LexiconError(f"{path}: is not a regular file (a pipe or a device); save the lexicon to a file")
    try:
        size = path.stat().st_size
        if size > MAX_LEXICON_BYTES:
            raise LexiconError(
                f"{path}: {size:,} bytes: larger than any lexicon ({MAX_LEXICON_BYTES:,} bytes at most); "
                "is it the right file?"
            )
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LexiconError(
            f"{path}: line {line}: not UTF-8 text (byte {exc.start}); save the lexicon as UTF-8"
        ) from None
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc.strerror}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LexiconError(f"{path}: line {line}: a NUL byte: this is binary data, not a YAML lexicon")
    lex = parse_lexicon(text, source=str(path))
    lex.sha256 = hashlib.sha256(raw).hexdigest()
    return lex


def parse_lexicon(text: str, source: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML given as a string (see :func:`load_lexicon`).

    Examples
    --------
    >>> lex = parse_lexicon('''
    ... name: mini
    ... version: "0.1"
    ... last_reviewed: 2026-01-01
    ... concepts:
    ...   - id: capital
    ...     label: Capital
    ...     variants:
    ...       - {id: kyiv, label: Kyiv, stance: ukraine_west, patterns: [Kyiv], confidence: judgment}
    ... ''')
    >>> [v.id for v in lex.variants]
    ['kyiv']
    """
    try:
        _check_events(text, source)  # before anything is built: no alias can expand
        loader = _Loader(text)
        loader.name = source
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise LexiconError(f"{source}: {where}YAML syntax error: {exc.problem or exc.context}; fix the YAML") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: YAML error: {exc}") from None
    return _build(data, source)


def _check_events(text: str, source: str) -> None:
    """Refuse YAML aliases, deep nesting and huge documents before any node is built.

    A lexicon has no use for anchors and aliases (``&a`` / ``*a``), and nine nested aliases of
    nine items each ("billion laughs") expand to a billion strings: 30 s and gigabytes before
    failing. The event stream of the (C) parser shows an alias as it comes, with its line, so it
    is refused before the composer links it and anything expands it. Nesting is capped (the
    builder recurses once per level) and so is the number of nodes.
    """
    depth = 0
    nodes = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise LexiconError(
                f"{source}: line {_line(event)}: YAML alias *{event.anchor}: aliases (and the "
                "anchors they repeat) are not allowed in a lexicon; write the value out"
            )
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise LexiconError(
                    f"{source}: line {_line(event)}: YAML nested more than "
                    f"{MAX_YAML_DEPTH} levels deep; a lexicon needs a handful"
                )
        elif isinstance(event, ends):
            depth -= 1
        else:
            continue
        nodes += 1
        if nodes > MAX_YAML_NODES:
            raise LexiconError(
                f"{source}: line {_line(event)}: more than {MAX_YAML_NODES:,} YAML "
                "mappings and lists; split the lexicon"
            )


def _line(event: yaml.Event) -> int:
    """The (1-based) line a YAML event starts on; 0 when unknown."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _build(data: Any, source: str) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError(
            f"{source}: the lexicon must be a YAML mapping with name, version, last_reviewed and concepts"
        )
    _check_fields(data, _TOP_REQUIRED, _TOP_OPTIONAL, source, "top level", 1)
    sources_raw = data.get("sources") or {}
    if not isinstance(sources_raw, dict):
        raise _err(source, getattr(sources_raw, "line", 0), "sources", "must be a mapping of id -> {citation, url}")
    sources: dict[str, dict[str, str]] = {}
    for sid, s in sources_raw.items():
        if isinstance(s, str):
            sources[str(sid)] = {"citation": s, "url": ""}
        elif isinstance(s, dict) and s.get("citation"):
            sources[str(sid)] = {"citation": str(s["citation"]), "url": str(s.get("url") or "")}
        else:
            raise _err(
                source,
                getattr(s, "line", getattr(sources_raw, "line", 0)),
                f"source {sid!r}",
                "needs a 'citation' (and a 'url')",
            )
    defaults = data.get("defaults") or {}
    default_window = defaults.get("window", DEFAULT_WINDOW) if isinstance(defaults, dict) else DEFAULT_WINDOW
    if not isinstance(default_window, int) or isinstance(default_window, bool) or not 0 <= default_window <= MAX_WINDOW:
        raise _err(
            source,
            getattr(defaults, "line", 0),
            "defaults",
            f"window must be a non-negative integer of at most {MAX_WINDOW} (characters), got {default_window!r}",
        )
    sides = _build_sides(data["sides"], source) if "sides" in data else DEFAULT_SIDES
    concepts_raw = data["concepts"]
    if not isinstance(concepts_raw, list) or not concepts_raw:
        raise _err(source, getattr(concepts_raw, "line", 0), "concepts", "must be a non-empty list of concepts")

    concept_ids: dict[str, int] = {}
    variant_ids: dict[str, int] = {}
    concepts = []
    for ci, c in enumerate(concepts_raw):
        cline = getattr(c, "line", 0)
        centry = f"concepts[{ci}]" + (f" ({c.get('id')!r})" if isinstance(c, dict) and c.get("id") else "")
        _check_fields(c, _CONCEPT_REQUIRED, _CONCEPT_OPTIONAL, source, centry, cline)
        cid = str(c["id"])
        centry = f"concept {cid!r}"
        if not _ID.match(cid):
            raise _err(source, cline, centry, "id must be lower-case letters, digits and underscores")
        if cid in concept_ids:
            raise _err(source, cline, centry, f"duplicate concept id (first defined on line {concept_ids[cid]})")
        concept_ids[cid] = cline
        if not isinstance(c["variants"], list) or not c["variants"]:
            raise _err(source, cline, centry, "variants must be a non-empty list")
        variants = []
        for vi, v in enumerate(c["variants"]):
            vline = getattr(v, "line", cline)
            ventry = f"concept {cid!r} variants[{vi}]" + (
                f" ({v.get('id')!r})" if isinstance(v, dict) and v.get("id") else ""
            )
            _check_fields(v, _VARIANT_REQUIRED, _VARIANT_OPTIONAL, source, ventry, vline)
            variants.append(_build_variant(v, cid, source, vline, variant_ids, sources, default_window, sides))
        cues_by_lang = _build_cues(c.get("cues"), source, cline, centry)
        cues = tuple(dict.fromkeys(p for _lang, ps in cues_by_lang for p in ps))
        concepts.append(
            Concept(
                cid,
                str(c["label"]),
                str(c.get("description") or "").strip(),
                tuple(variants),
                str(c.get("section") or ""),
                cues,
                cues_by_lang,
            )
        )
    return Lexicon(
        name=str(data["name"]),
        version=str(data["version"]),
        last_reviewed=str(data["last_reviewed"]),
        description=str(data.get("description") or "").strip(),
        concepts=tuple(concepts),
        sources=sources,
        path=source,
        proper_names=_build_proper_names(data.get("proper_names"), source, sources),
        sides=sides,
    )


def _build_proper_names(block: Any, source: str, sources: dict) -> ProperNames | None:
    """The ``proper_names`` block: ``heads`` and ``before`` (lists of words), ``names`` (list of
    ``{pattern, reason}`` with an optional ``sources`` list), ``kinds`` (default spelling, style)."""
    if block is None:
        return None
    line = getattr(block, "line", 0)
    entry = "proper_names"
    if not isinstance(block, dict):
        raise _err(source, line, entry, "must be a mapping with heads, before and/or names")
    _check_fields(block, (), ("heads", "before", "names", "kinds", "note"), source, entry, line)

    def words(key: str) -> list[str]:
        out = [str(w).strip() for w in _str_list(block.get(key), source, line, entry, key)]
        for w in out:
            if not re.fullmatch(r"[\w'.&-]+(?: [\w'.&-]+)*", w):
                raise _err(source, line, entry, f"{key}: {w!r} must be a word or words (letters, digits, ' . & -)")
        return out

    heads, before = words("heads"), words("before")
    heads_rx = (
        re.compile(r"[^\S\n]+(?:" + "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) + r")(?!\w)")
        if heads
        else None
    )
    before_rx = (
        re.compile(r"(?<!\w)(?i:" + "|".join(map(re.escape, sorted(before, key=len, reverse=True))) + r")[^\S\n]+$")
        if before
        else None
    )
    names = []
    for k, item in enumerate(_str_list(block.get("names"), source, line, entry, "names")):
        iline = getattr(item, "line", line)
        if not isinstance(item, dict) or "pattern" not in item or "reason" not in item:
            raise _err(source, iline, entry, f"names[{k}] needs 'pattern' and 'reason' (why it is a name)")
        bad = sorted(set(item) - {"pattern", "reason", "sources"})
        if bad:
            raise _err(source, iline, entry, f"names[{k}]: unknown field {bad[0]!r}; use pattern, reason, sources")
        for sid in _str_list(item.get("sources"), source, iline, entry, "sources"):
            if sid not in sources:
                raise _err(source, iline, entry, f"names[{k}]: unknown source {sid!r}; add it under 'sources'")
        names.append(_compile_regex(item["pattern"], source, iline, entry, f"names[{k}].pattern"))
    kinds = tuple(str(x) for x in _str_list(block.get("kinds"), source, line, entry, "kinds")) or ("spelling", "style")
    bad_kind = [k for k in kinds if k not in KINDS]
    if bad_kind:
        raise _err(source, line, entry, f"kinds: unknown kind {bad_kind[0]!r}; use one of {', '.join(KINDS)}")
    return ProperNames(heads_rx, before_rx, tuple(names), kinds)


def _build_variant(
    v: dict,
    cid: str,
    source: str,
    line: int,
    seen: dict[str, int],
    sources: dict,
    default_window: int,
    sides: Sides | None = None,
) -> Variant:
    sides = sides or DEFAULT_SIDES
    stances = set(sides.ids)
    vid = str(v["id"])
    entry = f"variant {vid!r}"
    if not _ID.match(vid):
        raise _err(source, line, entry, "id must be lower-case letters, digits and underscores")
    if vid in seen:
        raise _err(
            source,
            line,
            entry,
            f"duplicate variant id (first defined on line {seen[vid]}); ids are unique across the lexicon",
        )
    seen[vid] = line
    case_sensitive = bool(v.get("case_sensitive", False))
    stance = str(v["stance"])
    has_context = bool(v.get("stance_context"))
    if stance not in stances and not (stance == CONTEXT_STANCE and has_context):
        raise _err(source, line, entry, f"unknown stance {stance!r}; use one of {_stance_choices(sides, context=True)}")
    confidence = str(v["confidence"])
    if confidence not in CONFIDENCES:
        raise _err(source, line, entry, f"unknown confidence {confidence!r}; use sourced or judgment")
    signal = str(v.get("signal", "moderate"))
    if signal not in SIGNALS:
        raise _err(source, line, entry, f"unknown signal {signal!r}; use one of {', '.join(SIGNALS)}")
    kind = str(v.get("kind", "frame"))
    if kind not in KINDS:
        raise _err(source, line, entry, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    lang = _lang_code(v["lang"], source, line, entry, "lang") if "lang" in v else DEFAULT_LANG
    patterns = _str_list(v.get("patterns"), source, line, entry, "patterns")
    lemmas = _str_list(v.get("lemmas"), source, line, entry, "lemmas")
    if not patterns and not lemmas:
        raise _err(
            source,
            line,
            entry,
            "missing required field 'patterns' (regexes); or give 'lemmas' (phrases in their "
            "dictionary form, with lang ru or uk)",
        )
    for p in patterns:
        _compile_regex(p, source, line, entry, "patterns", case_sensitive, bounded=False)
    if lemmas:
        expanded = _expand_lemmas(lemmas, lang, source, line, entry)
        for p in expanded:
            _compile_regex(p, source, line, entry, "lemmas", case_sensitive, bounded=False)
        patterns = [*patterns, *expanded]
    exclude = tuple(
        _compile_regex(p, source, line, entry, "exclude")
        for p in _str_list(v.get("exclude"), source, line, entry, "exclude")
    )
    exclude_ctx = tuple(
        _compile_regex(p, source, line, entry, "exclude_context")
        for p in _str_list(v.get("exclude_context"), source, line, entry, "exclude_context")
    )
    requires = tuple(
        _compile_regex(p, source, line, entry, "requires_context")
        for p in _str_list(v.get("requires_context"), source, line, entry, "requires_context")
    )
    src = tuple(str(s) for s in _str_list(v.get("sources"), source, line, entry, "sources"))
    for s in src:
        if s not in sources:
            raise _err(source, line, entry, f"unknown source {s!r}; add it under the top-level 'sources' mapping")
    if confidence == "sourced" and not src:
        raise _err(source, line, entry, "confidence 'sourced' needs at least one id in 'sources' (or use 'judgment')")
    window = v.get("window", default_window)
    if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= MAX_WINDOW:
        raise _err(
            source,
            line,
            entry,
            f"window must be a non-negative integer of at most {MAX_WINDOW} (characters), got {window!r}",
        )

    periods = []
    for k, p in enumerate(_str_list(v.get("stance_periods"), source, line, entry, "stance_periods")):
        pline = getattr(p, "line", line)
        if not isinstance(p, dict) or "stance" not in p:
            raise _err(source, pline, entry, f"stance_periods[{k}] needs a 'stance' and a 'from' and/or 'until' date")
        bad = sorted(set(p) - {"from", "until", "stance"})
        if bad:
            raise _err(source, pline, entry, f"stance_periods[{k}]: unknown field {bad[0]!r}; use from, until, stance")
        if p["stance"] not in stances:
            raise _err(
                source,
                pline,
                entry,
                f"stance_periods[{k}]: unknown stance {p['stance']!r}; use one of {_stance_choices(sides)}",
            )
        if "from" not in p and "until" not in p:
            raise _err(source, pline, entry, f"stance_periods[{k}] needs a 'from' and/or 'until' date")
        start = _as_date(p["from"], source, pline, entry, f"stance_periods[{k}].from") if "from" in p else None
        end = _as_date(p["until"], source, pline, entry, f"stance_periods[{k}].until") if "until" in p else None
        if start is not None and end is not None and start > end:
            raise _err(source, pline, entry, f"stance_periods[{k}]: from {start.date()} is after until {end.date()}")
        periods.append(StancePeriod(str(p["stance"]), start, end))
    lo = pd.Timestamp.min
    hi = pd.Timestamp.max
    for a in range(len(periods)):
        for b in range(a + 1, len(periods)):
            pa, pb = periods[a], periods[b]
            if (pa.start or lo) <= (pb.end or hi) and (pb.start or lo) <= (pa.end or hi):
                raise _err(source, line, entry, f"stance_periods[{a}] and [{b}] overlap; periods must not share a date")

    rules = []
    for k, r in enumerate(_str_list(v.get("stance_context"), source, line, entry, "stance_context")):
        rline = getattr(r, "line", line)
        if not isinstance(r, dict) or "pattern" not in r or "stance" not in r:
            raise _err(source, rline, entry, f"stance_context[{k}] needs 'pattern' and 'stance'")
        bad = sorted(set(r) - {"pattern", "stance", "where"})
        if bad:
            raise _err(
                source, rline, entry, f"stance_context[{k}]: unknown field {bad[0]!r}; use pattern, stance, where"
            )
        if r["stance"] not in stances:
            raise _err(
                source,
                rline,
                entry,
                f"stance_context[{k}]: unknown stance {r['stance']!r}; use one of {_stance_choices(sides)}",
            )
        where = str(r.get("where", "before"))
        if where not in ("before", "after", "around"):
            raise _err(
                source, rline, entry, f"stance_context[{k}]: where must be before, after or around, got {where!r}"
            )
        pat = str(r["pattern"])
        if len(pat) > MAX_PATTERN_LENGTH:
            raise _err(
                source,
                rline,
                entry,
                f"stance_context[{k}]: pattern is {len(pat)} characters long; "
                f"at most {MAX_PATTERN_LENGTH} are allowed: split it into several rules",
            )
        anchored = pat + r"\s*$" if where == "before" else (r"^\s*" + pat if where == "after" else pat)
        try:
            rx = re.compile(expand_pattern(anchored), re.IGNORECASE)
        except re.error as exc:
            raise _err(source, rline, entry, f"stance_context[{k}]: bad regex {pat!r}: {exc.msg}") from None
        except (RecursionError, OverflowError):
            raise _err(
                source, rline, entry, f"stance_context[{k}]: regex {pat!r} nests groups too deeply; flatten it"
            ) from None
        _check_backtracking(rx.pattern, re.IGNORECASE, pat, source, rline, entry, f"stance_context[{k}]")
        rules.append(ContextRule(rx, str(r["stance"]), where))

    surface = tuple(str(s) for s in _str_list(v.get("surface"), source, line, entry, "surface"))
    return Variant(
        id=vid,
        concept=cid,
        label=str(v["label"]),
        stance=stance,
        patterns=tuple(str(p) for p in patterns),
        confidence=confidence,
        signal=signal,
        kind=kind,
        sources=src,
        note=str(v.get("note") or "").strip(),
        case_sensitive=case_sensitive,
        window=window,
        exclude=exclude,
        exclude_context=exclude_ctx,
        requires_context=requires,
        stance_periods=tuple(periods),
        stance_context=tuple(rules),
        surface=surface,
        line=line,
        lang=lang,
        lemmas=tuple(str(x).strip() for x in lemmas),
        exclude_context_rx=_union(exclude_ctx),
        requires_context_rx=_union(requires),
    )
