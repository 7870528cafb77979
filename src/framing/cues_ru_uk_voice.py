"""Russian and Ukrainian voice cues (see :mod:`framing.cues_ru_uk`): quotation marks, distancing
("так называемый", "так званий", "якобы", "нібито"), scare quotes, sentence ends, and reported
speech ("заявил", "за словами", "Лавров: …").

Examples
--------
>>> s = "Так называемая ДНР объявила мобилизацию."
>>> distancing_cue(s[:s.index("ДНР")])
'Так называемая'
"""

from __future__ import annotations

import re

#: Opening and closing quotation marks of Russian and Ukrainian text (and the normalized ``"``).
OPENING_QUOTES = "«„“\"‘'‹"
CLOSING_QUOTES = "»“”\"’'›"
#: Pairs of quotation marks as printed: «…», „…“, “…”, "…", ‹…›, ‘…’.
QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"', "‹": "›", "‘": "’", "'": "'"}
QUOTE_MARKS = re.compile("[" + re.escape("".join(sorted(set(OPENING_QUOTES + CLOSING_QUOTES)))) + "]")

_Q = '["«»„“”‹›]'  # a double quotation mark, typographic or normalized

# ------------------------------------------------------------------------------------------------
# Distancing
# ------------------------------------------------------------------------------------------------

#: The verb of "what they call" (the last distancing phrase of each language).
_CALLS = {"ru": r"называ(?:ет|ют|л|ли|ла)", "uk": r"назива(?:є|ють|в|ли|ла)"}
#: Distancing words and phrases (as regex sources), by language. Adjectives are given with their
#: case endings (``\\w*``): "так называемой", "самопроголошеної".
DISTANCING = {
    "ru": [
        r"так\s+называем\w*",
        r"т\.\s?н\.",
        r"так\s+сказать",
        r"якобы",
        r"будто\s+бы",
        r"мним\w*",
        r"самопровозглаш[её]нн?\w*",
        r"самозван\w*",
        r"псевдо",
        r"лже",
        r"(?:что|как)\s+(?:\w+\s+){0,3}?" + _CALLS["ru"] + r"\b(?:\s+\w+)?",
    ],
    "uk": [
        r"так\s+зван\w*",
        r"т\.\s?зв\.",
        r"так\s+би\s+мовити",
        r"нібито",
        r"начебто",
        r"удаван\w*",
        r"самопроголошен\w*",
        r"самозван\w*",
        r"псевдо",
        r"лже",
        r"(?:що|як)\s+(?:\w+\s+){0,3}?" + _CALLS["uk"] + r"\b(?:\s+\w+)?",
    ],
}
#: A distancing cue ending within one word (and an optional opening quote) of the term ("так
#: называемой «ДНР»", "так званих народних республік"); a hit of these languages starts at its first
#: word, adjectives included, so a second word would be the verb of another clause ("так
#: называемая СВО идёт на Украине"). "псевдо" and "лже" may also be joined to the term by a
#: hyphen ("псевдо-референдум"); written as one word ("псевдореферендум") they are part of the term.
DISTANCING_CUE = re.compile(
    r"(?<!\w)(?:" + "|".join(DISTANCING["ru"] + DISTANCING["uk"]) + r")"
    r"(?:\s*-\s*|\s+|\s*" + _Q + r"\s*)(?:[\w'-]+\s+)?" + _Q + r"?\s*$",
    re.IGNORECASE,
)


def distancing_cue(before: str) -> str | None:
    """The distancing cue that ends right before a term, or ``None``.

    ``before`` is the text up to the term (its sentence, say).

    Examples
    --------
    >>> distancing_cue("в так званій ")
    'так званій'
    >>> distancing_cue("т. зв. ")
    'т. зв.'
    >>> distancing_cue("Россия начала ") is None
    True
    """
    m = DISTANCING_CUE.search(before)
    if not m:
        return None
    cue = re.match(r"(?:" + "|".join(DISTANCING["ru"] + DISTANCING["uk"]) + r")", m.group(0), re.IGNORECASE)
    return cue.group(0) if cue else m.group(0).strip()


_OPENING = re.compile(r"(?:(?<![^\s(\[—–-]))[«„“\"‘'‹](?=\S)")
_CLOSING = re.compile(r"(?<=\S)[»“”\"’'›](?!\w)")


def scare_quoted(text: str, start: int, end: int, max_extra_words: int = 1) -> bool:
    """Whether the term at ``text[start:end]`` stands in quotation marks by itself (scare quotes:
    «референдум», „ДНР“, "освобождение"), with at most ``max_extra_words`` other words inside the
    quotes («киевский режим» around "режим").

    A longer quoted stretch is a quotation, not scare quotes (see :mod:`framing.voice`). Ukrainian
    apostrophes inside words ("об'єкт") are not quotation marks.

    Examples
    --------
    >>> s = "Жители «ДНР» получили паспорта."
    >>> scare_quoted(s, s.index("ДНР"), s.index("ДНР") + 3)
    True
    >>> s = "Він сказав: «Окупанти відступають з Херсона»."
    >>> scare_quoted(s, s.index("Окупанти"), s.index("Окупанти") + 8)
    False
    >>> s = "Об'єкт окупанти знищили."
    >>> scare_quoted(s, s.index("окупанти"), s.index("окупанти") + 8)
    False
    """
    lo = max(0, start - 80)
    # the nearest opening quote before the term (at the start or after a space or bracket) and the
    # nearest closing quote after it (not followed by a letter: not an apostrophe)
    mo = None
    for m in _OPENING.finditer(text, lo, min(len(text), start + 1)):
        mo = m
    if mo is None:
        return False
    mc = _CLOSING.search(text, end, min(len(text), end + 80))
    if mc is None:
        return False
    inner_left = text[mo.end() : start]
    inner_right = text[end : mc.start()]
    if (
        QUOTE_MARKS.search(inner_left)
        or QUOTE_MARKS.search(inner_right)
        or re.search(r"[.!?]", inner_left + inner_right)
    ):
        return False
    extra = len(re.findall(r"[\w'-]+", inner_left)) + len(re.findall(r"[\w'-]+", inner_right))
    return extra <= max_extra_words


# ------------------------------------------------------------------------------------------------
# Sentences and attribution
# ------------------------------------------------------------------------------------------------

#: Capital letters that may open a Russian or Ukrainian sentence. :data:`framing.voice._BOUNDARY`
#: looks for a Latin capital only, so Cyrillic sentences run together there until it adds these.
CAPITALS = "А-ЯЁІЇЄҐ"
#: A sentence end: ., ! or ? (closing quotes and brackets may follow), then space and a capital
#: (Latin or Cyrillic), a digit or an opening quote.
SENTENCE_BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«„(\[]?[A-Z0-9À-ÖØ-Þ" + CAPITALS + r"])")
#: Reported speech without quotation marks ("Песков заявил, что ...", "за словами Зеленського").
ATTRIBUTION = {
    "ru": [
        r"по\s+словам",
        r"по\s+данным",
        r"по\s+мнению",
        r"по\s+информации",
        r"согласно",
        r"как\s+заяв\w+",
        r"заяв(?:ил|ила|или|ляет|ляют)",
        r"сообщ(?:ил|ила|или|ает|ают)",
        r"отмети(?:л|ла|ли)",
        r"подчеркну(?:л|ла|ли)",
        r"счита(?:ет|ют)",
        r"утвержда(?:ет|ют|л|ла|ли)",
        r"рассказа(?:л|ла|ли)",
        r"написа(?:л|ла|ли)",
        r"пишет",
        r"переда[её]т",
        r"цитиру(?:ет|ют)",
        r"обвини(?:л|ла|ли)",
        r"обвиня(?:ет|ют)",
        r"назва(?:л|ла|ли)",
    ],
    "uk": [
        r"за\s+словами",
        r"за\s+даними",
        r"на\s+думку",
        r"за\s+інформацією",
        r"згідно\s+з",
        r"як\s+заяв\w+",
        r"заяв(?:ив|ила|или|ляє|ляють)",
        r"повідом(?:ив|ила|или|ляє|ляють)",
        r"зазначи(?:в|ла|ли)",
        r"наголоси(?:в|ла|ли)",
        r"вважа(?:є|ють)",
        r"стверджу(?:є|ють|вав)",
        r"розповіла?|розповів|розповіли",
        r"написа(?:в|ла|ли)",
        r"пише",
        r"переда[єю]",
        r"цитує",
        r"звинувати(?:в|ла|ли)",
        r"звинувачу(?:є|ють)",
        r"назва(?:в|ла|ли)",
    ],
}
ATTRIBUTION_CUE = re.compile(
    r"(?<!\w)(?:" + "|".join(ATTRIBUTION["ru"] + ATTRIBUTION["uk"]) + r")(?!\w)", re.IGNORECASE
)
#: A headline attributed by a name and a colon: "Песков: спецоперация продолжится",
#: "Зеленський: окупанти відступають" (one to four capitalized words before the colon).
HEADLINE_ATTRIBUTION = re.compile(
    r"\s*(?:[A-Z" + CAPITALS + r"][\w'.-]*\s+){0,3}[A-Z" + CAPITALS + r"][\w'.-]*\s*:\s+\S"
)


def attribution_cue(before: str) -> str | None:
    """The reporting cue in the sentence before a term, or ``None``: "по словам", "заявил",
    "за словами", "повідомив" ... (reported speech without quotation marks).

    Examples
    --------
    >>> attribution_cue("Песков заявил, что ")
    'заявил'
    >>> attribution_cue("За словами Зеленського, ")
    'За словами'
    >>> attribution_cue("Российские войска продолжают ") is None
    True
    """
    matches = list(ATTRIBUTION_CUE.finditer(before))  # the last cue before the term decides
    return matches[-1].group(0) if matches else None


def headline_attribution(sentence: str) -> bool:
    """Whether a sentence is a headline attributed by a name and a colon ("Лавров: ...").

    Examples
    --------
    >>> headline_attribution("Лавров: спецоперация будет продолжена"), headline_attribution("Война продолжается")
    (True, False)
    """
    return HEADLINE_ATTRIBUTION.match(sentence) is not None
