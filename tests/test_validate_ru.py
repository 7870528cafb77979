"""`framing validate sample` on a Russian corpus: mentions and probes, the probes found by the cue
words of the concept in the documents' language."""

from __future__ import annotations

import pandas as pd

from framing.lexicon import load_lexicon
from framing.match import match_corpus
from framing.validate.sample import draw_sample

TEXTS = [
    "Война продолжается третий год.", "Боевые действия идут под Донецком.", "Конфликт обострился.",
    "СВО идёт по плану, заявили в Минобороны.", "На Украине объявили тревогу.", "В Киеве прошла встреча.",
    "Наступление ВСУ захлебнулось.", "Погода в Москве будет тёплой.",
]


def test_probes_use_the_russian_cue_words(tmp_path):
    lex = load_lexicon()
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(TEXTS))], "outlet": "TASS",
                           "date": pd.Timestamp("2023-03-01"), "text": TEXTS, "language": "ru"})
    mentions = match_corpus(corpus, lex)
    s = draw_sample(corpus, mentions, lex, n=3, n_probes=6, seed=1, random_share=0.0)
    strata = {d["stratum"]: d for d in s.design["strata"]}
    # "Война", "Боевые действия", "Конфликт", "Наступление": Russian cues of the war's naming without a mention
    assert strata["probe:war_naming:cue"]["size"] >= 3
    probes = s.key[s.key["stratum"] == "probe:war_naming:cue"]
    assert len(probes) > 0 and set(probes["doc_id"]) <= {"d0", "d1", "d2", "d6"}
    # the same corpus read as English has no war_naming cue sentence ("war" is not in it)
    s_en = draw_sample(corpus.assign(language="en"), mentions.iloc[0:0], lex, n=0, n_probes=6, seed=1, random_share=0.0)
    assert "probe:war_naming:cue" not in {d["stratum"] for d in s_en.design["strata"]}


def test_validate_sample_cli_on_a_russian_corpus(tmp_path):
    from framing.cli import main

    src = tmp_path / "c.csv"
    pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(TEXTS))], "outlet": "TASS", "date": "2023-03-01",
                  "text": TEXTS, "language": "ru"}).to_csv(src, index=False)
    out = tmp_path / "sheet.csv"
    assert main(["validate", "sample", str(src), "--out", str(out), "--n", "3", "--probes", "4"]) == 0
    key = pd.read_csv(tmp_path / "sheet.key.csv")
    assert (key["kind"] == "mention").sum() == 3 and (key["kind"] == "probe").sum() == 4
    assert key.loc[key["kind"] == "mention", "variant"].str.endswith("_ru").all()
