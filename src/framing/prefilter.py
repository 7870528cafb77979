"""Where a family of regular expressions can match at all, found in one pass over a document.

Voice, modality and proper-name rules run regular expressions around every mention. Most of them
open with one of a few words ("так называемый", "если", "не", "Динамо") at the start of a word:
a document without any of those words at a word start cannot match them, whatever else it holds.
:class:`StemFamilies` holds, for named families of such expressions, the *stems*: the literal
prefixes (:func:`framing.lexicon.scan.literal_prefixes`) of the alternatives every match of the
family opens with, lower-cased. :meth:`StemFamilies.index` finds, in one pass of a trie-shaped
regex over the lower-cased document, every word start where some stem occurs, and
:meth:`StemIndex.has` then says whether a stretch of the document holds one. When it does not, the
family's expressions cannot match in that stretch and need not run; when it does, they run as
before. So the answers are the same with the index as without it, never an approximation.

That holds under three conditions, which :func:`usable` and the callers check:

* the lower-cased text has the length of the text (so offsets agree) and none of the characters
  that a case-insensitive regex matches to another letter than ``str.lower`` gives
  (:data:`UNSAFE_CHARACTERS`: dotless ı, long ſ, the old Cyrillic letter variants);
* a stretch searched is a stretch of the document (or of its normalized form, whose character
  mapping keeps letters and only turns punctuation into punctuation): a position that starts a
  word in the stretch starts a word in the document, except the stretch's first position, which
  :func:`starts_inside_word` checks;
* a stem stands for its characters, a space for any run of whitespace (as in the lexicon's own
  :class:`~framing.lexicon.scan.Scanner`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence

from .lexicon.scan import _trie_regex, literal_prefixes
from .normalize import normalize_text

#: Characters for which a case-insensitive regex and ``str.lower`` disagree about the letter of the
#: Latin or Cyrillic alphabet they stand for (``re.fullmatch("s", "ſ", re.I)`` matches, but
#: ``"ſ".lower()`` is ``"ſ"``), or whose lower case is not one character. A text holding one takes
#: the general path. (``tests/test_prefilter.py`` derives this set from :mod:`re` itself.)
UNSAFE_CHARACTERS = "\u0130\u0131\u017f\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87"
UNSAFE = re.compile("[" + UNSAFE_CHARACTERS + "]")
#: The characters a stem may hold: printable ASCII and the Cyrillic block (a family with a stem
#: outside them is not filtered).
_STEM_CHARACTERS = re.compile(r"[\x20-\x7e\u0400-\u04ff]+")
_WORDCHAR = re.compile(r"\w")
_LEADING_NONWORD = re.compile(r"^\W+")
_WS_RUN = re.compile(r"\s+")


def usable(text: str, lowered: str) -> bool:
    """Whether :class:`StemIndex` answers are exact for ``text`` and its lower-cased ``lowered``.

    Examples
    --------
    >>> usable("Так называемая СВО", "так называемая сво"), usable("İstanbul", "i̇stanbul")
    (True, False)
    """
    return len(lowered) == len(text) and UNSAFE.search(text) is None


def starts_inside_word(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a word of ``text`` (a word character on both sides of it): a
    stretch starting there has a word start at ``pos`` that the document does not have.

    Examples
    --------
    >>> starts_inside_word("якобы", 2), starts_inside_word("так якобы", 4)
    (True, False)
    """
    return 0 < pos < len(text) and _WORDCHAR.match(text, pos - 1) is not None and _WORDCHAR.match(text, pos) is not None


def family_stems(source: str | None) -> frozenset[str] | None:
    """The stems of a family whose matches open with ``source`` (a regex) at a word start: its
    literal prefixes, lower-cased and normalized (:func:`framing.normalize.normalize_text`), less
    any leading non-word characters (an opening quote, the apostrophe of ``'ll``: what follows
    them starts a word). ``None`` when that cannot be told (the family is then never filtered).

    Examples
    --------
    >>> sorted(family_stems(r"так\\s+называем\\w*|якобы"))
    ['так назыв', 'якобы']
    >>> family_stems(r"\\w+ war") is None
    True
    """
    if source is None:
        return None
    prefixes = literal_prefixes(source, max_len=9)
    if prefixes is None:
        return None
    stems = set()
    for p in prefixes:
        stem = _LEADING_NONWORD.sub("", normalize_text(p.lower()))
        # cut the stem at a character a regex might match other than as written: the case folding
        # above holds for ASCII and Cyrillic letters only
        m = _STEM_CHARACTERS.match(stem)
        stem = m.group(0) if m else ""
        if not stem or not _WORDCHAR.match(stem):
            return None
        stems.add(_WS_RUN.sub(" ", stem))
    return frozenset(stems)


class StemFamilies:
    """Named families of regexes with their stems (see the module docstring).

    ``families`` maps a name to the regex source of the alternatives every match of the family opens
    with, at the start of a word, or to a list of such sources (one per regex of the family); ``None``
    (or a source without stems) leaves the family unfiltered: :meth:`StemIndex.has` always says yes
    for it.

    Examples
    --------
    >>> fams = StemFamilies({"so_called": r"так\\s+называем\\w*|т\\.\\s?н\\.", "if": r"если|в\\s+случае"})
    >>> text = "Если так  называемая СВО продолжится"
    >>> index = fams.index(text.lower())
    >>> index.has(("so_called",), 0, len(text)), index.has(("so_called",), 10, len(text))
    (True, False)
    >>> index.has(("if",), 0, 4), index.has(("if",), 1, 30)
    (True, False)
    """

    def __init__(self, families: Mapping[str, str | Sequence[str] | None]):
        by_stem: dict[str, set[str]] = {}
        unfiltered = set()
        for name, sources in families.items():
            stems: set[str] | None = set()
            for source in [sources] if sources is None or isinstance(sources, str) else sources:
                found = family_stems(source)
                if found is None or stems is None:
                    stems = None
                    break
                stems |= found
            if stems is None:
                unfiltered.add(name)
                continue
            for stem in stems:
                by_stem.setdefault(stem, set()).add(name)
        self.unfiltered = frozenset(unfiltered)
        self._by_stem = {stem: frozenset(names) for stem, names in by_stem.items()}
        trie = _trie_regex(sorted(self._by_stem))
        # as :attr:`framing.lexicon.scan.Scanner.skipping`: words that start no stem are skipped whole
        self._regex = (
            re.compile(r"(?<!\w)(?:(?!" + trie + r")\w++(?:\W++|\Z))*+(?:(?=(" + trie + r"))\w|\Z)")
            if self._by_stem
            else None
        )
        self._families_of: dict[str, frozenset[str]] = {}  # a stem found (as written) -> its families

    def _families(self, key: str) -> frozenset[str]:
        found = self._families_of.get(key)
        if found is None:
            folded = _WS_RUN.sub(" ", key)
            # the trie finds the longest stem at a place: the shorter stems it starts with are there too
            names: set[str] = set()
            for n in range(1, len(folded) + 1):
                names.update(self._by_stem.get(folded[:n], ()))
            found = self._families_of[key] = frozenset(names)
        return found

    def index(self, lowered: str) -> StemIndex:
        """The word starts of ``lowered`` (a lower-cased text) where each family has a stem."""
        return self.index_many(lowered, [0])[0]

    def index_many(self, joined: str, starts: list[int]) -> list[StemIndex]:
        """:meth:`index` of each text of ``joined``, lower-cased texts joined by a character that is
        neither a word character nor whitespace (no stem runs across it); ``starts``: where each
        text starts. One pass over all of them."""
        positions: list[list[int]] = [[] for _ in starts]
        families: list[list[frozenset[str]]] = [[] for _ in starts]
        if self._regex is not None:
            k = 0
            a = 0
            nxt = starts[1] if len(starts) > 1 else len(joined) + 1
            for m in self._regex.finditer(joined):
                key = m.group(1)
                if key is None:
                    continue
                at = m.start(1)
                if at >= nxt:
                    k = bisect.bisect_right(starts, at) - 1
                    a = starts[k]
                    nxt = starts[k + 1] if k + 1 < len(starts) else len(joined) + 1
                positions[k].append(at - a)
                families[k].append(self._families(key))
        unfiltered = self.unfiltered
        return [StemIndex(p, f, unfiltered) for p, f in zip(positions, families)]


class StemIndex:
    """Where the families have stems in one document (see :meth:`StemFamilies.index`).

    Examples
    --------
    >>> index = StemIndex([0, 9], [frozenset({"if"}), frozenset({"so_called"})])
    >>> index.has(("so_called",), 0, 10), index.present(("if", "so_called", "not"), 1, 20)
    (True, frozenset({'so_called'}))
    """

    __slots__ = ("positions", "families", "unfiltered")

    def __init__(self, positions: list[int], families: list[frozenset[str]], unfiltered: frozenset[str] = frozenset()):
        self.positions = positions  # sorted word starts holding a stem
        self.families = families  # the families of the stems there
        self.unfiltered = unfiltered  # families that cannot be told: always present

    def has(self, families: Iterable[str], lo: int, hi: int) -> bool:
        """Whether a stem of one of ``families`` starts at a word start in ``[lo, hi)``."""
        if self.unfiltered and not self.unfiltered.isdisjoint(families):
            return True
        positions = self.positions
        k = bisect.bisect_left(positions, lo)
        while k < len(positions) and positions[k] < hi:
            if not self.families[k].isdisjoint(families):
                return True
            k += 1
        return False

    def first(self, families: Iterable[str], lo: int, hi: int) -> int:
        """The first word start in ``[lo, hi)`` with a stem of one of ``families`` (``lo`` for an
        unfiltered family), or -1."""
        if self.unfiltered and not self.unfiltered.isdisjoint(families):
            return lo if lo < hi else -1
        positions = self.positions
        k = bisect.bisect_left(positions, lo)
        while k < len(positions) and positions[k] < hi:
            if not self.families[k].isdisjoint(families):
                return positions[k]
            k += 1
        return -1

    def present(self, families: Iterable[str], lo: int, hi: int) -> frozenset[str]:
        """Those of ``families`` with a stem at a word start in ``[lo, hi)``."""
        wanted = frozenset(families)
        found = wanted & self.unfiltered
        positions = self.positions
        k = bisect.bisect_left(positions, lo)
        while k < len(positions) and positions[k] < hi:
            found |= self.families[k] & wanted
            k += 1
        return found
