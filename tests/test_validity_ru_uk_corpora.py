"""Known groups in Russian and Ukrainian on the shared corpora: state media (TASS, Pervyi Kanal,
RIA Novosti) on the Kremlin side of the authorial stance balance, independent and Ukrainian media
(Meduza, Novaya Gazeta, BBC Russian, TSN) on the other side, with bootstrap intervals.

Runs only when ``../shared/corpora`` (or ``$FRAMING_CORPORA``) is present; the corpora's text is
the publishers' and is never copied into the project: the outputs hold numbers only.
"""

from __future__ import annotations

import pandas as pd
import pytest

from framing import validity as v

CORPORA = v.find_corpora()
pytestmark = [
    pytest.mark.corpora,
    pytest.mark.skipif(CORPORA is None, reason="../shared/corpora not found: the Russian and Ukrainian known-groups "
                       "checks need the shared corpora beside the project (or FRAMING_CORPORA)"),
]


@pytest.fixture(scope="module")
def result():
    table, info = v.known_groups_ru_uk(CORPORA, n_boot=300)
    return table, info


def row(table, corpus, outlet, side=None):
    t = table[(table["corpus"] == corpus) & (table["outlet"] == outlet)]
    if side:
        t = t[t["side"] == side]
    assert len(t) == 1, (corpus, outlet)
    return t.iloc[0]


def test_state_media_are_kremlin_side_with_intervals(result):
    table, _ = result
    for corpus, outlet in [("ru_media_headlines", "TASS"), ("ru_media_headlines", "Pervyi Kanal"),
                           ("ru_telegram_2023_2024", "RIA Novosti")]:
        r = row(table, corpus, outlet)
        assert r["checked"] and r["balance_lo"] > 0.5, (outlet, r["balance_lo"])


def test_independent_and_ukrainian_media_are_the_other_side(result):
    table, _ = result
    for corpus, outlet in [("ru_media_headlines", "Meduza"), ("ru_telegram_2023_2024", "BBC Russian"),
                           ("uk_telegram_2022", "TSN")]:
        r = row(table, corpus, outlet)
        assert r["checked"] and r["balance_hi"] < 0, (outlet, r["balance_hi"])
    # the independent headlines pooled (Meduza and Novaya Gazeta) sit clearly on the other side
    pooled = row(table, "ru_media_headlines", v.POOLED, "other_side")
    assert pooled["balance_hi"] < 0
    # Novaya Gazeta alone straddles 0 (it writes "СВО" under the 2022 law), but lies wholly below
    # both state outlets
    ng = row(table, "ru_media_headlines", "Novaya Gazeta")
    assert ng["balance_hi"] < min(row(table, "ru_media_headlines", o)["balance_lo"] for o in ("TASS", "Pervyi Kanal"))
    assert v.ru_uk_groups_pass(table)["all"]


def test_locative_preposition_separates_the_groups(result):
    table, _ = result
    assert row(table, "ru_media_headlines", "TASS")["share_na"] > 0.99
    assert row(table, "ru_media_headlines", "Meduza")["share_na"] < 0.05
    assert row(table, "ru_telegram_2023_2024", "RIA Novosti")["share_na"] > 0.95
    assert row(table, "ru_telegram_2023_2024", "BBC Russian")["share_na"] < 0.05
    assert row(table, "uk_telegram_2022", "TSN")["n_locative_na"] == 0


def test_balance_recomputed_from_the_mentions(result):
    table, info = result
    m = info["ru_telegram_2023_2024"]["mentions"]
    a = m[(m["voice"] == "authorial") & (m["outlet"] == "RIA Novosti")
          & ~((m["kind"] == "frame") & (m["modality"] != "asserted"))]
    k, u = int((a["stance"] == "kremlin").sum()), int((a["stance"] == "ukraine_west").sum())
    r = row(table, "ru_telegram_2023_2024", "RIA Novosti")
    assert (r["n_kremlin"], r["n_ukraine_west"]) == (k, u)
    assert r["balance"] == pytest.approx((k - u) / (k + u))
    # only Russian variants matched the Russian corpus
    assert set(m["language"]) == {"ru"} and m["variant"].str.endswith("_ru").all()


def test_outputs_are_deterministic_and_hold_no_text(result, tmp_path):
    table, info = result
    a = v.write_ru_uk_outputs(table, tmp_path / "a")
    b = v.write_ru_uk_outputs(table, tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    csv = pd.read_csv(tmp_path / "a" / "known_groups_ru_uk.csv")
    texts = set(info["uk_telegram_2022"]["corpus"]["text"].head(200))
    assert not any(str(x) in texts for x in csv.astype(str).to_numpy().ravel())
