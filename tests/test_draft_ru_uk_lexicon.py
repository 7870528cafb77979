"""The draft Russian/Ukrainian lexicon (data/lexicons/drafts/ru_uk_variants.yaml): every lemma
expands, the expanded lexicon loads with today's loader, its variants find what they should on
sentences written for the tests and, on the shared corpora, what the corpora's README counts."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from framing import validity as v
from framing.inflect import expand_lemmas, expand_lexicon_lemmas
from framing.lexicon import load_lexicon, parse_lexicon
from framing.match import match_corpus, match_text

ROOT = Path(__file__).resolve().parents[1]
DRAFT = ROOT / "data" / "lexicons" / "drafts" / "ru_uk_variants.yaml"


@pytest.fixture(scope="module")
def draft() -> dict:
    return yaml.safe_load(DRAFT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lexicons(draft):
    """One lexicon per language, as the loader will build them once it reads ``lang``/``lemmas``."""
    data, langs = expand_lexicon_lemmas(draft)
    out = {}
    for lang in ("ru", "uk"):
        d = copy.deepcopy(data)
        for c in d["concepts"]:
            c["variants"] = [x for x in c["variants"] if langs.get(x["id"]) == lang]
        d["concepts"] = [c for c in d["concepts"] if c["variants"]]
        out[lang] = parse_lexicon(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), source=f"{DRAFT.name}[{lang}]")
    return out


def variants(draft):
    return [x for c in draft["concepts"] for x in c["variants"]]


def test_header_documents_the_format_extension():
    head = DRAFT.read_text(encoding="utf-8").split("\nname:", 1)[0]
    assert "lang:" in head and "lemmas:" in head and "framing.inflect.lemma_pattern" in head


def test_every_variant_has_a_language_and_a_suffix(draft):
    for x in variants(draft):
        assert x.get("lang") in ("ru", "uk"), x["id"]
        assert x["id"].endswith("_" + x["lang"]) or x["id"].endswith(f"_in_{x['lang']}"), x["id"]
        assert x.get("lemmas") or x.get("patterns"), x["id"]


def test_concepts_are_those_of_the_bundled_lexicon(draft):
    bundled = {c.id for c in load_lexicon().concepts}
    assert {c["id"] for c in draft["concepts"]} - bundled == {"ukraine_preposition"}


def test_every_lemma_expands_and_contains_its_own_form(draft):
    def fold(s: str) -> str:
        return s.lower().replace("ё", "е").replace("\u2019", "'")

    for x in variants(draft):
        for phrase in x.get("lemmas") or []:
            forms = expand_lemmas(phrase, x["lang"])
            assert forms, (x["id"], phrase)
            assert fold(phrase) in {fold(f) for f in forms}, (x["id"], phrase, forms[:5])


def test_the_expanded_draft_loads(lexicons):
    ru, uk = lexicons["ru"].summary(), lexicons["uk"].summary()
    assert ru["variants"] + uk["variants"] >= 60
    assert ru["by_confidence"]["sourced"] > ru["by_confidence"].get("judgment", 0)


RU_CASES = [
    ("Спонсоры киевского режима снова обстреляли Донецк.", {"kiev_regime_ru"}),
    ("Нападение на Украину осудили в ООН.", set()),
    ("На Украине объявили мобилизацию.", {"na_ukraine_ru"}),
    ("В Украине объявили мобилизацию.", {"v_ukraine_ru"}),
    ("В зоне СВО наградили бойцов.", {"smo_acronym_ru"}),
    ("Ход специальной военной операции обсудили в Кремле.", {"special_military_operation_ru"}),
    ("ФСБ провела спецоперацию по задержанию мошенников.", set()),
    ("Годовщина полномасштабного вторжения России в Украину.", {"invasion_ru"}),  # "в Украину": a direction
    ("Экс-госсекретарь выступил против суда за вторжение в Ирак.", set()),
    ("ФРГ передала снаряды для ЗСУ Gepard.", set()),
    ("Настоятель храма Троицы в Хохлах дал интервью.", set()),
    ("Киевская область и Киевстар.", set()),
    ("В Киеве прошла встреча.", {"kiev_ru"}),
    ("Российские войска освободили Авдеевку.", {"liberation_ru"}),
    ("Годовщина воссоединения Крыма с Россией.", {"reunification_ru"}),
    ("Бандеровцы и неонацисты из Азова, заявил Лавров об Украине.", {"banderites_ru", "neo_nazis_ru"}),
    ("Как ищут следы военных преступлений на оккупированных территориях Украины.", {"occupied_territories_ru"}),
]
UK_CASES = [
    ("Окупанти обстріляли Харків, окупантів відкинули, окупантам не вдалося.", {"occupiers_uk"}),
    ("В Україні оголосили тривогу.", {"v_ukraini_uk"}),
    ("Напад на Україну засудили.", set()),
    ("У Києві пролунали вибухи.", {"kyiv_uk"}),
    ("Росія визнала так звані «ДНР» та «ЛНР».", {"dpr_lpr_acronym_uk"}),
    ("Роковини Революції гідності вшанували в Києві.", {"revolution_of_dignity_uk", "kyiv_uk"}),
    ("Рашисти обстріляли Чернігів.", {"rashists_uk"}),
    ("ЗСУ звільнили Херсон.", {"zsu_uk", "liberation_uk"}),
    ("Його звільнили з посади.", set()),
    ("На тимчасово окупованих територіях тривають обшуки.", {"occupied_territories_uk"}),
]


@pytest.mark.parametrize("text, expected", RU_CASES)
def test_russian_sentences(lexicons, text, expected):
    assert {h["variant"] for h in match_text(text, lexicons["ru"])} == expected


@pytest.mark.parametrize("text, expected", UK_CASES)
def test_ukrainian_sentences(lexicons, text, expected):
    assert {h["variant"] for h in match_text(text, lexicons["uk"])} == expected


def test_liberation_takes_its_stance_from_the_agent(lexicons):
    hits = match_text("Российские войска освободили Авдеевку.", lexicons["ru"])
    assert [(h["variant"], h["stance"]) for h in hits] == [("liberation_ru", "kremlin")]
    hits = match_text("ЗСУ звільнили Херсон.", lexicons["uk"])
    assert ("liberation_uk", "ukraine_west") in [(h["variant"], h["stance"]) for h in hits]


# ------------------------------------------------------------------------------------------------
# On the shared corpora: the counts the corpora README reports
# ------------------------------------------------------------------------------------------------

CORPORA = v.find_corpora()


def _docs(name: str, lang: str, variant_ids: set[str]) -> pd.DataFrame:
    """Documents per outlet and variant, for the few variants asked (a lexicon of those only)."""
    df = pd.read_csv(CORPORA / name / "corpus.csv", dtype=str, keep_default_na=False,
                     usecols=["doc_id", "outlet", "text", "language"])
    assert set(df["language"]) == {lang}
    d = {"name": "t", "version": "1", "last_reviewed": "2026-01-01", "concepts": []}
    data, _ = expand_lexicon_lemmas(yaml.safe_load(DRAFT.read_text(encoding="utf-8")))
    for c in data["concepts"]:
        keep = [x for x in c["variants"] if x["id"] in variant_ids]
        if keep:
            d["concepts"].append({**c, "variants": keep})
    d["sources"] = data["sources"]
    lex = parse_lexicon(yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    # only documents that can hold one of these variants are matched (the prefilter is a speed-up)
    m = match_corpus(df[df["text"].str.contains(r"украин|україн|киевск|окупант", case=False, regex=True)], lex)
    return m.groupby(["outlet", "variant"])["doc_id"].nunique().unstack(fill_value=0)


@pytest.mark.corpora
@pytest.mark.skipif(CORPORA is None, reason="../shared/corpora not found: the draft's corpus counts need the "
                    "shared corpora beside the project (or FRAMING_CORPORA)")
def test_corpus_counts_match_the_readme():
    # README: locative "на Украине" / "в Украине": TASS 2,974 / 0, Pervyi Kanal 1,487 / 5, Meduza
    # 6 / 75, Novaya Gazeta 75 / 127; Russian Telegram: RIA Novosti 28 / 0, BBC Russian 1 / 98;
    # uk_telegram_2022 "на Україні" 0, "в Україні" 638
    heads = _docs("ru_media_headlines", "ru", {"na_ukraine_ru", "v_ukraine_ru", "kiev_regime_ru"})
    assert heads.loc["TASS", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [2974, 0]
    assert heads.loc["Pervyi Kanal", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [1487, 5]
    assert heads.loc["Meduza", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [6, 75]
    assert heads.loc["Novaya Gazeta", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [75, 127]
    # "киевский режим" is a state-media phrase
    assert heads.loc["Pervyi Kanal", "kiev_regime_ru"] + heads.loc["TASS", "kiev_regime_ru"] > 50
    assert heads.loc["Meduza", "kiev_regime_ru"] + heads.loc["Novaya Gazeta", "kiev_regime_ru"] <= 5

    tg = _docs("ru_telegram_2023_2024", "ru", {"na_ukraine_ru", "v_ukraine_ru", "kiev_regime_ru"})
    assert tg.loc["RIA Novosti", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [28, 0]
    assert tg.loc["BBC Russian", ["na_ukraine_ru", "v_ukraine_ru"]].tolist() == [1, 98]
    assert tg.loc["RIA Novosti", "kiev_regime_ru"] > tg.loc["BBC Russian", "kiev_regime_ru"]

    ua = _docs("uk_telegram_2022", "uk", {"na_ukraini_uk", "v_ukraini_uk", "occupiers_uk"})
    assert "na_ukraini_uk" not in ua.columns or ua["na_ukraini_uk"].sum() == 0
    assert int(ua["v_ukraini_uk"].sum()) == 638
    assert ua.loc["TSN", "occupiers_uk"] > 1000
