"""Collocations of a term per group, scored with NLTK's association measures.

For each group (outlet, ...) the group's documents are tokenized (:func:`framing.tokenize.tokenize`,
same MWEs as counts), and NLTK's :class:`~nltk.collocations.BigramCollocationFinder` counts, within
each document separately (no window spans two documents), every ordered pair (w₁, w₂) where w₂
follows w₁ within ``window`` tokens (``window=2``: adjacent words). The pairs that contain the term
are scored with :class:`~nltk.metrics.association.BigramAssocMeasures`:

    PMI  = log₂( n_ii · N / (n_ix · n_xi) )                       (Church & Hanks 1990)
    G²   = 2 Σ_cells O · ln(O / E) over the 2×2 table of the pair  (Dunning 1993), NLTK's
           ``likelihood_ratio``

with n_ii = (the pair's count) / (window − 1) (NLTK scales the count by 1/(window − 1),
following Church & Hanks 1990, so that wider windows do not inflate the scores), n_ix / n_xi the
counts of w₁ / w₂ as single words, N the group's tokens. The ``count`` column is the raw pair count.
PMI favours rare pairs: use ``min_freq`` (default 2) and read G² (is the association real?) next
to PMI (how strong is it?). Compare scores only at the same window.

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"],
...                        "text": ["the Kiev regime said; the Kiev regime denied; Kiev is cold"]})
>>> res = collocations(corpus, "kiev", window=2, min_freq=2)
>>> res[["outlet", "term", "collocate", "position", "count"]].values.tolist()
[['A', 'kiev', 'regime', 'right', 2], ['A', 'kiev', 'the', 'left', 2]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .errors import ParameterError
from .tokenize import Tokenizer, mwe_token

__all__ = ["collocations", "term_token", "bigram_finder", "COLLOCATION_COLUMNS"]

COLLOCATION_COLUMNS = [
    "term",
    "collocate",
    "position",
    "count",
    "term_count",
    "collocate_count",
    "n_tokens",
    "window",
    "pmi",
    "likelihood_ratio",
]


def term_token(term: str) -> str:
    """The token a user's term becomes (lowercased, typographic variants folded, words joined by ``_``).

    >>> term_token("Full-scale invasion")
    'full_scale_invasion'
    """
    tok = mwe_token(term)
    if not tok:
        raise ParameterError("term: give a word or phrase")
    return tok


def bigram_finder(docs_tokens: Sequence[Sequence[str]], window: int = 2):
    """An NLTK ``BigramCollocationFinder`` over several documents, windows never crossing documents.

    Equivalent to ``BigramCollocationFinder.from_words(tokens, window_size=window)`` run on each
    document and the frequency distributions summed.

    >>> f = bigram_finder([["a", "b"], ["b", "a"]])
    >>> sorted(f.ngram_fd.items())
    [(('a', 'b'), 1), (('b', 'a'), 1)]
    """
    from nltk.collocations import BigramCollocationFinder
    from nltk.probability import FreqDist

    if window < 2:
        raise ParameterError(f"window: must be at least 2 (adjacent words), got {window}")
    word_fd = FreqDist()
    bigram_fd = FreqDist()
    for tokens in docs_tokens:
        n = len(tokens)
        for i, w1 in enumerate(tokens):
            word_fd[w1] += 1
            for w2 in tokens[i + 1 : min(n, i + window)]:
                bigram_fd[(w1, w2)] += 1
    return BigramCollocationFinder(word_fd, bigram_fd, window_size=window)


_VOICE_TOKEN = "framingterm_{}"  # placeholder token for a hit of the term in one voice


def _voiced_texts(corpus: pd.DataFrame, term: str, text_col: str, mentions) -> tuple[list[str], dict[str, str]]:
    """Texts with every hit of ``term`` replaced by a token naming its voice."""
    from .kwic import kwic

    hits = kwic(corpus.assign(text=corpus[text_col]), term, window=0, mentions=mentions)
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for doc, start, end, voice in hits[["doc_id", "start", "end", "voice"]].itertuples(index=False):
        by_doc.setdefault(str(doc), []).append((int(start), int(end), str(voice) or "unknown"))
    texts = []
    for doc, text in zip(corpus["doc_id"].astype(str), corpus[text_col].tolist()):
        text = text if isinstance(text, str) else ""
        for start, end, voice in sorted(by_doc.get(doc, []), reverse=True):
            text = f"{text[:start]} {_VOICE_TOKEN.format(voice)} {text[end:]}"
        texts.append(text)
    return texts, {_VOICE_TOKEN.format(v): v for v in ("authorial", "quoted", "distanced", "unknown")}


def collocations(
    corpus: pd.DataFrame,
    term: str,
    by: str = "outlet",
    window: int = 5,
    min_freq: int = 2,
    mwes: Sequence[str] | None = None,
    lexicon=None,
    text_col: str = "text",
    top: int | None = None,
    by_voice: bool = False,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Words that co-occur with ``term`` within ``window`` tokens, per group, with PMI and G².

    Parameters
    ----------
    corpus : DataFrame with ``doc_id``, ``text_col`` and ``by``
    term : a word or a multi-word expression (``"full-scale invasion"``); if it has several words it
        is added to the MWEs so that it is one token
    by : grouping column
    window : NLTK window size: pairs whose second word is at most ``window − 1`` tokens after the
        first; a collocate can be on either side (column ``position``: ``left``/``right``)
    min_freq : keep pairs seen at least this often in the group
    mwes, lexicon : multi-word expressions kept as single tokens (as in counts)
    top : keep the ``top`` collocates per group and position by G² (default: all)
    by_voice : also split by the voice of each occurrence of the term (column ``voice``): each hit
        found by :func:`framing.kwic.kwic` (voice from ``mentions`` where they overlap, else from
        :mod:`framing.voice`) is counted as its own token per voice, so ``term_count`` is the number
        of hits in that voice and the other marginals are unchanged
    mentions : optional mentions table for the voices (``by_voice`` only)

    Returns
    -------
    DataFrame: ``<by>, [voice,] term, collocate, position, count, term_count, collocate_count,
    n_tokens, window, pmi, likelihood_ratio``, sorted by group, [voice,] descending G², collocate.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"],
    ...                        "text": ['the "Kiev regime" and the Kiev regime']})
    >>> res = collocations(corpus, "kiev", window=2, min_freq=1, by_voice=True)
    >>> res[["voice", "collocate", "position"]].values.tolist()
    [['authorial', 'regime', 'right'], ['authorial', 'the', 'left'], ['distanced', 'regime', 'right'], ['distanced', 'the', 'left']]
    """
    from nltk.metrics.association import BigramAssocMeasures

    from .counts import resolve_mwes

    if by not in corpus.columns:
        raise ParameterError(f"by: no column {by!r} in the corpus; known: {', '.join(map(str, corpus.columns))}")
    if text_col not in corpus.columns:
        raise ParameterError(f"text_col: no column {text_col!r} in the corpus")
    if min_freq < 1:
        raise ParameterError(f"min_freq: must be at least 1, got {min_freq}")
    target = term_token(term)
    words = set(resolve_mwes(mwes, lexicon))
    if "_" in target:
        words.add(term)
    tok = Tokenizer(sorted(words))
    targets: Mapping[str, str | None]  # collocation target token -> its voice (None: the term in any voice)
    if by_voice:
        texts_all, targets = _voiced_texts(corpus, term, text_col, mentions)
    else:
        texts_all, targets = corpus[text_col].tolist(), {target: None}
    measures = BigramAssocMeasures()
    rows = []
    groups = corpus[by].astype(str).to_numpy()
    for g in sorted(set(groups)):
        texts = [t for t, gg in zip(texts_all, groups) if gg == g]
        finder = bigram_finder([tok(t) for t in texts], window=window)
        n_tokens = finder.word_fd.N()
        if not any(finder.word_fd[t] for t in targets):
            continue
        finder.apply_freq_filter(min_freq)
        finder.apply_ngram_filter(lambda w1, w2: (w1 in targets) == (w2 in targets))
        if not finder.ngram_fd:
            continue
        pmi = dict(finder.score_ngrams(measures.pmi))
        llr = dict(finder.score_ngrams(measures.likelihood_ratio))
        for (w1, w2), count in finder.ngram_fd.items():
            hit, collocate, position = (w1, w2, "right") if w1 in targets else (w2, w1, "left")
            row = {
                by: g,
                "voice": targets[hit],
                "term": target,
                "collocate": collocate,
                "position": position,
                "count": int(count),
                "term_count": int(finder.word_fd[hit]),
                "collocate_count": int(finder.word_fd[collocate]),
                "n_tokens": int(n_tokens),
                "window": window,
                "pmi": pmi[(w1, w2)],
                "likelihood_ratio": llr[(w1, w2)],
            }
            rows.append(row)
    keys = [by, "voice"] if by_voice else [by]
    out = pd.DataFrame(rows, columns=[by, "voice", *COLLOCATION_COLUMNS])
    if not by_voice:
        out = out.drop(columns="voice")
    if out.empty:
        return out
    out["_neg"] = -out["likelihood_ratio"]
    out = out.sort_values([*keys, "_neg", "collocate", "position"], kind="mergesort").drop(columns="_neg")
    if top is not None:
        out = out.groupby([*keys, "position"], sort=False).head(top)
    return out.reset_index(drop=True)
