"""Typography normalization keeps offsets into the original text exact."""

from __future__ import annotations

import pytest

from framing.normalize import APOSTROPHES, DASHES, DOUBLE_QUOTES, SPACES, ZERO_WIDTH, normalize, normalize_text


@pytest.mark.parametrize("chars,target", [(APOSTROPHES, "'"), (DOUBLE_QUOTES, '"'), (DASHES, "-"), (SPACES, " ")])
def test_each_character_maps_one_to_one(chars, target):
    for c in chars:
        n = normalize(f"a{c}b")
        assert n.text == f"a{target}b", repr(c)
        assert n.offsets is None  # same length: no offset map needed
        assert n.span(1, 2) == (1, 2)


def test_plain_ascii_is_unchanged():
    text = "Kyiv and Kiev, 'quoted' \"double\" full-scale"
    assert normalize(text).text == text


def test_case_is_not_changed():
    assert normalize_text("KYIV Kyiv kyiv") == "KYIV Kyiv kyiv"


@pytest.mark.parametrize("zw", list(ZERO_WIDTH))
def test_zero_width_characters_are_removed_with_an_offset_map(zw):
    original = f"Russia\u2019s full{zw}scale invasion"
    n = normalize(original)
    assert n.text == "Russia's fullscale invasion"
    start = n.text.index("fullscale")
    end = start + len("fullscale invasion")
    a, b = n.span(start, end)
    assert original[a:b] == f"full{zw}scale invasion"
    # a span before the removed character is unchanged; one after it shifts by one
    assert n.span(0, 6) == (0, 6)
    s = n.text.index("invasion")
    a, b = n.span(s, s + 8)
    assert original[a:b] == "invasion" and a == s + 1


def test_offsets_of_every_character_round_trip():
    original = "\u00adA\u200bB\u2011C\u00a0D\ufeff"
    n = normalize(original)
    assert n.text == "AB-C D"
    for i, ch in enumerate(n.text):
        a, b = n.span(i, i + 1)
        assert b - a == 1
        assert normalize_text(original[a:b]) == ch
