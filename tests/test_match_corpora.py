"""Matching on real corpora (../shared/corpora, never copied into the repository): the lexicon
separates known groups, and the date rule keeps 2013-15 "Kiev" neutral."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framing.corpus import read_corpus, validate_corpus
from framing.lexicon import load_lexicon
from framing.match import match_corpus

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
pytestmark = [
    pytest.mark.corpora,
    pytest.mark.skipif(not CORPORA.is_dir(), reason="needs ../shared/corpora beside the project"),
]


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def authorial_stance_counts(mentions: pd.DataFrame, keys: pd.Series) -> pd.DataFrame:
    a = mentions[mentions["voice"] == "authorial"]
    return pd.crosstab(a["doc_id"].map(keys), a["stance"])


def test_semeval_pro_kremlin_narratives_use_more_kremlin_terms(lex):
    """Documents that experts labelled as carrying a pro-Kremlin narrative have a higher share of
    Kremlin-aligned authorial mentions than the others."""
    df = pd.read_csv(CORPORA / "semeval2025_t10_urw" / "corpus.csv", dtype={"doc_id": str}, keep_default_na=False)
    corpus = validate_corpus(df, source="semeval")
    m = match_corpus(corpus, lex)
    label = corpus.set_index("doc_id")["pro_kremlin_narrative"].astype(str)
    tab = authorial_stance_counts(m, label)
    share = tab["kremlin"] / (tab["kremlin"] + tab["ukraine_west"])
    assert share.loc["1"] > 2 * share.loc["0"]


def test_rt_narrates_with_kremlin_terms_more_than_western_outlets(lex):
    corpus = read_corpus(CORPORA / "ukraine_media_2022" / "corpus.csv")
    window = corpus[(corpus["date"] >= "2022-06-16") & (corpus["date"] <= "2022-10-31")]
    rt = window[window["outlet"] == "RT"].head(300)
    west = window[window["outlet"] != "RT"].head(300)
    m = match_corpus(pd.concat([rt, west]), lex)
    group = pd.concat([pd.Series("west", index=west["doc_id"].tolist()), pd.Series("rt", index=rt["doc_id"].tolist())])
    tab = authorial_stance_counts(m, group)
    share = tab["kremlin"] / (tab["kremlin"] + tab["ukraine_west"])
    assert share.loc["rt"] > 0.6 and share.loc["west"] < 0.3


def test_kiev_before_the_2019_switch_is_neutral(lex):
    corpus = read_corpus(CORPORA / "bbc_telegraph_crimea2014" / "corpus.csv")
    m = match_corpus(corpus, lex)
    kiev = m[m["variant"] == "kiev"]
    assert kiev["doc_id"].nunique() >= 100
    assert set(kiev["stance"]) == {"neutral"}
    assert set(kiev["stance_basis"]) <= {"period", "undated:neutral"}
