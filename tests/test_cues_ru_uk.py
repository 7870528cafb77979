"""Russian and Ukrainian cues for voice (distancing, scare quotes) and modality (negated,
hypothetical), on sentences written for the tests."""

from __future__ import annotations

import re

import pytest

from framing.cues_ru_uk import (
    CONDITION_CUE,
    SENTENCE_BOUNDARY,
    attribution_cue,
    headline_attribution,
    DISTANCING_CUE,
    NEG_BEFORE,
    classify_modality_ru_uk,
    distancing_cue,
    hypothetical_cue,
    negation_cue,
    scare_quoted,
)
from framing.normalize import normalize_text


def span(sentence: str, term: str) -> tuple[int, int]:
    i = sentence.index(term)
    return i, i + len(term)


def modality(sentence: str, term: str) -> tuple[str, str]:
    return classify_modality_ru_uk(sentence, *span(sentence, term))


def before(sentence: str, term: str) -> str:
    return sentence[:sentence.index(term)]


# ------------------------------------------------------------------------------------------------
# Word boundaries in Cyrillic
# ------------------------------------------------------------------------------------------------


def test_word_boundaries_are_unicode_aware_for_cyrillic():
    # str patterns are Unicode by default: \b sees Cyrillic letters as word characters
    assert re.search(r"\bне\b", "Это не война") is not None
    assert re.search(r"\bне\b", "на Украине") is None  # "не" inside a word
    assert re.search(r"\bне\b", "неонацисты") is None
    # with re.ASCII Cyrillic letters are not word characters, so \b never matches between them
    assert re.search(r"\bне\b", "Это не война", re.ASCII) is None
    assert NEG_BEFORE.search("на Украине ") is None
    assert CONDITION_CUE.search("беспрецедентные меры") is None  # no "если" inside words
    assert CONDITION_CUE.search("перспектива якщомога") is None


def test_cues_match_whatever_the_case():
    assert negation_cue("НЕ БЫЛО НИКАКОГО ") == "НИКАКОГО"
    assert hypothetical_cue("ЯКЩО РОСІЯ ПОЧНЕ ") == "ЯКЩО"


# ------------------------------------------------------------------------------------------------
# Distancing
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, term, cue", [
    ("Так называемая ДНР объявила мобилизацию.", "ДНР", "Так называемая"),
    ("Власти так называемой «ЛНР» закрыли границу.", "ЛНР", "так называемой"),
    ("Глава т.н. ДНР выступил с заявлением.", "ДНР", "т.н."),
    ("Глава т. н. ДНР выступил с заявлением.", "ДНР", "т. н."),
    ("Так звана «спеціальна військова операція» триває.", "спеціальна військова операція", "Так звана"),
    ("Ватажок т. зв. ЛНР заявив про мобілізацію.", "ЛНР", "т. зв."),
    ("Ватажок т.зв. ЛНР заявив про мобілізацію.", "ЛНР", "т.зв."),
    ("Россия якобы освобождает Донбасс.", "освобождает", "якобы"),
    ("Росія нібито звільняє Донбас.", "звільняє", "нібито"),
    ("В самопровозглашённой ДНР прошли выборы.", "ДНР", "самопровозглашённой"),
    ("В самопровозглашенной ДНР прошли выборы.", "ДНР", "самопровозглашенной"),
    ("У самопроголошеній ДНР пройшли вибори.", "ДНР", "самопроголошеній"),
    ("Мнимая угроза со стороны НАТО.", "угроза", "Мнимая"),
    ("Так называемый киевский режим отверг предложение.", "режим", "Так называемый"),
    ("Кремль провёл псевдо-референдум.", "референдум", "псевдо"),
    ("То, что в Кремле называют специальной военной операцией, длится годы.", "специальной военной операцией",
     "что в Кремле называют"),
])
def test_distancing_cues(sentence, term, cue):
    assert distancing_cue(before(sentence, term)) == cue
    # the same after normalization (« » become ")
    assert distancing_cue(normalize_text(before(sentence, term))) == normalize_text(cue)


@pytest.mark.parametrize("sentence, term", [
    ("Российские войска продолжают специальную военную операцию.", "специальную военную операцию"),
    ("Так говорили в ДНР.", "ДНР"),  # "так" alone is not "так называемый"
    ("Глава ДНР выступил с заявлением.", "ДНР"),
    ("Самопровозглашённые лидеры съехались, а потом в ДНР прошли выборы.", "ДНР"),  # too far before
])
def test_no_distancing_cue(sentence, term):
    assert distancing_cue(before(sentence, term)) is None


@pytest.mark.parametrize("sentence, term, expected", [
    ("Жители «ДНР» получили паспорта.", "ДНР", True),
    ("Жителі „ЛНР“ отримали паспорти.", "ЛНР", True),
    ('Власти "ДНР" объявили мобилизацию.', "ДНР", True),
    ("Так называемый «киевский режим» отверг предложение.", "режим", True),  # one more word inside
    ("«Освобождение» Херсона не состоялось.", "Освобождение", True),
    ("Он сказал: «Окупанти відступають з Херсона вже третій день».", "Окупанти", False),  # a quotation
    ("Об'єкт окупанти знищили.", "окупанти", False),  # an apostrophe is not a quotation mark
    ("Жители ДНР получили паспорта.", "ДНР", False),
    ("«Мы не отступим», — сказал он о ДНР.", "ДНР", False),
])
def test_scare_quotes(sentence, term, expected):
    assert scare_quoted(sentence, *span(sentence, term)) is expected
    norm = normalize_text(sentence)
    assert scare_quoted(norm, *span(norm, term)) is expected


# ------------------------------------------------------------------------------------------------
# Modality
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, term, expected", [
    # negation right before the term (determiners or adjectives may stand between)
    ("Это не война, а специальная операция.", "война", ("negated", "не")),
    ("Никакой войны не будет, заявил он.", "войны", ("negated", "Никакой")),
    ("На Украине не было никакого госпереворота.", "госпереворота", ("negated", "никакого")),
    ("В 2014 году не было госпереворота.", "госпереворота", ("negated", "не было")),
    ("Нет никакой оккупации Крыма.", "оккупации", ("negated", "никакой")),
    ("Це не війна, а геноцид.", "війна", ("negated", "не")),
    ("Жодної окупації не буде.", "окупації", ("negated", "Жодної")),
    ("Немає ніякої агресії, кажуть у Кремлі.", "агресії", ("negated", "ніякої")),
    ("Не було жодного вторгнення.", "вторгнення", ("negated", "жодного")),
    # denials earlier in the clause
    ("Кремль отрицает планы вторжения на Украину.", "вторжения", ("negated", "отрицает")),
    ("Москва опровергла сообщения о вторжении.", "вторжении", ("negated", "опровергла")),
    ("МЗС заперечує причетність до вторгнення.", "вторгнення", ("negated", "заперечує")),
    ("Генштаб спростував фейк про наступ на Київ.", "наступ", ("negated", "спростував")),
    ("Эксперты развенчали мифы о вторжении.", "вторжении", ("negated", "мифы")),
    # a negated happening after the term
    ("Вторжение, которого не было, обсуждают до сих пор.", "Вторжение", ("negated", "которого не было")),
    ("Наступ так і не відбувся.", "Наступ", ("negated", "так і не")),
])
def test_negated(sentence, term, expected):
    assert modality(sentence, term) == expected


@pytest.mark.parametrize("sentence, term, expected", [
    ("Если Россия начнёт вторжение, ответ будет жёстким.", "вторжение", ("hypothetical", "Если")),
    ("В случае вторжения Запад введёт санкции.", "вторжения", ("hypothetical", "В случае")),
    ("Якщо Росія почне вторгнення, санкції посиляться.", "вторгнення", ("hypothetical", "Якщо")),
    ("У разі вторгнення Захід запровадить санкції.", "вторгнення", ("hypothetical", "У разі")),
    ("Россия может начать вторжение в любой момент.", "вторжение", ("hypothetical", "может")),
    ("Росія може розпочати наступ найближчим часом.", "наступ", ("hypothetical", "може")),
    ("Растёт угроза полномасштабного вторжения.", "полномасштабного вторжения", ("hypothetical", "угроза")),
    ("Зростає загроза повномасштабного вторгнення.", "повномасштабного вторгнення", ("hypothetical", "загроза")),
    ("США обеспокоены возможным вторжением.", "вторжением", ("hypothetical", "возможным")),
    ("Експерти оцінили можливе вторгнення.", "вторгнення", ("hypothetical", "можливе")),
    ("Возможное вторжение обсуждали в Брюсселе.", "вторжение", ("hypothetical", "Возможное")),
    ("Кремль заявил о планах вторжения Запада.", "вторжения", ("hypothetical", "планах")),
    ("Вторжение может начаться в любой момент.", "Вторжение", ("hypothetical", "может начаться")),
    ("Вторгнення може розпочатися будь-якої миті.", "Вторгнення", ("hypothetical", "може розпочатися")),
    ("Начнётся ли война?", "война", ("hypothetical", "ли")),
    ("Чи почнеться війна?", "війна", ("hypothetical", "Чи")),
])
def test_hypothetical(sentence, term, expected):
    assert modality(sentence, term) == expected


@pytest.mark.parametrize("sentence, term", [
    ("Российские войска продолжают специальную военную операцию.", "специальную военную операцию"),
    ("Песков заявил, что спецоперация будет продолжена.", "спецоперация"),
    ("Россия будет продолжать специальную военную операцию.", "специальную военную операцию"),
    ("Окупанти обстріляли Харків.", "Окупанти"),
    ("Киевский режим обстрелял Донецк, но жертв нет.", "Киевский режим"),  # "нет" is in the next clause
    ("Повномасштабне вторгнення почалося 24 лютого.", "Повномасштабне вторгнення"),
    ("Неонацисты обстреляли город.", "Неонацисты"),  # "не" inside a word
])
def test_asserted(sentence, term):
    assert modality(sentence, term) == ("asserted", "")


def test_negation_wins_over_a_hypothetical_cue():
    assert modality("Войны не будет, если Запад не вмешается.", "Войны")[0] == "negated"
    assert modality("Якщо Росія заперечує вторгнення, то що це?", "вторгнення")[0] == "negated"


# ------------------------------------------------------------------------------------------------
# Sentences and attribution
# ------------------------------------------------------------------------------------------------


def test_sentence_boundary_before_a_cyrillic_capital():
    text = "Песков заявил об этом. Україна відповіла відмовою! «Нет», — сказал он. Kyiv said no."
    ends = [m.end() for m in SENTENCE_BOUNDARY.finditer(text)]
    assert [text[:e].rsplit(" ", 1)[-1] for e in ends] == ["этом.", "відмовою!", "он."]
    assert not list(SENTENCE_BOUNDARY.finditer("т. е. в т. ч. и так далее"))  # no capital after


@pytest.mark.parametrize("sentence, term, cue", [
    ("Песков заявил, что спецоперация продолжится.", "спецоперация", "заявил"),
    ("По словам Лаврова, киевский режим сорвал переговоры.", "киевский режим", "По словам"),
    ("Как заявили в Минобороны, ВСУ отступили.", "ВСУ", "Как заявили"),
    ("За словами Зеленського, окупанти відступають.", "окупанти", "За словами"),
    ("Генштаб повідомив, що окупанти втратили 200 осіб.", "окупанти", "повідомив"),
])
def test_attribution_cues(sentence, term, cue):
    assert attribution_cue(before(sentence, term)) == cue


@pytest.mark.parametrize("sentence, term", [
    ("Российские войска продолжают специальную военную операцию.", "специальную военную операцию"),
    ("Окупанти обстріляли Харків.", "Окупанти"),
    ("Заявление Кремля о спецоперации.", "спецоперации"),  # a noun, not the verb
])
def test_no_attribution_cue(sentence, term):
    assert attribution_cue(before(sentence, term)) is None


@pytest.mark.parametrize("sentence, expected", [
    ("Песков: спецоперация продолжится", True),
    ("Мария Захарова: киевский режим лжёт", True),
    ("Зеленський: окупанти відступають", True),
    ("Лавров заявил: переговоры невозможны", False),  # a verb before the colon, not a name
    ("Война продолжается", False),
])
def test_headline_attribution(sentence, expected):
    assert headline_attribution(sentence) is expected
