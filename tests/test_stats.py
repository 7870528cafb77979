"""Rates, variant shares and stance balance: point estimates from the formulas, the bootstrap
procedure reproduced independently, coverage, determinism, shrinking with more documents."""

import zlib

import numpy as np
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.stats import bootstrap_ratio, rates, stance_balance, variant_shares

SEED = 11


def make(n_docs_per_outlet=3, copies=1):
    """A corpus and mentions: outlet A mostly Kyiv, outlet B mostly Kiev; B quotes 'Kyiv'."""
    docs, mentions = [], []
    base = {
        "A": [("kyiv", "authorial"), ("kyiv", "authorial"), ("kiev", "authorial"), ("smo", "quoted")],
        "B": [("kiev", "authorial"), ("kiev", "authorial"), ("kyiv", "quoted"), ("smo", "authorial"),
              ("invasion", "distanced")],
    }
    stance = {"kyiv": "ukraine_west", "kiev": "kremlin", "smo": "kremlin", "invasion": "ukraine_west"}
    concept = {"kyiv": "capital", "kiev": "capital", "smo": "war", "invasion": "war"}
    k = 0
    for c in range(copies):
        for outlet, hits in base.items():
            for i in range(n_docs_per_outlet):
                doc = f"{outlet}{c}_{i}"
                docs.append({"doc_id": doc, "outlet": outlet, "text": " ".join(["word"] * (20 + 7 * i))})
                for j, (variant, voice) in enumerate(hits[: 2 + i % (len(hits) - 1)]):
                    mentions.append({"doc_id": doc, "outlet": outlet, "concept": concept[variant], "variant": variant,
                                     "stance": stance[variant], "voice": voice})
                k += 1
    return pd.DataFrame(docs), pd.DataFrame(mentions)


def ref_percentile_bootstrap(x, t, B, seed, group, level=0.95):
    """The documented procedure, written out: resample document indices, ratio of sums, percentiles."""
    rng = np.random.default_rng([seed, zlib.crc32(group.encode())])
    idx = rng.integers(0, len(x), size=(B, len(x)))
    num = np.array([x[row].sum() for row in idx])
    den = np.array([t[row].sum() for row in idx])
    ratio = num[den > 0] / den[den > 0]
    return np.percentile(ratio, [100 * (1 - level) / 2, 100 * (1 + level) / 2])


def test_rates_point_estimates_and_bootstrap_reproduced():
    corpus, mentions = make()
    tokens = pd.Series([len(t.split()) for t in corpus.text], index=corpus.doc_id)
    res = rates(mentions, corpus, tokens=tokens, n_boot=300, seed=SEED, resample="documents")
    assert set(res.voice) == {"authorial", "quoted", "distanced"}
    for r in res.itertuples():
        docs = corpus[corpus.outlet == r.outlet].doc_id
        m = mentions[(mentions.outlet == r.outlet) & (mentions.variant == r.variant) & (mentions.voice == r.voice)]
        assert r.count == len(m)
        assert r.tokens == tokens[docs].sum()
        assert r.rate == pytest.approx(10_000 * len(m) / tokens[docs].sum(), abs=1e-9)
    # the authorial Kyiv rate of A, against the procedure written out independently
    row = res[(res.outlet == "A") & (res.variant == "kyiv") & (res.voice == "authorial")].iloc[0]
    docs = corpus[corpus.outlet == "A"].doc_id.tolist()
    x = np.array([((mentions.doc_id == d) & (mentions.variant == "kyiv") & (mentions.voice == "authorial")).sum()
                  for d in docs], dtype=float)
    t = tokens[docs].to_numpy(dtype=float)
    lo, hi = ref_percentile_bootstrap(x, t, 300, SEED, "A")
    assert row.ci_low == pytest.approx(10_000 * lo, abs=1e-9) and row.ci_high == pytest.approx(10_000 * hi, abs=1e-9)


def test_rates_concept_level_and_zero_rows_from_lexicon():
    corpus, mentions = make()
    lexicon = pd.DataFrame({"concept": ["capital", "capital", "war", "war", "crimea"],
                            "variant": ["kyiv", "kiev", "smo", "invasion", "annexation"],
                            "stance": ["ukraine_west", "kremlin", "kremlin", "ukraine_west", "ukraine_west"]})
    res = rates(mentions, corpus, level="variant", voices="authorial", lexicon=lexicon, n_boot=50, seed=SEED)
    zero = res[res.variant == "annexation"]
    assert len(zero) == 2 and (zero["count"] == 0).all() and (zero.rate == 0).all()
    # three documents per outlet: two-stage; never seen is not "surely zero": [0, something]
    assert (zero["resample"] == "two-stage").all() and (zero.ci_low == 0).all() and (zero.ci_high > 0).all()
    docs_only = rates(mentions, corpus, voices="authorial", lexicon=lexicon, n_boot=50, resample="documents")
    zero = docs_only[docs_only.variant == "annexation"]
    assert (zero.ci_low == 0).all() and (zero.ci_high == 0).all()
    con = rates(mentions, corpus, level="concept", voices=["authorial", "any"], n_boot=50, seed=SEED)
    assert "variant" not in con.columns
    a_any = con[(con.outlet == "A") & (con.concept == "capital") & (con.voice == "any")].iloc[0]
    assert a_any["count"] == ((mentions.outlet == "A") & (mentions.concept == "capital")).sum()


def test_intervals_cover_estimate_are_deterministic_and_shrink():
    small_c, small_m = make(n_docs_per_outlet=3)
    big_c, big_m = make(n_docs_per_outlet=3, copies=8)
    kw = dict(n_boot=400, seed=SEED, resample="documents")
    for fn, col, extra in ((rates, "rate", {"voices": "authorial"}), (variant_shares, "share", {}),
                           (stance_balance, "balance", {"voices": "authorial"})):
        s = fn(small_m, small_c, **kw, **extra)
        b = fn(big_m, big_c, **kw, **extra)
        again = fn(small_m, small_c, **kw, **extra)
        pd.testing.assert_frame_equal(s, again)  # same seed, same numbers
        other = fn(small_m, small_c, n_boot=400, seed=SEED + 1, resample="documents", **extra)
        assert not np.allclose(s.ci_low.fillna(0), other.ci_low.fillna(0)) or not np.allclose(
            s.ci_high.fillna(0), other.ci_high.fillna(0))
        for res in (s, b):
            ok = res[col].notna()
            assert (res.loc[ok, "ci_low"] <= res.loc[ok, col] + 1e-12).all()
            assert (res.loc[ok, col] <= res.loc[ok, "ci_high"] + 1e-12).all()
        # same point estimates (the big corpus is the small one copied), narrower intervals
        assert np.allclose(s[col].fillna(-9), b[col].fillna(-9))
        ws = (s.ci_high - s.ci_low).to_numpy()
        wb = (b.ci_high - b.ci_low).to_numpy()
        wide = ws > 0
        assert wide.any() and (wb[wide] < ws[wide]).all()


def test_shares_formula_voice_apart_and_nan():
    corpus, mentions = make()
    res = variant_shares(mentions, corpus, voices=["authorial", "quoted"], n_boot=100, seed=SEED)
    for r in res.itertuples():
        m = mentions[(mentions.outlet == r.outlet) & (mentions.voice == r.voice) & (mentions.concept == r.concept)]
        if len(m) == 0:
            assert np.isnan(r.share) and np.isnan(r.ci_low)
        else:
            assert r.share == pytest.approx((m.variant == r.variant).sum() / len(m), abs=1e-12)
            assert r.concept_count == len(m)
    auth = res[res.voice == "authorial"]
    sums = auth.groupby(["outlet", "concept"])["share"].sum(min_count=1).dropna()
    assert np.allclose(sums, 1.0)
    # B's quoted "Kyiv" never enters B's authorial share
    b = auth[(auth.outlet == "B") & (auth.variant == "kyiv")].iloc[0]
    assert b["count"] == 0 and b.share == 0.0
    assert (res.stance[res.variant == "kyiv"] == "ukraine_west").all()


def test_stance_balance_formula_and_voices_apart():
    corpus, mentions = make()
    assert set(stance_balance(mentions, corpus, n_boot=10).voice) == {"authorial"}
    res = stance_balance(mentions, corpus, voices=["authorial", "quoted", "distanced"], n_boot=100, seed=SEED)
    assert set(res.voice) == {"authorial", "quoted", "distanced"}
    for r in res.itertuples():
        m = mentions[(mentions.outlet == r.outlet) & (mentions.voice == r.voice)]
        K, U = (m.stance == "kremlin").sum(), (m.stance == "ukraine_west").sum()
        assert (r.kremlin, r.ukraine_west) == (K, U)
        if K + U:
            assert r.balance == pytest.approx((K - U) / (K + U), abs=1e-12)
            assert -1 <= r.ci_low <= r.balance <= r.ci_high <= 1
        else:
            assert np.isnan(r.balance)
    # without a corpus the documents are those with mentions; point estimates are the same
    alone = stance_balance(mentions, voices=["authorial", "quoted", "distanced"], n_boot=100, seed=SEED)
    assert np.allclose(alone.balance.fillna(9), res.balance.fillna(9))


def test_one_document_groups_get_honest_wide_intervals():
    """With one document per outlet the document bootstrap alone gives a zero-width interval; the
    default (auto -> two-stage for small groups) resamples within the document and stays wide."""
    corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": ["w " * 500]})
    mentions = pd.DataFrame({"doc_id": ["1"] * 5, "outlet": ["A"] * 5, "concept": ["capital"] * 5,
                             "variant": ["kyiv", "kyiv", "kyiv", "kiev", "kyiv"],
                             "stance": ["ukraine_west"] * 3 + ["kremlin", "ukraine_west"], "voice": ["authorial"] * 5})
    docs_only = variant_shares(mentions, corpus, n_boot=500, seed=SEED, resample="documents")
    assert (docs_only.ci_high - docs_only.ci_low == 0).all()
    auto = variant_shares(mentions, corpus, n_boot=500, seed=SEED)
    kyiv = auto[auto.variant == "kyiv"].iloc[0]
    assert kyiv["resample"] == "two-stage" and kyiv.share == 0.8
    # one document: the interval is (close to) the Jeffreys interval for 4 of 5
    from scipy.stats import beta

    assert kyiv.ci_low == pytest.approx(beta.ppf(0.025, 4.5, 1.5), abs=0.04)
    assert kyiv.ci_high == pytest.approx(beta.ppf(0.975, 4.5, 1.5), abs=0.02)
    bal = stance_balance(mentions, corpus, voices="authorial", n_boot=500, seed=SEED).iloc[0]
    assert bal.balance == pytest.approx(-0.6) and bal.ci_high - bal.ci_low > 1.0
    one_sided = stance_balance(mentions[mentions.variant == "kyiv"], corpus, voices="authorial", n_boot=500,
                               seed=SEED).iloc[0]
    assert one_sided.balance == -1 and one_sided.ci_low == -1 and one_sided.ci_high > -0.5
    r = rates(mentions, corpus, voices="authorial", n_boot=500, seed=SEED).query("variant == 'kyiv'").iloc[0]
    assert r.ci_low < r.rate < r.ci_high


def test_two_stage_draws_from_the_jeffreys_posterior():
    """Second stage: with one document the resampled ratio is p* ~ Beta(x + 1/2, t - x + 1/2)."""
    reps = bootstrap_ratio(np.array([[30.0]]), np.array([100.0]), n_boot=20000, rng=5, two_stage=True)[:, 0]
    a, b = 30.5, 70.5
    assert reps.mean() == pytest.approx(a / (a + b), abs=0.003)
    assert reps.var() == pytest.approx(a * b / ((a + b) ** 2 * (a + b + 1)), rel=0.05)
    # a document that uses one variant only does not collapse to a point
    one_sided = bootstrap_ratio(np.array([[6.0]]), np.array([6.0]), n_boot=2000, rng=5, two_stage=True)[:, 0]
    assert one_sided.max() <= 1 and np.percentile(one_sided, 2.5) < 0.8


def test_errors():
    corpus, mentions = make()
    with pytest.raises(ParameterError, match="by"):
        rates(mentions, corpus, by="country", n_boot=10)
    with pytest.raises(ParameterError, match="voice"):
        stance_balance(mentions, corpus, voices="whispered", n_boot=10)
    with pytest.raises(ParameterError, match="not in the corpus"):
        variant_shares(mentions, corpus[corpus.outlet == "A"], n_boot=10)
    with pytest.raises(ParameterError, match="resample"):
        variant_shares(mentions, corpus, resample="jackknife", n_boot=10)
    with pytest.raises(ParameterError, match="n_boot"):
        variant_shares(mentions, corpus, n_boot=0)
    with pytest.raises(ParameterError, match="missing column"):
        rates(mentions.drop(columns="voice"), corpus, n_boot=10)


def test_seed_corpus_per_outlet_kyiv_share_and_stance_balance_are_wide():
    """The bundled seeds (one document per outlet): every outlet gets its Kyiv/Kiev share and stance
    balance with an interval, and the intervals are honest about one document: wide."""
    from pathlib import Path

    from framing.match import match_corpus
    from framing.notebook import load_inputs

    root = Path(__file__).resolve().parents[1]
    corpus, lexicon = load_inputs(root / "data" / "raw" / "seeds", root / "data" / "lexicons" / "russia_ukraine.yaml")
    mentions = match_corpus(corpus, lexicon)
    assert corpus.groupby("outlet").size().eq(1).all()
    capital = lexicon.variants_frame().query("variant in ['kyiv', 'kiev']")["concept"].unique()
    assert len(capital) == 1
    shares = variant_shares(mentions, corpus, lexicon=lexicon, n_boot=400, seed=SEED)
    kyiv = shares[(shares.concept == capital[0]) & (shares.variant == "kyiv")].set_index("outlet")
    assert set(kyiv.index) == set(corpus.outlet)
    seen = kyiv[kyiv.concept_count > 0]
    assert len(seen) >= 3
    assert (seen["resample"] == "two-stage").all()
    assert ((seen.ci_low <= seen.share) & (seen.share <= seen.ci_high)).all()
    assert (seen.ci_high - seen.ci_low >= 0.3).all()  # a handful of mentions in one document: wide
    bal = stance_balance(mentions, corpus, n_boot=400, seed=SEED).set_index("outlet")
    assert set(bal.index) == set(corpus.outlet)
    defined = bal[bal.balance.notna()]
    assert len(defined) == len(bal)
    assert ((defined.ci_low <= defined.balance) & (defined.balance <= defined.ci_high)).all()
    assert (defined.ci_high - defined.ci_low >= 0.5).all()
    for outlet, row in defined.iterrows():
        # what the statistics count: authorial; a frame term only when asserted
        m = mentions[(mentions.outlet == outlet) & (mentions.voice == "authorial")
                     & ((mentions.kind != "frame") | (mentions.modality == "asserted"))]
        K, U = (m.stance == "kremlin").sum(), (m.stance == "ukraine_west").sum()
        assert row.balance == pytest.approx((K - U) / (K + U), abs=1e-12)


def test_statistics_count_frame_terms_only_when_asserted():
    """A forecast or denial of an invasion is not the outlet naming the war; a spelling in a
    conditional sentence still shows the outlet's spelling."""
    from framing.stats import select_modality, stance_balance

    corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "A"], "text": ["x", "y"]})
    m = pd.DataFrame({
        "doc_id": ["1", "1", "2", "2"], "concept": ["war", "war", "city", "war"],
        "variant": ["invasion", "invasion", "kiev", "smo"], "kind": ["frame", "frame", "spelling", "frame"],
        "stance": ["ukraine_west", "ukraine_west", "kremlin", "kremlin"], "voice": ["authorial"] * 4,
        "modality": ["asserted", "hypothetical", "hypothetical", "negated"],
    })
    kept, left_out = select_modality(m)
    assert kept.index.tolist() == [0, 2]
    assert left_out[["variant", "modality", "n"]].values.tolist() == [["invasion", "hypothetical", 1], ["smo", "negated", 1]]
    default = stance_balance(m, corpus, n_boot=50).iloc[0]
    assert (default["kremlin"], default["ukraine_west"]) == (1, 1)  # the spelling counts, the frames only if asserted
    every = stance_balance(m, corpus, n_boot=50, modality="any").iloc[0]
    assert (every["kremlin"], every["ukraine_west"]) == (2, 2)
    strict = stance_balance(m, corpus, n_boot=50, modality="asserted").iloc[0]
    assert (strict["kremlin"], strict["ukraine_west"]) == (0, 1)
    with pytest.raises(Exception, match="modality"):
        select_modality(m, "maybe")


def test_two_mentions_in_two_of_many_documents_get_a_wide_interval():
    """The scheme follows the documents that carry the statistic, not the outlet's size: an outlet
    with 300 documents of which 2 each use one distanced kremlin-side term (the 2022 corpus's CNN)
    resampled by document alone gets [1, 1]; two documents are two observations, so auto must use
    the two-stage scheme and give a wide interval, and flag the estimate as a small sample."""
    corpus = pd.DataFrame({"doc_id": [f"d{i}" for i in range(300)], "outlet": ["CNN"] * 300,
                           "text": ["word " * 50] * 300})
    mentions = pd.DataFrame({"doc_id": ["d3", "d7"], "outlet": ["CNN"] * 2, "concept": ["capital"] * 2,
                             "variant": ["kiev"] * 2, "stance": ["kremlin"] * 2, "voice": ["distanced"] * 2})
    kw = dict(voices="distanced", n_boot=500, seed=SEED, positive="kremlin", negative="ukraine_west")
    bal = stance_balance(mentions, corpus, **kw).iloc[0]
    assert bal.n_docs == 300 and bal.n_docs_with_stance == 2 and bal.balance == 1.0
    assert bal["resample"] == "two-stage" and bal.small_sample
    assert bal.ci_high == 1.0 and bal.ci_low < 0.0, (bal.ci_low, bal.ci_high)  # wide, not [1, 1]
    docs_only = stance_balance(mentions, corpus, resample="documents", **kw).iloc[0]
    assert (docs_only.ci_low, docs_only.ci_high) == (1.0, 1.0)  # what the outlet's size used to choose
    sh = variant_shares(mentions, corpus, voices="distanced", n_boot=500, seed=SEED).iloc[0]
    assert sh.variant == "kiev" and sh.share == 1.0 and sh["resample"] == "two-stage" and sh.small_sample
    assert sh.ci_low < 0.6
    r = rates(mentions, corpus, voices="distanced", n_boot=200, seed=SEED).iloc[0]
    assert r.n_docs_with_mention == 2 and r.small_sample and r["resample"] == "documents"
    # with 25 documents carrying the balance, the document bootstrap is used and nothing is flagged
    many = pd.DataFrame({"doc_id": [f"d{i}" for i in range(25)], "outlet": ["CNN"] * 25, "concept": ["capital"] * 25,
                         "variant": ["kiev"] * 25, "stance": ["kremlin"] * 25, "voice": ["distanced"] * 25})
    big = stance_balance(many, corpus, **kw).iloc[0]
    assert big["resample"] == "documents" and not big.small_sample
