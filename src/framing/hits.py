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
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd

from . import cues_ru_uk
from .errors import ParameterError
from .language import match_language
from .lexicon import CONTEXT_STANCE, Lexicon, Variant
from .lexicon.scan import CompiledPattern, Scanner
from .modality import classify_modality
from .normalize import _ZW_RX, Normalized, _map_special, normalize
from .prefilter import StemFamilies, StemIndex, starts_inside_word, usable
from .voice import VoiceClassifier

#: How documents without a date are scored for date-dependent variants.
UNDATED_CHOICES = ("neutral", "current", "drop")
DEFAULT_UNDATED = "neutral"

_WORDCHAR = re.compile(r"\w")
_KNOWN_CODES = frozenset({"en", "ru", "uk"})  # codes taken as they are (others go through match_language)


def _scan(rx: re.Pattern, haystack: str):
    """Matches of ``rx`` that start at a word edge (the leading ``(?<!\\w)`` done in Python, which
    keeps the regex's literal-prefix fast path)."""
    pos = 0
    search = rx.search
    while True:
        m = search(haystack, pos)
        if m is None:
            return
        s, e = m.span()
        if s > 0 and _WORDCHAR.match(haystack, s - 1):
            pos = s + 1
            continue
        yield s, e
        pos = e if e > s else s + 1


def _paragraph_bounds(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    nl = text.rfind("\n", lo, start)
    if nl != -1:
        lo = nl + 1
    nl = text.find("\n", end, hi)
    if nl != -1:
        hi = nl
    return lo, hi


def _context_ok(v: Variant, norm: str, s: int, e: int) -> bool:
    if not v.exclude and v.exclude_context_rx is None and v.requires_context_rx is None:
        return True
    lo, hi = _paragraph_bounds(norm, s, e, v.window)
    for rx in v.exclude:  # one by one: an alternation's non-overlapping scan could step over a veto
        for m in rx.finditer(norm, lo, hi):
            if m.start() < e and m.end() > s:
                return False
    if v.exclude_context_rx is not None and v.exclude_context_rx.search(norm, lo, hi):
        return False
    if v.requires_context_rx is not None:
        return v.requires_context_rx.search(norm, lo, hi) is not None
    return True


def _context_stance(v: Variant, norm: str, s: int, e: int) -> str | None:
    lo, hi = _paragraph_bounds(norm, s, e, v.window)
    before, after = norm[lo:s], norm[e:hi]
    for rule in v.stance_context:
        target = before if rule.where == "before" else after if rule.where == "after" else norm[lo:hi]
        if rule.pattern.search(target):
            return rule.stance
    return None


def _stance(
    v: Variant, norm: str, s: int, e: int, date, undated: str, neutral: str = "neutral"
) -> tuple[str | None, str]:
    """(stance or None to drop, basis); ``neutral``: the lexicon's (first) neutral side."""
    if v.stance_context:
        st = _context_stance(v, norm, s, e)
        if st is not None:
            return st, "context"
        if v.stance == CONTEXT_STANCE:
            return None, "context"
    if v.stance_periods:
        if date is None or pd.isna(date):
            if undated == "current":
                return v.stance, "undated:current"
            if undated == "neutral":
                return neutral, "undated:neutral"
            return None, "undated:drop"
        return v.stance_on(date), "period"
    return v.stance, "fixed"


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
    lang = document_language(text, language)
    n = normalize(text)
    lowered = n.text.lower()
    candidates = lexicon.scanner(lang).candidates(lowered) if len(lowered) == len(n.text) else None
    return _hits(text, n, lowered, candidates, lexicon, _as_date(date), undated, lang)


#: Texts are joined by this character for one scan: neither a word character nor whitespace, so no
#: literal prefix runs across it and each text's words start where they start alone.
_SEPARATOR = "\x00"
#: Characters of text scanned at once by :func:`corpus_hits` (bounds its memory).
_BATCH_CHARACTERS = 2_000_000


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
    characters) or whose lower case has another length is matched alone, as before.

    Examples
    --------
    >>> from framing.lexicon import load_lexicon
    >>> texts = ["Nothing here.", "The full-scale invasion reached Kyiv.", "", "Так называемая СВО."]
    >>> [(i, [h[1] for h in hits]) for i, hits in corpus_hits(texts, [None] * 4, [None] * 4, load_lexicon(), "neutral")]
    [(1, ['full_scale_invasion', 'kyiv']), (3, ['smo_acronym_ru'])]
    """
    check_undated(undated)
    batch: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            continue
        date = dates[i]
        if not (date is None or isinstance(date, pd.Timestamp) or pd.isna(date)):
            _as_date(date)  # a date that is not one fails here, whether or not its text has a hit
        batch.append(i)
        size += len(text)
        if size >= _BATCH_CHARACTERS:
            yield from _batch_hits(batch, texts, dates, langs, lexicon, undated)
            batch, size = [], 0
    yield from _batch_hits(batch, texts, dates, langs, lexicon, undated)


def _batch_hits(
    batch: list[int],
    texts: Sequence[Any],
    dates: Sequence[Any],
    langs: Sequence[str | None],
    lexicon: Lexicon,
    undated: str,
) -> Iterator[tuple[int, list[tuple]]]:
    if not batch:
        return
    by_lang: dict[str, list[int]] = {}
    doc_lang: dict[int, str] = {}
    for i in batch:
        lang = doc_lang[i] = document_language(texts[i], langs[i])
        by_lang.setdefault(lang, []).append(i)
    prepared: dict[int, tuple[Normalized, str, dict | None]] = {}
    for lang, docs in by_lang.items():
        prepared.update(_prepare(docs, texts, lexicon.scanner(lang)))
    for i in batch:
        found = prepared.get(i)
        if found is None:
            continue  # no candidate: no hit
        date = dates[i]
        hits = _hits(texts[i], *found, lexicon, None if pd.isna(date) else _as_date(date), undated, doc_lang[i])
        if hits:
            yield i, hits


def _prepare(
    docs: list[int], texts: Sequence[Any], scanner: Scanner
) -> Iterator[tuple[int, tuple[Normalized, str, dict | None]]]:
    """``(i, (normalized, lower-cased, candidates))`` for each text ``texts[i]`` of ``docs`` (one
    language) that may have a hit (candidates ``None``: its lower case has another length, every
    pattern is tried); the others are left out."""
    if scanner.skipping is None or scanner.unanchored:
        yield from ((i, _prepare_alone(texts[i], scanner)) for i in docs)  # every text may have a hit
        return
    joined = _SEPARATOR.join(texts[i] for i in docs)
    mapped = _map_special(joined)
    lowered = mapped.lower()
    if len(lowered) != len(mapped):  # rare: some text's lower case has another length
        yield from ((i, _prepare_alone(texts[i], scanner)) for i in docs)
        return
    starts = []
    pos = 0
    for i in docs:
        starts.append(pos)
        pos += len(texts[i]) + 1
    alone = set()
    if not mapped.isascii():
        for m in _ZW_RX.finditer(mapped):  # normalization drops these characters: offsets move
            alone.add(docs[bisect.bisect_right(starts, m.start()) - 1])
    keys: dict[int, dict[str, list[int]]] = {}
    k = 0
    for key, at in scanner.keys(lowered):
        while k + 1 < len(starts) and starts[k + 1] <= at:
            k += 1
        found = keys.get(k)
        if found is None:
            found = keys[k] = {}
        local = found.get(key)
        if local is None:
            found[key] = [at - starts[k]]
        else:
            local.append(at - starts[k])
    for k, by_key in keys.items():
        i = docs[k]
        if i not in alone:
            a = starts[k]
            b = a + len(texts[i])
            yield i, (Normalized(mapped[a:b], texts[i], None), lowered[a:b], scanner.by_pattern(by_key))
    for i in alone:
        yield i, _prepare_alone(texts[i], scanner)


def _prepare_alone(text: str, scanner: Scanner) -> tuple[Normalized, str, dict | None]:
    n = normalize(text)
    lowered = n.text.lower()
    return n, lowered, scanner.candidates(lowered) if len(lowered) == len(n.text) else None


def _hits(
    text: str,
    n: Normalized,
    lowered: str,
    candidates: dict[CompiledPattern, list[int]] | None,
    lexicon: Lexicon,
    date: pd.Timestamp | None,
    undated: str,
    lang: str,
) -> list[tuple]:
    """The hits of ``text`` (normalized ``n``, lower-cased ``lowered``) from the scanner's
    ``candidates`` (``None``: lower-casing changed the length; every pattern is tried)."""
    neutral = _neutral_side(lexicon)
    norm = n.text
    scanner = lexicon.scanner(lang)
    # where the rules run around each hit can match at all (framing.prefilter): found on first need
    families = _stem_families(lexicon, lang) if candidates is not None and n.offsets is None else None
    stems: StemIndex | None = None
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
        todo = [(cp, _scan(scanner.edge_regex[cp], lowered if cp.lower else norm)) for cp in scanner.unanchored]
    else:  # rare: lower-casing changed the length; scan every pattern case-insensitively
        todo = [
            (cp, _scan(cp.fallback, norm)) for _c, cps in lexicon.compiled() for cp in cps if cp.variant.lang == lang
        ]
    for cp, spans in todo:
        for s, e in spans:
            per_concept.setdefault(cp.concept_index, []).append((s, -(e - s), cp.order, e, cp.variant, cp))
    raw_hits = []
    concepts = lexicon.concepts
    names = lexicon.proper_names
    for ci in sorted(per_concept):
        concept = concepts[ci]
        found = per_concept[ci]
        # within a concept hits do not overlap: earliest first, then longest, then lexicon order
        found.sort(key=lambda t: t[:3])
        last_end = -1
        for s, _neg, _order, e, v, cp in found:
            if s < last_end:
                continue
            if not _context_ok(v, norm, s, e):
                continue
            if names is not None:
                if stems is None and families is not None and usable(norm, lowered):
                    stems = families.index(lowered)
                if names.holds(v, norm, s, e, stems):
                    continue  # part of a proper name: "the Kyiv Post", "Dynamo Kiev", "chicken Kiev"
            stance, basis = _stance(v, norm, s, e, date, undated, neutral)
            if stance is None:
                continue
            last_end = e
            raw_hits.append((s, e, concept.id, v, stance, basis, cp))
    if not raw_hits:
        return []
    raw_hits = _longest_across_concepts(raw_hits)
    raw_hits = _spelling_periods(raw_hits, lexicon, lowered, date, undated)
    hits = sorted(
        ((*n.span(s, e), cid, v, stance, basis) for s, e, cid, v, stance, basis, _cp in raw_hits),
        key=lambda h: (h[0], h[1], h[2]),
    )
    if stems is None and families is not None and lang in _RU_UK and usable(norm, lowered):
        stems = families.index(lowered)
    ru_uk_stems = stems if lang in _RU_UK else None
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
            and _is_acronym_gloss(text, prev[0], a, b)
        ):
            voice = "distanced"  # "the self-proclaimed Donetsk People's Republic (DPR)": the gloss inherits
        sa, sb = vc.sentence_span(a, b)
        sa, sb = max(sa, a - _MODALITY_REACH), min(sb, b + _MODALITY_REACH)  # bounded work per mention
        if ru_uk_stems is not None and not _may_be_modal(text, sa, a, b, sb, ru_uk_stems):
            modality, cue = "asserted", ""
        else:
            modality, cue = classify_modality(text[sa:sb], a - sa, b - sa, lang)
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


#: Characters of the sentence on each side of a mention that modality cues are looked for in.
_MODALITY_REACH = 300
_RU_UK = ("ru", "uk")


def _stem_families(lexicon: Lexicon, lang: str) -> StemFamilies | None:
    """The stem families of the rules run around a hit in a document of ``lang``: the proper
    names, and the Russian and Ukrainian voice and modality cues in those languages (cached on the
    lexicon; ``None`` when there are none)."""
    cache = lexicon._stems
    if cache is None:
        cache = lexicon._stems = {}
    key = lang in _RU_UK
    if key not in cache:
        sources: dict[str, Any] = {}
        if lexicon.proper_names is not None:
            sources.update(lexicon.proper_names.stem_sources)
        if key:
            sources.update(cues_ru_uk.STEM_SOURCES)
        cache[key] = StemFamilies(sources) if sources else None
    return cache[key]


def _may_be_modal(text: str, sa: int, a: int, b: int, sb: int, stems: StemIndex) -> bool:
    """Whether :func:`framing.modality.classify_modality` can find a Russian or Ukrainian cue for
    the hit ``text[a:b]`` in the sentence stretch ``text[sa:sb]``: a cue opens with a stem of its
    family (before the hit for some, after it for others), or the sentence is a question. When it
    cannot, the modality is ``asserted``."""
    return (
        stems.has(cues_ru_uk.MODALITY_BEFORE_FAMILIES, sa, a)
        or stems.has(cues_ru_uk.MODALITY_AFTER_FAMILIES, b, sb)
        or starts_inside_word(text, sa)
        or starts_inside_word(text, b)
        or text[sa:sb].rstrip(" \"'”’»)").endswith("?")
    )


def _longest_across_concepts(hits: list[tuple]) -> list[tuple]:
    """Drop a hit whose end falls inside a longer hit of another concept that starts inside it:
    "Russia's war crimes" is a mention of war crimes, not of "Russia's war". Hits that start at the
    same place may overlap when the shorter one is a spelling or name style inside a framing ("Kiev
    regime" is a government label and a spelling of Kiev); a framing at the same start inside a
    longer framing of another concept goes ("Russian-occupied Crimea" is occupied Crimea, not the
    2022 territories' "Russian-occupied")."""
    if len(hits) < 2:
        return hits
    by_start = sorted(hits, key=lambda h: (h[0], -h[1]))
    starts = [h[0] for h in by_start]
    keep = []
    for h in hits:
        s, e, cid = h[0], h[1], h[2]
        i = bisect.bisect_left(starts, s)
        cut = False
        while i < len(by_start) and by_start[i][0] < e:
            o = by_start[i]
            if o[2] != cid and o[1] > e and (o[0] > s or (h[3].kind == "frame" and o[3].kind == "frame")):
                cut = True
                break
            i += 1
        if not cut:
            keep.append(h)
    return keep


def _neutral_side(lexicon: Lexicon) -> str:
    """The stance of an undated hit of a date-dependent variant under ``undated="neutral"``."""
    sides = getattr(lexicon, "sides", None)
    return sides.neutral[0] if sides is not None and sides.neutral else "neutral"


def _spelling_periods(hits: list[tuple], lexicon: Lexicon, lowered: str, date, undated: str) -> list[tuple]:
    """A term that contains a spelling whose stance depends on the date ("Kiev's forces") takes that
    spelling's period rule when its pattern accepts only that spelling: in 2014 "Kiev's forces" is
    ordinary English, as "Kiev" is. Whether the pattern is spelling-specific is tested on the text:
    the hit with the spelling replaced by its counterpart ("Kyiv's forces") must not match it."""
    spellings = [h for h in hits if h[3].kind == "spelling" and h[3].stance_periods]
    if not spellings:
        return hits
    out = []
    for h in hits:
        s, e, cid, v, stance, basis, cp = h
        if v.stance_periods or v.kind == "spelling" or basis == "context":
            out.append(h)
            continue
        inner = next((sp for sp in spellings if sp[2] != cid and s <= sp[0] and sp[1] <= e), None)
        if inner is None:
            out.append(h)
            continue
        spelling = inner[3]
        counterpart = lexicon.counterpart(spelling)
        swapped = lowered[s : inner[0]] + counterpart.lower() + lowered[inner[1] : e] if counterpart else None
        if swapped is not None and cp.lower and cp.regex.fullmatch(swapped):
            out.append(h)  # the pattern takes either spelling: its stance is not the spelling's
            continue
        st, b = _stance(spelling, lowered, inner[0], inner[1], date, undated, _neutral_side(lexicon))
        if b == "period" and st != spelling.stance:
            out.append((s, e, cid, v, st, "period:spelling", cp))
        elif b.startswith("undated") and st != spelling.stance:
            out.append((s, e, cid, v, st, b, cp))
        else:
            out.append(h)
    return out


_GLOSS_OPEN = re.compile(r"[^\S\n]*[(\[][^\S\n]*")
_GLOSS_CLOSE = re.compile(r"[^\S\n]*[)\]]")


def _is_acronym_gloss(text: str, prev_end: int, start: int, end: int) -> bool:
    """True for a parenthesised gloss right after the previous mention: ``… Republic (DPR)``."""
    return _GLOSS_OPEN.fullmatch(text, prev_end, start) is not None and _GLOSS_CLOSE.match(text, end) is not None
