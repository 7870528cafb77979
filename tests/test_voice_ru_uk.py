"""Voice, modality and sentences in Russian and Ukrainian text, through the matcher (sentences
written for the tests)."""

from __future__ import annotations

import pytest

from framing.lexicon import load_lexicon
from framing.match import match_text
from framing.modality import classify_modality
from framing.voice import VoiceClassifier, sentence_spans


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def one(lex, text, matched, language):
    hits = [h for h in match_text(text, lex, "2023-03-01", language=language) if h["matched"] == matched]
    assert len(hits) == 1, (text, [h["matched"] for h in match_text(text, lex, "2023-03-01", language=language)])
    return hits[0]


@pytest.mark.parametrize("text, matched, language, voice", [
    ("Песков сказал: «Киевский режим обстреливает Донецк каждый день».", "Киевский режим", "ru", "quoted"),
    ("Він написав: „Окупанти відступають з усіх напрямків фронту“.", "Окупанти", "uk", "quoted"),
    ("Жители «ДНР» получили паспорта.", "ДНР", "ru", "distanced"),
    ("Так называемая СВО идёт на Украине.", "СВО", "ru", "distanced"),
    ("Так называемая СВО идёт на Украине.", "на Украине", "ru", "authorial"),
    ("В т.н. СВО участвуют контрактники.", "СВО", "ru", "distanced"),
    ("Росія продовжує так звану СВО.", "СВО", "uk", "distanced"),
    ("Москва якобы освобождает Донбасс от нацистов, а на деле это вторжение России.", "вторжение", "ru", "authorial"),
    ("В Кремле говорят о якобы киевском режиме.", "киевском режиме", "ru", "distanced"),
    ("Росіяни воюють проти нібито київського режиму.", "київського режиму", "uk", "distanced"),
    ("Киевский режим обстрелял Донецк.", "Киевский режим", "ru", "authorial"),
])
def test_voice(lex, text, matched, language, voice):
    assert one(lex, text, matched, language)["voice"] == voice


@pytest.mark.parametrize("text, matched, language, attributed", [
    ("Песков заявил, что СВО продолжится.", "СВО", "ru", True),
    ("За словами Зеленського, окупанти відступають.", "окупанти", "uk", True),
    ("Лавров: СВО будет доведена до конца.", "СВО", "ru", True),
    ("СВО продолжается.", "СВО", "ru", False),
])
def test_attribution(lex, text, matched, language, attributed):
    assert one(lex, text, matched, language)["attributed"] is attributed


@pytest.mark.parametrize("text, matched, language, modality, cue", [
    ("Никакого госпереворота в 2014 году на Украине не было.", "госпереворота", "ru", "negated", "Никакого"),
    ("Это не война с Украиной, а специальная военная операция.", "война", "ru", "negated", "не"),
    ("Кремль отрицает планы вторжения на Украину.", "вторжения", "ru", "negated", "отрицает"),
    ("Це не окупанти, це місцеві жителі.", "окупанти", "uk", "negated", "не"),
    ("Ні окупанти, ні колаборанти не пройдуть.", "окупанти", "uk", "negated", "Ні"),
    ("Если Россия начнёт вторжение, Запад ответит санкциями.", "вторжение", "ru", "hypothetical", "Если"),
    ("Якщо почнеться вторгнення, ЄС запровадить санкції.", "вторгнення", "uk", "hypothetical", "Якщо"),
    ("У разі вторгнення Захід відповість.", "вторгнення", "uk", "hypothetical", "У разі"),
    ("Растёт угроза вторжения России.", "вторжения", "ru", "hypothetical", "угроза"),
    ("Российские войска продолжают вторжение в Украину.", "вторжение", "ru", "asserted", ""),
])
def test_modality(lex, text, matched, language, modality, cue):
    h = one(lex, text, matched, language)
    assert (h["modality"], h["modality_cue"]) == (modality, cue)


def test_english_cues_still_read_english_text():
    s = "There was no coup in 2014."
    assert classify_modality(s, s.index("coup"), s.index("coup") + 4, "en") == ("negated", "no")
    s = "Никакого госпереворота не было."
    assert classify_modality(s, 9, 22, "en")[0] == "asserted"  # the English cues do not know Russian
    assert classify_modality(s, 9, 22, "ru") == ("negated", "Никакого")


@pytest.mark.parametrize("text, expected", [
    ("Войска вошли в город. Жители встретили их. Что дальше?", ["Войска вошли в город.", "Жители встретили их.", "Что дальше?"]),
    ("Окупанти відступили! Їхні позиції зайняли ЗСУ.", ["Окупанти відступили!", "Їхні позиції зайняли ЗСУ."]),
    # abbreviations and initials do not end a sentence
    ("В 2014 г. Россия аннексировала Крым. Погибли 25 тыс. Человек не считали.",
     ["В 2014 г. Россия аннексировала Крым.", "Погибли 25 тыс. Человек не считали."]),
    ("Выступил В. В. Путин. Зал молчал.", ["Выступил В. В. Путин.", "Зал молчал."]),
])
def test_cyrillic_sentence_boundaries(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


def test_the_sentence_of_a_mention_is_its_own(lex):
    text = "Переговоры сорвались. Киевский режим обстрелял Донецк. Жертв нет."
    h = one(lex, text, "Киевский режим", "ru")
    assert h["sentence"] == "Киевский режим обстрелял Донецк."


def test_voice_classifier_language_switch():
    text = "Жители так называемой ДНР голосовали."
    s = text.index("ДНР")
    assert VoiceClassifier(text, "ru").voice(s, s + 3) == "distanced"
    assert VoiceClassifier(text, "en").voice(s, s + 3) == "authorial"  # no Russian cues for an English document
    assert VoiceClassifier(text).voice(s, s + 3) == "distanced"  # no language given: Cyrillic text takes them
