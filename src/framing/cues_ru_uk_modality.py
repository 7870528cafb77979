"""Russian and Ukrainian modality cues (see :mod:`framing.cues_ru_uk`): negation ("не", "ни",
"жодн…") and denials ("отрицает", "спростовує"), conditions ("если", "якщо", "в случае", "у
разі"), modals ("может", "може"), prospects ("угроза", "загроза") and questions ("ли", "чи").

Examples
--------
>>> s = "Никакой войны не будет, заявил он."
>>> classify_modality_ru_uk(s, s.index("войны"), s.index("войны") + 5)
('negated', 'Никакой')
"""

from __future__ import annotations

import re
from collections.abc import Container

from .cues_ru_uk_voice import _Q

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


#: The stem families of :data:`HYPO_AFTER`'s cues (:data:`framing.cues_ru_uk.STEM_SOURCES`).
_HYPO_AFTER_FAMILIES = tuple(f"hypothetical_after_{i}" for i in range(len(_HYPO_AFTER_CUES)))
