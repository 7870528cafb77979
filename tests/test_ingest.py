"""Ingest: every format, encoding and failure of issue 4, and the seeds' furniture and syndication."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.corpus import CORPUS_COLUMNS, read_corpus
from framing.errors import CorpusError
from framing.ingest import drop_copies, find_duplicates, ingest_sources, write_outputs
from framing.ingest.dedup import containment, shingles
from framing.ingest.decode import parse_date

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
FIX = ROOT / "tests" / "fixtures" / "ingest"
JSONL_OPTS = dict(text_col="body", outlet_col="source", id_col="id", date_col="published", title_col="headline")


@pytest.fixture(scope="module")
def seeds():
    return ingest_sources([SEEDS])


def _removed(corpus, doc_prefix):
    row = corpus[corpus.doc_id.str.startswith(doc_prefix)].iloc[0]
    return row, json.loads(row.furniture_removed)


# ------------------------------------------------------------------------------------------- seeds
def test_seeds_canonical_and_accounted(seeds):
    corpus, summary = seeds
    assert list(corpus.columns[:6]) == CORPUS_COLUMNS
    assert corpus.doc_id.tolist() == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert str(corpus.date.dtype) == "datetime64[ns]"
    assert (corpus.date == pd.Timestamp("2025-05-01")).sum() == 2 and set(corpus.date_precision) == {"month"}
    assert summary["documents_read"] == 5 == summary["documents_kept"]
    assert summary["empty"] == summary["duplicate_ids"] == summary["skipped_rows"] == summary["unreadable"] == 0
    # manifest metadata travels with the documents
    assert corpus.loc[corpus.doc_id.str.startswith("002"), "notes"].item().startswith("starts with a 'Contents'")
    # the original text stays recoverable byte for byte
    for row in corpus.itertuples():
        assert row.text_raw == (SEEDS / f"{row.doc_id}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "doc,line,reason",
    [
        ("001", "BYPASS THE CENSORS", "newsletter banner"),
        ("001", "Sign up to get unfiltered news delivered straight to your inbox.", "newsletter banner"),
        ("001", "German Prosecutors Warn Bill Gates 'Prison Awaits' As Cancer-Causing DNA Found in Covid Vaccines", "injected headline"),
        ("001", "Latest Video", "video/source stub"),
        ("001", "Source link", "video/source stub"),
        ("002", "Contents", "table of contents"),
        ("003", "Related articles", "related-articles block"),
        ("003", "Carney Stands Guard Over Canadian Sovereignty Against US Moves", "related-articles block"),
        ("003", "Zelenskyy Says U.S. Protection Pact Ready, Russia Has Not Fully Captured Annexed Areas", "related-articles block"),
        ("004", "You may also like", "related-articles block"),
        ("004", "Leave a Comment", "comment prompt"),
    ],
)
def test_seed_furniture_removed_and_listed(seeds, doc, line, reason):
    corpus, summary = seeds
    row, removed = _removed(corpus, doc)
    assert line not in row.text.split("\n")
    assert line in row.text_raw
    assert any(r["line"] == line and r["reason"].startswith(reason) for r in removed), removed
    assert any(f["line"] == line and row.doc_id in f["doc_ids"] for f in summary["furniture"])


def test_seed_footer_and_comment_prompt(seeds):
    corpus, _ = seeds
    tgp, removed = _removed(corpus, "000")
    assert "appeared first on The Gateway Pundit" not in tgp.text
    assert removed[0]["reason"].startswith("RSS footer") and removed[0]["line"].startswith("The post Washington Floats")
    newsy, removed = _removed(corpus, "004")
    assert "What are your thoughts" not in newsy.text and "Share your comments below" not in newsy.text
    assert "Did you know?" in newsy.text  # the SEO boxes are article text, not furniture
    wln, _ = _removed(corpus, "003")
    assert "Diplomatic momentum builds" not in wln.text
    assert wln.text.rstrip().endswith("redraws the map of Ukraine in Russia’s favor.")


def test_seed_article_sentences_survive(seeds):
    """Every non-blank line of the raw seeds is either in the cleaned text or listed as removed."""
    corpus, summary = seeds
    for row in corpus.itertuples():
        removed = {r["line"] for r in json.loads(row.furniture_removed)}
        kept = set(row.text.split("\n"))
        for line in row.text_raw.split("\n"):
            if line.strip():
                assert (line.rstrip() in kept) != (line.strip() in removed), line
        assert row.n_furniture == len(removed) or row.n_furniture >= len(removed)
    assert summary["furniture_lines_removed"] == int(corpus.n_furniture.sum())
    # the NewsPunch lead and the TGP body stay
    np_row, _ = _removed(corpus, "001")
    assert np_row.text.startswith("Washington has proposed reviving long-dormant security talks")
    assert "Maidan coup in Kyiv" in np_row.text


def test_seed_syndication_cluster(seeds):
    corpus, summary = seeds
    tgp = corpus[corpus.doc_id.str.startswith("000")].iloc[0]
    newspunch = corpus[corpus.doc_id.str.startswith("001")].iloc[0]
    assert tgp.dup_group == newspunch.dup_group == tgp.doc_id
    assert not tgp.is_copy and newspunch.is_copy
    assert corpus.is_copy.sum() == 1 and (corpus.dup_group != "").sum() == 2
    assert summary["duplicate_clusters"] == 1
    assert summary["duplicate_cluster_list"][0]["copies"] == [newspunch.doc_id]
    # similarity recomputed independently: containment of 5-word shingle sets
    def sh(t):
        w = re.findall(r"\w+", t.casefold())
        return {" ".join(w[i:i + 5]) for i in range(len(w) - 4)}
    a, b = sh(tgp.text), sh(newspunch.text)
    assert newspunch.dup_similarity == pytest.approx(len(a & b) / min(len(a), len(b)), abs=1e-3)
    assert len(a & b) / len(a | b) < 0.5 < newspunch.dup_similarity  # Jaccard alone would miss it
    assert drop_copies(corpus).doc_id.tolist() == corpus.doc_id[~corpus.is_copy].tolist()
    assert len(drop_copies(corpus)) == 4


def test_seeds_deterministic():
    a, sa = ingest_sources([SEEDS])
    b, sb = ingest_sources([SEEDS])
    pd.testing.assert_frame_equal(a, b)
    assert json.dumps(sa, default=str) == json.dumps(sb, default=str)


def test_switches_keep_furniture_and_copies():
    corpus, summary = ingest_sources([SEEDS], furniture=False, dedup=False)
    assert summary["furniture_lines_removed"] == 0 and summary["duplicate_clusters"] == 0
    assert "BYPASS THE CENSORS" in corpus.text[1]
    assert not corpus.is_copy.any()


# -------------------------------------------------------------------------------------- encodings
def test_encodings_detected_and_repaired():
    corpus, summary = ingest_sources([FIX / "txt_encodings"])
    enc = dict(zip(corpus.doc_id, corpus.encoding))
    assert enc == {"en_bom": "utf-8-sig", "en_mojibake": "utf-8", "en_utf16": "utf-16",
                   "fr_latin1": "cp1252", "ru_cp1251": "cp1251"}
    text = dict(zip(corpus.doc_id, corpus.text))
    raw = (FIX / "txt_encodings" / "ru_cp1251.txt").read_bytes().decode("cp1251")
    assert text["ru_cp1251"] == raw.replace("\r\n", "\n").strip()
    assert "«специальная военная операция»" in text["ru_cp1251"] and "\r" not in text["ru_cp1251"]
    assert text["en_bom"] == text["en_utf16"] and not text["en_bom"].startswith("\ufeff")
    assert "réagi à la «opération" in text["fr_latin1"]
    assert text["en_mojibake"] == "Kyiv’s mayor said the city’s defences were ready – Zelensky’s office agreed."
    assert "â€™" in corpus.set_index("doc_id").text_raw["en_mojibake"]  # original kept
    assert summary["text_repaired"] == 1
    assert summary["encodings"] == {"cp1251": 1, "cp1252": 1, "utf-16": 1, "utf-8": 1, "utf-8-sig": 1}
    assert dict(zip(corpus.doc_id, corpus.date_precision)) == {
        "en_bom": "month", "en_mojibake": "none", "en_utf16": "year", "fr_latin1": "day", "ru_cp1251": "day"}
    # 10:00+01:00 is 09:00 UTC
    assert corpus.set_index("doc_id").date["fr_latin1"] == pd.Timestamp("2022-03-02 09:00")


def test_named_encoding_wins_and_wrong_one_fails(tmp_path):
    (tmp_path / "a.txt").write_bytes("Киев и Москва".encode("koi8_r"))
    corpus, _ = ingest_sources([tmp_path / "a.txt"], outlet="X", encoding="koi8_r")
    assert corpus.text[0] == "Киев и Москва" and corpus.encoding[0] == "koi8-r"
    (tmp_path / "b.txt").write_bytes("Київ".encode("utf-8") + b"\xff")
    with pytest.raises(CorpusError, match=r"b\.txt: line 1: bytes that are not utf-8: byte 8 \(0xff\)") as exc:
        ingest_sources([tmp_path / "b.txt"], outlet="X", encoding="utf-8")
    assert "with --encoding" not in str(exc.value)  # it was given: the fix is not to give it


def test_nfc_and_line_endings(tmp_path):
    (tmp_path / "a.txt").write_bytes("Kie\u0301v\r\nline two\rline three  \n".encode("utf-8"))
    corpus, _ = ingest_sources([tmp_path], outlet="X")
    assert corpus.text[0] == "Kiév\nline two\nline three"


# ---------------------------------------------------------------------------------------- formats
def test_jsonl_with_named_columns():
    corpus, _ = ingest_sources([FIX / "good.jsonl"], **JSONL_OPTS)
    assert corpus.doc_id.tolist() == ["j1", "j2", "j3"]
    assert corpus.outlet.tolist() == ["Outlet A", "Outlet B", "Outlet A"]
    assert corpus.title.tolist() == ["One", "Two", "Three"]
    assert corpus.source_loc.tolist() == ["line 1", "line 2", "line 3"]


def test_csv_and_parquet_round_trip_same_corpus(tmp_path):
    src = pd.DataFrame({
        "story": ["Kyiv was shelled overnight, the mayor said.", "Moscow called it a special military operation."],
        "site": ["A", "B"], "when": ["2022-04-01", "2022-04"], "country": ["UA", "RU"],
    })
    src.to_csv(tmp_path / "s.csv", index=False, encoding="cp1251")
    src.to_parquet(tmp_path / "s.parquet", index=False)
    opts = dict(text_col="story", outlet_col="site", date_col="when")
    a, _ = ingest_sources([tmp_path / "s.csv"], **opts)
    b, _ = ingest_sources([tmp_path / "s.parquet"], **opts)
    assert a.doc_id.tolist() == ["s-1", "s-2"]
    cols = ["doc_id", "outlet", "date", "text", "date_precision", "country"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert a.date_precision.tolist() == ["day", "month"]


def test_streaming_chunks_give_same_result(tmp_path):
    n = 25
    pd.DataFrame({"text": [f"Story {i} about Kyiv and the war, number {i}." for i in range(n)],
                  "outlet": ["A"] * n}).to_csv(tmp_path / "big.csv", index=False)
    whole, _ = ingest_sources([tmp_path / "big.csv"])
    chunked, _ = ingest_sources([tmp_path / "big.csv"], chunk_rows=4)
    pd.testing.assert_frame_equal(whole, chunked)
    assert chunked.source_loc.iloc[-1] == f"row {n} (line {n + 1})"


def test_html_page_offline():
    corpus, _ = ingest_sources([FIX / "html"])
    row = corpus.iloc[0]
    assert row.doc_id == "kyiv_talks" and row.outlet == "Example Times"
    assert row.title == "Kyiv says talks stalled"
    assert row.url == "https://example-times.test/world/kyiv-talks"
    assert row.date == pd.Timestamp("2022-03-05") and row.encoding == "cp1251"
    assert "so-called “special military operation”" in row.text
    assert "В Москве это назвали провокацией." in row.text
    for junk in ("Subscribe to our newsletter", "Other story one", "All rights reserved", "Home"):
        assert junk not in row.text


def test_mediacloud_export():
    corpus, _ = ingest_sources([FIX / "mediacloud.csv"])
    assert corpus.doc_id.tolist() == ["1001", "1002", "1003"]
    assert corpus.outlet.tolist() == ["News A", "News B", "news-c.test"]  # empty media_name -> host
    assert corpus.date[0] == pd.Timestamp("2022-02-24 06:10")
    assert corpus.text[1].startswith("President Putin announced a special military operation")
    assert {"media_url", "language", "ap_syndicated"} <= set(corpus.columns)


def test_mediacloud_without_text_explains(tmp_path):
    (tmp_path / "mc.csv").write_text("stories_id,publish_date,title,url,media_name,media_url\n1,2022-01-01,t,u,M,m\n")
    with pytest.raises(CorpusError, match=r"mc\.csv: no text column.*Media Cloud.*story_text"):
        ingest_sources([tmp_path / "mc.csv"])


def test_txt_folder_without_manifest_needs_outlet(tmp_path):
    (tmp_path / "a.txt").write_text("Kyiv.")
    with pytest.raises(CorpusError, match=r"no manifest\.csv.*--outlet"):
        ingest_sources([tmp_path])
    corpus, _ = ingest_sources([tmp_path], outlet="Blog")
    assert corpus.doc_id.tolist() == ["a"] and corpus.outlet.tolist() == ["Blog"]


def test_unknown_files_listed_not_silent(tmp_path):
    (tmp_path / "a.txt").write_text("Kyiv.")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    _, summary = ingest_sources([tmp_path], outlet="Blog")
    assert summary["ignored_files"] == [str(tmp_path / "picture.png")]


# --------------------------------------------------------------------------------------- failures
def test_truncated_jsonl_line():
    with pytest.raises(CorpusError, match=r"truncated\.jsonl: line 4: invalid JSON.*truncated.*--skip-bad"):
        ingest_sources([FIX / "bad" / "truncated.jsonl"], **JSONL_OPTS)
    corpus, summary = ingest_sources([FIX / "bad" / "truncated.jsonl"], skip_bad=True, **JSONL_OPTS)
    assert corpus.doc_id.tolist() == ["j1", "j2", "j3"]
    assert summary["skipped_rows"] == 1 and summary["skipped"][0]["where"] == "line 4"
    assert summary["documents_read"] == 4


def test_binary_file():
    with pytest.raises(CorpusError, match=r"binary\.txt: not a text file"):
        ingest_sources([FIX / "bad" / "binary.txt"], outlet="X")


def test_binary_file_skipped_when_asked(tmp_path):
    (tmp_path / "good.txt").write_text("Kyiv said no.")
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 8)
    corpus, summary = ingest_sources([tmp_path], outlet="X", skip_bad=True)
    assert corpus.doc_id.tolist() == ["good"] and summary["unreadable"] == 1
    assert "bad.txt" in summary["unreadable_files"][0]["source"]


def test_manifest_escaping_folder():
    with pytest.raises(CorpusError, match=r"manifest\.csv: line 3: file '\.\./outside\.txt' is outside the corpus folder"):
        ingest_sources([FIX / "manifest_escape"])


@pytest.mark.parametrize(
    "csv,opts,pattern",
    [
        ("body,outlet\nx,A\n", {}, r"no text column 'text'.*columns are: body, outlet.*--text-col"),
        ("text,site\nx,A\n", {}, r"no outlet column 'outlet'.*--outlet-col.*--outlet NAME"),
        ("text,outlet\nx,A\n", {"text_col": "story"}, r"no column 'story' \(asked by --text-col\)"),
        ("doc_id,text,outlet,date\na,x,A,2022-01-01\nb,y,A,yesterday\n", {}, r"row 2 \(line 3\): field date 'yesterday' is not a date"),
        ("doc_id,text,outlet\na,x,A\na,y,B\n", {}, r"row 2 \(line 3\): duplicate doc_id 'a' \(first in .*row 1 \(line 2\)\)"),
        ("text,outlet\nx,\n", {}, r"row 1 \(line 2\): field outlet is empty.*--outlet NAME"),
        ("text,outlet\n", {}, r"no documents to ingest"),
    ],
)
def test_bad_csv_one_line_errors(tmp_path, csv, opts, pattern):
    path = tmp_path / "c.csv"
    path.write_text(csv)
    with pytest.raises(CorpusError, match=pattern) as exc:
        ingest_sources([path], **opts)
    assert "\n" not in str(exc.value) and "c.csv" in str(exc.value)


def test_skip_bad_rows_reported(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,text,outlet,date\na,x,A,2022-01-01\nb,y,A,yesterday\na,z,A,\nc,,A,\n")
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.doc_id.tolist() == ["a"]
    assert summary["skipped_rows"] == 1 and summary["duplicate_ids"] == 1 and summary["empty"] == 1
    assert summary["documents_read"] == 4 == (summary["documents_kept"] + summary["empty"]
                                              + summary["duplicate_ids"] + summary["skipped_rows"])


def test_empty_corpus(tmp_path):
    (tmp_path / "a.txt").write_text("\n\n")
    with pytest.raises(CorpusError, match="no documents to ingest.*1 empty"):
        ingest_sources([tmp_path], outlet="X")


def test_missing_source():
    with pytest.raises(CorpusError, match="nope: no such file or folder"):
        ingest_sources(["nope"])


# -------------------------------------------------------------------------- duplicates and parsing
def test_containment_against_sets():
    a, b = "the war in ukraine began in february", "the war in ukraine began in february and went on"
    sa, sb = shingles(a, 3), shingles(b, 3)
    assert len(sa) == 5 and len(sb) == 8
    assert containment(sa, sb) == 1.0
    assert containment(shingles("one two three four five"), shingles("six seven eight nine ten")) == 0.0


def test_no_chains_and_earliest_original():
    base = " ".join(f"w{i}" for i in range(60))
    mid = " ".join(f"w{i}" for i in range(30, 90))  # shares half with base and half with last
    last = " ".join(f"w{i}" for i in range(60, 120))
    df = pd.DataFrame({"doc_id": ["x", "y", "z", "c"], "date": pd.to_datetime(["2022-01-02", "2022-01-01", "2022-01-03", None]),
                       "text": [base, mid, last, base]})
    res = find_duplicates(df, threshold=0.4)
    # y (earliest) is an original; x and z each share 50% with y, but x and z share nothing
    assert res.dup_group.tolist() == ["y", "y", "y", "y"]
    df2 = df.assign(date=pd.to_datetime(["2022-01-01", "2022-01-02", "2022-01-03", None]))
    res2 = find_duplicates(df2, threshold=0.4)
    assert res2.dup_group.tolist() == ["x", "x", "", "x"]  # z is not chained into x through y
    assert res2.is_copy.tolist() == [False, True, False, True]


@pytest.mark.parametrize("value,expected,prec", [
    ("2025-05", "2025-05-01", "month"), ("2025", "2025-01-01", "year"), ("2022-02-24", "2022-02-24", "day"),
    ("24 February 2022", "2022-02-24", "day"), ("", None, "none"),
])
def test_parse_date(value, expected, prec):
    ts, p = parse_date(value)
    assert p == prec
    assert (pd.isna(ts) and expected is None) or ts == pd.Timestamp(expected)


# --------------------------------------------------------------------------------------------- CLI
def test_cli_writes_corpus_and_summary(tmp_path):
    out = tmp_path / "seeds.parquet"
    proc = subprocess.run([sys.executable, "-m", "framing", "ingest", str(SEEDS), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "duplicate clusters  1" in proc.stdout and "furniture removed" in proc.stdout
    corpus = read_corpus(out)
    assert len(corpus) == 5 and corpus.is_copy.sum() == 1
    summary = json.loads((tmp_path / "seeds.parquet.summary.json").read_text())
    assert summary["documents_kept"] == 5 and summary["duplicate_clusters"] == 1


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_outputs_readable_in_every_format(tmp_path, seeds, suffix):
    corpus, summary = seeds
    out, _ = write_outputs(corpus, summary, tmp_path / f"c{suffix}")
    back = read_corpus(out)
    assert back.doc_id.tolist() == corpus.doc_id.tolist()
    assert back.text.tolist() == corpus.text.tolist()


def test_cli_error_leaves_no_output(tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "c.parquet"
    code = main(["ingest", str(FIX / "bad" / "truncated.jsonl"), "--text-col", "body", "--outlet-col", "source",
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("framing ingest: error: ") and "line 4" in err
    assert list(tmp_path.iterdir()) == []


def test_parquet_written_in_row_groups(tmp_path, seeds):
    import pyarrow.parquet as pq

    corpus, summary = seeds
    out, _ = write_outputs(corpus, summary, tmp_path / "c.parquet", row_group_size=2)
    assert pq.ParquetFile(out).num_row_groups == 3
    a = out.read_bytes()
    write_outputs(corpus, summary, out, row_group_size=2)
    assert out.read_bytes() == a


# ------------------------------------------------------------------------------------ real corpus
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022" / "corpus.csv"


@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpora not present")
def test_real_corpus_duplicates_and_footers():
    """ukraine_media_2022: its README counts 27 same-outlet (title, date) collisions; 24 of them are
    NBC items with an empty title (different stories) and 3 are real pairs. Ingest must link the
    two BBC pairs (containment 0.96 and 0.61), leave the NBC ones apart, find the NYT exact
    repeats, and learn the BBC footer sentences as furniture."""
    sub = pd.read_csv(REAL, dtype=str, keep_default_na=False)
    nyt = sub[sub.outlet == "New York Times"]
    nyt = nyt[nyt.text.duplicated(keep=False) | (nyt.index < nyt.index[0] + 400)]  # its repeats + 400 others
    sub = pd.concat([sub[sub.outlet.isin(["BBC", "NBC News"])], nyt])
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "sub.parquet"
        sub.to_parquet(p, index=False)
        corpus, summary = ingest_sources([p])
    by_id = corpus.set_index("doc_id")
    collisions = sub[sub.duplicated(["outlet", "title", "date"], keep=False)]
    bbc = collisions[collisions.outlet == "BBC"]
    for _, g in bbc.groupby("title"):
        groups = set(by_id.dup_group.reindex(g.doc_id))
        assert len(groups) == 1 and groups != {""}, g.title.iloc[0]
    nbc = collisions[(collisions.outlet == "NBC News") & (collisions.title == "")]
    assert len(nbc) >= 24
    for _, g in nbc.groupby("date"):
        members = by_id.reindex(g.doc_id)
        linked = members[members.dup_group != ""].dup_group
        assert not linked.duplicated().any()  # no two empty-title NBC items put in one cluster
    # NYT texts repeated verbatim (after the newsletter banner is removed, what is left)
    nyt = sub[sub.outlet == "New York Times"]
    repeats = nyt[nyt.text.duplicated(keep="first") & (nyt.text != "")]
    kept = repeats[repeats.doc_id.isin(by_id.index)]
    assert len(kept) > 0 and by_id.is_copy.reindex(kept.doc_id).all()
    bbc_footer = [f for f in summary["furniture"] if f["outlet"] == "BBC" and "external linking" in f["line"]]
    assert bbc_footer and bbc_footer[0]["n_docs"] >= 150
    assert "Read about our approach to external linking." not in " ".join(corpus[corpus.outlet == "BBC"].text)


# --------------------------------------------------------------------------------------- overview
def test_overview_tables_on_seeds(seeds):
    from framing.ingest import overview

    corpus, summary = seeds
    ov = overview.outlet_overview(corpus).set_index("outlet")
    assert ov["documents"].sum() == 5 and ov.loc["NewsPunch", "copies"] == 1 and ov.loc["NewsPunch", "originals"] == 0
    for row in corpus.itertuples():
        assert ov.loc[row.outlet, "words"] == len(row.text.split())
        assert ov.loc[row.outlet, "furniture_lines"] == row.n_furniture
    t = overview.documents_over_time(corpus, "M")
    assert t.documents.sum() == 5 and set(t.period) == {pd.Timestamp(x) for x in ("2025-03-01", "2025-05-01", "2025-12-01")}
    assert overview.documents_over_time(corpus, "M", count_copies=False).documents.sum() == 4
    d = overview.duplicate_clusters(corpus)
    assert d[["original_outlet", "copy_outlet"]].values.tolist() == [["The Gateway Pundit", "NewsPunch"]]
    f = overview.furniture_table(corpus)
    assert f.documents.sum() == summary["furniture_lines_removed"] == len(f)


def test_notebook_00_is_well_formed():
    # plain JSON (nbformat's jsonschema import alone costs seconds; the report tests execute it)
    nb = json.loads((ROOT / "notebooks" / "00_corpus_overview.ipynb").read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    cells = nb["cells"]
    text = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    assert cells[0]["cell_type"] == "markdown" and text[0].startswith("# 00")
    assert cells[1]["metadata"]["tags"] == ["parameters"]
    assert nb["metadata"]["kernelspec"]["name"] == "framing"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
    from framing.notebook import DEFAULTS

    src = text[1]
    for name in DEFAULTS:
        assert re.search(rf"^{name} = ", src, re.M), name


def test_malformed_csv_line(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('text,outlet\n"Kyiv said no.",A\nbad,row,extra\n"Moscow said yes.",B\n')
    with pytest.raises(CorpusError, match=r"c\.csv: row 2 \(line 3\): expected 2 fields .*saw 3.*--skip-bad"):
        ingest_sources([path])
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no.", "Moscow said yes."]
    assert summary["skipped"] == [{"source": str(path), "where": "row 2 (line 3)",
                                   "problem": "expected 2 fields (the header's), saw 3; quote fields that contain the delimiter"}]
    assert corpus.source_loc.tolist() == ["row 1 (line 2)", "row 3 (line 4)"]  # the skipped row does not shift them


def test_html_manifest_overrides_extraction(tmp_path):
    import shutil

    shutil.copy(FIX / "html" / "kyiv_talks.html", tmp_path / "page.html")
    (tmp_path / "manifest.csv").write_text("file,outlet,date,country\npage.html,Example Times (US),2022-03-06,US\n")
    corpus, _ = ingest_sources([tmp_path])
    row = corpus.iloc[0]
    assert (row.outlet, row.date, row.country) == ("Example Times (US)", pd.Timestamp("2022-03-06"), "US")
    assert row.title == "Kyiv says talks stalled"  # not in the manifest: extracted


def test_learned_furniture_needs_enough_documents(tmp_path):
    stories = [f"Story {i}: officials in city number {i} reported shelling on day {i}." for i in range(6)]
    footer = "Follow our live coverage of the war in Ukraine for more updates."
    rows = [{"text": f"{s}\n{footer}", "outlet": "A"} for s in stories] + [{"text": f"{stories[0]} again\n{footer}", "outlet": "B"}]
    pd.DataFrame(rows).to_csv(tmp_path / "c.csv", index=False)
    corpus, summary = ingest_sources([tmp_path / "c.csv"])
    a = corpus[corpus.outlet == "A"]
    assert not a.text.str.contains("live coverage").any()
    assert all(json.loads(x) == [{"line": footer, "reason": "recurring in this outlet's documents (learned)"}]
               for x in a.furniture_removed)
    b = corpus[corpus.outlet == "B"]  # one document: nothing can be learned for B
    assert b.text.str.contains("live coverage").all()
    # below min_docs nothing is learned for A either
    corpus2, _ = ingest_sources([tmp_path / "c.csv"], furniture_min_docs=7)
    assert corpus2[corpus2.outlet == "A"].text.str.contains("live coverage").all()


def test_single_txt_file_uses_its_folder_manifest():
    corpus, _ = ingest_sources([SEEDS / "003_3dde58fc4a58bbda.txt"])
    row = corpus.iloc[0]
    assert (row.outlet, row.date, row.source_loc) == ("Washington Live News", pd.Timestamp("2025-12-01"), "manifest line 5")
    assert "Related articles" not in row.text


@pytest.mark.parametrize("line", [
    "Copyright infringement claims were filed by the band.",
    "Residents were asked to sign up for evacuation buses before Friday, the mayor said.",
    "Putin said the comments were a provocation and that Moscow would share its views with Kyiv.",
    "Contents of the draft treaty were published by the Kremlin on Friday.",
    "Related talks in Istanbul ended without agreement.",
    "The post of defence minister went to Rustem Umerov, who led the delegation.",
    "Source: Ukraine's general staff said 20 drones were shot down overnight.",
    "Date: the talks are scheduled for Thursday, officials said.",
])
def test_known_patterns_spare_article_sentences(line):
    from framing.ingest.furniture import known_furniture

    assert known_furniture(["First paragraph of the story.", line, "Last paragraph."]) == {}


def test_cli_flags_reach_ingest(tmp_path, capsys):
    from framing.cli import main

    out = tmp_path / "s.csv"
    assert main(["ingest", str(SEEDS), "--out", str(out), "--no-dedup", "--no-furniture", "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    corpus = read_corpus(out)
    assert not corpus.is_copy.any() and "BYPASS THE CENSORS" in corpus.text[1]
    summary = json.loads((tmp_path / "s.csv.summary.json").read_text())
    assert summary["options"]["furniture"] is False and summary["options"]["dedup"] is False
def test_parquet_timestamps_with_time_zone(tmp_path):
    df = pd.DataFrame({"text": ["Kyiv said no.", "Moscow said yes."], "outlet": ["A", "B"],
                       "date": pd.to_datetime(["2022-02-24 05:00+02:00", None], utc=True)})
    df.to_parquet(tmp_path / "t.parquet", index=False)
    corpus, _ = ingest_sources([tmp_path / "t.parquet"])
    assert corpus.date[0] == pd.Timestamp("2022-02-24 03:00") and pd.isna(corpus.date[1])
    assert corpus.date_precision.tolist() == ["day", "none"]


def test_table_of_contents_entries():
    from framing.ingest.furniture import known_furniture

    lines = ["Contents", "Background", "Reactions", "", "Intro paragraph about Kyiv.", "Background",
             "Text.", "Reactions", "More text.", "Contents of the deal were not disclosed."]
    assert known_furniture(lines) == {0: "table of contents", 1: "table of contents", 2: "table of contents"}
    seed = (SEEDS / "002_a8777cc58596edd5.txt").read_text().split("\n")
    removed = known_furniture(seed)
    assert [seed[i] for i in removed] == ["Contents"]  # its next line is the title, not a TOC entry


def test_cluster_repaired_when_original_is_only_furniture(tmp_path):
    body = "Officials in Kyiv said the talks in Istanbul had stalled after Moscow rejected a ceasefire on Tuesday night, and that new rounds were planned for the spring."
    pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["A", "B", "C"], "date": ["2022-01-01", "2022-01-02", "2022-01-03"],
                  "text": [body, body + "\nLeave a Comment", "Leave a Comment"]}).to_csv(tmp_path / "c.csv", index=False)
    corpus, summary = ingest_sources([tmp_path / "c.csv"])
    assert corpus.doc_id.tolist() == ["a", "b"] and summary["empty_documents"][0]["doc_id"] == "c"
    assert corpus.dup_group.tolist() == ["a", "a"] and corpus.is_copy.tolist() == [False, True]


def test_repair_clusters_when_original_dropped():
    from framing.ingest.core import _repair_clusters

    df = pd.DataFrame({"doc_id": ["b", "c", "d", "e"], "date": pd.to_datetime(["2022-01-03", "2022-01-02", None, "2022-01-01"]),
                       "dup_group": ["a", "a", "a", "x"], "is_copy": [True, True, True, False],
                       "dup_similarity": [0.9, 0.8, 0.7, 1.0]})
    out = _repair_clusters(df)  # original "a" dropped; "x" lost all its copies
    assert out.dup_group.tolist() == ["c", "c", "c", ""]
    assert out.is_copy.tolist() == [True, False, True, False]


def _repair_every_cluster(corpus: pd.DataFrame) -> pd.DataFrame:
    """Reference for _repair_clusters: the per-cluster rule applied to every cluster."""
    from framing.ingest.core import _repair_cluster

    ids = set(corpus["doc_id"])
    corpus = corpus.copy()
    for g, idx in corpus[corpus["dup_group"] != ""].groupby("dup_group").groups.items():
        _repair_cluster(corpus, g, idx, ids)
    return corpus


def test_repair_clusters_touches_only_broken_clusters_and_agrees_with_the_rule():
    """Many clusters, a few broken (original dropped, or one member left): the same frame as the
    rule applied to every cluster."""
    import numpy as np

    from framing.ingest.core import _repair_clusters

    rng = np.random.default_rng(7)
    rows = []
    for c in range(400):
        size = int(rng.integers(2, 6))
        members = [f"c{c}m{k}" for k in range(size)]
        dates = [None if rng.random() < 0.2 else f"2022-0{1 + int(rng.integers(0, 9))}-1{k}" for k in range(size)]
        for k, (d, day) in enumerate(zip(members, dates)):
            rows.append({"doc_id": d, "date": day, "dup_group": members[0], "is_copy": k > 0,
                         "dup_similarity": 1.0 if k == 0 else round(float(rng.uniform(0.5, 1)), 4)})
    rows += [{"doc_id": f"s{i}", "date": None, "dup_group": "", "is_copy": False, "dup_similarity": float("nan")}
             for i in range(50)]
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"])
    dropped = rng.random(len(df)) < 0.08  # documents that were only furniture
    df = df[~dropped].reset_index(drop=True)
    broken = (~df["dup_group"].isin(df["doc_id"]) & (df["dup_group"] != "")).sum()
    assert broken > 5  # the case is exercised
    pd.testing.assert_frame_equal(_repair_clusters(df), _repair_every_cluster(df))


def test_reingest_of_ingested_corpus(tmp_path, seeds):
    corpus, summary = seeds
    out, _ = write_outputs(corpus, summary, tmp_path / "seeds.parquet")
    again, s2 = ingest_sources([out])
    assert again.text.tolist() == corpus.text.tolist() and s2["furniture_lines_removed"] == 0
    assert again.date_precision.tolist() == ["month"] * 5
    assert again.is_copy.tolist() == corpus.is_copy.tolist()
    assert again.orig_text_raw.tolist() == corpus.text_raw.tolist()  # provenance kept under orig_


def test_minhash_and_lsh_bands_match_datasketch():
    """The numpy MinHash/LSH in dedup gives datasketch's signatures and band parameters."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from framing.ingest import dedup

    rng = np.random.default_rng(0)
    for n in [1, 7, 300, 20_000]:
        sh = rng.integers(0, 2**63, n, dtype=np.uint64)
        m = MinHash(num_perm=128, seed=1, hashfunc=lambda x: x, scheme="affine32")
        m.update_batch((sh & np.uint64(0xFFFFFFFF)).tolist())
        assert (m.hashvalues == dedup._minhash(sh, 128, 1)).all()
    assert (MinHash(num_perm=64, seed=7, scheme="affine32").permutations == np.array(dedup._permutations(64, 7))).all()
    for t, p in [(0.1, 128), (0.5, 128), (0.3, 64)]:
        lsh = MinHashLSH(threshold=t, num_perm=p)
        assert (lsh.b, lsh.r) == dedup._lsh_params(t, p) == dedup._lsh_params(t, p, use_known=False)


def test_ftfy_prefilter_and_trailing_spaces_agree_with_the_regexes():
    """The character-set prefilter never skips a text the hint regex matches; the trailing-space
    shortcut gives what the regex gives."""
    import random
    import re
    import unicodedata

    from framing.ingest import decode

    lead1, next1, lead2, next2, single = decode._HINT_SETS
    for name, body, cs in [("lead1", decode._LEAD1, lead1), ("next1", decode._NEXT1, next1),
                           ("lead2", decode._LEAD2, lead2), ("next2", decode._NEXT2, next2),
                           ("single", decode._SINGLE, single)]:
        rx = re.compile(f"[{body}]")
        assert {chr(c) for c in range(0x10000) if rx.fullmatch(chr(c))} == cs, name
    rng = random.Random(0)
    alphabet = list("ab \t\u00a0\n&#;x1") + ["Ã", "©", "Ð", "’", "Р", "ђ", "\x05", "\ufffd", "é", "«"]
    for _ in range(3000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert decode._hint_matches(t) == (decode._FTFY_HINT.search(t) is not None), repr(t)
        cleaned = decode.clean_text_repaired(t)[0]
        if not decode._hint_matches(t):
            ref = decode._TRAILING_SPACE.sub("", unicodedata.normalize("NFC", decode._LINE_BREAKS.sub("\n", t)))
            assert cleaned == ref.strip("\n "), repr(t)


# ------------------------------------------------- fast dedup paths against straightforward versions
_TEXTS = [
    "", " ", "\n\t", "one", "One two", "one two three four five", "one two three four five six seven",
    "Kyiv was shelled again on Tuesday night, officials said.", "Straße STRASSE strasse", "ﬁnance ﬂow ﬀ",
    "İstanbul ΣΊΣΥΦΟΣ ǅemal Ǆ ǆ", "Київ — «Харків» і Одеса!", "snake_case __init__ x_1", "K Å ẞ ſ ﬆ",
    "café́ naïve e\u0301 \u00a0nbsp\u2009thin", "“Quoted,” he said… ’twas—so", "🇺🇦 emoji 🙂 text ©2022 ½ ² ٣",
    "日本語のテキスト 中文", "a\x00b\x1fc", "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ", "\u0130\u0307 I\u0307",
]


def _reference_shingles(text, k=5):
    """The original definition: regex words of the casefolded text, SipHash of each word, polynomial."""
    from framing.ingest.dedup import _MULT, _WORD

    words = _WORD.findall(text.casefold())
    if not words:
        return np.empty(0, dtype=np.uint64)
    wh = pd.util.hash_array(np.asarray(words, dtype=object), categorize=False)
    kk = min(k, len(wh))
    n = len(wh) - kk + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(kk):
            acc = acc * _MULT + wh[i : i + n]
    return np.unique(acc)


def test_words_are_the_regex_words_of_the_casefolded_text():
    """``_words`` (bytes translate + split) == ``\\w+`` on ``text.casefold()``, for every character
    of the first two Unicode planes (in blocks, each with every other character present too)."""
    from framing.ingest.dedup import _WORD, _words

    def ref(t):
        return [w.encode() for w in _WORD.findall(t.casefold())]

    for t in _TEXTS:
        assert _words(t) == ref(t), repr(t)
    cps = [c for c in range(0x20000) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(cps), 512):
        block = "".join(map(chr, cps[i : i + 512]))
        assert _words(block) == ref(block), hex(cps[i])
        spaced = " x".join(block)
        assert _words(spaced) == ref(spaced), hex(cps[i])


def test_shingles_equal_the_per_word_siphash_formula():
    import random

    rng = random.Random(1)
    alphabet = list("abcXYZ019_ ,.-’“”\n\t") + ["ß", "ﬁ", "İ", "Σ", "ς", "é", "e\u0301", "К", "ї", "—", "…", "½", "🙂", "\u00a0"]
    texts = _TEXTS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(500)]
    for t in texts:
        for k in (1, 3, 5):
            assert np.array_equal(shingles(t, k), _reference_shingles(t, k)), (repr(t), k)
    assert shingles("", 5).dtype == np.uint64


def test_minhash_many_equals_minhash_per_document():
    from framing.ingest import dedup

    rng = np.random.default_rng(3)
    shs = [rng.integers(0, 2**64 - 1, n, dtype=np.uint64, endpoint=True) for n in [0, 1, 5, 0, 7, 8, 9, 300, 1, 64]]
    for step in (1, 7, 8, 64, 4096):
        many = dedup._minhash_many(shs, 128, 1, step=step)
        assert many.shape == (len(shs), 128) and many.dtype == np.uint32
        for sh, sig in zip(shs, many):
            assert (sig == dedup._minhash(sh, 128, 1)).all()
    assert dedup._minhash_many([], 64, 7).shape == (0, 64)


def test_shared_bands_propose_what_a_full_lsh_index_proposes():
    """Two rows share a band id exactly when some band (r consecutive values) is equal."""
    from framing.ingest import dedup

    rng = np.random.default_rng(5)
    for b, r in [(64, 2), (32, 1), (10, 3), (1, 5)]:
        sigs = rng.integers(0, 4, (40, b * r + 3), dtype=np.uint32)  # small values: many collisions
        sigs[5:10] = sigs[0]  # identical rows
        ids = dedup._shared_bands(sigs, b, r)
        for i in range(len(sigs)):
            assert len(set(ids[i])) == len(ids[i])
            for j in range(len(sigs)):
                if i != j:
                    full = any((sigs[i, t * r : (t + 1) * r] == sigs[j, t * r : (t + 1) * r]).all() for t in range(b))
                    assert full == bool(set(ids[i]) & set(ids[j])), (b, r, i, j)


def _reference_find_duplicates(corpus, threshold=0.5, k=5, num_perm=128, candidate_threshold=0.1, seed=1,
                               min_shingles=10, min_shared=25):
    """find_duplicates as first written: a dict of identity keys, one MinHash per document and a
    full LSH index (one table of band -> originals per band)."""
    from collections import defaultdict

    from framing.ingest import dedup

    ids = corpus["doc_id"].astype(str).tolist()
    texts = corpus["text"].fillna("").astype(str).tolist()
    dates = pd.to_datetime(corpus["date"]).tolist()
    n = len(ids)

    def order(i):
        d = dates[i]
        return (pd.isna(d), d if not pd.isna(d) else pd.Timestamp(0), ids[i])

    units = {}
    for i, t in enumerate(texts):
        key = " ".join(t.split()).casefold()
        if key:
            units.setdefault(key, []).append(i)
    unit_list = sorted((sorted(m, key=order) for m in units.values()), key=lambda m: order(m[0]))
    b, r = dedup._lsh_params(candidate_threshold, num_perm)
    tables = [defaultdict(list) for _ in range(b)]

    def bands(sh):
        sig = dedup._minhash(sh, num_perm, seed)
        return [sig[t * r : (t + 1) * r].tobytes() for t in range(b)]

    leader_sh, group, copy, sim, pairs = {}, [""] * n, [False] * n, [float("nan")] * n, []
    for members in unit_list:
        rep = members[0]
        sh = _reference_shingles(texts[rep], k)
        best, best_c = None, 0.0
        if len(sh) >= min_shingles:
            cands = {c for table, band in zip(tables, bands(sh)) for c in table.get(band, [])}
            for cand in sorted(cands):
                other = leader_sh[cand]
                shared = len(np.intersect1d(sh, other, assume_unique=True))
                c = shared / min(len(sh), len(other))
                if c >= threshold and shared >= min_shared and c > best_c:
                    best, best_c = cand, c
        if best is None:
            leader, rest = rep, members[1:]
            if len(sh) >= min_shingles:
                for table, band in zip(tables, bands(sh)):
                    table[band].append(rep)
                leader_sh[rep] = sh
        else:
            leader, rest = best, members
            group[leader], sim[leader] = ids[leader], 1.0
        for i in rest:
            c = 1.0 if best is None else round(best_c, 4)
            group[i], copy[i], sim[i] = ids[leader], True, c
            pairs.append((ids[leader], ids[i], c))
        if rest and best is None:
            group[rep], sim[rep] = ids[rep], 1.0
    return group, copy, sim, pairs


@pytest.mark.parametrize("switch", [10**9, 0, 40], ids=["pairwise", "numbered", "switching"])
def test_find_duplicates_equals_the_straightforward_algorithm(switch, monkeypatch):
    # shared shingles counted pair by pair, by numbered shingles from the start, or switching midway
    import random

    from framing.ingest.dedup import _Overlap

    monkeypatch.setattr(_Overlap, "SWITCH", switch)

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(400)] + ["Straße", "strasse", "ﬁre", "fire", "Київ", "—", "’s"]
    stories = [[rng.choice(vocab) for _ in range(rng.randint(20, 200))] for _ in range(25)]
    texts = []
    for _ in range(300):
        s = rng.choice(stories)
        kind = rng.random()
        if kind < 0.2:  # the same story, other whitespace and case
            t = ("  " + "\n".join(" ".join(s[i : i + 9]) for i in range(0, len(s), 9))).upper()
        elif kind < 0.6:  # a partial copy with a new lead and a changed ending
            a, b = rng.randint(0, len(s) // 3), rng.randint(2 * len(s) // 3, len(s))
            t = " ".join([rng.choice(vocab) for _ in range(rng.randint(0, 30))] + s[a:b])
        elif kind < 0.7:
            t = rng.choice(["", "   ", "short text", " ".join(s[:12])])
        else:
            t = " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 120)))
        texts.append(t)
    dates = [rng.choice([None, "2022-01-01", "2022-01-02", "2022-03-05"]) for _ in texts]
    df = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))], "date": pd.to_datetime(dates), "text": texts})
    for kw in [{}, dict(threshold=0.3, k=3), dict(min_shared=5, min_shingles=3)]:
        res = find_duplicates(df, **kw)
        group, copy, sim, pairs = _reference_find_duplicates(df, **kw)
        assert res.dup_group.tolist() == group and res.is_copy.tolist() == copy
        assert res.dup_similarity.equals(pd.Series(sim, dtype=float)) and res.pairs == pairs
        assert res.is_copy.sum() > 20


def _reference_unit_keys(lines):
    """unit_keys as first written: each sentence of units() split, joined and case-folded."""
    from framing.ingest import furniture as fur

    keys = set()
    for line in lines:
        if not line.strip():
            continue
        sp = fur.units(line)
        for span in sp:
            key = fur._learnable(line, span, len(sp))
            if key is not None:
                keys.add(key)
    return keys


def test_single_spaced_and_document_keys_equal_the_straightforward_forms():
    import random

    from framing.ingest import furniture as fur

    assert set(fur._ODD_SPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace() and c != 32}
    rng = random.Random(11)
    pieces = ["Kyiv", "said", "no", "ß", "ﬁne", "İz", "ΣΑΣ", "Київ", "x_y", "12", ".", "!", "?", "…", "”", "’", "“", ")",
              "«", " ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\0", "A", "B", "Mr", "В"]
    lines = ["", " ", "a", "Kyiv said no.", "Kyiv said no. “We stay,” he said. Read more.",
             "One two three four five. Six seven eight nine ten! Short one. ELEVEN twelve thirteen fourteen fifteen"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for line in lines:
        assert fur.single_spaced(line) == (" ".join(line.split()) == line), repr(line)
    for i in range(0, len(lines), 3):
        doc = lines[i : i + 3]
        key, units = fur.document_keys(doc)
        assert key == "\n".join(fur.line_key(x) for x in doc), repr(doc)
        assert units == _reference_unit_keys(doc) == fur.unit_keys(doc), repr(doc)


def test_too_many_words_pattern_equals_counting_the_words():
    """One regex call tells a line of more than the known patterns' longest word limit, exactly
    when counting its words (``_WORD.findall``) would: near the limit, and with the characters
    that end, join or split words (underscores, apostrophes, hyphens, digits, other scripts)."""
    import random

    from framing.ingest import furniture as fur

    limit = fur._MAX_PATTERN_WORDS
    rng = random.Random(5)
    pieces = ["Kyiv", "a", "x_y", "_", "-", "'", "’", "it's", "pro-Russian", "12", "Київ", " ", "  ", ", ", ".", "—", "\t"]
    lines = ["", "word", "w " * limit, "w " * (limit + 1), "w-" * (limit + 1), "a_" * (limit + 1), "x'y " * (limit + 1)]
    for _ in range(2000):
        n = rng.randint(limit - 10, limit + 70)
        lines.append(" ".join(rng.choice(pieces) + rng.choice(pieces) for _ in range(n)))
    for line in lines:
        assert (fur._TOO_MANY_WORDS.match(line) is not None) == (len(fur._WORD.findall(line)) > limit), repr(line)


def test_word_ngrams_equal_the_tuples_of_casefolded_words():
    from framing.ingest import furniture as fur

    for text in _TEXTS + ["A B", "Straße Fine ﬁne İstanbul ΣΑΣ Word word WORD", "x " * 50]:
        for n in (1, 2, 3, 4):
            w = [x.casefold() for x in fur._WORD.findall(text)]
            ref = {tuple(w[i : i + n]) for i in range(max(len(w) - n + 1, 0))} if len(w) >= n else {tuple(w)}
            assert fur._word_ngrams(text, n) == ref, (text, n)


def test_clean_text_shortcuts_equal_the_regex_pipeline():
    """The character prefilters of clean_text_repaired (line breaks, ftfy hint, trailing spaces)
    give what the original regex pipeline gives."""
    import random
    import unicodedata

    from framing.ingest import decode

    def reference(text):
        if not text:
            return "", False
        text = decode._LINE_BREAKS.sub("\n", text)
        repaired = False
        if (not text.isascii() or "&" in text) and decode._FTFY_HINT.search(text):
            fixed = decode._ftfy(text)
            repaired = fixed != unicodedata.normalize("NFC", text)
            text = fixed
        text = decode._TRAILING_SPACE.sub("", unicodedata.normalize("NFC", text))
        return text.strip("\n "), repaired

    rng = random.Random(2)
    alphabet = (list("ab \t\n\r&#;x1") + ["\r\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\u00a0", "Ã©", "â€™",
                                           "&amp;", "&#39;", "Ð", "Ñ", "\x05", "\x1f", "\x7f", "\ufffd", "\ud83d", "é",
                                           "e\u0301", "’", "Р", "ђ", "«", "🙂"])
    for _ in range(3000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        assert decode._hint_chars(t) == {c for c in t if not c.isascii() or c in decode._HINT_ASCII}, repr(t)
        assert decode.clean_text_repaired(t) == reference(t), repr(t)


def test_summary_word_count_is_the_number_of_split_words():
    import random

    from framing.ingest import core

    assert core._NON_ASCII_SPACE == {chr(c) for c in range(128, 0x110000) if chr(c).isspace()}
    rng = random.Random(4)
    alphabet = list("ab \t\n\r\x0b\x0c\x1c\x1f.") + ["\x85", "\u00a0", "\u2009", "\u3000", "\u2028", "é", "’", "Київ", "🙂",
                                                    "\ud83d", "\x00"]
    for t in _TEXTS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]:
        assert core._n_words(t) == len(t.split()), repr(t)


def test_summary_clusters_as_pandas_groups_them():
    from framing.ingest import core

    corpus = pd.DataFrame({"doc_id": list("abcdefg"), "outlet": list("XYXZYXX"),
                           "dup_group": ["b", "b", "", "g", "b", "", "g"], "is_copy": [True, False, False, True, True, False, False],
                           "dup_similarity": [0.7, 1.0, np.nan, np.nan, 0.9, np.nan, np.nan], "text": ["w"] * 7,
                           "n_furniture": [0] * 7, "encoding": ["utf-8"] * 7, "date_precision": ["day"] * 7})

    from framing.ingest.readers import Problems

    got = core._summary([], [], corpus, 7, 0, Problems(), [], [], [], [], {})["duplicate_cluster_list"]
    ref = [{"dup_group": g, "original": g, "copies": sub.loc[sub["is_copy"], "doc_id"].tolist(),
            "outlets": sorted(set(sub["outlet"])), "min_similarity": float(sub["dup_similarity"].min())}
           for g, sub in corpus[corpus["dup_group"] != ""].groupby("dup_group", sort=True)]
    assert json.dumps(got) == json.dumps(ref) and len(got) == 2


def test_find_duplicates_hands_back_the_shingles_it_computed():
    """ingest reuses these for the similarity on final texts that furniture did not change."""
    texts = ["Kyiv was shelled again on Tuesday night, officials said.", "kyiv  was shelled again on tuesday night, officials said.",
             "Unrelated story of six words here.", "", "One two"]
    df = pd.DataFrame({"doc_id": list("abcde"), "date": pd.to_datetime(["2022-03-02"] * 5), "text": texts})
    res = find_duplicates(df, k=3)
    assert sorted(res.shingles) == [0, 2, 4]  # one per identical-text unit; none for an empty text
    for i, sh in res.shingles.items():
        assert np.array_equal(sh, shingles(texts[i], 3))


def test_injected_lines_equal_the_eager_check():
    """injected_lines reads the original only when a line is a candidate; the result is the same."""
    import random

    from framing.ingest import furniture as fur

    def reference(lines, removed, original_text):
        orig = fur._word_ngrams(original_text)
        kept = [i for i, line in enumerate(lines) if line.strip() and i not in removed]
        out = {}
        for pos, i in enumerate(kept):
            if pos == 0 or pos == len(kept) - 1 or not fur.is_headline(lines[i]):
                continue
            grams = fur._word_ngrams(lines[i])
            if grams and len(grams & orig) / len(grams) < 0.5:
                out[i] = "injected headline: headline-shaped line of a copy, absent from its original"
        return out

    rng = random.Random(9)
    pool = ["German Prosecutors Warn Bill Gates About Vaccines", "Kyiv Says Talks Will Resume Next Week", "",
            "The talks resumed on Monday, officials said.", "Body text goes on here and on.", "Read More Stories Here"]
    original = "Body text goes on here and on. Kyiv Says Talks Will Resume Next Week"
    for _ in range(500):
        lines = [rng.choice(pool) for _ in range(rng.randint(0, 7))]
        removed = {i: "x" for i in range(len(lines)) if rng.random() < 0.2}
        got = fur.injected_lines(lines, removed, original, "o")
        assert got == reference(lines, removed, original) == fur.injected_lines(
            lines, removed, "", "o", original_ngrams=fur._word_ngrams(original))


def test_hint_matches_equals_the_hint_regex():
    import random

    from framing.ingest import decode

    rng = random.Random(12)
    lead1, next1, lead2, next2, single = (sorted(s) for s in decode._HINT_SETS)
    alphabet = list("ab &#;x1é’Р") + ["&amp;", "&#39;", "&#x;", "&toolongname;"]
    for _ in range(5000):
        extra = [rng.choice(lead1), rng.choice(next1), rng.choice(lead2), rng.choice(next2)]
        if rng.random() < 0.1:
            extra.append(rng.choice(single))
        t = "".join(rng.choice(alphabet + extra) for _ in range(rng.randint(0, 12)))
        assert decode._hint_matches(t) == (decode._FTFY_HINT.search(t) is not None), repr(t)
    many = "".join(lead1 + next1)  # more than 200 candidate pairs: the regex decides
    assert decode._hint_matches(many) == (decode._FTFY_HINT.search(many) is not None)
