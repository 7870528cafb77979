"""The second bundled lexicon (US immigration) on sentences and a small corpus written for these
tests (tests/fixtures/immigration): it loads, finds each variant with its side, and every
statistic, figure, page and sheet speaks of its sides, never of the Russia-Ukraine ones."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text

from framing import plots, stats, style
from framing.lexicon import DEFAULT_LEXICON, load_lexicon
from framing.match import match_corpus, match_text
from framing.notebook import load_corpus

ROOT = Path(__file__).resolve().parents[1]
LEXICON = DEFAULT_LEXICON.with_name("us_immigration.yaml")
CORPUS = ROOT / "tests" / "fixtures" / "immigration"
RU_UK = re.compile(r"kremlin|ukrain|ukraine_west|isolationist", re.I)


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(LEXICON)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(str(CORPUS))


@pytest.fixture(scope="module")
def mentions(corpus, lex):
    return match_corpus(corpus, lex)


# --- the lexicon -----------------------------------------------------------------------------------


def test_the_lexicon_loads_with_its_sides(lex):
    assert lex.name == "us_immigration" and len(lex.sha256) == 64
    sides = lex.sides
    assert sides.ids == ("restrictionist", "pro_immigrant", "neutral")
    assert (sides.positive, sides.negative, sides.neutral) == ("restrictionist", "pro_immigrant", ("neutral",))
    assert sides.label("pro_immigrant") == "pro-immigrant"
    assert sides.axis_label() == "← pro-immigrant   stance balance   restrictionist →"
    assert {c.id for c in lex.concepts} == {"people", "border", "legalization", "family_immigration", "release",
                                            "sanctuary", "birthright"}
    # every concept has cue words for the recall probes; every stance is a side; every source has an address
    assert all(c.cues for c in lex.concepts)
    assert {v.stance for v in lex.variants} == set(sides.ids)
    assert all(s["url"].startswith("http") for s in lex.sources.values())
    for v in lex.variants:
        if v.confidence == "sourced":
            assert v.sources and all(s in lex.sources for s in v.sources), v.id


def test_every_pattern_passes_the_regex_safety_check(lex):
    """Loading refuses a risky regex; check again here, pattern by pattern, in the form the matcher runs."""
    from framing.lexicon import _fallback_source, expand_pattern
    from framing.regex_safety import regex_risk

    for v in lex.variants:
        for p in v.patterns:
            assert regex_risk(_fallback_source(p, v.case_sensitive), 0) is None, (v.id, p)
    for c in lex.concepts:
        for p in c.cues:
            assert regex_risk(rf"(?<!\w)(?i:{expand_pattern(p)})(?!\w)", 0) is None, (c.id, p)


SENTENCES = {
    # variant: (sentence, document date, stance)
    "illegal_aliens": ("The sheriff said illegal aliens were held overnight.", "2019-05-01", "restrictionist"),
    "illegals": ("The caller said the illegals should all go home.", "2019-05-01", "restrictionist"),
    "aliens": ("Deportation of aliens rose last year.", "2019-05-01", "restrictionist"),
    "illegal_immigrants": ("Illegal immigrants work on many farms.", "2016-05-01", "restrictionist"),
    "undocumented_immigrants": ("Undocumented immigrants pay sales taxes.", "2019-05-01", "pro_immigrant"),
    "undocumented_noncitizens": ("The memo covers undocumented noncitizens in custody.", "2021-05-01", "pro_immigrant"),
    "noncitizens": ("The rule applies to noncitizens.", "2021-05-01", "pro_immigrant"),
    "unauthorized_immigrants": ("Unauthorized immigrants number about 11 million.", "2019-05-01", "neutral"),
    "migrants": ("Migrants waited at the bridge.", "2019-05-01", "neutral"),
    "invasion": ("He warned of an invasion at the southern border.", "2019-05-01", "restrictionist"),
    "border_crisis": ("The border crisis dominated the hearing.", "2019-05-01", "restrictionist"),
    "border_surge": ("The border surge slowed in June.", "2019-05-01", "neutral"),
    "border_challenge": ("Officials described a challenge at the border.", "2021-05-01", "pro_immigrant"),
    "amnesty": ("The plan is amnesty for people who crossed the border.", "2013-05-01", "restrictionist"),
    "path_to_citizenship": ("The bill offers a pathway to citizenship.", "2013-05-01", "pro_immigrant"),
    "chain_migration": ("He promised to end chain migration.", "2018-05-01", "restrictionist"),
    "family_based_immigration": ("Family-based immigration accounts for most visas.", "2018-05-01", "neutral"),
    "family_reunification": ("Family reunification is the heart of the system.", "2018-05-01", "pro_immigrant"),
    "catch_and_release": ("The practice known as catch-and-release will end.", "2018-05-01", "restrictionist"),
    "released_pending_hearing": ("They were released pending their immigration hearings.", "2018-05-01", "neutral"),
    "alternatives_to_detention": ("Alternatives to detention cost less.", "2018-05-01", "neutral"),
    "sanctuary_cities": ("Sanctuary cities sued the administration.", "2018-05-01", "neutral"),
    "sanctuary_jurisdictions": ("The order targets sanctuary jurisdictions.", "2018-05-01", "neutral"),
    "welcoming_cities": ("Welcoming cities help immigrants find work.", "2018-05-01", "pro_immigrant"),
    "anchor_babies": ("The senator spoke of anchor babies.", "2015-05-01", "restrictionist"),
    "birthright_citizenship": ("The order would end birthright citizenship.", "2025-02-01", "neutral"),
}


def test_the_sentences_cover_every_variant(lex):
    assert set(SENTENCES) == {v.id for v in lex.variants}


@pytest.mark.parametrize("variant", sorted(SENTENCES))
def test_each_variant_is_found_with_its_side(lex, variant):
    sentence, date, stance = SENTENCES[variant]
    hits = match_text(sentence, lex, date=date)
    assert [(h["variant"], h["stance"]) for h in hits] == [(variant, stance)], hits
    assert stance == lex.variant(variant).stance_on(pd.Timestamp(date))


def test_illegal_immigrant_was_the_neutral_agency_term_until_april_2013(lex):
    assert [h["stance"] for h in match_text("Illegal immigrants crossed.", lex, date="2013-04-01")] == ["neutral"]
    assert [h["stance"] for h in match_text("Illegal immigrants crossed.", lex, date="2013-04-02")] == ["restrictionist"]
    assert [h["stance"] for h in match_text("Illegal immigrants crossed.", lex)] == ["neutral"]  # undated


@pytest.mark.parametrize("sentence", [
    "Illegal immigration fell last year.",                       # the action, not a label for people
    "Amnesty International criticized conditions in detention.",  # an organisation
    "The library's fine amnesty ends on Friday, with no immigration angle.",
    "Anglers practise catch and release on the river where bass are plentiful.",
    "A home invasion was reported on Elm Street near the border.",
    "The film is about aliens from outer space who cross the border.",
    "The Alien Enemies Act was invoked against immigrants.",
    "Russia's invasion of Ukraine sent migrants west.",           # another invasion: only "migrants" counts
])
def test_sentences_without_a_marker_of_the_lexicon(lex, sentence):
    hits = [h["variant"] for h in match_text(sentence, lex, date="2024-01-01")]
    assert hits == (["migrants"] if re.search(r"\bmigrants\b", sentence) else [])


# --- the test corpus -------------------------------------------------------------------------------


def test_the_corpus_is_matched_with_sides_and_voices(corpus, mentions):
    assert len(corpus) == 10 and corpus["outlet"].nunique() == 4
    got = set(mentions[["doc_id", "variant", "stance", "voice"]].itertuples(index=False, name=None))
    expected = {
        ("rd_2016_farms", "illegal_immigrants", "restrictionist", "authorial"),
        ("nw_2012_survey", "illegal_immigrants", "neutral", "authorial"),
        ("hl_undated", "illegal_immigrants", "neutral", "authorial"),
        ("rd_2019_border", "invasion", "restrictionist", "authorial"),
        ("rd_2019_border", "aliens", "restrictionist", "authorial"),
        ("rd_2023_birthright", "anchor_babies", "restrictionist", "authorial"),
        ("rd_2023_birthright", "border_challenge", "pro_immigrant", "distanced"),  # in scare quotes
        ("obp_2021_guidance", "undocumented_noncitizens", "pro_immigrant", "authorial"),
        ("obp_2022_release", "catch_and_release", "restrictionist", "distanced"),
        ("obp_2022_release", "border_crisis", "restrictionist", "distanced"),     # "what some call"
        ("nw_2018_courts", "amnesty", "restrictionist", "quoted"),
    }
    assert expected <= got
    assert "nw_2020_misc" not in set(mentions["doc_id"])  # fishing, a burglary, a film, "illegal immigration"
    assert set(mentions["stance"]) == {"restrictionist", "pro_immigrant", "neutral"}


def test_stance_balance_uses_the_declared_poles(corpus, mentions, lex):
    bal = stats.stance_balance(mentions, corpus, voices=list(stats.VOICES), n_boot=200, lexicon=lex)
    assert list(bal.columns[2:4]) == ["restrictionist", "pro_immigrant"]
    own = bal[bal["voice"] == "authorial"].set_index("outlet")
    assert own.loc["Restrictionist Daily", "balance"] == 1.0 and own.loc["Open Borders Post", "balance"] == -1.0
    assert own.loc["Restrictionist Daily", "restrictionist"] == int(
        ((mentions["outlet"] == "Restrictionist Daily") & (mentions["voice"] == "authorial")
         & (mentions["stance"] == "restrictionist")).sum())
    assert pd.isna(own.loc["Heartland Ledger", "balance"])  # only a neutral mention
    quoted = bal[bal["voice"] == "quoted"].set_index("outlet")
    assert quoted.loc["National Wire", "restrictionist"] == 1  # the senator's "amnesty"
    # with the default sides, these mentions have no poles: an error, not a table of zeros
    with pytest.raises(Exception, match="pass lexicon="):
        stats.stance_balance(mentions, corpus, n_boot=10)


# --- figures ---------------------------------------------------------------------------------------


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _legend_texts(fig) -> list[str]:
    legends = [a for ax in fig.axes for a in ax.findobj(matplotlib.legend.Legend)]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


@pytest.fixture(scope="module")
def figures(corpus, mentions, lex, tmp_path_factory):
    shares = stats.variant_shares(mentions, corpus, voices="authorial", lexicon=lex, n_boot=100)
    bal = stats.stance_balance(mentions, corpus, voices=list(stats.VOICES), n_boot=100, lexicon=lex)
    coords = plots.outlet_coordinates(plots.variant_share_matrix(mentions))
    rates = plots.period_rates(corpus, mentions, freq="Y", by="stance", n_boot=50, lexicon=lex)
    figs = {
        "variant_use": plots.variant_use_by_outlet(mentions, sides=lex),
        "variant_shares": plots.variant_shares_by_outlet(shares, sides=lex),
        "stance_balance": plots.stance_balance_by_outlet(bal, sides=lex, n_docs=corpus.groupby("outlet").size()),
        "outlet_map": plots.outlet_map(coords, bal[bal["voice"] == "authorial"], sides=lex),
        "rates_by_side": plots.rates_over_time(rates, by="stance", sides=lex),
    }
    out = tmp_path_factory.mktemp("figures")
    for name, fig in figs.items():  # drawn to PNG as a report draws them (text laid out, nothing raised)
        (png,) = style.save_figure(fig, name, out, ["png"])
        assert png.stat().st_size > 5000
    return figs


def test_no_figure_speaks_of_the_russia_ukraine_sides(figures):
    for name, fig in figures.items():
        bad = [t for t in _texts(fig) if RU_UK.search(t)]
        assert not bad, (name, bad)


def test_legends_name_the_variants_and_their_sides(figures, lex):
    legend = _legend_texts(figures["variant_use"])
    assert "illegal aliens (restrictionist)" in legend and "undocumented immigrants (pro-immigrant)" in legend
    # the date-dependent variant once per side it took, in the sides' order
    people = [t for t in legend if t.startswith(("aliens", "illegal", "undocumented", "noncitizens", "migrants",
                                                  "unauthorized"))]
    assert people.index("illegal immigrants (restrictionist)") < people.index("illegal immigrants (neutral)")
    assert people.index("migrants (neutral)") < people.index("noncitizens (pro-immigrant)")
    shares = _legend_texts(figures["variant_shares"])
    assert "anchor babies (restrictionist)" in shares and "path to citizenship (pro-immigrant)" in shares
    assert "illegal immigrants (neutral | restrictionist)" in shares


def test_balance_axes_are_labelled_with_the_declared_poles(figures, lex):
    ax = figures["stance_balance"].axes[0]
    assert ax.get_xlabel() == "stance balance\n← pro-immigrant  ·  restrictionist →"  # two lines: a single column
    assert _legend_texts(figures["stance_balance"]) == ["authorial", "quoted", "distanced"]
    assert "no restrictionist or pro-immigrant mention" in _texts(figures["stance_balance"])  # Heartland Ledger
    colourbar = figures["outlet_map"].axes[1]
    assert colourbar.get_ylabel() == "stance balance: −1 pro-immigrant … +1 restrictionist"
    assert "no restrictionist or pro-immigrant mention" in _legend_texts(figures["outlet_map"])  # hollow dots
    titles = [a.get_title() for a in figures["rates_by_side"].axes if a.get_title()]
    assert titles == ["restrictionist", "neutral", "pro-immigrant"]


def test_the_map_runs_from_one_sides_colour_to_the_others(corpus, mentions, lex):
    from matplotlib.colors import to_hex

    coords = plots.outlet_coordinates(plots.variant_share_matrix(mentions))
    balance = pd.DataFrame({"outlet": ["Restrictionist Daily", "Open Borders Post"], "balance": [1.0, -1.0]})
    fig = plots.outlet_map(coords, balance, sides=lex)
    drawn = {o: to_hex(c.get_facecolor()[0]) for c, o in zip(fig.axes[0].collections, sorted(coords["outlet"]))}
    assert drawn["Restrictionist Daily"] == lex.sides.colour("restrictionist").lower()
    assert drawn["Open Borders Post"] == lex.sides.colour("pro_immigrant").lower()


# --- the explorer and the validation loop ----------------------------------------------------------


def test_the_explorer_names_and_colours_the_lexicons_sides(corpus, mentions, lex):
    from framing.explorer import _explorer_data

    data = _explorer_data(corpus, mentions, None, outlets=None, lexicon=lex, counts=None, max_lines=2,
                          max_term_lines=0, max_terms=20, context=40, n_boot=20, max_bytes=2_000_000, seed=1,
                          title="t", modality="frames-asserted", page_overhead=0)
    assert data["stance_order"] == ["restrictionist", "neutral", "pro_immigrant"]
    assert data["stance_names"]["pro_immigrant"] == "pro-immigrant"
    assert data["style"]["stance_colors"]["restrictionist"] == "#D55E00"
    assert not RU_UK.search(str({k: data[k] for k in ("stance_order", "stance_names", "style")}))
    js = (ROOT / "src" / "framing" / "templates" / "explorer.js").read_text(encoding="utf-8")
    assert not RU_UK.search(js)


def test_the_validation_loop_scores_the_declared_poles(corpus, mentions, lex, tmp_path):
    """The headline counted kremlin and ukraine_west mentions whatever the lexicon: none here."""
    from framing.validate.sample import draw_sample, write_sample
    from framing.validate.score import read_key, read_sheet, score

    sample = draw_sample(corpus, mentions, lex, n=30, n_probes=10, seed=3)
    assert sample.design["sides"]["poles"] == ["restrictionist", "pro_immigrant"]
    paths = write_sample(sample, tmp_path / "sheet.csv", lex)
    book = paths[1].read_text(encoding="utf-8")
    assert "restrictionist: usage of those who want less immigration" in book and not RU_UK.search(book)
    key = read_key(tmp_path / "sheet.key.csv")
    assert key.attrs["poles"] == ("restrictionist", "pro_immigrant")
    # a coder who agrees with the tool on every mention
    sheet = pd.read_csv(tmp_path / "sheet.csv", dtype=str, keep_default_na=False)
    answers = key.set_index("item_id")
    mention = sheet["kind"] == "mention"
    sheet.loc[mention, "is_marker"] = "1"
    for f in ("stance", "voice", "modality"):
        sheet.loc[mention, f] = sheet.loc[mention, "item_id"].map(answers[f])
    sheet.loc[~mention, "is_marker"] = "0"
    sheet.to_csv(tmp_path / "coder.csv", index=False)
    tables = score({"coder": read_sheet(tmp_path / "coder.csv", key)}, key, n_boot=50)
    overall = tables["headline"].set_index("concept").loc["(all)"]
    counted = key[(key["kind"] == "mention") & (key["voice"] == "authorial") & key["counted"]
                  & key["stance"].isin(["restrictionist", "pro_immigrant"])]
    assert len(counted) > 0 and overall["tool_positive"] == pytest.approx(counted["weight"].sum())
    assert overall["precision"] == pytest.approx(1.0)


# --- the notebooks ---------------------------------------------------------------------------------


def test_notebook_text_names_no_side_of_the_bundled_lexicon():
    import nbformat

    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if "parameters" in cell.metadata.get("tags", []):
                continue  # default paths and parameters are about the bundled lexicon
            assert not RU_UK.search(cell.source), (path.stem, i, RU_UK.search(cell.source).group(0))


def test_notebook_02_runs_on_the_immigration_corpus(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "02_distinctive_terms.ipynb", as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    out = tmp_path / "out"
    nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(
        f"corpus_path = {str(CORPUS)!r}\nlexicon_path = {str(LEXICON)!r}\noutput_dir = {str(out)!r}\n"
        "figure_formats = ['png']\nn_boot = 50\npairwise_term = ''\nmin_count = 1"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    bal = pd.read_csv(out / "tables" / "02_stance_balance.csv")
    assert list(bal.columns[2:4]) == ["restrictionist", "pro_immigrant"]
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "stance balance = (P − N) / (P + N), P: restrictionist mentions, N: pro-immigrant mentions" in printed
    assert "no such concept in lexicon us_immigration; drawing every concept with a mention" in printed
    for name in ("02_variant_shares", "02_stance_balance"):
        assert (out / "figures" / f"{name}.png").stat().st_size > 5000
