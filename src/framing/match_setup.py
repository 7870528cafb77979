"""What matching a document of one language takes from a lexicon, looked up once per lexicon and
language (and kept on the lexicon): its scanner, the stem families of the rules run around each hit
(:mod:`framing.prefilter`), the variants' vetoes, its neutral side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from . import cues_ru_uk
from .hit_rules import neutral_side
from .lexicon import Lexicon
from .prefilter import StemFamilies

_RU_UK = ("ru", "uk")
#: Whether the rules run around each hit are skipped where the words they open with are absent
#: (:mod:`framing.prefilter`). The results are the same either way (the tests compare them); read
#: when a lexicon is first used for a language.
PREFILTER = True


class _Setup:
    """What matching a document of one language takes from the lexicon, looked up once: its
    scanner, the stem families of the rules run around a hit (:mod:`framing.prefilter`: the proper
    names and the variants' ``exclude`` and ``exclude_context`` phrases; in Russian and Ukrainian
    also the voice and modality cues), its neutral side."""

    __slots__ = ("lexicon", "lang", "scanner", "families", "neutral", "names", "concepts", "ru_uk", "vetoes")

    def __init__(self, lexicon: Lexicon, lang: str):
        self.lexicon, self.lang = lexicon, lang
        self.scanner = lexicon.scanner(lang)
        self.ru_uk = lang in _RU_UK
        self.names = lexicon.proper_names
        self.concepts = lexicon.concepts
        self.neutral = neutral_side(lexicon)
        sources: dict[str, Any] = {}
        if self.names is not None:
            sources.update(self.names.stem_sources)
        if self.ru_uk:
            sources.update(cues_ru_uk.STEM_SOURCES)
        #: id of a variant -> the stem families of its exclude and exclude_context phrases
        self.vetoes: dict[int, tuple[str | None, str | None]] = {}
        for v in lexicon.variants:
            if v.lang != lang or not (v.exclude or v.exclude_context):
                continue
            names = (f"exclude:{v.concept}:{v.id}", f"exclude_context:{v.concept}:{v.id}")
            for name, rules in zip(names, (v.exclude, v.exclude_context)):
                if rules:
                    sources[name] = _edge_sources(rules)
            self.vetoes[id(v)] = (names[0] if v.exclude else None, names[1] if v.exclude_context else None)
        self.families = StemFamilies(sources) if sources and PREFILTER else None


def _edge_sources(rules: Sequence[re.Pattern]) -> list[str] | None:
    """What the matches of ``rules`` open with, each starting at a word edge (``None``: not all do)."""
    edge = r"(?<!\w)"
    if not all(rx.pattern.startswith(edge) for rx in rules):
        return None
    return [rx.pattern[len(edge) :] for rx in rules]


def _setup(lexicon: Lexicon, lang: str) -> _Setup:
    """The :class:`_Setup` of ``lang`` (cached on the lexicon)."""
    cache = lexicon._match_setup
    if cache is None:
        cache = lexicon._match_setup = {}
    found = cache.get(lang)
    if found is None:
        found = cache[lang] = _Setup(lexicon, lang)
    return found


def warm(lexicon: Lexicon) -> None:
    """Build what matching takes from ``lexicon`` for each of its languages now (it is otherwise
    built on first use)."""
    for lang in (*lexicon.languages, *_RU_UK):
        _setup(lexicon, lang)
