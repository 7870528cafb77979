"""The rules applied to the hits found in one document (:mod:`framing.hits`): context vetoes and
context-decided stance, the stance of date-dependent variants, overlaps across concepts,
date-dependent spellings inside longer terms, and acronym glosses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from .lexicon import CONTEXT_STANCE, Lexicon, Variant

if TYPE_CHECKING:
    from .prefilter import StemIndex

_WORDCHAR = re.compile(r"\w")


def scan_at_word_edges(rx: re.Pattern, haystack: str) -> Iterator[tuple[int, int]]:
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


def context_ok(
    v: Variant,
    norm: str,
    s: int,
    e: int,
    stems: StemIndex | None = None,
    vetoes: tuple[str | None, str | None] | None = None,
) -> bool:
    """Whether the hit ``norm[s:e]`` of ``v`` passes the variant's context rules: no ``exclude``
    phrase overlaps it, no ``exclude_context`` phrase and some ``requires_context`` phrase (if any)
    is in its window. ``stems`` and ``vetoes`` (the stem families of the variant's ``exclude`` and
    ``exclude_context`` phrases, :mod:`framing.prefilter`), when given, skip the phrases whose
    words are absent."""
    if not v.exclude and v.exclude_context_rx is None and v.requires_context_rx is None:
        return True
    lo, hi = _paragraph_bounds(norm, s, e, v.window)
    excluded, excluded_context = vetoes if stems is not None and vetoes is not None else (None, None)
    # a phrase overlapping the hit starts before its end
    if v.exclude and (excluded is None or stems is None or stems.has((excluded,), lo, e)):
        for rx in v.exclude:  # one by one: an alternation's non-overlapping scan could step over a veto
            for m in rx.finditer(norm, lo, hi):
                if m.start() < e and m.end() > s:
                    return False
    if (
        v.exclude_context_rx is not None
        and (excluded_context is None or stems is None or stems.has((excluded_context,), lo, hi))
        and v.exclude_context_rx.search(norm, lo, hi)
    ):
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


def hit_stance(
    v: Variant, norm: str, s: int, e: int, date: Any, undated: str, neutral: str = "neutral"
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


def longest_across_concepts(hits: list[tuple]) -> list[tuple]:
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


def neutral_side(lexicon: Lexicon) -> str:
    """The stance of an undated hit of a date-dependent variant under ``undated="neutral"``."""
    sides = getattr(lexicon, "sides", None)
    return sides.neutral[0] if sides is not None and sides.neutral else "neutral"


def spelling_periods(hits: list[tuple], lexicon: Lexicon, lowered: str, date: Any, undated: str) -> list[tuple]:
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
        st, b = hit_stance(spelling, lowered, inner[0], inner[1], date, undated, neutral_side(lexicon))
        if b == "period" and st != spelling.stance:
            out.append((s, e, cid, v, st, "period:spelling", cp))
        elif b.startswith("undated") and st != spelling.stance:
            out.append((s, e, cid, v, st, b, cp))
        else:
            out.append(h)
    return out


_GLOSS_OPEN = re.compile(r"[^\S\n]*[(\[][^\S\n]*")
_GLOSS_CLOSE = re.compile(r"[^\S\n]*[)\]]")


def is_acronym_gloss(text: str, prev_end: int, start: int, end: int) -> bool:
    """True for a parenthesised gloss right after the previous mention: ``… Republic (DPR)``."""
    return _GLOSS_OPEN.fullmatch(text, prev_end, start) is not None and _GLOSS_CLOSE.match(text, end) is not None
