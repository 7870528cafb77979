"""The canonical corpus reads the same from Parquet, CSV and JSONL, and rejects what it cannot use."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.corpus import filter_corpus, read_corpus, write_corpus
from framing.errors import CorpusError, ParameterError


@pytest.fixture
def corpus():
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["RT", "BBC", "RT"],
            "date": pd.to_datetime(["2022-07-01", "2022-08-15", None]),
            "title": ["t1", "t2", "t3"],
            "url": ["", "http://x", ""],
            "text": ["Kiev said", "Kyiv said, “so-called”", "ü ß ё"],
        }
    )


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_round_trip_every_format(tmp_path, corpus, suffix):
    path = write_corpus(corpus, tmp_path / f"c{suffix}")
    back = read_corpus(path)
    assert back["doc_id"].tolist() == ["a", "b", "c"]
    assert back["text"].tolist() == corpus["text"].tolist()
    assert back["date"].iloc[0] == pd.Timestamp("2022-07-01")
    assert pd.isna(back["date"].iloc[2])
    assert list(back.columns[:6]) == ["doc_id", "outlet", "date", "title", "url", "text"]


def test_missing_column_names_file_and_fix(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,text\n1,hello\n")
    with pytest.raises(CorpusError, match=r"c\.csv: missing column\(s\) outlet"):
        read_corpus(path)


def test_invalid_date_names_document(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,date,text\n1,RT,2022-01-01,x\n2,RT,yesterday,y\n")
    with pytest.raises(CorpusError, match=r"date of doc_id '2'.*'yesterday'"):
        read_corpus(path)


def test_duplicate_doc_id(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,outlet,text\n1,RT,x\n1,BBC,y\n")
    with pytest.raises(CorpusError, match="duplicate doc_id '1'"):
        read_corpus(path)


def test_unknown_format(tmp_path):
    with pytest.raises(CorpusError, match=r"\.txt"):
        read_corpus(tmp_path / "c.txt")


def test_filter_by_outlet_and_window(corpus):
    assert filter_corpus(corpus, ["RT"])["doc_id"].tolist() == ["a", "c"]
    assert filter_corpus(corpus, None, "2022-08-01")["doc_id"].tolist() == ["b"]
    with pytest.raises(ParameterError, match="'CNN' not in the corpus"):
        filter_corpus(corpus, ["CNN"])


def test_notebook_inputs_leave_copies_out_unless_asked(tmp_path, monkeypatch):
    from pathlib import Path

    from framing import notebook as nb

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    lexicon = Path(__file__).resolve().parents[1] / "data" / "lexicons" / "russia_ukraine.yaml"
    originals, _ = nb.load_inputs(seeds, lexicon, count_copies=False)
    everything, _ = nb.load_inputs(seeds, lexicon, count_copies=True)
    assert len(everything) == 5 and len(originals) == 4
    assert originals.attrs["copies_dropped"] == 1
    assert "NewsPunch" not in set(originals["outlet"])
    # The second load came from the cache: one Parquet file, the same corpus as a fresh ingest.
    cached = list((tmp_path / "cache").glob("*.parquet"))
    assert len(cached) == 1
    fresh = nb.load_corpus(seeds, cache=False)
    pd.testing.assert_frame_equal(nb.load_corpus(seeds), fresh, check_dtype=False)
