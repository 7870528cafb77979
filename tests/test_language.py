"""Language per document: script, then Russian vs Ukrainian, then the bundled detector."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import CorpusError, ParameterError
from framing.language import (
    SAMPLE_CHARS,
    UNDETERMINED,
    detect_language,
    language_column,
    language_evidence,
    normalize_code,
)

RU = [
    "Путин подписал указ о мобилизации",  # no ы э ъ ё: decided by words, endings and the detector
    "Российские войска продолжают специальную военную операцию на Украине.",
    "Кто стоит за атакой на нефтебазу в Брянской области",
    "Минобороны сообщило об освобождении населённого пункта в ДНР",
    "Власти Москвы объявили о закрытии метро из-за ремонта",
]
UK = [
    "У Хмельницькому ввели комендантську годину",  # no і ї є ґ: the soft sign in -цьк-/-ськ- decides
    "Окупанти обстріляли Харків: є загиблі та поранені",
    "Зеленський звернувся до українців з новим відеозверненням",
    "Медики швидких отримають бронежилети для захисту",
    "Сили оборони звільнили ще два села на Херсонщині",
]
EN = [
    "Russia's full-scale invasion of Ukraine began in February 2022.",
    "The Kremlin said the special military operation would continue.",
]


@pytest.mark.parametrize("text", RU)
def test_russian_sentences(text):
    lang, conf = detect_language(text)
    assert lang == "ru", (text, lang, language_evidence(text))
    assert 0.5 < conf <= 1.0


@pytest.mark.parametrize("text", UK)
def test_ukrainian_sentences(text):
    lang, conf = detect_language(text)
    assert lang == "uk", (text, lang, language_evidence(text))
    assert 0.5 < conf <= 1.0


@pytest.mark.parametrize("text", EN)
def test_english_sentences(text):
    assert detect_language(text)[0] == "en"


def test_marked_letters_are_the_strongest_evidence():
    e_uk = language_evidence("Київ і Харків, об'єкт, Ґудзик")
    e_ru = language_evidence("Съезд объявил: это был поэт, ещё вчера")
    assert e_uk["uk_letters"] >= 4 and e_uk["ru_letters"] == 0 and e_uk["llr"] > 0
    assert e_ru["ru_letters"] >= 4 and e_ru["uk_letters"] == 0 and e_ru["llr"] < 0


def test_ukrainian_apostrophe_variants_count_as_ukrainian():
    for apostrophe in ("'", "\u2019", "\u02bc"):
        text = f"Об{apostrophe}єкт м{apostrophe}ясо п{apostrophe}ять сім{apostrophe}я"
        assert language_evidence(text)["llr"] > 0, apostrophe


def test_latin_i_typed_in_ukrainian_words_counts_as_i():
    # a Latin "i" (U+0069) inside Cyrillic words is a common typing habit for Ukrainian "і"
    assert language_evidence("мiсто мiста")["uk_letters"] == 2


@pytest.mark.parametrize("text, lang", [
    ("Беларусь і Украіна ўжо шмат гадоў жывуць побач, а мова ў іх розная.", "be"),
    ("България е държава в Югоизточна Европа, която се намира на Балканския полуостров.", "bg"),
    ("Србија је држава у југоисточној Европи, на Балканском полуострву, са главним градом.", "sr"),
    ("Die Bundesregierung hat am Montag neue Sanktionen gegen Russland beschlossen.", "de"),
])
def test_other_languages_get_the_detectors_code(text, lang):
    assert detect_language(text)[0] == lang


@pytest.mark.parametrize("text", ["", "   ", "СВО", "Київ", "ok ok", "12345 678 !!!", "https://t.me/x @handle", None, 42])
def test_short_or_empty_text_is_undetermined_with_zero_confidence(text):
    assert detect_language(text) == (UNDETERMINED, 0.0)


def test_urls_handles_and_html_tags_do_not_make_a_ukrainian_post_latin():
    text = ('<i class="emoji" style="background-image:url(\'//telegram.org/img/emoji/40/E29D97.png\')"><b>❗️</b></i>'
            "<b>УВАГА! Київ в умовах воєнного стану</b> https://t.me/tsn_ua/123 @tsn_ua")
    assert detect_language(text)[0] == "uk"


def test_english_article_quoting_a_russian_tweet_stays_english():
    text = ("The blame game has begun, he tweeted in Russian: «кто виноват». " * 3
            + "Officials in Washington and Brussels said the sanctions would be widened next week. " * 4)
    assert detect_language(text)[0] == "en"


def test_russian_post_with_english_code_titles_stays_russian():
    text = ("Подборка докладов для Go-разработчика с конференции, которая прошла в августе этого года:\n"
            "Memory Management in Go: The good, the bad and the ugly\nBuilding a Go linter from scratch")
    assert detect_language(text)[0] == "ru"


def test_reads_only_a_bounded_sample_of_a_huge_text():
    head = "Российские войска продолжают наступление. " * 300
    huge = head[:SAMPLE_CHARS] + ("Київ і Харків під обстрілом. " * 200_000)  # ~6 MB of Ukrainian after the sample
    assert detect_language(huge) == detect_language(head[:SAMPLE_CHARS])


def test_deterministic():
    texts = RU + UK + EN
    assert [detect_language(t) for t in texts] == [detect_language(t) for t in texts]


# ------------------------------------------------------------------------------------------------
# language_column
# ------------------------------------------------------------------------------------------------


def _corpus(languages=None):
    df = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                       "text": [UK[1], RU[1], EN[0], RU[3]]}, index=[10, 11, 12, 13])
    if languages is not None:
        df["language"] = languages
    return df


def test_language_column_prefers_valid_source_values_and_detects_the_rest():
    df = _corpus(["uk", "", "und", "Russian"])
    s = language_column(df)
    assert s.tolist() == ["uk", "ru", "en", "ru"]
    assert s.index.tolist() == [10, 11, 12, 13]
    assert s.attrs["language_counts"] == {"override": 0, "source": 2, "detected": 2, "invalid_source": 0}


def test_language_column_source_wins_over_the_text():
    # the source says Ukrainian for a Russian text: the source is kept (it may know better, e.g. a
    # Ukrainian outlet's Russian-language post), nothing is detected
    s = language_column(_corpus(["uk", "uk", "uk", "uk"]))
    assert s.tolist() == ["uk"] * 4
    assert s.attrs["language_counts"]["detected"] == 0


def test_language_column_counts_invalid_source_values_and_detects_them():
    s = language_column(_corpus(["xx-1", "Klingon", None, "ru_RU"]))
    assert s.tolist() == ["uk", "ru", "en", "ru"]
    assert s.attrs["language_counts"] == {"override": 0, "source": 1, "detected": 3, "invalid_source": 2}


def test_language_column_without_a_source_column_detects_everything():
    s = language_column(_corpus())
    assert s.tolist() == ["uk", "ru", "en", "ru"]
    assert s.attrs["language_counts"]["detected"] == 4


def test_language_column_other_source_column_name():
    df = _corpus().assign(lang=["uk", "ru", "en", "ru"])
    assert language_column(df, source_col="lang").attrs["language_counts"]["source"] == 4


def test_language_column_override_forces_one_code():
    s = language_column(_corpus(["uk", "ru", "en", "ru"]), override="RU")
    assert s.tolist() == ["ru"] * 4
    assert s.attrs["language_counts"]["override"] == 4


def test_language_column_bad_override_is_a_parameter_error():
    with pytest.raises(ParameterError, match="'russian-ish' is not an ISO 639-1"):
        language_column(_corpus(), override="russian-ish")


def test_language_column_needs_text_only_when_detecting():
    df = pd.DataFrame({"doc_id": ["a", "b"], "language": ["ru", ""]})
    with pytest.raises(CorpusError, match="1 documents have no valid 'language' value and there is no 'text'"):
        language_column(df)
    assert language_column(df.assign(language=["ru", "uk"])).tolist() == ["ru", "uk"]


def test_language_column_of_an_empty_corpus():
    s = language_column(pd.DataFrame({"doc_id": [], "text": []}))
    assert len(s) == 0


@pytest.mark.parametrize("value, code", [
    ("ru", "ru"), (" UK ", "uk"), ("uk-UA", "uk"), ("ua", "uk"), ("ukr", "uk"), ("eng", "en"),
    ("English", "en"), ("de", "de"), ("xx", None), ("und", None), ("", None), (None, None),
    (float("nan"), None), ("rus_RU", "ru"),
])
def test_normalize_code(value, code):
    assert normalize_code(value) == code
