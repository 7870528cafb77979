"""Refuse regular expressions whose backtracking can take exponential (or high polynomial) time.

Python's ``re`` is a backtracking engine: ``(a+)+b`` on ``"aaaa…a!"`` tries every way of cutting
the run of ``a`` into repetitions, 2ⁿ of them, and never returns. The matcher needs ``re``
(word-edge lookarounds ``(?<!\\w)``/``(?!\\w)``, possessive quantifiers in the candidate scanner),
so instead of another engine every lexicon pattern is checked once, when the lexicon is loaded,
by a static analysis of its parsed form (``re._parser``). A pattern is refused when

1. an unbounded repeat (``*``, ``+``, ``{n,}``) has a body that can match the empty string
   (``(a?)*``, ``(\\b)+``);
2. an unbounded repeat contains another repeat over characters that can also begin or end the
   repeated group (a *nested quantifier*: ``(a+)+``, ``(\\w+\\s?)+``, ``(.*a)*``, ``(x\\w*)+``): a
   run can be split between repetitions in exponentially many ways;
3. an unbounded repeat holds an alternation whose branches can start with the same character
   (``(x|x)*``, ``(a|b|ab)+``), an optional part that can also match nothing (``(?:b(?:a*)?)+``),
   or two repeats over the same characters with only such characters between them
   (``(\\w*a\\w*)+``); a bounded repeat of three or more repetitions of such a body too;
4. a bounded repeat of two or more repetitions has a body as in 1 or 2 (``(.*a){12}``,
   ``(?:\\w?){1,12}``: the work grows as the length of the text to the power 12);
5. two unbounded repeats of overlapping character sets stand next to each other, with nothing or
   only optional parts between them (``\\w*\\w*``, ``.*.*``, ``(?:a+)?a+``, a lexicon pattern's
   space followed by ``\\s*``): every split of a run is tried, the work grows with its square;
6. an unbounded repeat over any words and spaces (``.*``, ``[^,]+``, ``(?:\\w+ )+``) is followed
   by more pattern: at every place the pattern is tried it runs to the end of the paragraph and
   back (bound it: ``.{0,60}``, ``(?:\\w+ ){0,5}``).

Rules 1 to 4 are the shapes of exponential (or high power) time that have a readable reason. As a
backstop, the pattern's position automaton (:class:`_Automaton`) is searched for *exponential
ambiguity*: a state that reaches itself along two paths reading the same text, which is exactly
when a backtracking engine can take exponential time; such a pattern is refused too.

Possessive repeats (``*+``) and atomic groups (``(?>…)``) never give back what they matched, so
they are safe as repeats (their bodies are still checked). Character sets are compared on a sample
alphabet (ASCII, common Latin, Cyrillic and typographic characters, and every character the
pattern names), so the check is an approximation that leans to refusing. What it allows is
polynomial: quadratic at worst in the length of a run of one character class that two repeats in
different groups can share (e.g. ``(?:a|b{-}) c`` where ``{-}`` and the space meet, which the
lexicon bounds by capping ``{-}`` at 20 spaces).

Examples
--------
>>> regex_risk("(a+)+b") is not None
True
>>> regex_risk(r"Kiev(?:[^\\S\\n]+(?:\\n[^\\S\\n]*)?|\\n[^\\S\\n]*)regime") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+
    import re._constants as _C
    import re._parser as _P
except ImportError:  # pragma: no cover
    import sre_constants as _C
    import sre_parse as _P

from .regex_automaton import _Automaton, _lookaround_bodies

__all__ = ["regex_risk", "MAX_PATTERN_LENGTH"]

#: Longest pattern accepted (characters as written); longer ones are refused before parsing.
MAX_PATTERN_LENGTH = 1000

_BASE = [chr(i) for i in range(128)] + list(
    "\u00a0\u00ad\u00b2\u00bd\u00c0\u00c9\u00df\u00e0\u00e9\u00ff\u0130\u0131\u017f\u0401\u0410\u0416"
    "\u0430\u0436\u0451\u0456\u0457\u0491\u05d0\u0627\u0663\u0966\u1e9e\u2013\u2014\u2019\u201c\u201d"
    "\u2028\u2029\u2060\u2160\u2212\u3000\u4e2d\ufeff\uff10\U0001d7ce\U0001f600"
)


def _cases(chars) -> set:
    """The characters with their one-character lower and upper case forms (``ß``.upper() is two)."""
    out = set(chars)
    for c in chars:
        for v in (c.lower(), c.upper()):
            if len(v) == 1:
                out.add(v)
    return out


_ALPHABET = frozenset(_cases(_BASE))
_CATEGORY_RX = {
    _C.CATEGORY_DIGIT: re.compile(r"\d"),
    _C.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _C.CATEGORY_SPACE: re.compile(r"\s"),
    _C.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _C.CATEGORY_WORD: re.compile(r"\w"),
    _C.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_WORD = re.compile(r"\w")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_MEMBERS: dict = {}  # category -> {character: in it}
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT)


class _Risk(Exception):
    """A shape that makes backtracking slow; ``severity`` 3 exponential, 2 high power, 1 square."""

    def __init__(self, message: str, severity: int):
        super().__init__(message)
        self.severity = severity


@dataclass(frozen=True)
class _Info:
    """What one node of a parsed pattern can match, for the checks (sets are sample characters)."""

    nullable: bool
    first: frozenset  # characters a non-empty match can start with
    last: frozenset  # ... end with
    chars: frozenset  # every character a match can hold
    lead: frozenset  # characters of a run (unbounded repeat) that can start a match
    trail: frozenset  # ... end a match
    amb: str | None = None  # why the node can match one string in several ways, if it can
    words: bool = False  # holds a run that can match any word (``\w+``, ``\S+``, ``[a-z]*``, ``.*``)
    ulead: frozenset = frozenset()  # characters of an unbounded repeat of one set (``\w*``, ``.+``) at the start
    utrail: frozenset = frozenset()  # ... at the end


_EMPTY: frozenset[str] = frozenset()
_ZERO = _Info(True, _EMPTY, _EMPTY, _EMPTY, _EMPTY, _EMPTY)


class _Checker:
    def __init__(self, parsed, flags: int):
        extra: set = set()
        self._collect(parsed, extra)
        extra = _cases(extra - _ALPHABET)
        self.alphabet = _ALPHABET | extra if extra else _ALPHABET
        self.flags = flags
        self.risks: list[_Risk] = []
        self._categories: dict = {}

    def flag(self, message: str, severity: int) -> None:
        self.risks.append(_Risk(message, severity))

    def worst(self) -> str | None:
        """The most severe problem found (the first of those)."""
        if not self.risks:
            return None
        top = max(r.severity for r in self.risks)
        return str(next(r for r in self.risks if r.severity == top))

    # -- character sets ----------------------------------------------------------------------
    def _collect(self, seq, out: set) -> None:
        """Every character the pattern names (literals, range ends and a sample of each range)."""
        for op, av in seq:
            if op in (_C.LITERAL, _C.NOT_LITERAL):
                out.add(chr(av))
            elif op is _C.IN:
                for o, a in av:
                    if o is _C.LITERAL:
                        out.add(chr(a))
                    elif o is _C.RANGE:
                        lo, hi = a
                        step = max(1, (hi - lo) // 32)
                        out.update(chr(x) for x in range(lo, hi + 1, step))
                        out.add(chr(hi))
            elif op is _C.BRANCH:
                for b in av[1]:
                    self._collect(b, out)
            elif op is _C.SUBPATTERN:
                self._collect(av[-1], out)
            elif op in (*_REPEATS, _C.POSSESSIVE_REPEAT):
                self._collect(av[2], out)
            elif op is _C.ATOMIC_GROUP:
                self._collect(av, out)
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                self._collect(av[1], out)
            elif op is _C.GROUPREF_EXISTS:
                self._collect(av[1], out)
                if av[2] is not None:
                    self._collect(av[2], out)

    def _category(self, cat) -> frozenset:
        """The sample characters in ``\\d``, ``\\w``, ``\\s`` … (memoized per character)."""
        got = self._categories.get(cat)
        if got is None:
            rx = _CATEGORY_RX.get(cat)
            if rx is None:
                got = self.alphabet
            else:
                memo = _MEMBERS.setdefault(cat, {})
                for c in self.alphabet:
                    if c not in memo:
                        memo[c] = rx.match(c) is not None
                got = frozenset(c for c in self.alphabet if memo[c])
            self._categories[cat] = got
        return got

    def _fold(self, chars: set, ignorecase: bool) -> frozenset:
        if ignorecase:
            chars = _cases(chars)
        return frozenset(chars) & self.alphabet

    def _in(self, items, ignorecase: bool) -> frozenset:
        negate = False
        members: set = set()
        cats: set = set()
        for o, a in items:
            if o is _C.NEGATE:
                negate = True
            elif o is _C.LITERAL:
                members.add(chr(a))
            elif o is _C.RANGE:
                lo, hi = a
                members.update(c for c in self.alphabet if lo <= ord(c) <= hi)
            elif o is _C.CATEGORY:
                cats |= self._category(a)  # closed under case already
            else:  # an item this check does not know: assume it can be anything
                cats |= self.alphabet
        got = self._fold(members, ignorecase) | cats
        return self.alphabet - got if negate else got

    # -- analysis ----------------------------------------------------------------------------
    def seq(self, seq, ignorecase: bool, dotall: bool, tail: bool) -> _Info:
        """Info of a sequence; ``tail``: something required follows it in the pattern."""
        items = list(seq)
        infos: list[_Info] = [_ZERO] * len(items)
        required_after = tail
        for k in range(len(items) - 1, -1, -1):  # right to left: what follows each item is known
            infos[k] = self.item(items[k], ignorecase, dotall, required_after)
            if not infos[k].nullable:
                required_after = True
        return self._combine(infos)

    def _combine(self, infos: list[_Info]) -> _Info:
        nullable = all(i.nullable for i in infos)
        first: set[str] = set()
        lead: set[str] = set()
        ulead: set[str] = set()
        for i in infos:
            first |= i.first
            lead |= i.lead
            ulead |= i.ulead
            if not i.nullable:
                break
        last: set[str] = set()
        trail: set[str] = set()
        utrail: set[str] = set()
        for i in reversed(infos):
            last |= i.last
            trail |= i.trail
            utrail |= i.utrail
            if not i.nullable:
                break
        chars = frozenset().union(*(i.chars for i in infos)) if infos else _EMPTY
        amb = next((i.amb for i in infos if i.amb), None)
        words = any(i.words for i in infos)
        for j, b in enumerate(infos):
            if not b.lead:
                continue
            for k in range(j - 1, -1, -1):
                a = infos[k]
                shared = a.trail & b.lead
                middle = infos[k + 1 : j]
                if (a.utrail & b.ulead) and all(m.nullable for m in middle):
                    self.flag(
                        "two adjacent repeats of the same characters (such as \\w*\\w*, .*.*, or a space next to "
                        "\\s*) can split a run in many ways, each tried in turn; keep one of them",
                        1,
                    )
                if shared and amb is None and all(m.nullable or (m.chars & shared) for m in middle):
                    amb = (
                        "two repeats over the same characters with nothing or only such characters between "
                        "them (such as \\w*\\w* or \\w*a\\w*)"
                    )
                if not a.nullable and not (a.chars & b.lead):
                    break
        return _Info(
            nullable,
            frozenset(first),
            frozenset(last),
            chars,
            frozenset(lead),
            frozenset(trail),
            amb,
            words=words,
            ulead=frozenset(ulead),
            utrail=frozenset(utrail),
        )

    def item(self, node, ignorecase: bool, dotall: bool, tail: bool) -> _Info:
        op, av = node
        if op is _C.LITERAL or op is _C.NOT_LITERAL:
            s = self._fold({chr(av)}, ignorecase)
            if op is _C.NOT_LITERAL:
                s = self.alphabet - s
            return _Info(False, s, s, s, _EMPTY, _EMPTY)
        if op is _C.ANY:
            s = self.alphabet if dotall else self.alphabet - {"\n"}
            return _Info(False, s, s, s, _EMPTY, _EMPTY)
        if op is _C.IN:
            s = self._in(av, ignorecase)
            return _Info(False, s, s, s, _EMPTY, _EMPTY)
        if op is _C.AT:
            return _ZERO
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            self.seq(av[1], ignorecase, dotall, False)  # checked on its own; matches no characters
            return _ZERO
        if op is _C.SUBPATTERN:
            _group, add, delete, body = av
            ic = (ignorecase or bool(add & _C.SRE_FLAG_IGNORECASE)) and not (delete & _C.SRE_FLAG_IGNORECASE)
            da = (dotall or bool(add & _C.SRE_FLAG_DOTALL)) and not (delete & _C.SRE_FLAG_DOTALL)
            return self.seq(body, ic, da, tail)
        if op is _C.ATOMIC_GROUP:
            inner = self.seq(av, ignorecase, dotall, tail)
            # nothing outside backtracks into it: no runs to share, no ambiguity to multiply
            return _Info(inner.nullable, inner.first, inner.last, inner.chars, _EMPTY, _EMPTY, words=inner.words)
        if op is _C.BRANCH:
            return self._branch([self.seq(b, ignorecase, dotall, tail) for b in av[1]])
        if op is _C.GROUPREF_EXISTS:
            branches = [self.seq(av[1], ignorecase, dotall, tail)]
            branches.append(self.seq(av[2], ignorecase, dotall, tail) if av[2] is not None else _ZERO)
            return self._branch(branches, check_overlap=False)
        if op is _C.GROUPREF:  # a backreference: could be anything, a run of anything
            a = self.alphabet
            return _Info(True, a, a, a, a, a)
        if op is _C.POSSESSIVE_REPEAT:
            lo, _hi, body = av
            inner = self.seq(body, ignorecase, dotall, tail)
            return _Info(
                lo == 0 or inner.nullable,
                inner.first,
                inner.last,
                inner.chars,
                _EMPTY,
                _EMPTY,
                words=inner.words or (_hi == _C.MAXREPEAT and _LETTERS <= inner.chars),
            )
        if op in _REPEATS:
            return self._repeat(av, ignorecase, dotall, tail)
        # anything else (e.g. a newer opcode): assume the worst for sharing, nothing to check
        a = self.alphabet
        return _Info(True, a, a, a, _EMPTY, _EMPTY)

    def _branch(self, infos: list[_Info], check_overlap: bool = True) -> _Info:
        amb = next((i.amb for i in infos if i.amb), None)
        if check_overlap and amb is None:
            for x in range(len(infos)):
                for y in range(x + 1, len(infos)):
                    a, b = infos[x], infos[y]
                    if (a.first & b.first) or (a.nullable and b.nullable):
                        amb = (
                            "an alternation whose branches can start with the same character (such as (a|ab) or (x|x))"
                        )
                        break
                if amb:
                    break
        u = lambda f: frozenset().union(*(f(i) for i in infos))  # noqa: E731
        return _Info(
            any(i.nullable for i in infos),
            u(lambda i: i.first),
            u(lambda i: i.last),
            u(lambda i: i.chars),
            u(lambda i: i.lead),
            u(lambda i: i.trail),
            amb,
            words=any(i.words for i in infos),
            ulead=u(lambda i: i.ulead),
            utrail=u(lambda i: i.utrail),
        )

    def _repeat(self, av, ignorecase: bool, dotall: bool, tail: bool) -> _Info:
        lo, hi, body = av
        unbounded = hi == _C.MAXREPEAT
        b = self.seq(body, ignorecase, dotall, tail or not unbounded)
        simple = len(body) == 1 and body[0][0] in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY)
        # what a repeat of two or more can take over from its neighbours: a run of one set takes any of
        # its characters; a repeated group can start another repetition (its first characters) or
        # have begun with the end of one (its last)
        repeated = unbounded or hi >= 2
        run = b.chars if simple and repeated else _EMPTY
        run_lead = run if simple or not repeated else b.last
        run_trail = run if simple or not repeated else b.first
        junction = (b.lead & b.last) or (b.trail & b.first)
        if unbounded:
            if b.nullable:
                self.flag(
                    "a repeated group can match the empty string, so the repeat can cut the text in "
                    "endlessly many ways; make every repetition match at least one character",
                    3,
                )
            elif junction:
                self.flag(
                    "nested quantifier: a repeated group contains an unbounded repeat whose characters "
                    "can also begin or end the group, so a run can be split between repetitions in "
                    "exponentially many ways (such as (a+)+ or (\\w+\\s?)+); repeat the inner part only",
                    3,
                )
            elif b.amb:
                self.flag(
                    f"a repeat over {b.amb} can match one text in exponentially many ways; "
                    "make the alternatives start differently or drop the repeat",
                    3,
                )
            spaces = any(c.isspace() for c in b.chars)
            if tail and spaces and ((simple and any(_WORD.match(c) for c in b.chars)) or (not simple and b.words)):
                self.flag(
                    "an unbounded repeat over any words and spaces (such as .*, [^,]+ or (?:\\w+ )+) "
                    "followed by more pattern runs to the end of the paragraph and back at every place "
                    "the pattern is tried; bound it, e.g. .{0,60} or (?:\\w+ ){0,5}",
                    1,
                )
        elif hi >= 2:
            if b.nullable:
                self.flag(
                    f"{{{lo},{hi}}} repeats a group that can match the empty string, so each character can "
                    "go to any of the repetitions; write the repeat on the characters instead (a{0,3}, "
                    "not (?:a?){0,3})",
                    2,
                )
            elif junction:
                self.flag(
                    f"nested quantifier: {{{lo},{hi}}} repeats a group that contains an unbounded repeat "
                    "whose characters can also begin or end the group, so the work grows as the text "
                    f"length to the power {hi}; repeat the inner part only",
                    2,
                )
            elif b.amb and hi >= 3:
                self.flag(
                    f"{{{lo},{hi}}} repeats {b.amb}, which can match one text in 2^{hi} ways; "
                    "make the alternatives start differently",
                    2,
                )
        amb = b.amb
        if amb is None and lo == 0 and b.nullable:
            amb = "an optional part that can match nothing in two ways (such as (?:a*)?)"
        words = b.words or (unbounded and simple and _LETTERS <= b.chars)
        own = b.chars if unbounded and simple else _EMPTY
        return _Info(
            lo == 0 or b.nullable,
            b.first,
            b.last,
            b.chars,
            b.lead | run_lead,
            b.trail | run_trail,
            amb,
            words,
            b.ulead | own,
            b.utrail | own,
        )


_EXPONENTIAL = (
    "a repeated part can match the same text in two different ways (overlapping alternatives or "
    "nested repeats), so a failing text is tried in exponentially many ways; make each repetition "
    "match in one way only"
)


def regex_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can make a backtracking engine take exponential or high polynomial time, or
    ``None`` when the check finds no such shape (see the module docs for the rules).

    ``flags`` are ``re`` flags the pattern is compiled with (``re.IGNORECASE``, ``re.DOTALL``).
    A pattern that does not parse returns ``None``: compiling it reports the error.

    Examples
    --------
    >>> regex_risk(r"(\\w+\\s?)+$")[:17]
    'nested quantifier'
    >>> regex_risk(r"(?:immediate|full)(?:,? (?:immediate|full))* truce") is None
    True
    >>> regex_risk("(x|x)*y")[:31]
    'a repeat over an alternation wh'
    """
    try:
        parsed = _P.parse(pattern, flags)
    except re.error:
        return None
    except RecursionError:
        return "groups are nested too deeply; flatten the pattern"
    ic, da = bool(flags & re.IGNORECASE), bool(flags & re.DOTALL)
    try:
        checker = _Checker(list(parsed), flags)
        checker.seq(list(parsed), ic, da, False)
        if not checker.risks:  # the automaton is the backstop for what the rules above miss
            bodies = [list(parsed)]
            _lookaround_bodies(list(parsed), bodies)
            for body in bodies:
                automaton = _Automaton(checker)
                _nullable, first, _last = automaton.build(body, ic, da)
                automaton.follow[0] = first
                verdict = automaton.exponential()
                if verdict is None:
                    checker.flag("the pattern is too complex to check for runaway matching; split it", 3)
                    break
                if verdict:
                    checker.flag(_EXPONENTIAL, 3)
                    break
    except RecursionError:
        return "groups are nested too deeply; flatten the pattern"
    return checker.worst()
