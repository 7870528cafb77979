"""Typography normalization for matching, with exact offsets back into the original text.

Lexicon patterns are written against plain ASCII punctuation. News text is not: it has curly
apostrophes (``Russia’s``), non-breaking hyphens (``full‑scale``, U+2011), en and em dashes used as
hyphens (``full–scale``), non-breaking and thin spaces, and invisible soft hyphens (U+00AD).

:func:`normalize` maps every such character to its ASCII counterpart **one character for one
character**, so the normalized string has the same length as the original and a match at
``[start, end)`` in the normalized text is the same span of the original. Only zero-width
characters (soft hyphen, zero-width space/joiners, word joiner, byte-order mark) have no ASCII
counterpart; they are removed, and :class:`Normalized` keeps an offset map for that case.

Mapping (original → normalized):

===========================================  =======
characters                                    becomes
===========================================  =======
’ ‘ ‚ ‛ ʼ ʹ ′ ´ ` ＇                           ``'``
“ ” „ ‟ ″ « » ＂                               ``"``
‐ ‑ ‒ – — ― − ﹘ ﹣ －  (U+2010–2015, U+2212…)  ``-``
NBSP, U+2000–200A, U+202F, U+205F, U+3000     space
U+00AD, U+200B–200D, U+2060, U+FEFF           removed (offset map)
===========================================  =======

Case is **not** changed (patterns are matched case-insensitively instead), so the mapping stays
length-preserving for every script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

APOSTROPHES = "\u2019\u2018\u201a\u201b\u02bc\u02b9\u2032\u00b4`\uff07"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TABLE = {ord(c): "'" for c in APOSTROPHES}
_TABLE.update({ord(c): '"' for c in DOUBLE_QUOTES})
_TABLE.update({ord(c): "-" for c in DASHES})
_TABLE.update({ord(c): " " for c in SPACES})
_DELETE = {ord(c): None for c in ZERO_WIDTH}
_ZW = frozenset(ZERO_WIDTH)
_MAP = {chr(k): v for k, v in _TABLE.items()}
# a regex substitution touches only the few special characters: ~8x faster than str.translate
_SPECIAL = re.compile("[" + re.escape("".join(_MAP)) + "]")
_ZW_RX = re.compile("[" + re.escape(ZERO_WIDTH) + "]")


def _map_special(text: str) -> str:
    if text.isascii() and "`" not in text:
        return text
    return _SPECIAL.sub(lambda m: _MAP[m.group()], text)


@dataclass(frozen=True)
class Normalized:
    """A normalized text and the way back to the original.

    ``offsets`` is ``None`` when the normalized text has the same length as the original (the usual
    case); otherwise ``offsets[i]`` is the index in the original of normalized character ``i``,
    with one extra entry ``len(original)`` at the end.
    """

    text: str
    original: str
    offsets: np.ndarray | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span ``[start, end)`` to the original text.

        Examples
        --------
        >>> n = normalize("full\\u00adscale")
        >>> n.text
        'fullscale'
        >>> n.span(0, 9)
        (0, 10)
        """
        if self.offsets is None:
            return start, end
        if end <= start:
            o = int(self.offsets[start])
            return o, o
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def normalize_text(text: str) -> str:
    """The normalized string alone (zero-width characters removed, everything else 1:1).

    Examples
    --------
    >>> normalize_text("Russia\\u2019s full\\u2011scale \\u201cwar\\u201d")
    'Russia\\'s full-scale "war"'
    """
    mapped = _map_special(text)
    return _ZW_RX.sub("", mapped) if not mapped.isascii() and _ZW_RX.search(mapped) else mapped


def normalize(text: str) -> Normalized:
    """Normalize typography for matching and keep the way back to original offsets.

    Parameters
    ----------
    text : str
        Original document text.

    Returns
    -------
    Normalized
        ``.text`` is the normalized string; ``.span(start, end)`` maps a match back so that
        ``original[a:b]`` is exactly the matched stretch of the original (curly apostrophes,
        soft hyphens and all).

    Examples
    --------
    >>> n = normalize("Russia\\u2019s full\\u2013scale invasion")
    >>> n.text
    "Russia's full-scale invasion"
    >>> a, b = n.span(9, 28)
    >>> n.original[a:b]
    'full\\u2013scale invasion'
    """
    mapped = _map_special(text)
    if mapped.isascii() or not _ZW_RX.search(mapped):
        return Normalized(mapped, text, None)
    keep = np.fromiter((c not in _ZW for c in mapped), dtype=bool, count=len(mapped))
    idx = np.flatnonzero(keep)
    offsets = np.append(idx, len(text)).astype(np.int64)
    return Normalized(mapped.translate(_DELETE), text, offsets)
