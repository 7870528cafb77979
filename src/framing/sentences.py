"""Sentences of a text, found by a regular-expression splitter (NLTK's Punkt needs model data that
is not available offline): a sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes/brackets)
followed by whitespace and an upper-case letter (Latin or Cyrillic), digit or opening quote, unless
the word before the full stop is a known abbreviation (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.``,
``г.``, ``тыс.``) or a single initial; and always at a line break. Used by :mod:`framing.voice`
(the sentence of a mention) and through it by matching, KWIC and the explorer.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov pres st jr sr inc ltd co corp vs
    etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est""".split()
)
#: Abbreviations that only stand before a number ("No. 5", "Art. 207.3").
NUMBER_ABBREVIATIONS = frozenset("no nos vol fig art p pp".split())
#: Russian and Ukrainian abbreviations that a full stop ends inside a sentence ("в 2014 г. Россия",
#: "25 тыс. человек", "им. Шевченко", "ул. Крещатик").
ABBREVIATIONS_RU_UK = frozenset(
    """г гг тыс млн млрд руб грн коп им ул пр просп пер обл р-н ст см др т н зв напр род рр""".split()
)
#: A sentence end: ., ! or ? (closing quotes and brackets may follow), then space and a capital
#: (Latin or Cyrillic), a digit or an opening quote.
_BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«„(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])")
_DIGIT_NEXT = re.compile(r"\s*\d")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text`` (whitespace trimmed).

    Examples
    --------
    >>> t = "Gen. Kellogg met Mr. Umerov in Kyiv. Talks went on.\\nNew line"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Gen. Kellogg met Mr. Umerov in Kyiv.', 'Talks went on.', 'New line']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        stop = n if nl == -1 else nl
        _paragraph_sentences(text, pos, stop, spans)
        if nl == -1:
            break
        pos = nl + 1
    return spans


_LETTERS_DOTS = re.compile(r"[a-zа-яёіїєґ][a-zа-яёіїєґ.-]*")


def _is_boundary(text: str, para_start: int, i: int, end: int) -> bool:
    """A sentence-end candidate ``text[i:end]`` (a :data:`_BOUNDARY` match) is real unless a
    full stop follows an abbreviation or initial."""
    if text[i] != ".":
        return True
    j = text.rfind(" ", max(para_start, i - 30), i) + 1
    if j == 0:
        j = max(para_start, i - 30)
    w = text[j:i].lstrip("\"“‘'([{").lower()
    if not _LETTERS_DOTS.fullmatch(w):
        return True
    word = w.rstrip(".")
    if word in ABBREVIATIONS or word in ABBREVIATIONS_RU_UK or len(word) == 1 or "." in word:
        return False
    if word in NUMBER_ABBREVIATIONS and _DIGIT_NEXT.match(text, end):
        return False
    return True


def _paragraph_sentences(text: str, pos: int, stop: int, spans: list[tuple[int, int]]) -> None:
    para_start = pos
    for m in _BOUNDARY.finditer(text, pos, stop):
        if not _is_boundary(text, pos, m.start(), m.end()):
            continue
        _append_trimmed(text, para_start, m.end(), spans)
        para_start = m.end()
    _append_trimmed(text, para_start, stop, spans)


def _append_trimmed(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    seg = text[a:b]
    left = seg.lstrip()
    if left:  # str.strip trims exactly the characters str.isspace accepts
        a += len(seg) - len(left)
        out.append((a, a + len(left.rstrip())))
