"""Ingest gives every document a language: the override, the source's code, or detected; the
summary counts them; a bad override is a one-line error before anything is read."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.cli import main
from framing.ingest import ingest_sources
from framing.ingest.overview import outlet_overview

ROWS = [
    {"doc_id": "a", "outlet": "TASS", "date": "2022-03-01", "text": "Российские войска продолжают специальную военную операцию на Украине.", "language": "ru"},
    {"doc_id": "b", "outlet": "TSN", "date": "2022-03-01", "text": "Окупанти обстріляли Харків, повідомили в обласній адміністрації.", "language": ""},
    {"doc_id": "c", "outlet": "BBC", "date": "2022-03-01", "text": "Russian forces shelled Kharkiv overnight, officials in the region said.", "language": "English"},
    {"doc_id": "d", "outlet": "TSN", "date": "2022-03-02", "text": "Війська рф відступають з півночі країни, заявили у Генштабі ЗСУ.", "language": "klingon"},
]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "src.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    return path


def test_language_from_the_source_else_detected(source):
    corpus, summary = ingest_sources([source], dedup=False)
    assert dict(zip(corpus["doc_id"], corpus["language"])) == {"a": "ru", "b": "uk", "c": "en", "d": "uk"}
    assert summary["languages"] == {"en": 1, "ru": 1, "uk": 2}
    assert summary["language_origin"] == {"override": 0, "source": 2, "detected": 2, "invalid_source": 1}
    assert outlet_overview(corpus).set_index("outlet").loc["TSN", "languages"] == "uk 2"


def test_language_override_and_summary_line(source, tmp_path, capsys):
    out = tmp_path / "corpus.parquet"
    assert main(["ingest", str(source), "--out", str(out), "--language", "ru", "--no-dedup"]) == 0
    printed = capsys.readouterr().out
    assert "languages           ru 4  (override 4)" in printed
    assert set(pd.read_parquet(out)["language"]) == {"ru"}
    summary = json.loads((tmp_path / "corpus.parquet.summary.json").read_text(encoding="utf-8"))
    assert summary["options"]["language"] == "ru"


def test_streamed_ingest_detects_from_the_final_texts(source, tmp_path):
    out = tmp_path / "corpus.parquet"
    assert main(["ingest", str(source), "--out", str(out), "--stream", "--quiet"]) == 0
    got = pd.read_parquet(out).set_index("doc_id")["language"].to_dict()
    assert got == {"a": "ru", "b": "uk", "c": "en", "d": "uk"}


def test_bad_language_override_is_a_one_line_error_and_writes_nothing(source, tmp_path, capsys):
    out = tmp_path / "corpus.parquet"
    assert main(["ingest", str(source), "--out", str(out), "--language", "Klingon"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("framing ingest: error: --language 'Klingon': not an ISO 639-1 language code; "
                           "use e.g. en, ru or uk")
    assert not out.exists()


def test_match_uses_the_corpus_language_and_the_override(tmp_path):
    from framing.match import match_corpus

    corpus = pd.DataFrame({"doc_id": ["x", "y"], "outlet": ["A", "A"], "date": pd.to_datetime(["2022-06-01"] * 2),
                           "text": ["Переговоры в Киеве.", "Переговоры в Киеве."], "language": ["ru", "uk"]})
    m = match_corpus(corpus)
    assert m[["doc_id", "variant", "stance", "language"]].values.tolist() == [
        ["x", "kiev_ru", "neutral", "ru"], ["y", "kiev_in_uk", "kremlin", "uk"]]
    m = match_corpus(corpus, language="en")
    assert m.empty
    with pytest.raises(Exception, match="--language 'xx'"):
        match_corpus(corpus, language="xx")
