"""Counts: the sparse matrix equals per-document token counts; map/reduce equals one pass; CLI."""

import pickle
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from framing.counts import (CountMatrix, TermVectorizer, combine_counts, count_documents, count_matrix,
                            doc_token_counts)
from framing.errors import ParameterError
from framing.tokenize import tokenize

MWES = ["full-scale invasion", "kiev regime"]


@pytest.fixture
def corpus():
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4"],
        "outlet": ["A", "A", "B", "C"],
        "date": pd.to_datetime(["2022-03-01", None, "2022-04-01", "2022-05-01"]),
        "title": ["t"] * 4,
        "url": [""] * 4,
        "text": ["Russia’s full‑scale invasion of Ukraine; Kyiv held.",
                 "The Kiev regime and the Kiev regime's allies.",
                 "Kyiv, Kyiv, Kyiv! Full scale invasion",
                 ""],
    })


def test_matrix_equals_counter_of_tokens(corpus):
    cm = count_matrix(corpus, mwes=MWES)
    assert cm.vocabulary == sorted(cm.vocabulary)
    assert cm.doc_ids == corpus["doc_id"].tolist()
    dense = cm.matrix.toarray()
    for i, text in enumerate(corpus["text"]):
        expected = Counter(tokenize(text, MWES))
        got = {cm.vocabulary[j]: int(dense[i, j]) for j in np.flatnonzero(dense[i])}
        assert got == dict(expected)
        assert cm.doc_tokens[i] == sum(expected.values())
    assert "full_scale_invasion" in cm.vocabulary and "kiev_regime" in cm.vocabulary
    assert cm.matrix.dtype == np.int64


def test_outlet_totals(corpus):
    cm = count_matrix(corpus, mwes=MWES)
    tot = cm.outlet_totals()
    assert list(tot.columns) == ["outlet", "term", "count", "total"]
    for outlet, sub in corpus.groupby("outlet"):
        expected = Counter(t for text in sub["text"] for t in tokenize(text, MWES))
        got = tot[tot.outlet == outlet]
        assert dict(zip(got.term, got["count"])) == dict(expected)
        if len(got):
            assert (got.total == sum(expected.values())).all()
    assert "C" not in set(tot.outlet)  # an empty document has no terms: no rows, never negative counts
    groups, gm, totals = cm.group_matrix("outlet")
    assert groups == ["A", "B", "C"] and totals.tolist() == [
        sum(len(tokenize(t, MWES)) for t in corpus.text[:2]), len(tokenize(corpus.text[2], MWES)), 0]


def test_map_reduce_equals_one_pass(corpus):
    whole = count_matrix(corpus, mwes=MWES)
    parts = [count_documents(corpus.text[i:j], corpus.doc_id[i:j].tolist(), MWES) for i, j in ((0, 1), (1, 3), (3, 4))]
    merged = combine_counts(parts)
    assert merged.vocabulary == whole.vocabulary
    assert (merged.matrix != whole.matrix).nnz == 0
    assert merged.doc_tokens.tolist() == whole.doc_tokens.tolist()
    with pytest.raises(ParameterError):
        combine_counts([])


def test_min_count_keeps_token_totals(corpus):
    full = count_matrix(corpus, mwes=MWES)
    pruned = count_matrix(corpus, mwes=MWES, min_count=2)
    assert pruned.doc_tokens.tolist() == full.doc_tokens.tolist()
    counts = full.term_counts()
    assert pruned.vocabulary == [t for t in full.vocabulary if counts[t] >= 2]
    assert pruned.tokens_per_doc.to_dict() == doc_token_counts(corpus, MWES).to_dict()
    # and both are the number of tokens tokenize() gives each text
    assert doc_token_counts(corpus, MWES).tolist() == [len(tokenize(t, MWES)) for t in corpus["text"]]


def test_vectorizer_is_a_sklearn_estimator(corpus):
    v = TermVectorizer(mwes=MWES)
    X = v.fit_transform(corpus.text)
    v2 = clone(v)
    assert v2.get_params()["mwes"] == MWES
    X2 = pickle.loads(pickle.dumps(v)).transform(corpus.text)
    assert (X != X2).nnz == 0
    assert "kiev_regime" in v.get_feature_names_out()


def test_grouping_by_any_column_and_errors(corpus):
    cm = count_matrix(corpus, mwes=MWES)
    assert set(cm.outlet_totals("date")["date"]) == {"2022-03-01", "2022-04-01"}
    with pytest.raises(ParameterError, match="nope"):
        cm.outlet_totals("nope")
    with pytest.raises(ParameterError, match="text_col"):
        count_matrix(corpus, text_col="body")
    assert count_matrix(corpus, text_col="title").vocabulary == ["t"]


def test_all_empty_corpus_gives_empty_vocabulary():
    cm = count_matrix(pd.DataFrame({"doc_id": ["a"], "outlet": ["A"], "text": ["..."]}))
    assert cm.vocabulary == [] and cm.matrix.shape == (1, 0) and cm.doc_tokens.tolist() == [0]
    assert isinstance(cm, CountMatrix)


def test_cli_counts(tmp_path, corpus):
    from framing.cli import main
    from framing.corpus import write_corpus

    src = write_corpus(corpus, tmp_path / "c.jsonl")
    out = tmp_path / "counts.csv"
    assert main(["counts", str(src), "--out", str(out), "--no-mwes"]) == 0
    got = pd.read_csv(out, keep_default_na=False)
    expected = count_matrix(corpus).outlet_totals()
    assert got.to_dict("records") == expected.to_dict("records")
    lex = tmp_path / "missing.yaml"
    assert main(["counts", str(src), "--out", str(out), "--lexicon", str(lex)]) == 2


def test_count_documents_equals_counter_of_tokenize_with_tricky_phrases():
    """count_documents joins each distinct phrase once after one scan (not every text first): the
    counts must equal a Counter of tokenize() per document, including phrases that merge with a
    token already written with underscores and phrases that split into several tokens."""
    import random
    from collections import Counter

    from framing.counts import count_documents
    from framing.tokenize import tokenize

    mwes = ["war in ukraine", "coup (of 2014)", "kiev regime", "kiev regime forces", "anglo-saxons", "(dpr) forces"]
    rng = random.Random(5)
    pieces = ["war", "in", "ukraine", "coup", "(of", "2014)", "kiev", "regime", "forces", "kiev_regime",
              "Anglo-Saxons", "anglo_saxons", "(dpr)", "x", "-", "'"]
    for trial in range(200):
        texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(rng.randint(1, 6))]
        texts.append(None)
        for mw in (mwes, mwes[2:4], None):
            cm = count_documents(texts, [str(i) for i in range(len(texts))], mw)
            rows = [Counter(tokenize(t, mw)) for t in texts]
            vocab = sorted(set().union(*rows))
            assert cm.vocabulary == vocab
            assert cm.matrix.toarray().tolist() == [[r.get(v, 0) for v in vocab] for r in rows]
            assert cm.doc_tokens.tolist() == [sum(r.values()) for r in rows]


def test_outlet_totals_are_sorted_by_group_then_term_without_sorting_strings():
    """outlet_totals relies on the sorted groups and vocabulary for its row order: check it against
    an explicit sort, with non-ASCII and mixed-case groups and terms and a missing group."""
    corpus = pd.DataFrame({"doc_id": list("abcdef"),
                           "outlet": ["Ωmega", "alpha", "Zeta", None, "éclair", "alpha"],
                           "text": ["Київ kyiv Éire", "zebra Apple apple", "ß strasse", "ignored", "Ω α", "b a"]})
    totals = count_matrix(corpus).outlet_totals()
    expected = totals.sort_values(["outlet", "term"], kind="mergesort").reset_index(drop=True)
    pd.testing.assert_frame_equal(totals, expected)
    assert list(dict.fromkeys(totals["outlet"])) == ["Zeta", "alpha", "éclair", "Ωmega"]
