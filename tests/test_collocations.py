"""Collocations: NLTK's finder per document, scores recomputed from the reported counts."""

import math

import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder

from framing.collocations import bigram_finder, collocations, term_token
from framing.errors import ParameterError
from framing.tokenize import tokenize

TEXTS = [
    "The Kiev regime said the Kiev regime would not talk. Kiev is cold; the regime is not.",
    "Officials in Kyiv said Kyiv would talk. The Kiev regime again.",
    "Full-scale invasion: the full scale invasion began. Kiev regime.",
]


def corpus():
    return pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "A", "B"], "text": TEXTS})


@pytest.mark.parametrize("window", [2, 3, 5])
def test_finder_equals_nltk_from_words_on_one_document(window):
    tokens = tokenize(TEXTS[0])
    ours = bigram_finder([tokens], window=window)
    theirs = BigramCollocationFinder.from_words(tokens, window_size=window)
    assert dict(ours.ngram_fd) == dict(theirs.ngram_fd)
    assert dict(ours.word_fd) == dict(theirs.word_fd)


def test_windows_do_not_cross_documents():
    f = bigram_finder([["a", "b"], ["c", "d"]], window=3)
    assert set(f.ngram_fd) == {("a", "b"), ("c", "d")}


def ref_pmi(n_ii, n_ix, n_xi, N):
    return math.log2(n_ii * N / (n_ix * n_xi))


def ref_g2(n_ii, n_ix, n_xi, N):
    """Dunning's G2 on the pair's 2x2 table (Manning & Schuetze 1999, 5.3.4)."""
    obs = [n_ii, n_ix - n_ii, n_xi - n_ii, N - n_ix - n_xi + n_ii]
    rows = [n_ix, N - n_ix]
    cols = [n_xi, N - n_xi]
    exp = [rows[0] * cols[0] / N, rows[0] * cols[1] / N, rows[1] * cols[0] / N, rows[1] * cols[1] / N]
    return 2 * sum(o * math.log(o / e) for o, e in zip(obs, exp) if o > 0)


@pytest.mark.parametrize("window", [2, 4])
def test_scores_recomputed_from_reported_counts(window):
    res = collocations(corpus(), "Kiev", window=window, min_freq=1)
    assert len(res) > 0 and set(res.term) == {"kiev"}
    for r in res.itertuples():
        n_ix, n_xi = (r.term_count, r.collocate_count) if r.position == "right" else (r.collocate_count, r.term_count)
        n_ii = r.count / (r.window - 1)  # NLTK (Church & Hanks 1990) scales windowed counts
        assert r.pmi == pytest.approx(ref_pmi(n_ii, n_ix, n_xi, r.n_tokens), abs=1e-9)
        assert r.likelihood_ratio == pytest.approx(ref_g2(n_ii, n_ix, n_xi, r.n_tokens), abs=1e-9)


def test_counts_per_outlet_and_min_freq():
    res = collocations(corpus(), "kiev", window=2, min_freq=2)
    a = res[res.outlet == "A"]
    assert a[(a.collocate == "regime") & (a.position == "right")]["count"].item() == 3
    assert (res["count"] >= 2).all()
    assert "B" not in set(res.outlet)  # B has "kiev regime" once only
    assert a.likelihood_ratio.is_monotonic_decreasing


def test_multiword_term_is_one_token():
    assert term_token("Full\u2011scale invasion") == "full_scale_invasion"
    res = collocations(corpus(), "full-scale invasion", window=2, min_freq=1)
    b = res[res.outlet == "B"]
    assert set(b.term) == {"full_scale_invasion"} and b.term_count.iloc[0] == 2
    assert ("the", "left") in set(zip(b.collocate, b.position))


def test_errors():
    with pytest.raises(ParameterError, match="window"):
        collocations(corpus(), "kiev", window=1)
    with pytest.raises(ParameterError, match="by"):
        collocations(corpus(), "kiev", by="country")
    with pytest.raises(ParameterError, match="term"):
        collocations(corpus(), "  ")
    assert collocations(corpus(), "zebra").empty


def test_by_voice_splits_hits_and_keeps_marginals():
    texts = ['They said "the Kiev regime must go now" today. The Kiev regime replied. The so-called Kiev regime.']
    corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": texts})
    res = collocations(corpus, "Kiev", window=2, min_freq=1, by_voice=True)
    assert set(res.voice) == {"quoted", "authorial", "distanced"}
    right = res[(res.collocate == "regime") & (res.position == "right")].set_index("voice")
    assert right["count"].to_dict() == {"quoted": 1, "authorial": 1, "distanced": 1}
    assert (right.term_count == 1).all()
    plain = collocations(corpus, "Kiev", window=2, min_freq=1)
    row = plain[(plain.collocate == "regime") & (plain.position == "right")].iloc[0]
    assert row["count"] == 3 and row.term_count == 3
    assert (res.n_tokens == row.n_tokens).all() and (right.collocate_count == row.collocate_count).all()
    for r in res.itertuples():  # the same formulas, with the voice's hits as the term
        n_ix, n_xi = (r.term_count, r.collocate_count) if r.position == "right" else (r.collocate_count, r.term_count)
        n_ii = r.count / (r.window - 1)
        assert r.pmi == pytest.approx(ref_pmi(n_ii, n_ix, n_xi, r.n_tokens), abs=1e-9)
        assert r.likelihood_ratio == pytest.approx(ref_g2(n_ii, n_ix, n_xi, r.n_tokens), abs=1e-9)
