"""The fast paths of matching give what the general path gives.

Matching skips the voice, modality and proper-name regexes where the words they open with are absent
(framing.prefilter), and scans the texts of a corpus for candidates together (framing.hits). Both
must change no result: each test compares the mentions found with them and without them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing.hits as hits
import framing.match_setup as match_setup
from framing.lexicon import load_lexicon
from framing.lexicon.sides import _union
from framing.match import match_corpus, match_text
from framing.prefilter import UNSAFE_CHARACTERS, StemFamilies, family_stems, starts_inside_word, usable

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.fixture(scope="module")
def fast():
    return load_lexicon()


@pytest.fixture(scope="module")
def general():
    """A lexicon whose matching runs every rule everywhere (its set-up built with the prefilter off)."""
    lexicon = load_lexicon()
    match_setup.PREFILTER = False
    try:
        for lang in ("en", "ru", "uk"):
            match_setup._setup(lexicon, lang)
    finally:
        match_setup.PREFILTER = True
    assert all(setup.families is None for setup in lexicon._match_setup.values())
    return lexicon


def both(text, fast, general, language, date="2023-03-01"):
    got = match_text(text, fast, date, language=language)
    assert got == match_text(text, general, date, language=language), text
    return got


# ---------------------------------------------------------------------------------------------------
# written sentences
# ---------------------------------------------------------------------------------------------------

RU = [
    "Так называемая СВО идёт на Украине.",
    "В т.н. СВО участвуют контрактники, сообщил источник.",
    "Жители «ДНР» получили паспорта.",
    "Песков сказал: «Киевский режим обстреливает Донецк каждый день».",
    "Песков: киевский режим не хочет переговоров",
    "Никакой войны не будет, заявил он.",
    "Это не война, а специальная военная операция.",
    "Кремль отрицает планы вторжения на Украину.",
    "Если Россия начнёт вторжение, Запад введёт санкции.",
    "Вторжение может начаться в любой момент.",
    "Начнётся ли война?",
    "Угроза вторжения на Украину растёт.",
    "Война, которой не было: вторжение так и не началось.",
    "Что Москва называет специальной военной операцией, Киев зовёт войной.",
    "По словам Зеленского, оккупанты отступают из Херсона.",
    "В Киевской области и в Киеве прошли обыски; Киевстар восстановил связь.",
    "Москва якобы освобождает Донбасс от нацистов, а на деле это вторжение России.",
    "В Кремле говорят о якобы киевском режиме.",
    "Вторжение в Украину, по данным ООН, вызвало массовый исход; «денацификация» — лишь предлог.",
    # exclude and exclude_context phrases: vetoes a hit only where its words are
    "Силы специальных операций провели учения, а специальная операция продолжается.",
    "Гражданская война в Испании и война на Украине.",
    "Пригожин поднял мятеж: госпереворот или нет?",
    "Певец Майданов выступил, Майдан вспомнили в Киеве.",
    "Жили в Хохлах, а хохлы ушли.",
    # the stretch before a term starts inside a word: 60 characters for distancing, 300 for modality
    "Правительственныеисточникисообщилимногонеинтересного якобы СВО завершена.",
    "Длинноеслово" * 30 + " не было никакой войны на Украине, а была специальная военная операция.",
    "Очень длинный заголовок без точки " * 12 + "и наконец так называемая СВО на Украине",
]


def _inside_word_at(cue: str, reach: int, term: str, filler: str = "") -> str:
    """A sentence where ``cue`` starts, inside a word, exactly ``reach`` characters before ``term``
    (a stretch searched that far back starts there, at a word start of its own only)."""
    head = "Ж" + cue
    pad = reach - len(cue) - 1 - len(filler)
    assert pad >= 0
    return head + filler + "я" * pad + " " + term + " продолжается."


#: cues that a search of the stretch finds at its first position, though in the text they stand
#: inside a word: distancing 60 characters back (a long adjective), a condition 300 back
RU += [
    _inside_word_at("самопровозглашённая", 60, "ДНР"),
    _inside_word_at("если", 300, "СВО", filler=" дом" * 70),
]
UK = [
    "Росія продовжує так звану СВО.",
    "Він написав: „Окупанти відступають з усіх напрямків фронту“.",
    "Росіяни воюють проти нібито київського режиму.",
    "За словами Зеленського, окупанти тікають.",
    "Якщо Росія почне вторгнення, Захід запровадить санкції.",
    "Це не війна, це вторгнення, яке не відбулося б без Кремля.",
    "Чи буде війна? Загроза вторгнення зростає.",
    "МЗС спростовує фейк про «денацифікацію» і так званий референдум.",
    "Напад на Україну: окупанти в Київській області, Київстар працює.",
]
EN = [
    'Russia\u2019s so-called "special military operation" in Kiev.',
    "The self-proclaimed Donetsk People's Republic (DPR) held a vote.",
    "There was no coup in 2014, historians say, while Moscow called it a coup.",
    "Should Russia invade, the West will respond; an invasion could come within days.",
    "He wrote for the Kyiv Post and the Kyiv Independent, not in Kyiv itself.",
    "Dynamo Kiev beat Shakhtar, and chicken Kiev was served.",
    "\u201cThe Kiev regime must fall,\u201d Lavrov said, according to TASS.",
    "Lavrov: the special operation will go on",
    "He wrote for the Kyiv Po\u017ft in Kyiv.",  # re matches the long s to "s" (Post), lower() does not
]


@pytest.mark.parametrize("text", RU)
def test_russian_sentences_give_the_same_mentions(fast, general, text):
    both(text, fast, general, "ru")


@pytest.mark.parametrize("text", UK)
def test_ukrainian_sentences_give_the_same_mentions(fast, general, text):
    both(text, fast, general, "uk")


@pytest.mark.parametrize("text", EN)
def test_english_sentences_give_the_same_mentions(fast, general, text):
    both(text, fast, general, "en")


def test_the_written_sentences_take_the_fast_path_and_find_its_answers(fast, general):
    """Not a vacuous comparison: the fast path is taken (cue families absent, so their regexes do
    not run), and where it is, the answers it gives include distanced, quoted, negated,
    hypothetical and attributed mentions."""
    setup = match_setup._setup(fast, "ru")
    index = setup.families.index("так называемая сво идёт на украине.")
    assert index.has(("distancing",), 0, 20) and not index.has(("negation", "condition", "attribution"), 0, 40)
    found = [h for text in RU for h in both(text, fast, general, "ru")]
    found += [h for text in UK for h in both(text, fast, general, "uk")]
    assert {h["voice"] for h in found} == {"authorial", "quoted", "distanced"}
    assert {h["modality"] for h in found} == {"asserted", "negated", "hypothetical"}
    assert {h["attributed"] for h in found} == {True, False}
    assert not any(h["matched"].lower().startswith(("киевстар", "киевской обл")) for h in found)


# ---------------------------------------------------------------------------------------------------
# generated sentences
# ---------------------------------------------------------------------------------------------------

_PIECES = {
    "ru": [
        "так называемая",
        "т. н.",
        "якобы",
        "не",
        "ни",
        "нет",
        "никакой",
        "если",
        "в случае",
        "может",
        "угроза",
        "отрицает",
        "заявил",
        "по словам",
        "что он называет",
        "не было",
        "не будет",
        "ли",
        "СВО",
        "специальная военная операция",
        "на Украине",
        "Киевский режим",
        "вторжение",
        "война",
        "оккупанты",
        "Киевская область",
        "Киевстар",
        "Песков",
        "Донбасс",
        "и",
        "в",
        "на",
        "это",
    ],
    "uk": [
        "так званий",
        "нібито",
        "не",
        "жодної",
        "якщо",
        "у разі",
        "може",
        "загроза",
        "спростовує",
        "за словами",
        "не було",
        "не буде",
        "чи",
        "окупанти",
        "вторгнення",
        "війна",
        "київського режиму",
        "Київщина",
        "Київстар",
        "рашисти",
        "напад на Україну",
        "і",
        "в",
        "це",
    ],
    "en": [
        "so-called",
        "self-proclaimed",
        "what Moscow calls",
        "not",
        "no",
        "never",
        "if",
        "should",
        "could",
        "the threat of",
        "said",
        "according to",
        "denies",
        "special military operation",
        "invasion",
        "Kiev",
        "Kyiv",
        "Kyiv Post",
        "Dynamo Kiev",
        "coup",
        "war",
        "the",
        "in",
        "and",
    ],
}
_GLUE = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "! ",
    "? ",
    "\n",
    " \u00ab",
    "\u00bb ",
    " \u201e",
    "\u201c ",
    ' "',
    '" ',
    " \u2014 ",
    ": ",
    "; ",
    "\u00a0",
    "-",
    " (",
    ") ",
    "\u00ad",
    "ſ",
    "x",
]


@st.composite
def sentences(draw, lang):
    words = draw(st.lists(st.sampled_from(_PIECES[lang]), min_size=1, max_size=14))
    glue = draw(st.lists(st.sampled_from(_GLUE), min_size=len(words), max_size=len(words)))
    pad = draw(st.sampled_from(["", "", "Заголовок" * 8, "word" * 20, "Очень длинная фраза без точки " * 11]))
    return pad + "".join(w + g for w, g in zip(words, glue))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_sentences_give_the_same_mentions(fast, general, data):
    lang = data.draw(st.sampled_from(["ru", "uk", "en"]))
    text = data.draw(sentences(lang))
    both(text, fast, general, lang)


# ---------------------------------------------------------------------------------------------------
# a corpus at once against each text alone
# ---------------------------------------------------------------------------------------------------


def test_a_corpus_matched_at_once_gives_each_texts_mentions(fast, general, monkeypatch):
    texts = (
        RU
        + UK
        + EN
        + [
            "",
            "   ",
            "Ки\u00adевский режим и так называемая СВО.",  # a soft hyphen: normalization shortens the text
            "İstanbul talks on the invasion of Ukraine.",  # the lower case of İ is two characters
            "Kyiv\x00war\x00so-called special military operation",  # the joining character inside a text
            "Так называемая ſВО и киевский режим.",  # a character re matches to another letter than lower()
            "The war in Kiev.\n\nNothing else.",
        ]
    )
    langs = ["ru"] * len(RU) + ["uk"] * len(UK) + ["en"] * len(EN) + [None] * 7
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": "X",
            "date": pd.Timestamp("2023-03-01"),
            "text": texts,
            "language": langs,
        }
    )
    corpus.loc[3, "date"] = pd.NaT
    monkeypatch.setattr(hits, "_BATCH_CHARACTERS", 300)  # several batches
    at_once = match_corpus(corpus, fast)
    got = {d: g[list(hits.HIT_FIELDS)].to_dict("records") for d, g in at_once.groupby("doc_id", sort=False)}
    for doc_id, text, lang, date in zip(corpus["doc_id"], texts, langs, corpus["date"]):
        # each text alone, through the general path: normalized, scanned and checked by itself
        alone = match_text(text, general, None if pd.isna(date) else date, language=lang) if text else []
        assert got.get(doc_id, []) == alone, text
    tricky = {f"d{texts.index(t)}" for t in texts[-5:-1]}  # soft hyphen, İ, joining character, ſ
    assert len(at_once) > 40 and tricky <= set(got), sorted(got)


def test_a_corpus_with_text_dates_checks_every_date(fast):
    corpus = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "outlet": "X",
            "date": ["2023-01-01", "not a date"],
            "text": ["Kyiv.", "Nothing to find here."],
        }
    )
    from framing.errors import ParameterError

    with pytest.raises(ParameterError, match="not a date"):
        match_corpus(corpus, fast)


@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/corpora")
@pytest.mark.parametrize(
    "name, rows",
    [
        ("ru_media_headlines", 4000),
        ("uk_telegram_2022", 2000),
        ("ru_telegram_2023_2024", 600),
        ("ukraine_media_2022", 150),
    ],
)
def test_real_corpora_give_the_same_mentions(fast, general, name, rows):
    from framing.corpus import read_corpus

    path = SHARED / name / "corpus.csv"
    if not path.exists():
        pytest.skip(f"{path} absent")
    corpus = read_corpus(path)
    corpus = corpus.iloc[:: max(1, len(corpus) // rows)]
    with_prefilter = match_corpus(corpus, fast)
    pd.testing.assert_frame_equal(with_prefilter, match_corpus(corpus, general))
    assert len(with_prefilter) > 20


# ---------------------------------------------------------------------------------------------------
# the building blocks
# ---------------------------------------------------------------------------------------------------


def test_unsafe_characters_are_those_where_re_and_lower_disagree():
    """Derived from re itself: a text character that a case-insensitive regex matches to a Latin
    or Cyrillic letter other than its lower case, or whose lower case is not one character, or
    whose lower case is a word character when it is not (or the reverse)."""
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    letters = sorted(
        {
            c.lower()
            for c in [chr(i) for i in range(0x20, 0x7F)] + [chr(i) for i in range(0x400, 0x500)]
            if len(c.lower()) == 1
        }
    )
    unsafe = set()
    for c in letters:
        unsafe.update(x for x in re.findall(re.escape(c), everything, re.IGNORECASE) if x.lower() != c)
    word = re.compile(r"\w")
    for x in everything:
        low = x.lower()
        if len(low) != 1 or bool(word.match(x)) != bool(word.match(low)):
            unsafe.add(x)
    assert unsafe == set(UNSAFE_CHARACTERS)


def test_usable_and_starts_inside_word():
    assert usable("Так называемая СВО", "так называемая сво")
    assert not usable("ſВО", "ſво") and not usable("İ", "İ".lower())
    assert starts_inside_word("якобы", 2) and not starts_inside_word("так якобы", 4)
    assert not starts_inside_word("якобы", 0) and not starts_inside_word("якобы", 5)


def test_stems_are_the_literal_openings_and_none_when_unknown():
    assert family_stems(r"если|в\s+случае") == frozenset({"если", "в случае"})
    assert family_stems(r"[\"«]?весьма") == frozenset({"весьма"})  # an opening quote starts no word
    assert family_stems(r"\w+ war") is None and family_stems(None) is None
    fams = StemFamilies({"a": r"если", "b": None, "c": [r"якобы", r"\w+"]})
    assert fams.unfiltered == {"b", "c"}
    index = fams.index("и если бы")
    assert index.has(("a",), 0, 9) and not index.has(("a",), 3, 9) and index.has(("b",), 5, 6)


def test_a_stem_never_runs_across_texts_joined_for_one_pass():
    fams = StemFamilies({"cond": r"в\s+случае"})
    joined = "\x00".join(["текст в", "случае войны", "в  случае"])
    a, b, c = fams.index_many(joined, [0, 8, 21])
    assert not a.positions and not b.positions and c.positions == [0]


def test_a_union_of_word_edged_regexes_finds_what_each_finds():
    members = tuple(
        re.compile(p) for p in (r"(?<!\w)(?i:Украин\w*)(?!\w)", r"(?<!\w)(?i:Киев\w*)(?!\w)", r"(?<!\w)(?-i:ВСУ)(?!\w)")
    )
    union = _union(members)
    assert union.pattern.startswith(r"(?<!\w)(?:")
    old = re.compile("|".join(f"(?:{rx.pattern})" for rx in members))
    for text in ["На Украине и в Киеве", "ВСУ, всу, киевский", "Подкиевье", "украинцы-ВСУшники Киев"]:
        assert [m.span() for m in union.finditer(text)] == [m.span() for m in old.finditer(text)]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
