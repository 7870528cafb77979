"""Site furniture: lines of a web page that are not the article (newsletter banners, "Related
articles" blocks, comment prompts, RSS footers, share buttons, tables of contents).

Three rules, each recorded per document as ``{"line": ..., "reason": ...}``:

1. **Known patterns** (:data:`KNOWN_PATTERNS`): a whole line (stripped, case-insensitive) matches
   one of a short list of anchored patterns and is at most ``max_words`` long, so an article
   sentence that merely contains "sign up" or "comments" is never touched. A "Related articles" /
   "You may also like" heading also removes the block under it, as long as each following line is
   blank, headline-shaped (:func:`is_headline`) or a teaser ending in "…"/"...".
2. **Learned per outlet** (:func:`learn_recurring_lines`): a line that recurs verbatim in at least
   ``max(min_count, min_share * n)`` of an outlet's ``n`` distinct documents (outlets with fewer
   than ``min_docs`` documents learn nothing). Near-duplicate copies count once, so a story
   republished five times does not make its own sentences "recurring".
3. **Syndication evidence** (:func:`injected_lines`): in a document found to be a copy of another
   (see :mod:`framing.ingest.dedup`), a headline-shaped line between two body paragraphs that does
   not occur in the original is an injected link to another story (NewsPunch's "German Prosecutors
   Warn Bill Gates…" inside The Gateway Pundit's text). Evidence, not shape alone: the same line in
   a document with no original is kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Pattern:
    """One known furniture line: a regex matched against the whole stripped line."""

    regex: re.Pattern
    reason: str
    max_words: int = 25
    starts_block: bool = False


def _p(rx: str, reason: str, max_words: int = 25, starts_block: bool = False) -> Pattern:
    return Pattern(re.compile(rx, re.IGNORECASE), reason, max_words, starts_block)


#: The known furniture lines. Each regex must match the WHOLE stripped line.
KNOWN_PATTERNS: list[Pattern] = [
    # newsletter / subscription banners
    _p(r"bypass the censors!?", "newsletter banner", 6),
    _p(r"sign[ -]?up\b.{0,100}\b(inbox|newsletter|e-?mails?|updates|alerts)\b.*", "newsletter banner", 30),
    _p(r"(subscribe|sign up) (to|for) (our|the|my) .{0,60}(newsletter|channel|updates)\b.*", "newsletter banner", 30),
    _p(r"\(?want to get this newsletter in your inbox\?.*", "newsletter banner", 30),
    _p(r"get (the latest|our|the best).{0,80}(delivered|straight|sent) to your inbox.*", "newsletter banner", 30),
    # video / source stubs
    _p(r"(latest|related|watch( the)?|featured) videos?:?", "video/source stub", 4),
    _p(r"source link:?", "video/source stub", 3),
    # RSS footer
    _p(r"the post .+ appeared first on .+", "RSS footer ('The post … appeared first on …')", 80),
    # comments
    _p(r"(leave|post|add|write) a (comment|reply)\.?", "comment prompt", 5),
    _p(r"(\d+\s+)?comments?(\s*\(\d+\))?:?", "comment prompt", 3),
    _p(r".*\b(share|post|leave|tell us) (your|us your) (thoughts|comments|views|opinions?)\b.*", "comment prompt", 40),
    _p(r".*\blet us know (what you think )?in the comments\b.*", "comment prompt", 40),
    _p(r"what are your thoughts\b.*\?", "comment prompt", 30),
    _p(r".*\bjoin the (discussion|conversation) (below|in the comments)\b.*", "comment prompt", 40),
    # related-stories headings (remove the block of teasers under them)
    _p(
        r"(related( articles| posts| stories| news| content| coverage)?|read (also|next|more)|also read|see also"
        r"|more (stories|news|articles)( from [\w .'’-]{1,40})?|you (may|might) (also )?like|recommended( for you| stories)?"
        r"|most (read|popular|viewed)|trending( now| stories)?|latest (news|stories|posts)|don[’']t miss|popular posts)\s*:?",
        "related-articles block",
        8,
        starts_block=True,
    ),
    _p(r"(read (more|also|next)|see also|related)\s*:\s*\S.*", "link to another story", 25),
    _p(r"explore further:.*", "internal promotion", 40),
    # tables of contents
    _p(r"(table of )?contents\s*(\[(hide|show)\])?:?", "table of contents", 5),
    # share / follow / ads
    _p(r"(click to )?share( this)?( article| story| post)?( on [\w ]{1,20})?:?", "share/follow buttons", 8),
    _p(
        r"follow (us|[\w.]{1,30}) on (twitter|x|telegram|facebook|instagram|youtube|vk|gab|truth social|rumble)\b.{0,60}",
        "share/follow buttons",
        14,
    ),
    _p(
        r"(advertisement|sponsored( content)?|story continues below( advertisement)?|scroll (down )?to continue.*)",
        "advertisement marker",
        8,
    ),
    _p(r"continue reading( below| the main story)?\.?", "advertisement marker", 6),
    # empty metadata fields and legal lines
    _p(
        r"(date|by|author|published|updated|posted|source|tags?|categor(y|ies)|filed under)\s*:",
        "empty metadata field",
        3,
    ),
    _p(r"(tags|topics|filed under)\s*:.+", "tag list", 30),
    _p(r"(©|\(c\)\s|copyright\s*©|copyright\s+\d{4}\b).{0,120}", "copyright notice", 20),
    _p(r"all rights reserved\.?", "copyright notice", 5),
    _p(r".*\b(this|our) (web)?site uses cookies\b.*", "cookie notice", 40),
]

_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "by",
    "with",
    "from",
    "as",
    "vs",
    "via",
    "into",
    "over",
    "per",
    "up",
    "off",
    "out",
    "than",
    "is",
    "be",
}


def n_words(line: str) -> int:
    return len(_WORD.findall(line))


_MAX_PATTERN_WORDS = max(p.max_words for p in KNOWN_PATTERNS)


#: Matches (at the start) a line of more than ``_MAX_PATTERN_WORDS`` words, in one call: each
#: atomic group finds the next word as ``_WORD.finditer`` does (the leftmost place where a word
#: starts, the whole word) and never gives it back, so the count cannot be made up by splitting words.
_TOO_MANY_WORDS = re.compile(
    r"(?>.*?[^\W_]++(?:[-'’][^\W_]++)*+){" + str(_MAX_PATTERN_WORDS + 1) + "}", re.UNICODE | re.DOTALL
)


def is_headline(line: str, max_words: int = 20, min_title_share: float = 0.75) -> bool:
    """True for a Title-Case line of 2..``max_words`` words without final sentence punctuation.

    Title-Case means at least ``min_title_share`` of the words that are not small function words
    ("of", "in", "as", ...) start with an upper-case letter or a digit.

    Examples
    --------
    >>> is_headline("German Prosecutors Warn Bill Gates 'Prison Awaits' As Cancer-Causing DNA Found in Covid Vaccines")
    True
    >>> is_headline("Washington has proposed reviving long-dormant security talks with Moscow")
    False
    """
    s = line.strip()
    if not s or s[-1] in ".!?;:,…" or s.endswith("..."):
        return False
    words = _WORD.findall(s)
    if not 2 <= len(words) <= max_words or not (s[0].isupper() or s[0].isdigit() or s[0] in "'‘\"“"):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS] or words
    title = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return title / len(content) >= min_title_share


def is_teaser(line: str, max_words: int = 60) -> bool:
    """A "Related articles" teaser: a short line that trails off with an ellipsis."""
    s = line.strip()
    return (s.endswith("...") or s.endswith("…")) and n_words(s) <= max_words


def match_known(line: str) -> Pattern | None:
    """The first :data:`KNOWN_PATTERNS` entry matching the whole stripped ``line``, or None."""
    # words counted exactly up to the largest limit (whitespace is never part of a word, so the
    # raw line counts as its collapsed form); a longer line matches no pattern
    if _TOO_MANY_WORDS.match(line) is not None:
        return None
    nw = n_words(line)
    s = " ".join(line.split())
    if not s:
        return None
    for pat in KNOWN_PATTERNS:
        if nw <= pat.max_words and pat.regex.fullmatch(s):
            return pat
    return None


def known_furniture(lines: list[str]) -> dict[int, str]:
    """Indices of ``lines`` that are known furniture, mapped to the reason.

    Examples
    --------
    >>> known_furniture(["Kyiv said no.", "Leave a Comment"])
    {1: 'comment prompt'}
    """
    removed: dict[int, str] = {}
    last_at: dict[str, int] | None = None  # stripped line -> its last index (built at the first contents line)
    i = 0
    while i < len(lines):
        pat = match_known(lines[i])
        if pat is None:
            i += 1
            continue
        removed[i] = pat.reason
        if pat.reason == "table of contents":
            # the entries: short lines right under "Contents" that come back later as headings (a look-up
            # of each entry's last place, not a scan of the rest of the document per entry: linear time)
            if last_at is None:
                last_at = {x.strip(): k for k, x in enumerate(lines)}
            j = i + 1
            while j < len(lines):
                s = lines[j].strip()
                if s and n_words(s) <= 15 and last_at.get(s, -1) > j:
                    removed[j] = pat.reason
                elif s:
                    break
                j += 1
            i = j
            continue
        if pat.starts_block:
            j = i + 1
            while j < len(lines):
                s = lines[j].strip()
                inner = match_known(s) if s else None
                if inner is not None:
                    removed[j] = inner.reason
                elif not s:
                    pass
                elif is_headline(s) or is_teaser(s):
                    removed[j] = pat.reason
                else:
                    break
                j += 1
            i = j
        else:
            i += 1
    return removed


def line_key(line: str) -> str:
    """The form of a line or sentence used to count recurrence: whitespace collapsed, case-folded."""
    return " ".join(line.split()).casefold()


#: The whitespace characters (``str.isspace``) other than " " (a test checks the list)
_ODD_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_ODD_SPACE_SET = frozenset(_ODD_SPACE)
_ALL_BUT_ODD_ASCII_SPACE = bytes(c for c in range(256) if chr(c) not in _ODD_SPACE or c >= 128)  # delete-table
_ASCII_BYTES = bytes(range(128))


def single_spaced(line: str) -> bool:
    """True when ``line`` is its own ``" ".join(line.split())``: its only whitespace is single
    spaces between other characters. Then :func:`line_key` of the line is its casefold (casefold
    never makes or removes whitespace).

    Examples
    --------
    >>> single_spaced("Kyiv said no."), single_spaced("Kyiv  said no."), single_spaced("Kyiv\\xa0said")
    (True, False, False)
    """
    if "  " in line or line.startswith(" ") or line.endswith(" "):
        return False
    data = line.encode("utf-8", "surrogatepass")
    if data.translate(None, _ALL_BUT_ODD_ASCII_SPACE):  # an ASCII whitespace character other than " "
        return False
    return line.isascii() or _ODD_SPACE_SET.isdisjoint(
        data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    )


_SENT_END = re.compile(r"""[.!?…]["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9\u0400-\u042f])""")
#: _SENT_END with groups, for re.split: [sentence, end marks, spaces, sentence, ...]
_SENT_SPLIT = re.compile(r"""([.!?…]["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9\u0400-\u042f])""")


def units(line: str) -> list[tuple[int, int]]:
    """Spans of the recurrence units of a line: its sentences (split after . ! ? … before a capital).

    Examples
    --------
    >>> line = "Kyiv said no. “We stay,” he said. Read more."
    >>> [line[a:b] for a, b in units(line)]
    ['Kyiv said no.', '“We stay,” he said.', 'Read more.']
    """
    spans, start = [], 0
    for m in _SENT_END.finditer(line):
        end = m.start() + len(m.group(0).rstrip())
        spans.append((start, end))
        start = m.end()
    if start < len(line):
        spans.append((start, len(line.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _learnable(line: str, span: tuple[int, int], n_units: int) -> str | None:
    """The key of a unit that may be learned: a whole line, or a sentence of at least 5 words."""
    words = line[span[0] : span[1]].split()
    if n_units > 1 and len(words) < 5:
        return None
    key = " ".join(words).casefold()  # line_key, splitting once
    return key if len(key) > 1 else None


def unit_keys(lines: list[str]) -> set[str]:
    """The learnable unit keys of a document (see :func:`learn_recurring_lines`)."""
    return document_keys(lines)[1]


def document_keys(lines: list[str]) -> tuple[str, set[str]]:
    """``("\\n".join(line_key(x) for x in lines), unit_keys(lines))`` in one pass.

    A :func:`single_spaced` line (most lines) is split into its sentences by one regex call and
    case-folded by one ``casefold`` call (on its parts joined by ``"\\0"``): its line key is the
    folded line, a sentence's key is the folded sentence, and a sentence has ``count(" ") + 1``
    words. Other lines take the general path (:func:`units`, :func:`line_key`).
    """
    line_keys: list[str] = []
    keys: set[str] = set()
    for line in lines:
        if not line or line.isspace():
            line_keys.append("")
            continue
        if "\0" not in line and single_spaced(line):
            # parts: text, end marks, spaces, text, ..., text; a sentence is a text and its end marks,
            # as units() cuts it (none is empty: the line has no end spaces, and after a break
            # comes a capital), the last sentence is the last text
            parts = _SENT_SPLIT.split(line)
            folded = "\0".join(parts).casefold().split("\0")  # casefold never makes a "\0"
            line_keys.append("".join(folded))
            if len(folded) == 1:
                if len(folded[0]) > 1:
                    keys.add(folded[0])
            else:  # a sentence of a longer line needs >= 5 words
                sentences = [text + marks for text, marks in zip(folded[0::3], folded[1::3])]
                sentences.append(folded[-1])
                keys.update(k for k in sentences if k.count(" ") >= 4 and len(k) > 1)
            continue
        line_keys.append(line_key(line))
        sp = units(line)
        keys.update(k for k in (_learnable(line, span, len(sp)) for span in sp) if k is not None)
    return "\n".join(line_keys), keys


def learn_recurring_lines(
    docs: Iterable[tuple[str, list[str]]],
    min_docs: int = 5,
    min_count: int = 5,
    min_share: float = 0.05,
) -> dict[str, set[str]]:
    """Learn per-outlet furniture: lines and sentences recurring in many of an outlet's documents.

    ``docs`` yields ``(outlet, lines)`` once per *distinct* document (pass one member per
    duplicate cluster). The units are sentences (:func:`units`; a whole line when it is one
    sentence; sentences of fewer than 5 words inside a longer line are never learned), so boilerplate
    inside run-together paragraphs (a footer glued to the last sentence) is found too. A unit key
    (:func:`line_key`) is furniture for an outlet with ``n >= min_docs`` documents when its
    document frequency ``df >= max(min_count, ceil(min_share * n))``.

    Returns ``{outlet: {key, ...}}``.

    Examples
    --------
    >>> docs = [("X", [f"Story number {i} is here.", "Follow X for more"]) for i in range(6)]
    >>> learn_recurring_lines(docs)
    {'X': {'follow x for more'}}
    """
    return learn_from_unit_keys(((outlet, unit_keys(lines)) for outlet, lines in docs), min_docs, min_count, min_share)


def learn_from_unit_keys(
    docs: Iterable[tuple[str, set[str]]],
    min_docs: int = 5,
    min_count: int = 5,
    min_share: float = 0.05,
) -> dict[str, set[str]]:
    """:func:`learn_recurring_lines` from each distinct document's :func:`unit_keys` (computed once
    by a caller that learns more than once)."""
    import math

    df: dict[str, Counter] = defaultdict(Counter)
    n: Counter = Counter()
    for outlet, keys in docs:
        n[outlet] += 1
        df[outlet].update(keys)
    learned: dict[str, set[str]] = {}
    for outlet in sorted(n):
        if n[outlet] < min_docs:
            continue
        need = max(min_count, math.ceil(min_share * n[outlet]))
        keys = {k for k, c in df[outlet].items() if c >= need}
        if keys:
            learned[outlet] = keys
    return learned


LEARNED_REASON = "recurring in this outlet's documents (learned)"


def remove_learned(
    lines: list[str], removed: dict[int, str], keys: set[str], doc_keys: set[str] | None = None
) -> tuple[list[str], dict[int, str], list[dict]]:
    """Remove learned units from ``lines`` (``doc_keys``, if given, is ``unit_keys`` of its lines not
    in ``removed``: a document sharing none of them with ``keys`` is returned as it is).

    Returns ``(new_lines, removed_lines, sentence_records)``: lines whose every unit is learned are
    added to ``removed_lines`` (a copy of ``removed``); lines that lose only some sentences are
    rewritten in ``new_lines`` and each removed sentence is listed in ``sentence_records``.
    """
    new_lines = list(lines)
    out = dict(removed)
    records: list[dict] = []
    if not keys or (doc_keys is not None and doc_keys.isdisjoint(keys)):
        return new_lines, out, records
    for i, line in enumerate(lines):
        if i in removed or not line.strip():
            continue
        sp = units(line)
        drop = [span for span in sp if _learnable(line, span, len(sp)) in keys]
        if not drop:
            continue
        if len(drop) == len(sp):
            out[i] = LEARNED_REASON
            continue
        kept = [line[a:b] for a, b in sp if (a, b) not in drop]
        new_lines[i] = " ".join(kept)
        records.extend({"line": line[a:b].strip(), "reason": LEARNED_REASON} for a, b in drop)
    return new_lines, out, records


def _word_ngrams(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """The case-folded word ``n``-grams of ``text`` (its words as one tuple when there are fewer)."""
    w = _WORD.findall(text)
    if w:  # casefold all words in one call ("\\0" is never in a word, nor made by casefold)
        w = "\0".join(w).casefold().split("\0")
    if len(w) < n:
        return {tuple(w)}
    return set(zip(*(w[i:] for i in range(n))))


def headline_candidates(lines: list[str], removed: dict[int, str]) -> list[int]:
    """The lines :func:`injected_lines` checks against the original: headline-shaped
    (:func:`is_headline`), with a kept non-blank line before and after."""
    kept = [i for i, line in enumerate(lines) if line.strip() and i not in removed]
    return [i for pos, i in enumerate(kept) if 0 < pos < len(kept) - 1 and is_headline(lines[i])]


def injected_lines(
    lines: list[str],
    removed: dict[int, str],
    original_text: str,
    original_id: str,
    original_ngrams: set[tuple[str, ...]] | None = None,
) -> dict[int, str]:
    """Headline-shaped lines of a syndicated copy that its original does not contain.

    A line counts when it is headline-shaped (:func:`is_headline`), has a kept non-blank line
    before and after it (it sits between body paragraphs, so it is neither the copy's own title nor
    a closing credit), and fewer than half of its word trigrams occur in ``original_text``.
    ``original_ngrams`` is ``_word_ngrams(original_text)`` if the caller has it already (an original
    with several copies).
    """
    out: dict[int, str] = {}
    candidates = headline_candidates(lines, removed)
    if not candidates:
        return out
    orig = _word_ngrams(original_text) if original_ngrams is None else original_ngrams
    for i in candidates:
        grams = _word_ngrams(lines[i])
        if grams and len(grams & orig) / len(grams) < 0.5:
            out[i] = "injected headline: headline-shaped line of a copy, absent from its original"
    return out


def apply_removals(lines: list[str], removed: dict[int, str]) -> tuple[str, list[dict[str, str]]]:
    """Join the kept lines (runs of blank lines collapse to one) and list what was removed.

    Examples
    --------
    >>> apply_removals(["A.", "", "Ad", "", "B."], {2: "advertisement marker"})
    ('A.\\n\\nB.', [{'line': 'Ad', 'reason': 'advertisement marker'}])
    """
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in removed:
            continue
        if not line.strip():
            if out and out[-1] == "":
                continue
            out.append("")
        else:
            out.append(line)
    text = "\n".join(out).strip("\n")
    return text, [{"line": lines[i].strip(), "reason": removed[i]} for i in sorted(removed) if lines[i].strip()]
