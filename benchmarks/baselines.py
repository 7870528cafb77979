"""Baselines timed on the same texts as the pipeline.

* ``cv_unigram`` — ``sklearn.feature_extraction.text.CountVectorizer(ngram_range=(1, 1))``
  ``.fit_transform(texts)``: regex tokenization, lowercasing, a sparse document-term matrix.
* ``cv_bigram`` — the same with ``ngram_range=(1, 2)``: the usual reference speed for counting
  text in Python; the pipeline's ratio to it is reported (docs/benchmarks.md, "The speed target", says why it
  is not the target).
* ``nltk_counter`` — ``nltk.tokenize.word_tokenize(text, preserve_line=True)`` (the NLTK/Treebank
  word tokenizer without Punkt sentence splitting, which needs downloaded data) feeding one
  ``collections.Counter``: the common "NLTK + Counter" notebook recipe.

Each function returns a small dict of what it produced, so the work cannot be optimised away and
the table can show it (terms found).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence


def cv_unigram(texts: Sequence[str]) -> dict:
    """CountVectorizer, unigrams: returns ``{"terms": vocabulary size, "nnz": stored counts}``."""
    from sklearn.feature_extraction.text import CountVectorizer

    m = CountVectorizer(ngram_range=(1, 1)).fit_transform(texts)
    return {"terms": m.shape[1], "nnz": int(m.nnz)}


def cv_bigram(texts: Sequence[str]) -> dict:
    """CountVectorizer, unigrams and bigrams: returns ``{"terms", "nnz"}``."""
    from sklearn.feature_extraction.text import CountVectorizer

    m = CountVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    return {"terms": m.shape[1], "nnz": int(m.nnz)}


def nltk_counter(texts: Sequence[str]) -> dict:
    """NLTK word tokenization (``preserve_line=True``, no Punkt data) into one Counter: ``{"terms"}``."""
    from nltk.tokenize import word_tokenize

    counts: Counter = Counter()
    for text in texts:
        counts.update(t.lower() for t in word_tokenize(text, preserve_line=True))
    return {"terms": len(counts)}


BASELINES = {"cv_unigram": cv_unigram, "cv_bigram": cv_bigram, "nltk_counter": nltk_counter}
