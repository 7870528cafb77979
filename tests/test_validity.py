"""The validity helpers compute what their formulas say (on small tables written here)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.estimators import ratio_interval
from framing.validity import (
    GroupExpectation,
    dates_from_period,
    document_stance_counts,
    find_corpora,
    known_groups,
    period_control,
    roc_auc_ci,
    term_attribution,
)


def _mentions(rows):
    return pd.DataFrame(rows, columns=["doc_id", "variant", "stance", "voice"])


def test_ratio_interval_is_the_ratio_of_sums_and_reproducible():
    num, den = [3, 0, 1, 0, 2], [3, 1, 2, 0, 2]
    est, lo, hi = ratio_interval(num, den, n_boot=500, seed=7)
    assert est == pytest.approx(6 / 8, abs=1e-12)
    assert 0 <= lo <= est <= hi <= 1
    assert (est, lo, hi) == ratio_interval(num, den, n_boot=500, seed=7)
    # An independent re-implementation of the same resampling scheme gives the same interval.
    rng = np.random.default_rng(7)
    idx = rng.integers(0, 5, size=(500, 5))
    n, d = np.asarray(num)[idx].sum(1), np.asarray(den)[idx].sum(1)
    r = (n / d)[d > 0]
    assert lo == pytest.approx(np.quantile(r, 0.025), abs=1e-12)
    assert hi == pytest.approx(np.quantile(r, 0.975), abs=1e-12)


def test_ratio_interval_with_no_denominator_is_nan():
    assert all(math.isnan(x) for x in ratio_interval([0, 0], [0, 0]))


def test_bootstrap_interval_shrinks_with_more_documents():
    small = ratio_interval([1, 0] * 5, [1, 1] * 5, n_boot=1000, seed=1)
    large = ratio_interval([1, 0] * 500, [1, 1] * 500, n_boot=1000, seed=1)
    assert (large[2] - large[1]) < (small[2] - small[1]) / 3


def test_document_stance_counts_by_hand():
    corpus = pd.DataFrame({"doc_id": ["a", "b", "c", "d"]})
    m = _mentions([
        ("a", "kiev", "kremlin", "authorial"), ("a", "kiev", "kremlin", "authorial"),
        ("a", "kyiv", "ukraine_west", "quoted"),
        ("b", "kyiv", "ukraine_west", "authorial"), ("b", "donbas", "ukraine_west", "authorial"),
        ("c", "smo", "kremlin", "distanced"), ("d", "war", "neutral", "authorial"),
    ])
    got = document_stance_counts(corpus, m)
    assert got["k"].tolist() == [2, 0, 0, 0]
    assert got["u"].tolist() == [0, 2, 0, 0]
    expect = [(k - u) / (k + u + 1) for k, u in [(2, 0), (0, 2), (0, 0), (0, 0)]]
    assert got["score"].tolist() == pytest.approx(expect)
    every_voice = document_stance_counts(corpus, m, voice=None)
    assert every_voice["k"].tolist() == [2, 0, 1, 0]
    assert every_voice["u"].tolist() == [1, 2, 0, 0]


def _mann_whitney_auc(y, s):
    pos = [x for x, t in zip(s, y) if t == 1]
    neg = [x for x, t in zip(s, y) if t == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p, n in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_roc_auc_matches_mann_whitney_with_ties():
    y = [1, 1, 1, 0, 0, 0, 0, 1]
    s = [0.5, 0.0, 0.9, 0.0, -0.3, 0.0, 0.5, 0.2]
    r = roc_auc_ci(y, s, n_boot=300, seed=3)
    assert r["auc"] == pytest.approx(_mann_whitney_auc(y, s), abs=1e-12)
    assert r["n_pos"] == 4 and r["n_neg"] == 4
    assert r["lo"] <= r["auc"] <= r["hi"]
    assert r == roc_auc_ci(y, s, n_boot=300, seed=3)


def test_roc_auc_bootstrap_resamples_within_class():
    # Perfect separation: every stratified resample keeps AUC = 1.
    r = roc_auc_ci([0, 0, 0, 1, 1], [-1, -0.5, 0, 0.5, 1], n_boot=200, seed=1)
    assert (r["auc"], r["lo"], r["hi"]) == (1.0, 1.0, 1.0)


def test_roc_auc_needs_both_classes():
    with pytest.raises(ParameterError, match="positive and one negative"):
        roc_auc_ci([1, 1], [0.1, 0.2])


def test_term_attribution_counts_documents_and_log_odds():
    corpus = pd.DataFrame({"doc_id": list("abcdef")})
    labels = pd.Series([1, 1, 1, 0, 0, 0], index=list("abcdef"))
    m = _mentions([
        ("a", "kiev", "kremlin", "authorial"), ("a", "kiev", "kremlin", "authorial"),
        ("b", "kiev", "kremlin", "authorial"), ("d", "kiev", "kremlin", "quoted"),
        ("d", "kyiv", "ukraine_west", "authorial"), ("e", "kyiv", "ukraine_west", "authorial"),
        ("c", "kyiv", "ukraine_west", "authorial"),
    ])
    t = term_attribution(corpus, m, labels).set_index("variant")
    assert t.loc["kiev", "docs_pos"] == 2 and t.loc["kiev", "docs_neg"] == 0
    assert t.loc["kyiv", "docs_pos"] == 1 and t.loc["kyiv", "docs_neg"] == 2
    a, b, c, d = 2, 1, 0, 3
    assert t.loc["kiev", "log_or"] == pytest.approx(math.log((a + .5) * (d + .5) / ((b + .5) * (c + .5))))
    assert t.loc["kiev", "diff"] == pytest.approx(2 / 3)
    assert bool(t.loc["kiev", "helps"]) and bool(t.loc["kyiv", "helps"])


def test_dates_from_period_fills_only_missing_dates():
    df = pd.DataFrame({"date": [pd.NaT, pd.Timestamp("2013-05-18"), pd.NaT],
                       "period_approx": ["2013-03..2014-03", "2013-03..2014-03", ""]})
    end = dates_from_period(df)
    assert end["date"].iloc[0] == pd.Timestamp("2014-03-31")
    assert end["date"].iloc[1] == pd.Timestamp("2013-05-18")
    assert pd.isna(end["date"].iloc[2])
    assert end["date_source"].tolist() == ["period:end", "corpus", "none"]
    assert dates_from_period(df, how="start")["date"].iloc[0] == pd.Timestamp("2013-03-01")
    with pytest.raises(ParameterError):
        dates_from_period(df, how="middle")


def _two_group_corpus():
    # Outlet X (group "russian_state"): 60 docs, each with 1 authorial Kiev (kremlin); 3 docs also Kyiv.
    # Outlet Y (group "western"): 60 docs, each with 1 authorial Kyiv; 2 docs also quote "Kiev".
    docs, rows = [], []
    for i in range(60):
        docs.append((f"x{i}", "X", "russian_state"))
        rows.append((f"x{i}", "kiev", "kremlin", "authorial"))
        if i < 3:
            rows.append((f"x{i}", "kyiv", "ukraine_west", "authorial"))
        docs.append((f"y{i}", "Y", "western"))
        rows.append((f"y{i}", "kyiv", "ukraine_west", "authorial"))
        if i < 2:
            rows.append((f"y{i}", "kiev", "kremlin", "quoted"))
    docs.append(("z0", "Z", "western"))  # too small to check
    corpus = pd.DataFrame(docs, columns=["doc_id", "outlet", "stance_group"])
    return corpus, _mentions(rows)


def test_known_groups_shares_balance_and_checks():
    corpus, m = _two_group_corpus()
    t = known_groups(corpus, m, variant="kiev", other="kyiv", n_boot=400, seed=1).set_index("outlet")
    assert t.loc["X", "share"] == pytest.approx(60 / 63)
    assert t.loc["X", "balance"] == pytest.approx((60 - 3) / 63)
    assert t.loc["Y", "share"] == 0.0  # the quoted Kiev does not count
    assert t.loc["Y", "balance"] == -1.0
    assert t.loc["X", "share_ok"] and t.loc["X", "balance_ok"]
    assert t.loc["Y", "share_ok"] and t.loc["Y", "balance_ok"]
    assert not t.loc["Z", "checked"] and t.loc["Z", "share_ok"] is None
    assert t.loc["X", "balance_lo"] > 0 and t.loc["X", "balance_lo"] <= t.loc["X", "balance"]
    # Expectations are data: swap them and the same numbers fail.
    swapped = {"russian_state": GroupExpectation(share_below=0.1, balance_sign=-1),
               "western": GroupExpectation(share_above=0.9, balance_sign=+1)}
    bad = known_groups(corpus, m, variant="kiev", other="kyiv", n_boot=100, expectations=swapped)
    assert not bad.loc[bad["checked"], "share_ok"].any()
    assert not bad.loc[bad["checked"], "balance_ok"].any()


def test_period_control_returns_offending_rows_only():
    m = _mentions([
        ("a", "kiev", "kremlin", "authorial"), ("a", "kiev", "kremlin", "quoted"),
        ("b", "kiev", "neutral", "authorial"), ("b", "kiev_regime", "kremlin", "authorial"),
    ])
    bad = period_control(m, lexicon=None, variants=["kiev", "kyiv"])
    assert bad["doc_id"].tolist() == ["a"] and bad["voice"].tolist() == ["authorial"]


def test_missing_mention_columns_is_a_parameter_error():
    with pytest.raises(ParameterError, match="missing column"):
        document_stance_counts(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame({"doc_id": ["a"]}))


def test_find_corpora_honours_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CORPORA", str(tmp_path))
    assert find_corpora() == tmp_path
    monkeypatch.setenv("FRAMING_CORPORA", str(tmp_path / "absent"))
    assert find_corpora() is None


def test_study_suite_plans_every_notebook_on_the_window():
    """suites/ukraine_media_2022.yaml names existing notebooks, the 2022 corpus folder beside the
    project, and the comparable window, for every notebook (what `framing report --dry-run` checks)."""
    from pathlib import Path

    from framing.report import load_suite, plan_run
    from framing.validity import STUDY_WINDOW

    root = Path(__file__).resolve().parents[1]
    suite = load_suite(root / "suites" / "ukraine_media_2022.yaml")
    plans = plan_run(suite, suite.entries)
    assert [p.entry.id.split("_")[0] for p in plans] == ["00", "01", "02", "03", "04", "05"]
    for p in plans:
        assert Path(p.parameters["corpus_path"]) == (root.parent / "shared" / "corpora" / "ukraine_media_2022").resolve()
        assert (p.parameters["date_from"], p.parameters["date_to"]) == STUDY_WINDOW


def test_validity_command_without_corpora_is_a_one_line_error(tmp_path, capsys):
    """`framing validity --corpora MISSING` exits 2 with one line naming the folder and the fix."""
    from framing.cli import main

    rc = main(["validity", "--corpora", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2
    assert len(err) == 1 and "nowhere" in err[0] and "FRAMING_CORPORA" in err[0]
    assert not (tmp_path / "out").exists()


def test_spearman_ci_equals_pearson_of_ranks():
    from framing.validity import spearman_ci

    x = [0.1, 0.0, 0.0, 0.5, -0.2, 0.3, 0.0, 0.9]
    y = [1.0, 0.0, 0.5, 2.0, -1.0, 0.0, 0.2, 1.5]

    def ranks(v):  # average ranks for ties, written out
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r

    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    r = spearman_ci(x, y, n_boot=300, seed=2)
    assert r["rho"] == pytest.approx(num / den, abs=1e-12)
    assert r["lo"] <= r["rho"] <= r["hi"] and r["n"] == 8
    assert r == spearman_ci(x, y, n_boot=300, seed=2)
