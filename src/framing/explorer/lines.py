"""The explorer's concordance lines: the context each side of a match, the sampling order spread
over voices and documents, and where a counted term occurs in a text."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .common import _WS


def _contexts(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """``(left, match, right)``: about ``width`` characters each side, cut at a word edge, whitespace
    runs shown as one space, ``…`` where the context was cut."""
    lo = max(0, start - width - 40)
    left = _WS.sub(" ", text[lo:start])
    if len(left) > width or lo > 0:
        cut = left[-width:] if len(left) > width else left
        if len(left) > width:
            space = cut.find(" ")
            cut = cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut
        left = "\u2026" + cut.lstrip()
    else:
        left = left.lstrip()
    hi = min(len(text), end + width + 40)
    right = _WS.sub(" ", text[end:hi])
    if len(right) > width or hi < len(text):
        cut = right[:width] if len(right) > width else right
        if len(right) > width:
            space = cut.rfind(" ")
            cut = cut[:space] if space > 0 else cut
        right = cut.rstrip() + "\u2026"
    else:
        right = right.rstrip()
    return left.strip(), _WS.sub(" ", text[start:end]).strip(), right.strip()


def _interleave(voices: Sequence[str], docs: Sequence[str], rng: np.random.Generator) -> np.ndarray:
    """A sampling order of some hits: any prefix is spread over voices (each voice present comes
    once before any comes twice, then in proportion) and documents (a document's second hit after
    every document's first, within a voice). Positions into the inputs."""
    n = len(docs)
    perm = rng.permutation(n)
    seen_doc: dict[tuple[str, str], int] = {}
    occ = np.empty(n, dtype=np.int64)
    for p in perm:
        key = (voices[p], docs[p])
        occ[p] = seen_doc.get(key, 0)
        seen_doc[key] = occ[p] + 1
    position = np.empty(n, dtype=np.int64)
    position[perm] = np.arange(n)
    by_voice: dict[str, list[int]] = {}
    for p in sorted(range(n), key=lambda p: (occ[p], position[p])):
        by_voice.setdefault(voices[p], []).append(p)
    keyed = []
    for v_index, (_v, items) in enumerate(sorted(by_voice.items())):
        nv = len(items)
        for r, p in enumerate(items):
            keyed.append((0.0 if r == 0 else (r + 0.5) / nv, v_index, r, p))
    keyed.sort()
    return np.array([k[3] for k in keyed], dtype=np.int64)


class _TokenFinder:
    """Where given tokens occur in a text (character offsets into the text), as
    :mod:`framing.counts` counts them: lower-cased, typography folded, lexicon phrases joined, so a
    word inside a joined phrase ("kiev" in "Kiev regime") is not a hit for the word alone."""

    def __init__(self, mwe_rx: re.Pattern | None):
        from ..tokenize import phrase_tokens

        self.mwe_rx = mwe_rx
        self.phrase_tokens = phrase_tokens
        self.patterns: dict[str, re.Pattern] = {}

    def pattern(self, token: str) -> re.Pattern:
        rx = self.patterns.get(token)
        if rx is None:
            words = [re.escape(w) for w in token.split("_") if w]
            # the token's own edges: not inside a longer token (``\w``, or an apostrophe/hyphen joining words)
            rx = self.patterns[token] = re.compile(r"(?<!\w)(?<!\w['-])" + r"[\s\-]+".join(words) + r"(?!\w|['-]\w)")
        return rx

    def spans(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        from ..tokenize import normalize_typography

        folded = normalize_typography(text)
        origin = None
        if "\u00ad" in text or "\u200b" in text or len(text.lower()) != len(text):
            # folding drops a character or lower-casing lengthens one: fold char by char, keeping offsets
            pieces, origin = [], []
            for i, ch in enumerate(text):
                f = normalize_typography(ch)
                pieces.append(f)
                origin.extend([i] * len(f))
            folded = "".join(pieces)
        joined: list[tuple[int, int, tuple[str, ...]]] | None = None
        out: dict[str, list[tuple[int, int]]] = {}
        for token in sorted(wanted):
            hits = [m.span() for m in self.pattern(token).finditer(folded)]
            if not hits:
                continue
            if self.mwe_rx is not None:
                if joined is None:
                    joined = [
                        (m.start(), m.end(), tuple(self.phrase_tokens(m.group(0))))
                        for m in self.mwe_rx.finditer(folded)
                    ]
                # a hit counts unless a joined phrase other than the token itself overlaps it
                hits = [
                    (s, e) for s, e in hits if not any(a < e and s < b and toks != (token,) for a, b, toks in joined)
                ]
            if hits:
                out[token] = hits if origin is None else [(origin[s], origin[e - 1] + 1) for s, e in hits]
        return out
