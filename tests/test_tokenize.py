"""Tokenizer: MWEs kept whole across typographic variants, agreement with NLTK's MWETokenizer, speed."""

import random

import pytest
from nltk.tokenize import MWETokenizer

from framing.errors import ParameterError
from framing.tokenize import Tokenizer, mwe_token, normalize_typography, tokenize

MWES = ["full-scale invasion", "special military operation", "kiev regime", "so-called", "revolution of dignity"]


@pytest.mark.parametrize(
    "text",
    [
        "full-scale invasion",
        "full\u2011scale invasion",  # non-breaking hyphen
        "full\u2013scale invasion",  # en dash
        "full\u2010scale invasion",  # hyphen
        "full scale invasion",
        "Full-Scale  Invasion",
        "full-scale\ninvasion",
        "full-scale\u00a0invasion",  # no-break space
    ],
)
def test_mwe_variants_become_one_token(text):
    assert tokenize(f"Russia's {text}, again.", MWES) == ["russia's", "full_scale_invasion", "again"]


def test_mwe_only_at_word_boundaries():
    assert tokenize("full-scale invasions", MWES) == ["full-scale", "invasions"]
    assert tokenize("pro-kiev regime", MWES) == ["pro-kiev", "regime"]
    assert tokenize("the 'kiev regime'", MWES) == ["the", "kiev_regime"]
    assert tokenize("so-called", MWES) == ["so_called"]


def test_longest_mwe_wins_and_prefix_falls_back():
    mwes = ["kiev regime", "kiev regime forces"]
    assert tokenize("kiev regime forces and kiev regime force", mwes) == [
        "kiev_regime_forces", "and", "kiev_regime", "force"]


def test_apostrophes_and_dashes_folded():
    assert tokenize("Russia\u2019s Ukraine\u02bcs \u201cwar\u201d \u2014 2022") == ["russia's", "ukraine's", "war", "2022"]
    assert normalize_typography("A\u2011B\u2019") == "a-b'"
    # Ukrainian modifier-letter apostrophe stays inside one word
    assert tokenize("об\u02bcєднання об'єднання") == ["об'єднання", "об'єднання"]


def test_punctuation_dropped_and_lowercased():
    assert tokenize('He said: "Kyiv!" (NATO-Russia) ...') == ["he", "said", "kyiv", "nato-russia"]


def test_mwe_token():
    assert mwe_token("Full\u2013scale   invasion") == "full_scale_invasion"


def test_bad_input():
    assert tokenize(None) == []
    assert tokenize(float("nan")) == []
    with pytest.raises(ParameterError):
        tokenize(42)


def test_agrees_with_nltk_mwetokenizer_on_random_texts():
    """The string-level MWE join equals NLTK's MWETokenizer on the plain tokens."""
    rng = random.Random(7)
    words = ["kiev", "regime", "full-scale", "invasion", "special", "military", "operation", "so-called",
             "revolution", "of", "dignity", "the", "forces"]
    mwes = ["kiev regime", "kiev regime forces", "full-scale invasion", "special military operation",
            "revolution of dignity", "military operation"]
    nltk_mwe = MWETokenizer([tuple(mwe_token(m).split("_")) for m in mwes], separator="_")

    def plain(text):  # split hyphenated words into parts so NLTK sees the MWE words
        return [p for t in tokenize(text) for p in t.split("-")]

    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
        ours = tokenize(text, mwes)
        theirs = nltk_mwe.tokenize(plain(text))
        # NLTK saw hyphenated words split; rejoin the parts of non-MWE hyphenated words for comparison
        expected = []
        for t in theirs:
            if expected and t == "scale" and expected[-1] == "full":
                expected[-1] = "full-scale"
            elif expected and t == "called" and expected[-1] == "so":
                expected[-1] = "so-called"
            else:
                expected.append(t)
        assert ours == expected, text


def test_tokenizer_object_is_picklable_and_equal():
    import pickle

    tok = Tokenizer(MWES)
    again = pickle.loads(pickle.dumps(tok))
    assert again == tok and again("Kiev regime") == ["kiev_regime"]


def test_fast_mwe_scan_equals_the_public_regex():
    # tokenize() finds phrases with two start-skipping patterns instead of mwe_regex's leading
    # lookbehinds; both must give the same joins: at position 0, right after a phrase ending in a
    # non-word character, after apostrophes/hyphens, and with prefix words.
    from framing.tokenize import _join, _join_mwes, _mwe_scanners, mwe_regex

    mwes = ("war in ukraine", "the ukraine", "coup (of 2014)", "crimea)", "crimea", "kiev regime",
            "kiev regime forces", "people's militia", "ward off", "so called")
    scanners = _mwe_scanners(mwes)
    pattern = mwe_regex(mwes)
    rng = random.Random(7)
    pieces = ["war", "in", "ukraine", "the", "coup", "(of", "2014)", "crimea)", "crimea", "kiev", "regime",
              "forces", "people's", "militia", "ward", "off", "so", "called", "x", "'", "-", ")", "("]
    seps = [" ", "-", "", "'", " - ", "\n", ",", ")"]
    fixed = ["the ukraine", "coup (of 2014)the ukraine", "crimea)crimea", "x-the ukraine", "x'the ukraine",
             "kiev regime forces kiev regime", "ward off war in ukraine"]
    texts = fixed + ["".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 10)))
                     for _ in range(3000)]
    for text in texts:
        assert _join_mwes(text, scanners) == pattern.sub(_join, text), text


def test_possessive_token_pattern_equals_token_pattern():
    import re

    from framing.tokenize import _TOKEN_PATTERN_FAST, TOKEN_PATTERN

    rng = random.Random(11)
    alphabet = ["a", "b", "é", "1", "_", "'", "-", " ", "--", "''", ".", "ж"]
    plain, fast = re.compile(TOKEN_PATTERN), re.compile(_TOKEN_PATTERN_FAST)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert fast.findall(text) == plain.findall(text), text


def test_one_pass_scan_then_joined_phrases_equal_tokenize():
    """raw_token_lists + phrase_tokens (what counting uses) give tokenize()'s tokens: phrases at
    the start, after punctuation, after apostrophes/hyphens, glued to each other, starting with
    punctuation, splitting into several tokens, and already written with underscores."""
    from framing.tokenize import phrase_tokens, raw_token_lists

    mwes = ("war in ukraine", "the ukraine", "coup (of 2014)", "crimea)", "kiev regime", "kiev regime forces",
            "people's militia", "ward off", "so called", "anglo-saxons", "full-scale invasion", "(dpr) forces")
    rng = random.Random(3)
    pieces = ["war", "in", "ukraine", "the", "coup", "(of", "2014)", "crimea)", "crimea", "kiev", "regime",
              "forces", "people's", "militia", "ward", "off", "so", "called", "x", "'", "-", ")", "(", "Anglo",
              "saxons", "Anglo-Saxons", "full", "scale", "invasion", "kiev_regime", "(dpr)", "dpr", "Ж", "ß"]
    seps = [" ", "-", "", "'", " - ", "\n", ",", ")", "\u2011", "\u00a0", "_"]
    texts = ["coup (of 2014)the ukraine", "crimea)crimea)", "x-the ukraine", "x'the ukraine", "x(dpr) forces",
             " (dpr) forces", "kiev regime forces kiev regime", "The Ukraine"]
    texts += ["".join(rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    lists, phrase = raw_token_lists(texts, mwes)
    for text, raw in zip(texts, lists):
        joined = [t for r in raw for t in (phrase_tokens(r) if phrase.fullmatch(r) else [r])]
        assert joined == tokenize(text, mwes), text
    assert raw_token_lists(["A b"], None) == ([["a", "b"]], None)


def test_counting_does_not_import_nltk():
    """Counting uses the token pattern directly: NLTK (about 2 s to import) is loaded only by
    tokenize() and collocations, so a notebook that only counts does not pay for it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from framing.counts import count_documents\n"
        "cm = count_documents(['The full-scale invasion of Kyiv', 'Kiev said'], ['a', 'b'], ['full-scale invasion'])\n"
        "assert cm.vocabulary == ['full_scale_invasion', 'kiev', 'kyiv', 'of', 'said', 'the'], cm.vocabulary\n"
        "print('nltk' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
