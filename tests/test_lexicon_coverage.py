"""Coverage of the bundled lexicon: forms a careful reader marks that the matcher used to miss,
on sentences written for the purpose (and look-alikes that must stay unmatched)."""

from __future__ import annotations

import pytest

from framing.lexicon import load_lexicon
from framing.match import match_text


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def hits(text, lex, date="2022-10-01"):
    return {(h["variant"], h["stance"]) for h in match_text(text, lex, date)}


@pytest.mark.parametrize("text,variant,stance", [
    ("In 2014 Crimea joined Russia after a vote.", "accession_crimea", "kremlin"),
    ("Residents of Sevastopol voted to join Russia.", "accession_crimea", "kremlin"),
    ("After the votes, Kherson and Zaporizhzhia joined Russia, Moscow said.", "joined_russia_2022", "kremlin"),
    ("The four regions formally joined the Russian Federation.", "joined_russia_2022", "kremlin"),
    ("Occupying forces detained the mayor.", "russian_occupation", "ukraine_west"),
    ("Life under Russian occupation is hard, residents of Melitopol said.", "russian_occupation", "ukraine_west"),
    ("Partisans operate in occupied Melitopol.", "russian_occupation", "ukraine_west"),
    ("The occupiers shelled the town.", "russian_occupation", "ukraine_west"),
    ("Leaders of the self-proclaimed republics met in Moscow.", "self_proclaimed_republics", "ukraine_west"),
    ("Fighting flared in the breakaway regions of Donetsk and Luhansk.", "self_proclaimed_republics", "ukraine_west"),
    ("Russia's military operation entered its eighth month.", "military_operation", "kremlin"),
    ("The Kremlin says the military operation is going to plan.", "military_operation", "kremlin"),
    ("Troops regrouped near Slovyansk and Enerhodar.", "sloviansk", "ukraine_west"),
    ("Troops regrouped near Energodar and Ugledar.", "slavyansk", "kremlin"),
    ("Shelling hit Gostomel and Irpen overnight.", "slavyansk", "kremlin"),
])
def test_forms_now_found(lex, text, variant, stance):
    assert (variant, stance) in hits(text, lex)


@pytest.mark.parametrize("text,variant", [
    ("Israel's military operation in Gaza continued.", "military_operation"),
    ("The military operation in Syria ended years ago.", "military_operation"),
    ("Finland joined NATO in 2023.", "accession_crimea"),
    ("The West Bank has been under occupation since 1967.", "russian_occupation"),
    ("Lithuania remembers the Soviet occupation of 1940.", "russian_occupation"),
    ("Officials of the self-proclaimed Donetsk People's Republic said so.", "self_proclaimed_republics"),
])
def test_look_alikes_stay_out(lex, text, variant):
    assert variant not in {v for v, _s in hits(text, lex)}


def test_crimea_and_2022_joining_are_told_apart(lex):
    both = hits("In 2014 Crimea joined Russia.", lex) | hits("In 2022 Kherson joined Russia, Moscow said.", lex)
    assert ("accession_crimea", "kremlin") in both and ("joined_russia_2022", "kremlin") in both
    assert "joined_russia_2022" not in {v for v, _ in hits("In 2014 Crimea joined Russia.", lex)}


# What the first hand-coding round found wrong (both coders agreed against the tool).
@pytest.mark.parametrize("text,absent", [
    ("Explosions ripped through a depot in Russian-occupied Crimea on Tuesday.", "occupied_territories"),
    ("A Russian jet has shot down a Ukrainian war plane, the military said.", "war_in_ukraine"),
    ("Deputy Minister for the Re-integration of Temporarily Occupied Territories Anatoly Stelmakh spoke.",
     "occupied_territories"),
    ("Zelensky signed a decree approving a Strategy for De-occupation and Reintegration.", "occupied_territories"),
    ("BBC Panorama investigates in Hunting Putin's War Criminals, airing on Monday.", "russias_war"),
    ("Moscow struck foreign fighters with high-precision weapons.", "war_euphemisms"),
])
def test_round_one_false_positives_are_gone(lex, text, absent):
    assert absent not in {v for v, _ in hits(text, lex)}


def test_a_framing_inside_a_longer_framing_of_another_concept_gives_way(lex):
    found = hits("Explosions ripped through a depot in Russian-occupied Crimea on Tuesday.", lex)
    assert found == {("occupied_crimea", "ukraine_west")}
    # a spelling inside a framing still counts for both
    assert {("kiev", "kremlin"), ("kiev_regime", "kremlin")} <= hits("The Kiev regime said so.", lex)


@pytest.mark.parametrize("text,voice", [
    ("Ukrainian authorities have accused Russia of war crimes after the graves were found.", "distanced"),
    ("Two Britons who fought for Ukraine were tried as mercenaries by a Russian proxy court.", "distanced"),
    ("Three men could be sentenced to death after being accused of fighting as mercenaries for Ukraine.", "distanced"),
    ("Two Russian soldiers were charged with war crimes in Ukraine.", "distanced"),
    ("Investigators documented war crimes in Bucha.", "authorial"),
    ("Kyiv accused Russia of shelling the town again; mercenaries fought there.", "authorial"),
])
def test_an_accusation_or_a_courts_label_is_the_accusers_words(lex, text, voice):
    rows = [h for h in match_text(text, lex, "2022-06-10") if h["variant"] in ("war_crimes", "mercenaries")]
    assert rows and {h["voice"] for h in rows} == {voice}


# What the second round found: other wars named with this war's words, and forms the lexicon lacked
@pytest.mark.parametrize("text,absent", [
    ("Tolstoy's novel chronicles Napoleon's invasion of Russia in 1812, critics in Moscow noted.", "invasion"),
    ("Veterans recalled the Nazi invasion of the Soviet Union as Putin spoke.", "invasion"),
    ("The agents law echoes Cold War era hostilities, Russian critics said.", "hostilities"),
    ("Evidence of war crimes by pro-Assad and Russian forces in Syria has mounted.", "war_crimes"),
])
def test_round_two_other_wars_are_not_this_war(lex, text, absent):
    assert absent not in {v for v, _ in hits(text, lex)}


@pytest.mark.parametrize("text,variant", [
    ("Flashpoints in the weeks ahead are connected to occupied towns in the south.", "occupied_territories"),
    ("Shelling hit the Russia-controlled nuclear plant again.", "russian_controlled"),
])
def test_round_two_forms_now_found(lex, text, variant):
    assert variant in {v for v, _ in hits(text, lex)}


@pytest.mark.parametrize("text,variant", [
    ("Foreign Minister Dmytro Kuleba met his counterparts.", "ukrainian_first_names"),
    ("Foreign Minister Dmitry Kuleba met his counterparts.", "russian_first_names"),
])
def test_first_name_forms_of_more_officials(lex, text, variant):
    assert variant in {v for v, _ in hits(text, lex)}


# What the third round found
@pytest.mark.parametrize("text,absent", [
    ("Armenia and Azerbaijan agreed a ceasefire, Russia's foreign ministry said.", "ceasefire"),
    ("Germany declared war on Russia in 1914, the museum in Moscow recalls.", "war_against_russia"),
    ("He worked for the new Russia Today agency in Moscow.", "novorossiya"),
    ("The Kyiv City Ballet toured Paris.", "kyiv"),
    ("Iran sent personnel to Russian-occupied territory inside Crimea.", "occupied_territories"),
])
def test_round_three_false_positives_are_gone(lex, text, absent):
    assert absent not in {v for v, _ in hits(text, lex)}


@pytest.mark.parametrize("text,variant", [
    ("The Russian proxy forces shelled the town.", "russian_backed_separatists"),
    ("A pro-Russia separatist was detained.", "pro_russian_separatists"),
    ("Kyiv cited aggression on the part of Russia at the summit.", "war_of_aggression"),
    ("Russian dictator Vladimir Putin spoke in Moscow.", "putin_regime"),
    ("Experts on war crimes arrived in Ukraine.", "war_crimes"),
    ("The timing of the referendums and the mobilization is not a coincidence.", "referendums_2022"),
    ("Shelling hit Genichesk overnight.", "slavyansk"),
])
def test_round_three_forms_now_found(lex, text, variant):
    assert variant in {v for v, _ in hits(text, lex)}
