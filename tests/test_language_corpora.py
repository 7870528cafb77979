"""Language detection against the shared corpora's own labels (Russian, Ukrainian, English).

Runs only when ``../shared/corpora`` (or ``$FRAMING_CORPORA``) is present; the corpora's text is
the publishers' copyright and is never copied into the project. The Russian and Ukrainian corpora
carry a ``language`` column; the English ones are English. Each corpus is read once and a fixed
random sample of its documents of five or more words is detected (the whole corpora take ~25 s;
the samples ~4 s; measured on everything: ru_media_headlines 0.99996, ru_telegram_2023_2024
0.9995, uk_telegram_2022 1.0, ukraine_media_2022 1.0).
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from framing import validity as v
from framing.language import detect_language, language_column

CORPORA = v.find_corpora()
pytestmark = [
    pytest.mark.corpora,
    pytest.mark.skipif(CORPORA is None, reason="../shared/corpora not found: the language checks on real "
                       "corpora need the shared corpora beside the project (or FRAMING_CORPORA)"),
]

SAMPLE = {"ru_media_headlines": 6000, "ru_telegram_2023_2024": 4000, "uk_telegram_2022": 5000,
          "ukraine_media_2022": 500, "bbc_telegraph_crimea2014": 150}
MIN_ACCURACY = 0.99


def _columns(name: str) -> list[str]:
    return ["text", "language"] if name.startswith(("ru_", "uk_")) else ["text"]


@functools.lru_cache(maxsize=None)
def _sample(name: str) -> pd.DataFrame:
    df = pd.read_csv(CORPORA / name / "corpus.csv", dtype=str, keep_default_na=False, usecols=_columns(name))
    df = df[df["text"].str.split().str.len() >= 5]
    return df.sample(min(SAMPLE[name], len(df)), random_state=20220224)


@pytest.mark.parametrize("name, gold", [
    ("ru_media_headlines", "ru"), ("ru_telegram_2023_2024", "ru"), ("uk_telegram_2022", "uk"),
    ("ukraine_media_2022", "en"), ("bbc_telegraph_crimea2014", "en"),
])
def test_detection_agrees_with_the_corpus_language(name, gold):
    df = _sample(name)
    if "language" in df.columns:
        assert set(df["language"]) == {gold}
    detected = pd.Series([detect_language(t)[0] for t in df["text"]], index=df.index)
    accuracy = float((detected == gold).mean())
    wrong = detected[detected != gold].value_counts().to_dict()
    assert accuracy >= MIN_ACCURACY, f"{name}: accuracy {accuracy:.4f}, wrong: {wrong}"


def test_ukrainian_headlines_without_the_read_more_stub():
    # TSN posts end in "Читати далі" ("read more"), whose "і" makes them easy; without it most are
    # short headlines, often with none of і ї є ґ: the harder test of the Russian/Ukrainian step
    df = _sample("uk_telegram_2022")
    texts = df["text"].str.replace(r"\s*Читати далі\s*$", "", regex=True)
    texts = texts[texts.str.split().str.len() >= 5]
    detected = pd.Series([detect_language(t)[0] for t in texts])
    assert float((detected == "uk").mean()) >= MIN_ACCURACY
    assert int((detected == "ru").sum()) <= 0.002 * len(detected)


def test_language_column_keeps_the_source_column():
    df = _sample("uk_telegram_2022").head(200)
    s = language_column(df)
    assert (s == "uk").all()
    assert s.attrs["language_counts"] == {"override": 0, "source": 200, "detected": 0, "invalid_source": 0}
