"""The error classes hand coding found, on sentences written for the purpose: modality, proper
names, term boundaries and date-dependent spellings inside longer terms. (Voice: tests/test_voice.py.)"""

from __future__ import annotations

import pytest

from framing.lexicon import load_lexicon
from framing.match import match_text


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def rows(text, lex, date="2023-03-01"):
    return match_text(text, lex, date)


def by_variant(text, lex, variant, date="2023-03-01"):
    found = [h for h in rows(text, lex, date) if h["variant"] == variant]
    assert len(found) == 1, (text, [h["variant"] for h in rows(text, lex, date)])
    return found[0]


# --- modality ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,variant,modality", [
    ("Should Russia invade Ukraine, sanctions will follow.", "invaded", "hypothetical"),
    ("The US warned that a Russian invasion of Ukraine could come within days.", "invasion", "hypothetical"),
    ("Moscow denies any plan to launch an invasion of Ukraine.", "invasion", "negated"),
    ("There was no coup in Kyiv in 2014, historians say.", "maidan_coup", "negated"),
    ("Russia's invasion of Ukraine began on 24 February.", "invasion", "asserted"),
    ("Peskov said the special military operation would continue.", "special_military_operation", "asserted"),
])
def test_every_mention_row_carries_its_modality_and_cue(lex, text, variant, modality):
    h = by_variant(text, lex, variant, date="2022-02-10")
    assert h["modality"] == modality
    assert (h["modality_cue"] != "") == (modality != "asserted")


def test_a_spelling_in_a_conditional_keeps_its_modality_but_the_statistics_count_it(lex):
    from framing.stats import select_modality
    import pandas as pd

    hits = rows("If Russia attacks Kiev, it would be an invasion of Ukraine.", lex, "2022-02-10")
    m = pd.DataFrame(hits)
    kiev = m[m.variant == "kiev"].iloc[0]
    assert kiev["modality"] == "hypothetical" and kiev["kind"] == "spelling"
    kept, left_out = select_modality(m)
    assert "kiev" in set(kept.variant) and "invasion" not in set(kept.variant)
    assert left_out["variant"].tolist() == ["invasion"]


# --- proper names -----------------------------------------------------------------------------
@pytest.mark.parametrize("text,absent", [
    ("He wrote for the Kyiv Post for a decade.", "kyiv"),
    ("She edits the Kyiv Independent from Warsaw.", "kyiv"),
    ("Dynamo Kiev won the cup again.", "kiev"),
    ("Customers of Kievstar lost service.", "kiev"),
    ("The cafe served chicken Kiev and borscht.", "kiev"),
    ("A poll by the Kyiv International Institute of Sociology found support.", "kyiv"),
    ("FC Lugansk was dissolved.", "lugansk"),
    ("Oil prices fell in Odessa, Texas.", "odessa"),
])
def test_variants_inside_proper_names_are_not_the_outlets_usage(lex, text, absent):
    assert absent not in {h["variant"] for h in rows(text, lex)}


@pytest.mark.parametrize("text,present", [
    ("Kyiv Mayor Vitali Klitschko spoke to reporters.", "kyiv"),
    ("The Zaporizhzhia nuclear plant lost power.", "zaporizhzhia"),
    ("Fighting spread across the Kharkiv region.", "kharkiv"),
    ("He flew from Kyiv to Warsaw; the Kyiv Post reported it.", "kyiv"),
])
def test_names_an_outlet_translates_keep_their_spelling(lex, text, present):
    assert present in {h["variant"] for h in rows(text, lex)}


# --- term boundaries --------------------------------------------------------------------------
def test_a_variant_that_starts_a_longer_different_term_is_that_term(lex):
    found = {h["variant"] for h in rows("Russia's war crimes in Bucha were documented.", lex)}
    assert "war_crimes" in found and "russias_war" not in found
    assert "russias_war" in {h["variant"] for h in rows("Russia's war against Ukraine goes on.", lex)}
    assert "russias_war" not in {h["variant"] for h in rows("It failed to achieve Putin's war aims.", lex)}


def test_hits_that_start_together_may_overlap(lex):
    found = {h["variant"] for h in rows("The Kiev regime shelled the city.", lex)}
    assert {"kiev_regime", "kiev"} <= found


# --- date-dependent spellings inside longer terms ------------------------------------------
def test_a_term_that_holds_a_dated_spelling_follows_its_period(lex):
    early = by_variant("Kiev's forces shelled Donetsk.", lex, "ukrainian_nationalists", date="2014-08-01")
    late = by_variant("Kiev's forces shelled Donetsk.", lex, "ukrainian_nationalists", date="2023-08-01")
    assert early["stance"] == "neutral" and early["stance_basis"] == "period:spelling"
    assert late["stance"] == "kremlin"


def test_a_term_that_takes_either_spelling_keeps_its_own_stance(lex):
    h = by_variant("The Kiev regime shelled Donetsk.", lex, "kiev_regime", date="2014-08-01")
    assert h["stance"] == "kremlin" and h["stance_basis"] == "fixed"
