"""The explorer: one self-contained offline HTML page per run (keyness scatter, rates, concordance).

Unit tests read the data embedded in the page; the browser test opens the page from a file in
Debian's Chromium with every network request blocked, searches "Kiev regime" and reads the
concordance lines; the corpora test builds the page on the 2022 corpus and checks its size.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SHARED_CORPORA, chromium_path
from explorer_corpus import HOSTILE, small_corpus
from framing.counts import count_matrix
from framing.errors import CorpusError, OutputError, ParameterError
from framing.explorer import (ExplorerView, _interleave, _TokenFinder, build_explorer, embedded_data, show_explorer,
                              write_explorer)
from framing.keyness import keyness, keyness_corpus
from framing.lexicon import load_lexicon
from framing.match import match_corpus
from framing.stats import rates
from framing.tokenize import mwe_regex, tokenize

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
N_BOOT = 200


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


@pytest.fixture(scope="module")
def run(lex):
    """The small corpus through the real pipeline: matching, counts, one-vs-rest log-odds keyness."""
    corpus = small_corpus()
    mentions = match_corpus(corpus, lex)
    key = keyness_corpus(corpus, lexicon=lex)
    page = build_explorer(corpus, mentions, key, lexicon=lex, n_boot=N_BOOT)
    return {"corpus": corpus, "mentions": mentions, "keyness": key, "page": page, "data": embedded_data(page)}


def entry(data: dict, entry_id: str) -> dict:
    found = [e for e in data["entries"] if e["id"] == entry_id]
    assert len(found) == 1, entry_id
    return found[0]


def voices_of(data: dict, e: dict) -> set[str]:
    return {data["voices"][line[1]] for line in e["lines"]}


# ------------------------------------------------------------------------------------ embedded data


def test_kiev_regime_has_every_mention_with_its_voice_in_three_outlets(run):
    data, mentions = run["data"], run["mentions"]
    e = entry(data, "kiev_regime")
    assert e["label"] == "Kiev regime" and e["kind"] == "lexicon" and e["stance"] == "kremlin"
    expected = mentions[mentions["variant"] == "kiev_regime"].groupby("outlet").size()
    assert dict(zip(data["outlets"], e["count"])) == {o: int(expected.get(o, 0)) for o in data["outlets"]}
    assert all(n > 0 for n in e["count"])
    assert voices_of(data, e) == {"authorial", "quoted", "distanced"}
    assert {line[5] for line in e["lines"]} == {"Kiev regime"}
    # every line's document is in the docs table, with its outlet, date and title
    for line in e["lines"]:
        outlet, date, title, url, doc_id = data["docs"][line[0]]
        row = run["corpus"].set_index("doc_id").loc[doc_id]
        assert data["outlets"][outlet] == row["outlet"] and date == row["date"].strftime("%Y-%m-%d")
        assert title == row["title"]


def test_concordance_lines_are_the_corpus_text_around_the_mention(run):
    data, corpus = run["data"], run["corpus"].set_index("doc_id")
    for e in data["entries"]:
        for line in e["lines"]:
            text = re.sub(r"\s+", " ", corpus.loc[data["docs"][line[0]][4], "text"])
            left, match, right = (s.strip("\u2026") for s in line[4:7])
            assert f"{left} {match} {right}".strip() in text or f"{left} {match}{right}" in text \
                or f"{left}{match} {right}" in text or f"{left}{match}{right}" in text, (e["id"], line)
            assert len(line[4]) <= data["settings"]["context"] + 1 and len(line[6]) <= data["settings"]["context"] + 1


def test_lines_are_bounded_per_term_and_outlet_and_the_rest_is_counted(run, lex):
    corpus, mentions = run["corpus"], run["mentions"]
    data = embedded_data(build_explorer(corpus, mentions, run["keyness"], lexicon=lex, n_boot=N_BOOT,
                                        max_lines=3, max_term_lines=2))
    n_out = len(data["outlets"])
    for e in data["entries"]:
        cap = 3 if e["kind"] == "lexicon" else 2
        per_outlet = [0] * n_out
        for line in e["lines"]:
            per_outlet[data["docs"][line[0]][0]] += 1
        assert per_outlet == e["shown"]
        assert all(shown <= min(cap, count) for shown, count in zip(e["shown"], e["count"]))
        if e["kind"] == "lexicon":  # the budget was not reached: each cap is filled
            assert e["shown"] == [min(cap, c) for c in e["count"]]
    assert data["settings"]["dropped_for_size"] == 0
    # "Voice of Moscow" has 21 authorial Kiev regime mentions: 3 kept, 18 left out (the page shows "3 of 21")
    e = entry(data, "kiev_regime")
    vom = data["outlets"].index("Voice of Moscow")
    assert (e["shown"][vom], e["count"][vom]) == (3, 21)


def test_a_small_sample_still_shows_every_voice_present(run, lex):
    data = embedded_data(build_explorer(run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT,
                                        max_lines=2))
    e = entry(data, "kiev_regime")
    planet = data["outlets"].index("Daily Planet")  # 3 quoted, 4 distanced mentions
    kept = {data["voices"][line[1]] for line in e["lines"] if data["docs"][line[0]][0] == planet}
    assert kept == {"quoted", "distanced"}


def test_interleave_spreads_over_voices_then_documents():
    voices = ["authorial"] * 20 + ["quoted"]
    docs = ["a"] * 10 + [str(i) for i in range(10)] + ["q"]
    order = _interleave(voices, docs, np.random.default_rng(1))
    assert sorted(order.tolist()) == list(range(21))
    assert "quoted" in {voices[i] for i in order[:2]}
    first_authorial = [docs[i] for i in order if voices[i] == "authorial"][:11]
    assert len(set(first_authorial)) == 11  # every document once before document "a" a second time


def test_words_get_lines_only_in_the_outlets_whose_chart_shows_them(run, lex):
    data = run["data"]
    terms = [e for e in data["entries"] if e["kind"] == "term"]
    assert terms, "the scatters show words besides lexicon terms"
    index = {id(e): i for i, e in enumerate(data["entries"])}
    for e in terms:
        charts = {g for g, sc in data["scatter"].items() if any(p[0] == index[id(e)] for p in sc["points"])}
        outlets = {data["outlets"][data["docs"][line[0]][0]] for line in e["lines"]}
        assert outlets <= charts
        for line in e["lines"]:  # the line's match is the word, as the counts tokenized it
            assert tokenize(line[5], mwes=lex.multiword_expressions()) == [e["token"]]
    with_lines = [e for e in terms if e["lines"]]
    assert len(with_lines) > len(terms) // 2


def test_token_finder_finds_what_the_tokenizer_counts(lex):
    mwes = lex.multiword_expressions()
    finder = _TokenFinder(mwe_regex(mwes))
    text = "The Kiev regime met Kiev officials. Russia\u2019s army; RUSSIA said pro-Russian Kyiv regime"
    spans = finder.spans(text, {"kiev", "russia", "kiev_regime", "russia's", "regime"})
    assert [text[s:e] for s, e in spans["kiev"]] == ["Kiev"]  # not the one inside "Kiev regime"
    assert [text[s:e] for s, e in spans["russia"]] == ["RUSSIA"]  # "Russia’s" and "pro-Russian" are other tokens
    assert [text[s:e] for s, e in spans["russia's"]] == ["Russia\u2019s"]
    assert [text[s:e] for s, e in spans["kiev_regime"]] == ["Kiev regime"]
    assert [text[s:e] for s, e in spans["regime"]] == ["regime"]
    # on awkward texts, every token the tokenizer counts is found as often, at text that is that token
    texts = ["Ki\u00adev and the \u201cso\u2011called\u201d full\u2013scale invasion of \u0130stanbul\u2019s port",
             "Self-proclaimed DPR (DPR) forces; Donetsk People's Republic, the war in Ukraine, war-in-Ukraine"]
    for text in texts:
        counted = pd.Series(tokenize(text, mwes=mwes)).value_counts()
        found = finder.spans(text, set(counted.index))
        for token, n in counted.items():
            assert len(found.get(token, [])) == n, (text, token)
            assert all(tokenize(text[s:e], mwes=mwes) == [token] for s, e in found[token]), (text, token)


def test_rates_are_those_of_framing_stats(run, lex):
    data, corpus, mentions = run["data"], run["corpus"], run["mentions"]
    cm = count_matrix(corpus, mwes=lex.multiword_expressions())
    voices = ("any", "authorial", "quoted", "distanced")
    expected = rates(mentions, corpus, voices=voices, tokens=cm, lexicon=lex, n_boot=N_BOOT, modality="frames-asserted")
    e = entry(data, "kiev_regime")
    assert tuple(data["rate_voices"]) == voices and set(e["rates"]) == set(voices)
    for voice in voices:
        sub = expected[(expected["variant"] == "kiev_regime") & (expected["voice"] == voice)].set_index("outlet")
        for o, (rate, low, high, count) in zip(data["outlets"], e["rates"][voice]):
            assert count == sub.at[o, "count"]
            assert rate == pytest.approx(sub.at[o, "rate"], rel=1e-3)
            assert low == pytest.approx(sub.at[o, "ci_low"], rel=1e-3, abs=1e-9)
            assert high == pytest.approx(sub.at[o, "ci_high"], rel=1e-3, abs=1e-9)
    # a word: its count per 10,000 tokens of the outlet, the interval around it
    tokens = cm.tokens_per_doc
    word = next(e for e in data["entries"] if e["kind"] == "term" and sum(e["count"]) >= 5)
    j = cm.vocabulary.index(word["token"])
    for o, (rate, low, high, count) in zip(data["outlets"], word["rates"]["any"]):
        docs = corpus.loc[corpus["outlet"] == o, "doc_id"]
        rows = [cm.doc_ids.index(d) for d in docs]
        n = int(cm.matrix[rows, j].sum())
        assert count == n and rate == pytest.approx(1e4 * n / tokens.loc[docs].sum(), rel=1e-3)
        assert low <= rate <= high


def test_word_intervals_cover_the_rate_across_bootstrap_paths(lex):
    """More than 20 documents: the chunked document bootstrap (dense or sparse), fewer: two-stage."""
    from framing.explorer import _term_rates

    rng = np.random.default_rng(3)
    X = __import__("scipy.sparse", fromlist=["csr_matrix"]).csr_matrix(rng.poisson(0.3, size=(60, 5)))
    tokens = np.full(60, 100)
    rows = [np.arange(0, 45), np.arange(45, 60)]
    dense = _term_rates(X, tokens, rows, ["big", "small"], 300, 7)
    sparse = _term_rates(X, tokens, rows, ["big", "small"], 300, 7, dense_cells=10)
    for est, lo, hi in (dense, sparse):
        assert np.all(lo <= est + 1e-12) and np.all(est <= hi + 1e-12)
        assert np.allclose(est[0], 1e4 * np.asarray(X[rows[0]].sum(axis=0)).ravel() / 4500)
    assert np.allclose(dense[1], sparse[1]) and np.allclose(dense[2], sparse[2])  # same draws, same answer


def test_hostile_text_cannot_leave_its_element_or_run(run):
    page, data = run["page"], run["data"]
    assert HOSTILE not in page and "<img src=x" not in page and "alert(1)</script>" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2  # the data and the code, nothing else
    doc = next(d for d in data["docs"] if d[4] == "hostile-01")
    assert doc[2] == f"{HOSTILE} <b>bold</b>"  # shown as text, intact
    assert doc[3] == ""  # a javascript: url is not kept as a link
    js = page[page.rindex("<script>"):]
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


def test_the_page_loads_nothing_from_outside(run):
    page = run["page"]
    code = page.split('<script type="application/json"')[0] + page[page.rindex("<script>"):]
    assert not re.search(r"<(?:link|img|iframe|object|embed|audio|video|source)\b", code)
    assert not re.search(r"\bsrc\s*=|@import|url\(", code)
    assert "default-src 'none'" in page and "script-src 'sha256-" in page


def test_same_inputs_same_bytes_in_a_fresh_process(run, tmp_path):
    """Another process, with another string-hash seed, writes the very same bytes."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from explorer_corpus import small_corpus; from framing.match import match_corpus;"
        "from framing.keyness import keyness_corpus; from framing.lexicon import load_lexicon;"
        "from framing.explorer import write_explorer;"
        "c = small_corpus(); lex = load_lexicon();"
        f"write_explorer(sys.argv[1], c, match_corpus(c, lex), keyness_corpus(c, lexicon=lex), lexicon=lex, n_boot={N_BOOT})"
    )
    out = tmp_path / "explorer.html"
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    proc = subprocess.run([sys.executable, "-c", script, str(out), str(ROOT / "tests")], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONHASHSEED=seed), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert out.read_bytes() == run["page"].encode("utf-8")
    # the bundled lexicon by default, or named by its path: the same page
    assert build_explorer(run["corpus"], run["mentions"], run["keyness"], n_boot=N_BOOT) == run["page"]
    path = ROOT / "data" / "lexicons" / "russia_ukraine.yaml"
    assert build_explorer(run["corpus"], run["mentions"], run["keyness"], lexicon=path, n_boot=N_BOOT) == run["page"]


def test_embedded_json_cannot_close_its_element():
    from framing.explorer import _script_json

    hostile = {"t": "</script><!-- <script>alert(1)</script> & \u2028 \u2029 </SCRIPT >"}
    text = _script_json(hostile)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    page = f'<script type="application/json" id="framing-data">{text}</script>'
    assert embedded_data(page) == hostile


def test_a_corpus_without_any_mention_still_gives_a_page(lex):
    corpus = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "B", "B"],
                           "text": ["nothing to see", "plain words only", "more plain words"]})
    mentions = match_corpus(corpus, lex)
    assert mentions.empty
    data = embedded_data(build_explorer(corpus, mentions, None, lexicon=lex, n_boot=N_BOOT))
    assert data["groups"] == ["A", "B"]
    assert all(not e["lines"] for e in data["entries"] if e["kind"] == "lexicon")
    assert all(sum(e["count"]) == 0 for e in data["entries"] if e["kind"] == "lexicon")


def test_modality_is_shown_when_the_mentions_carry_it(run, lex):
    mentions = run["mentions"].copy()
    mentions["modality"] = np.where(mentions.index % 5 == 0, "hypothetical", "asserted")
    data = embedded_data(build_explorer(run["corpus"], mentions, run["keyness"], lexicon=lex, n_boot=N_BOOT))
    assert data["modalities"] == ["asserted", "hypothetical"]
    e = entry(data, "kiev_regime")
    assert {data["modalities"][line[2]] for line in e["lines"]} == {"asserted", "hypothetical"}
    assert all(line[2] == -1 for line in run["data"]["entries"][0]["lines"])  # without the column: none
    # the lines and counts hold every mention; the rates count a frame term only when asserted (framing.stats)
    kr = mentions[mentions["variant"] == "kiev_regime"]
    for o, n, rate in zip(data["outlets"], e["count"], e["rates"]["any"]):
        assert n == (kr["outlet"] == o).sum()
        assert rate[3] == ((kr["outlet"] == o) & (kr["modality"] == "asserted")).sum() < n
    assert data["settings"]["modality"] == "frames-asserted"
    every = embedded_data(build_explorer(run["corpus"], mentions, run["keyness"], lexicon=lex, n_boot=N_BOOT,
                                         modality="any"))
    assert [r[3] for r in entry(every, "kiev_regime")["rates"]["any"]] == e["count"]


def test_the_byte_budget_keeps_lexicon_lines_first(run, lex):
    full = len(run["page"].encode("utf-8"))
    limit = full - 40_000
    page = build_explorer(run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT, max_bytes=limit)
    data = embedded_data(page)
    assert len(page.encode("utf-8")) <= limit
    assert data["settings"]["dropped_for_size"] > 0
    assert entry(data, "kiev_regime")["shown"] == entry(run["data"], "kiev_regime")["shown"]
    with pytest.raises(ParameterError, match="max_bytes: the scatter, terms and rates alone"):
        build_explorer(run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT, max_bytes=100_000)


def test_keyness_is_computed_when_not_given_and_groups_follow_outlets(run, lex):
    data = embedded_data(build_explorer(run["corpus"], run["mentions"], None, lexicon=lex, n_boot=N_BOOT,
                                        outlets=["Voice of Moscow", "Daily Planet"]))
    assert data["outlets"] == data["groups"] == ["Daily Planet", "Voice of Moscow"]
    assert data["method"] == "logodds" and data["y_options"] == ["z", "score"]
    counts = entry(data, "kiev_regime")["count"]
    assert counts == [7, 21]
    # keyness by another column: the charts are of its groups, the rates still per outlet
    corpus = run["corpus"].assign(side=np.where(run["corpus"]["outlet"] == "Voice of Moscow", "kremlin", "other"))
    cm = count_matrix(corpus, mwes=lex.multiword_expressions())
    key = keyness(cm.outlet_totals("side"), by="side")
    data = embedded_data(build_explorer(corpus, run["mentions"], key, lexicon=lex, counts=cm, n_boot=N_BOOT))
    assert data["groups"] == ["kremlin", "other"] and data["group_label"] == "group"
    assert len(data["outlets"]) == 3


@pytest.mark.parametrize("change, error, message", [
    (lambda r: {"keyness_table": r["keyness"].drop(columns=["score"])}, ParameterError,
     "keyness_table: missing column(s) score"),
    (lambda r: {"keyness_table": r["keyness"].assign(other="Daily Planet")}, ParameterError,
     "design='one_vs_rest'"),
    (lambda r: {"mentions": r["mentions"].assign(doc_id="nope")}, ParameterError, "doc_id(s) not in the corpus"),
    (lambda r: {"mentions": r["mentions"].assign(end=10**6)}, ParameterError, "offsets"),
    (lambda r: {"mentions": r["mentions"].drop(columns=["voice"])}, ParameterError, "missing column(s) voice"),
    (lambda r: {"corpus": r["corpus"].drop(columns=["outlet"])}, CorpusError, "missing column(s) outlet"),
    (lambda r: {"outlets": ["Nowhere"]}, ParameterError, "outlets: 'Nowhere' is not an outlet"),
    (lambda r: {"max_lines": 0}, ParameterError, "max_lines: must be a whole number of at least 1"),
    (lambda r: {"max_terms": -1}, ParameterError, "max_terms"),
    (lambda r: {"modality": "maybe"}, ParameterError, "modality: 'maybe' is not one of"),
    (lambda r: {"keyness_table": None, "corpus": r["corpus"].assign(outlet="One")}, ParameterError,
     "keyness by outlet cannot be computed"),
])
def test_bad_input_is_one_clear_line(run, lex, change, error, message):
    args = {"corpus": run["corpus"], "mentions": run["mentions"], "keyness_table": run["keyness"]}
    options = {"lexicon": lex, "n_boot": N_BOOT}
    for k, v in change(run).items():
        (args if k in args else options)[k] = v
    with pytest.raises(error) as info:
        build_explorer(args["corpus"], args["mentions"], args["keyness_table"], **options)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_write_explorer_is_atomic_and_keeps_the_old_file_on_error(run, lex, tmp_path):
    out = tmp_path / "explorer.html"
    assert write_explorer(out, run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT) == out
    assert out.read_text(encoding="utf-8") == run["page"]
    with pytest.raises(ParameterError):
        write_explorer(out, run["corpus"], run["mentions"], run["keyness"], lexicon=lex, max_lines=0)
    assert out.read_text(encoding="utf-8") == run["page"]
    assert [p.name for p in tmp_path.iterdir()] == ["explorer.html"]  # no temporary file left
    with pytest.raises(OutputError, match="is a folder; name a file"):
        write_explorer(tmp_path, run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT)
    below_a_file = out / "explorer.html"
    with pytest.raises(OutputError, match="is a file, so nothing can be written below it"):
        write_explorer(below_a_file, run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT)


def test_show_explorer_displays_the_same_page_in_an_iframe(run, lex, tmp_path):
    view = show_explorer(run["corpus"], run["mentions"], run["keyness"], lexicon=lex, n_boot=N_BOOT, height=700)
    assert isinstance(view, ExplorerView) and view.html == run["page"]
    shown = view._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox="allow-scripts' in shown and "height:700px" in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown).group(1)
    assert html.unescape(srcdoc) == run["page"]
    assert view.save(tmp_path / "x.html").read_text(encoding="utf-8") == run["page"]


# ------------------------------------------------------------------------------------ in a browser


def _require_chromium() -> str:
    path = chromium_path()
    message = None
    if path is None:
        message = ("Chromium not found at /usr/bin/chromium: install Debian's package with "
                   "`apt-get update && apt-get install -y chromium`")
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            message = "Python Playwright is missing: pip install playwright (no browser download is needed)"
    if message:
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class OfflinePage:
    """A Chromium page on which every request that is not file:// or data: is aborted and recorded,
    with dialogs (an ``alert`` from injected markup) and script errors recorded too."""

    def __init__(self, pw, executable: str, viewport=(1280, 800)):
        self.browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        self.context = self.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.network: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("console", lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.network.append(url)
            route.abort()

    def close(self):
        self.browser.close()


def _search_and_pick(page, term: str, label: str) -> None:
    page.locator("#search").click()
    page.keyboard.type(term)
    option = page.locator("#results li[role=option]", has_text=label).first
    option.wait_for(state="visible", timeout=10_000)
    option.click()
    page.wait_for_function("() => document.querySelectorAll('#kwic-body tr').length > 0")


def _rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#kwic-body tr:not(.detail)')).map(tr => {
        const td = tr.querySelectorAll('td'), cell = c => tr.querySelector('td.' + c).textContent;
        return {outlet: td[0].textContent, voice: cell('voice'), left: cell('left'),
                match: cell('match'), right: cell('right')};
    })""")


@pytest.mark.browser
def test_explorer_offline_in_chromium_search_click_and_filter(run, tmp_path):
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / "explorer.html"
    path.write_text(run["page"], encoding="utf-8")
    e = entry(run["data"], "kiev_regime")
    with sync_playwright() as pw:
        browser = OfflinePage(pw, executable)
        try:
            page = browser.page
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-ready=true]")
            assert page.locator("#scatter svg circle").count() == len(run["data"]["scatter"]["Daily Planet"]["points"])
            _search_and_pick(page, "Kiev regime", "Kiev regime")
            assert page.locator("#term-title").text_content() == "Kiev regime"
            rows = _rows(page)
            assert len(rows) == len(e["lines"]) > 0
            assert {r["match"] for r in rows} == {"Kiev regime"}
            assert {r["voice"] for r in rows} == {"authorial", "quoted", "distanced"}
            assert {r["outlet"] for r in rows} == {"Daily Planet", "Northern Courier", "Voice of Moscow"}
            quoted = [r for r in rows if r["voice"] == "quoted"]
            assert any("Zakharova told reporters" in r["left"] for r in quoted)
            assert any("so-called" in r["left"] for r in rows if r["voice"] == "distanced")
            # the rates chart has one row per outlet
            assert page.locator("#rates svg .row-label").count() == 3
            page.screenshot(path=str(ARTIFACTS / "explorer-small.png"), full_page=True)

            # filters: voice, then outlet, then dates
            page.get_by_label("authorial", exact=True).uncheck()
            assert {r["voice"] for r in _rows(page)} == {"quoted", "distanced"}
            page.get_by_label("authorial", exact=True).check()
            page.locator("#f-outlet-list label", has_text="Voice of Moscow").locator("input").uncheck()
            assert "Voice of Moscow" not in {r["outlet"] for r in _rows(page)}
            page.locator("#f-reset").click()
            page.locator("#f-from").fill("2023-01-01")
            dates = page.evaluate("() => Array.from(document.querySelectorAll('#kwic-body tr td:nth-child(2)'))"
                                  ".map(td => td.textContent)")
            assert dates and min(dates) >= "2023-01-01"
            page.locator("#f-reset").click()
            assert len(_rows(page)) == len(e["lines"])

            # the hostile document: its markup is text, its javascript: url is not a link
            hostile = page.locator("#kwic-body tr", has_text="onerror=alert(2)")
            assert hostile.count() == 1
            hostile.get_by_role("button", name=re.compile("Source of line")).click()
            detail = page.locator("#kwic-body tr.detail")
            assert HOSTILE in detail.text_content() and detail.locator("a").count() == 0
            assert page.locator("#kwic-body b, #kwic-body img, body > script").count() == 2  # only the page's own

            # keyboard only: type, arrow down to the option, Enter
            page.locator("#search").fill("")
            page.locator("#search").focus()
            page.keyboard.type("full-scale")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            assert page.locator("#term-title").text_content() in ("full-scale invasion", "full scale invasion")
            page.screenshot(path=str(ARTIFACTS / "explorer-small-keyboard.png"))
        finally:
            browser.close()
    assert browser.network == [], f"the page tried the network: {browser.network}"
    assert browser.problems == [], browser.problems


@pytest.mark.browser
def test_the_notebook_view_works_inside_its_iframe(run, tmp_path):
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    host = tmp_path / "notebook-output.html"
    view = ExplorerView(run["page"], height=760)
    host.write_text(f"<!DOCTYPE html><html><body>{view._repr_html_()}</body></html>", encoding="utf-8")
    with sync_playwright() as pw:
        browser = OfflinePage(pw, executable)
        try:
            browser.page.goto(host.as_uri())
            frame = browser.page.frame_locator("iframe")
            frame.locator("html[data-ready=true]").wait_for()
            frame.locator("#search").fill("Kiev regime")
            frame.locator("#results li[role=option]", has_text="Kiev regime").first.click()
            voices = frame.locator("#kwic-body td.voice").all_text_contents()
            assert set(voices) == {"authorial", "quoted", "distanced"}
        finally:
            browser.close()
    assert browser.network == [] and browser.problems == []


# ------------------------------------------------------------------------------------ the 2022 corpus

CORPUS_2022 = SHARED_CORPORA / "ukraine_media_2022" / "corpus.csv"


@pytest.mark.corpora
@pytest.mark.skipif(not CORPUS_2022.exists(), reason="needs ../shared/corpora beside the project")
def test_the_2022_corpus_explorer_stays_under_10_mb(lex, tmp_path):
    from framing.corpus import read_corpus

    corpus = read_corpus(CORPUS_2022)
    mentions = match_corpus(corpus, lex)
    cm = count_matrix(corpus, mwes=lex.multiword_expressions())
    key = keyness(cm.outlet_totals("outlet"), by="outlet")
    started = time.perf_counter()
    out = write_explorer(tmp_path / "explorer-2022.html", corpus, mentions, key, lexicon=lex, counts=cm,
                         title="Ukraine war coverage 2022")
    seconds = time.perf_counter() - started
    size = out.stat().st_size
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "explorer-2022.json").write_text(json.dumps({"bytes": size, "build_seconds": round(seconds, 1)}) + "\n")
    assert size <= 10_000_000, f"{size:,} bytes"
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert len(data["outlets"]) == 14 and len(data["groups"]) == 14
    e = entry(data, "kiev_regime")
    assert sum(e["count"]) == int((mentions["variant"] == "kiev_regime").sum()) > 50
    assert all(s <= 20 for s in e["shown"]) and sum(e["shown"]) >= 40
    assert voices_of(data, e) == {"authorial", "quoted", "distanced"}
    assert all(len(sc["points"]) <= 150 + len(lex.variants) for sc in data["scatter"].values())
    if chromium_path() is None:
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return
    with sync_playwright() as pw:
        browser = OfflinePage(pw, chromium_path())
        try:
            page = browser.page
            page.goto(out.as_uri())
            page.wait_for_selector("html[data-ready=true]", timeout=60_000)
            page.locator("#group").select_option("RT")
            _search_and_pick(page, "Kiev regime", "Kiev regime")
            assert len(_rows(page)) == sum(e["shown"])
            page.screenshot(path=str(ARTIFACTS / "explorer-2022.png"))
            page.screenshot(path=str(ARTIFACTS / "explorer-2022-full.png"), full_page=True)
        finally:
            browser.close()
    assert browser.network == [] and browser.problems == []


# ------------------------------------------------------------------------------------ wired into the report


@pytest.fixture(scope="module")
def report_explorer(tmp_path_factory):
    """``framing report`` (notebook 02 of the default suite) on the small corpus: the run's explorer.html."""
    from conftest import framing_cli

    folder = tmp_path_factory.mktemp("report-explorer")
    corpus_csv = folder / "corpus.csv"
    small_corpus().to_csv(corpus_csv, index=False)
    reports = folder / "reports"
    done = framing_cli("report", "--only", "02", "--corpus", str(corpus_csv), "--reports-dir", str(reports),
                       "--run-id", "small", "-p", "n_boot", "100", "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    return reports / "default" / "small"


def test_the_report_writes_the_explorer_and_links_it(report_explorer):
    page = report_explorer / "explorer.html"
    assert page.stat().st_size < 10_000_000
    data = embedded_data(page.read_text(encoding="utf-8"))
    e = entry(data, "kiev_regime")
    assert sum(e["count"]) > 0 and e["lines"]
    assert 'href="explorer.html"' in (report_explorer / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_reports_explorer_offline_in_chromium_finds_kiev_regime_lines(report_explorer):
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    path = report_explorer / "explorer.html"
    with sync_playwright() as pw:
        browser = OfflinePage(pw, executable)
        try:
            page = browser.page
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-ready=true]")
            _search_and_pick(page, "Kiev regime", "Kiev regime")
            assert page.locator("#term-title").text_content() == "Kiev regime"
            rows = _rows(page)
            assert rows and {r["match"] for r in rows} == {"Kiev regime"}
            assert {r["voice"] for r in rows} >= {"authorial", "quoted"}
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report-explorer.png"), full_page=True)
            # the landing page links it, and the link opens it
            page.goto((report_explorer / "index.html").as_uri())
            page.get_by_role("link", name="Open the explorer").click()
            page.wait_for_selector("html[data-ready=true]")
        finally:
            browser.close()
    assert browser.network == [], f"the page tried the network: {browser.network}"
    assert browser.problems == [], browser.problems


def test_framing_explore_writes_the_page_and_refuses_bad_input_in_one_line(tmp_path):
    from conftest import framing_cli

    corpus_csv = tmp_path / "corpus.csv"
    small_corpus(hostile=False).to_csv(corpus_csv, index=False)
    out = tmp_path / "x.html"
    done = framing_cli("explore", "--corpus", str(corpus_csv), "--out", str(out), "--n-boot", "50",
                       "--outlets", "Voice of Moscow,Daily Planet")
    assert done.returncode == 0, done.stderr
    data = embedded_data(out.read_text(encoding="utf-8"))
    assert data["outlets"] == ["Daily Planet", "Voice of Moscow"]
    assert entry(data, "kiev_regime")["lines"]
    for args, needle in ((["--out", str(tmp_path)], "--out"),
                         (["--out", str(corpus_csv)], "--out"),
                         (["--corpus", str(tmp_path / "missing.csv")], "missing.csv"),
                         (["--date-from", "2030-01-01"], "no document is left")):
        bad = framing_cli("explore", "--corpus", str(corpus_csv), "--n-boot", "50",
                          *(["--out", str(tmp_path / "y.html")] if "--out" not in args else []), *args)
        lines = bad.stderr.strip().splitlines()
        assert bad.returncode == 2 and len(lines) == 1 and needle in lines[0], bad.stderr
        assert lines[0].startswith("framing explore: error: ") and "Traceback" not in bad.stderr
    assert not (tmp_path / "y.html").exists()
    assert corpus_csv.read_text(encoding="utf-8").startswith("doc_id")  # the input is never overwritten
