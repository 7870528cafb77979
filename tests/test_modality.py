"""Modality of a mention, on sentences written for the purpose (each class of the rules, and the
look-alikes that must stay asserted)."""

from __future__ import annotations

import pytest

from framing.modality import classify_modality

CASES = [
    # hypothetical: conditions, inversion, questions
    ("If Russia launches a full-scale invasion, the West will respond.", "full-scale invasion", "hypothetical"),
    ("Should Russia invade, sanctions will follow within hours.", "invade", "hypothetical"),
    ("Were Moscow to attack, NATO would meet.", "attack", "hypothetical"),
    ("Is this the start of a war?", "war", "hypothetical"),
    ("Analysts debated whether the referendum would be recognised.", "referendum", "hypothetical"),
    # hypothetical: forecasts, plans, fears, prevention
    ("The US warned an invasion could come within days.", "invasion", "hypothetical"),
    ("Biden said Russia could invade at any moment.", "invade", "hypothetical"),
    ("Fears of a Russian invasion have grown in Kyiv.", "invasion", "hypothetical"),
    ("The threat of an invasion loomed over the talks.", "invasion", "hypothetical"),
    ("NATO is preparing for a possible invasion.", "invasion", "hypothetical"),
    ("Officials say an invasion is imminent.", "invasion", "hypothetical"),
    ("Diplomats scrambled to avert a war in Europe.", "war", "hypothetical"),
    ("Any attack on Ukraine would be an invasion.", "invasion", "hypothetical"),
    ("Russia is massing troops ahead of a feared invasion.", "invasion", "hypothetical"),
    ("Moscow plans to annex the region after the vote.", "annex", "hypothetical"),
    ("The invasion Putin is planning would be a catastrophe.", "invasion", "hypothetical"),
    # negated: negation before the term, denials, never happened
    ("There was no coup in 2014, historians say.", "coup", "negated"),
    ("It is not a war, the Kremlin insists.", "war", "negated"),
    ("Russia would never invade a brotherly nation.", "invade", "negated"),
    ("Moscow denies any plan to attack Ukraine.", "attack", "negated"),
    ("The ministry rejected claims of a coup in Kyiv.", "coup", "negated"),
    ("It was neither a coup nor a revolution.", "coup", "negated"),
    ("There was no armed coup, only protests.", "armed coup", "negated"),
    ("The invasion that never happened dominated the news.", "invasion", "negated"),
    # asserted, including modals and negations about something else
    ("Russia's invasion of Ukraine began on 24 February.", "invasion", "asserted"),
    ("Peskov said the military operation would continue.", "military operation", "asserted"),
    ("Russia could continue its invasion for months.", "invasion", "asserted"),
    ("Russia has not stopped its invasion.", "invasion", "asserted"),
    ("Since the invasion, millions have fled.", "invasion", "asserted"),
    ("The invasion, which began in 2022, could end with a ceasefire.", "invasion", "asserted"),
    ("If the talks fail, the war will go on.", "war", "asserted"),
    ("Without the invasion, prices would be lower.", "invasion", "asserted"),
    ("The Kremlin, which denied involvement, pressed on; the invasion widened.", "invasion", "asserted"),
    ("He warned that the war would spread.", "war", "asserted"),
    ("Analysts expect the war to drag on.", "war", "asserted"),
    ("Not since 1945 has Europe seen such a war.", "war", "asserted"),
    ("But could sanctions make Russia end its invasion?", "invasion", "asserted"),
    ("Do you support the invasion?", "invasion", "asserted"),
    ("Will there be a war in Europe?", "war", "hypothetical"),
    ("Armies on the flank feel most threatened by Russia's aggression.", "aggression", "asserted"),
    ("Leaders made a move they would have rejected before the invasion.", "invasion", "asserted"),
    ("Moscow dismissed talk of an invasion as hysteria.", "invasion", "negated"),
]


@pytest.mark.parametrize("sentence,term,expected", CASES, ids=[f"{e}:{s[:40]}" for s, _t, e in CASES])
def test_modality(sentence, term, expected):
    i = sentence.index(term)
    modality, cue = classify_modality(sentence, i, i + len(term))
    assert modality == expected, (modality, cue)
    assert (cue == "") == (expected == "asserted")


# Forms the second hand-coding round found read as asserted (general rules, sentences written here)
@pytest.mark.parametrize("sentence,term,expected", [
    ("An all-out invasion of the country would displace millions, officials warned.", "invasion", ("hypothetical", "would")),
    ("A Russian annexation of the region could trigger new sanctions.", "annexation", ("hypothetical", "could")),
    ("The invasion would continue for months, analysts said.", "invasion", ("asserted", "")),
    ("The nationalist writer called for the annexation of the peninsula years ago.", "annexation", ("hypothetical", "called for")),
    ("Weakness is an invitation to invade, the senator said.", "invade", ("hypothetical", "invitation to")),
    ("The regions announced referendums on joining Russia within days.", "joining Russia", ("hypothetical", "referendums on")),
    ("Residents voted on joining Russia in 2014.", "joining Russia", ("asserted", "")),
])
def test_round_two_forecasts_calls_and_ballot_questions(sentence, term, expected):
    i = sentence.index(term)
    assert classify_modality(sentence, i, i + len(term)) == expected
