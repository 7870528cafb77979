"""Modality of a mention: is the event named as having happened, as a possibility, or as not so?

"Russia's invasion" names an event; "should Russia invade", "warned an invasion could come within
days" and "Moscow denies any plan to attack" do not: a forecast, a condition or a denial is not the
outlet calling the event an invasion. A frame term (what an event *is* called: invasion, coup,
reunification, liberation) therefore counts in the statistics only when **asserted**; a spelling or
a name style ("if Russia attacks Kyiv") shows the outlet's usage whatever the modality.

:func:`classify_modality` looks at the mention's clause (the part of its sentence between clause
breaks — ``;``, ``:``, a dash, "but", "while", "whereas" — around the mention) and returns
``(modality, cue)``:

``negated``
    a negation right before the term ("there was no coup", "it is not a war", "never an
    invasion"), a denial or rejection earlier in the clause ("Moscow denies any plan to attack",
    "rejected claims of a coup"), or a negated happening after it ("an invasion that never
    happened");
``hypothetical``
    a condition ("if", "unless", "whether", "in case", "in the event of", a clause opened by
    "Should/Were/Had" + subject), a forecast or modal
    that bears on the event ("could invade", "would launch an invasion", "any attack would be an
    invasion"), a word that makes the event a prospect ("possible", "potential", "imminent",
    "looming", "feared", "threat of", "fears of", "risk of", "plans to", "preparing for",
    "warned of"), a question about what the event is ("Is this a war?"), or, after the term, a modal of happening ("an invasion could come within days",
    "the invasion is likely");
``asserted``
    everything else. A modal about something else ("Peskov said the military operation would
    continue", "Russia could continue its invasion") leaves the term asserted.

The cue returned is the words that decided (empty for ``asserted``). Negation wins over a
hypothetical cue ("Russia would never invade"). The rules are word patterns, not a parser: their
precision and recall on real text are measured with ``framing validate`` (see the manual, docs/validation.md).

Examples
--------
>>> s = "Should Russia invade, the West will respond."
>>> classify_modality(s, s.index("invade"), s.index("invade") + 6)
('hypothetical', 'Should')
"""

from __future__ import annotations

import re
from collections.abc import Container

from . import cues_ru_uk as cues

#: Clause breaks: the search for cues stops at them.
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|\s[—–]\s|\s-\s|,?\s+(?:but|while|whereas|although|though|yet)\s+|\.\s", re.I)

# --- negation -----------------------------------------------------------------------------------
#: Words that may stand between a negation and the term: determiners and adjective-like words
#: ("no armed coup", "not a full-scale war", "never a real invasion"), never a verb ("has not
#: stopped its invasion" is not a negated invasion).
_GAP = (
    r"(?:a|an|the|any|such|real|true|actual|genuine|proper|armed|military|bloody|big|major|new|so-called"
    r"|(?-i:[A-Z][\w'.-]*)|\d{4}|[\w-]+-[\w-]+|\w+(?:al|ian|ic|ful|less|ous|ive|ern|ese|ish)|[\"“‘'][^\"”’']{0,40}[\"”’'])"
)
#: right before the term: "no coup", "not a war", "never an invasion", "neither a coup nor ..."
_NEG_BEFORE = re.compile(rf"\b(?:no|not|never|n't|nor|neither|no\s+such|none\s+of\s+the)\s+(?:{_GAP}\s+){{0,2}}$", re.I)
#: shortly before the term in the clause: denials and rejections ("denies any plan to attack")
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying|ial\s+of)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|rebuff(?:s|ed)?"
    r"|rul(?:e|es|ed|ing)\s+out|false(?:ly)?\s+claim(?:s|ed)?|myth\s+(?:of|that)|no\s+evidence\s+(?:of|that))"
    r"(?:\s+(?!(?:before|after|since|during|amid|following|until|because|due|when|as)\b)[^\s,;]+){0,6}\s+$",
    re.I,
)
#: after the term: "that never happened", "did not take place"
_NEG_AFTER = re.compile(
    r"^\W*(?:(?:that|which)\s+)?(?:never|did\s+not|didn't|has\s+not|hasn't|had\s+not|hadn't|will\s+not|won't)\s+"
    r"(?:happen|happened|occur|occurred|take\s+place|taken\s+place|took\s+place|materiali[sz]ed?|come|came|begin|began)\b",
    re.I,
)

# --- hypothetical -------------------------------------------------------------------------------
#: earlier in the same comma-delimited part of the clause: conditions; a conditional inversion
#: opening the clause ("Should Russia invade")
_CONDITION = re.compile(
    r"\b(?:if|unless|whether|lest|in\s+case|in\s+the\s+event\s+(?:of|that)|provided\s+that|suppose|supposing"
    r"|hypothetical(?:ly)?|what\s+if)\b",
    re.I,
)
_INVERSION = re.compile(r"^\W*(?:Should|Were|Had)\s+(?=\w)")
#: right before the term (at most one word between): the event as a prospect or a plan
_PROSPECT_TIGHT = re.compile(
    r"\b(?:possible|potential(?:ly)?|imminent|impending|looming|hypothetical|eventual|would-be|any"
    r"|plans?\s+(?:for|to)|planning(?:\s+(?:for|to))?|plotting|prepar(?:e|es|ed|ing)\s+(?:for|to)|preparations\s+for"
    r"|intend(?:s|ed)?\s+to|threaten(?:s|ed|ing)?\s+to|about\s+to|poised\s+to|set\s+to|ready\s+to"
    r"|call(?:s|ed|ing)?\s+for|invitation\s+to|pretext\s+(?:for|to)|justify)"
    r"\s+(?:[\w'-]+\s+)?$",
    re.I,
)
#: right before the term: "feared invasion", "threatened attack"
_PROSPECT_ADJ = re.compile(r"\b(?:feared|threatened|planned|rumou?red|alleged\s+plans?\s+for)\s+$", re.I)
#: shortly before the term (at most two words between): fears, risks, warnings, prevention
_PROSPECT_NEAR = re.compile(
    r"\b(?:prospect|threats?|fears?|risk|danger|spectre|specter|possibility|likelihood|warn(?:s|ed|ing|ings)?)\s+of"
    r"\s+(?:[\w'-]+\s+){0,2}$"
    r"|\b(?:on\s+the\s+brink\s+of|in\s+the\s+event\s+of|ahead\s+of\s+(?:a|an|any)|avert(?:s|ed|ing)?|prevent(?:s|ed|ing)?"
    r"|deter(?:s|red|ring)?|stave\s+off|predict(?:s|ed|ing)?|forecast(?:s|ed|ing)?)\s+(?:[\w'-]+\s+){0,2}$"
    # a ballot question: "referendums on joining the Russian Federation", "a vote on whether to join"
    r"|\b(?:referend(?:um|ums|a)|votes?|voting|ballots?|plebiscites?)\s+(?:on|about)\s+(?:the\s+question\s+of\s+)?$",
    re.I,
)
#: a modal that bears on the event: modal (+ not) + up to two words + a verb of launching or being,
#: then at most three words before the term ("could launch a full-scale invasion", "would be an invasion")
_MODAL_EVENT = re.compile(
    r"\b(?:would|could|might|may|will|shall|can|'ll|going\s+to|is\s+to|are\s+to)\s+(?:not\s+|never\s+)?(?:[\w'-]+\s+){0,2}?"
    r"(?:launch|stage|begin|start|mount|order|carry\s+out|conduct|undertake|be|become|mean|amount\s+to|constitute"
    r"|trigger|spark|provoke|lead\s+to|result\s+in|invade|attack|annex|seize)\b(?:\s+[\w'-]+){0,3}\s+$",
    re.I,
)
#: a modal right before the term (an adverb may stand between): "could invade", "will soon attack"
_MODAL_BEFORE = re.compile(r"\b(?:would|could|might|may|will|shall|can|'ll|going\s+to)\s+(?:\w+ly\s+)?$", re.I)
#: after the term: a modal of happening, "is likely/imminent", "... is planning"
_HYPO_AFTER = re.compile(
    r"^\W*(?:(?:of|on|in|against|by)\s+(?:[\w'-]+\s+){1,2})?(?:(?:that|which)\s+)?"
    r"(?:(?:could|would|might|may|will|can|is\s+(?:likely|expected|set)\s+to|was\s+(?:likely|expected)\s+to)"
    r"\s+(?:not\s+)?(?:come|happen|begin|start|occur|take\s+place|follow|be\s+launched|break\s+out|unfold|be\s+imminent|go\s+ahead)"
    r"|(?:is|was|seems|seemed|looks|looked|remains|remained|appears|appeared)\s+(?:increasingly\s+|highly\s+|very\s+)?"
    r"(?:imminent|likely|unlikely|possible|inevitable|looming|feared|expected)"
    r"|(?:[\w'-]+\s+){0,2}(?:is|was|were|are)\s+(?:planning|preparing|plotting|threatening|considering|weighing))\b",
    re.I,
)


#: an indefinite event (``a``/``an``/``any`` shortly before the term) that is the subject of a modal
#: after it: "A full-scale Russian invasion of Ukraine would create a refugee crisis" (the event as a
#: forecast); "the invasion would continue" (a definite, existing event) stays asserted
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|any)\s+(?:[\w'-]+\s+){0,2}$", re.I)
_MODAL_AFTER = re.compile(
    r"^\W*(?:(?:of|on|in|against|by|into)\s+(?:[\w'-]+\s+){1,2})?(?P<modal>would|could|might|may)\s+(?:not\s+)?\w", re.I
)

#: a question about what the event is or will be: "Is this a war?", "Will there be an invasion?"
_QUESTION = re.compile(
    r"^\W*(?:is|was|will|would|could|can|might|are|were)\s+(?:it|this|that|there|these|those)\s+"
    r"(?:(?:be|really|now|already|still|going\s+to\s+be)\s+)*(?:a|an|the|any)?\s*(?:[\w'-]+\s+){0,4}$",
    re.I,
)


def _clause(sentence: str, start: int, end: int, breaks: re.Pattern = _CLAUSE_BREAK) -> tuple[int, int]:
    """The span of the clause around ``[start, end)`` within ``sentence`` (``breaks``: the
    language's clause breaks)."""
    lo, hi = 0, len(sentence)
    for m in breaks.finditer(sentence):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


#: Languages with cues of their own; any other language is read with the English cues.
LANGUAGES = ("en", "ru", "uk")


def classify_modality(
    sentence: str, start: int, end: int, lang: str = "en", families: Container[str] | None = None
) -> tuple[str, str]:
    """``(modality, cue)`` of the term at ``sentence[start:end]`` (see the module docstring).

    ``lang``: the document's language; ``ru`` and ``uk`` use the Russian and Ukrainian cues of
    :mod:`framing.cues_ru_uk` (negation "не", "ни", "нет", "жодн…", denials "отрицает",
    "спростовує", conditions "если", "якщо", "в случае", "у разі", modals "может", "може",
    prospects "угроза", "загроза", questions with "ли" / "чи"), any other language the English ones.
    ``families`` (``ru`` and ``uk``): the cue families of :data:`framing.cues_ru_uk.STEM_SOURCES`
    that may be present in the sentence (:mod:`framing.prefilter`); the regexes of the others are
    not run, since their cues cannot be there. ``None``: all.

    Examples
    --------
    >>> def m(s, term):
    ...     i = s.index(term)
    ...     return classify_modality(s, i, i + len(term))
    >>> m("Russia's invasion of Ukraine began in February.", "invasion")
    ('asserted', '')
    >>> m("There was no coup in 2014, historians say.", "coup")
    ('negated', 'no')
    >>> m("The US warned an invasion could come within days.", "invasion")
    ('hypothetical', 'could come')
    >>> m("Peskov said the military operation would continue.", "military operation")
    ('asserted', '')
    >>> s = "Никакого госпереворота не было."
    >>> classify_modality(s, 9, 22, "ru")
    ('negated', 'Никакого')
    """
    if lang in ("ru", "uk"):
        return _classify_ru_uk(sentence, start, end, families)
    lo, hi = _clause(sentence, start, end)
    before = sentence[lo:start]
    after = sentence[end:hi]
    segment = before[before.rfind(",") + 1 :]  # the comma-delimited part of the clause that holds the term
    m = _NEG_BEFORE.search(before)
    if m:
        return "negated", m.group(0).split()[0]
    m = _DENIAL.search(before)
    if m:
        return "negated", m.group(0).split()[0]
    m = _NEG_AFTER.search(after)
    if m:
        return "negated", " ".join(m.group(0).strip(" ,").split()[:3])
    m = _INVERSION.search(before) if "," not in before else None
    if m:
        return "hypothetical", m.group(0).strip()
    m = _CONDITION.search(segment)
    if m:
        return "hypothetical", m.group(0)
    for rx in (_MODAL_BEFORE, _PROSPECT_ADJ, _PROSPECT_TIGHT, _PROSPECT_NEAR, _MODAL_EVENT):
        m = rx.search(before)
        if m:
            return "hypothetical", " ".join(m.group(0).split()[:2])
    m = _HYPO_AFTER.search(after)
    if m:
        return "hypothetical", " ".join(m.group(0).strip(" ,").split()[:3])
    if _INDEFINITE_BEFORE.search(segment):
        m = _MODAL_AFTER.search(after)
        if m:
            return "hypothetical", m.group("modal")
    if sentence.rstrip(" \"'”’»)").endswith("?"):
        m = _QUESTION.search(sentence[:start])
        if m:
            return "hypothetical", " ".join(m.group(0).split()[:3])
    return "asserted", ""


def _classify_ru_uk(sentence: str, start: int, end: int, families: Container[str] | None = None) -> tuple[str, str]:
    """:func:`classify_modality` for Russian and Ukrainian text: the same order of rules
    (negation wins over a hypothetical cue: "войны не будет"), with the cues of
    :mod:`framing.cues_ru_uk`."""
    lo, hi = _clause(sentence, start, end, cues.CLAUSE_BREAK)
    before = sentence[lo:start]
    after = sentence[end:hi]
    cue = cues.negation_cue(before, after, families)
    if cue is None and (families is None or "future_negation_after" in families):
        m = cues.FUTURE_NEGATION_AFTER.match(after)
        if m:
            cue = m.group(1)
    if cue:
        return "negated", cue
    cue = cues.hypothetical_cue(before, after, families=families)
    if cue:
        return "hypothetical", cue
    if sentence.rstrip(" \"'”’»)").endswith("?"):
        m = cues.QUESTION.search(sentence[lo:hi])
        if m:
            return "hypothetical", m.group(0).strip()
    return "asserted", ""
