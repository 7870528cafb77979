"""The grammar of :mod:`framing.inflect`: the pymorphy3 analysers, and the reading of a lemma
phrase word by word (acronyms, the head noun, the modifiers that agree with it, the case a
preposition governs)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import LexiconError

_DICT_PACKAGE = {"ru": "pymorphy3-dicts-ru", "uk": "pymorphy3-dicts-uk"}
_MODIFIER_POS = ("ADJF", "PRTF")
_CASE_FOR_AGREEMENT = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}
_LOCATIVE = frozenset({"loct", "loc1", "loc2"})
# cases each preposition can govern (a phrase starting with one keeps the case written, among these)
_GOVERNS = {
    "ru": {
        **{p: {"loct", "loc2", "accs"} for p in ("в", "во", "на")},
        **{p: {"loct", "accs"} for p in ("о", "об", "обо")},
        "по": {"datv", "loct", "accs"},
        "к": {"datv"},
        "ко": {"datv"},
        "при": {"loct"},
        **{p: {"gent", "ablt", "accs"} for p in ("с", "со")},
        **{p: {"ablt", "accs"} for p in ("за", "под", "подо", "над", "надо", "перед", "передо", "между")},
        **{p: {"accs"} for p in ("через", "про", "сквозь")},
        **{
            p: {"gent", "gen2"}
            for p in (
                "у",
                "из",
                "изо",
                "от",
                "ото",
                "до",
                "без",
                "для",
                "после",
                "против",
                "вокруг",
                "около",
                "среди",
                "кроме",
                "вместо",
                "возле",
                "мимо",
                "из-за",
                "из-под",
                "вдоль",
                "внутри",
                "вне",
            )
        },
    },
    "uk": {
        **{p: {"loct", "accs"} for p in ("в", "у", "ві", "уві", "на")},
        "по": {"datv", "loct", "accs"},
        "при": {"loct"},
        "о": {"loct", "accs"},
        "об": {"loct", "accs"},
        "к": {"datv"},
        "ко": {"datv"},
        **{p: {"gent", "ablt", "accs"} for p in ("з", "із", "зі", "зо")},
        **{p: {"ablt", "accs"} for p in ("за", "під", "над", "перед", "між", "поміж")},
        **{p: {"accs"} for p in ("про", "через", "крізь")},
        **{
            p: {"gent"}
            for p in (
                "до",
                "від",
                "без",
                "для",
                "після",
                "проти",
                "біля",
                "коло",
                "серед",
                "крім",
                "замість",
                "навколо",
                "довкола",
                "вздовж",
                "всередині",
                "поза",
            )
        },
    },
}

_LOCK = threading.Lock()


# ------------------------------------------------------------------------------------------------
# Analysers
# ------------------------------------------------------------------------------------------------


@cache
def _analyzer(lang: str):
    """The pymorphy3 analyser of ``lang``, loaded once (ru 0.2 s, uk 0.05 s)."""
    with _LOCK:
        try:
            import pymorphy3
        except ImportError:  # pragma: no cover - a dependency of the package
            raise LexiconError(
                "lemmas need the pymorphy3 package; install it with: pip install 'pymorphy3[fast]'"
            ) from None
        try:
            return pymorphy3.MorphAnalyzer(lang=lang)
        except (ValueError, ImportError, OSError) as exc:  # pragma: no cover - a dependency of the package
            raise LexiconError(
                f"lemmas in {lang!r} need the {_DICT_PACKAGE[lang]} dictionary; install it with: "
                f"pip install {_DICT_PACKAGE[lang]} ({exc})"
            ) from None


# ------------------------------------------------------------------------------------------------
# Expansion
# ------------------------------------------------------------------------------------------------


def _is_literal(word: str) -> bool:
    """Acronyms (two or more capitals: СВО, ДНР) and words with digits are not inflected."""
    letters = [c for c in word if c.isalpha()]
    return any(c.isdigit() for c in word) or (len(letters) >= 2 and all(c.isupper() for c in letters))


def _number(tag) -> str:
    return tag.number or "sing"  # the Ukrainian dictionary leaves the singular unmarked


def _case(tag) -> str | None:
    return tag.case


def _nominative(parse) -> bool:
    # the Ukrainian dictionary leaves the nominative of some nouns unmarked ("вторгнення")
    return parse.tag.case in ("nomn", None)


def _noun_parses(analyzer, word: str) -> list:
    return [p for p in analyzer.parse(word) if p.tag.POS == "NOUN"]


def _modifier_parses(analyzer, word: str) -> list:
    return [p for p in analyzer.parse(word) if p.tag.POS in _MODIFIER_POS]


#: degrees of comparison: an adjective's lexeme holds its superlatives ("специальнейшая"), which
#: are other words for the lexicon's purpose
_DEGREES = frozenset({"Supr", "Cmp2", "COMP", "compr", "super"})


def _modifier_lexeme(parse) -> list:
    """The forms of an adjective in the degree written, or of a participle of the same voice and
    tense (a participle's lexeme in pymorphy3 is its verb's)."""
    written = set(parse.tag.grammemes)
    if parse.tag.POS == "ADJF":
        return [f for f in parse.lexeme if f.tag.POS == "ADJF" and (set(f.tag.grammemes) & _DEGREES) <= written]
    keep = {g for g in ("pssv", "actv", "past", "pres") if g in written}
    return [f for f in parse.lexeme if f.tag.POS == "PRTF" and keep <= set(f.tag.grammemes)]


@dataclass(frozen=True)
class _Slot:
    """One word of a phrase: literal (kept as written), the head, or a modifier of the head."""

    word: str
    role: str  # "literal", "head", "modifier"


def _plan(words: list[str], analyzer, lang: str) -> tuple[list[_Slot], int | None, set[str] | None]:
    """Roles of the words, the head's index (``None``: nothing declines), and for a phrase opened
    by a preposition, the cases it may keep."""
    start = 0
    cases: set[str] | None = None
    first = words[0].lower()
    if len(words) > 1 and first in _GOVERNS[lang] and any(p.tag.POS == "PREP" for p in analyzer.parse(first)):
        start = 1
        cases = set(_GOVERNS[lang][first])
    head = None
    for i in range(start, len(words)):
        w = words[i]
        if _is_literal(w):
            break
        nouns = _noun_parses(analyzer, w)
        nominal = nouns if cases is not None else [p for p in nouns if _nominative(p)]
        if not nominal:
            if _modifier_parses(analyzer, w):
                continue
            if cases is None and any(p.tag.POS in ("ADVB", "PRCL") for p in analyzer.parse(w)):
                continue  # "тимчасово окуповані території"
            break
        later_noun = any(
            not _is_literal(v) and any(cases is not None or _nominative(p) for p in _noun_parses(analyzer, v))
            for v in words[i + 1 :]
        )
        if _modifier_parses(analyzer, w) and later_noun and _next_is_nominal(words, i, analyzer, cases):
            continue  # an adjective before its noun ("военная операция"), though it also reads as a noun
        head = i
        break
    if head is None:
        # no noun: a lone adjective or participle declines by itself ("оккупированные")
        mods = [
            i for i in range(start, len(words)) if not _is_literal(words[i]) and _modifier_parses(analyzer, words[i])
        ]
        if start == 0 and len(words) == 1 and mods:
            return [_Slot(words[0], "adjective")], 0, cases
        return [_Slot(w, "literal") for w in words], None, cases
    slots = []
    for i, w in enumerate(words):
        if i == head:
            slots.append(_Slot(w, "head"))
        elif start <= i < head and not _is_literal(w) and _modifier_parses(analyzer, w):
            slots.append(_Slot(w, "modifier"))
        else:
            slots.append(_Slot(w, "literal"))
    return slots, head, cases


def _next_is_nominal(words: list[str], i: int, analyzer, cases) -> bool:
    """Whether the words after ``i`` up to the next noun are all adjective-or-noun words."""
    for v in words[i + 1 :]:
        if _is_literal(v):
            return False
        if _noun_parses(analyzer, v):
            return True
        if not _modifier_parses(analyzer, v):
            return False
    return False


def _head_lexemes(word: str, analyzer, cases: set[str] | None) -> list[tuple[Any, list]]:
    """``(parse, forms)`` for each distinct reading of the head word (e.g. animate and inanimate
    "боевик"), the forms limited to the written case and number for a prepositional phrase."""
    nouns = _noun_parses(analyzer, word)
    if cases is None:
        nouns = [p for p in nouns if _nominative(p)]
    out = []
    seen = set()
    for p in nouns:
        key = (p.normal_form, p.tag.animacy, p.tag.gender, tuple(sorted(f.word for f in p.lexeme)))
        if key in seen:
            continue
        seen.add(key)
        forms = [f for f in p.lexeme if f.tag.POS == "NOUN"]
        if cases is not None:
            # the (case, number) readings of the word as written that the preposition can govern
            written = {(_case(q.tag), _number(q.tag)) for q in nouns if q.normal_form == p.normal_form}
            keep = {cn for cn in written if cn[0] in cases}
            if not keep:
                continue
            forms = [f for f in forms if (_case(f.tag), _number(f.tag)) in keep]
        elif "Geox" in p.tag.grammemes and _number(p.tag) == "sing":
            forms = [f for f in forms if _number(f.tag) == "sing"]
        out.append((p, forms))
    return out


def _gender(parse, forms: list) -> str | None:
    if parse.tag.gender:
        return parse.tag.gender
    for f in forms:
        if f.tag.gender:
            return f.tag.gender
    return None


def _agreement_case(case: str | None) -> str | None:
    """The case of ``case`` for agreement: the second genitive, accusative and locative (and
    pymorphy3's numbered genitive and locative) agree as the main ones."""
    return _CASE_FOR_AGREEMENT.get(case, case) if case is not None else None


def _agreeing(mod_forms: list, case: str, number: str, gender: str | None, animacy: str | None) -> list[str]:
    """The modifier's forms that agree with a head form (see the module docstring)."""
    base = _CASE_FOR_AGREEMENT.get(case, case)

    def pick(c: str, strict_gender: bool) -> list:
        out = [f for f in mod_forms if _agreement_case(_case(f.tag)) == c and _number(f.tag) == number]
        if number == "sing" and gender and strict_gender:
            out = [f for f in out if f.tag.gender in (gender, None)]
        return out

    cand = pick(base, True) or pick(base, False)
    if not cand:
        return []
    if base == "accs":
        marked = [f for f in cand if f.tag.animacy]
        if marked and animacy:
            cand = [f for f in cand if f.tag.animacy in (animacy, None)] or cand
        words = {f.word for f in cand}
        if len(words) > 1:  # unmarked animacy (Ukrainian): animate = genitive, inanimate = nominative
            like = pick("gent" if animacy == "anim" else "nomn", True) or pick(
                "gent" if animacy == "anim" else "nomn", False
            )
            same = words & {f.word for f in like}
            if same:
                return sorted(same)
    return sorted({f.word for f in cand})
