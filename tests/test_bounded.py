"""Work is bounded: no lexicon pattern can make matching explode, no YAML can expand without end,
and matching one document takes time linear in its length whatever the document holds.

Time is never compared with a fixed budget: each "linear" test compares the times of two inputs
(process time, best of a few runs) and allows a wide margin over the linear ratio.
"""

from __future__ import annotations

import itertools
import multiprocessing
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing import lexicon as lexicon_module
from framing.errors import LexiconError
from framing.lexicon import _bounded, _fallback_source, expand_pattern, load_lexicon, parse_lexicon
from framing.match import match_text
from framing.voice import VoiceClassifier


def regex_risk(pattern: str, flags: int = 0):
    from framing.regex_safety import regex_risk as risk

    return risk(pattern, flags)

MINI = """\
name: mini
version: "0.1"
last_reviewed: 2026-01-01
concepts:
  - id: capital
    label: Capital
    variants:
      - {id: kiev, label: Kiev, stance: kremlin, patterns: [PATTERN], confidence: judgment}
"""


def _best_time(fn, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


# ---------------------------------------------------------------------------------------------
# regular expressions
# ---------------------------------------------------------------------------------------------

#: Shapes that take exponential time (or time growing as a high power of the text's length) in a
#: backtracking engine, and why they are refused.
CATASTROPHIC = {
    r"(a+)+b": "nested quantifier",
    r"(\w+\s?)+$": "nested quantifier",
    r"(x|x)*y": "alternation",
    r"(.*a){12}": "nested quantifier",
    r"(?:a|b|ab)+c": "alternation",
    r"(a|a?)+": "empty string",
    r"(?:a*)*b": "empty string",
    r"(x\w*)+z": "nested quantifier",
    r"(\w*a\w*)+z": "",
    r"((ab)+)+c": "",
    r"(?:(?:a )?(?:a )?)+b": "",
    r"\w*\w*x": "adjacent repeats",
    r".*.*x": "",
    r"Kiev \s*regime": "adjacent repeats",
    r"(?:a+)?a+x": "adjacent repeats",
    r"Kiev.*regime": "to the end of the paragraph",
    r"Kiev(?:\w+ )+regime": "to the end of the paragraph",
    r"(?:\w?){1,12}x": "empty string",
    r"(?:\w+\s?){3}x": "nested quantifier",
    r"(?=(a+)+b)a": "nested quantifier",
    r"(?>(a+)+b)": "nested quantifier",
    r"(?:(?:\S\W|\S))*?\s*+": "",
}


@pytest.mark.parametrize("pattern", sorted(CATASTROPHIC))
def test_catastrophic_patterns_are_refused_with_a_reason(pattern):
    why = regex_risk(_fallback_source(pattern, False))
    assert why, pattern
    assert CATASTROPHIC[pattern] in why


@pytest.mark.parametrize("pattern", sorted(CATASTROPHIC))
def test_lexicon_refuses_catastrophic_patterns_naming_file_line_and_entry(pattern):
    quoted = "'" + pattern.replace("'", "''") + "'"
    with pytest.raises(LexiconError) as err:
        parse_lexicon(MINI.replace("PATTERN", quoted), source="lex.yaml")
    msg = str(err.value)
    assert msg.startswith("lex.yaml: line 8: variant 'kiev': patterns: regex ") and " is refused: " in msg
    assert "\n" not in msg


@pytest.mark.parametrize("pattern", [
    "Russia(?:n|'s)? (?:war|invasion)", r"annex\w*", r"(?:pro{-})?Russian separatists?", r"\w+ regime",
    r"(?:the )?(?:\w+ ){0,3}regime", r"(?:very )*bad", r"(?:[\w'-]+ ){1,3}troops", r"https?://\S+",
    r"[\w.+-]+@[\w-]+\.[\w.-]+", r"(?:\w+\.)+com", r"Zelensk(?:y|yy|iy|ij)\w*", r"\d+(?:st|nd|rd|th) century",
    r"(?:immediate|full)(?:,? (?:immediate|full|30{-}day))* (?:cease{-}fire|truce)", r"pseudo{-} referendum",
])
def test_ordinary_patterns_are_accepted(pattern):
    assert regex_risk(_fallback_source(pattern, False)) is None
    assert regex_risk(_bounded(pattern, False)) is None


def test_every_pattern_of_the_bundled_lexicon_and_the_scanner_regexes_pass():
    lex = load_lexicon()  # every pattern and context rule is checked while loading
    scanner = lex.scanner()
    assert scanner.skipping is not None
    assert regex_risk(scanner.skipping.pattern) is None
    assert regex_risk(scanner.regex.pattern) is None


def test_space_and_hyphen_expansions_match_the_same_texts_in_the_same_order():
    """The expansions were rewritten so that a run of spaces has one parse; against the old forms
    they match the same texts and prefer the same ends, whatever follows."""
    old_space = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
    old_hyphen = r"(?:[^\S\n]*-[^\S\n]*|[^\S\n]+)?"
    bounded_hyphen = r"(?:[^\S\n]{0,20}-[^\S\n]{0,20}|[^\S\n]{1,20})?"  # {-} takes at most 20 spaces
    lx = lexicon_module
    pairs = [(old_space, lx._SPACE), (bounded_hyphen, lx._OPT_HYPHEN), (old_hyphen + old_space, lx._HYPHEN_THEN_SPACE),
             (old_space + old_hyphen, lx._SPACE_THEN_HYPHEN)]
    follows = ["", "a", "(?!\\w)", "-", " ", "\\n", "a|$", "\\s*a", " ?a", "[ -]*$", "\\n?a", "(?<=-)a"]
    for old, new in pairs:
        for f in follows:
            ro, rn = re.compile("x" + old + "(?:" + f + ")"), re.compile("x" + new + "(?:" + f + ")")
            for n in range(7):
                for chars in itertools.product(" -\na", repeat=n):
                    s = "x" + "".join(chars)
                    a, b = ro.match(s), rn.match(s)
                    assert (a and a.span()) == (b and b.span()), (old, f, s)


def test_expansion_joins_a_hyphen_next_to_a_space():
    assert expand_pattern("pseudo{-} vote") == "pseudo" + lexicon_module._HYPHEN_THEN_SPACE + "vote"
    assert expand_pattern("a {-}b") == "a" + lexicon_module._SPACE_THEN_HYPHEN + "b"


def _run_on_adversarial_texts(pattern: str) -> None:
    rx = re.compile(pattern)
    for text in ("a" * 30 + "!", "ab" * 15 + "!", "a " * 15 + "!", " " * 30 + "!", "a-" * 15 + "!", "aa a" * 8 + "!"):
        rx.search(text)
        rx.match(text + "c")


@pytest.fixture(scope="module")
def worker():
    """A child process to run regexes in: one that never returns is killed, not waited for."""
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(1)
    yield pool
    pool.terminate()


_ATOMS = st.sampled_from(["a", "b", r"\w", r"\s", ".", "[ab]", " ", "[a ]", r"\d", r"\S", "[^b]", r"\W", "-", "ab",
                          "{-}", r"\b", "(?=a)", "(?!b)"])
_QUANTIFIERS = st.sampled_from(["*", "+", "?", "{0,3}", "{2,}", "{1,12}", "*?", "+?", "*+", "{1,2}"])
_PATTERNS = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.tuples(inner, _QUANTIFIERS).map(lambda t: "(?:" + t[0] + ")" + t[1]),
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(pattern=_PATTERNS, end=st.sampled_from(["", "c", "$"]))
def test_patterns_the_check_accepts_run_in_bounded_time(worker, pattern, end):
    """Random patterns (as a lexicon compiles them): whatever the check accepts finishes on texts
    made to make a backtracking engine explode (exponential ones would take years)."""
    try:
        source = _fallback_source(pattern + end, False)
        re.compile(source)
    except re.error:
        return
    if regex_risk(source) is not None:
        return
    try:
        worker.apply_async(_run_on_adversarial_texts, (source,)).get(timeout=10)
    except multiprocessing.TimeoutError:
        pytest.fail(f"accepted pattern {pattern + end!r} did not finish on the adversarial texts")


# ---------------------------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------------------------

def test_yaml_aliases_are_refused_before_they_expand():
    bomb = MINI.replace("PATTERN", "Kiev").replace(
        "    label: Capital\n",
        "    label: Capital\n    description: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"    note{k}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]\n" for k in range(8)),
    )
    with pytest.raises(LexiconError, match=r"^lex\.yaml: line 8: YAML alias \*a: aliases"):
        parse_lexicon(bomb, source="lex.yaml")


def test_yaml_nesting_and_size_are_capped():
    with pytest.raises(LexiconError, match="nested more than 64 levels"):
        parse_lexicon("name: " + "[" * 200 + "]" * 200 + "\n", source="lex.yaml")
    with pytest.raises(LexiconError, match="more than 200,000 YAML mappings and lists"):
        parse_lexicon("name: [" + "[]," * 200_001 + "]\n", source="lex.yaml")


def test_window_is_capped():
    text = MINI.replace("PATTERN", "Kiev").replace("confidence: judgment}", "confidence: judgment, window: 5000}")
    with pytest.raises(LexiconError, match="window must be a non-negative integer of at most 2000"):
        parse_lexicon(text, source="lex.yaml")


# ---------------------------------------------------------------------------------------------
# matching time linear in the document's length
# ---------------------------------------------------------------------------------------------

SENTENCES = [
    "Russia launched its full-scale invasion of Ukraine on 24 February 2022.",
    'The Kremlin calls it a "special military operation" and speaks of the Kiev regime.',
    "\u201cWe will liberate Donbas,\u201d said the spokesman, according to TASS.",
    "Officials in Kyiv said the so-called referendum was a sham.",
    "Mr. Putin told reporters: \u2018The Nazis in Kiev must be stopped.\u2019",
    "\u00abThe annexation of Crimea was condemned by the U.S. and the EU",  # never closed
    "\u201cAnalysts said the war would go on for years",  # never closed
]


def _news(n: int) -> str:
    """``n`` characters of news-like sentences with many mentions and quotations, some left open,
    and no line break: one paragraph."""
    out, size, k = [], 0, 0
    while size < n:
        s = SENTENCES[k % len(SENTENCES)]
        out.append(s)
        size += len(s) + 1
        k += 1
    return " ".join(out)[:n]


def _quotation_marks(n: int) -> str:
    """Thousands of quotation marks of every kind, most never closed, no line break."""
    unit = "\u201cThe word Kiev said \u00ab\u2018so-called \u201d regime \" and Mr. X "
    return (unit * (n // len(unit) + 1))[:n]


@pytest.mark.parametrize("make", [_news, _quotation_marks, lambda n: _news(n).replace(".", "")],
                         ids=["news", "quotation marks", "no full stops"])
def test_matching_time_is_linear_in_document_length(make):
    """8 times the text, about 8 times the time (a quadratic part would make it 64)."""
    lex = load_lexicon()
    small, large = make(60_000), make(480_000)
    assert len(match_text(large, lex, "2023-01-01")) > 1000
    ratio = _best_time(lambda: match_text(large, lex, "2023-01-01")) / _best_time(
        lambda: match_text(small, lex, "2023-01-01"))
    assert ratio < 16, ratio


def test_voice_lookups_are_linear_with_thousands_of_quotation_marks():
    def run(text: str) -> None:
        vc = VoiceClassifier(text)
        for m in list(re.finditer(r"Kiev|regime", text))[::5]:
            s, e = m.span()
            vc.voice(s, e), vc.attributed(s, e), vc.sentence(s, e)

    small, large = _quotation_marks(100_000), _quotation_marks(800_000)
    ratio = _best_time(lambda: run(large)) / _best_time(lambda: run(small))
    assert ratio < 16, ratio


def test_pattern_without_a_literal_start_is_tried_once_per_word():
    """``\\w+ war`` has no literal prefix, so it is searched for; from every character of a long
    word it would run to the end of the word and back. Same total length, words 8 times longer:
    about the same time (it was 8 times more)."""
    lex = parse_lexicon(MINI.replace("PATTERN", r"'\w+ war'"))
    short_words = ("a" * 1_000 + " ") * 200
    long_words = ("a" * 8_000 + " ") * 25
    assert match_text(short_words + "big war", lex)[0]["matched"] == "big war"
    ratio = _best_time(lambda: match_text(long_words, lex), 5) / _best_time(lambda: match_text(short_words, lex), 5)
    assert ratio < 3, ratio


def test_runs_of_spaces_inside_a_phrase_cost_linear_time():
    """A space in a pattern next to {-}, before a long run of spaces that does not end the phrase."""
    lex = load_lexicon()
    small, large = "pseudo" + " " * 50_000 + "referendx", "pseudo" + " " * 400_000 + "referendx"
    ratio = _best_time(lambda: match_text(large, lex)) / _best_time(lambda: match_text(small, lex))
    assert ratio < 16, ratio
