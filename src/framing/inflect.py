"""Russian and Ukrainian lemma phrases to every inflected surface form, and to one regex.

Russian and Ukrainian decline nouns and adjectives: "киевский режим" appears as "киевского
режима", "киевскому режиму", "о киевском режиме", "киевские режимы" ... A lexicon entry for these
languages is written once, in the nominative (``lemmas: ["киевский режим"]``), and expanded here,
once, when the lexicon is compiled, into every form and then into an ordinary regex that the
lexicon machinery takes as a ``patterns`` entry. The corpus itself is never analysed, so
matching stays as fast as for English.

Morphology comes from ``pymorphy3`` with the OpenCorpora (``pymorphy3-dicts-ru``) and VESUM
(``pymorphy3-dicts-uk``) dictionaries, offline. The analyser is chosen by the ``lang`` argument,
never guessed: the Russian analyser turns Ukrainian "Київ" into a verb form.

The expansion rule
------------------
A phrase is split into words. Then:

* **Acronyms and numbers are literal**: a word of two or more capitals (СВО, ВСУ, ЗСУ, ДНР, ЛНР)
  or with a digit is kept as written (these do not decline in print: "в зоне СВО"). A phrase
  with no word that declines is kept whole ("ДНР и ЛНР").
* **The head** is the first word with a noun reading in the nominative that is not an adjective
  in front of a later noun ("специальная военная **операция**", "**революция** достоинства",
  "украинские **военные**"). Every reading of a word is considered, not only the most likely
  one: Ukrainian "Києві" reads first as "кий"; Russian "рашист" first as a short adjective.
* **Adjectives and participles before the head agree with it** in case and number, in gender in
  the singular, and (accusative) in animacy: "киевского режима", "киевским режимом", "киевские
  режимы", "украинских неонацистов" (animate accusative = genitive), "киевский режим"
  (inanimate accusative = nominative). Other words before the head (adverbs: "тимчасово
  окуповані території") stay in place as written.
* **Words after the head are kept as written**: "режим Зеленского" → "режима Зеленского",
  "революція гідності" → "революції гідності", "воссоединение Крыма с Россией" → "воссоединения
  Крыма с Россией".
* **A phrase that starts with a preposition keeps the case it is written in** (the preposition
  governs it): "на Украине" stays locative and "на Украину" accusative; what varies is the
  spelling of that case ("в Києві" / "в Києву", both locative). A written form that belongs to
  two words gives the forms of both ("Києві" is also a form of "кий"); :func:`locative_forms`,
  which starts from the nominative ("Київ"), has no such ambiguity and builds the locative of a
  noun phrase after the usual prepositions.
* The head's number is not fixed: a phrase in the singular also yields the plural forms and the
  other way round ("окупанти" → "окупант", "окупантам", ...), except place names (``Geox``),
  whose plurals are not words of the news ("Киевы").

Spelling in the regex: Russian е and ё are interchangeable (``[её]``; print mostly omits ё);
Ukrainian apostrophes ’ ʼ ' ` ‘ all match (the dictionary knows only ASCII ' and the lexicon's
normalization maps the others to it, but the regex does not rely on that); words are separated
by a literal space, which the lexicon reads as "spaces with at most one line break"; forms are
lower case, since the lexicon matches case-insensitively (acronyms keep their capitals, for
variants that set ``case_sensitive``).

Examples
--------
>>> forms = expand_lemmas("киевский режим", "ru")
>>> [f in forms for f in ["киевского режима", "киевскому режиму", "киевском режиме", "киевские режимы"]]
[True, True, True, True]
>>> "киевского режим" in forms  # no cartesian product: the adjective agrees
False
>>> expand_lemmas("ВСУ", "ru")
['ВСУ']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import LexiconError
from .inflect_grammar import (
    _LOCATIVE,
    _agreeing,
    _analyzer,
    _case,
    _gender,
    _head_lexemes,
    _modifier_lexeme,
    _modifier_parses,
    _number,
    _plan,
)

#: Languages with a morphological dictionary here.
LANGUAGES = ("ru", "uk")
#: The apostrophes that Ukrainian text uses between a consonant and я ю є ї.
APOSTROPHES = "'\u2019\u02bc`\u2018"
#: Regex class matching any of them.
APOSTROPHE_CLASS = "['\u2019\u02bc`\u2018]"
#: Prepositions that take the locative of a place: "на/в Украине", "на/в/у Україні".
LOCATIVE_PREPOSITIONS = {"ru": ("в", "на"), "uk": ("в", "у", "на")}

_WORD_SPLIT = re.compile(r"\s+")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_APOSTROPHE_RX = re.compile("[" + APOSTROPHES + "]")


def _check_lang(lang: str, phrase: str) -> None:
    if lang not in LANGUAGES:
        raise LexiconError(
            f"lemma phrase {phrase!r}: language {lang!r} has no morphology here; use one of "
            f"{', '.join(LANGUAGES)}, or write 'patterns' instead of 'lemmas'"
        )
    wrong = _RU_ONLY if lang == "uk" else _UK_ONLY
    m = wrong.search(phrase)
    if m:
        other = "Russian" if lang == "uk" else "Ukrainian"
        raise LexiconError(
            f"lemma phrase {phrase!r} is marked lang {lang!r} but has the {other} letter "
            f"{m.group()!r}; set lang to {'ru' if lang == 'uk' else 'uk'} or fix the spelling"
        )


@dataclass(frozen=True)
class Form:
    """One surface form of a lemma phrase and the readings of its head (``"datv,sing;loct,sing"``:
    case and number, ``;`` between readings; ``"literal"`` for a phrase kept as written)."""

    text: str
    grammemes: str

    @property
    def cases(self) -> frozenset[str]:
        """The head's cases in this form."""
        return frozenset(g.split(",")[0] for g in self.grammemes.split(";"))


def _normalize_phrase(phrase: str, lang: str) -> str:
    text = _WORD_SPLIT.sub(" ", phrase.strip())
    if lang == "uk":
        text = _APOSTROPHE_RX.sub("'", text)
    return text


@lru_cache(maxsize=4096)
def _expand(phrase: str, lang: str) -> tuple[Form, ...]:
    if not isinstance(phrase, str) or not phrase.strip():
        raise LexiconError(f"lemma phrase {phrase!r} is empty; write the phrase in its dictionary form (nominative)")
    _check_lang(lang, phrase)
    text = _normalize_phrase(phrase, lang)
    words = text.split(" ")
    analyzer = _analyzer(lang)
    slots, head, cases = _plan(words, analyzer, lang)
    if head is None:
        return (Form(text, "literal"),)
    if slots[head].role == "adjective":  # a lone adjective or participle: all its forms
        parses = _modifier_parses(analyzer, words[head])
        readings: dict[str, set[str]] = {}
        for f in _modifier_lexeme(parses[0]):
            readings.setdefault(f.word, set()).add(f"{_case(f.tag)},{_number(f.tag)}")
        prefix = " ".join(words[:head])
        return tuple(Form((prefix + " " + w).strip(), ";".join(sorted(g))) for w, g in sorted(readings.items()))

    mods = {}
    for i, s in enumerate(slots):
        if s.role == "modifier":
            mods[i] = [f for p in _modifier_parses(analyzer, s.word)[:1] for f in _modifier_lexeme(p)]
    lexemes = _head_lexemes(words[head], analyzer, cases)
    if not lexemes:
        wanted = "a noun" if cases is None else f"a noun in a case that {words[0]!r} takes"
        raise LexiconError(
            f"lemma phrase {phrase!r}: {words[head]!r} is not {wanted}; write the phrase in its "
            "dictionary form (nominative), or use 'patterns'"
        )
    out: dict[str, set[str]] = {}
    for parse, forms in lexemes:
        gender = _gender(parse, forms)
        animacy = parse.tag.animacy
        for f in forms:
            case, number = _case(f.tag) or "nomn", _number(f.tag)
            variants: list[list[str]] = [[]]
            ok = True
            for i, s in enumerate(slots):
                if s.role == "head":
                    choices = [f.word]
                elif s.role == "modifier":
                    choices = _agreeing(mods[i], case, number, gender, animacy)
                    if not choices:
                        ok = False
                        break
                else:
                    choices = [s.word]
                variants = [v + [c] for v in variants for c in choices]
            if not ok:
                continue
            for v in variants:
                out.setdefault(" ".join(v), set()).add(f"{case},{number}")
    return tuple(Form(t, ";".join(sorted(g))) for t, g in sorted(out.items()))


def forms(phrase: str, lang: str) -> list[Form]:
    """Every surface form of ``phrase`` with its head's case and number, for inspection.

    Examples
    --------
    >>> [(f.text, f.grammemes) for f in forms("Киев", "ru")][:3]
    [('киев', 'accs,sing;nomn,sing'), ('киева', 'gent,sing'), ('киеве', 'loct,sing')]
    """
    return list(_expand(phrase, lang))


def expand_lemmas(phrase: str, lang: str) -> list[str]:
    """Every inflected surface form of a lemma phrase (sorted, lower case but for literal words).

    Parameters
    ----------
    phrase : str
        The phrase in its dictionary form (nominative): "киевский режим", "революція гідності",
        "на Украине" (a prepositional phrase keeps its case), "СВО" (literal).
    lang : str
        ``"ru"`` or ``"uk"``: which dictionary to use.

    Raises
    ------
    LexiconError
        Unsupported language, a phrase whose letters belong to the other language, an empty
        phrase, or a head word that is not a noun in the nominative.

    Examples
    --------
    >>> expand_lemmas("Киев", "ru")
    ['киев', 'киева', 'киеве', 'киевом', 'киеву']
    >>> [f for f in expand_lemmas("революція гідності", "uk") if f.startswith("революції")]
    ['революції гідності']
    >>> expand_lemmas("на Украине", "ru")
    ['на украине']
    """
    return [f.text for f in _expand(phrase, lang)]


def locative_forms(noun_phrase: str, lang: str, prepositions: tuple[str, ...] | None = None) -> list[str]:
    """The locative of a noun phrase after each preposition: the "на/в Украине" marker.

    "на Украине" (Russian official usage) and "в Украине" (Ukrainian usage) are the marker;
    the accusative after the same prepositions ("нападение на Украину", "напад на Україну",
    "въезд в Украину") is a direction, not a marker, and is not produced.

    Parameters
    ----------
    noun_phrase : str
        In the nominative: "Украина", "Україна", "Крым".
    lang : str
        ``"ru"`` or ``"uk"``.
    prepositions : tuple of str, optional
        Default :data:`LOCATIVE_PREPOSITIONS` (ru: в, на; uk: в, у, на).

    Examples
    --------
    >>> locative_forms("Украина", "ru")
    ['в украине', 'на украине']
    >>> locative_forms("Україна", "uk")
    ['в україні', 'на україні', 'у україні']
    """
    preps = tuple(prepositions) if prepositions else LOCATIVE_PREPOSITIONS.get(lang, ())
    expansion = _expand(noun_phrase, lang)
    # the number written: "Украина" gives the singular locative only (not "в украинах")
    written = _normalize_phrase(noun_phrase, lang).lower()
    numbers = {
        g.split(",")[1]
        for f in expansion
        if f.text.lower() == written and f.grammemes != "literal"
        for g in f.grammemes.split(";")
        if g.startswith("nomn,")
    } or {"sing", "plur"}
    out = set()
    for f in expansion:
        if f.grammemes == "literal":
            continue
        readings = {tuple(g.split(",")) for g in f.grammemes.split(";")}
        if any(c in _LOCATIVE and n in numbers for c, n in readings):
            for p in preps:
                out.add(f"{p.lower()} {f.text}")
    if not out:
        raise LexiconError(f"noun phrase {noun_phrase!r} has no locative form; write it in the nominative")
    return sorted(out)


# ------------------------------------------------------------------------------------------------
# Regex
# ------------------------------------------------------------------------------------------------


def _fold(text: str, lang: str) -> str:
    if lang == "ru":
        text = text.replace("ё", "е").replace("Ё", "Е")
    return _APOSTROPHE_RX.sub("'", text)


def _atom(ch: str, lang: str) -> str:
    if ch == " ":
        return " "  # the lexicon reads a literal space as "spaces with at most one line break"
    if ch == "'":
        return APOSTROPHE_CLASS
    if lang == "ru" and ch == "е":
        return "[её]"
    if lang == "ru" and ch == "Е":
        return "[ЕЁ]"
    return re.escape(ch)


def trie_pattern(strings: list[str], lang: str) -> str:
    """An alternation of ``strings`` factored as a character trie (``киев(?:а|е|ом|у)?``), so the
    regex engine tries each prefix once; е/ё and apostrophe variants are folded (see module).

    Examples
    --------
    >>> trie_pattern(["киев", "киева", "киеву"], "ru")
    'ки[её]в(?:а|у)?'
    """
    trie: dict = {}
    for s in sorted({_fold(s, lang) for s in strings}):
        d = trie
        for ch in s:
            d = d.setdefault(ch, {})
        d[""] = {}

    def build(d: dict) -> str:
        alts = [_atom(k, lang) + build(v) for k, v in sorted(d.items()) if k != ""]
        if not alts:
            return ""
        if len(alts) > 1:
            body = "(?:" + "|".join(alts) + ")"
            return body + "?" if "" in d else body
        body = alts[0]
        if "" not in d:
            return body
        single = len(body) == 1 or re.fullmatch(r"\\.|\[[^\]]*\]", body)
        return f"{body}?" if single else f"(?:{body})?"

    return build(trie)


@lru_cache(maxsize=4096)
def lemma_pattern(phrase: str, lang: str) -> str:
    """A regex for every form of ``phrase``, to use as an ordinary lexicon ``patterns`` entry.

    The lexicon bounds it by word edges, matches it case-insensitively on normalized text and
    reads each literal space as a run of spaces with at most one line break.

    Examples
    --------
    >>> lemma_pattern("Киев", "ru")
    'ки[её]в(?:а|[её]|ом|у)?'
    >>> import re
    >>> rx = re.compile(r"(?<!\\w)(?:" + lemma_pattern("Киев", "ru") + r")(?!\\w)", re.I)
    >>> [bool(rx.search(s)) for s in ["в Киеве", "Киевская область", "Киевстар"]]
    [True, False, False]
    """
    return trie_pattern(expand_lemmas(phrase, lang), lang)


def locative_pattern(noun_phrase: str, lang: str, prepositions: tuple[str, ...] | None = None) -> str:
    """A regex for :func:`locative_forms`: only the locative after the prepositions.

    Examples
    --------
    >>> locative_pattern("Украина", "ru")
    '(?:в украин[её]|на украин[её])'
    """
    return trie_pattern(locative_forms(noun_phrase, lang, prepositions), lang)


# ------------------------------------------------------------------------------------------------
# Lexicon entries with lemmas
# ------------------------------------------------------------------------------------------------


def variant_patterns(
    lemmas: list[str] | tuple[str, ...], lang: str, patterns: list[str] | tuple[str, ...] = ()
) -> list[str]:
    """The ``patterns`` of a lexicon variant that has ``lemmas`` (and maybe ``patterns``): its own
    patterns first, then one :func:`lemma_pattern` per lemma phrase: what the lexicon loader does
    with a variant's ``lemmas`` field (:mod:`framing.lexicon`).

    Examples
    --------
    >>> variant_patterns(["Киев"], "ru", ["Киевщин\\\\w*"])
    ['Киевщин\\\\w*', 'ки[её]в(?:а|[её]|ом|у)?']
    """
    return [*patterns, *(lemma_pattern(str(p), lang) for p in lemmas)]
