"""Cyrillic tokens: lower-casing, Ukrainian apostrophes, ё/е folding as an option, Russian and
Ukrainian stopwords from a package, in counts and keyness."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.cli import main
from framing.counts import count_matrix, stopword_list
from framing.errors import ParameterError
from framing.keyness import keyness_corpus
from framing.tokenize import tokenize

CORPUS = pd.DataFrame({
    "doc_id": ["1", "2", "3"], "outlet": ["TASS", "TASS", "Meduza"],
    "text": ["Ещё раз о СВО: это СВО.", "Еще СВО и ещё Киев.", "Это война, и ещё война в Украине."],
})


def test_cyrillic_is_lowercased_and_apostrophes_keep_a_word_whole():
    assert tokenize("СВО Об’єднання об'єднання Обʼєднання") == ["сво", "об'єднання", "об'єднання", "об'єднання"]


def test_yo_folding_is_an_option():
    plain = count_matrix(CORPUS, mwes=[])
    folded = count_matrix(CORPUS, mwes=[], fold_yo=True)
    assert {"ещё", "еще"} <= set(plain.vocabulary)
    assert "ещё" not in folded.vocabulary
    j = folded.vocabulary.index("еще")
    assert int(folded.matrix[:, j].sum()) == 4


def test_russian_and_ukrainian_stopwords_from_the_package():
    ru, uk = stopword_list("russian"), stopword_list("ukrainian")
    assert {"это", "и", "в", "еще", "ещё"} <= ru and {"що", "і", "це"} <= uk
    assert "война" not in ru and "сво" not in ru
    assert stopword_list("english,russian") >= ru | stopword_list("english")
    with pytest.raises(ParameterError, match="'klingon' is not a known list"):
        stopword_list("klingon")


def test_keyness_on_cyrillic_leaves_stopwords_out():
    res = keyness_corpus(CORPUS, method="g2", stopwords="russian", fold_yo=True)
    terms = set(res["term"])
    assert "сво" in terms and "война" in terms
    assert not terms & {"это", "и", "в", "еще", "ещё"}
    top = res[res["group"] == "TASS"].sort_values("score", ascending=False)["term"].iloc[0]
    assert top == "сво"


def test_keyness_cli_flags(tmp_path):
    src = tmp_path / "c.csv"
    CORPUS.assign(date="2023-01-01").to_csv(src, index=False)
    out = tmp_path / "k.csv"
    assert main(["keyness", str(src), "--out", str(out), "--stopwords", "russian", "--fold-yo", "--no-mwes", "--by", "outlet"]) == 0
    assert "еще" not in set(pd.read_csv(out)["term"])
