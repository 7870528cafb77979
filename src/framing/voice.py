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

Rules (documented in the manual, docs/lexicon.md):

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
from typing import TYPE_CHECKING

from . import cues_ru_uk
from .normalize import normalize_text
from .prefilter import starts_inside_word

if TYPE_CHECKING:
    from .prefilter import StemIndex

# ----------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm sen rep gov pres st jr sr inc ltd co corp vs
    etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est""".split()
)
#: Abbreviations that only stand before a number ("No. 5", "Art. 207.3").
NUMBER_ABBREVIATIONS = frozenset("no nos vol fig art p pp".split())
#: Russian and Ukrainian abbreviations that a full stop ends inside a sentence ("в 2014 г. Россия",
#: "25 тыс. человек", "им. Шевченко", "ул. Крещатик").
ABBREVIATIONS_RU_UK = frozenset(
    """г гг тыс млн млрд руб грн коп им ул пр просп пер обл р-н ст см др т н зв напр род рр""".split()
)
#: A sentence end: ., ! or ? (closing quotes and brackets may follow), then space and a capital
#: (Latin or Cyrillic), a digit or an opening quote.
_BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*(?=\s+[\"“‘'«„(\[]?[A-Z0-9À-ÖØ-ÞА-ЯЁІЇЄҐ])")
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


_LETTERS_DOTS = re.compile(r"[a-zа-яёіїєґ][a-zа-яёіїєґ.-]*")


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
    if word in ABBREVIATIONS or word in ABBREVIATIONS_RU_UK or len(word) == 1 or "." in word:
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
#: A characterisation reported as someone else's, right before the term: "officials have described
#: the conflict as a proxy war", "Moscow calls the war a special military operation", "branded the
#: strikes war crimes". The outlet reports the label; it does not use it as its own.
CHARACTERISATION_CUE = re.compile(
    r"\b(?:describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|portray(?:s|ed|ing)?|depict(?:s|ed|ing)?"
    r"|refer(?:s|red|ring)?\s+to|regard(?:s|ed|ing)?|view(?:s|ed|ing)?|sees|saw|fram(?:e|es|ed|ing))\s+"
    r"(?:[\w'’.-]+\s+){0,5}?as\s+(?:an?\s+|the\s+)?[\"“‘']?\s*$"
    r"|(?<![\w-])(?:calls|called|calling|brands?|branded|branding|labels|labell?ed|labell?ing|termed|terming|dubs|dubbed|dubbing)\s+"
    r"(?!(?:for|on|off|up|in|out|back|upon|it\s+quits)\b)(?:[\w'’.-]+\s+){1,4}?(?:an?\s+|the\s+)?[\"“‘']?\s*$"
    # an accusation or a court's label: "accused Russia of war crimes", "accused of fighting as
    # mercenaries", "tried as mercenaries", "charged with war crimes" (the accuser's words)
    r"|(?<![\w-])accus(?:e|es|ed|ing)\s+(?:[\w'’.-]+\s+){0,6}?of\s+"
    r"(?:(?:committing|being|fighting\s+as|acting\s+as|serving\s+as)\s+)?(?:an?\s+|the\s+)?[\"“‘']?\s*$"
    r"|(?<![\w-])(?:tried|convicted|sentenced|prosecuted|condemned)\s+(?:[\w'’.-]+\s+){0,3}?as\s+(?:an?\s+|the\s+)?[\"“‘']?\s*$"
    r"|(?<![\w-])charg(?:e|es|ed|ing)\s+(?:[\w'’.-]+\s+){0,4}?with\s+(?:committing\s+)?[\"“‘']?\s*$",
    re.IGNORECASE,
)
#: The signature under a social-media post embedded in an article: "— Volodymyr Zelenskyy
#: (@ZelenskyyUa) February 24, 2022", or a "pic.twitter.com/…" link. The post's text stands before
#: it (at most 280 characters, plus a little), in the author's words, not the outlet's.
EMBEDDED_POST = re.compile(
    r"(?:pic\.twitter\.com/\w+[^\S\n]*)?[—–-]{1,2}[^\S\n]*[^\n()@]{1,60}?[^\S\n]*\(@\w{1,15}\)[^\S\n]*"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)[^\S\n]+\d{1,2},[^\S\n]+\d{4}"
    r"|pic\.twitter\.com/\w+"
)
POST_REACH = 300
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
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


#: Whitespace that :meth:`VoiceClassifier.sentence` folds into one space: a run, or any but a space.
_WHITESPACE_TO_FOLD = re.compile(r"[^\S ]|  ")
#: Longest ``sentence`` returned (characters); longer ones are cut around the mention.
MAX_SENTENCE = 1000
_WORD = re.compile(r"\w+")


class VoiceClassifier:
    """Voice of spans in one document; the quotation spans of a paragraph are computed once, when
    it first holds a queried span, and sentences are looked up locally around each span.

    The work is linear in the length of the text, whatever it holds (no line breaks, thousands of
    quotation marks, quotes left open): each paragraph is found once, its sentence-end candidates
    and quotation spans are computed once, and each lookup starts from what the previous ones
    found instead of from the start of the paragraph.

    Examples
    --------
    >>> t = 'Moscow calls it a "special military operation". Russia invaded Ukraine.'
    >>> vc = VoiceClassifier(t)
    >>> s = t.index("special"); vc.voice(s, s + len("special military operation"))
    'distanced'
    >>> s = t.index("invaded"); vc.voice(s, s + 7)
    'authorial'
    """

    def __init__(self, text: str, lang: str | None = None, stems: StemIndex | None = None):
        self.text = text
        #: the document's language: ``ru`` and ``uk`` add the Russian and Ukrainian cues
        #: (:mod:`framing.cues_ru_uk`); ``None``: added wherever the text before a span is Cyrillic
        self.lang = lang
        #: where the Russian and Ukrainian cue families (:data:`framing.cues_ru_uk.STEM_SOURCES`) have
        #: stems in ``text``, when the caller knows (:mod:`framing.prefilter`): a cue regex with no
        #: stem in the stretch it would search is not run. Only used for ``ru`` and ``uk`` documents.
        self._stems = stems if lang in ("ru", "uk") else None
        # paragraph start -> _Paragraph; only paragraphs that hold a queried span are analysed
        self._paragraphs: dict[int, _Paragraph] = {}
        # starts and ends of the paragraphs analysed so far (sorted), to find a position's paragraph
        # without scanning back to the start of the text
        self._para_starts: list[int] = []
        self._para_ends: list[int] = []
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
        self._posts: list[tuple[int, int]] | None = None  # embedded social-media posts (start, signature)

    @property
    def quotes(self) -> list[QuoteSpan]:
        """All quotation spans of the text."""
        if self._all_quotes is None:
            self._all_quotes = quote_spans(self.text)
        return self._all_quotes

    def _paragraph(self, pos: int) -> _Paragraph:
        """The paragraph holding ``pos`` (analysed on first use)."""
        starts = self._para_starts
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0 and pos <= self._para_ends[k]:
            return self._paragraphs[starts[k]]
        text = self.text
        # the paragraph starts after the nearest line break before ``pos``; no need to look further
        # back than the end of the paragraph before it that is known already (a line break)
        lo = self._para_ends[k] if k >= 0 else 0
        a = text.rfind("\n", lo, pos) + 1
        b = text.find("\n", a)
        b = len(text) if b == -1 else b
        entry = self._paragraphs[a] = _Paragraph(text, a, b)
        starts.insert(k + 1, a)
        self._para_ends.insert(k + 1, b)
        return entry

    # sentences ---------------------------------------------------------------------------------
    #
    # Paragraphs are often whole articles, while only the sentences around the mentions are
    # needed. :func:`sentence_spans` cuts a paragraph ``[a, b)`` at the ends of the *real*
    # boundaries among the :data:`_BOUNDARY` matches (the split points, with ``a`` and ``b``), and
    # each piece, whitespace trimmed, is a sentence unless it is blank. So the sentence holding a
    # position ``x`` is found locally: the piece ``[p, q)`` around ``x`` runs from the last split
    # point at or before ``x`` to the first one after it. The candidates (all :data:`_BOUNDARY`
    # matches of the paragraph, one regex scan) are searched by bisection, and only those nearest
    # to ``x`` are checked with :func:`_is_boundary` (memoized) until a real one turns up; each
    # piece found is kept, so every candidate is looked at about once however many mentions
    # there are. When the trimmed piece starts at or before ``x`` it is exactly the sentence
    # :func:`sentence_spans` assigns to ``x``; in the rare other cases (``x`` in blank space, a hit
    # running past the paragraph end) the paragraph is split in full, as before.

    def _is_real(self, a: int, i: int, end: int) -> bool:
        hit = self._real.get(i)
        if hit is None:
            hit = self._real[i] = _is_boundary(self.text, a, i, end)
        return hit

    def _piece(self, a: int, b: int, x: int) -> tuple[int, int]:
        """``(p, q)``: the last split point at or before ``x`` and the first one after it, in
        paragraph ``[a, b)`` (``a <= x < b``)."""
        starts, ends = self._paragraph(a).candidates()
        k = bisect.bisect_right(ends, x)  # candidates before k end at or before x
        q = b
        for j in range(k, len(ends)):
            if self._is_real(a, starts[j], ends[j]):
                q = ends[j]
                break
        p = a
        for j in range(k - 1, -1, -1):
            if self._is_real(a, starts[j], ends[j]):
                p = ends[j]
                break
        return p, q

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
            para = self._paragraph(start)
            a, b = para.start, para.end
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
        seg = self.text[a:b]
        if _WHITESPACE_TO_FOLD.search(seg) or seg[:1].isspace() or seg[-1:].isspace():
            seg = " ".join(seg.split())
        return head + seg + tail

    # quotes --------------------------------------------------------------------------------------
    def enclosing_quotes(self, start: int, end: int) -> list[QuoteSpan]:
        """Quotation spans that contain ``[start, end)``, outermost first."""
        return list(reversed(list(self._paragraph(start).enclosing(start, end))))

    def _is_scare(self, q: QuoteSpan, start: int, end: int, para: _Paragraph | None = None) -> bool:
        if not q.closed:
            return False
        a, b = q.inner
        text = self.text
        if (para or self._paragraph(q.open)).ends_with_comma(q):
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
        if self._in_embedded_post(start, end):
            return "quoted"
        para = self._paragraph(start)
        enclosed = False
        for q in para.enclosing(start, end):  # innermost first: a long quotation ends the search
            if self._bracketed(q, start, end):
                break  # "[Zelensky]" inside a quotation: the outlet's own words, inserted
            if not self._is_scare(q, start, end, para):
                return "quoted"
            enclosed = True
        if enclosed:
            return "distanced"
        lo = max(0, start - CUE_WINDOW)
        stems = self._stems
        if stems is not None and not stems.has(("distancing",), lo, start):
            # no Russian or Ukrainian distancing cue opens at a word start of the document before the
            # span (and the English cues do not apply); the stretch searched may start inside a word,
            # at a place that starts a word only for it
            if not starts_inside_word(self.text, lo):
                return "authorial"
            pre = normalize_text(self.text[lo:start])
            found = "\n" not in pre and cues_ru_uk.DISTANCING_CUE.match(pre) is not None
            return "distanced" if found else "authorial"
        pre = normalize_text(self.text[lo:start])
        nl = pre.rfind("\n")
        if nl != -1:
            pre = pre[nl + 1 :]
        if self._ru_uk(pre) and cues_ru_uk.DISTANCING_CUE.search(pre):
            return "distanced"
        if not self._english():
            return "authorial"  # a Russian or Ukrainian document: the English cues have nothing to find
        if DISTANCING_CUE.search(pre):
            return "distanced"
        wider = normalize_text(self.text[max(0, start - 2 * CUE_WINDOW) : start])
        nl = wider.rfind("\n")
        if CHARACTERISATION_CUE.search(wider[nl + 1 :] if nl != -1 else wider):
            return "distanced"
        return "authorial"

    def _english(self) -> bool:
        """Whether the English cues apply: any document but a Russian or Ukrainian one."""
        return self.lang not in ("ru", "uk")

    def _ru_uk(self, text: str) -> bool:
        """Whether the Russian and Ukrainian cues apply (the document's language, or Cyrillic text)."""
        if self.lang is not None:
            return self.lang in ("ru", "uk")
        return _CYRILLIC.search(text) is not None

    def _in_embedded_post(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies in the text of an embedded social-media post (the
        :data:`POST_REACH` characters before its signature, within the paragraph)."""
        if self._posts is None:
            posts, last = [], 0
            text = self.text
            if "(@" in text or "pic.twitter.com" in text:
                for m in EMBEDDED_POST.finditer(text):
                    a = max(text.rfind("\n", 0, m.start()) + 1, last, m.start() - POST_REACH)
                    posts.append((a, m.start()))
                    last = m.end()
            self._posts = posts
        if not self._posts:
            return False
        k = bisect.bisect_right(self._posts, (start, len(self.text))) - 1
        return k >= 0 and self._posts[k][0] <= start and end <= self._posts[k][1]

    def _bracketed(self, q: QuoteSpan, start: int, end: int) -> bool:
        """Whether ``[start, end)`` stands inside square brackets within quotation ``q``: an
        editor's insertion into someone's words ("the president [Zelensky] said"), which is the
        outlet's own text."""
        text = self.text
        a = text.rfind("[", q.open, start)
        if a == -1 or text.rfind("]", a, start) != -1:
            return False
        b = text.find("]", end, q.close)
        return b != -1 and text.rfind("[", end, b) == -1 and b - a <= 120

    def attributed(self, start: int, end: int) -> bool:
        """True when the sentence holding the span has a reporting cue outside quotation marks."""
        a, b = self.sentence_span(start, end)
        hit = self._attributed_memo.get((a, b))
        if hit is not None:
            return hit
        text = self.text
        parts = []
        pos = a  # quotation marks and their contents become spaces
        # only the outermost quotations matter (the others lie inside them); they are disjoint and
        # sorted, so those meeting the sentence are found by bisection
        for q in self._paragraph(start).outermost_between(a, b):
            lo, hi = max(q.open, a, pos), min(q.close + 1, b)
            if hi <= lo:
                continue
            parts.append(text[pos:lo])
            parts.append(" " * (hi - lo))
            pos = hi
        parts.append(text[pos:b])
        masked = "".join(parts)
        hit = self._english() and (
            ATTRIBUTION_CUE.search(masked) is not None or HEADLINE_ATTRIBUTION.match(masked) is not None
        )
        if not hit and self._ru_uk(masked):
            stems = self._stems
            # with nothing masked, ``masked`` is the sentence: a cue in it opens with a stem there
            searched = (
                stems is None or len(parts) > 1 or starts_inside_word(text, a) or stems.has(("attribution",), a, b)
            )
            hit = (searched and cues_ru_uk.ATTRIBUTION_CUE.search(masked) is not None) or (
                cues_ru_uk.HEADLINE_ATTRIBUTION.match(masked) is not None
            )
        self._attributed_memo[(a, b)] = hit
        return hit


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
