"""plots: the tables behind the figures, checked against the formulas written out here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing import plots, style
from framing.errors import ParameterError
from framing.stats import stance_balance


def _mentions(rows):
    cols = ["doc_id", "outlet", "date", "concept", "variant", "stance", "start", "end", "matched", "voice", "sentence"]
    out = []
    for i, (doc, outlet, concept, variant, stance, voice) in enumerate(rows):
        out.append([doc, outlet, pd.Timestamp("2022-03-01"), concept, variant, stance, i, i + 1, variant, voice, "s"])
    return pd.DataFrame(out, columns=cols)


MENTIONS = _mentions([
    ("d1", "RT", "capital", "kiev", "kremlin", "authorial"),
    ("d1", "RT", "capital", "kiev", "kremlin", "authorial"),
    ("d1", "RT", "capital", "kyiv", "ukraine_west", "quoted"),
    ("d2", "RT", "war", "smo", "kremlin", "authorial"),
    ("d3", "BBC", "capital", "kyiv", "ukraine_west", "authorial"),
    ("d3", "BBC", "capital", "kiev", "kremlin", "distanced"),
    ("d4", "BBC", "war", "invasion", "ukraine_west", "authorial"),
    ("d4", "BBC", "war", "smo", "kremlin", "distanced"),
    ("d5", "Guardian", "war", "invasion", "ukraine_west", "authorial"),
    ("d5", "Guardian", "war", "the_war", "neutral", "authorial"),
    ("d5", "Guardian", "war", "the_war", "neutral", "authorial"),
])


def test_variant_use_table_counts_and_shares():
    t = plots.variant_use_table(MENTIONS)
    row = t[(t.outlet == "RT") & (t.concept == "capital") & (t.variant == "kiev") & (t.voice == "authorial")].iloc[0]
    assert row.n == 2 and row.share == 1.0  # the only authorial capital variant RT uses
    assert row.n_all_voices == 2 and row.share_all_voices == pytest.approx(2 / 3)
    g = t[(t.outlet == "Guardian") & (t.voice == "authorial")].set_index("variant")
    assert g.loc["the_war", "share"] == pytest.approx(2 / 3) and g.loc["invasion", "share"] == pytest.approx(1 / 3)
    # Shares sum to one within outlet × concept × voice.
    sums = t.groupby(["outlet", "concept", "voice"])["share"].sum()
    assert np.allclose(sums.to_numpy(), 1.0)
    assert t["n"].sum() == len(MENTIONS)
    # Deterministic order: outlets sorted, kremlin before ukraine_west within a concept.
    assert list(t["outlet"].drop_duplicates()) == ["BBC", "Guardian", "RT"]


def test_variant_use_table_empty_and_bad_input():
    assert plots.variant_use_table(MENTIONS.iloc[:0]).empty
    with pytest.raises(ParameterError, match="voice"):
        plots.variant_use_table(MENTIONS.drop(columns=["voice"]))


def test_variant_use_figure_has_a_column_per_voice():
    fig = plots.variant_use_by_outlet(MENTIONS, normalize=False)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["authorial", "quoted", "distanced"]
    # Counts: RT's authorial capital bar is kiev 2 (no kyiv in its own voice).
    widths = sorted(round(p.get_width(), 6) for p in fig.axes[0].patches if p.get_width() > 0)
    assert widths == sorted([2.0, 1.0, 1.0, 1.0, 1.0, 2.0])  # RT capital kiev, RT smo, BBC kyiv, BBC invasion, Guardian invasion, the_war
    fig = plots.variant_use_by_outlet(MENTIONS, voices=["authorial"])  # shares
    assert len(fig.axes) == 1
    per_bar: dict[float, float] = {}
    for p in fig.axes[0].patches:
        if p.get_width() > 0:
            per_bar[round(p.get_y(), 6)] = per_bar.get(round(p.get_y(), 6), 0.0) + p.get_width()
    assert per_bar and all(w == pytest.approx(1.0) for w in per_bar.values())
    legends = [a for a in fig.axes[0].get_children() if type(a).__name__ == "Legend"]
    assert sorted(t.get_text() for lg in legends for t in lg.get_texts()) == sorted(
        ["kiev (Kremlin-aligned)", "kyiv (Ukrainian/Western)", "smo (Kremlin-aligned)", "the_war (neutral)",
         "invasion (Ukrainian/Western)"])  # each variant with its side's label (the default sides)
    empty = plots.variant_use_by_outlet(MENTIONS.iloc[:0])
    assert "no lexicon mentions" in empty.axes[0].texts[0].get_text()


CORPUS = pd.DataFrame({
    "doc_id": ["d1", "d2", "d3", "d4", "d5", "d6"],
    "outlet": ["RT", "RT", "BBC", "BBC", "Guardian", "Guardian"],
    "date": pd.to_datetime(["2022-03-05", "2022-03-28", "2022-03-10", "2022-04-02", "2022-04-20", None]),
    "title": "", "url": "",
    "text": ["a b c d e f g h i j", "a b c d e", "a b c d e f g h i j k l m n o p q r s t",
             "a b c d e f g h i j", "a b c d e f g h i j", "x y z"],
})


def test_doc_token_counts():
    counts = plots.doc_token_counts(CORPUS)
    assert counts.to_dict() == {"d1": 10, "d2": 5, "d3": 20, "d4": 10, "d5": 10, "d6": 3}


def test_period_rates_formula():
    r = plots.period_rates(CORPUS, MENTIONS, freq="M", n_boot=500, seed=1, resample="documents")
    assert r.attrs["undated_docs"] == 1
    rt = r[(r.outlet == "RT") & (r.concept == "capital")].iloc[0]
    # RT in March 2022: d1 (3 capital mentions, 10 tokens) + d2 (0, 5 tokens).
    assert str(rt.period.date()) == "2022-03-01"
    assert rt.docs == 2 and rt.tokens == 15 and rt.mentions == 3
    assert rt.rate == pytest.approx(10_000 * 3 / 15)
    # Resampling documents: every resample's rate lies between the all-d2 rate (0) and the all-d1 rate.
    assert 0 <= rt.ci_low <= rt.rate <= rt.ci_high <= 10_000 * 3 / 10
    assert rt.ci_low < rt.ci_high and rt["resample"] == "documents"
    # Zero rows are kept, and every document of the group is in the denominator.
    rt_war = r[(r.outlet == "RT") & (r.concept == "war")].iloc[0]
    assert rt_war.mentions == 1 and rt_war.rate == pytest.approx(10_000 / 15)
    bbc_mar_war = r[(r.outlet == "BBC") & (r.concept == "war") & (r.period == pd.Timestamp("2022-03-01"))].iloc[0]
    assert bbc_mar_war.mentions == 0 and bbc_mar_war.rate == 0.0 and bbc_mar_war.tokens == 20
    # One document, documents-only bootstrap: nothing to resample, the interval is the estimate.
    bbc_apr = r[(r.outlet == "BBC") & (r.concept == "war") & (r.period == pd.Timestamp("2022-04-01"))].iloc[0]
    assert bbc_apr.docs == 1 and bbc_apr.ci_low == bbc_apr.rate == bbc_apr.ci_high == pytest.approx(10_000 * 2 / 10)
    # Same seed, same numbers.
    pd.testing.assert_frame_equal(r, plots.period_rates(CORPUS, MENTIONS, freq="M", n_boot=500, seed=1,
                                                        resample="documents"))


def test_period_rates_small_groups_get_honest_intervals():
    """Default (auto): groups under 20 documents add the within-document stage, so one document is not a point."""
    r = plots.period_rates(CORPUS, MENTIONS, freq="M", n_boot=500, seed=1)
    bbc_apr = r[(r.outlet == "BBC") & (r.concept == "war") & (r.period == pd.Timestamp("2022-04-01"))].iloc[0]
    assert bbc_apr["resample"] == "two-stage"
    assert bbc_apr.rate == pytest.approx(2000) and bbc_apr.ci_low < bbc_apr.rate < bbc_apr.ci_high
    zero = r[(r.outlet == "BBC") & (r.concept == "capital") & (r.period == pd.Timestamp("2022-04-01"))].iloc[0]
    assert zero.rate == 0 and zero.ci_low == 0 and zero.ci_high > 0


def test_period_rates_options():
    q = plots.period_rates(CORPUS, MENTIONS, freq="Q", n_boot=10, by="stance", voices=["authorial"])
    rt = q[(q.outlet == "RT")].set_index("stance")
    assert rt.loc["kremlin", "mentions"] == 3 and "ukraine_west" not in rt.index or rt.loc["ukraine_west", "mentions"] == 0
    v = plots.period_rates(CORPUS, MENTIONS, freq="Y", n_boot=10, by="variant")
    assert set(v["variant"]) == {"capital:kiev", "capital:kyiv", "war:smo", "war:invasion", "war:the_war"}
    assert v.groupby("outlet")["mentions"].sum().to_dict() == {"BBC": 4, "Guardian": 3, "RT": 4}
    with pytest.raises(ParameterError, match="freq"):
        plots.period_rates(CORPUS, MENTIONS, freq="fortnight")
    with pytest.raises(ParameterError, match="by"):
        plots.period_rates(CORPUS, MENTIONS, by="outlet")


def test_rates_figure():
    r = plots.period_rates(CORPUS, MENTIONS, n_boot=50)
    fig = plots.rates_over_time(r)
    assert [ax.get_title() for ax in fig.axes if ax.get_title()] == ["capital", "war"]
    # Weekly: RT has documents in weeks 1 and 5 of March only; the weeks between are gaps (NaN), not a line.
    w = plots.period_rates(CORPUS, MENTIONS, freq="W", n_boot=20)
    fig = plots.rates_over_time(w, window=False)  # every week, not only those most outlets share
    rt_line = [ln for ln in fig.axes[0].get_lines() if ln.get_label() == "RT"][0]
    y = rt_line.get_ydata()
    assert len(y) > 2 and np.isnan(y[1:-1]).any() and not np.isnan(y[0])


def test_variant_share_matrix_and_imputation():
    X = plots.variant_share_matrix(MENTIONS, voices=None)
    assert list(X.columns) == ["capital:kiev", "capital:kyiv", "war:invasion", "war:smo", "war:the_war"]
    assert X.loc["RT", "capital:kiev"] == pytest.approx(2 / 3)
    assert X.loc["BBC", "war:the_war"] == 0.0  # BBC speaks of the war, never as "the war"
    # Guardian never mentions the capital: filled with the pooled share (kiev 3 of 5 capital mentions).
    assert X.loc["Guardian", "capital:kiev"] == pytest.approx(3 / 5)
    assert X.attrs["imputed_cells"] == 2
    assert np.allclose(X[["capital:kiev", "capital:kyiv"]].sum(axis=1), 1.0)


def test_correspondence_analysis_against_chi_square():
    from scipy.stats import chi2_contingency

    N = pd.DataFrame([[20, 5, 3], [4, 18, 6], [6, 7, 15], [10, 10, 2]], index=["A", "B", "C", "D"],
                     columns=["x", "y", "z"], dtype=float)
    coords = plots.outlet_coordinates(N, method="ca")
    n = N.to_numpy().sum()
    chi2 = chi2_contingency(N.to_numpy(), correction=False)[0]
    r = N.to_numpy().sum(axis=1) / n
    F = coords[["dim1", "dim2"]].to_numpy()
    # Row principal coordinates: the mass-weighted sum of squares on each axis is that axis' inertia, and
    # with 3 columns two axes hold all of it: total inertia = chi2 / n (Greenacre 2007).
    assert (r[:, None] * F ** 2).sum() == pytest.approx(chi2 / n)
    assert sum(coords.attrs["explained"]) == pytest.approx(1.0)
    # Masses centre the cloud: sum_i r_i F_ik = 0.
    assert np.allclose((r[:, None] * F).sum(axis=0), 0, atol=1e-12)


def test_pca_matches_svd_up_to_sign():
    X = plots.variant_share_matrix(MENTIONS, voices=None)
    coords = plots.outlet_coordinates(X, method="pca")
    A = X.to_numpy() - X.to_numpy().mean(axis=0)
    U, s, _ = np.linalg.svd(A, full_matrices=False)
    expected = U[:, :2] * s[:2]
    assert np.allclose(np.abs(coords[["dim1", "dim2"]].to_numpy()), np.abs(expected))
    assert coords.attrs["explained"][0] == pytest.approx(s[0] ** 2 / (s ** 2).sum())
    with pytest.raises(ParameterError, match="map_method"):
        plots.outlet_coordinates(X, method="tsne")


def test_map_and_dendrogram_figures():
    X = plots.variant_share_matrix(MENTIONS, voices=None)
    balance = stance_balance(MENTIONS, voices=["authorial", "quoted", "distanced"], n_boot=50)
    fig = plots.outlet_map(plots.outlet_coordinates(X), balance[balance["voice"] == "authorial"])
    labels = sorted(t.get_text() for t in fig.axes[0].texts)
    assert labels == ["BBC", "Guardian", "RT"]
    dendro = plots.outlet_dendrogram(X)
    assert sorted(t.get_text() for t in dendro.axes[0].get_yticklabels()) == ["BBC", "Guardian", "RT"]
    single = plots.outlet_dendrogram(X.iloc[:1])
    assert "at least two" in single.axes[0].texts[0].get_text()


def test_map_colours_follow_the_stance_balance_sign():
    """B = (K - U)/(K + U): an outlet with more Kremlin-aligned than Ukrainian/Western mentions is drawn
    nearer the kremlin colour, and the reverse."""
    import matplotlib.colors as mcolors

    from framing.style import STANCE_COLORS

    X = plots.variant_share_matrix(MENTIONS, voices=None)
    coords = plots.outlet_coordinates(X)
    balance = pd.DataFrame({"outlet": ["RT", "BBC", "Guardian"], "balance": [1.0, -1.0, float("nan")]})
    fig = plots.outlet_map(coords, balance)
    ax = fig.axes[0]
    drawn = {}
    for collection, outlet in zip(ax.collections, sorted(coords["outlet"])):
        drawn[outlet] = mcolors.to_hex(collection.get_facecolor()[0])
    assert drawn["RT"] == STANCE_COLORS["kremlin"].lower()
    assert drawn["BBC"] == STANCE_COLORS["ukraine_west"].lower()
    assert drawn["Guardian"] == "#ffffff"  # no stance-bearing mention: hollow


def test_period_rates_denominators_use_the_lexicon_phrases():
    """With a lexicon, a phrase is one token in the denominator, as in count_matrix and notebook 03:
    "the full-scale invasion of Kyiv" is 4 tokens, not 5."""
    from framing.counts import count_matrix
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon()
    corpus = CORPUS.assign(text=["the full-scale invasion of Kyiv"] * 5 + ["x y z"])
    plain = plots.period_rates(corpus, MENTIONS, freq="Y", n_boot=10)
    joined = plots.period_rates(corpus, MENTIONS, freq="Y", n_boot=10, lexicon=lexicon)
    from_counts = plots.period_rates(corpus, MENTIONS, freq="Y", n_boot=10,
                                     tokens=count_matrix(corpus, lexicon=lexicon))
    rt = lambda r: r[(r.outlet == "RT") & (r.concept == "capital")].iloc[0]  # noqa: E731
    assert rt(plain).tokens == 2 * 5 and rt(joined).tokens == 2 * 4 == rt(from_counts).tokens
    assert rt(joined).rate == pytest.approx(10_000 * 3 / 8)


# ---------------------------------------------------------------------------------------------
# Figures a journal prints: no overlapping labels, at most a page high, axes limited to the data
# ---------------------------------------------------------------------------------------------

def _overlapping_labels(fig):
    """Pairs of labels whose text boxes overlap (the text only: an annotation's box includes its leader line)."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_text().strip()]
        boxes = [Text.get_window_extent(t, r) for t in texts]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if boxes[i].overlaps(boxes[j]):
                    bad.append((texts[i].get_text(), texts[j].get_text()))
    return bad


def test_outlet_map_labels_never_overlap_even_for_stacked_outlets():
    """The 2022 corpus put ABC News, Daily Mail and NBC News almost on one spot: unreadable labels."""
    names = ["ABC News", "AP (via DailyMail wires)", "CBS News", "CNN", "Daily Mail", "HuffPost", "NBC News", "RT"]
    coords = pd.DataFrame({"outlet": names, "dim1": [-0.2, -0.21, -0.3, 0.0, -0.19, -0.25, -0.2, 1.7],
                           "dim2": [-0.2, -0.19, -0.07, -0.1, -0.2, 0.0, -0.21, 0.0]})
    coords.attrs.update(explained=[0.25, 0.13], method="ca")
    bal = pd.DataFrame({"outlet": names, "balance": [-0.8] * 7 + [0.9]})
    bal.attrs.update(positive="kremlin", negative="ukraine_west")
    fig = plots.outlet_map(coords, bal)
    labels = [t for t in fig.axes[0].texts if t.get_text() in names]
    assert len(labels) == len(names)
    assert _overlapping_labels(fig) == []
    from matplotlib.text import Text

    r = fig.canvas.get_renderer()
    box = fig.axes[0].get_window_extent(r)
    for t in labels:  # inside the axes
        bb = Text.get_window_extent(t, r)
        assert bb.x0 >= box.x0 - 1 and bb.x1 <= box.x1 + 1 and bb.y0 >= box.y0 - 1 and bb.y1 <= box.y1 + 1


def test_fightin_words_labels_never_overlap_and_pages_stay_under_a_page():
    from framing.keyness import keyness

    rng = np.random.default_rng(3)
    rows = []
    for g in [f"outlet {i}" for i in range(14)]:
        for k in range(150):
            rows.append({"outlet": g, "term": f"term{k:03d}", "count": int(rng.integers(1, 40))})
    kn = keyness(pd.DataFrame(rows), by="outlet")
    figs = plots.fightin_words_figures(kn, top=8)
    assert len(figs) >= 2  # 14 panels do not fit one page
    assert sum(sum(1 for ax in f.axes if ax.get_visible()) for f in figs) == 14
    for fig in figs:
        assert fig.get_size_inches()[1] <= style.MAX_HEIGHT
        assert _overlapping_labels(fig) == []


def test_variant_use_is_split_into_pages_and_leaves_out_single_variant_concepts():
    rows = []
    outlets = [f"outlet {i:02d}" for i in range(14)]
    for c in range(18):
        for o in outlets:
            rows.append(("d" + o, o, f"concept{c:02d}", "a", "kremlin", "authorial"))
            rows.append(("d" + o, o, f"concept{c:02d}", "b", "ukraine_west", "quoted"))
    rows.append(("dx", "outlet 00", "lonely", "only", "kremlin", "authorial"))
    figs = plots.variant_use_figures(_mentions(rows))
    assert len(figs) > 1
    assert all(f.get_size_inches()[1] <= style.MAX_HEIGHT for f in figs)
    assert figs[0].framing_single_variant == ["lonely"]
    headings = [t.get_text() for f in figs for t in f.axes[0].texts if t.get_text().startswith("concept")]
    assert headings == [f"concept{c:02d}" for c in range(18)]  # each concept once, in order


def test_rates_axis_covers_the_months_most_outlets_share_and_zero_months_are_gaps():
    """One outlet with a document from 2019 must not stretch a 2022 axis; a month with documents but
    no mention is a gap (no band), not a wide pale band."""
    docs, ments = [], []
    for o in ("A", "B", "C"):
        for m in range(6, 11):
            doc = f"{o}{m}"
            docs.append({"doc_id": doc, "outlet": o, "date": pd.Timestamp(f"2022-{m:02d}-10"), "text": "w " * 400})
            if m != 8:
                ments.append((doc, o, "war", "smo", "kremlin", "authorial"))
    docs.append({"doc_id": "old", "outlet": "A", "date": pd.Timestamp("2019-01-05"), "text": "w " * 400})
    corpus = pd.DataFrame(docs)
    r = plots.period_rates(corpus, _mentions(ments), n_boot=50)
    w = plots.rates_window(r)
    assert (w["start"], w["end"], w["periods_left_out"]) == (pd.Timestamp("2022-06-01"), pd.Timestamp("2022-10-01"), 1)
    fig = plots.rates_over_time(r)
    ax = fig.axes[0]
    lo, hi = (matplotlib_dates_num2date(v) for v in ax.get_xlim())
    assert lo.year == 2022 and hi.year == 2022
    line = [ln for ln in ax.get_lines() if ln.get_label() == "A"][0]
    y = np.asarray(line.get_ydata(), float)
    assert len(y) == 5 and np.isnan(y[2]) and np.isfinite(y[[0, 1, 3, 4]]).all()  # August: no mention, a gap
    band = ax.collections[0].get_paths()
    assert all(len(p.vertices) for p in band)
    # the band has no vertex in August
    aug = matplotlib_date2num(pd.Timestamp("2022-08-01"))
    assert not any(np.isclose(p.vertices[:, 0], aug).any() for p in band)


def matplotlib_dates_num2date(v):
    import matplotlib.dates

    return matplotlib.dates.num2date(v)


def matplotlib_date2num(t):
    import matplotlib.dates

    return matplotlib.dates.date2num(t)


def test_voice_counts_use_a_log_axis_when_counts_span_orders_of_magnitude():
    vc = pd.DataFrame({"authorial": [2538, 3, 0], "quoted": [120, 10, 1], "distanced": [5, 0, 2]},
                      index=["RT", "CNN", "BBC"])
    fig = plots.voice_counts_figure(vc, "Kiev")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel()
    small = plots.voice_counts_figure(pd.DataFrame({"authorial": [3, 5], "quoted": [1, 2], "distanced": [0, 1]},
                                                   index=["A", "B"]))
    assert small.axes[0].get_xscale() == "linear"
    assert [t.get_text() for t in small.axes[0].texts] == ["0"]  # the zero is written, not hidden


def test_the_time_window_never_drops_an_outlet():
    """Outlets whose documents fall in different months (the bundled demo corpus): the busiest month
    alone would hide two of them, so every period is kept."""
    r = pd.DataFrame({"period": pd.to_datetime(["2025-03-01", "2025-05-01", "2025-12-01", "2025-12-01"]),
                      "outlet": ["A", "B", "C", "D"], "docs": [1, 1, 1, 1]})
    w = plots.rates_window(r)
    assert (str(w["start"].date()), str(w["end"].date()), w["periods_left_out"]) == ("2025-03-01", "2025-12-01", 0)
