"""Voice: quotation spans, distancing cues, scare quotes, attribution and sentences."""

from __future__ import annotations

import pytest

from framing.voice import VoiceClassifier, classify_voice, quote_spans, sentence_spans


def voice_of(text: str, term: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(term, start + 1)
    return classify_voice(text, start, start + len(term))


def quoted_texts(text: str) -> list[str]:
    return [text[q.open : q.close + 1] for q in quote_spans(text)]


# --- quotation spans --------------------------------------------------------------------------


def test_straight_double_quotes():
    t = 'He said "the proxy war goes on" and left. Later "again" here.'
    assert quoted_texts(t) == ['"the proxy war goes on"', '"again"']


def test_curly_quotes_with_nested_single_quotes():
    t = "“Peace talks collapsed because they told Ukraine to ‘keep fighting,’” said Arakhamia."
    spans = quote_spans(t)
    assert [t[q.open : q.close + 1] for q in spans] == [
        "“Peace talks collapsed because they told Ukraine to ‘keep fighting,’”",
        "‘keep fighting,’",
    ]
    assert [q.depth for q in spans] == [0, 1]


def test_apostrophes_are_not_quote_marks():
    t = "Russia’s envoy said it’s over; Kiev's delegation and the Ukrainians’ demands stay."
    assert quote_spans(t) == []


def test_straight_single_quotes_as_quotation():
    t = "Bill Gates 'Prison Awaits' as vaccines"
    assert quoted_texts(t) == ["'Prison Awaits'"]


def test_unclosed_double_quote_stops_at_paragraph_end():
    t = "He said “the special military operation goes on\nNext paragraph special military operation."
    spans = quote_spans(t)
    assert len(spans) == 1 and not spans[0].closed
    assert spans[0].close == t.index("\n")
    assert voice_of(t, "special military operation", 0) == "quoted"
    assert voice_of(t, "special military operation", 1) == "authorial"


def test_unclosed_single_quote_is_dropped():
    t = "In the '90s the Kiev regime did not exist."
    assert quote_spans(t) == []
    assert voice_of(t, "Kiev regime") == "authorial"


def test_guillemets_and_low_quotes():
    assert quoted_texts("Er sagte „Kiew“ und «Kiev» dort.") == ["„Kiew“", "«Kiev»"]


# --- voice ------------------------------------------------------------------------------------


def test_quoted_in_a_long_quotation():
    t = "“The only way forward is dialogue—not fueling a proxy war that drags on,” an aide said."
    assert voice_of(t, "proxy war") == "quoted"


def test_nested_single_quote_inside_a_quotation_is_quoted_not_scare():
    t = "“They call it a ‘special military operation’ but it is a war,” she said."
    assert voice_of(t, "special military operation") == "quoted"


@pytest.mark.parametrize(
    "text",
    [
        "Russia’s “special military operation” entered its third year.",
        'Russia\'s "special military operation" entered its third year.',
        "Russia's 'special military operation' entered its third year.",
        "the “so-called” no: the ‘DPR’ held a vote",
    ],
)
def test_scare_quotes_are_distanced(text):
    term = "DPR" if "DPR" in text else "special military operation"
    assert voice_of(text, term) == "distanced"


@pytest.mark.parametrize(
    "text,term",
    [
        ("Russia's so-called special military operation began.", "special military operation"),
        ("Russia's so called special military operation began.", "special military operation"),
        ("what Moscow calls a special military operation", "special military operation"),
        ("what the Kremlin calls its special military operation", "special military operation"),
        ("what Russia refers to as the special military operation", "special military operation"),
        ("the self-proclaimed Donetsk People's Republic", "Donetsk People's Republic"),
        ("the self\u2011styled DPR", "DPR"),
    ],
)
def test_distancing_cues(text, term):
    assert voice_of(text, term) == "distanced"


def test_cue_too_far_away_does_not_distance():
    t = "The so-called experts, after a long meeting with many officials, spoke of the special military operation."
    assert voice_of(t, "special military operation") == "authorial"


def test_cue_in_previous_paragraph_does_not_distance():
    assert voice_of("so-called\nspecial military operation", "special military operation") == "authorial"


def test_authorial_and_attribution():
    t = "According to Bloomberg, the council has been frozen since Russia’s full-scale invasion of Ukraine."
    vc = VoiceClassifier(t)
    s = t.index("full-scale")
    assert vc.voice(s, s + 19) == "authorial"
    assert vc.attributed(s, s + 19) is True
    t2 = "The council has been frozen since Russia’s full-scale invasion of Ukraine."
    s2 = t2.index("full-scale")
    assert VoiceClassifier(t2).attributed(s2, s2 + 19) is False


def test_attribution_verb_inside_the_quote_does_not_count():
    t = "Kiev “said nothing” about the talks."
    assert VoiceClassifier(t).attributed(0, 4) is False


# --- sentences ---------------------------------------------------------------------------------


def test_sentence_splitter_guards_abbreviations_and_initials():
    t = "Gen. Keith Kellogg met U.S. envoys. Mr. Witkoff and J. Kushner flew in. Talks began!\nNew para"
    assert [t[a:b] for a, b in sentence_spans(t)] == [
        "Gen. Keith Kellogg met U.S. envoys.",
        "Mr. Witkoff and J. Kushner flew in.",
        "Talks began!",
        "New para",
    ]


def test_sentence_ends_after_closing_quote():
    t = "He said “no.” Then Kyiv replied."
    assert [t[a:b] for a, b in sentence_spans(t)] == ["He said “no.”", "Then Kyiv replied."]


def test_sentence_of_a_span():
    t = "First one. The Kiev regime fell?  No.\nLast"
    vc = VoiceClassifier(t)
    s = t.index("Kiev")
    assert vc.sentence(s, s + 11) == "The Kiev regime fell?"


def test_double_prime_closes_a_quote():
    t = "He said “we are at grave risk.″ Trump pressed Zelensky."
    assert voice_of(t, "Zelensky") == "authorial"


def test_run_together_paragraphs_reopening_a_quote():
    t = "“Heavy fighting near Kharkiv. “Russia’s main effort is Bakhmut.” The Kiev regime was not mentioned."
    assert voice_of(t, "Kharkiv") == "quoted"
    assert voice_of(t, "Bakhmut") == "quoted"
    assert voice_of(t, "Kiev regime") == "authorial"


def test_unclosed_single_quote_after_a_speech_cue_runs_to_paragraph_end():
    t = "A spokesperson said: 'At 4.20am today, the Kyiv regime carried out an attack on the fleet\nThe Kyiv regime denied it."
    assert voice_of(t, "Kyiv regime", 0) == "quoted"
    assert voice_of(t, "Kyiv regime", 1) == "authorial"


def test_local_sentence_lookup_agrees_with_splitting_the_paragraph():
    from pathlib import Path
    import re as _re

    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = sentence_spans(text)
        vc = VoiceClassifier(text)
        for m in list(_re.finditer(r"\w+", text))[::7]:
            expected = next((a, b) for a, b in spans if a <= m.start() < b)
            assert vc.sentence_span(m.start(), m.end()) == expected, (path.name, m.group())


def test_overlong_sentence_is_cut_around_the_mention():
    from framing.voice import MAX_SENTENCE

    text = "word " * 400 + "the Kiev regime " + "word " * 400
    s = text.index("Kiev regime")
    out = VoiceClassifier(text).sentence(s, s + 11)
    assert out.startswith("… ") and out.endswith(" …") and "Kiev regime" in out
    assert len(out) <= MAX_SENTENCE + 4


def test_headline_name_colon_is_attribution():
    t = "Lavrov: the special operation will go on\nUkraine crisis: what we know"
    vc = VoiceClassifier(t)
    s = t.index("special operation")
    assert vc.voice(s, s + 17) == "authorial" and vc.attributed(s, s + 17) is True
    s2 = t.index("what")
    assert vc.attributed(s2, s2 + 4) is False  # "Ukraine crisis:" is a topic label, not a name
    t3 = "The special operation will go on."
    assert VoiceClassifier(t3).attributed(4, 21) is False


# --- the local sentence lookup equals the full paragraph split ----------------------------------


def _reference_sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of a span by splitting its whole paragraph with :func:`sentence_spans` (the
    straightforward algorithm that :meth:`VoiceClassifier.sentence_span` must reproduce)."""
    import bisect

    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", a)
    b = len(text) if b == -1 else b
    offset = a
    sents = [(x + offset, y + offset) for x, y in sentence_spans(text[a:b])] or [(a, b)]
    starts = [x for x, _ in sents]
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    j = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, i)
    return min(sents[i][0], start), max(sents[j][1], end)


_PIECES = [
    "Mr.", "Mrs.", "Gen.", "Jan.", "U.S.", "J.", "e.g.", "No.", "5", "No. 5", "no. five", "Art. 207.3",
    "Kyiv", "Kiev", "the", "said", "war", "Donetsk", "(DPR)", "“quote.”", "'single.'", "«Bah!»",
    "end.", "end?", "end!", "end?!", "end...", "end.)", "end.]", "end.”", "end.’", "‘so", "3.5",
    "A", "B.", "Ukraine.", "1945.", "\u00c9tat.", "\"Yes.\"", "'90s", "end.”)", "(“Bah!»)]", "?”’",
]
_GAPS = [" ", " ", " ", "  ", "\t", " \n", "\n", "\n\n", " \n \n ", "\u00a0", "\u2003"]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        words = [rng.choice(_PIECES) for _ in range(rng.randint(0, 40))]
        parts = [rng.choice(["", " ", "\n", "  \n "])]
        for w in words:
            parts.append(w)
            parts.append(rng.choice(_GAPS) if rng.random() < 0.3 else " ")
        texts.append("".join(parts))
    return texts


_FIXED_TEXTS = [
    "",
    " ",
    "\n\n",
    "   \n  Kyiv  \n",
    "Gen. Kellogg met Mr. Umerov in Kyiv. Talks went on.\nNew line",
    "See No. 5 and No. five. Then Art. 207.3 applied. J. R. R. Tolkien wrote. The U.S. Army left.",
    "He said “no.” Then Kyiv replied. “Again!” she said. 'Yes.' Fine.",
    "end?! Next one... Third. ) Fourth.) Fifth.\" Sixth.” Seventh",
    "  leading and trailing whitespace.   Another sentence.   ",
    # more than the first window of abbreviations and initials before any real boundary
    "Real end. " + "Mr. A. " * 120 + "Kyiv regime here. After.",
    "No boundary at all " * 60 + "Kyiv",
    "First.\n\nSecond paragraph. Kiev\nregime crosses a line break. Last.",
]


@pytest.mark.parametrize("text", _FIXED_TEXTS + _random_texts(300))
def test_sentence_span_equals_full_paragraph_split(text):
    import random
    import re as _re

    spans = set()
    words = list(_re.finditer(r"\S+", text))
    for k, m in enumerate(words):
        for width in (0, 1, 2, 3):  # hits of one to four words, possibly across sentences/lines
            if k + width < len(words):
                spans.add((m.start(), words[k + width].end()))
        spans.add((m.start(), m.start() + 1))
        if m.end() - m.start() > 2:
            spans.add((m.start() + 1, m.end() - 1))  # starting or ending inside a word or mark
    for i in range(len(text)):  # spans starting anywhere: in whitespace, inside a "?!)" run, ...
        spans.add((i, i + 1))
        spans.add((i, min(len(text), i + 5)))
    spans = sorted(s for s in spans if s[0] < s[1])
    random.Random(len(text)).shuffle(spans)  # memoized state reached in any order
    vc = VoiceClassifier(text)
    for start, end in spans:
        expected = _reference_sentence_span(text, start, end)
        assert vc.sentence_span(start, end) == expected, (text, start, end)
        assert VoiceClassifier(text).sentence_span(start, end) == expected, (text, start, end)


@pytest.mark.parametrize("text", _FIXED_TEXTS[:8] + _random_texts(40, seed=3))
def test_sentence_span_at_every_position(text):
    """Every position, in order, through one classifier: each lookup starts from the pieces the
    earlier ones found."""
    vc = VoiceClassifier(text)
    for start in range(len(text)):
        for end in (start + 1, min(len(text), start + 12)):
            if start < end:
                assert vc.sentence_span(start, end) == _reference_sentence_span(text, start, end), (text, start, end)


def test_quote_marks_skip_exactly_the_apostrophes_inside_words():
    """The quotation-mark regex drops ’ and ' between two characters that str.isalnum accepts,
    and nothing else (the per-character rule it replaced)."""
    import random

    from framing.voice import _QUOTE_MARKS

    marks = "\"“”„‟«»‘’'‚‹›″"
    rng = random.Random(5)
    alphabet = list(marks) + list("ab1_ ,.-\n") + ["é", "\u0663", "\u00b2", "\u2168", "\u0301", "\u4e2d"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        stop = rng.randint(start, len(text))
        if start > 0 and text[start - 1].isalnum():
            continue  # paragraphs start after a line break: the lookbehind never sees a letter
        expected = []
        for i in range(start, stop):
            c = text[i]
            if c not in marks:
                continue
            prev = text[i - 1] if i > start else " "
            nxt = text[i + 1] if i + 1 < stop else " "
            if c in "’'" and prev.isalnum() and nxt.isalnum():
                continue
            expected.append(i)
        got = [m.start() for m in _QUOTE_MARKS.finditer(text, start, stop)]
        assert got == expected, (text, start, stop)


def test_attribution_cue_lookahead_lists_every_alternatives_first_letter():
    import re as _re

    from framing.voice import ATTRIBUTION_CUE

    pattern = ATTRIBUTION_CUE.pattern
    guard = _re.match(r"\\b\(\?=\[(\w+)\]\)\(\?:", pattern)
    assert guard is not None
    body = pattern[guard.end():]
    depth, alternatives, current = 0, [], ""
    for c in body:
        if depth == 0 and c in "|)":
            alternatives.append(current)
            current = ""
            if c == ")":
                break
            continue
        depth += c == "("
        depth -= c == ")"
        current += c
    assert {a[0] for a in alternatives} == set(guard.group(1))
    plain = _re.compile(r"\b(?:" + body, _re.IGNORECASE)
    for t in ["He SAID so", "ſaid", "İnsisted", "according  to sources", "The Kremlin claims", "none here",
              "as quoted by", "Kyiv_said", "in the words of", "argued", "Wrote"]:
        assert (ATTRIBUTION_CUE.search(t) is None) == (plain.search(t) is None), t


# --- reported speech, run-together paragraphs, insertions, characterisations, embedded posts -----
def _voice_of(text, term, occurrence=1):
    from framing.voice import VoiceClassifier

    i = -1
    for _ in range(occurrence):
        i = text.index(term, i + 1)
    return VoiceClassifier(text).voice(i, i + len(term))


@pytest.mark.parametrize("text,term,expected", [
    # only words inside quotation marks are someone else's: paraphrase and "X said that" are the outlet's
    ("He went on to accuse Kiev of shelling civilians.", "Kiev", "authorial"),
    ("Peskov said the military operation would continue.", "military operation", "authorial"),
    # a curly quotation closed with a straight mark ends there
    ("“Ukraine pursues integration,\" he said. NATO opened its doors to Kiev in 2008.", "Kiev", "authorial"),
    # paragraphs run together: a quotation reopened after a sentence end ends the previous stretch
    ("The embassy told citizens: 'If you hear a siren, seek cover. 'If in a home, stay away from windows.' "
     "The attack on Kyiv was a distraction, they suggested.", "Kyiv", "authorial"),
    ("Looney said: 'This quarter reflects our work. 'We remain focused on energy.' Prices rose after the "
     "invasion of Ukraine.", "invasion", "authorial"),
    ('He said: "We stand with Kyiv. "We will not waver," he added. Later Kiev answered.', "Kiev", "authorial"),
    ('He said: "We stand with Kyiv. "We will not waver," he added.', "Kyiv", "quoted"),
    # an editor's insertion in square brackets inside a quotation is the outlet's
    ("Giuliani said: “All we need from the president [Zelensky] is an honest prosecutor.”", "Zelensky", "authorial"),
    ("Giuliani said: “All we need from Zelensky is an honest prosecutor.”", "Zelensky", "quoted"),
    # a characterisation attributed to others holds the label at arm's length
    ("Officials have described the conflict as a proxy war.", "proxy war", "distanced"),
    ("Moscow calls the war a special military operation.", "special military operation", "distanced"),
    ("Kyiv branded the strikes war crimes.", "war crimes", "distanced"),
    ("Leaders called for a ceasefire in the east.", "ceasefire", "authorial"),
    ("In terms of the war, little changed.", "war", "authorial"),
    # an embedded post (signature under it) is its author's words
    ("The president posted a message. Russia's war against Ukraine must end now. pic.twitter.com/abc123 "
     "The outlet went on.", "war against Ukraine", "quoted"),
    ("Glory to Ukraine! The invasion will fail. — Volodymyr Zelenskyy (@ZelenskyyUa) February 24, 2022\n"
     "Officials said the invasion began at dawn.", "invasion", "quoted"),
])
def test_voice_of_reported_speech_and_shapes(text, term, expected):
    assert _voice_of(text, term) == expected


def test_embedded_post_does_not_reach_past_its_paragraph():
    text = ("Officials said the invasion began at dawn.\nGlory to Ukraine! — Volodymyr Zelenskyy (@ZelenskyyUa) "
            "February 24, 2022")
    assert _voice_of(text, "invasion") == "authorial"
