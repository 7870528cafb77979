"""Keyness: every score recomputed from the reported counts with the published formulas, written
here independently (plain math, term by term), on small tables including zero counts."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing.errors import ParameterError
from framing.keyness import (KEYNESS_COLUMNS, bh_adjust, fightin_words_points, keyness, keyness_corpus,
                             pairwise_matrix)

TOL = 1e-9


def tidy(counts: dict[str, dict[str, int]], totals: dict[str, int] | None = None) -> pd.DataFrame:
    rows = []
    for g, terms in counts.items():
        for t, c in terms.items():
            rows.append({"outlet": g, "term": t, "count": c, **({"total": totals[g]} if totals else {})})
    return pd.DataFrame(rows)


TABLES = [
    # two outlets, a term used by one only, a term used by the other only
    ({"A": {"kyiv": 30, "kiev": 0, "war": 12, "the": 200}, "B": {"kyiv": 2, "kiev": 25, "war": 10, "the": 180}},
     {"A": 400, "B": 350}),
    # three outlets with zeros everywhere
    ({"A": {"x": 0, "y": 5, "z": 1}, "B": {"x": 3, "y": 0, "z": 1}, "C": {"x": 1, "y": 1, "z": 0}},
     {"A": 50, "B": 60, "C": 70}),
    # no explicit totals: totals are the sums of counts
    ({"A": {"a": 3, "b": 7}, "B": {"a": 7, "b": 2}}, None),
]


# ---------------------------------------------------------------- independent reference formulas


def ref_logodds(a, b, n1, n2, aw, a0, full=False):
    """Monroe, Colaresi & Quinn (2008) eqs. 16, 20, 22."""
    d = math.log((a + aw) / (n1 + a0 - a - aw)) - math.log((b + aw) / (n2 + a0 - b - aw))
    v = 1 / (a + aw) + 1 / (b + aw)
    if full:
        v += 1 / (n1 + a0 - a - aw) + 1 / (n2 + a0 - b - aw)
    z = d / math.sqrt(v)
    return d, z, math.erfc(abs(z) / math.sqrt(2))


def ref_g2(a, b, n1, n2, cells=4):
    """Dunning (1993): G2 = 2 sum O ln(O/E) over the 2x2 table; cells=2: Rayson's wizard form."""
    N = n1 + n2
    obs = [a, b, n1 - a, n2 - b]
    exp = [n1 * (a + b) / N, n2 * (a + b) / N, n1 * (N - a - b) / N, n2 * (N - a - b) / N]
    g = 0.0
    for o, e in list(zip(obs, exp))[:cells]:
        if o > 0:
            g += o * math.log(o / e)
    return 2 * g


def ref_chi2(a, b, n1, n2):
    c, d = n1 - a, n2 - b
    N = a + b + c + d
    den = (a + b) * (c + d) * (a + c) * (b + d)
    return N * (a * d - b * c) ** 2 / den if den else 0.0


def ref_log_ratio(a, b, n1, n2):
    """Hardie (2014): binary log of the ratio of relative frequencies, zero -> 0.5."""
    return math.log2(((a or 0.5) / n1) / ((b or 0.5) / n2))


def sign(a, b, n1, n2):
    return (a * n2 > b * n1) - (a * n2 < b * n1)


# ---------------------------------------------------------------- recomputation tests


@pytest.mark.parametrize("counts,totals", TABLES)
@pytest.mark.parametrize("design", ["one_vs_rest", "pairwise"])
@pytest.mark.parametrize("variance", ["mcq", "full"])
def test_logodds_recomputed_from_reported_columns(counts, totals, design, variance):
    res = keyness(tidy(counts, totals), method="logodds", design=design, variance=variance)
    assert list(res.columns[:7]) == KEYNESS_COLUMNS
    # prior from the whole corpus: alpha_w = corpus count of w (default prior size = corpus size)
    corpus = {}
    for terms in counts.values():
        for t, c in terms.items():
            corpus[t] = corpus.get(t, 0) + c
    assert len(res) > 0
    for r in res.itertuples():
        assert r.prior == pytest.approx(corpus[r.term], abs=TOL)
        assert r.prior_total == pytest.approx(sum(corpus.values()), abs=TOL)
        d, z, p = ref_logodds(r.count, r.other_count, r.total, r.other_total, r.prior, r.prior_total,
                              full=variance == "full")
        assert abs(r.score - d) < TOL and abs(r.z - z) < TOL and abs(r.p - p) < TOL


@pytest.mark.parametrize("counts,totals", TABLES)
@pytest.mark.parametrize("design", ["one_vs_rest", "pairwise"])
def test_g2_and_log_ratio_recomputed(counts, totals, design):
    res = keyness(tidy(counts, totals), method="g2", design=design)
    for r in res.itertuples():
        g2 = ref_g2(r.count, r.other_count, r.total, r.other_total)
        assert abs(abs(r.score) - g2) < TOL
        assert np.sign(r.score) == (sign(r.count, r.other_count, r.total, r.other_total) if g2 > 0 else 0)
        assert abs(r.p - stats.chi2.sf(g2, 1)) < TOL
        assert abs(r.log_ratio - ref_log_ratio(r.count, r.other_count, r.total, r.other_total)) < TOL
    rayson = keyness(tidy(counts, totals), method="g2", design=design, g2_form="rayson")
    for r in rayson.itertuples():
        assert abs(abs(r.score) - ref_g2(r.count, r.other_count, r.total, r.other_total, cells=2)) < TOL


@pytest.mark.parametrize("counts,totals", TABLES)
def test_chi2_recomputed_and_matches_scipy(counts, totals):
    res = keyness(tidy(counts, totals), method="chi2", design="pairwise")
    for r in res.itertuples():
        x2 = ref_chi2(r.count, r.other_count, r.total, r.other_total)
        assert abs(abs(r.score) - x2) < TOL
        assert abs(r.p - stats.chi2.sf(x2, 1)) < TOL
    yates = keyness(tidy(counts, totals), method="chi2", design="pairwise", yates=True)
    for r in yates.itertuples():
        table = [[r.count, r.other_count], [r.total - r.count, r.other_total - r.other_count]]
        expected = stats.chi2_contingency(table, correction=True)[0] if r.count + r.other_count else 0.0
        assert abs(abs(r.score) - expected) < TOL


def test_g2_matches_scipy_log_likelihood():
    res = keyness(tidy(*TABLES[0]), method="g2")
    for r in res.itertuples():
        table = [[r.count, r.other_count], [r.total - r.count, r.other_total - r.other_count]]
        expected = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert abs(abs(r.score) - expected) < TOL


def test_bh_matches_definition_and_scipy():
    rng = np.random.default_rng(3)
    p = rng.uniform(size=50) ** 3
    q = bh_adjust(p)
    m = len(p)
    order = np.argsort(p)
    ref = np.empty(m)
    for rank_i, i in enumerate(order, start=1):  # q_(i) = min_{k>=i} m p_(k) / k
        ref[i] = min(1.0, min(m * p[order[k - 1]] / k for k in range(rank_i, m + 1)))
    assert np.allclose(q, ref, atol=1e-12, rtol=0)
    assert np.allclose(q, stats.false_discovery_control(p), atol=1e-12, rtol=0)
    res = keyness(tidy(*TABLES[0]), method="g2")
    for _, sub in res.groupby(["group", "other"]):
        assert np.allclose(sub["q"], stats.false_discovery_control(sub["p"].to_numpy()), atol=1e-12)


# ---------------------------------------------------------------- published worked examples


def test_quanteda_documented_chi2_example():
    """quanteda.textstats' test table (d1 = 7 b + 3 a, d2 = 7 a + 2 b). Its (commented-out) expected
    value 4.017626 is Pearson's chi2 divided by Williams' q; uncorrected chi2 = 4.337 (peer-tools §3.1)."""
    t = tidy({"d1": {"a": 3, "b": 7}, "d2": {"a": 7, "b": 2}})
    res = keyness(t, method="chi2", design="pairwise")
    row = res[(res.group == "d1") & (res.term == "a")].iloc[0]
    a, b, c, d = 3, 7, 7, 2
    n = a + b + c + d
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    assert abs(row.score) == pytest.approx(4.337, abs=5e-4)
    assert abs(row.score) / q == pytest.approx(4.017626, abs=1e-6)
    assert row.score < 0  # d1 uses "a" less


def test_lancaster_ll_wizard_worked_example():
    """The Lancaster log-likelihood wizard's documented example (ucrel.lancs.ac.uk/llwizard.html and
    its tutorials): a word seen 52 times in 50,000 tokens and 57 times in 75,000 tokens gives
    "Word 52 0.10 57 0.08 + 2.65" (not significant: below 3.84)."""
    t = tidy({"c1": {"word": 52, "rest": 50000 - 52}, "c2": {"word": 57, "rest": 75000 - 57}})
    for form in ("rayson", "dunning"):
        row = keyness(t, method="g2", g2_form=form).query("group == 'c1' and term == 'word'").iloc[0]
        assert round(row.score, 2) == 2.65 and row.score > 0  # "+ 2.65": overuse in corpus 1
        assert row.p > 0.05
        assert (round(100 * row["count"] / row.total, 2), round(100 * row.other_count / row.other_total, 2)) == (0.10, 0.08)
    rayson = keyness(t, method="g2", g2_form="rayson").query("group == 'c1' and term == 'word'").iloc[0]
    e1, e2 = 50000 * 109 / 125000, 75000 * 109 / 125000
    assert rayson.score == pytest.approx(2 * (52 * math.log(52 / e1) + 57 * math.log(57 / e2)), abs=1e-12)


def test_g2_three_versus_zero_example():
    """peer-tools §3.1: 3 hits in 10k tokens against 0 in 50k gives G2 = 10.75 without correction."""
    t = tidy({"T": {"w": 3, "rest": 9997}, "R": {"w": 0, "rest": 50000}})
    row = keyness(t, method="g2").query("group == 'T' and term == 'w'").iloc[0]
    assert row.score == pytest.approx(10.75, abs=5e-3)
    assert row.score == pytest.approx(2 * 3 * math.log(6), rel=1e-3)  # Rayson: E1 = 0.5 -> 2*3*ln(3/0.5)
    rayson = keyness(t, method="g2", g2_form="rayson").query("group == 'T' and term == 'w'").iloc[0]
    assert rayson.score == pytest.approx(2 * 3 * math.log(6), abs=1e-12)
    # Hardie's Log Ratio with the zero replaced by 0.5: log2((3/10000)/(0.5/50000))
    assert row.log_ratio == pytest.approx(math.log2((3 / 10000) / (0.5 / 50000)), abs=1e-12)


def test_fightin_words_one_sided_term_depends_on_prior():
    """peer-tools §8: a term used 0 vs 25 times (201k vs 120k tokens) reaches |z| > 1.96 only under the
    informative prior; under a small uniform prior (alpha = 0.01) z is about -0.83 and the row is flagged."""
    t = tidy({"A": {"kiev_regime": 0, "other": 201000}, "B": {"kiev_regime": 25, "other": 119975}})
    inf = keyness(t, method="logodds").query("group == 'A' and term == 'kiev_regime'").iloc[0]
    uni = keyness(t, method="logodds", prior="uniform", uniform_alpha=0.01).query(
        "group == 'A' and term == 'kiev_regime'").iloc[0]
    assert uni.z == pytest.approx(-0.83, abs=0.01)
    d, z, _ = ref_logodds(0, 25, 201000, 120000, 0.01, 0.02)
    assert uni.z == pytest.approx(z, abs=TOL)
    assert inf.z == pytest.approx(-3.52, abs=0.005)  # the informative-prior value in peer-tools §8
    assert inf.z < -1.96 and inf.q < 0.05
    assert bool(inf.one_group_only) and inf.warning == ""
    assert bool(uni.one_group_only) and "seen only in rest" in uni.warning and "not significant" in uni.warning


def test_prior_size_scales_the_prior():
    t = tidy(*TABLES[0])
    res = keyness(t, method="logodds", prior_size=100.0)
    assert res.groupby(["group", "other"])["prior_total"].first().eq(100.0).all()
    for r in res.itertuples():
        d, z, _ = ref_logodds(r.count, r.other_count, r.total, r.other_total, r.prior, r.prior_total)
        assert abs(r.z - z) < TOL


def test_background_prior_series():
    t = tidy(*TABLES[0])
    background = pd.Series({"kyiv": 10, "kiev": 10, "war": 50})  # "the" unseen in the background
    res = keyness(t, method="logodds", prior=background, prior_size=200.0)
    base = {"kyiv": 10.5, "kiev": 10.5, "war": 50.5, "the": 0.5}
    for r in res.itertuples():
        assert r.prior == pytest.approx(200 * base[r.term] / sum(base.values()), abs=TOL)


# ---------------------------------------------------------------- designs and shape


def test_pairwise_is_antisymmetric_and_matches_two_group_rest():
    t = tidy(*TABLES[1])
    pw = keyness(t, method="logodds", design="pairwise")
    assert set(zip(pw.group, pw.other)) == {(g, h) for g in "ABC" for h in "ABC" if g != h}
    for r in pw.itertuples():
        back = pw[(pw.group == r.other) & (pw.other == r.group) & (pw.term == r.term)].iloc[0]
        assert r.z == pytest.approx(-back.z, abs=TOL)
    mat = pairwise_matrix(pw, "y")
    assert mat.shape == (3, 3) and np.isnan(np.diag(mat.to_numpy())).all()
    two = tidy(*TABLES[0])
    a = keyness(two, method="g2", design="pairwise").drop(columns="other")
    b = keyness(two, method="g2", design="one_vs_rest").drop(columns="other")
    pd.testing.assert_frame_equal(a, b)


def test_one_vs_rest_pools_the_other_groups():
    res = keyness(tidy(*TABLES[1]), method="g2")
    row = res[(res.group == "A") & (res.term == "x")].iloc[0]
    assert (row["count"], row.other_count, row.total, row.other_total) == (0, 4, 50, 130)
    assert (res["other"] == "rest").all()


def test_min_count_and_sorting():
    res = keyness(tidy(*TABLES[0]), method="g2", min_count=20)
    assert ((res["count"] + res["other_count"]) >= 20).all()
    for _, sub in res.groupby(["group", "other"]):
        assert sub["score"].is_monotonic_decreasing
    z = keyness(tidy(*TABLES[0]), method="logodds")
    for _, sub in z.groupby(["group", "other"]):
        assert sub["z"].is_monotonic_decreasing


def test_fightin_words_points():
    res = keyness(tidy(*TABLES[0]), method="logodds")
    pts = fightin_words_points(res, "A", top=1)
    assert pts["log10_frequency"].tolist() == pytest.approx(np.log10(pts["count"] + pts["other_count"]).tolist())
    assert pts["label"].sum() == 2


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"method": "tfidf"}, "method"),
        ({"design": "all"}, "design"),
        ({"prior": "flat"}, "prior"),
        ({"by": "nope"}, "nope"),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        keyness(tidy(*TABLES[0]), **kwargs)


def test_bad_tables():
    with pytest.raises(ParameterError, match="at least two groups"):
        keyness(tidy({"A": {"x": 1}}))
    with pytest.raises(ParameterError, match="non-negative"):
        keyness(tidy({"A": {"x": -1}, "B": {"x": 1}}))
    bad = tidy({"A": {"x": 1, "y": 1}, "B": {"x": 1}}, {"A": 10, "B": 10})
    bad.loc[1, "total"] = 11
    with pytest.raises(ParameterError, match="differs within group"):
        keyness(bad)
    with pytest.raises(ParameterError, match="smaller than the sum"):
        keyness(tidy({"A": {"x": 5}, "B": {"x": 1}}, {"A": 2, "B": 10}))


def test_keyness_corpus_counts_tokens():
    corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "A", "B"],
                           "text": ["Kyiv, Kyiv and the full-scale invasion.", "Kyiv", "Kiev and the Kiev regime"]})
    res = keyness_corpus(corpus, method="g2", mwes=["full-scale invasion", "kiev regime"])
    row = res[(res.group == "A") & (res.term == "kyiv")].iloc[0]
    assert (row["count"], row.total, row.other_count, row.other_total) == (3, 6, 0, 4)
    assert "full_scale_invasion" in set(res.term) and "kiev_regime" in set(res.term)


def test_cli_keyness(tmp_path, capsys):
    from framing.cli import main
    from framing.corpus import write_corpus

    corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "A", "B"], "date": [pd.NaT] * 3,
                           "title": ["", "", ""], "url": ["", "", ""],
                           "text": ["Kyiv Kyiv peace", "Kyiv war", "Kiev war war"]})
    src = write_corpus(corpus, tmp_path / "c.csv")
    for method, extra in (("logodds", ["z"]), ("g2", ["log_ratio", "p"]), ("chi2", ["log_ratio", "p"])):
        out = tmp_path / f"{method}.csv"
        assert main(["keyness", str(src), "--by", "outlet", "--method", method, "--out", str(out), "--no-mwes"]) == 0
        got = pd.read_csv(out)
        assert list(got.columns[:7]) == KEYNESS_COLUMNS and all(c in got.columns for c in extra + ["q"])
        direct = keyness_corpus(corpus, method=method)
        assert np.allclose(got["score"], direct["score"], atol=1e-9)
    out = tmp_path / "pw.csv"
    assert main(["keyness", str(src), "--by", "outlet", "--design", "pairwise", "--out", str(out), "--no-mwes"]) == 0
    assert set(pd.read_csv(out)["other"]) == {"A", "B"}
    assert main(["keyness", str(src), "--by", "nope", "--out", str(out), "--no-mwes"]) == 2
    assert "nope" in capsys.readouterr().err


@pytest.mark.parametrize("method", ["logodds", "g2", "chi2"])
def test_rows_carry_their_own_comparison(method):
    """Every row's group, other, term, counts and warning belong together: each is looked up again
    in the input table, and the warning is rebuilt from the row's own counts and q."""
    counts, totals = TABLES[1]
    res = keyness(tidy(counts, totals), method=method, design="pairwise")
    assert len(res) == 3 * 2 * 3  # 3 groups x 2 others x 3 terms (every term seen somewhere)
    test = "prior" if method == "logodds" else "test"
    for row in res.itertuples():
        assert row.count == counts[row.group][row.term] and row.total == totals[row.group]
        assert row.other_count == counts[row.other][row.term] and row.other_total == totals[row.other]
        one = (row.count == 0) != (row.other_count == 0)
        assert row.one_group_only == one
        expected = ""
        if one and row.q >= 0.05:
            seen = row.other if row.count == 0 else row.group
            expected = f"seen only in {seen}; not significant (q >= 0.05) under this {test}"
        assert row.warning == expected
        assert row.method == method
    assert all(str(res[c].dtype) == "str" for c in ("group", "term", "other", "warning", "method"))


def test_keyness_terms_leave_out_noise_but_keep_lexicon_terms():
    """'U.S.' is one token; single letters, stopwords, outlet names and an outlet's boilerplate can be
    left out of keyness, but never a lexicon term; token totals (rate denominators) do not move."""
    from framing.counts import boilerplate_terms, count_matrix, terms_for_keyness
    from framing.lexicon import load_lexicon

    lex = load_lexicon()
    docs = []
    for i in range(25):
        docs.append({"doc_id": f"a{i}", "outlet": "ABC News",
                     "text": f"ABC News weeknight guide. The U.S. sent aid to Kyiv, item {i}."})
        docs.append({"doc_id": f"b{i}", "outlet": "RT", "text": f"The Kiev regime said the U.S. lied, item {i}."})
    corpus = pd.DataFrame(docs)
    cm = count_matrix(corpus, lexicon=lex)
    assert "u.s." in cm.vocabulary and "u" not in cm.vocabulary and "s" not in cm.vocabulary
    plate = boilerplate_terms(cm, "outlet")
    assert {"weeknight", "guide"} <= set(plate.loc[plate.outlet == "ABC News", "term"])
    kept, dropped = terms_for_keyness(cm, "outlet", lexicon=lex)
    reasons = dict(zip(dropped.term, dropped.reason))
    assert reasons["abc"] == "outlet name" and reasons["the"] == "stopword" and reasons["weeknight"].startswith("boilerplate")
    assert "item" in kept.vocabulary and "kiev_regime" in kept.vocabulary and "kyiv" in kept.vocabulary
    assert (kept.doc_tokens == cm.doc_tokens).all()
    res = keyness_corpus(corpus, by="outlet", lexicon=lex, min_length=2, stopwords="english",
                         drop_outlet_names=True, drop_boilerplate=True)
    assert not ({"abc", "news", "the", "weeknight", "u", "s"} & set(res["term"]))
    assert "u.s." in set(res["term"])


def test_left_out_terms_do_not_push_a_small_outlets_common_words_up():
    """Two outlets writing the same words in the same proportions: nothing is key. Stopwords left out
    of the comparison used to stay in the group totals while the corpus prior counted the kept terms
    only, so every frequent word of the small outlet came out 'used more' (z of 30 for "said" on the
    2022 corpus, in every Western outlet)."""
    text = "The officials said the talks on grain exports would resume, and the ministry said so too."
    corpus = pd.DataFrame([{"doc_id": f"s{i}", "outlet": "Small", "text": text} for i in range(5)]
                          + [{"doc_id": f"b{i}", "outlet": "Big", "text": text} for i in range(400)])
    res = keyness_corpus(corpus, by="outlet", stopwords="english", min_length=2)
    assert "the" not in set(res["term"]) and "said" in set(res["term"])
    assert res["z"].abs().max() < 1e-9, res.sort_values("z").tail(3)[["group", "term", "z"]]
