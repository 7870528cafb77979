"""The scanning engine: patterns expanded to regular expressions, literal prefixes, a trie of them per
language, and the compiled patterns that :mod:`framing.match` runs over a text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

try:  # Python 3.11+
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants
    import sre_parse as _sre_parser

from .constants import _HYPHEN_THEN_SPACE, _OPT_HYPHEN, _SPACE, _SPACE_THEN_HYPHEN

if TYPE_CHECKING:
    from .model import Concept, StancePeriod, Variant


class Scanner:
    """Finds, in one pass, every word-edge position where some pattern's literal prefix occurs.

    All (lower-cased) prefixes go into one trie-shaped regex (``k(?:iev|yiv)`` rather than
    ``kiev|kyiv``), which the regex engine scans fast; each candidate position then maps to the
    few patterns whose prefix is there. Patterns without a usable prefix are listed in
    ``unanchored`` and scanned in full.
    """

    def __init__(self, patterns: list[CompiledPattern]):
        self.by_prefix: dict[str, list[CompiledPattern]] = {}
        self.unanchored: list[CompiledPattern] = []
        # each unanchored pattern with its leading word edge in the regex, so that a search tries it
        # once per word, not at every character of a long word (\w+ on a word of n letters would
        # take time growing with n squared); the matches are those of the plain regex at word edges
        self.edge_regex: dict[CompiledPattern, re.Pattern] = {}
        self._folded: dict[str, str] = {}  # candidate text -> its whitespace runs folded
        for cp in patterns:
            if cp.prefixes is None:
                self.unanchored.append(cp)
                self.edge_regex[cp] = re.compile(r"(?<!\w)(?:" + cp.regex.pattern + ")", cp.regex.flags)
                continue
            for p in {q.lower() for q in cp.prefixes}:
                self.by_prefix.setdefault(p, []).append(cp)
        # the trie regex only ever matches a whole prefix; map it to the patterns of every prefix
        # that it starts with ("russia's" -> patterns of "russia's", "russia", "rus")
        self.combined: dict[str, tuple[CompiledPattern, ...]] = {}
        for p in self.by_prefix:
            cps: list[CompiledPattern] = []
            for n in range(1, len(p) + 1):
                cps.extend(self.by_prefix.get(p[:n], ()))
            self.combined[p] = tuple(dict.fromkeys(cps))
        trie = self._trie = _trie_regex(sorted(self.by_prefix))
        # the same candidates, faster: every match runs over the words that start no prefix (each
        # is tried once, at its start, then skipped whole; possessive, so nothing backtracks), up
        # to a candidate (captured) and its first character, or to the end of the text (group 1
        # None). Prefixes start with a word character, so none starts right after that character.
        self.skipping = (
            re.compile(r"(?<!\w)(?:(?!" + trie + r")\w++(?:\W++|\Z))*+(?:(?=(" + trie + r"))\w|\Z)")
            if self.by_prefix and all(re.match(r"\w", p) for p in self.by_prefix)
            else None
        )

    @cached_property
    def regex(self) -> re.Pattern | None:
        """Every candidate: a prefix at a word edge. A lookahead, so that candidates may overlap
        ("the ukraine" and "ukraine crisis"). Compiled when first needed: :attr:`skipping` finds
        the same candidates faster, and is used whenever it can be built."""
        return re.compile(r"(?<!\w)(?=(" + self._trie + "))") if self.by_prefix else None

    def candidates(self, lowered: str) -> dict[CompiledPattern, list[int]]:
        """Pattern -> sorted candidate start positions in the lower-cased text."""
        if not self.by_prefix:
            return {}
        # one pass: candidate positions grouped by the prefix found there
        by_key: dict[str, list[int]] = {}
        for key, at in self.keys(lowered):
            lst = by_key.get(key)
            if lst is None:
                by_key[key] = [at]
            else:
                lst.append(at)
        return self.by_pattern(by_key)

    def keys(self, lowered: str) -> Iterator[tuple[str, int]]:
        """``(prefix as found, position)`` of every candidate in the lower-cased text, in order."""
        if not self.by_prefix:
            return
        if self.skipping is not None:
            for m in self.skipping.finditer(lowered):
                key = m.group(1)
                if key is not None:
                    yield key, m.start(1)
        else:
            regex = self.regex
            assert regex is not None  # there are prefixes
            for m in regex.finditer(lowered):
                yield m.group(1), m.start()

    def by_pattern(self, by_key: dict[str, list[int]]) -> dict[CompiledPattern, list[int]]:
        """Pattern -> sorted candidate positions, from the positions of each prefix as found
        (``by_key``, from :meth:`keys`; emptied on the way)."""
        out: dict[CompiledPattern, list[int]] = {}
        # whitespace inside a prefix stands for any run: fold "the  uk" into "the uk" (the folded
        # form of each key found is memoized; most keys are their own)
        folded = self._folded
        for key in list(by_key):
            norm_key = folded.get(key)
            if norm_key is None:
                norm_key = folded[key] = _WS_RUN.sub(" ", key) if not key.isalnum() and _WS_RUN.search(key) else key
            if norm_key != key:
                positions = by_key.pop(key)
                by_key[norm_key] = sorted(by_key.get(norm_key, []) + positions)
        # then per pattern: the positions of every prefix it may start with
        combined = self.combined
        several: set[CompiledPattern] = set()
        for key, positions in by_key.items():
            for cp in combined[key]:
                lst = out.get(cp)
                if lst is None:
                    out[cp] = positions
                else:
                    out[cp] = lst + positions
                    several.add(cp)
        for cp in several:
            out[cp] = sorted(set(out[cp]))
        return out


_WS_RUN = re.compile(r"\s+")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# the parts of a regex that are syntax, not text: escapes (\w, \s, \b) and flag groups ((?i:, (?-i:)
_REGEX_SYNTAX = re.compile(r"\\.|\(\?[A-Za-z-]*[:)]|\(\?<?[!=]")


def _trie_regex(words: list[str]) -> str:
    """A regex matching the longest of ``words`` at a position, factored as a trie."""
    trie: dict = {}
    for w in words:
        d = trie
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def build(d: dict) -> str:
        alts = [(r"\s+" if k == " " else re.escape(k)) + build(v) for k, v in sorted(d.items()) if k != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in d else body

    return build(trie)


def _period_text(p: StancePeriod) -> str:
    a = "" if p.start is None else p.start.date().isoformat()
    b = "" if p.end is None else p.end.date().isoformat()
    return f"{a}..{b}: {p.stance}"


# ------------------------------------------------------------------------------------------------
# Pattern handling
# ------------------------------------------------------------------------------------------------


def expand_pattern(pattern: str) -> str:
    """Apply the pattern conventions: ``{-}`` and literal spaces (outside ``[...]`` classes).

    Examples
    --------
    >>> bool(re.fullmatch(expand_pattern("full{-}scale invasion"), "full scale  invasion"))
    True
    >>> bool(re.fullmatch(expand_pattern("Kiev regime"), "Kiev\\n\\nregime"))
    False
    """
    out = []
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif pattern.startswith("{-}", i):
            i += 3
            if pattern[i : i + 1] == " ":  # "{-} ": one construct, so that no run of spaces has two parses
                while pattern[i : i + 1] == " ":
                    i += 1
                out.append(_HYPHEN_THEN_SPACE)
            else:
                out.append(_OPT_HYPHEN)
            continue
        elif c == " ":
            while i + 1 < len(pattern) and pattern[i + 1] == " ":
                i += 1
            if pattern.startswith("{-}", i + 1):  # " {-}": likewise
                out.append(_SPACE_THEN_HYPHEN)
                i += 4
                continue
            out.append(_SPACE)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _bounded(pattern: str, case_sensitive: bool) -> str:
    flag = "-i" if case_sensitive else "i"
    return rf"(?<!\w)(?{flag}:{expand_pattern(pattern)})(?!\w)"


def _lower_literals(pattern: str) -> str:
    r"""Lower-case a regex's literal letters, leaving escapes (``\S``, ``\W``, ``\B``) untouched."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def literal_prefixes(pattern: str, max_len: int = 12, max_n: int = 512) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` starts with (``None``: cannot tell).

    Used to find the places where a pattern may start (:class:`Scanner`). Prefixes run up to
    ``max_len`` characters, a whitespace run counting as one: longer ones send a pattern to fewer
    places ("russian aggr" rather than "russian "; 12 characters made matching ~7 % faster than 8
    on the 2022 corpus), but the number of combinations to enumerate grows with the length. An
    optional group is followed into the rest of the pattern ("russian-occu", not "russian-"), and
    up to ``max_n`` combinations are kept ("us-backed co", not "us"): on the real corpora (2 M
    words) the (position, pattern) candidates the matcher tries fell from 260,000 to 64,000, for
    18,500 pattern matches, and matching got ~10 % faster.

    Examples
    --------
    >>> sorted(literal_prefixes("kiev|kyiv"))
    ['kiev', 'kyiv']
    >>> sorted(literal_prefixes(expand_pattern("the ukrainian crisis")))  # a space: any whitespace run
    ['the ukrainia']
    >>> literal_prefixes(r"\\w+ war") is None
    True
    """
    try:
        parsed = _sre_parser.parse(pattern)
    except Exception:  # pragma: no cover - patterns were validated already
        return None
    for budget in (max_len, 6, 4, 3, 1):
        res = {re.sub(" +", " ", r) for r in _prefixes(list(parsed), 0, budget)}
        if res is None or "" in res or any(r.startswith(" ") for r in res):
            return None
        if len(res) > max_n:  # too many combinations: keep each prefix's first word only
            res = {re.split(r"[ -]", r, maxsplit=1)[0] or r for r in res}
        if len(res) <= max_n:
            # drop strings that extend another member: "western" covers "westernbacked"
            keep = {r for r in res if not any(r[:k] in res for k in range(1, len(r)))}
            return frozenset(keep)
    return None


def _is_space_set(op, av) -> bool:
    """True for a whitespace element: ``\\s``, ``[^\\S\\n]``, a literal space, tab or newline."""
    C = _sre_constants
    if op is C.LITERAL:
        return chr(av) in " \t\n\r\f\v"
    if op is C.IN:
        items = [x for x in av if x[0] is not C.NEGATE]
        negated = len(items) != len(av)
        cats = [a for o, a in items if o is C.CATEGORY]
        lits = [chr(a) for o, a in items if o is C.LITERAL]
        if not negated and cats == [C.CATEGORY_SPACE] and all(c.isspace() for c in lits):
            return True
        if negated and cats == [C.CATEGORY_NOT_SPACE] and all(c.isspace() for c in lits):
            return True
    return False


def _prefixes(seq: list, i: int, budget: int, after_space: bool = False) -> set[str]:
    """Prefix strings of ``seq[i:]``; a space stands for any run of whitespace (see Scanner).

    ``budget`` counts the characters of the prefix as the scanner sees it: whitespace elements in
    a row (``[^\\S\\n]+\\n?[^\\S\\n]*``, how a space in a lexicon pattern is expanded) fold into one
    space, so only the first of them is charged (``after_space``: the prefix so far ends in one).
    """
    C = _sre_constants
    if budget <= 0 or i >= len(seq):
        return {""}
    op, av = seq[i]
    if _is_space_set(op, av):
        return {" " + r for r in _prefixes(seq, i + 1, budget - (not after_space), True)}
    if op is C.LITERAL:
        return {chr(av) + r for r in _prefixes(seq, i + 1, budget - 1)}
    if op is C.IN:
        chars: list[str] = []
        for o, a in av:
            if o is C.LITERAL:
                chars.append(chr(a))
            elif o is C.RANGE and a[1] - a[0] < 8:
                chars.extend(chr(x) for x in range(a[0], a[1] + 1))
            else:
                return {""}
        if len(chars) > 8:
            return {""}
        rest = _prefixes(seq, i + 1, budget - 1)
        combined = {c + r for c in chars for r in rest}
        return combined if len(combined) <= 512 else set(chars)
    if op is C.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            out |= _prefixes(list(b) + seq[i + 1 :], 0, budget, after_space)
            if len(out) > 512:
                return {""}
        return out
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        body = av[-1] if op is C.SUBPATTERN else av
        return _prefixes(list(body) + seq[i + 1 :], 0, budget, after_space)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, body = av
        body = list(body)
        if len(body) == 1 and _is_space_set(*body[0]):
            # whitespace runs collapse to one space atom, then the pattern goes on
            with_space = {" " + r for r in _prefixes(seq, i + 1, budget - (not after_space), True)}
            return with_space if lo >= 1 else with_space | _prefixes(seq, i + 1, budget, after_space)
        # an optional group (``?``) goes on into the rest of the pattern ("russian-occupied",
        # not just "russian-"); a repeated one stops after its first repetition
        once = _prefixes(body + seq[i + 1 :] if hi == 1 else body, 0, budget, after_space)
        return once | _prefixes(seq, i + 1, budget, after_space) if lo == 0 else once
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _prefixes(seq, i + 1, budget, after_space)
    return {""}


@dataclass(frozen=True, eq=False)  # identity hash: used as a dict key per document
class CompiledPattern:
    """One pattern of one variant, ready for scanning.

    ``regex`` runs on lower-cased normalized text (``lower=True``; literal letters lower-cased, no
    IGNORECASE flag, which is an order of magnitude faster) or, for case-sensitive variants, on the
    normalized text as is. The leading word-edge check is done by the caller. ``prefixes`` is a
    substring prefilter (``None``: always scan). ``fallback`` is the case-insensitive regex on
    normalized text, for the rare text whose lower-casing changes its length.
    """

    variant: Variant
    order: int
    regex: re.Pattern
    lower: bool
    prefixes: frozenset[str] | None
    fallback: re.Pattern
    concept_index: int = 0


def _fallback_source(p: str, case_sensitive: bool) -> str:
    """A pattern as it runs on normalized text as is: ``(?i:…)`` unless case-sensitive."""
    body = expand_pattern(p)
    return rf"(?:{body})(?!\w)" if case_sensitive else rf"(?i:{body})(?!\w)"


@lru_cache(maxsize=4096)
def _compiled_source(src: str) -> re.Pattern:
    """``re.compile`` with a cache as large as a lexicon: loading validates each pattern by
    compiling its fallback form, which :func:`_compile_pattern` then reuses."""
    return re.compile(src)


def _compile_pattern(v: Variant, p: str, order: int, ci: int) -> CompiledPattern:
    fallback = _compiled_source(_fallback_source(p, v.case_sensitive))
    if v.case_sensitive:
        return CompiledPattern(v, order, fallback, False, literal_prefixes(fallback.pattern), fallback, ci)
    low = rf"(?:{_lower_literals(expand_pattern(p))})(?!\w)"
    return CompiledPattern(v, order, re.compile(low), True, literal_prefixes(low), fallback, ci)


def _compile_concept(concept: Concept, ci: int = 0) -> tuple[Concept, list[CompiledPattern]]:
    out = []
    for vi, v in enumerate(concept.variants):
        for p in v.patterns:
            out.append(_compile_pattern(v, p, vi, ci))
    return concept, out
