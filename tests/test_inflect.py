"""Lemma phrases to inflected forms and to regexes the lexicon takes as ordinary patterns."""

from __future__ import annotations

import json
import re

import pytest

from framing.errors import LexiconError
from framing.inflect import (
    APOSTROPHE_CLASS,
    expand_lemmas,
    forms,
    lemma_pattern,
    locative_forms,
    locative_pattern,
    trie_pattern,
    variant_patterns,
)
from framing.lexicon import parse_lexicon
from framing.match import match_text


def rx(pattern: str) -> re.Pattern:
    """The pattern as the lexicon bounds it (word edges, case-insensitive; spaces as written)."""
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", re.IGNORECASE)


def found(pattern: str, text: str) -> list[str]:
    return [m.group(0) for m in rx(pattern).finditer(text)]


# ------------------------------------------------------------------------------------------------
# Expansion
# ------------------------------------------------------------------------------------------------


def test_adjective_agrees_with_the_noun_in_every_case_and_number():
    got = set(expand_lemmas("киевский режим", "ru"))
    assert {"киевский режим", "киевского режима", "киевскому режиму", "киевским режимом", "киевском режиме",
            "киевские режимы", "киевских режимов", "киевским режимам", "киевскими режимами",
            "киевских режимах"} == got


def test_no_cartesian_product():
    got = expand_lemmas("киевский режим", "ru")
    assert "киевского режим" not in got and "киевский режима" not in got and "киевские режим" not in got
    # 10 agreeing pairs, not 13 adjective forms x 10 noun forms
    assert len(got) == 10


def test_several_adjectives_agree_and_only_the_head_inflects():
    got = expand_lemmas("специальная военная операция", "ru")
    assert {"специальной военной операции", "специальную военную операцию", "специальных военных операций"} <= set(got)
    assert "специальнейшая военная операция" not in got  # superlatives are other words
    assert not any("специальная военной" in f for f in got)


def test_noun_with_genitive_keeps_the_dependent_as_written():
    got = expand_lemmas("революція гідності", "uk")
    assert "революції гідності" in got and "революцією гідності" in got
    assert all(f.endswith(" гідності") for f in got)
    assert all(f.endswith(" Зеленского") for f in expand_lemmas("режим Зеленского", "ru"))


def test_words_after_the_head_stay_as_written():
    got = expand_lemmas("воссоединение Крыма с Россией", "ru")
    assert "воссоединения Крыма с Россией" in got
    assert all(f.endswith(" Крыма с Россией") for f in got)


def test_adverbs_before_the_head_stay_in_place():
    got = expand_lemmas("тимчасово окуповані території", "uk")
    assert {"тимчасово окупованих територій", "тимчасово окупованій території", "тимчасово окуповані території"} <= set(got)


def test_animate_accusative_is_the_genitive_and_inanimate_the_nominative():
    neo = expand_lemmas("украинские неонацисты", "ru")
    assert "украинских неонацистов" in neo and "украинские неонацистов" not in neo
    regime = [f.text for f in forms("киевский режим", "ru") if "accs,sing" in f.grammemes]
    assert regime == ["киевский режим"]
    uk_regime = [f.text for f in forms("київський режим", "uk") if "accs,sing" in f.grammemes]
    assert uk_regime == ["київський режим"]


def test_plural_lemma_gives_singular_too():
    got = expand_lemmas("окупанти", "uk")
    assert {"окупанти", "окупантів", "окупантам", "окупант", "окупанта"} <= set(got)


def test_participle_modifier_keeps_its_voice_and_tense():
    got = expand_lemmas("оккупированные территории", "ru")
    assert "оккупированных территорий" in got and "оккупированная территория" in got
    assert not any(f.startswith(("оккупирую", "оккупировал ", "оккупировав")) for f in got)


def test_every_reading_of_a_word_is_considered():
    # Ukrainian "Київ": the dictionary also reads it as a form of "кий" (cue stick); Russian
    # "рашист" first reads as a short adjective "рашистый": neither wins
    assert set(expand_lemmas("Київ", "uk")) >= {"київ", "києва", "києву", "києвом", "києві"}
    assert "кий" not in expand_lemmas("Київ", "uk")
    assert {"рашист", "рашиста", "рашистов", "рашистам"} <= set(expand_lemmas("рашисты", "ru"))


def test_kiev_noun_lemma_is_not_the_adjective():
    assert expand_lemmas("Киев", "ru") == ["киев", "киева", "киеве", "киевом", "киеву"]


@pytest.mark.parametrize("acronym", ["СВО", "ВСУ", "ЗСУ", "ДНР", "ЛНР"])
def test_acronyms_are_literal(acronym):
    lang = "uk" if acronym == "ЗСУ" else "ru"
    assert expand_lemmas(acronym, lang) == [acronym]
    assert lemma_pattern(acronym, lang) == acronym


def test_phrase_of_literals_is_kept_whole():
    assert expand_lemmas("ДНР и ЛНР", "ru") == ["ДНР и ЛНР"]


def test_prepositional_phrase_keeps_its_case():
    assert expand_lemmas("на Украине", "ru") == ["на украине"]
    assert expand_lemmas("на Украину", "ru") == ["на украину"]
    assert expand_lemmas("в Україні", "uk") == ["в україні"]
    assert set(expand_lemmas("у Києві", "uk")) >= {"у києві", "у києву"}  # both locatives
    # a modifier agrees inside the prepositional phrase too; "Крыму" here is the second locative
    assert expand_lemmas("в оккупированном Крыму", "ru") == ["в оккупированном крыму"]
    assert expand_lemmas("на оккупированных территориях", "ru") == ["на оккупированных территориях"]


def test_expansion_is_cached():
    first = expand_lemmas("полномасштабное вторжение", "ru")
    assert expand_lemmas("полномасштабное вторжение", "ru") == first
    assert lemma_pattern("полномасштабное вторжение", "ru") is lemma_pattern("полномасштабное вторжение", "ru")


# ------------------------------------------------------------------------------------------------
# Errors
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase, lang, message", [
    ("киевский режим", "en", "language 'en' has no morphology here"),
    ("Київ", "ru", "marked lang 'ru' but has the Ukrainian letter 'ї'"),
    ("объект", "uk", "marked lang 'uk' but has the Russian letter 'ъ'"),
    ("  ", "ru", "is empty"),
    ("на режима", "ru", "is not a noun in a case that 'на' takes"),
])
def test_bad_lemma_phrases_are_lexicon_errors(phrase, lang, message):
    with pytest.raises(LexiconError, match=re.escape(message)):
        expand_lemmas(phrase, lang)


LEX_HEAD = "name: t\nversion: '1'\nlast_reviewed: 2026-01-01\nconcepts:\n- id: c\n  label: c\n  variants:\n"


@pytest.mark.parametrize("fields, message", [
    ("lemmas: [киевский режим]", "line 8: variant 'v': lemmas need a language with a morphological dictionary: "
     "set lang to ru or uk (lang is 'en')"),
    ("lang: ru", "line 8: variant 'v': missing required field 'patterns' (regexes); or give 'lemmas'"),
    ("{lang: ru, lemmas: [Київ]}", "line 8: variant 'v': lemmas[0]: lemma phrase 'Київ' is marked lang 'ru' but has "
     "the Ukrainian letter"),
    ("{lang: Russian, patterns: [x]}", "line 8: variant 'v': lang 'Russian' is not a two-letter ISO 639-1 language code"),
    ("{lang: ru, lemmas: ['']}", "line 8: variant 'v': lemmas[0]: each lemma must be a non-empty phrase"),
])
def test_lang_and_lemmas_are_checked_by_the_loader_with_one_line_errors(fields, message):
    if fields.startswith("{"):
        fields = fields[1:-1].replace(", ", "\n    ").replace(": ", ": ", 1)
    body = "  - id: v\n    label: v\n    stance: neutral\n    confidence: judgment\n    " + fields.replace("\n", "\n") + "\n"
    with pytest.raises(LexiconError) as exc:
        parse_lexicon(LEX_HEAD + body, source="lex.yaml")
    text = str(exc.value)
    assert "\n" not in text
    assert text.startswith("lex.yaml: ") and message in text, text


# ------------------------------------------------------------------------------------------------
# Regex
# ------------------------------------------------------------------------------------------------


def test_kiev_regime_pattern_on_sentences():
    p = lemma_pattern("киевский режим", "ru")
    text = ("Спонсоры киевского режима обсудили помощь киевскому режиму. О киевском режиме\nговорили. "
            "КИЕВСКИМ РЕЖИМОМ недовольны. Киевская область и Киевстар тут ни при чём.")
    assert found(p, text) == ["киевского режима", "киевскому режиму", "киевском режиме", "КИЕВСКИМ РЕЖИМОМ"]


def test_kiev_pattern_matches_the_noun_only():
    p = lemma_pattern("Киев", "ru")
    assert found(p, "В Киеве, из Киева, к Киеву, над Киевом, Киев.") == ["Киеве", "Киева", "Киеву", "Киевом", "Киев"]
    assert found(p, "Киевская область, Киевстар, киевский торт, Киево-Печерская лавра") == []


def test_kyiv_pattern_in_ukrainian():
    p = lemma_pattern("Київ", "uk")
    assert found(p, "Київ, Києва, Києву, Києвом, у Києві.") == ["Київ", "Києва", "Києву", "Києвом", "Києві"]
    assert found(p, "Київщина і київський торт") == []


def test_occupiers_pattern():
    p = lemma_pattern("окупанти", "uk")
    assert found(p, "Окупанти обстріляли місто; окупантів відкинули; окупантам не вдалося.") == [
        "Окупанти", "окупантів", "окупантам"]
    assert found(p, "окупаційна влада") == []


def test_russian_pattern_matches_e_and_yo():
    p = lemma_pattern("вооружённый переворот", "ru")
    assert found(p, "вооруженный переворот и вооружённого переворота") == ["вооруженный переворот", "вооружённого переворота"]
    assert found(lemma_pattern("Крымская весна", "ru"), "крымские вёсны, крымские весны") == ["крымские вёсны", "крымские весны"]


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc", "`", "\u2018"])
def test_ukrainian_pattern_matches_every_apostrophe(apostrophe):
    p = lemma_pattern("об’єднання", "uk")  # written with a curly apostrophe: normalized for the dictionary
    assert APOSTROPHE_CLASS in p
    assert found(p, f"після об{apostrophe}єднання та об{apostrophe}єднанням") == [
        f"об{apostrophe}єднання", f"об{apostrophe}єднанням"]


def test_trie_pattern_is_factored_and_equivalent_to_the_alternation():
    words = expand_lemmas("полномасштабное вторжение", "ru")
    p = trie_pattern(words, "ru")
    assert p.startswith("полномасштабн")  # the shared prefix once
    compiled = re.compile(p)
    for w in words:
        assert compiled.fullmatch(w), w
    assert not compiled.fullmatch("полномасштабное")


# ------------------------------------------------------------------------------------------------
# Locative only: "на/в Украине" is a marker, "на Украину" is a direction
# ------------------------------------------------------------------------------------------------


def test_locative_forms():
    assert locative_forms("Украина", "ru") == ["в украине", "на украине"]
    assert locative_forms("Україна", "uk") == ["в україні", "на україні", "у україні"]
    assert "в крыму" in locative_forms("Крым", "ru")  # the second locative
    assert locative_forms("Украина", "ru", prepositions=("на",)) == ["на украине"]


def test_locative_pattern_ru():
    p = locative_pattern("Украина", "ru")
    text = "Нападение на Украину осудили. На Украине и в Украине идут бои. Въезд в Украину закрыт. Против Украины."
    assert found(p, text) == ["На Украине", "в Украине"]


def test_locative_pattern_uk():
    p = locative_pattern("Україна", "uk")
    text = "Напад на Україну почався вночі. В Україні та у Україні оголосили тривогу. Їдуть в Україну."
    assert found(p, text) == ["В Україні", "у Україні"]


# ------------------------------------------------------------------------------------------------
# The lexicon takes the patterns as they are
# ------------------------------------------------------------------------------------------------


def _lexicon(patterns: dict[str, list[str]]):
    y = "name: t\nversion: '1'\nlast_reviewed: 2026-01-01\nconcepts:\n- id: c\n  label: c\n  variants:\n"
    for vid, pats in patterns.items():
        y += (f"  - id: {vid}\n    label: {vid}\n    stance: neutral\n    confidence: judgment\n"
              f"    patterns: {json.dumps(pats, ensure_ascii=False)}\n")
    return parse_lexicon(y)


def test_patterns_load_and_match_through_the_lexicon():
    lex = _lexicon({
        "kiev_regime": variant_patterns(["киевский режим"], "ru"),
        "kiev": variant_patterns(["Киев"], "ru"),
        "kyiv": variant_patterns(["Київ"], "uk"),
        "loc_ru": [locative_pattern("Украина", "ru")],
        "loc_uk": [locative_pattern("Україна", "uk")],
        "vsu": variant_patterns(["ВСУ"], "ru"),
        "unification": variant_patterns(["об'єднання"], "uk"),
    })
    def hits(text):  # variants without lang are English: the text is matched as English here
        return [(h["variant"], h["matched"]) for h in match_text(text, lex, language="en")]

    assert hits("Спонсоры киевского режима, Киевстар и Киевская область; в Киеве.") == [
        ("kiev_regime", "киевского режима"), ("kiev", "Киеве")]
    assert hits("Нападение на Украину; на Украине и в Украине.") == [("loc_ru", "на Украине"), ("loc_ru", "в Украине")]
    assert hits("Напад на Україну. В Україні, у Києві.") == [("loc_uk", "В Україні"), ("kyiv", "Києві")]
    assert hits("ВСУ отступили") == [("vsu", "ВСУ")]
    assert hits("після об\u2019єднання") == [("unification", "об\u2019єднання")]  # normalized, then matched


def test_the_loader_expands_lemmas_and_matches_each_variant_in_its_language():
    data = {"name": "t", "version": "1", "last_reviewed": "2026-01-01", "concepts": [{
        "id": "governments", "label": "g", "variants": [
            {"id": "kiev_regime_ru", "label": "k", "stance": "kremlin", "confidence": "judgment",
             "lang": "ru", "lemmas": ["киевский режим"]},
            {"id": "smo_ru", "label": "s", "stance": "kremlin", "confidence": "judgment", "lang": "ru",
             "case_sensitive": True, "patterns": ["СВО"]},
            {"id": "kyiv_en", "label": "y", "stance": "ukraine_west", "confidence": "judgment", "patterns": ["Kyiv"]},
        ]}]}
    import yaml

    lex = parse_lexicon(yaml.safe_dump(data, allow_unicode=True))
    assert {v.id: v.lang for v in lex.variants} == {"kiev_regime_ru": "ru", "smo_ru": "ru", "kyiv_en": "en"}
    assert lex.variant("kiev_regime_ru").lemmas == ("киевский режим",)
    text = "Киевскому режиму и СВО; Kyiv"
    assert [h["variant"] for h in match_text(text, lex, language="ru")] == ["kiev_regime_ru", "smo_ru"]
    assert [h["variant"] for h in match_text(text, lex, language="en")] == ["kyiv_en"]
