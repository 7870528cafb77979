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

Quotation spans are found by :mod:`framing.quotes` (:func:`quote_spans`), sentences by
:mod:`framing.sentences` (:func:`sentence_spans`); both are importable from here too.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from . import cues_ru_uk
from .normalize import normalize_text
from .prefilter import starts_inside_word
from .quotes import _QUOTE_MARKS, QuoteSpan, _Paragraph, quote_spans
from .sentences import (
    _BOUNDARY,
    ABBREVIATIONS,
    ABBREVIATIONS_RU_UK,
    NUMBER_ABBREVIATIONS,
    _is_boundary,
    _paragraph_sentences,
    sentence_spans,
)

if TYPE_CHECKING:
    from .prefilter import StemIndex

__all__ = [
    "ABBREVIATIONS",
    "ABBREVIATIONS_RU_UK",
    "ATTRIBUTION_CUE",
    "CHARACTERISATION_CUE",
    "CUE_WINDOW",
    "DISTANCING_CUE",
    "EMBEDDED_POST",
    "HEADLINE_ATTRIBUTION",
    "MAX_SENTENCE",
    "NUMBER_ABBREVIATIONS",
    "POST_REACH",
    "QuoteSpan",
    "VoiceClassifier",
    "_BOUNDARY",
    "_QUOTE_MARKS",
    "classify_voice",
    "quote_spans",
    "sentence_spans",
]

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
                if first is not None and second is not None:
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
            # with nothing masked, ``masked`` is the sentence: a cue in it opens with a stem there,
            # so the search starts at the first stem (at 0 when the sentence starts inside a word)
            pos = 0
            if stems is not None and len(parts) == 1 and not starts_inside_word(text, a):
                at = stems.first(("attribution",), a, b)
                pos = at - a if at >= 0 else -1
            hit = (pos >= 0 and cues_ru_uk.ATTRIBUTION_CUE.search(masked, pos) is not None) or (
                cues_ru_uk.HEADLINE_ATTRIBUTION.match(masked) is not None
            )
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
