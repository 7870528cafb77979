"""A lexicon declares its sides (stances, labels, colours, the balance axis), and framing takes
every stance from them: validation, matching, statistics, figures, the explorer and the
validation loop."""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import pytest

from framing import style
from framing.errors import LexiconError, ParameterError
from framing.lexicon import DEFAULT_SIDES, STANCES, Sides, load_lexicon, parse_lexicon, sides_of
from framing.match import match_text

# A climate-change lexicon: stances the Russia-Ukraine defaults do not know.
CLIMATE = textwrap.dedent("""\
    name: climate
    version: "0.1"
    last_reviewed: 2026-01-01
    sides:
      balance: {positive: alarm, negative: doubt}
      stances:
        - id: alarm
          label: climate alarm
          description: those who call for urgent action
        - id: doubt
          description: those who doubt the science or the urgency
        - id: balanced
          neutral: true
        - id: market
    concepts:
      - id: warming
        label: Rising temperatures
        cues: [warming, climate]
        variants:
          - {id: climate_crisis, label: climate crisis, stance: alarm, patterns: [climate crisis], confidence: judgment}
          - {id: hoax, label: climate hoax, stance: doubt, patterns: [climate hoax], confidence: judgment}
          - id: global_warming
            label: global warming
            stance: balanced
            stance_periods: [{from: 2030-01-01, stance: doubt}]
            patterns: [global warming]
            confidence: judgment
          - id: green_growth
            label: green growth
            stance: context
            patterns: [green growth]
            confidence: judgment
            stance_context:
              - {pattern: "so-called", stance: doubt, where: before}
              - {pattern: "invest\\\\w*", stance: market, where: around}
    """)


@pytest.fixture(scope="module")
def climate():
    return parse_lexicon(CLIMATE, source="climate.yaml")


# --- the block and its defaults ------------------------------------------------------------------


def test_a_lexicon_declares_its_own_stances(climate):
    """`stance: alarm` was refused ("use one of kremlin, ukraine_west, neutral, isolationist")."""
    sides = climate.sides
    assert sides.declared and sides.ids == ("alarm", "doubt", "balanced", "market")
    assert (sides.positive, sides.negative, sides.neutral) == ("alarm", "doubt", ("balanced",))
    assert climate.variant("climate_crisis").stance == "alarm"
    assert sides.label("alarm") == "climate alarm" and sides.label("doubt") == "doubt"  # default: the id
    assert sides.description("doubt").startswith("those who doubt")
    # legend order: positive pole, other sides, neutral ones, negative pole
    assert sides.order == ("alarm", "market", "balanced", "doubt")
    assert sides.axis_label() == "← doubt   stance balance   climate alarm →"


def test_colours_left_out_come_from_the_palette_in_a_documented_order(climate):
    """Positive pole vermillion, negative pole blue, then the other sides as listed (orange, ...),
    neutral sides grey: the same lexicon always gets the same colours."""
    assert climate.sides.colours == {"alarm": "#D55E00", "doubt": "#0072B2", "market": "#E69F00",
                                     "balanced": "#999999"}
    assert climate.sides.colours == parse_lexicon(CLIMATE).sides.colours
    # a colour given to one side is skipped by the others
    given = parse_lexicon(CLIMATE.replace("- id: market", '- id: market\n      colour: "#d55e00"'))
    assert given.sides.colours["market"] == "#D55E00" and given.sides.colours["alarm"] == "#0072B2"
    assert given.sides.colours["doubt"] == "#E69F00"


def test_a_lexicon_without_the_block_has_the_default_sides():
    lex = parse_lexicon(textwrap.dedent("""\
        name: old
        version: "1"
        last_reviewed: 2026-01-01
        concepts:
          - id: capital
            label: Capital
            variants:
              - {id: kyiv, label: Kyiv, stance: ukraine_west, patterns: [Kyiv], confidence: judgment}
        """))
    assert lex.sides is DEFAULT_SIDES and not lex.sides.declared
    assert lex.sides.ids == STANCES == ("kremlin", "ukraine_west", "neutral", "isolationist")
    assert lex.sides.poles == ("kremlin", "ukraine_west")
    # the colours every figure of the bundled lexicon had
    assert DEFAULT_SIDES.colours == {"kremlin": "#D55E00", "ukraine_west": "#0072B2", "neutral": "#999999",
                                     "isolationist": "#E69F00"}
    assert style.STANCE_COLORS == DEFAULT_SIDES.colours


def test_the_bundled_lexicon_declares_the_default_sides():
    sides = load_lexicon().sides
    assert sides.declared
    assert (sides.ids, sides.colours, sides.labels, sides.poles, sides.neutral) == (
        DEFAULT_SIDES.ids, DEFAULT_SIDES.colours, DEFAULT_SIDES.labels, DEFAULT_SIDES.poles, DEFAULT_SIDES.neutral)


def test_the_context_pseudo_stance_still_decides_by_rules(climate):
    v = climate.variant("green_growth")
    assert v.stance == "context" and {r.stance for r in v.stance_context} == {"doubt", "market"}
    hits = match_text("Investors like green growth. The so-called green growth is a myth.", climate)
    assert [h["stance"] for h in hits] == ["market", "doubt"]
    assert climate.sides.label("context") == "by context"
    assert climate.sides.colour("context") not in climate.sides.colours.values()


def test_an_undated_hit_of_a_dated_variant_takes_the_lexicons_neutral_side(climate):
    """`undated="neutral"` scored it "neutral", a stance this lexicon does not have."""
    (hit,) = match_text("Global warming again.", climate)
    assert hit["stance"] == "balanced" and hit["stance_basis"] == "undated:neutral"
    (later,) = match_text("Global warming again.", climate, date="2031-05-01")
    assert later["stance"] == "doubt"


def test_sides_api_for_stances_no_side_declares(climate):
    assert climate.sides.label("other") == "other" and climate.sides.colour("other") == style.OTHER_STANCE_COLOUR
    assert climate.sides.rank("other") == len(climate.sides.ids)
    frame = climate.sides.frame()
    assert frame["side"].tolist() == list(climate.sides.order)
    assert frame.set_index("side")["role"].to_dict() == {
        "alarm": "positive pole", "market": "side", "balanced": "neutral", "doubt": "negative pole"}
    assert sides_of(climate) is climate.sides and sides_of(climate.sides) is climate.sides
    assert sides_of(None, ["kremlin", "neutral", ""]) is DEFAULT_SIDES
    auto = sides_of(None, ["alarm", "neutral", "doubt"])
    assert auto.ids == ("alarm", "doubt", "neutral") and auto.neutral == ("neutral",) and auto.poles is None


# --- one-line errors naming file, line and fix ---------------------------------------------------


def _error(text: str) -> str:
    with pytest.raises(LexiconError) as exc:
        parse_lexicon(text, source="climate.yaml")
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith("climate.yaml: ")
    return msg


@pytest.mark.parametrize("old,new,expect", [
    # a variant's stance the sides do not declare: the message lists the sides
    ("stance: alarm, patterns: [climate crisis]", "stance: alarmed, patterns: [climate crisis]",
     r"line 20: variant 'climate_crisis': unknown stance 'alarmed'; use one of alarm, doubt, balanced, market"),
    ("{from: 2030-01-01, stance: doubt}", "{from: 2030-01-01, stance: neutral}",
     r"stance_periods\[0\]: unknown stance 'neutral'; use one of alarm, doubt, balanced, market"),
    ("stance: market, where: around", "stance: investor, where: around",
     r"stance_context\[1\]: unknown stance 'investor'"),
    ("- id: market", "- id: alarm", r"line 14: sides.stances\[3\] \('alarm'\): duplicate side id \(first listed on line 7\)"),
    ("- id: market", '- id: market\n      colour: blue', r"colour 'blue' is not a hex colour; write \"#RRGGBB\" in quotes"),
    ("- id: market", '- id: market\n      colour: #E69F00', r"colour is empty; write it in quotes"),
    ("- id: market", '- id: market\n      colour: "#E69F00"\n      color: "#E69F00"', r"both 'colour' and 'color'; keep one"),
    ("- id: market", "- id: market\n      neutral: maybe", r"neutral must be true or false"),
    ("- id: market", "- id: market\n      colur: red", r"unknown field 'colur'"),
    ("- id: market", "- id: context", r"'context' is reserved"),
    ("- id: market", "- id: Market", r"id must be lower-case"),
    ("balance: {positive: alarm, negative: doubt}", "balance: {positive: alarm, negative: denial}",
     r"line 5: sides.balance: negative: 'denial' is not a side; use one of alarm, doubt, market, or add it"),
    ("balance: {positive: alarm, negative: doubt}", "balance: {positive: balanced, negative: doubt}",
     r"positive: 'balanced' is a neutral side"),
    ("balance: {positive: alarm, negative: doubt}", "balance: {positive: alarm, negative: alarm}",
     r"positive and negative are both 'alarm'"),
    ("balance: {positive: alarm, negative: doubt}", "balance: {positive: alarm}", r"sides.balance: missing required field 'negative'"),
    ("  balance: {positive: alarm, negative: doubt}\n", "",
     r"line 5: sides: name the balance axis: balance: \{positive: alarm, negative: doubt\}"),
])
def test_bad_sides_blocks_and_stances_are_refused_in_one_line(old, new, expect):
    assert old in CLIMATE
    assert re.search(expect, _error(CLIMATE.replace(old, new, 1)))


def test_two_sides_with_one_colour_are_refused():
    text = CLIMATE.replace("label: climate alarm", 'label: climate alarm\n      colour: "#CC79A7"').replace(
        "- id: market", '- id: market\n      colour: "#cc79a7"')
    assert "line 15: sides.stances[3] ('market'): colour #CC79A7 is also side 'alarm''s; give each side its own" in _error(text)


def test_an_empty_or_malformed_sides_block_is_refused():
    start, end = CLIMATE.index("sides:"), CLIMATE.index("concepts:")
    assert "stances must be a non-empty list" in _error(CLIMATE[:start] + "sides:\n  stances: []\n" + CLIMATE[end:])
    assert "sides: must be a mapping" in _error(CLIMATE[:start] + "sides: [alarm, doubt]\n" + CLIMATE[end:])


def test_more_sides_than_palette_colours_asks_for_a_colour():
    start, end = CLIMATE.index("sides:"), CLIMATE.index("concepts:")
    block = "sides:\n  balance: {positive: s0, negative: s1}\n  stances:\n" + "".join(
        f"    - id: s{i}\n" for i in range(len(style.SIDE_PALETTE) + 1))
    text = (CLIMATE[:start] + block + CLIMATE[end:]).replace("stance: alarm", "stance: s0").replace(
        "stance: doubt", "stance: s1").replace("stance: balanced", "stance: s2").replace("stance: market", "stance: s3")
    msg = _error(text)
    assert f"give side 's{len(style.SIDE_PALETTE)}' a colour" in msg


# --- statistics ------------------------------------------------------------------------------------


def _mentions(stances: list[str], outlet: str = "A") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"{outlet}{i}" for i in range(len(stances))], "outlet": outlet,
                         "concept": "warming", "variant": "v", "stance": stances, "voice": "authorial"})


def test_stance_balance_takes_the_poles_from_the_lexicon(climate):
    from framing.stats import stance_balance

    m = pd.concat([_mentions(["alarm"] * 3 + ["doubt"] + ["market", "balanced"]),
                   _mentions(["doubt"] * 2, outlet="B")])
    bal = stance_balance(m, lexicon=climate, n_boot=50).set_index("outlet")
    assert list(bal.columns[1:3]) == ["alarm", "doubt"]
    assert bal.loc["A", "balance"] == pytest.approx((3 - 1) / (3 + 1)) and bal.loc["B", "balance"] == -1
    assert (bal.attrs["positive"], bal.attrs["negative"]) == ("alarm", "doubt")
    # explicit poles still win, one at a time too
    mk = stance_balance(m, lexicon=climate, n_boot=50, positive="market").set_index("outlet")
    assert list(mk.columns[1:3]) == ["market", "doubt"] and mk.loc["A", "balance"] == 0
    # mentions of another lexicon without it: an error that says what to pass, not a table of zeros
    with pytest.raises(ParameterError, match="pass lexicon="):
        stance_balance(m, n_boot=10)
    with pytest.raises(ParameterError, match="both 'doubt'"):
        stance_balance(m, lexicon=climate, positive="doubt", n_boot=10)


def test_stance_balance_without_a_balance_axis_asks_for_poles():
    from framing.stats import stance_balance

    one = parse_lexicon(CLIMATE.replace("  balance: {positive: alarm, negative: doubt}\n", "").replace(
        "- id: doubt", "- id: doubt\n      neutral: true").replace("- id: market", "- id: market\n      neutral: true"))
    assert one.sides.poles is None
    with pytest.raises(ParameterError, match="names no balance axis"):
        stance_balance(_mentions(["alarm", "doubt"]), lexicon=one, n_boot=10)
    ok = stance_balance(_mentions(["alarm", "doubt"]), lexicon=one, n_boot=10, positive="alarm", negative="doubt")
    assert ok["balance"].tolist() == [0.0]


# --- figures ---------------------------------------------------------------------------------------


def test_a_variant_with_two_stances_is_drawn_once_per_stance():
    """A date-dependent variant ("Kiev": neutral until 2019, kremlin after) was stacked twice, each
    time with all its mentions: bars of an outlet that used it in both periods exceeded 100 %."""
    from framing import plots

    m = pd.DataFrame({"outlet": "A", "concept": "capital", "variant": ["kiev", "kiev", "kyiv"],
                      "stance": ["neutral", "kremlin", "ukraine_west"], "voice": "authorial"})
    fig = plots.variant_use_by_outlet(m, voices=["authorial"])
    widths = [p.get_width() for p in fig.axes[0].patches if p.get_width() > 0]
    assert sum(widths) == pytest.approx(1.0) and len(widths) == 3
    colours = {tuple(np.round(p.get_facecolor(), 4)) for p in fig.axes[0].patches if p.get_width() > 0}
    assert len(colours) == 3  # kiev in the neutral grey and in the kremlin colour, kyiv in blue
    legends = [a for a in fig.axes[0].get_children() if type(a).__name__ == "Legend"]
    assert sorted(t.get_text() for lg in legends for t in lg.get_texts()) == [
        "kiev (Kremlin-aligned)", "kiev (neutral)", "kyiv (Ukrainian/Western)"]


def test_figures_of_another_lexicons_mentions_without_it_get_distinct_colours():
    from matplotlib.colors import to_hex

    from framing import plots

    m = pd.DataFrame({"outlet": "A", "concept": "warming", "variant": ["a", "b"], "stance": ["alarm", "doubt"],
                      "voice": "authorial"})
    fig = plots.variant_use_by_outlet(m, voices=["authorial"])
    drawn = {to_hex(p.get_facecolor()) for p in fig.axes[0].patches if p.get_width() > 0}
    assert drawn == {"#d55e00", "#0072b2"}


# --- the validation loop ---------------------------------------------------------------------------


def test_codebook_describes_the_lexicons_sides(climate):
    from framing.validate.sample import codebook

    book = "\n".join(codebook(climate))
    assert "stance = the side whose usage the marker follows at the document's date: alarm, doubt, balanced, market" in book
    assert "alarm (climate alarm): those who call for urgent action" in book
    assert "'global warming' is doubt from 2030-01-01 and balanced otherwise" in book
    assert "a name whose stance depends on the date is balanced" in book
    assert not re.search(r"kremlin|ukrain", book, re.I)
