"""The bundled lexicon loads and covers the research sheet; every validation error names file, line,
entry and problem."""

from __future__ import annotations

import re
import textwrap

import pandas as pd
import pytest

from framing import cli
from framing.errors import LexiconError
from framing.lexicon import (
    DEFAULT_LEXICON,
    STANCES,
    expand_pattern,
    literal_prefixes,
    load_lexicon,
    parse_lexicon,
)


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


# --- the bundled lexicon ------------------------------------------------------------------------


def test_bundled_lexicon_metadata(lex):
    assert lex.name == "russia_ukraine"
    assert re.fullmatch(r"\d+\.\d+\.\d+", lex.version)
    assert pd.Timestamp(lex.last_reviewed) >= pd.Timestamp("2026-01-01")
    assert len(lex.sha256) == 64
    assert lex.path == str(DEFAULT_LEXICON)


def test_every_section_of_the_research_sheet_is_covered(lex):
    sections = set()
    for c in lex.concepts:
        sections.update(s.strip() for s in c.section.split(","))
    assert {str(i) for i in range(1, 10)} <= sections


@pytest.mark.parametrize(
    "variant,stance",
    [
        ("maidan_coup", "kremlin"), ("revolution_of_dignity", "ukraine_west"), ("reunification", "kremlin"),
        ("annexation_crimea", "ukraine_west"), ("special_military_operation", "kremlin"),
        ("full_scale_invasion", "ukraine_west"), ("new_regions", "kremlin"), ("occupied_territories", "ukraine_west"),
        ("kiev_regime", "kremlin"), ("putin_regime", "ukraine_west"), ("collective_west", "kremlin"),
        ("endless_war", "isolationist"), ("kyiv", "ukraine_west"), ("kiev", "kremlin"), ("artemovsk", "kremlin"),
        ("zelenskyy", "neutral"), ("root_causes", "kremlin"), ("ceasefire", "neutral"),
    ],
)
def test_key_variants_and_their_present_day_stance(lex, variant, stance):
    assert lex.variant(variant).stance == stance


def test_variants_frame_contract(lex):
    df = lex.variants_frame()
    assert list(df.columns[:5]) == ["concept", "variant", "label", "stance", "confidence"]
    assert df["variant"].is_unique
    assert set(df["stance"]) <= set(STANCES) | {"context"}
    assert set(df["confidence"]) == {"sourced", "judgment"}
    # personal-name spellings are style markers, never a stance
    names = df[df["concept"] == "zelensky_surname"]
    assert set(names["stance"]) == {"neutral"} and set(names["kind"]) == {"style"}
    # every sourced variant cites a source that exists
    for v in lex.variants:
        if v.confidence == "sourced":
            assert v.sources and all(s in lex.sources for s in v.sources)


def test_multiword_expressions(lex):
    mwes = lex.multiword_expressions()
    assert "full-scale invasion" in mwes and "special military operation" in mwes
    assert "Kyiv" not in mwes
    assert mwes == sorted(set(mwes), key=lambda s: (s.lower(), s))


def test_date_aware_stance_of_kiev(lex):
    kiev = lex.variant("kiev")
    assert kiev.stance_on(pd.Timestamp("2014-03-01")) == "neutral"
    assert kiev.stance_on(pd.Timestamp("2019-12-31")) == "neutral"
    assert kiev.stance_on(pd.Timestamp("2020-01-01")) == "kremlin"
    assert kiev.stance_on(None) == "kremlin"
    assert lex.variant("ukraine_crisis").stance_on(pd.Timestamp("2015-01-01")) == "neutral"
    assert lex.variant("ukraine_crisis").stance_on(pd.Timestamp("2023-01-01")) == "kremlin"


# --- pattern conventions --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["full-scale", "full scale", "fullscale", "full - scale", "full  scale"])
def test_optional_hyphen_macro(text):
    assert re.fullmatch(expand_pattern("full{-}scale"), text)


def test_space_allows_one_line_break_not_a_paragraph():
    rx = expand_pattern("Kiev regime")
    assert re.fullmatch(rx, "Kiev\nregime") and re.fullmatch(rx, "Kiev \t regime")
    assert not re.fullmatch(rx, "Kiev\n\nregime")
    assert re.fullmatch(expand_pattern("[ ]x"), " x")  # spaces inside a class stay literal


def test_scanner_candidates_cover_every_match(lex):
    """Every match of every pattern starts at a candidate position the one-pass scanner reports
    (checked on a text made of all labels, run together and separated by odd whitespace)."""
    labels = [v.label for v in lex.variants]
    text = ("  \n ".join(labels) + " the Ukraine crisis, Russia\u2019s full scale invasion").replace("\u2019", "'")
    lowered = text.lower()
    cands = lex.scanner().candidates(lowered)
    n = 0
    for _concept, cps in lex.compiled():
        for cp in cps:
            assert cp.prefixes, cp.variant.id
            hay = lowered if cp.lower else text
            for m in cp.regex.finditer(hay):
                if m.start() and (hay[m.start() - 1].isalnum() or hay[m.start() - 1] == "_"):
                    continue  # not at a word edge: never a hit
                assert m.start() in cands.get(cp, []), (cp.variant.id, m.group())
                n += 1
    assert n > 150


def test_scanner_candidates_cover_every_match_with_separator_variants(lex):
    """The same with each label's spaces and hyphens written every way a pattern may accept them
    (hyphen, spaced hyphen, none, a line break, a run of spaces): the prefixes run through optional
    separators and fold whitespace runs, so these are the cases that could slip past them."""
    import itertools

    seps = ["-", " - ", "", "\n", "   ", " "]
    pieces = []
    for v in lex.variants:
        words = re.split(r"[ -]", v.label)
        if len(words) > 1:
            for a, b in itertools.product(seps, repeat=2):
                pieces.append(a.join(words[:2]) + (b + b.join(words[2:]) if words[2:] else ""))
    text = " . ".join(pieces)
    lowered = text.lower()
    assert len(lowered) == len(text)
    cands = lex.scanner().candidates(lowered)
    n = 0
    for _concept, cps in lex.compiled():
        for cp in cps:
            hay = lowered if cp.lower else text
            for m in cp.regex.finditer(hay):
                if m.start() and (hay[m.start() - 1].isalnum() or hay[m.start() - 1] == "_"):
                    continue
                assert m.start() in cands.get(cp, []), (cp.variant.id, m.group())
                n += 1
    assert n > 500


def test_word_skipping_scan_finds_the_same_candidates_as_the_lookahead_scan(lex):
    """The scanner's fast regex (skips whole words) reports exactly the positions and prefixes of
    the plain lookahead regex, on overlapping prefixes, punctuation runs and the text's edges."""
    sc = lex.scanner()
    assert sc.skipping is not None
    labels = [v.label for v in lex.variants]
    texts = [
        " ".join(labels).lower(),
        "...the ukraine crisis; the uk  ukraine's -- u.s.-backed, us\nrussia's kyiv",
        "kyiv",
        "!!??",
        "",
        "xkyiv kyivx _kyiv kyiv_ kyiv",
        "the ukraine the ukraine the",
    ]
    for text in texts:
        plain = [(m.start(), m.group(1)) for m in sc.regex.finditer(text)]
        fast = [(m.start(1), m.group(1)) for m in sc.skipping.finditer(text) if m.group(1) is not None]
        assert fast == plain, text


def test_literal_prefixes_examples():
    assert literal_prefixes("kiev(?!\\w)") == frozenset({"kiev"})
    assert literal_prefixes("annex(?:ation|ed)?") == frozenset({"annex"})
    assert literal_prefixes("(?:a|b)c") == frozenset({"ac", "bc"})
    # a space = any whitespace run, and counts as one character however it is expanded
    assert literal_prefixes(expand_pattern("the ukraine")) == frozenset({"the ukraine"})
    assert literal_prefixes(expand_pattern("the ukraine"), max_len=8) == frozenset({"the ukra"})
    # an optional group goes on into the rest of the pattern; a repeated one stops after one turn
    assert literal_prefixes("a(?:bc)?d") == frozenset({"abcd", "ad"})
    assert literal_prefixes("a(?:bc)*d") == frozenset({"abc", "ad"})
    assert literal_prefixes(expand_pattern("russian{-}occupied")) == frozenset(
        {"russianoccup", "russian occu", "russian-occu", "russian -occ", "russian- occ", "russian - oc"})
    assert literal_prefixes(".*war") is None


# --- validation errors ------------------------------------------------------------------------------

GOOD = """\
name: t
version: "1"
last_reviewed: 2026-01-01
sources:
  s1: {citation: "A source", url: "https://example.org"}
concepts:
  - id: capital
    label: Capital
    variants:
      - id: kyiv
        label: Kyiv
        stance: ukraine_west
        patterns: ["Kyiv"]
        confidence: sourced
        sources: [s1]
      - id: kiev
        label: Kiev
        stance: kremlin
        patterns: ["Kiev"]
        confidence: judgment
        stance_periods:
          - {until: 2019-12-31, stance: neutral}
"""


def write(tmp_path, text, name="lex.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_minimal_lexicon(tmp_path):
    lex = load_lexicon(write(tmp_path, GOOD))
    assert [v.id for v in lex.variants] == ["kyiv", "kiev"]
    assert lex.variant("kiev").line == 16


def error_of(tmp_path, text) -> str:
    with pytest.raises(LexiconError) as info:
        load_lexicon(write(tmp_path, text))
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(str(tmp_path / "lex.yaml"))
    return msg


def test_error_yaml_syntax_with_line(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('patterns: ["Kyiv"]', 'patterns: ["Kyiv"'))
    assert "YAML syntax error" in msg and re.search(r"line 1[3-5]", msg)


def test_error_bad_regex(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('patterns: ["Kiev"]', 'patterns: ["Kiev(?:"]'))
    assert "line 16" in msg and "variant 'kiev'" in msg and "bad regex 'Kiev(?:'" in msg


def test_error_bad_exclude_regex(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('patterns: ["Kiev"]', 'patterns: ["Kiev"]\n        exclude: ["chicken [Kiev"]'))
    assert "variant 'kiev'" in msg and "exclude: bad regex" in msg


def test_error_unknown_stance(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("stance: kremlin", "stance: kremln"))
    assert "line 16" in msg and "unknown stance 'kremln'" in msg and "kremlin, ukraine_west, neutral, isolationist" in msg


def test_error_unknown_stance_in_period(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("stance: neutral}", "stance: neutrall}"))
    assert "stance_periods[0]: unknown stance 'neutrall'" in msg


def test_error_duplicate_variant_id(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("- id: kiev", "- id: kyiv"))
    assert "line 16" in msg and "variant 'kyiv'" in msg and "duplicate variant id (first defined on line 10)" in msg


def test_error_duplicate_concept_id(tmp_path):
    extra = GOOD + """\
  - id: capital
    label: Again
    variants:
      - {id: other, label: o, stance: neutral, patterns: [o], confidence: judgment}
"""
    msg = error_of(tmp_path, extra)
    assert "concept 'capital'" in msg and "duplicate concept id (first defined on line 7)" in msg


@pytest.mark.parametrize(
    "field,line",
    [("stance", "        stance: ukraine_west\n"), ("patterns", '        patterns: ["Kyiv"]\n'),
     ("confidence", "        confidence: sourced\n"), ("label", "        label: Kyiv\n")],
)
def test_error_missing_variant_field(tmp_path, field, line):
    assert line in GOOD
    msg = error_of(tmp_path, GOOD.replace(line, ""))
    assert f"missing required field '{field}'" in msg and "line 10" in msg and "'kyiv'" in msg


def test_error_missing_top_level_field(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('version: "1"\n', ""))
    assert "top level: missing required field 'version'" in msg


def test_error_unknown_field_catches_typos(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("confidence: judgment", "confidence: judgment\n        exlude: [x]"))
    assert "unknown field 'exlude'" in msg and "variant" in msg


def test_error_unknown_source(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("sources: [s1]", "sources: [s2]"))
    assert "unknown source 's2'" in msg


def test_error_sourced_needs_sources(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("        sources: [s1]\n", ""))
    assert "confidence 'sourced' needs at least one id in 'sources'" in msg


def test_error_bad_confidence(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("confidence: judgment", "confidence: sure"))
    assert "unknown confidence 'sure'" in msg


def test_error_overlapping_periods(tmp_path):
    msg = error_of(tmp_path, GOOD.replace(
        "- {until: 2019-12-31, stance: neutral}",
        "- {until: 2019-12-31, stance: neutral}\n          - {from: 2019-06-01, stance: kremlin}"))
    assert "stance_periods[0] and [1] overlap" in msg


def test_error_bad_period_date(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("until: 2019-12-31", "until: 31.12.2019"))
    assert "is not a date; write YYYY-MM-DD" in msg


def test_error_duplicate_yaml_key(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("stance: kremlin", "stance: kremlin\n        stance: neutral"))
    assert "duplicate key 'stance'" in msg and "line 19" in msg


def test_error_named_group_and_empty_match(tmp_path):
    assert "named group" in error_of(tmp_path, GOOD.replace('["Kiev"]', '["(?P<x>Kiev)"]'))
    assert "matches the empty string" in error_of(tmp_path, GOOD.replace('["Kiev"]', '["(?:Kiev)?"]'))


def test_error_context_stance_needs_rules(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("stance: kremlin", "stance: context"))
    assert "unknown stance 'context'" in msg and "stance_context" in msg


def test_error_missing_file_and_not_a_mapping(tmp_path):
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon(tmp_path / "nope.yaml")
    with pytest.raises(LexiconError, match="must be a YAML mapping"):
        parse_lexicon("- a\n- b\n", source="x.yaml")


# --- command line ---------------------------------------------------------------------------------


def test_cli_lexicon_check(capsys):
    assert cli.main(["lexicon", "check"]) == 0
    out = capsys.readouterr().out
    lex = load_lexicon()
    assert f"{len(lex.concepts)} concepts, {len(lex.variants)} variants" in out and "OK" in out


def test_cli_lexicon_check_bad_file_is_one_line(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("stance: kremlin", "stance: bogus"))
    assert cli.main(["lexicon", "check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown stance 'bogus'" in err[0]


def test_cli_lexicon_list_csv(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    assert cli.main(["lexicon", "list", str(path), "--format", "csv"]) == 0
    from io import StringIO

    df = pd.read_csv(StringIO(capsys.readouterr().out))
    assert df[["variant", "stance"]].values.tolist() == [["kyiv", "ukraine_west"], ["kiev", "kremlin"]]
    assert df.loc[1, "stance_periods"] == "..2019-12-31: neutral"


def test_lexicon_pickles_for_worker_processes(lex):
    """Dask/multiprocessing workers receive the lexicon by pickle; matching is unchanged."""
    import pickle

    from framing.match import match_text

    back = pickle.loads(pickle.dumps(lex))
    text = "Russia\u2019s so-called special military operation; the Kiev regime; Odessa, Texas."
    assert match_text(text, back, "2023-01-01") == match_text(text, lex, "2023-01-01")


def test_error_inline_flags_and_encoding(tmp_path):
    assert "inline flags" in error_of(tmp_path, GOOD.replace('["Kiev"]', '["(?-i:Kiev)"]'))
    assert "inline flags" in error_of(tmp_path, GOOD.replace('["Kiev"]', '["(?i)Kiev"]'))
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Kyiv", "Kyïv").encode("latin-1"))
    with pytest.raises(LexiconError, match="not UTF-8 text"):
        load_lexicon(path)


@pytest.mark.parametrize(
    "old,new,problem",
    [
        ("confidence: judgment", "confidence: judgment\n        signal: loud", "unknown signal 'loud'"),
        ("confidence: judgment", "confidence: judgment\n        kind: tone", "unknown kind 'tone'"),
        ("confidence: judgment", "confidence: judgment\n        window: -5", "window must be a non-negative integer"),
        ('["Kiev"]', '["(K)iev\\\\1"]', "backreference"),
        ("- id: kiev", "- id: Kiev-2", "id must be lower-case letters"),
        ("- {until: 2019-12-31, stance: neutral}", "- {stance: neutral}", "needs a 'from' and/or 'until' date"),
        ("- {until: 2019-12-31, stance: neutral}", "- {from: 2020-01-01, until: 2019-01-01, stance: neutral}", "is after until"),
        ("stance: kremlin", "stance: context\n        stance_context: [{pattern: 'Russian forces', stance: kremlin, where: inside}]",
         "where must be before, after or around"),
        ("stance: kremlin", "stance: context\n        stance_context: [{stance: kremlin}]", "needs 'pattern' and 'stance'"),
        ("stance: kremlin", "stance: context\n        stance_context: [{pattern: 'x(', stance: kremlin}]", "stance_context[0]: bad regex"),
    ],
)
def test_error_more_variant_problems(tmp_path, old, new, problem):
    assert old in GOOD
    msg = error_of(tmp_path, GOOD.replace(old, new))
    assert problem in msg and ("'kiev'" in msg or "'Kiev-2'" in msg)


def test_stance_context_rules_parse_and_apply(tmp_path):
    from framing.match import match_text

    text = GOOD.replace("stance: kremlin", "stance: context\n        stance_context:\n"
                        "          - {pattern: 'pro-Moscow', stance: kremlin, where: before}\n"
                        "          - {pattern: 'is the capital', stance: neutral, where: after}")
    lex = load_lexicon(write(tmp_path, text))
    assert lex.variant("kiev").stance == "context"
    assert [h["stance"] for h in match_text("pro-Moscow Kiev", lex, "2023-01-01")] == ["kremlin"]
    assert [h["stance"] for h in match_text("Kiev is the capital", lex, "2023-01-01")] == ["neutral"]
    assert match_text("Kiev again", lex, "2023-01-01") == []
