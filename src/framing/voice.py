"""Whose voice a term is in: the outlet's own narration, a quotation, or a distanced use.

An outlet that quotes a Kremlin official saying "special military operation" has not adopted the
term; one that writes *Russia's so-called "special military operation"* is holding it at arm's
length. This module finds, for a span of a document:

``voice``
    ``quoted``    inside quotation marks that hold someone's words (straight ``"``, curly “ ”,
                  „ “, « », and single quotes ‘ ’ / ``'`` nested inside them or standing alone);
    ``distanced`` after a distancing cue within a few words ("so-called", "so called",
                  "self-styled", "self-proclaimed", "self-declared", "what Moscow/Russia/the
                  Kremlin/it/they … calls", "what … refers to as"), or inside *scare quotes*: a
                  quotation that holds the term and at most one other word ("the 'DPR'");
    ``authorial`` everything else.
``attributed``
    ``True`` when the sentence holding the span carries a reporting cue outside any quotation
    ("according to", "said", "told", "claimed", "reportedly", …) or starts like a headline that
    attributes a claim ("Lavrov: …"): reported speech without quotation marks, which stays
    ``authorial`` but can be filtered on.

Rules (documented in the README, section *Lexicon and matching*):

* Quotation spans are found per paragraph (a paragraph ends at a line break). An unclosed double
  quote runs to the end of its paragraph and never past it (news style reopens a quote that goes
  on in the next paragraph); an unclosed single quote is dropped, because a stray ``'`` is far more
  often an apostrophe (``'90s``, ``Ukrainians'``) than a quotation.
* ``’`` or ``'`` between two letters or digits is an apostrophe (``Russia’s``, ``it’s``), never
  a quote mark. A closing single quote needs an open single quote before it.
* A span inside a long quotation is ``quoted`` even if the speaker distances it; a scare quote or
  cue in the outlet's own narration makes it ``distanced``.

Sentences are found by :func:`sentence_spans`, a regular-expression splitter (NLTK's Punkt needs
model data that is not available offline): a sentence ends at ``.``, ``!`` or ``?`` (plus closing
quotes/brackets) followed by whitespace and an upper-case letter, digit or opening quote, unless
the word before the full stop is a known abbreviation (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.``) or a
single initial; and always at a line break.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .normalize import normalize_text

VOICES = ("authorial", "quoted", "distanced")

# ----------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov pres st jr sr inc ltd co corp vs
    etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est""".split()
)
#: Abbreviations that only stand before a number ("No. 5", "Art. 207.3").
NUMBER_ABBREVIATIONS = frozenset("no nos vol fig art p pp".split())
_BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[A-Z0-9À-ÖØ-Þ])")
_DIGIT_NEXT = re.compile(r"\s*\d")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text`` (whitespace trimmed).

    Examples
    --------
    >>> t = "Gen. Kellogg met Mr. Umerov in Kyiv. Talks went on.\\nNew line"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Gen. Kellogg met Mr. Umerov in Kyiv.', 'Talks went on.', 'New line']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        stop = n if nl == -1 else nl
        _paragraph_sentences(text, pos, stop, spans)
        if nl == -1:
            break
        pos = nl + 1
    return spans


_LETTERS_DOTS = re.compile(r"[a-z][a-z.]*")


def _is_boundary(text: str, para_start: int, i: int, end: int) -> bool:
    """A sentence-end candidate ``text[i:end]`` (a :data:`_BOUNDARY` match) is real unless a
    full stop follows an abbreviation or initial."""
    if text[i] != ".":
        return True
    j = text.rfind(" ", max(para_start, i - 30), i) + 1
    if j == 0:
        j = max(para_start, i - 30)
    w = text[j:i].lstrip("\"“‘'([{").lower()
    if not _LETTERS_DOTS.fullmatch(w):
        return True
    word = w.rstrip(".")
    if word in ABBREVIATIONS or len(word) == 1 or "." in word:
        return False
    if word in NUMBER_ABBREVIATIONS and _DIGIT_NEXT.match(text, end):
        return False
    return True


def _paragraph_sentences(text: str, pos: int, stop: int, spans: list[tuple[int, int]]) -> None:
    para_start = pos
    for m in _BOUNDARY.finditer(text, pos, stop):
        if not _is_boundary(text, pos, m.start(), m.end()):
            continue
        _append_trimmed(text, para_start, m.end(), spans)
        para_start = m.end()
    _append_trimmed(text, para_start, stop, spans)


def _append_trimmed(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    seg = text[a:b]
    left = seg.lstrip()
    if left:  # str.strip trims exactly the characters str.isspace accepts
        a += len(seg) - len(left)
        out.append((a, a + len(left.rstrip())))


#: The characters a :data:`_BOUNDARY` match is made of (sentence-end marks, closing quotes and
#: brackets): a scan that starts right after none of them starts where a full scan is not inside
#: a match, so from there it finds exactly the full scan's matches.
_BOUNDARY_CHARS = frozenset(".!?\"”’')]»")
#: Characters scanned before a position to find the start of its sentence (more when needed).
_SENTENCE_WINDOW = 300


# ----------------------------------------------------------------------------------------------
# Quotations
# ----------------------------------------------------------------------------------------------


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
    # stack entries: (kind, char, position); kind is "d" (double) or "s" (single)
    stack: list[tuple[str, str, int]] = []
    append = out.append

    def close_at(i: int, field: int, value: str) -> bool:
        """Close the innermost open mark whose ``field`` (0: kind, 1: char) is ``value``."""
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][field] == value:
                # marks opened after the one we close are left unclosed inside it: drop singles,
                # close doubles at this point
                for d in range(k + 1, len(stack)):
                    kind, _c, p = stack[d]
                    if kind == "d":
                        append(QuoteSpan(p, i, d, False))
                append(QuoteSpan(stack[k][2], i, k, True))
                del stack[k:]
                return True
        return False

    # apostrophes inside a word (Russia’s, it's, Kiev's) are skipped by the regex already
    for m in _QUOTE_MARKS.finditer(text, start, stop):
        i = m.start()
        c = m.group()
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < stop else " "
        if c == "“":
            top = stack[-1][1] if stack else None
            if top == "„":
                close_at(i, 1, "„")
            elif top == "“" and not prev.isspace() and (nxt.isspace() or not nxt.isalnum()):
                close_at(i, 1, "“")  # “…“ used as both marks
            else:
                if top == "“" and _SENTENCE_END.search(text, max(start, i - 6), i):
                    # news style: a quote running on into the next paragraph is reopened there without
                    # being closed; when paragraphs were run together, the reopening mark ends the
                    # previous stretch (nested quotes would use single marks)
                    _kind, _c, p = stack.pop()
                    append(QuoteSpan(p, i - 1, len(stack), False))
                stack.append(("d", c, i))
        elif c == "„" or c == "«" or c == "‟":
            stack.append(("d", c, i))
        elif c == "″":
            close_at(i, 0, "d")  # double prime typed as a closing quote; else a unit mark
        elif c == "”":
            if not close_at(i, 0, "d"):
                if prev in _OPENERS_BEFORE and nxt.isalnum():
                    stack.append(("d", c, i))  # ” typed as an opener
        elif c == "»":
            close_at(i, 1, "«")
        elif c == '"':
            for e in stack:
                if e[1] == '"':
                    close_at(i, 1, '"')  # straight quotes do not nest: toggle
                    break
            else:
                stack.append(("d", c, i))
        elif c == "‘" or c == "‚" or c == "‹":
            if c == "‘" and prev.isalnum():
                continue  # stray mark inside a word
            stack.append(("s", c, i))
        else:  # ’ ' ›
            has_single = False
            for e in stack:
                if e[0] == "s":
                    has_single = True
                    break
            if c == "'" and not has_single and prev in _OPENERS_BEFORE and nxt.isalnum():
                stack.append(("s", c, i))
            elif has_single and not prev.isspace():
                close_at(i, 0, "s")
            elif c == "'" and prev in _OPENERS_BEFORE and nxt.isalnum():
                stack.append(("s", c, i))
            # otherwise an apostrophe after a word (Ukrainians’) or a stray mark
    for depth, (kind, _c, p) in enumerate(stack):
        if kind == "s" and not _speech_opener(text, start, p):
            continue
        if kind == "d" or kind == "s":
            end = stop
            while end > p + 1 and text[end - 1].isspace():
                end -= 1
            out.append(QuoteSpan(p, end, depth, False))


_SPEECH_BEFORE = re.compile(r"(?:^|[:.!?]|\b(?:said|says|added|told|wrote|asked|replied|declared|stated))[\"”’'»)\]]*\s*$")
_WORDS = re.compile(r"\w+")


def _speech_opener(text: str, start: int, p: int) -> bool:
    """An unclosed single quote is speech (and runs to the paragraph end) only if it opens a
    sentence or follows a colon or a speech verb, and at least four words follow it."""
    if not _SPEECH_BEFORE.search(text[max(start, p - 12) : p]):
        return False
    stop = text.find("\n", p)
    return len(_WORDS.findall(text, p, p + 60 if stop == -1 else min(stop, p + 60))) >= 4


# ----------------------------------------------------------------------------------------------
# Cues
# ----------------------------------------------------------------------------------------------

#: Distancing cues: must end within two words (and an optional opening quote) of the term.
DISTANCING_CUE = re.compile(
    r"(?:\bso[- ]?called|\bself[- ](?:styled|proclaimed|declared)|\bwhat\s+(?:[\w'.-]+\s+){0,3}?"
    r"(?:calls?|called|terms?|termed|dubs?|dubbed|brands?|branded|describes?\s+as|described\s+as|"
    r"refers?\s+to\s+as|referred\s+to\s+as|has\s+called|likes\s+to\s+call)|\bthe\s+term)"
    r"\s*[\"']?\s*(?:[\w'-]+\s+){0,2}[\"']?\s*$",
    re.IGNORECASE,
)
#: Reporting cues that mark reported speech without quotation marks. The lookahead (the first
#: letters of the alternatives) only makes the search faster: without it every word start would
#: try every case-insensitive alternative.
ATTRIBUTION_CUE = re.compile(
    r"\b(?=[acdimqrstw])(?:according\s+to|said|says|told|tells|claim(?:s|ed)?|reportedly|reported|stated|states|"
    r"insist(?:s|ed)|argu(?:es|ed)|alleg(?:es|ed|edly)|announced|declared|asserted|maintain(?:s|ed)|"
    r"accus(?:es|ed)|wrote|writes|quoted|cited|in\s+the\s+words\s+of)\b",
    re.IGNORECASE,
)
#: Headline-style attribution: "Lavrov: special operation will go on" (a name, then a colon).
HEADLINE_ATTRIBUTION = re.compile(r"\s*(?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'.-]*\s*:\s+\S")
CUE_WINDOW = 60
#: Longest ``sentence`` returned (characters); longer ones are cut around the mention.
MAX_SENTENCE = 1000
_WORD = re.compile(r"\w+")


class VoiceClassifier:
    """Voice of spans in one document; the quotation spans of a paragraph are computed once, when
    it first holds a queried span, and sentences are looked up locally around each span.

    Examples
    --------
    >>> t = 'Moscow calls it a "special military operation". Russia invaded Ukraine.'
    >>> vc = VoiceClassifier(t)
    >>> s = t.index("special"); vc.voice(s, s + len("special military operation"))
    'distanced'
    >>> s = t.index("invaded"); vc.voice(s, s + 7)
    'authorial'
    """

    def __init__(self, text: str):
        self.text = text
        # paragraph start -> (paragraph end, quotation spans); only paragraphs that hold a
        # mention are analysed
        self._paragraphs: dict[int, tuple] = {}
        # paragraph start -> (sentence spans, sentence starts): the full split, only needed when
        # the local lookup of :meth:`sentence_span` cannot decide
        self._split: dict[int, tuple] = {}
        # start of a sentence-end candidate -> whether it is a real boundary
        self._real: dict[int, bool] = {}
        # paragraph start -> (piece starts, pieces) of :meth:`_local_sentence`
        self._pieces: dict[int, tuple[list[int], list[tuple]]] = {}
        self._sentence_memo: dict[tuple[int, int], tuple[int, int]] = {}
        self._attributed_memo: dict[tuple[int, int], bool] = {}
        self._all_quotes: list[QuoteSpan] | None = None

    @property
    def quotes(self) -> list[QuoteSpan]:
        """All quotation spans of the text."""
        if self._all_quotes is None:
            self._all_quotes = quote_spans(self.text)
        return self._all_quotes

    def _paragraph(self, pos: int):
        """``(start, end, quotation spans, their opening positions, running maximum of their
        closing positions)`` of the paragraph holding ``pos``; the spans are sorted by opening
        position, so the last two lists bound by bisection the spans that can hold a position."""
        text = self.text
        a = text.rfind("\n", 0, pos) + 1
        entry = self._paragraphs.get(a)
        if entry is None:
            b = text.find("\n", a)
            b = len(text) if b == -1 else b
            quotes: list[QuoteSpan] = []
            _paragraph_quotes(text, a, b, quotes)
            quotes.sort(key=lambda q: (q.open, -q.close))
            reach, top = [], -1
            for q in quotes:
                top = max(top, q.close)
                reach.append(top)
            entry = (a, b, quotes, [q.open for q in quotes], reach)
            self._paragraphs[a] = entry
        return entry

    # sentences ---------------------------------------------------------------------------------
    #
    # Paragraphs are often whole articles, while only the sentences around the mentions are
    # needed. :func:`sentence_spans` cuts a paragraph ``[a, b)`` at the ends of the *real*
    # boundaries among the :data:`_BOUNDARY` matches (the split points, with ``a`` and ``b``), and
    # each piece, whitespace trimmed, is a sentence unless it is blank. So the sentence holding a
    # position ``x`` is found locally: the piece ``[p, q)`` around ``x`` runs from the last split
    # point at or before ``x`` to the first one after it, found by scanning the candidates of a
    # window around ``x`` (:meth:`_piece`; further back by :meth:`_split_before` when the window
    # holds no real boundary before ``x``) and checking only those nearest to ``x`` with
    # :func:`_is_boundary` (memoized) until a real one turns up. When the trimmed piece starts at
    # or before ``x`` it is exactly the sentence :func:`sentence_spans` assigns to ``x``; in the
    # rare other cases (``x`` in blank space, a hit running past the paragraph end) the paragraph
    # is split in full, as before.

    def _is_real(self, a: int, i: int, end: int) -> bool:
        hit = self._real.get(i)
        if hit is None:
            hit = self._real[i] = _is_boundary(self.text, a, i, end)
        return hit

    def _scan_start(self, a: int, lo: int) -> int:
        """``lo`` moved back to the paragraph start ``a`` or past every boundary character, where
        a scan finds the same :data:`_BOUNDARY` matches as a scan from ``a`` (and no match ends
        exactly at the returned position)."""
        text = self.text
        while lo > a and text[lo - 1] in _BOUNDARY_CHARS:
            lo -= 1
        return lo

    def _piece(self, a: int, b: int, x: int) -> tuple[int, int]:
        """``(p, q)``: the last split point at or before ``x`` and the first one after it, in
        paragraph ``[a, b)`` (``a <= x < b``); one scan from a window start before ``x`` to the
        first real boundary after it."""
        lo = self._scan_start(a, max(a, x - _SENTENCE_WINDOW))
        before = []
        q = b
        for m in _BOUNDARY.finditer(self.text, lo, b):
            i, e = m.span()
            if e <= x:
                before.append((i, e))
            elif self._is_real(a, i, e):
                q = e
                break
        for i, e in reversed(before):
            if self._is_real(a, i, e):
                return e, q
        return (a if lo == a else self._split_before(a, b, lo)), q

    def _split_before(self, a: int, b: int, x: int) -> int:
        """The last split point at or before ``x``: the end of the last real boundary that ends
        there or earlier, else the paragraph start ``a``; windows further and further back."""
        text = self.text
        while True:
            lo = self._scan_start(a, max(a, x - _SENTENCE_WINDOW))
            found = []
            for m in _BOUNDARY.finditer(text, lo, b):
                if m.end() > x:
                    break
                found.append(m.span())
            for i, e in reversed(found):
                if self._is_real(a, i, e):
                    return e
            if lo == a:
                return a
            x = lo  # no match ends at lo or straddles it: the rest lies wholly before

    def _local_sentence(self, a: int, b: int, x: int) -> tuple[int, int] | None:
        """The sentence :func:`sentence_spans` assigns to position ``x`` of paragraph ``[a, b)``
        (the last one starting at or before ``x``), or None when it is not the piece around
        ``x`` (``x`` in leading or blank space, or at or past ``b``)."""
        if x >= b:
            return None
        # the pieces found so far in this paragraph (disjoint, sorted): (start, end, sentence)
        starts, pieces = self._pieces.setdefault(a, ([], []))
        k = bisect.bisect_right(starts, x)
        if k and x < pieces[k - 1][1]:
            sentence = pieces[k - 1][2]
        else:
            p, q = self._piece(a, b, x)
            seg = self.text[p:q]
            left = seg.lstrip()
            ts = p + len(seg) - len(left)
            sentence = (ts, ts + len(left.rstrip())) if left else None
            starts.insert(k, p)  # p > the previous piece's start, <= x < the next one's
            pieces.insert(k, (p, q, sentence))
        if sentence is None or sentence[0] > x:
            return None
        return sentence

    def _full_split(self, a: int, b: int) -> tuple:
        entry = self._split.get(a)
        if entry is None:
            sents: list[tuple[int, int]] = []
            _paragraph_sentences(self.text, a, b, sents)
            if not sents:
                sents = [(a, b)]
            entry = self._split[a] = (sents, [x for x, _ in sents])
        return entry

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of the sentence holding ``[start, end)`` (extended when a hit crosses sentences)."""
        hit = self._sentence_memo.get((start, end))
        if hit is None:
            a, b = self._paragraph(start)[:2]
            last = max(end - 1, start)
            first = self._local_sentence(a, b, start)
            if first is not None and last < first[1]:
                # the hit ends inside its first sentence (a sentence's trimmed end is before the
                # next split point, so the sentence of ``last`` is the same one)
                hit = (min(first[0], start), max(first[1], end))
            else:
                second = self._local_sentence(a, b, last) if first is not None else None
                if second is not None:
                    hit = (min(first[0], start), max(second[1], end))
                else:
                    sents, starts = self._full_split(a, b)
                    i = max(bisect.bisect_right(starts, start) - 1, 0)
                    j = max(bisect.bisect_right(starts, last) - 1, i)
                    hit = (min(sents[i][0], start), max(sents[j][1], end))
            self._sentence_memo[(start, end)] = hit
        return hit

    def sentence(self, start: int, end: int) -> str:
        """The sentence holding the span, whitespace collapsed; a sentence longer than
        :data:`MAX_SENTENCE` characters (run-together text without punctuation) is cut to that
        many characters around the span, with "…" marking the cuts."""
        a, b = self.sentence_span(start, end)
        head = tail = ""
        if b - a > MAX_SENTENCE:
            half = max(0, (MAX_SENTENCE - (end - start)) // 2)
            na, nb = max(a, start - half), min(b, end + half)
            head = "… " if na > a else ""
            tail = " …" if nb < b else ""
            a, b = na, nb
        return head + " ".join(self.text[a:b].split()) + tail

    # quotes --------------------------------------------------------------------------------------
    def enclosing_quotes(self, start: int, end: int) -> list[QuoteSpan]:
        """Quotation spans that contain ``[start, end)``, outermost first."""
        _a, _b, quotes, opens, reach = self._paragraph(start)
        # only spans opening before ``start`` (a prefix of the list), and none before the first
        # whose running maximum reaches ``end``
        lo, hi = bisect.bisect_left(reach, end), bisect.bisect_left(opens, start)
        return [q for q in quotes[lo:hi] if end <= q.close]

    def _is_scare(self, q: QuoteSpan, start: int, end: int) -> bool:
        if not q.closed:
            return False
        a, b = q.inner
        text = self.text
        if text[a:b].rstrip().endswith(","):
            return False  # “…,” he said: speech
        # at most one word besides the term's own: stop counting as soon as there are more
        limit = len(_WORD.findall(text[start:end])) + 1
        count = 0
        for _m in _WORD.finditer(text, a, b):
            count += 1
            if count > limit:
                return False
        return True

    def voice(self, start: int, end: int) -> str:
        """``authorial``, ``quoted`` or ``distanced`` for the span ``[start, end)``."""
        enclosing = self.enclosing_quotes(start, end)
        if enclosing:
            long_quotes = [q for q in enclosing if not self._is_scare(q, start, end)]
            if long_quotes:
                return "quoted"
            return "distanced"
        pre = normalize_text(self.text[max(0, start - CUE_WINDOW) : start])
        nl = pre.rfind("\n")
        if nl != -1:
            pre = pre[nl + 1 :]
        if DISTANCING_CUE.search(pre):
            return "distanced"
        return "authorial"

    def attributed(self, start: int, end: int) -> bool:
        """True when the sentence holding the span has a reporting cue outside quotation marks."""
        a, b = self.sentence_span(start, end)
        hit = self._attributed_memo.get((a, b))
        if hit is not None:
            return hit
        text = self.text
        parts = []
        pos = a  # quotation marks and their contents become spaces
        _pa, _pb, quotes, opens, reach = self._paragraph(start)
        # sorted by opening position: spans before ``lo`` close before ``a``, from ``hi`` on they
        # open at or after ``b``
        lo, hi = bisect.bisect_left(reach, a), bisect.bisect_left(opens, b)
        for q in quotes[lo:hi]:
            if q.close < a:
                continue
            lo, hi = max(q.open, a, pos), min(q.close + 1, b)
            if hi <= lo:
                continue
            parts.append(text[pos:lo])
            parts.append(" " * (hi - lo))
            pos = hi
        parts.append(text[pos:b])
        masked = "".join(parts)
        hit = ATTRIBUTION_CUE.search(masked) is not None or HEADLINE_ATTRIBUTION.match(masked) is not None
        self._attributed_memo[(a, b)] = hit
        return hit


def classify_voice(text: str, start: int, end: int) -> str:
    """Voice of one span; build a :class:`VoiceClassifier` instead when classifying many.

    Examples
    --------
    >>> classify_voice("He called it “a proxy war that drags on”.", 16, 25)
    'quoted'
    >>> classify_voice("the so-called Donetsk People's Republic", 14, 39)
    'distanced'
    """
    return VoiceClassifier(text).voice(start, end)
