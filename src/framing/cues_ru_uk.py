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

The cues are in :mod:`framing.cues_ru_uk_voice` (quotes, distancing, sentence ends, attribution)
and :mod:`framing.cues_ru_uk_modality` (negation, conditions, modals, prospects, questions), and
are all importable from here; this module adds what every cue regex opens with
(:data:`STEM_SOURCES`), so that matching runs a regex only where its cue can be.

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

from .cues_ru_uk_modality import (  # noqa: F401  (the cues, importable from here)
    _GAP,
    _HYPO_AFTER_CUES,
    _HYPO_AFTER_FAMILIES,
    _STOP,
    CLAUSE_BREAK,
    CONDITION,
    CONDITION_CUE,
    DENIAL,
    DENIAL_BEFORE,
    FUTURE_NEGATION_AFTER,
    HYPO_AFTER,
    LAUNCH,
    MODAL,
    MODAL_BEFORE,
    NEG_AFTER,
    NEG_BEFORE,
    NEGATION,
    PROSPECT,
    PROSPECT_BEFORE,
    QUESTION,
    _last_negation,
    classify_modality_ru_uk,
    hypothetical_cue,
    negation_cue,
)
from .cues_ru_uk_voice import (  # noqa: F401
    _CALLS,
    _Q,
    ATTRIBUTION,
    ATTRIBUTION_CUE,
    CAPITALS,
    CLOSING_QUOTES,
    DISTANCING,
    DISTANCING_CUE,
    HEADLINE_ATTRIBUTION,
    OPENING_QUOTES,
    QUOTE_MARKS,
    QUOTE_PAIRS,
    SENTENCE_BOUNDARY,
    attribution_cue,
    distancing_cue,
    headline_attribution,
    scare_quoted,
)

# ------------------------------------------------------------------------------------------------
# Stems: what each cue regex opens with (for framing.prefilter)
# ------------------------------------------------------------------------------------------------


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
