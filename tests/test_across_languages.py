"""The cross-language view: a concept's English, Russian and Ukrainian names side by side, as a
table, a figure, and a section of notebook 01 run on a corpus in three languages."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT
from framing.errors import ParameterError
from framing.lexicon import load_lexicon
from framing.match import match_corpus
from framing.plots import variants_across_languages, variants_across_languages_table

TEXTS = [
    ("e1", "BBC", "Talks in Kyiv went on as the full-scale invasion entered its second year."),
    ("e2", "RT", "Talks in Kiev went on as the special military operation entered its second year."),
    ("r1", "TASS", "Переговоры в Киеве продолжились, СВО вступила во второй год."),
    ("r2", "Meduza", "Переговоры в Киеве продолжились, война в Украине вступила во второй год."),
    ("u1", "TSN", "Переговори в Києві тривали, повномасштабне вторгнення триває другий рік."),
    ("u2", "TSN", "У Києві знову тривога: окупанти обстріляли місто."),
]


@pytest.fixture(scope="module")
def mentions():
    corpus = pd.DataFrame({"doc_id": [t[0] for t in TEXTS], "outlet": [t[1] for t in TEXTS],
                           "date": pd.Timestamp("2023-03-01"), "text": [t[2] for t in TEXTS]})
    return match_corpus(corpus, load_lexicon())


def test_table_puts_each_languages_names_side_by_side(mentions):
    t = variants_across_languages_table(mentions, concepts=["place_kyiv", "war_naming"])
    kyiv = t[t["concept"] == "place_kyiv"].set_index(["language", "outlet"])["variant"].to_dict()
    assert kyiv == {("en", "BBC"): "kyiv", ("en", "RT"): "kiev", ("ru", "Meduza"): "kiev_ru",
                    ("ru", "TASS"): "kiev_ru", ("uk", "TSN"): "kyiv_uk"}
    war = t[t["concept"] == "war_naming"].set_index(["language", "outlet"])["variant"].to_dict()
    assert war[("ru", "TASS")] == "smo_acronym_ru" and war[("uk", "TSN")] == "invasion_uk"
    assert (t.groupby(["concept", "language", "outlet"])["share"].sum().round(12) == 1).all()


def test_figure_has_a_panel_per_concept(mentions):
    fig = variants_across_languages(mentions, load_lexicon(), concepts=["place_kyiv", "war_naming"])
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["place_kyiv", "war_naming"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["en · BBC", "en · RT", "ru · Meduza", "ru · TASS", "uk · TSN"]


def test_nothing_to_draw_is_a_clear_error(mentions):
    with pytest.raises(ParameterError, match="no mentions to draw"):
        variants_across_languages(mentions, concepts=["no_such_concept"])


def test_notebook_01_draws_the_languages(tmp_path):
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame({"doc_id": [t[0] for t in TEXTS], "outlet": [t[1] for t in TEXTS], "date": "2023-03-01",
                  "text": [t[2] for t in TEXTS]}).to_csv(corpus, index=False)
    done = subprocess.run([sys.executable, "-m", "framing", "report", "--corpus", str(corpus), "--only", "01",
                           "--reports-dir", str(tmp_path / "reports"), "--run-id", "langs", "-q"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    run = next((tmp_path / "reports").glob("*/langs"))
    table = pd.read_csv(run / "tables" / "01_across_languages.csv")
    assert set(table["language"]) == {"en", "ru", "uk"}
    assert (run / "figures" / "01_across_languages.png").stat().st_size > 10_000
