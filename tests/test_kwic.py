"""Concordance lines: offsets, contexts, voice, HTML escaping, CLI."""

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.kwic import KWIC_COLUMNS, concordance, kwic, kwic_html, term_pattern, write_kwic

TEXT = ('In Kyiv, officials said "the Kiev regime has no claim" and it was false. Russia\u2019s full\u2011scale invasion '
        'continued, and the so-called Kiev regime was named again by Moscow.')


@pytest.fixture
def corpus():
    return pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"],
                         "date": pd.to_datetime(["2022-03-01", None]),
                         "text": [TEXT, "<script>alert('x')</script> Kiev & Kyivstar"]})


def test_term_pattern_whole_words_any_separator():
    p = term_pattern("full-scale invasion")
    assert p.search("a full scale invasion") and p.search("FULL\u2013SCALE invasion")
    assert not p.search("full-scale invasions")
    assert term_pattern("Russia's").search("Russia\u2019s")
    with pytest.raises(ParameterError):
        term_pattern("   ")


def test_kwic_free_search_contexts_and_voice(corpus):
    lines = kwic(corpus, "kiev regime", window=3)
    assert list(lines.columns) == KWIC_COLUMNS
    assert len(lines) == 2
    for r in lines.itertuples():
        assert TEXT[r.start:r.end] == r.match
    first, second = lines.iloc[0], lines.iloc[1]
    assert (first["left"], first["right"]) == ('officials said "the', "has no claim\"")
    assert first["voice"] == "quoted" and second["voice"] == "distanced"
    assert second["left"] == "and the so-called" and second["right"] == "was named again"
    assert kwic(corpus, "kyiv", window=2)["doc_id"].tolist() == ["d1"]  # not "Kyivstar"
    assert len(kwic(corpus, "kyiv", limit=1)) == 1


def test_voice_from_mentions_wins(corpus):
    start = TEXT.index("so-called Kiev") + len("so-called ")
    m = pd.DataFrame({"doc_id": ["d1"], "start": [start], "end": [start + 11], "voice": ["authorial"]})
    lines = kwic(corpus, "kiev regime", mentions=m)
    assert lines["voice"].tolist() == ["quoted", "authorial"]


def test_concordance_from_mentions(corpus):
    start = TEXT.index("full\u2011scale")
    m = pd.DataFrame({"doc_id": ["d1"], "outlet": ["A"], "start": [start], "end": [start + len("full\u2011scale invasion")],
                      "voice": ["authorial"], "concept": ["war"], "variant": ["full_scale_invasion"],
                      "stance": ["ukraine_west"]})
    lines = concordance(m, corpus, window=2)
    row = lines.iloc[0]
    assert row["match"] == "full\u2011scale invasion"
    assert (row["left"], row["right"]) == ("false. Russia\u2019s", "continued, and")
    assert (row["concept"], row["variant"], row["voice"]) == ("war", "full_scale_invasion", "authorial")
    bad = m.assign(end=10_000)
    with pytest.raises(ParameterError, match="outside"):
        concordance(bad, corpus)
    with pytest.raises(ParameterError, match="not in the corpus"):
        concordance(m.assign(doc_id="zz"), corpus)


def test_html_escapes_article_text(corpus, tmp_path):
    lines = kwic(corpus, "kiev", window=5)
    page = kwic_html(lines, title="<b>kiev</b>")
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&amp; Kyivstar" in page and "<b>kiev</b>" not in page
    out = write_kwic(lines, tmp_path / "k.html", title="kiev")
    assert out.read_text(encoding="utf-8") == kwic_html(lines, title="kiev")
    csv = write_kwic(lines, tmp_path / "k.csv")
    back = pd.read_csv(csv, keep_default_na=False)
    assert back["match"].tolist() == lines["match"].tolist()
    with pytest.raises(ParameterError):
        write_kwic(lines, tmp_path / "k.txt")


def test_cli_kwic(corpus, tmp_path, capsys):
    from framing.cli import main
    from framing.corpus import write_corpus

    src = write_corpus(corpus.assign(title="", url=""), tmp_path / "c.parquet")
    assert main(["kwic", str(src), "Kiev regime", "--window", "2"]) == 0
    out = capsys.readouterr().out
    assert "[Kiev regime]" in out and "quoted" in out and "distanced" in out
    html_out = tmp_path / "k.html"
    assert main(["kwic", str(src), "kiev", "--out", str(html_out)]) == 0
    assert "&lt;script&gt;" in html_out.read_text(encoding="utf-8")
    assert main(["kwic", str(src), "kiev", "--outlet", "Z"]) == 2
