"""Quotation spans of a text, and the per-paragraph index :mod:`framing.voice` looks them up in.

* Quotation spans are found per paragraph (a paragraph ends at a line break). An unclosed double
  quote runs to the end of its paragraph and never past it (news style reopens a quote that goes
  on in the next paragraph); an unclosed single quote is dropped, because a stray ``'`` is far more
  often an apostrophe (``'90s``, ``Ukrainians'``) than a quotation.
* ``’`` or ``'`` between two letters or digits is an apostrophe (``Russia’s``, ``it’s``), never
  a quote mark. A closing single quote needs an open single quote before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .sentences import _BOUNDARY


@dataclass(frozen=True)
class QuoteSpan:
    """One quotation: marks at ``open`` and ``close`` (``close`` is the paragraph end when the
    quote is left open); ``depth`` 0 for outermost; ``closed`` False when it ran to the end."""

    open: int
    close: int
    depth: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


#: The quotation marks :func:`_paragraph_quotes` looks at: ``"“”„‟«»‘’'‚‹›″`` less ``’`` and
#: ``'`` between two letters or digits (``[^\W_]`` is what ``str.isalnum`` accepts), which are
#: apostrophes (``Russia’s``, ``it's``).
_QUOTE_MARKS = re.compile("[\"“”„‟«»‘’'‚‹›″](?:(?<![’'])|(?<![^\\W_].)|(?![^\\W_]))")
_SENTENCE_END = re.compile(r"[.!?:][\"”’'»)\]]*\s+$")
_OPENERS_BEFORE = set(" \t\r\n([{-—–/\"“„«‘'‚‹")


def quote_spans(text: str) -> list[QuoteSpan]:
    """All quotation spans of ``text``, sorted by opening position.

    Examples
    --------
    >>> t = "He said “they told Ukraine to ‘keep fighting,’ and it’s over” today."
    >>> [(t[q.open:q.close + 1], q.depth) for q in quote_spans(t)]
    [('“they told Ukraine to ‘keep fighting,’ and it’s over”', 0), ('‘keep fighting,’', 1)]
    """
    spans: list[QuoteSpan] = []
    n = len(text)
    pos = 0
    while pos <= n:
        nl = text.find("\n", pos)
        stop = n if nl == -1 else nl
        _paragraph_quotes(text, pos, stop, spans)
        if nl == -1:
            break
        pos = nl + 1
    spans.sort(key=lambda q: (q.open, -q.close))
    return spans


def _paragraph_quotes(text: str, start: int, stop: int, out: list[QuoteSpan]) -> None:
    if _QUOTE_MARKS.search(text, start, stop) is None:
        return  # no quotation mark: nothing to pair (most headlines)
    # stack entries: (kind, char, position); kind is "d" (double) or "s" (single). ``count`` holds
    # how many open marks there are of each kind and each character, so that asking whether one is
    # open costs nothing and closing costs only the marks it closes (each mark is closed once):
    # time linear in the number of marks however many are left open
    stack: list[tuple[str, str, int]] = []
    count: dict[str, int] = {"d": 0, "s": 0}
    append = out.append

    def push(kind: str, c: str, i: int) -> None:
        stack.append((kind, c, i))
        count[kind] += 1
        count[c] = count.get(c, 0) + 1

    def drop_from(k: int) -> None:
        for kind, c, _p in stack[k:]:
            count[kind] -= 1
            count[c] -= 1
        del stack[k:]

    def close_at(i: int, value: str) -> bool:
        """Close the innermost open mark whose kind ("d", "s") or character is ``value``."""
        if not count.get(value):
            return False
        field = 0 if value in ("d", "s") else 1
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][field] == value:
                # marks opened after the one we close are left unclosed inside it: drop singles,
                # close doubles at this point
                for d in range(k + 1, len(stack)):
                    kind, _c, p = stack[d]
                    if kind == "d":
                        append(QuoteSpan(p, i, d, False))
                append(QuoteSpan(stack[k][2], i, k, True))
                drop_from(k)
                return True
        return False  # pragma: no cover - the count says there is one

    def reopens(i: int, kinds: tuple[str, ...]) -> bool:
        """News style: a quotation that runs on into the next paragraph is reopened there without
        being closed. When paragraphs were run together (many scraped texts have no line breaks),
        an opening mark of the same kind right after a sentence end, while such a quotation is open
        on top, ends the previous stretch there; without this, the first stretch stays open to the
        end of the text and everything after it reads as quoted."""
        if not stack or stack[-1][1] not in kinds or not _SENTENCE_END.search(text, max(start, i - 6), i):
            return False
        p = stack[-1][2]
        drop_from(len(stack) - 1)
        append(QuoteSpan(p, i - 1, len(stack), False))
        return True

    # apostrophes inside a word (Russia’s, it's, Kiev's) are skipped by the regex already
    for m in _QUOTE_MARKS.finditer(text, start, stop):
        i = m.start()
        c = m.group()
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < stop else " "
        if c == "“":
            top = stack[-1][1] if stack else None
            if top == "„":
                close_at(i, "„")
            elif top == "“" and not prev.isspace() and (nxt.isspace() or not nxt.isalnum()):
                close_at(i, "“")  # “…“ used as both marks
            else:
                reopens(i, ("“",))  # (nested quotes would use single marks)
                push("d", c, i)
        elif c == "„" or c == "«" or c == "‟":
            push("d", c, i)
        elif c == "″":
            close_at(i, "d")  # double prime typed as a closing quote; else a unit mark
        elif c == "”":
            if not close_at(i, "d"):
                if prev in _OPENERS_BEFORE and nxt.isalnum():
                    push("d", c, i)  # ” typed as an opener
        elif c == "»":
            close_at(i, "«")
        elif c == '"':
            opener = prev in _OPENERS_BEFORE and nxt.isalnum()
            if opener and reopens(i, ('"',)):
                push("d", c, i)
            elif not close_at(i, '"'):  # straight quotes do not nest: toggle
                if not opener and not prev.isspace() and count["d"] and stack[-1][0] == "d":
                    close_at(i, "d")  # “…" : a curly quotation closed with a straight mark
                else:
                    push("d", c, i)
        elif c == "‘" or c == "‚" or c == "‹":
            if c == "‘" and prev.isalnum():
                continue  # stray mark inside a word
            reopens(i, ("‘", "'", "‚", "‹"))
            push("s", c, i)
        else:  # ’ ' ›
            has_single = count["s"] > 0
            if c == "'" and not has_single and prev in _OPENERS_BEFORE and nxt.isalnum():
                push("s", c, i)
            elif has_single and not prev.isspace():
                close_at(i, "s")
            elif c == "'" and prev in _OPENERS_BEFORE and nxt.isalnum():
                reopens(i, ("'", "‘"))
                push("s", c, i)
            # otherwise an apostrophe after a word (Ukrainians’) or a stray mark
    for depth, (kind, _c, p) in enumerate(stack):
        if kind == "s" and not _speech_opener(text, start, p):
            continue
        if kind == "d" or kind == "s":
            end = stop
            while end > p + 1 and text[end - 1].isspace():
                end -= 1
            out.append(QuoteSpan(p, end, depth, False))


_SPEECH_BEFORE = re.compile(
    r"(?:^|[:.!?]|\b(?:said|says|added|told|wrote|asked|replied|declared|stated))[\"”’'»)\]]*\s*$"
)
_WORDS = re.compile(r"\w+")


def _speech_opener(text: str, start: int, p: int) -> bool:
    """An unclosed single quote is speech (and runs to the paragraph end) only if it opens a
    sentence or follows a colon or a speech verb, and at least four words follow it."""
    if not _SPEECH_BEFORE.search(text[max(start, p - 12) : p]):
        return False
    stop = text.find("\n", p, p + 60)  # bounded: never a scan to the end of a long text
    return len(_WORDS.findall(text, p, p + 60 if stop == -1 else stop)) >= 4


class _Paragraph:
    """One paragraph ``[start, end)`` of a text: its quotation spans and sentence-end candidates.

    Quotation spans nest (a stack of marks makes them: two spans are disjoint or one holds the
    other), so the spans holding a position form a chain, innermost to outermost; lookups walk
    it with a sweep that moves forward through the paragraph as the positions asked for do
    (a position before the last one restarts it), so a paragraph's lookups together cost time
    linear in its marks and positions.
    """

    __slots__ = (
        "text",
        "start",
        "end",
        "quotes",
        "opens",
        "nested",
        "roots",
        "root_closes",
        "_cands",
        "_next",
        "_chain",
        "_at",
        "_comma",
    )

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        quotes: list[QuoteSpan] = []
        _paragraph_quotes(text, start, end, quotes)
        quotes.sort(key=lambda q: (q.open, -q.close))
        self.quotes = quotes
        self.opens = [q.open for q in quotes]
        # the outermost spans; and whether the spans nest (they do: a stack of marks makes them, but
        # should they ever not, the lookups below fall back to looking at every span)
        chain: list[int] = []
        roots: list[QuoteSpan] = []
        nested = True
        for k, q in enumerate(quotes):
            while chain and quotes[chain[-1]].close < q.close:
                if quotes[chain[-1]].close >= q.open:
                    nested = False
                chain.pop()
            if not chain:
                roots.append(q)
            chain.append(k)
        self.nested = nested
        self.roots = roots if nested else quotes
        self.root_closes = [q.close for q in roots]
        self._cands: tuple[list[int], list[int]] | None = None
        self._next = 0  # sweep: spans opening before the last position asked for are in _chain
        self._chain: list[int] = []
        self._at = -1
        self._comma: dict[int, bool] = {}

    def candidates(self) -> tuple[list[int], list[int]]:
        """Starts and ends of every sentence-end candidate (:data:`_BOUNDARY` match), one scan."""
        if self._cands is None:
            starts: list[int] = []
            ends: list[int] = []
            for m in _BOUNDARY.finditer(self.text, self.start, self.end):
                starts.append(m.start())
                ends.append(m.end())
            self._cands = (starts, ends)
        return self._cands

    def enclosing(self, start: int, end: int):
        """The spans holding ``[start, end)`` (opening before ``start``, closing at or after
        ``end``), innermost first."""
        if not self.nested:  # pragma: no cover - see __init__
            hi = bisect.bisect_left(self.opens, start)
            yield from (q for q in reversed(self.quotes[:hi]) if end <= q.close)
            return
        if start < self._at:  # asked out of order: sweep again from the paragraph start
            self._next, self._chain = 0, []
        self._at = start
        quotes, chain = self.quotes, self._chain
        n = len(quotes)
        while self._next < n and quotes[self._next].open < start:
            q = quotes[self._next]
            while chain and quotes[chain[-1]].close < q.open:
                chain.pop()
            chain.append(self._next)
            self._next += 1
        while chain and quotes[chain[-1]].close < start:
            chain.pop()
        for k in reversed(chain):
            q = quotes[k]
            if end <= q.close:
                yield q

    def ends_with_comma(self, q: QuoteSpan) -> bool:
        """Whether the quotation's text, trailing whitespace left out, ends with a comma."""
        hit = self._comma.get(q.open)
        if hit is None:
            a, b = q.inner
            text = self.text
            while b > a and text[b - 1].isspace():
                b -= 1
            hit = self._comma[q.open] = b > a and text[b - 1] == ","
        return hit

    def outermost_between(self, a: int, b: int) -> list[QuoteSpan]:
        """The outermost spans that meet ``[a, b)`` (close at or after ``a``, open before ``b``)."""
        roots = self.roots
        k = bisect.bisect_left(self.root_closes, a) if self.nested else 0
        out = []
        while k < len(roots) and roots[k].open < b:
            out.append(roots[k])
            k += 1
        return out
