"""Word tokens for counting, with lexicon multi-word expressions kept as single tokens.

The tokenizer is NLTK's :class:`~nltk.tokenize.RegexpTokenizer` around one compiled regular
expression, preceded by two fast passes:

1. **typography**: the text is lowercased and folded with one ``str.translate`` table:
   curly/modifier apostrophes (U+2018, U+2019, U+02BC, U+0060, U+00B4) become ``'``; the hyphens and
   dashes U+2010 (hyphen), U+2011 (non-breaking hyphen), U+2012 (figure dash), U+2013 (en dash),
   U+2212 (minus) become ``-``; no-break and thin spaces become a space; the soft hyphen U+00AD is
   dropped.
2. **multi-word expressions** (MWEs): one alternation regex of all lexicon phrases, each word
   separated by ``[\\s-]+`` (so ``full-scale invasion``, ``full‑scale invasion`` (U+2011),
   ``full–scale invasion`` and ``full scale invasion`` all match), anchored at word boundaries,
   longest phrase first. A hit is rewritten with ``_`` between its words: ``full_scale_invasion``.
   This is what NLTK's :class:`~nltk.tokenize.MWETokenizer` does on a token list, done on the
   string so that separator variants need no enumeration (tests check the two agree).

A token is then an abbreviation with inner dots (``u.s.``, ``u.k.``, ``e.u.``: otherwise "U.S." would
count as the two tokens ``u`` and ``s``, which then top keyness lists), or a run of word characters,
with internal apostrophes or hyphens kept (``russia's``, ``pro-russian``, ``обʼєднання`` all stay one
token); punctuation and bare numbers' separators are dropped. Tokens are what rates are per (``tokens per 10,000``), so a joined MWE
counts as one token, and ``kyiv`` inside ``kyiv_regime`` is not also counted as ``kyiv``.

Example
-------
>>> tokenize("Russia’s full‑scale invasion of Kyiv's suburbs", mwes=["full-scale invasion"])
["russia's", 'full_scale_invasion', 'of', "kyiv's", 'suburbs']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .errors import ParameterError

__all__ = [
    "TOKEN_PATTERN",
    "normalize_typography",
    "mwe_token",
    "tokenize",
    "Tokenizer",
    "mwe_regex",
    "raw_token_lists",
    "phrase_tokens",
    "fold_yo",
]


def fold_yo(text: str) -> str:
    """Russian ё written as е (Ё as Е), the spelling print mostly uses: "ещё" and "еще" count as
    one word when counting with ``fold_yo``.

    >>> fold_yo("Ещё Всё ЁЛКА")
    'Еще Все ЕЛКА'
    """
    return text.replace("ё", "е").replace("Ё", "Е") if isinstance(text, str) and ("ё" in text or "Ё" in text) else text


#: One token: an abbreviation with inner dots (``u.s.``, ``u.k.``, ``e.u.``: two or more single
#: letters each followed by a dot), or word characters with internal apostrophes / hyphens kept.
TOKEN_PATTERN = r"(?:[^\W\d_]\.){2,}(?!\w)|\w+(?:['-]\w+)*"
#: The same pattern with possessive quantifiers (Python ≥ 3.11): identical matches, since nothing
#: follows that could need a character given back, and ~10 % faster ``findall``.
_TOKEN_PATTERN_FAST = r"(?:[^\W\d_]\.){2,}+(?!\w)|\w++(?:['-]\w++)*+"
#: compiled once; counting uses it directly, so that it does not import NLTK (about 2 s at first use)
_TOKEN_RE = re.compile(_TOKEN_PATTERN_FAST)

_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u0060": "'",
    "\u00b4": "'",
    "\u2032": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2212": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u00ad": "",
    "\u200b": "",
}
_SPECIAL = re.compile("[" + "".join(_FOLD) + "]")
_SEP = re.compile(r"[\s\-]+")


_TOKENIZER = None


def _token_tokenizer():
    """NLTK's RegexpTokenizer on our fixed pattern, compiled with the standard ``re`` engine.

    NLTK ≥ 3.9 compiles caller-supplied patterns through ``nltk.redos`` (the ``regex`` engine with
    a timeout) to guard against catastrophic backtracking; our pattern is fixed and linear-time
    (each repetition of the optional group consumes a separator), and ``re`` is ~2.5× faster here.
    Built on first use: importing NLTK costs about a second.
    """
    global _TOKENIZER
    if _TOKENIZER is None:
        from nltk.tokenize import RegexpTokenizer

        class _TokenTokenizer(RegexpTokenizer):
            def __init__(self) -> None:
                super().__init__(TOKEN_PATTERN)
                self._regexp = _TOKEN_RE

            def _check_regexp(self) -> None:  # already compiled in __init__
                return None

        _TOKENIZER = _TokenTokenizer()
    return _TOKENIZER


def normalize_typography(text: str) -> str:
    """Lowercase and fold apostrophes, hyphens/dashes and odd spaces (see module docstring).

    >>> normalize_typography("Full\u2011Scale \u2019Kyiv\u2019")
    "full-scale 'kyiv'"
    """
    text = text.lower()
    # most characters are plain: substitute only the special ones (much faster than str.translate)
    return _SPECIAL.sub(_fold_char, text) if _SPECIAL.search(text) else text


def _fold_char(match: re.Match) -> str:
    return _FOLD[match.group(0)]


def mwe_token(phrase: str) -> str:
    """The single token a multi-word expression becomes: normalized words joined by ``_``.

    >>> mwe_token("Full–scale  invasion")
    'full_scale_invasion'
    """
    words = [w for w in _SEP.split(normalize_typography(phrase).strip()) if w]
    return "_".join(words)


@lru_cache(maxsize=64)
def _compiled_mwes(mwes: tuple[str, ...]) -> re.Pattern | None:
    trie = _mwe_trie(mwes)
    return None if trie is None else re.compile(rf"(?<!\w)(?<!\w['-])(?:{trie})(?!\w|[-']\w)")


@lru_cache(maxsize=64)
def _mwe_scanners(mwes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern] | None:
    """Two patterns that find exactly the matches of :func:`mwe_regex`, several times faster.

    A leading lookbehind keeps ``re`` from skipping ahead, so the public pattern is tried at every
    character. Instead, ``after`` *consumes* the non-word character before a phrase (``\\W``): a
    pattern starting with a character set lets ``re`` scan for such characters in C and try the
    phrases only there (mostly after spaces). ``at_start`` covers a phrase at position 0.
    """
    trie = _mwe_trie(mwes)
    if trie is None:
        return None
    tail = rf"(?:{trie})(?!\w|[-']\w)"
    return re.compile(tail), re.compile(rf"\W(?<!\w['-]){tail}")


@lru_cache(maxsize=64)
def _one_pass(mwes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern] | None:
    """``(tokens, phrase)``: one pattern finding phrases and tokens in a single scan, and the phrase
    pattern alone (for :func:`raw_token_lists`).

    ``tokens`` tries the phrases of :func:`mwe_regex` (same trailing lookahead) before the token
    pattern. ``findall`` visits only places where no token is under way: there the character
    before is never a word character, nor an apostrophe or hyphen after one (that would have
    continued the token), so a phrase starting with a word character needs no lookbehind; phrases
    starting with punctuation (``(dpr) forces``) keep :func:`mwe_regex`'s lookbehinds. Thus the
    scan finds exactly the phrases :func:`tokenize` joins, unjoined; a token found by the last
    alternative never matches ``phrase`` whole, or a phrase alternative would have found it.
    """
    phrases = _mwe_phrases(mwes)
    if not phrases:
        return None
    end = r"(?!\w|[-']\w)"
    word_first = [p for p in phrases if _WORD_CHAR.match(p[0])]
    other = [p for p in phrases if not _WORD_CHAR.match(p[0])]
    alternatives = [rf"(?:{_trie_regex(word_first)}){end}"] if word_first else []
    if other:  # no prefix is shared across the two groups, so their order does not matter
        alternatives.append(rf"(?<!\w)(?<!\w['-])(?:{_trie_regex(other)}){end}")
    return (re.compile("|".join(alternatives + [_TOKEN_PATTERN_FAST])), re.compile(rf"(?:{_trie_regex(phrases)}){end}"))


_WORD_CHAR = re.compile(r"\w")


def raw_token_lists(
    texts: Sequence[str], mwes: Iterable[str] | None = None
) -> tuple[list[list[str]], re.Pattern | None]:
    """Each text's tokens in one regex scan, with phrases left as they appear; and the phrase pattern.

    The tokens are those of :func:`tokenize` except that a multi-word expression is returned as
    written (``full-scale invasion``, lowercased and typography folded) rather than joined: a
    caller counting terms joins each *distinct* phrase once with :func:`phrase_tokens` instead of
    rewriting every text. A token is such a phrase exactly when the returned pattern matches it
    whole (``fullmatch``); the pattern is ``None`` when there are no multi-word expressions.
    ``None``/NaN count as empty texts, as in :func:`tokenize`.

    >>> lists, phrase = raw_token_lists(["The full\u2011scale invasion of Kiev"], ["full-scale invasion"])
    >>> lists, [phrase_tokens(t) for t in lists[0] if phrase.fullmatch(t)]
    ([['the', 'full-scale invasion', 'of', 'kiev']], [['full_scale_invasion']])
    """
    key = tuple(sorted(set(mwes))) if mwes else ()
    passes = _one_pass(key) if key else None
    findall = passes[0].findall if passes is not None else _TOKEN_RE.findall
    lists = [findall(normalize_typography(t)) if isinstance(t, str) else tokenize(t) for t in texts]
    return lists, (passes[1] if passes is not None else None)


def phrase_tokens(phrase: str) -> list[str]:
    """The tokens a phrase found by :func:`raw_token_lists` becomes in :func:`tokenize`: its
    separators become ``_`` (usually one token; a phrase with punctuation inside, such as
    ``coup (of 2014)``, splits where :func:`tokenize` splits it).

    >>> phrase_tokens("full-scale  invasion"), phrase_tokens("coup (of 2014)")
    (['full_scale_invasion'], ['coup_', 'of_2014'])
    """
    return _TOKEN_RE.findall(_SEP.sub("_", phrase))


def _mwe_phrases(mwes: tuple[str, ...]) -> list[list[str]]:
    """The distinct phrases of two or more words, each as its list of normalized words."""
    alternatives = []
    seen = set()
    for phrase in mwes:
        words = [w for w in _SEP.split(normalize_typography(phrase).strip()) if w]
        if len(words) < 2:
            continue  # a one-word "expression" is already a token
        key = tuple(words)
        if key in seen:
            continue
        seen.add(key)
        alternatives.append(words)
    return alternatives


def _mwe_trie(mwes: tuple[str, ...]) -> str | None:
    alternatives = _mwe_phrases(mwes)
    return _trie_regex(alternatives) if alternatives else None


def _trie_regex(phrases: list[list[str]]) -> str:
    """A regex for a set of word sequences, factored as a trie of characters (fast alternation).

    The alternatives are tried in the order of the plain alternation of the sorted phrases, with
    each word's longer continuation before stopping there, so the longest phrase wins: at a node
    where a word ends, first the separator to a next word, then the end of the phrase, then longer
    words in character order (a word sorts before its extensions). Factoring characters rather than
    words means ``re`` tests each character once per position, not once per first word.
    """
    trie: dict = {}
    for words in phrases:
        node = trie
        for i, word in enumerate(words):
            if i:
                node = node.setdefault(_NEXT_WORD, {})
            for char in word:
                node = node.setdefault(char, {})
        node[_PHRASE_END] = {}

    def build(node: dict) -> str:
        branches = []
        if _NEXT_WORD in node:
            branches.append(r"[\s\-]+" + build(node[_NEXT_WORD]))
        if _PHRASE_END in node:
            branches.append("")
        for char in sorted(k for k in node if isinstance(k, str)):
            branches.append(re.escape(char) + build(node[char]))
        if len(branches) == 1:
            return branches[0]
        if len(branches) == 2 and branches[1] == "":
            return f"(?:{branches[0]})?"
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


_NEXT_WORD, _PHRASE_END = 0, 1  # trie keys besides characters


def mwe_regex(mwes: Iterable[str] | None) -> re.Pattern | None:
    """The compiled MWE-joining regex for ``mwes`` (cached), or ``None`` when there are none."""
    if not mwes:
        return None
    return _compiled_mwes(tuple(sorted(set(mwes))))


def _join(match: re.Match) -> str:
    return _SEP.sub("_", match.group(0))


def _join_mwes(text: str, scanners: tuple[re.Pattern, re.Pattern]) -> str:
    """``mwe_regex(mwes).sub(_join, text)``, with the patterns of :func:`_mwe_scanners`.

    The left-to-right scan is the same as ``re.sub``'s: after a phrase ending at ``end``, the next
    one may start at ``end`` if the character before it is not a word character (a phrase can end
    in ``)``), so the search resumes at ``end - 1``, where ``after`` consumes that character.
    """
    at_start, after = scanners
    parts = []
    last = 0
    m = at_start.match(text)
    if m is not None:
        last = m.end()
        parts.append(_SEP.sub("_", m.group(0)))
    search = after.search
    m = search(text, last - 1 if last else 0)
    if m is None:
        return text if last == 0 else parts[0] + text[last:]
    while m is not None:
        start, end = m.start() + 1, m.end()
        parts.append(text[last:start])
        parts.append(_SEP.sub("_", text[start:end]))
        last = end
        m = search(text, end - 1)
    parts.append(text[last:])
    return "".join(parts)


def tokenize(text: str, mwes: Iterable[str] | None = None, fold_yo: bool = False) -> list[str]:
    """Lowercased word tokens of ``text``; lexicon multi-word expressions joined by ``_``.

    Parameters
    ----------
    text : str
        Any text (``None``/NaN are treated as empty).
    mwes : iterable of str, optional
        Surface phrases such as ``"full-scale invasion"`` (``Lexicon.multiword_expressions()``).
        Hyphens and spaces between their words are interchangeable.
    fold_yo : bool
        Write Russian ё as е first (:func:`fold_yo`), so "ещё" and "еще" are one token.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("The so-called 'special military operation' began.",
    ...          mwes=["special military operation", "so-called"])
    ['the', 'so_called', 'special_military_operation', 'began']
    >>> tokenize("Ещё «так называемая» СВО, об’єднання"), tokenize("Ещё раз", fold_yo=True)
    (['ещё', 'так', 'называемая', 'сво', "об'єднання"], ['еще', 'раз'])
    """
    if not isinstance(text, str):
        if text is None or text != text:  # None or NaN
            return []
        raise ParameterError(f"tokenize: text must be a string, got {type(text).__name__}")
    text = normalize_typography(_fold_yo(text) if fold_yo else text)
    if mwes:
        scanners = _mwe_scanners(mwes if type(mwes) is tuple else tuple(sorted(set(mwes))))
        if scanners is not None:
            text = _join_mwes(text, scanners)
    return (_TOKENIZER or _token_tokenizer()).tokenize(text)


class Tokenizer:
    """A picklable callable ``tokenizer(text) -> list[str]`` with fixed MWEs.

    Useful as ``tokenizer=`` for scikit-learn vectorizers and for Dask partitions.

    >>> Tokenizer(["kiev regime"])("The Kiev   regime said")
    ['the', 'kiev_regime', 'said']
    """

    def __init__(self, mwes: Sequence[str] | None = None):
        self.mwes = tuple(sorted(set(mwes or ())))

    def __call__(self, text: str) -> list[str]:
        return tokenize(text, self.mwes)

    def __repr__(self) -> str:
        return f"Tokenizer(mwes={len(self.mwes)} phrases)"

    def __eq__(self, other) -> bool:
        return isinstance(other, Tokenizer) and other.mwes == self.mwes

    def __hash__(self) -> int:
        return hash(self.mwes)


_fold_yo = fold_yo
