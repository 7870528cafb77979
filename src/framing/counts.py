"""Document-term counts: a sparse matrix (scipy CSR, documents × terms) and per-group totals.

Counting is a *map* over documents (each document's token counts, :func:`count_documents`) and a
*reduce* (:func:`combine_counts`: align vocabularies and stack), so it runs unchanged per Dask
partition. Everything downstream (keyness, rates) works on the small group × term totals.

Tokens come from :func:`framing.tokenize.tokenize`: lowercased, typographic variants folded, lexicon
multi-word expressions joined (``full_scale_invasion``).

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
...                        "text": ["Kyiv and Kyiv.", "Kiev, full-scale invasion"]})
>>> cm = count_matrix(corpus, mwes=["full-scale invasion"])
>>> cm.vocabulary
['and', 'full_scale_invasion', 'kiev', 'kyiv']
>>> cm.matrix.toarray().tolist()
[[1, 0, 0, 2], [0, 1, 1, 0]]
>>> cm.outlet_totals().to_dict("records")[0]
{'outlet': 'X', 'term': 'and', 'count': 1, 'total': 3}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._perf import gc_paused
from .errors import CorpusError, ParameterError
from .tokenize import Tokenizer, phrase_tokens, raw_token_lists

__all__ = [
    "TermVectorizer",  # noqa: F822 (defined on first use by __getattr__: importing scikit-learn is slow)
    "CountMatrix",
    "count_matrix",
    "count_documents",
    "combine_counts",
    "doc_token_counts",
    "resolve_mwes",
]


def _term_vectorizer_class():
    """Define :class:`TermVectorizer` on first use (importing scikit-learn costs over a second)."""
    from sklearn.feature_extraction.text import CountVectorizer

    class TermVectorizer(CountVectorizer):
        """scikit-learn ``CountVectorizer`` whose analyzer is :func:`framing.tokenize.tokenize`.

        Parameters
        ----------
        mwes : sequence of str, optional
            Multi-word expressions kept as single tokens (``Lexicon.multiword_expressions()``).
        vocabulary, min_df, max_df, max_features, binary, dtype
            As in :class:`sklearn.feature_extraction.text.CountVectorizer`.

        The vocabulary (``vocabulary_``) is sorted alphabetically, so output is deterministic.

        Examples
        --------
        >>> v = TermVectorizer(mwes=["kiev regime"])
        >>> X = v.fit_transform(["The Kiev regime", "Kyiv"])
        >>> v.get_feature_names_out().tolist()
        ['kiev_regime', 'kyiv', 'the']
        """

        _parameter_constraints: dict = {**CountVectorizer._parameter_constraints, "mwes": [list, tuple, None]}

        def __init__(
            self,
            mwes: Sequence[str] | None = None,
            *,
            vocabulary=None,
            min_df=1,
            max_df=1.0,
            max_features=None,
            binary: bool = False,
            dtype=np.int64,
        ):
            super().__init__(
                lowercase=False,
                token_pattern=None,
                vocabulary=vocabulary,
                min_df=min_df,
                max_df=max_df,
                max_features=max_features,
                binary=binary,
                dtype=dtype,
            )
            self.mwes = mwes

        def build_analyzer(self):
            """The analyzer: a picklable :class:`framing.tokenize.Tokenizer` with this vectorizer's MWEs."""
            return Tokenizer(self.mwes)

    TermVectorizer.__module__ = __name__
    TermVectorizer.__qualname__ = "TermVectorizer"
    return TermVectorizer


def __getattr__(name: str):
    if name == "TermVectorizer":
        cls = _term_vectorizer_class()
        globals()["TermVectorizer"] = cls  # later lookups (and pickle) find it directly
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class CountMatrix:
    """Counts of terms per document.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix, shape (n_docs, n_terms), int64
    vocabulary : list of str, sorted; column j is ``vocabulary[j]``
    doc_ids : list of str; row i is ``doc_ids[i]``
    doc_tokens : numpy int64 array, tokens per document (before any ``min_count`` pruning, so it
        is the denominator for rates)
    meta : DataFrame with ``doc_id`` and the corpus' grouping columns (``outlet``, ``date``, ...),
        one row per matrix row, used by :meth:`outlet_totals`.
    """

    matrix: sp.csr_matrix
    vocabulary: list[str]
    doc_ids: list[str]
    doc_tokens: np.ndarray
    meta: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def tokens_per_doc(self) -> pd.Series:
        """Tokens per document as a Series indexed by doc_id (name ``n_tokens``)."""
        return pd.Series(self.doc_tokens, index=pd.Index(self.doc_ids, name="doc_id"), name="n_tokens")

    def term_counts(self) -> pd.Series:
        """Corpus-wide count of each term (Series indexed by term)."""
        return pd.Series(np.asarray(self.matrix.sum(axis=0)).ravel(), index=self.vocabulary, name="count")

    def group_matrix(self, group_col: str = "outlet") -> tuple[list[str], sp.csr_matrix, np.ndarray]:
        """Sum documents into groups: ``(groups, G × V CSR counts, tokens per group)``.

        Groups are sorted; a document whose group value is missing is left out.
        """
        if group_col not in self.meta.columns:
            known = ", ".join(c for c in self.meta.columns if c != "doc_id")
            raise ParameterError(f"by: no column {group_col!r} in the corpus; known columns: {known}")
        values = self.meta[group_col]
        keep = values.notna().to_numpy()
        labels = values.astype(str).to_numpy()
        groups = sorted(set(labels[keep]))
        if not groups:
            raise ParameterError(f"by: column {group_col!r} has no values")
        index = {g: i for i, g in enumerate(groups)}
        rows = np.array([index.get(v, -1) if k else -1 for v, k in zip(labels, keep)])
        sel = rows >= 0
        indicator = sp.csr_matrix(
            (np.ones(int(sel.sum()), dtype=np.int64), (rows[sel], np.flatnonzero(sel))),
            shape=(len(groups), self.matrix.shape[0]),
        )
        gm = (indicator @ self.matrix).tocsr()
        totals = indicator @ self.doc_tokens.astype(np.int64)
        return groups, gm, np.asarray(totals).ravel()

    def outlet_totals(self, group_col: str = "outlet", totals: str = "tokens") -> pd.DataFrame:
        """Tidy group × term totals: columns ``<group_col>, term, count, total`` (non-zero counts only).

        ``total`` is the group's number of tokens (all terms, ``totals="tokens"``), so ``count /
        total`` is a relative frequency; or, with ``totals="terms"``, the group's tokens of the terms
        this matrix keeps. Keyness on a matrix whose terms were selected (stopwords, outlet names ...
        left out, :func:`terms_for_keyness`) needs ``"terms"``: its corpus prior is a share of the kept
        terms, and totals counting the left-out tokens too would pull every frequent term of a small
        group up (Monroe et al.'s n is the group's count over the compared vocabulary). Rows are
        sorted by group then term.
        """
        if totals not in ("tokens", "terms"):
            raise ParameterError(f"totals: {totals!r} is not 'tokens' or 'terms'")
        groups, gm, token_totals = self.group_matrix(group_col)
        n_total = token_totals if totals == "tokens" else np.asarray(gm.sum(axis=1)).ravel()
        gm.sort_indices()  # rows are the sorted groups, columns the sorted vocabulary: COO order is
        coo = gm.tocoo()  # already group, then term (no string sort needed)
        df = pd.DataFrame(
            {
                group_col: np.asarray(groups, dtype=object)[coo.row],
                "term": np.asarray(self.vocabulary, dtype=object)[coo.col],
                "count": coo.data.astype(np.int64),
                "total": n_total[coo.row].astype(np.int64),
            }
        )
        return df[df["count"] > 0].reset_index(drop=True)


def resolve_mwes(mwes: Iterable[str] | None = None, lexicon=None) -> list[str]:
    """Multi-word expressions from an explicit list, a ``Lexicon`` object, or a lexicon path.

    ``lexicon="bundled"`` loads the bundled lexicon. Returns ``[]`` when none is given.
    """
    if mwes is not None:
        return sorted(set(mwes))
    if lexicon is None:
        return []
    if hasattr(lexicon, "multiword_expressions"):
        return sorted(set(lexicon.multiword_expressions()))
    from .lexicon import load_lexicon

    path = None if lexicon == "bundled" else lexicon
    return sorted(set(load_lexicon(path).multiword_expressions()))


@gc_paused()  # a list per document and millions of token strings: see framing._perf
def count_documents(texts: Iterable[str], doc_ids: Sequence[str], mwes: Sequence[str] | None = None) -> CountMatrix:
    """The *map* step: count the terms of some documents (one partition).

    Same counts as :class:`TermVectorizer` (``fit_transform``), computed with one hash-based
    ``pandas.factorize`` over all tokens instead of a per-token Python loop.

    Examples
    --------
    >>> count_documents(["a b a"], ["d1"]).matrix.toarray().tolist()
    [[2, 1]]
    """
    texts = ["" if t is None or (isinstance(t, float) and t != t) else t for t in texts]
    # one regex scan per text finds tokens and lexicon phrases; each *distinct* phrase is then
    # joined once (tokenize() rewrites every text before scanning it: ~20 % slower)
    token_lists, phrase = raw_token_lists(texts, mwes)
    lengths = np.fromiter((len(ts) for ts in token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(chain.from_iterable(token_lists), dtype=object, count=int(lengths.sum()))
    del token_lists
    # hash-based factorize (C speed)
    codes, uniques = pd.factorize(flat)
    if phrase is not None:
        codes, uniques, lengths = _join_phrases(codes, np.asarray(uniques, dtype=object), lengths, phrase)
    # renumber so that the vocabulary is sorted
    order = np.argsort(uniques.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    X = _csr_counts(lengths, rank[codes], len(uniques))
    vocab = [str(v) for v in np.asarray(uniques, dtype=object)[order]]
    return CountMatrix(X, vocab, [str(d) for d in doc_ids], lengths)


_SEPARATOR = re.compile(r"[\s\-]")


def _join_phrases(codes: np.ndarray, uniques: np.ndarray, lengths: np.ndarray, phrase: re.Pattern):
    """Replace the distinct phrases among ``uniques`` by their tokens (:func:`phrase_tokens`).

    Returns ``(codes, uniques, lengths)`` as if the texts had been tokenized by :func:`tokenize`:
    a joined phrase that equals another token (``full_scale_invasion`` typed with underscores)
    merges with it, and a phrase that splits into several tokens adds to its document's length.
    """
    found = [i for i, u in enumerate(uniques) if _SEPARATOR.search(u) and phrase.fullmatch(u)]
    if not found:
        return codes, uniques, lengths
    replacement = {i: phrase_tokens(uniques[i]) for i in found}
    if all(len(r) == 1 for r in replacement.values()):
        renamed = uniques.copy()
        for i, r in replacement.items():
            renamed[i] = r[0]
        merged, new_uniques = pd.factorize(renamed)
        return merged[codes], np.asarray(new_uniques, dtype=object), lengths
    # some phrase splits into several tokens: expand the token stream, then count again
    pieces = [replacement.get(i, (u,)) for i, u in enumerate(uniques)]
    size = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    all_pieces = np.fromiter(chain.from_iterable(pieces), dtype=object, count=int(size.sum()))
    per_token = size[codes]
    first = np.repeat(start[codes], per_token)
    within = np.arange(int(per_token.sum())) - np.repeat(np.cumsum(per_token) - per_token, per_token)
    doc = np.repeat(np.arange(len(lengths)), lengths)
    new_lengths = np.bincount(doc, weights=per_token, minlength=len(lengths)).astype(np.int64)
    new_codes, new_uniques = pd.factorize(all_pieces[first + within])
    return new_codes, np.asarray(new_uniques, dtype=object), new_lengths


def _csr_counts(lengths: np.ndarray, cols: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """Documents × terms CSR counts from each token's term (``cols``, documents one after another).

    One sort of ``row · n_terms + col`` keys and run lengths give the summed, sorted entries
    directly; about 5× faster than building a COO matrix and summing its duplicates.
    """
    n_docs = len(lengths)
    if len(cols) == 0:
        return sp.csr_matrix((n_docs, n_terms), dtype=np.int64)
    keys = np.repeat(np.arange(n_docs, dtype=np.int64) * n_terms, lengths)
    keys += cols
    keys.sort()
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(keys))).astype(np.int64)
    rows, terms = np.divmod(keys[starts], n_terms)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_docs), out=indptr[1:])
    return sp.csr_matrix((counts, terms, indptr), shape=(n_docs, n_terms), dtype=np.int64)


def combine_counts(parts: Sequence[CountMatrix]) -> CountMatrix:
    """The *reduce* step: stack partitions' counts on the union of their vocabularies.

    Examples
    --------
    >>> a = count_documents(["x y"], ["1"]); b = count_documents(["y z"], ["2"])
    >>> c = combine_counts([a, b]); c.vocabulary, c.matrix.toarray().tolist()
    (['x', 'y', 'z'], [[1, 1, 0], [0, 1, 1]])
    """
    if not parts:
        raise ParameterError("combine_counts: no partitions to combine")
    vocab = sorted(set().union(*(p.vocabulary for p in parts)))
    index = {t: j for j, t in enumerate(vocab)}
    blocks = []
    for p in parts:
        remap = np.array([index[t] for t in p.vocabulary], dtype=np.int64)
        m = p.matrix.tocoo()
        blocks.append(
            sp.csr_matrix(
                (m.data, (m.row, remap[m.col] if len(remap) else m.col)), shape=(m.shape[0], len(vocab)), dtype=np.int64
            )
        )
    matrix = sp.vstack(blocks, format="csr")
    matrix.sort_indices()
    metas = [p.meta for p in parts if not p.meta.empty]
    meta = pd.concat(metas, ignore_index=True) if len(metas) == len(parts) else pd.DataFrame()
    doc_ids = [d for p in parts for d in p.doc_ids]
    return CountMatrix(matrix, vocab, doc_ids, np.concatenate([p.doc_tokens for p in parts]).astype(np.int64), meta)


def count_matrix(
    corpus: pd.DataFrame,
    mwes: Sequence[str] | None = None,
    lexicon=None,
    text_col: str = "text",
    min_count: int = 1,
    fold_yo: bool = False,
) -> CountMatrix:
    """Count every document of a corpus.

    Parameters
    ----------
    corpus : DataFrame with ``doc_id`` and ``text_col``; other columns (``outlet``, ``date``, ...)
        are kept in ``meta`` for grouping.
    mwes : multi-word expressions to keep as single tokens (overrides ``lexicon``).
    lexicon : a ``Lexicon`` (its ``multiword_expressions()`` are used), a path, or ``"bundled"``.
    text_col : column holding the text to count (e.g. ``text`` or ``title``).
    min_count : drop terms whose corpus-wide count is below this (``doc_tokens`` keep all tokens).
    fold_yo : count Russian ё as е (:func:`framing.tokenize.fold_yo`): "ещё" and "еще" are one term.

    Returns
    -------
    CountMatrix

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["X"], "text": ["so-called referendum"]})
    >>> count_matrix(corpus, mwes=["so-called"]).vocabulary
    ['referendum', 'so_called']
    """
    if text_col not in corpus.columns:
        raise ParameterError(
            f"text_col: no column {text_col!r} in the corpus; known: {', '.join(map(str, corpus.columns))}"
        )
    if "doc_id" not in corpus.columns:
        raise CorpusError("corpus: missing column doc_id")
    if min_count < 1:
        raise ParameterError(f"min_count: must be at least 1, got {min_count}")
    words = resolve_mwes(mwes, lexicon)
    texts = corpus[text_col].tolist()
    if fold_yo:
        from .tokenize import fold_yo as _fold

        texts = [_fold(t) for t in texts]
        words = sorted({_fold(w) for w in words}) if words else words
    cm = count_documents(texts, corpus["doc_id"].astype(str).tolist(), words)
    if min_count > 1 and cm.vocabulary:
        keep = np.flatnonzero(np.asarray(cm.matrix.sum(axis=0)).ravel() >= min_count)
        cm.matrix = cm.matrix[:, keep].tocsr()
        cm.vocabulary = [cm.vocabulary[j] for j in keep]
    meta_cols = [c for c in corpus.columns if c not in (text_col, "text", "title", "url")]
    cm.meta = corpus[meta_cols].reset_index(drop=True).copy()
    cm.meta["doc_id"] = cm.meta["doc_id"].astype(str)
    return cm


def doc_token_counts(corpus: pd.DataFrame, mwes: Sequence[str] | None = None, text_col: str = "text") -> pd.Series:
    """Tokens per document (Series indexed by doc_id): the denominator of rates per 10,000 tokens.

    >>> doc_token_counts(pd.DataFrame({"doc_id": ["a"], "text": ["full-scale invasion now"]}),
    ...                  mwes=["full-scale invasion"]).tolist()
    [2]
    """
    # the lengths count_matrix computes, so that rates share their denominators with the counts
    return count_documents(corpus[text_col].tolist(), corpus["doc_id"].astype(str).tolist(), mwes).tokens_per_doc


# ---------------------------------------------------------------- which terms keyness compares

#: Named stopword lists: scikit-learn's English list, and the Russian and Ukrainian lists of the
#: ``stop-words`` package (PyPI; packaged data, no download).
STOPWORD_LISTS = {"english": "en", "en": "en", "russian": "ru", "ru": "ru", "ukrainian": "uk", "uk": "uk"}


def stopword_list(name: str | Sequence[str] | None) -> frozenset[str]:
    """A stopword set: ``"english"`` (scikit-learn's built-in list, from the Glasgow Information
    Retrieval group: 318 words, no download), ``"russian"`` or ``"ukrainian"`` (the ``stop-words``
    package's lists, with ё also written е), several joined by commas (``"english,russian"``),
    ``"none"``/``None``, or the words themselves.

    Examples
    --------
    >>> "the" in stopword_list("english"), len(stopword_list("none")), sorted(stopword_list(["Kyiv", "war"]))
    (True, 0, ['kyiv', 'war'])
    >>> {"это", "еще", "ещё"} <= stopword_list("russian"), "що" in stopword_list("ukrainian")
    (True, True)
    """
    if name is None or (isinstance(name, str) and name.lower() in ("none", "")):
        return frozenset()
    if isinstance(name, str):
        out: set[str] = set()
        for part in (p.strip().lower() for p in name.split(",")):
            code = STOPWORD_LISTS.get(part)
            if code is None:
                raise ParameterError(
                    f"stopwords: {part!r} is not a known list; use english, russian, ukrainian "
                    "(several joined by commas), none, or a list of words"
                )
            if code == "en":
                from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

                out |= set(ENGLISH_STOP_WORDS)
            else:
                from stop_words import get_stop_words

                words = {w.lower() for w in get_stop_words(code)}
                out |= words | {w.replace("ё", "е") for w in words}
        return frozenset(out)
    return frozenset(str(w).lower() for w in name)


def outlet_name_terms(outlets: Iterable[str]) -> frozenset[str]:
    """The tokens of outlet names ("ABC News" → ``abc``, ``news``; "bbc.co.uk" → ``bbc``), which
    otherwise top an outlet's keyness list (datelines, credits, "BBC News understands ...").

    Examples
    --------
    >>> sorted(outlet_name_terms(["ABC News", "RT", "bbc.co.uk"]))
    ['abc', 'bbc', 'co', 'news', 'rt', 'uk']
    """
    from .tokenize import tokenize

    return frozenset(t for o in outlets for t in tokenize(re.sub(r"[._/]", " ", str(o))))


def boilerplate_terms(
    cm: CountMatrix, by: str = "outlet", *, min_docs: int = 20, min_share: float = 0.5, max_other_share: float = 0.05
) -> pd.DataFrame:
    """Terms an outlet prints in most of its documents and others rarely: site boilerplate that
    ingest's furniture removal left (a programme's name, a newsletter plug, "weeknight", "audm").

    For each group with at least ``min_docs`` documents: a term in at least ``min_share`` of the
    group's documents and in at most ``max_other_share`` of the other groups' documents. Returns
    ``<by>, term, doc_share, other_doc_share``.
    """
    groups, _gm, _tok = cm.group_matrix(by)
    labels = cm.meta[by].astype(str).to_numpy()
    present = (cm.matrix > 0).astype(np.int64).tocsr()
    rows = []
    for g in groups:
        inside = labels == g
        n_in, n_out = int(inside.sum()), int((~inside).sum())
        if n_in < min_docs or n_out == 0:
            continue
        share_in = np.asarray(present[inside].sum(axis=0)).ravel() / n_in
        share_out = np.asarray(present[~inside].sum(axis=0)).ravel() / n_out
        for j in np.flatnonzero((share_in >= min_share) & (share_out <= max_other_share)):
            rows.append(
                {
                    by: g,
                    "term": cm.vocabulary[j],
                    "doc_share": float(share_in[j]),
                    "other_doc_share": float(share_out[j]),
                }
            )
    return pd.DataFrame(rows, columns=[by, "term", "doc_share", "other_doc_share"])


def select_terms(
    cm: CountMatrix,
    *,
    min_length: int = 1,
    stopwords: str | Sequence[str] | None = None,
    drop: Iterable[str] = (),
    keep: Iterable[str] = (),
    drop_numbers: bool = False,
) -> tuple[CountMatrix, pd.DataFrame]:
    """The count matrix restricted to the terms keyness should compare, and why the rest went.

    A term is dropped when it is shorter than ``min_length`` characters, in ``stopwords``, in
    ``drop`` (outlet names, boilerplate, ...), or (``drop_numbers``) is a number; a term in ``keep`` (the lexicon's
    multi-word expressions and variants) always stays. Token totals (``doc_tokens``) are unchanged,
    so rates per 10,000 tokens do not move. Returns ``(counts, dropped)``, ``dropped`` one row per
    term: ``term, count, reason``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["X"], "text": ["The U.S. said s 2022 x Kyiv"]})
    >>> kept, dropped = select_terms(count_matrix(corpus), min_length=2, stopwords="english", drop_numbers=True)
    >>> kept.vocabulary, sorted(dropped["reason"])
    (['kyiv', 'said', 'u.s.'], ['number', 'shorter than 2', 'shorter than 2', 'stopword'])
    """
    if min_length < 1:
        raise ParameterError(f"min_length: must be at least 1, got {min_length}")
    stop = stopword_list(stopwords)
    dropset = {str(t).lower() for t in drop}
    keepset = {str(t).lower() for t in keep}
    reasons: list[str | None] = []
    for term in cm.vocabulary:
        if term in keepset or "_" in term:  # lexicon phrases (joined with "_") always stay
            reasons.append(None)
        elif drop_numbers and term.replace(".", "").replace(",", "").isdigit():
            reasons.append("number")
        elif len(term) < min_length:
            reasons.append(f"shorter than {min_length}")
        elif term in stop:
            reasons.append("stopword")
        elif term in dropset:
            reasons.append("dropped")
        else:
            reasons.append(None)
    keep_idx = [j for j, r in enumerate(reasons) if r is None]
    counts = np.asarray(cm.matrix.sum(axis=0)).ravel()
    dropped = pd.DataFrame(
        [
            {"term": t, "count": int(counts[j]), "reason": r}
            for j, (t, r) in enumerate(zip(cm.vocabulary, reasons))
            if r is not None
        ],
        columns=["term", "count", "reason"],
    )
    kept = CountMatrix(
        cm.matrix[:, keep_idx].tocsr(), [cm.vocabulary[j] for j in keep_idx], list(cm.doc_ids), cm.doc_tokens, cm.meta
    )
    return kept, dropped


def terms_for_keyness(
    cm: CountMatrix,
    by: str = "outlet",
    *,
    min_length: int = 2,
    stopwords: str | Sequence[str] | None = "english",
    drop_outlet_names: bool = True,
    drop_boilerplate: bool = True,
    lexicon=None,
) -> tuple[CountMatrix, pd.DataFrame]:
    """:func:`select_terms` with the choices keyness needs on news text: words of at least
    ``min_length`` characters (and, with ``min_length`` > 1, no bare numbers), no ``stopwords``, and (by default) neither the tokens of the groups'
    names (:func:`outlet_name_terms`) nor each group's boilerplate (:func:`boilerplate_terms`); the
    lexicon's variants and phrases always stay. ``dropped`` gains the reasons ``outlet name`` and
    ``boilerplate of <group>``."""
    drop: dict[str, str] = {}
    if drop_outlet_names and by in cm.meta.columns:
        for t in outlet_name_terms(cm.meta[by].dropna().astype(str).unique()):
            drop.setdefault(t, "outlet name")
    if drop_boilerplate and by in cm.meta.columns:
        for row in boilerplate_terms(cm, by).itertuples(index=False):
            drop.setdefault(row.term, f"boilerplate of {row[0]}")
    keep = set()
    if lexicon is not None:
        from .tokenize import mwe_token

        for v in lexicon.variants:
            keep.add(mwe_token(v.label))
            keep.update(mwe_token(s) for s in v.surface)
    kept, dropped = select_terms(
        cm, min_length=min_length, stopwords=stopwords, drop=drop, keep=keep, drop_numbers=min_length > 1
    )
    if len(dropped):
        dropped["reason"] = [
            drop.get(t, r) if r == "dropped" else r for t, r in zip(dropped["term"], dropped["reason"])
        ]
    return kept, dropped
