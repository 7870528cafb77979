"""The matching engine: every lexicon hit in one document, with stance, voice, modality and sentence.

:func:`document_hits` finds the hits of one text; :func:`corpus_hits` those of many texts at once,
with the same result per text, less work per text (:func:`framing.match.match_corpus` uses it).

How a hit is found (details in the manual, docs/lexicon.md):

1. The text is normalized (:mod:`framing.normalize`): curly quotes and apostrophes, non-breaking
   hyphens and spaces, en/em dashes become ASCII one-for-one, soft hyphens are dropped with an
   offset map, so ``start``/``end`` index the **original** text and ``matched == text[start:end]``.
2. One pass of a trie-shaped regex over the lower-cased text finds every position where some
   pattern's literal prefix starts a word (:class:`framing.lexicon.Scanner`); each pattern is then
   tried only there. Within a concept, hits do not overlap (at one position the longest match
   wins); across concepts they may ("Kiev regime" is both a government label and a spelling of
   Kiev).
3. Context rules veto hits: ``exclude`` (a phrase overlapping the hit, e.g. "chicken Kiev"),
   ``exclude_context`` and ``requires_context`` (anywhere in the variant's window, clipped to the
   paragraph; e.g. bare "coup" needs Maidan/Kyiv/2014/Western-backed and no Prigozhin); so do
   proper names ("the Kyiv Post").
4. Stance: ``stance_context`` rules (who liberates whom) or drop; else ``stance_periods`` by the
   document date; undated documents follow ``undated``.
5. Voice (:mod:`framing.voice`): ``quoted``, ``distanced`` or ``authorial``; plus ``attributed``;
   and modality (:mod:`framing.modality`).

The rules of steps 3 and 5 that open with a few words (proper names, the Russian and Ukrainian
cues) are run only where one of those words is present (:mod:`framing.prefilter`), which changes
no result: a document of short headlines costs little more than its scan.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

import numpy as np
import pandas as pd

from . import cues_ru_uk
from .errors import ParameterError
from .hit_rules import (
    context_ok,
    hit_stance,
    is_acronym_gloss,
    longest_across_concepts,
    scan_at_word_edges,
    spelling_periods,
)
from .language import match_language
from .lexicon import Lexicon
from .lexicon.scan import CompiledPattern
from .match_setup import _Setup, _setup
from .modality import classify_modality
from .normalize import _ZW_RX, Normalized, _map_special, normalize
from .prefilter import UNSAFE, StemFamilies, StemIndex, starts_inside_word, usable
from .voice import VoiceClassifier

#: How documents without a date are scored for date-dependent variants.
UNDATED_CHOICES = ("neutral", "current", "drop")
DEFAULT_UNDATED = "neutral"
#: The fields of one hit, in the order of the mentions table after ``doc_id, outlet, date``.
HIT_FIELDS = (
    "concept",
    "variant",
    "stance",
    "start",
    "end",
    "matched",
    "voice",
    "modality",
    "sentence",
    "attributed",
    "stance_basis",
    "modality_cue",
    "kind",
    "language",
)
#: Characters of the sentence on each side of a mention that modality cues are looked for in.
_MODALITY_REACH = 300
_KNOWN_CODES = frozenset({"en", "ru", "uk"})  # codes taken as they are (others go through match_language)
#: Texts are joined by this character for one scan: neither a word character nor whitespace, so no
#: literal prefix runs across it and each text's words start where they start alone.
_SEPARATOR = "\x00"
#: Characters of text scanned at once by :func:`corpus_hits` (bounds its memory).
_BATCH_CHARACTERS = 2_000_000


def check_undated(undated: str) -> None:
    """Raise :class:`~framing.errors.ParameterError` unless ``undated`` is one of :data:`UNDATED_CHOICES`."""
    if undated not in UNDATED_CHOICES:
        raise ParameterError(f"undated: {undated!r} is not one of {', '.join(UNDATED_CHOICES)}")


def document_language(text: str, language: str | None) -> str:
    """The language a document is matched in: ``language`` when it is ``en``, ``ru`` or ``uk``,
    else :func:`framing.language.match_language` decides."""
    return language if language in _KNOWN_CODES else match_language(text, language)


def _as_date(date: Any) -> pd.Timestamp | None:
    if date is not None and not isinstance(date, pd.Timestamp):
        try:
            return pd.Timestamp(date) if str(date).strip() else None
        except (ValueError, TypeError):
            raise ParameterError(f"date: {date!r} is not a date; use YYYY-MM-DD or None") from None
    return date


def document_hits(text: str, lexicon: Lexicon, date: Any, undated: str, language: str | None = None) -> list[tuple]:
    """:func:`framing.match.match_text` with each hit as a tuple of :data:`HIT_FIELDS` (cheaper to
    build and to turn into a table than dicts).

    Examples
    --------
    >>> from framing.lexicon import load_lexicon
    >>> [h[1] for h in document_hits("The full-scale invasion reached Kyiv.", load_lexicon(), "2023-01-01", "neutral")]
    ['full_scale_invasion', 'kyiv']
    """
    check_undated(undated)
    if not text:
        return []
    setup = _setup(lexicon, document_language(text, language))
    return _hits(text, *_prepare_alone(text, setup), setup, _as_date(date), undated)


def corpus_hits(
    texts: Sequence[Any], dates: Sequence[Any], langs: Sequence[str | None], lexicon: Lexicon, undated: str
) -> Iterator[tuple[int, list[tuple]]]:
    """``(i, hits)`` for every text ``texts[i]`` with a hit, in order: :func:`document_hits` of
    each (``dates[i]``: its date or a missing value; ``langs[i]``: its language, or None to detect
    it), found with less work per text.

    The texts of a language are normalized, lower-cased and scanned for candidates together, a
    few million characters at a time, joined by a character that no prefix runs across, so that a
    text without a candidate costs no more than its share of one scan. The candidates of each text
    are those that scanning it alone finds. A text that normalization shortens (zero-width
    characters) or whose lower case has another length is prepared alone, as before.

    Examples
    --------
    >>> from framing.lexicon import load_lexicon
    >>> texts = ["Nothing here.", "The full-scale invasion reached Kyiv.", "", "Так называемая СВО."]
    >>> [(i, [h[1] for h in hits]) for i, hits in corpus_hits(texts, [None] * 4, [None] * 4, load_lexicon(), "neutral")]
    [(1, ['full_scale_invasion', 'kyiv']), (3, ['smo_acronym_ru'])]
    """
    check_undated(undated)
    checked = isinstance(dates, np.ndarray) and dates.dtype.kind == "M"  # datetimes: dates all
    by_lang: dict[str, tuple[list[int], list[str]]] = {}  # language -> (texts' numbers, texts)
    size = 0
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            continue
        if not checked:
            date = dates[i]
            if not (date is None or isinstance(date, pd.Timestamp) or pd.isna(date)):
                _as_date(date)  # a date that is not one fails here, whether or not its text has a hit
        lang = langs[i]
        if lang not in _KNOWN_CODES:
            lang = match_language(text, lang)
        group = by_lang.get(lang)
        if group is None:
            group = by_lang[lang] = ([], [])
        group[0].append(i)
        group[1].append(text)
        size += len(text)
        if size >= _BATCH_CHARACTERS:
            yield from _batch_hits(by_lang, texts, dates, lexicon, undated)
            by_lang, size = {}, 0
    yield from _batch_hits(by_lang, texts, dates, lexicon, undated)


def _batch_hits(
    by_lang: dict[str, tuple[list[int], list[str]]],
    texts: Sequence[Any],
    dates: Sequence[Any],
    lexicon: Lexicon,
    undated: str,
) -> Iterator[tuple[int, list[tuple]]]:
    prepared: dict[int, tuple[_Prepared, _Setup]] = {}
    for lang, (docs, group) in by_lang.items():
        setup = _setup(lexicon, lang)
        for i, found in _prepare(docs, group, setup):
            prepared[i] = (found, setup)
    order = sorted(prepared)  # the texts without a candidate have no hit
    for i, date in zip(order, _dates_of(dates, order)):
        found, setup = prepared[i]
        hits = _hits(texts[i], *found, setup, date, undated)
        if hits:
            yield i, hits


def _dates_of(dates: Sequence[Any], which: list[int]) -> list[pd.Timestamp | None]:
    """``dates[i]`` for each ``i`` of ``which`` as a Timestamp, or None when missing (a NumPy
    datetime64 array converted in one go)."""
    if isinstance(dates, np.ndarray) and dates.dtype.kind == "M":
        return [None if d is pd.NaT else d for d in pd.DatetimeIndex(dates[which]).tolist()]
    return [None if pd.isna(date) else _as_date(date) for date in (dates[i] for i in which)]


#: What :func:`_hits` takes of a prepared text: normalized (with its way back to the original, or
#: ``None`` when it has the original's offsets), lower-cased, its pattern matches by concept
#: (:func:`_matches`), and where the stems of the rules run around a hit are (``None``: not known;
#: every rule runs).
_Prepared = tuple[str, "Normalized | None", str, "dict[int, list]", "StemIndex | None"]


def _prepare(docs: list[int], group: list[str], setup: _Setup) -> Iterator[tuple[int, _Prepared]]:
    """``(docs[k], prepared)`` for each text ``group[k]`` (one language) that may have a hit; the
    others are left out."""
    scanner = setup.scanner
    if not docs:
        return
    if scanner.skipping is None or scanner.unanchored:
        yield from ((i, _prepare_alone(t, setup)) for i, t in zip(docs, group))  # every text may have a hit
        return
    mapped = _map_special(_SEPARATOR.join(group))
    lowered = mapped.lower()
    if len(lowered) != len(mapped):  # rare: a text whose lower case has another length ("İ")
        odd = {k for k, t in enumerate(group) if len(t.lower()) != len(t)}
        rest = [k for k in range(len(group)) if k not in odd]
        yield from _prepare([docs[k] for k in rest], [group[k] for k in rest], setup)
        yield from ((docs[k], _prepare_alone(group[k], setup)) for k in sorted(odd))
        return
    # one past each text's separator
    ends = (np.cumsum(np.fromiter(map(len, group), np.int64, len(group)) + 1)).tolist()
    starts = [0, *ends[:-1]]
    alone: set[int] = set()  # texts that normalization shortens: offsets move
    if not mapped.isascii():
        alone.update(bisect.bisect_right(starts, m.start()) - 1 for m in _ZW_RX.finditer(mapped))
    keys: dict[int, dict[str, list[int]]] = {}
    found: dict[str, list[int]] = {}
    a = nxt = 0
    for m in scanner.skipping.finditer(lowered):
        key = m.group(1)
        if key is None:
            continue
        at = m.start(1)
        if at >= nxt:  # the first candidate of another text
            k = bisect.bisect_right(starts, at) - 1
            a, nxt = starts[k], ends[k]
            found = keys[k] = {}
        positions = found.get(key)
        if positions is None:
            found[key] = [at - a]
        else:
            positions.append(at - a)
    found_in = []
    matched = []
    for k, by_key in keys.items():
        if k not in alone:
            a, b = starts[k], ends[k] - 1
            per_concept = _matches(mapped[a:b], lowered[a:b], scanner.by_pattern(by_key), setup)
            if per_concept:  # else no candidate matched: no hit
                found_in.append(k)
                matched.append(per_concept)
    stems = _stems_of(found_in, starts, ends, mapped, lowered, setup.families)
    for k, per_concept, index in zip(found_in, matched, stems):
        a, b = starts[k], ends[k] - 1
        yield docs[k], (mapped[a:b], None, lowered[a:b], per_concept, index)
    for k in alone:
        yield docs[k], _prepare_alone(group[k], setup)


def _stems_of(
    found_in: list[int],
    starts: list[int],
    ends: list[int],
    mapped: str,
    lowered: str,
    families: StemFamilies | None,
) -> list[StemIndex | None]:
    """The stem index of each text ``k`` of ``found_in`` (``lowered[starts[k]:ends[k] - 1]``), in
    one pass over them; ``None`` for those the index cannot answer for (:func:`framing.prefilter.usable`:
    ``mapped`` and ``lowered`` have the same length here)."""
    if families is None or not found_in:
        return [None] * len(found_in)
    search = UNSAFE.search
    good = found_in if mapped.isascii() else [k for k in found_in if search(mapped, starts[k], ends[k]) is None]
    joined = _SEPARATOR.join([lowered[starts[k] : ends[k] - 1] for k in good])
    at = list(accumulate((ends[k] - starts[k] for k in good[:-1]), initial=0))
    index = dict(zip(good, families.index_many(joined, at))) if good else {}
    return [index.get(k) for k in found_in]


def _prepare_alone(text: str, setup: _Setup) -> _Prepared:
    n = normalize(text)
    lowered = n.text.lower()
    spans = n if n.offsets is not None else None
    if len(lowered) != len(n.text):
        return n.text, spans, lowered, _matches(n.text, lowered, None, setup), None
    per_concept = _matches(n.text, lowered, setup.scanner.candidates(lowered), setup)
    stems = (
        setup.families.index(lowered)
        if per_concept and setup.families is not None and spans is None and usable(n.text, lowered)
        else None
    )
    return n.text, spans, lowered, per_concept, stems


def _matches(
    norm: str, lowered: str, candidates: dict[CompiledPattern, list[int]] | None, setup: _Setup
) -> dict[int, list]:
    """Concept number -> the matches of its patterns in a text (normalized ``norm``, lower-cased
    ``lowered``), from the scanner's ``candidates`` (``None``: lower case changed the length; every
    pattern is tried): ``(start, -length, pattern order, end, variant, pattern)`` each."""
    per_concept: dict[int, list] = {}
    todo: Iterable[tuple[CompiledPattern, Iterable[tuple[int, int]]]]
    if candidates is not None:
        for cp, starts in candidates.items():
            # the pattern anchored at its sorted candidates, matches not overlapping each other
            # (inline: hundreds of thousands of candidates per million words)
            match = cp.regex.match
            hay = lowered if cp.lower else norm
            found = None
            last = 0
            for s in starts:
                if s < last:
                    continue
                m = match(hay, s)
                if m is not None:
                    e = m.end()
                    if e > s:
                        if found is None:
                            found = per_concept.get(cp.concept_index)
                            if found is None:
                                found = per_concept[cp.concept_index] = []
                        found.append((s, s - e, cp.order, e, cp.variant, cp))
                        last = e
        scanner = setup.scanner
        todo = [
            (cp, scan_at_word_edges(scanner.edge_regex[cp], lowered if cp.lower else norm)) for cp in scanner.unanchored
        ]
    else:  # rare: lower-casing changed the length; scan every pattern case-insensitively
        todo = [
            (cp, scan_at_word_edges(cp.fallback, norm))
            for _c, cps in setup.lexicon.compiled()
            for cp in cps
            if cp.variant.lang == setup.lang
        ]
    for cp, found_spans in todo:
        for s, e in found_spans:
            per_concept.setdefault(cp.concept_index, []).append((s, -(e - s), cp.order, e, cp.variant, cp))
    return per_concept


def _hits(
    text: str,
    norm: str,
    spans: Normalized | None,
    lowered: str,
    per_concept: dict[int, list],
    stems: StemIndex | None,
    setup: _Setup,
    date: pd.Timestamp | None,
    undated: str,
) -> list[tuple]:
    """The hits of ``text``, prepared (:data:`_Prepared`), in the language of ``setup``. ``stems``
    says where the rules run around each hit can match at all (:mod:`framing.prefilter`)."""
    lang = setup.lang
    raw_hits = []
    concepts = setup.concepts
    names = setup.names
    vetoes = setup.vetoes
    for ci in sorted(per_concept):
        concept = concepts[ci]
        found = per_concept[ci]
        # within a concept hits do not overlap: earliest first, then longest, then lexicon order
        found.sort(key=lambda t: t[:3])
        last_end = -1
        for s, _neg, _order, e, v, cp in found:
            if s < last_end:
                continue
            if not context_ok(v, norm, s, e, stems, vetoes.get(id(v))):
                continue
            if names is not None and names.holds(v, norm, s, e, stems):
                continue  # part of a proper name: "the Kyiv Post", "Dynamo Kiev", "chicken Kiev"
            stance, basis = hit_stance(v, norm, s, e, date, undated, setup.neutral)
            if stance is None:
                continue
            last_end = e
            raw_hits.append((s, e, concept.id, v, stance, basis, cp))
    if not raw_hits:
        return []
    raw_hits = longest_across_concepts(raw_hits)
    raw_hits = spelling_periods(raw_hits, setup.lexicon, lowered, date, undated)
    hits = sorted(
        (
            (*((s, e) if spans is None else spans.span(s, e)), cid, v, stance, basis)
            for s, e, cid, v, stance, basis, _cp in raw_hits
        ),
        key=lambda h: (h[0], h[1], h[2]),
    )
    ru_uk_stems = stems if setup.ru_uk else None
    vc = VoiceClassifier(text, lang, ru_uk_stems)
    out = []
    last_of_concept: dict[str, tuple[int, str]] = {}  # concept -> (end, voice) of its last hit
    for a, b, cid, v, stance, basis in hits:
        voice = vc.voice(a, b)
        prev = last_of_concept.get(cid)
        if (
            voice == "authorial"
            and prev is not None
            and prev[1] == "distanced"
            and is_acronym_gloss(text, prev[0], a, b)
        ):
            voice = "distanced"  # "the self-proclaimed Donetsk People's Republic (DPR)": the gloss inherits
        sa, sb = vc.sentence_span(a, b)
        sa, sb = max(sa, a - _MODALITY_REACH), min(sb, b + _MODALITY_REACH)  # bounded work per mention
        fams = None if ru_uk_stems is None else _modality_families(text, sa, a, b, sb, ru_uk_stems)
        if fams is not None and not fams and not _is_question(text, sa, sb):
            modality, cue = "asserted", ""  # no cue can be there
        else:
            modality, cue = classify_modality(text[sa:sb], a - sa, b - sa, lang, fams)
        out.append(
            (
                cid,
                v.id,
                stance,
                a,
                b,
                text[a:b],
                voice,
                modality,
                vc.sentence(a, b),
                vc.attributed(a, b),
                basis,
                cue,
                v.kind,
                lang,
            )
        )
        last_of_concept[cid] = (b, voice)
    return out


def _modality_families(text: str, sa: int, a: int, b: int, sb: int, stems: StemIndex) -> frozenset[str] | None:
    """The Russian and Ukrainian modality cue families that may be present for the hit
    ``text[a:b]`` in the sentence stretch ``text[sa:sb]``: those with a stem before the hit, or after
    it, as each family is looked for (``None``: all, when a stretch starts inside a word)."""
    if starts_inside_word(text, sa) or starts_inside_word(text, b):
        return None
    return stems.present(cues_ru_uk.MODALITY_BEFORE_FAMILIES, sa, a) | stems.present(
        cues_ru_uk.MODALITY_AFTER_FAMILIES, b, sb
    )


def _is_question(text: str, sa: int, sb: int) -> bool:
    """Whether the sentence stretch ends with a question mark (its closing quotes aside), as
    :func:`framing.modality.classify_modality` asks."""
    return text[sa:sb].rstrip(" \"'”’»)").endswith("?")
