"""Russian and Ukrainian cues for voice and modality: distancing, scare quotes, negation,
conditions and prospects, as data and small pure functions.

The English rules live in :mod:`framing.voice` (distancing: "so-called", "self-proclaimed",
scare quotes; attribution: "said", "according to"; sentence ends) and :mod:`framing.modality` (negated: "there was no coup"; hypothetical: "if
Russia invades", "the threat of an invasion"). These are their Russian and Ukrainian
counterparts, in the same shape, so that the voice and modality classifiers can pick the cue
set by the document's language:

* a cue *before* the term is a regex anchored at the end (``$``) of the text before the term;
* a cue *after* the term is anchored at the start (``^``) of the text after it;
* every regex is compiled with ``re.IGNORECASE`` on ``str`` patterns, so ``\\b`` and ``\\w`` are
  Unicode-aware: ``\\bне\\b`` finds the particle "не" and not the "не" inside "Украине" or
  "неонацисты" (``tests/test_cues_ru_uk.py`` checks this, and that ``re.ASCII`` would break it).

Quotation marks: Russian and Ukrainian print uses «ёлочки» and „лапки“ (and “ ” or " in
Telegram posts); :func:`framing.normalize.normalize_text` maps them all to ``"``, so every cue
here accepts both the typographic and the normalized form.

Examples
--------
>>> s = "Так называемая ДНР объявила мобилизацию."
>>> distancing_cue(s[:s.index("ДНР")])
'Так называемая'
>>> s = "Никакой войны не будет, заявил он."
>>> classify_modality_ru_uk(s, s.index("войны"), s.index("войны") + 5)
('negated', 'Никакой')
"""

from __future__ import annotations

import re
from collections.abc import Container

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


# ------------------------------------------------------------------------------------------------
# Negation
# ------------------------------------------------------------------------------------------------

#: Negation words (right before the term, at most two determiners or adjectives between).
NEGATION = {
    "ru": [
        r"не",
        r"нет",
        r"нету",
        r"ни",
        r"никак\w+",
        r"ничего",
        r"никогда",
        r"не\s+было",
        r"не\s+является",
        r"не\s+существует",
        r"вовсе\s+не",
        r"отнюдь\s+не",
    ],
    "uk": [
        r"не",
        r"ні",
        r"немає",
        r"нема",
        r"жодн\w*",
        r"жоден",
        r"ніяк\w+",
        r"ніколи",
        r"не\s+було",
        r"не\s+є",
        r"зовсім\s+не",
    ],
}
#: Denials and refutations (shortly before the term in its clause).
DENIAL = {
    "ru": [
        r"отрица\w*",
        r"опроверг\w*",
        r"опроверга\w*",
        r"опровержени\w*",
        r"отверга\w*",
        r"отверг(?:ла|ли|нул\w*)?",
        r"(?:миф\w*|фейк\w*|ложь|лжи|выдумк\w*|вымысл\w*|вымысел|спекуляци\w*)\s+(?:о|об|про)",
        r"не\s+призна\w*",
    ],
    "uk": [
        r"запереч\w*",
        r"спростов\w*",
        r"спростува\w*",
        r"відкида\w*",
        r"відкину\w*",
        r"(?:міф\w*|фейк\w*|брехн\w*|вигадк\w*|спекуляці\w*)\s+(?:про|щодо)",
        r"не\s+визна\w*",
    ],
}
#: Words that may stand between a negation and the term: determiners, adjectives (by their
#: Russian or Ukrainian endings), a capitalized word, a quoted word; never a verb.
_GAP = (
    r"(?:это|этот|эта|этой|этого|такой|такая|такое|такого|таких|какой|какая|какого|всякой|всякого|"
    r"це|цей|ця|цього|цієї|такий|така|таке|такого|такої|якої|якого|"
    r"[\w'-]+(?:ый|ий|ій|ой|ая|яя|ое|ее|ые|ие|ого|его|ього|ому|ему|ьому|ую|юю|ых|их|іх|ым|им|ім|ыми|ими|іми|ої|ьої|ою|ею|і)"
    r"|(?-i:[A-ZА-ЯЁІЇЄҐ][\w'.-]*)|" + _Q + r"[^\"«»„“”]{0,40}" + _Q + r")"
)
NEG_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(NEGATION["ru"] + NEGATION["uk"]) + r")\s+(?:" + _GAP + r"\s+){0,2}" + _Q + r"?$",
    re.IGNORECASE,
)
_STOP = r"(?!(?:после|перед|во\s+время|из-за|потому|когда|пока|під\s+час|після|перед|через|бо|коли|поки)\b)"
DENIAL_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(DENIAL["ru"] + DENIAL["uk"]) + r")(?:\s+" + _STOP + r"[^\s,;]+){0,6}\s+" + _Q + r"?$",
    re.IGNORECASE,
)
#: After the term: the event did not happen ("так и не началась", "не відбулося").
NEG_AFTER = re.compile(
    r"^\W*(?:(?:которой|которого|которая|который|якої|якого|яка|який|що)\s+)?(?:так\s+і?и?\s+)?"
    r"(?:не\s+было|не\s+существовало|не\s+(?:произош|состоял|началс|началас|случил)\w*|никогда\s+не\s+\w+"
    r"|не\s+було|не\s+(?:відбу|стал|став|почал|почав|розпочал|розпочав)\w*|ніколи\s+не\s+\w+)",
    re.IGNORECASE,
)


def negation_cue(before: str, after: str = "", families: Container[str] | None = None) -> str | None:
    """The negation or denial that bears on a term, or ``None``: a negation right before it ("не
    было никакого госпереворота", "це не війна", "жодної окупації"), a denial earlier in the
    clause ("Кремль отрицает планы вторжения", "МЗС спростовує ..."), or a negated happening
    after it ("вторжение, которого не было").

    ``before``/``after``: the text of the term's clause before and after it. ``families``: the
    families of :data:`STEM_SOURCES` that may be present (the others' regexes are not run: their
    cues cannot be there); ``None``: all.

    Examples
    --------
    >>> negation_cue("Это не ")
    'не'
    >>> negation_cue("не було жодного ")
    'жодного'
    >>> negation_cue("Москва отрицает планы ")
    'отрицает'
    >>> negation_cue("Россия начала ", "") is None
    True
    """
    m = NEG_BEFORE.search(before) if families is None or "negation" in families else None
    if m:
        return _last_negation(m.group(0))
    m = DENIAL_BEFORE.search(before) if families is None or "denial" in families else None
    if m:
        return m.group(0).split()[0]
    m = NEG_AFTER.search(after) if families is None or "negation_after" in families else None
    if m:
        return " ".join(m.group(0).strip(" ,").split()[:3])
    return None


# longest first, so that "не было" is one cue and not "не"
_NEG_WORD = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(NEGATION["ru"] + NEGATION["uk"], key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
)


def _last_negation(text: str) -> str:
    """The last negation word of a match ("не было никакого" -> "никакого")."""
    found = _NEG_WORD.findall(text)
    return found[-1] if found else text.split()[0]


# ------------------------------------------------------------------------------------------------
# Conditions, modals, prospects
# ------------------------------------------------------------------------------------------------

#: Conditions: anywhere earlier in the comma-delimited part of the clause.
CONDITION = {
    "ru": [
        r"если",
        r"если\s+бы",
        r"в\s+случае",
        r"в\s+том\s+случае",
        r"при\s+условии",
        r"на\s+случай",
        r"допустим",
        r"предположим",
        r"гипотетическ\w*",
        r"чтобы",
    ],
    "uk": [
        r"якщо",
        r"якби",
        r"у\s+разі",
        r"в\s+разі",
        r"на\s+випадок",
        r"за\s+умови",
        r"припустимо",
        r"гіпотетичн\w*",
        r"щоб",
        r"аби",
    ],
}
#: Modals right before the term (one adverb may stand between): "может", "могут", "може".
MODAL = {
    "ru": [
        r"может",
        r"могут",
        r"мог",
        r"могла",
        r"могло",
        r"могли",
        r"может\s+быть",
        r"возможно",
        r"вероятно",
        r"будет",
        r"будут",
        r"способн\w+",
    ],
    "uk": [
        r"може",
        r"можуть",
        r"міг",
        r"могла",
        r"могло",
        r"могли",
        r"можливо",
        r"ймовірно",
        r"імовірно",
        r"буде",
        r"будуть",
        r"здатн\w+",
    ],
}
#: Words that make the event a prospect (at most two words between): "угроза", "возможное",
#: "загроза", "можливе".
PROSPECT = {
    "ru": [
        r"угроз\w*",
        r"риск\w*",
        r"опасност\w*",
        r"опасени\w*",
        r"возможн\w*",
        r"потенциальн\w*",
        r"вероятн\w*",
        r"неминуем\w*",
        r"надвигающ\w*",
        r"грядущ\w*",
        r"предстоящ\w*",
        r"планируем\w*",
        r"подготовк\w*",
        r"готов\w*",
        r"план\w*",
        r"замыс\w*",
        r"предотвра\w*",
        r"не\s+допус\w*",
        r"воздерж\w*",
        r"(?:с)?провоцир\w*",
        r"прогноз\w*",
    ],
    "uk": [
        r"загроз\w*",
        r"ризик\w*",
        r"небезпек\w*",
        r"побоюван\w*",
        r"можлив\w*",
        r"потенційн\w*",
        r"ймовірн\w*",
        r"імовірн\w*",
        r"неминуч\w*",
        r"майбутн\w*",
        r"запланован\w*",
        r"підготовк\w*\s+до",
        r"готу\w*",
        r"план\w*",
        r"задум\w*",
        r"запобіг\w*",
        r"не\s+допус\w*",
        r"утрима\w*",
        r"(?:с)?провокува\w*",
        r"прогноз\w*",
    ],
}
CONDITION_CUE = re.compile(r"(?<!\w)(?:" + "|".join(CONDITION["ru"] + CONDITION["uk"]) + r")(?!\w)", re.IGNORECASE)
#: Verbs of launching that may stand between a modal and the term ("может начать вторжение");
#: other verbs presuppose the event ("будет продолжать операцию": asserted).
LAUNCH = {
    "ru": [
        r"начать",
        r"начинать",
        r"развязать",
        r"устроить",
        r"провести",
        r"осуществить",
        r"совершить",
        r"предпринять",
        r"объявить",
        r"стать",
    ],
    "uk": [
        r"почати",
        r"розпочати",
        r"починати",
        r"розв'язати",
        r"влаштувати",
        r"провести",
        r"здійснити",
        r"оголосити",
        r"стати",
    ],
}
MODAL_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(MODAL["ru"] + MODAL["uk"]) + r")\s+(?:\w+(?:о|е|і)\s+)?"
    r"(?:(?:" + "|".join(LAUNCH["ru"] + LAUNCH["uk"]) + r")\s+(?:[\w'-]+\s+)?)?$",
    re.IGNORECASE,
)
PROSPECT_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(PROSPECT["ru"] + PROSPECT["uk"]) + r")\s+(?:[\w'-]+\s+){0,2}" + _Q + r"?$",
    re.IGNORECASE,
)
#: After the term: a modal of happening ("может начаться", "може розпочатися") or "is likely".
#: The cues of :data:`HYPO_AFTER`: a modal of happening, a Russian or a Ukrainian "likely".
_HYPO_AFTER_CUES = (
    r"(?:может|могут|могло|могла|мог|может\s+быть|будет|"
    r"може|можуть|могло|могла|міг|буде)\s+(?:\w+\s+)?(?:начаться|произойти|случиться|состояться|стать|последовать|"
    r"початися|розпочатися|статися|відбутися|настати)",
    r"(?:(?:стало|стала|выглядит|кажется|становится|считает\w*)\s+)?"
    + _Q
    + r"?(?:весьма\s+|вполне\s+|очень\s+)?(?:неизбежн|вероятн|возможн|неминуем)\w*",
    r"(?:(?:стало|стала|виглядає|видається|стає|вважає\w*)\s+)?"
    + _Q
    + r"?(?:дуже\s+|цілком\s+)?(?:неминуч|ймовірн|імовірн|можлив)\w*",
)
HYPO_AFTER = re.compile(
    r"^\W*(?:(?:которое|которая|который|яке|яка|який|що)\s+)?(?:[\w'-]+\s+){0,3}?(?P<cue>"
    + "|".join(_HYPO_AFTER_CUES)
    + r")(?!\w)",
    re.IGNORECASE,
)
#: A clause opened by "ли"/"чи" questions the event: "Начнётся ли война?", "Чи буде війна?".
QUESTION = re.compile(r"(?:^\W*чи\b|\bли\b)", re.IGNORECASE)


def hypothetical_cue(
    before: str, after: str = "", segment: str | None = None, families: Container[str] | None = None
) -> str | None:
    """The condition, modal or prospect that makes a term hypothetical, or ``None``.

    ``before``/``after``: the text of the term's clause before and after it; ``segment``: the
    comma-delimited part of the clause that holds the term (default: ``before`` after its last
    comma), where a condition ("если", "якщо", "в случае", "у разі") is looked for. ``families``:
    as for :func:`negation_cue`.

    Examples
    --------
    >>> hypothetical_cue("Если Россия начнёт ")
    'Если'
    >>> hypothetical_cue("Зростає загроза ")
    'загроза'
    >>> hypothetical_cue("Росія може ")
    'може'
    >>> hypothetical_cue("", " может начаться в любой момент")
    'может начаться'
    >>> hypothetical_cue("Россия продолжает ") is None
    True
    """
    seg = before[before.rfind(",") + 1 :] if segment is None else segment
    m = CONDITION_CUE.search(seg) if families is None or "condition" in families else None
    if m:
        return m.group(0)
    for family, rx in (("modal", MODAL_BEFORE), ("prospect", PROSPECT_BEFORE)):
        m = rx.search(before) if families is None or family in families else None
        if m:
            words = m.group(0).split()
            return (
                " ".join(words[:2])
                if re.match(r"(?:может|може)$", words[0], re.I) and len(words) > 1 and words[1].lower() == "быть"
                else words[0]
            )
    m = HYPO_AFTER.search(after) if families is None or any(f in families for f in _HYPO_AFTER_FAMILIES) else None
    if m:
        return " ".join(m.group("cue").strip(' ,"«»„“”').split()[:2])
    return None


#: Clause breaks for Russian and Ukrainian: punctuation, dashes, and "но", "а", "однако", "хотя",
#: "але", "проте", "однак", "хоча", "тоді як" after a comma or space.
CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|\s[—–]\s|\s-\s|,?\s+(?:но|однако|хотя|зато|але|проте|однак|хоча|зате|тоді\s+як)\s+|\.\s",
    re.IGNORECASE,
)


#: After the term: the event will not happen ("войны не будет", "вторгнення не буде").
FUTURE_NEGATION_AFTER = re.compile(r"^\W*(не\s+будет|не\s+буде|не\s+начн\w+|не\s+почн\w+)", re.IGNORECASE)


def classify_modality_ru_uk(sentence: str, start: int, end: int, lang: str = "ru") -> tuple[str, str]:
    """``(modality, cue)`` of the term at ``sentence[start:end]`` in Russian or Ukrainian text:
    :func:`framing.modality.classify_modality` with ``lang`` (one implementation; these are its cues).

    Examples
    --------
    >>> def m(s, term):
    ...     i = s.index(term)
    ...     return classify_modality_ru_uk(s, i, i + len(term))
    >>> m("Российские войска продолжают специальную военную операцию.", "специальную военную операцию")
    ('asserted', '')
    >>> m("Кремль отрицает планы вторжения на Украину.", "вторжения")
    ('negated', 'отрицает')
    >>> m("У разі вторгнення Захід запровадить санкції.", "вторгнення")
    ('hypothetical', 'У разі')
    >>> m("Начнётся ли война?", "война")
    ('hypothetical', 'ли')
    """
    from .modality import classify_modality

    return classify_modality(sentence, start, end, lang if lang in ("ru", "uk") else "ru")


# ------------------------------------------------------------------------------------------------
# Stems: what each cue regex opens with (for framing.prefilter)
# ------------------------------------------------------------------------------------------------


_HYPO_AFTER_FAMILIES = tuple(f"hypothetical_after_{i}" for i in range(len(_HYPO_AFTER_CUES)))


def _opening(rx: re.Pattern, edge: str, source: str) -> str:
    """``source``, after checking that every match of ``rx`` opens with it right after ``edge``
    (a word-edge assertion, or ``^\\W*``, which leaves a match at a word start)."""
    if not rx.pattern.startswith(edge + source):  # pragma: no cover - a cue regex changed shape
        raise AssertionError(f"{rx.pattern[:40]!r} does not open with {source[:40]!r}")
    return source


def _alternatives(*lists: list[str]) -> str:
    return "(?:" + "|".join(x for lst in lists for x in lst) + ")"


#: For each family of Russian and Ukrainian cue regexes, the regex source every match of the family
#: opens with, at the start of a word: :class:`framing.prefilter.StemFamilies` finds in one pass the
#: places where none of them can match. ``*_after`` families are looked for after the term, the
#: others before it (``attribution`` anywhere in its sentence).
STEM_SOURCES: dict[str, str | list[str]] = {
    # "что они называют": "что" and "как" are everywhere, so the verb, a word of every such match,
    # stands for them (its stem, too, lies in the stretch before the term that is searched)
    "distancing": [
        _opening(DISTANCING_CUE, r"(?<!\w)", _alternatives(DISTANCING["ru"], DISTANCING["uk"]))
        .replace(DISTANCING["ru"][-1], _CALLS["ru"])
        .replace(DISTANCING["uk"][-1], _CALLS["uk"])
    ],
    "attribution": _opening(ATTRIBUTION_CUE, r"(?<!\w)", _alternatives(ATTRIBUTION["ru"], ATTRIBUTION["uk"])),
    "negation": _opening(NEG_BEFORE, r"(?<!\w)", _alternatives(NEGATION["ru"], NEGATION["uk"]) + r"\s+"),
    "denial": _opening(DENIAL_BEFORE, r"(?<!\w)", _alternatives(DENIAL["ru"], DENIAL["uk"])),
    "condition": _opening(CONDITION_CUE, r"(?<!\w)", _alternatives(CONDITION["ru"], CONDITION["uk"])),
    "modal": _opening(MODAL_BEFORE, r"(?<!\w)", _alternatives(MODAL["ru"], MODAL["uk"]) + r"\s+"),
    "prospect": _opening(PROSPECT_BEFORE, r"(?<!\w)", _alternatives(PROSPECT["ru"], PROSPECT["uk"])),
    "negation_after": _opening(NEG_AFTER, r"^\W*", NEG_AFTER.pattern[len(r"^\W*") :]),
    "future_negation_after": _opening(FUTURE_NEGATION_AFTER, r"^\W*", FUTURE_NEGATION_AFTER.pattern[len(r"^\W*") :]),
    # the cue of HYPO_AFTER follows whole words and spaces: it, too, starts a word
    **dict(zip(_HYPO_AFTER_FAMILIES, _HYPO_AFTER_CUES)),
}
#: The families of :data:`STEM_SOURCES` whose regexes run on the clause before a term, and after it.
MODALITY_BEFORE_FAMILIES = ("negation", "denial", "condition", "modal", "prospect")
MODALITY_AFTER_FAMILIES = ("negation_after", "future_negation_after", *_HYPO_AFTER_FAMILIES)
