"""Ingest on hostile input: outputs that would destroy an input, stray bytes and wrong encodings,
links out of the corpus folder and FIFOs, impossible dates, lone surrogates, compressed files,
coerced values, leftovers of killed runs, and quadratic work. Each case: one line on stderr and
exit 2, or a corpus whose summary names what was repaired, skipped or not read."""

from __future__ import annotations

import codecs
import errno
import gzip
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.corpus import read_corpus
from framing.errors import CorpusError
from framing.ingest import ingest_sources, write_outputs
from framing.ingest.stream import ingest_stream

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw" / "seeds"
REAL = ROOT.parent / "shared" / "corpora" / "ukraine_media_2022" / "corpus.csv"

BODY = "Kyiv’s mayor said the city’s defences were ready — «Київ» is the capital, officials said."


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["ingest", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("framing ingest: error: "), err
    assert "Traceback" not in err
    return err


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _csv(path: Path, n: int = 30, stray: dict[int, bytes] | None = None) -> Path:
    """A UTF-8 CSV of ``n`` stories; ``stray``: bytes put inside the text of those rows (1-based)."""
    out = [b"doc_id,outlet,date,text\n"]
    for i in range(1, n + 1):
        text = f"Story {i}: {BODY} Day {i}.".encode()
        if stray and i in stray:
            text = text[:12] + stray[i] + text[12:]
        out.append(f"d{i},Outlet {'AB'[i % 2]},2022-03-{i % 28 + 1:02d},\"".encode() + text + b"\"\n")
    path.write_bytes(b"".join(out))
    return path


# ------------------------------------------------------------------------------------- outputs
def test_out_that_is_an_input_is_refused_before_reading(tmp_path, capsys, monkeypatch):
    import framing.ingest.core as core

    src = _csv(tmp_path / "src.csv")
    before = _hashes(tmp_path)
    (tmp_path / "link.csv").symlink_to(src)
    (tmp_path / "sub").mkdir()

    def no_reading(*args, **kwargs):
        raise AssertionError("read the sources before checking the output")

    monkeypatch.setattr(core, "_start", no_reading)
    for out in (src, tmp_path / "link.csv", tmp_path / "sub" / ".." / "src.csv"):
        err = _one_line_error(*_cli(capsys, src, "--out", out)[::2])
        assert "is the input" in err
    err = _one_line_error(*_cli(capsys, tmp_path / "link.csv", "--out", src)[::2])  # through the link
    assert "is the input" in err
    # the summary beside the output would replace the manifest
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Kyiv said no.")
    manifest = tmp_path / "o.csv.summary.json"
    manifest.write_text("file,outlet\na.txt,A\n")
    err = _one_line_error(*_cli(capsys, tmp_path / "docs", "--manifest", manifest, "--out", tmp_path / "o.csv")[::2])
    assert "o.csv.summary.json: is the input" in err
    # inside an input folder
    err = _one_line_error(*_cli(capsys, tmp_path / "docs", "--outlet", "X", "--out", tmp_path / "docs" / "o.parquet")[::2])
    assert "inside the input folder" in err
    manifest.unlink()
    assert _hashes(tmp_path) == before | {"docs/a.txt": _hashes(tmp_path)["docs/a.txt"]}
    assert not (tmp_path / "o.csv").exists()


def test_out_that_is_a_folder_or_below_a_file_is_one_line(tmp_path, capsys):
    src = _csv(tmp_path / "src.csv")
    (tmp_path / "o.parquet").mkdir()
    err = _one_line_error(*_cli(capsys, src, "--out", tmp_path / "o.parquet")[::2])
    assert "is a folder" in err
    err = _one_line_error(*_cli(capsys, src, "--out", tmp_path / "src.csv" / "o.parquet")[::2])
    assert "is a file" in err


def test_library_write_refuses_an_input(tmp_path):
    from framing.errors import OutputError

    src = _csv(tmp_path / "src.csv")
    corpus, summary = ingest_sources([src])
    with pytest.raises(OutputError, match="is the input"):
        write_outputs(corpus, summary, src)
    pq_src = tmp_path / "src.parquet"
    pd.read_csv(src).to_parquet(pq_src)
    before = pq_src.read_bytes()
    with pytest.raises(OutputError, match="is the input"):
        ingest_stream([pq_src], pq_src)
    assert pq_src.read_bytes() == before


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_disk_full_while_writing_is_one_line_and_leaves_nothing(tmp_path, capsys, monkeypatch, suffix):
    import pyarrow.parquet as pq

    src = _csv(tmp_path / "src.csv")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full)
    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    monkeypatch.setattr(pd.DataFrame, "to_json", full)
    out = tmp_path / "out" / f"c{suffix}"
    err = _one_line_error(*_cli(capsys, src, "--out", out)[::2])
    assert "disk is full" in err
    assert list((tmp_path / "out").iterdir()) == []  # no corpus, no summary, no temporary file


def _mount_tmpfs(path: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    path.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    return proc.returncode == 0


@pytest.fixture
def full_disk(tmp_path):
    where = tmp_path / "full"
    if not _mount_tmpfs(where, "size=64k"):
        pytest.skip("needs root and mount -t tmpfs to make a small full disk")
    yield where
    subprocess.run(["umount", str(where)], capture_output=True)


def test_a_really_full_disk(tmp_path, capsys, full_disk):
    src = _csv(tmp_path / "big.csv", n=2000)
    for suffix in (".parquet", ".csv"):
        err = _one_line_error(*_cli(capsys, src, "--out", full_disk / f"c{suffix}", "--no-dedup")[::2])
        assert "disk is full" in err and not list(full_disk.iterdir())
    err = _one_line_error(*_cli(capsys, src, "--out", full_disk / "c.parquet", "--stream", "--no-dedup")[::2])
    assert "disk is full" in err and not list(full_disk.iterdir())
    err = _one_line_error(*_cli(capsys, src, "--out", tmp_path / "c.parquet", "--stream", "--workdir", full_disk)[::2])
    assert "--workdir" in err and "disk is full" in err and not list(full_disk.iterdir())
    assert not (tmp_path / "c.parquet").exists()


def test_a_read_only_mount(tmp_path, capsys):
    where = tmp_path / "ro"
    if not _mount_tmpfs(where, "size=64k,ro"):
        pytest.skip("needs root and mount -t tmpfs")
    try:
        err = _one_line_error(*_cli(capsys, _csv(tmp_path / "s.csv"), "--out", where / "c.parquet")[::2])
        assert "not writable" in err or "read-only" in err
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


# ------------------------------------------------------------------------------------ encodings
def test_one_stray_byte_is_repaired_in_its_row_only(tmp_path):
    clean = _csv(tmp_path / "clean.csv")
    bad = _csv(tmp_path / "bad.csv", stray={7: b"\xff"})
    a, _ = ingest_sources([clean], dedup=False)
    b, summary = ingest_sources([bad], dedup=False)
    differ = a.text != b.text
    assert differ.sum() == 1 and b.doc_id[differ].item() == "d7"
    assert "\ufffd" in b.text[differ].item() and "’" in b.text[differ].item()  # the rest of the row is UTF-8
    offset = bad.read_bytes().index(b"\xff")
    assert summary["rows_repaired"] == 1
    assert summary["repaired_rows"] == [{"source": str(bad), "where": "row 7 (line 8)",
                                         "problem": f"bytes that are not utf-8: byte {offset} (0xff); repaired as U+FFFD"}]
    [record] = summary["file_encodings"]
    assert (record["encoding"], record["decided_by"], record["rows_repaired"]) == ("utf-8", "mostly utf-8", 1)
    assert 0.9 < record["confidence"] < 1


def test_stray_bytes_skipped_one_by_one_with_skip_bad(tmp_path):
    bad = _csv(tmp_path / "bad.csv", stray={3: b"\xff", 20: b"\xc3\x28"})
    corpus, summary = ingest_sources([bad], skip_bad=True, dedup=False)
    assert len(corpus) == 28 and not {"d3", "d20"} & set(corpus.doc_id)
    assert [s["where"] for s in summary["skipped"]] == ["row 3 (line 4)", "row 20 (line 21)"]
    assert summary["documents_read"] == 30 == summary["documents_kept"] + summary["skipped_rows"]
    assert not corpus.text.str.contains("\ufffd").any()


def test_named_encoding_names_the_row_and_does_not_suggest_itself(tmp_path, capsys):
    bad = _csv(tmp_path / "bad.csv", stray={5: b"\xff"})
    err = _one_line_error(*_cli(capsys, bad, "--encoding", "utf-8", "--out", tmp_path / "o.parquet")[::2])
    offset = bad.read_bytes().index(b"\xff")
    assert f"row 5 (line 6): bytes that are not utf-8: byte {offset} (0xff)" in err
    assert "with --encoding" not in err and "--skip-bad" in err
    code, out, err = _cli(capsys, bad, "--encoding", "utf-8", "--skip-bad", "--out", tmp_path / "o.parquet")
    assert code == 0 and "skipped: " in out and "row 5 (line 6)" in out
    assert len(read_corpus(tmp_path / "o.parquet")) == 29


def test_named_encoding_that_does_not_fit_suggests_the_likely_one(tmp_path, capsys):
    path = tmp_path / "ru.csv"
    path.write_bytes("text,outlet\n«Киев или Москва» сказал министр.,A\nВторая статья о войне.,B\n".encode("cp1251"))
    err = _one_line_error(*_cli(capsys, path, "--encoding", "utf-8", "--out", tmp_path / "o.parquet")[::2])
    assert "cannot decode as utf-8 (the --encoding given): line 2, byte 12 (0xab)" in err
    assert "look like cp1251" in err and "with --encoding" not in err
    corpus, summary = ingest_sources([path])  # and detected without --encoding
    assert corpus.text[0] == "«Киев или Москва» сказал министр."
    [record] = summary["file_encodings"]
    assert record["encoding"] == "cp1251" and record["decided_by"] == "guessed" and record["confidence"] > 0.5


def test_cp1252_file_is_still_a_cp1252_file(tmp_path):
    path = tmp_path / "fr.csv"
    path.write_bytes("text,outlet\nLe café’s owner said «non» — très clair.,A\nÉté 2022 à Kyiv.,B\n".encode("cp1252"))
    corpus, summary = ingest_sources([path])
    assert corpus.text.tolist() == ["Le café’s owner said «non» — très clair.", "Été 2022 à Kyiv."]
    assert summary["file_encodings"][0]["encoding"] == "cp1252"
    assert summary["rows_repaired"] == 0


def test_exotic_code_pages_are_never_guessed(tmp_path):
    from charset_normalizer import from_bytes

    allowed = {codecs.lookup(n).name for n in (  # the documented list (framing.ingest.decode.GUESSABLE)
        "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "koi8_u", "cp1250", "iso8859_2", "cp1253", "iso8859_7",
        "cp1254", "iso8859_9", "cp1257", "iso8859_13", "cp1255", "cp1256", "gb18030", "big5", "shift_jis", "euc_jp",
        "euc_kr", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be")}
    text = "text,outlet\n" + "".join(f"Þetta er frétt {i}: Ísland og Úkraína. Sagði ráðherra.,A\n" for i in range(20))
    path = tmp_path / "is.csv"
    path.write_bytes(text.encode("mac_iceland"))
    assert from_bytes(path.read_bytes()).best().encoding not in allowed  # what the old ingest would pick
    try:
        _, summary = ingest_sources([path])
    except CorpusError as exc:
        assert "--encoding" in str(exc) and "is.csv" in str(exc)
    else:
        assert summary["file_encodings"][0]["encoding"] in allowed


def test_jsonl_and_text_files_with_a_stray_byte(tmp_path):
    lines = [json.dumps({"id": f"j{i}", "text": f"{BODY} {i}", "outlet": "A"}, ensure_ascii=False).encode() for i in range(10)]
    lines[4] = lines[4].replace("mayor".encode(), b"ma\xffyor")
    (tmp_path / "j.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    corpus, summary = ingest_sources([tmp_path / "j.jsonl"], id_col="id", dedup=False)
    assert len(corpus) == 10 and corpus.text[4].startswith("Kyiv’s ma\ufffdyor")
    assert summary["repaired_rows"][0]["where"] == "line 5"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes((BODY * 3).encode() + b"\n\xfe\xff trailing line.\n")
    corpus, summary = ingest_sources([docs], outlet="X")
    assert corpus.text[0].endswith("\ufffd trailing line.") and corpus.encoding[0] == "utf-8"
    assert summary["rows_repaired"] == 1 and summary["repaired_rows"][0]["where"] == "line 2"
    (docs / "b.txt").write_text("Moscow said yes.")
    corpus, summary = ingest_sources([docs], outlet="X", skip_bad=True)
    assert corpus.doc_id.tolist() == ["b"] and summary["skipped"][0]["where"] == "line 2"


def test_streamed_ingest_equals_in_memory_with_stray_bytes(tmp_path):
    bad = _csv(tmp_path / "bad.csv", stray={3: b"\xff", 9: b"\x00"})
    mem, streamed = tmp_path / "mem.parquet", tmp_path / "stream.parquet"
    write_outputs(*ingest_sources([bad]), mem)
    ingest_stream([bad], streamed)
    pd.testing.assert_frame_equal(read_corpus(mem), read_corpus(streamed))
    assert Path(f"{mem}.summary.json").read_text() == Path(f"{streamed}.summary.json").read_text()
    summary = json.loads(Path(f"{mem}.summary.json").read_text())
    assert [r["where"] for r in summary["repaired_rows"]] == ["row 3 (line 4)", "row 9 (line 10)"]
    assert "NUL bytes" in summary["repaired_rows"][1]["problem"]


@pytest.mark.corpora
@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpora not present")
def test_real_corpus_with_one_stray_byte(tmp_path):
    """ukraine_media_2022 with b"\\xff" put inside one text: every other text is what the clean file
    gives (the old ingest read the whole file as cp775: 6,290 texts garbled), and the summary names
    the row."""
    data = REAL.read_bytes()
    at = data.index(b"Secretary of State Antony Blinken said") + 10
    bad = tmp_path / "corpus.csv"
    bad.write_bytes(data[:at] + b"\xff" + data[at:])
    options = dict(dedup=False, furniture=False)
    clean, _ = ingest_sources([REAL], **options)
    corpus, summary = ingest_sources([bad], **options)
    assert len(corpus) == len(clean) and (corpus.doc_id == clean.doc_id).all()
    differ = corpus.text != clean.text
    assert differ.sum() == 1 and corpus.text[differ].item().count("\ufffd") == 1
    assert corpus.encoding.unique().tolist() == ["utf-8"]
    assert summary["repaired_rows"] == [{"source": str(bad), "where": "row 1 (line 2)",
                                         "problem": f"bytes that are not utf-8: byte {at} (0xff); repaired as U+FFFD"}]


# ---------------------------------------------------------------------------------- confinement
def test_links_out_of_the_folder_and_fifos_are_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash SECRET")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Kyiv said no.")
    (src / "p.txt").symlink_to(secret)
    (src / "dir").symlink_to(outside)
    (src / "b.txt").symlink_to(src / "a.txt")  # inside: read
    os.mkfifo(src / "f.txt")
    code = f"""
import json, sys
from framing.ingest import ingest_sources
corpus, summary = ingest_sources([{str(src)!r}], outlet="X", skip_bad=True)
print(json.dumps({{"texts": corpus.text.tolist(), "not_read": summary["not_read"]}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["texts"] == ["Kyiv said no.", "Kyiv said no."] and "SECRET" not in proc.stdout
    assert {(Path(d["path"]).name, d["why"]) for d in got["not_read"]} == {
        ("dir", "a symbolic link that resolves outside the source folder"),
        ("p.txt", "a symbolic link that resolves outside the source folder"),
        ("f.txt", "a FIFO (named pipe)"),
    }


def test_manifest_row_naming_an_outside_file_is_not_read_by_the_walk_either(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET LINE of a file that is not in the corpus")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Kyiv said no.")
    (src / "p.txt").symlink_to(secret)
    (src / "manifest.csv").write_text("file,outlet\na.txt,A\np.txt,B\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv: line 3: file 'p\.txt' is outside"):
        ingest_sources([src], outlet="X")
    corpus, summary = ingest_sources([src], outlet="X", skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no."]
    assert "SECRET" not in json.dumps(summary) and "SECRET" not in "".join(corpus.text_raw)


def test_a_fifo_named_as_source_is_one_line(tmp_path):
    os.mkfifo(tmp_path / "f.csv")
    proc = subprocess.run([sys.executable, "-m", "framing", "ingest", str(tmp_path / "f.csv"), "--out",
                           str(tmp_path / "o.parquet")], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "FIFO" in proc.stderr


def test_messages_quote_a_short_escaped_excerpt(tmp_path, capsys):
    path = tmp_path / "c.csv"
    first = "root:x:0:0:root:/root:/bin/bash;" * 10 + "\x1b[31m"
    path.write_text(first + "\nsomething\n")
    err = _one_line_error(*_cli(capsys, path, "--out", tmp_path / "o.parquet")[::2])
    assert first not in err and first[:25] in err and "\x1b" not in err
    assert len(err) < 400


# -------------------------------------------------------------------------------- error contract
@pytest.mark.parametrize("value", ["9999-99-99", "0001-01-01", "3000-01-01", "1677-09-21", "2262-04-12",
                                   "99999-01-01", "20220-1-1"])
def test_impossible_dates_are_bad_rows(tmp_path, capsys, value):
    path = tmp_path / "d.csv"
    path.write_text(f"text,outlet,date\nKyiv said no.,A,2022-01-01\nMoscow said yes.,B,{value}\n")
    err = _one_line_error(*_cli(capsys, path, "--out", tmp_path / "o.parquet")[::2])
    assert "row 2 (line 3): field date" in err and not (tmp_path / "o.parquet").exists()
    code, out, err = _cli(capsys, path, "--skip-bad", "--out", tmp_path / "o.parquet")
    assert code == 0 and err == "" and "skipped bad rows    1" in out
    assert read_corpus(tmp_path / "o.parquet").text.tolist() == ["Kyiv said no."]


def test_boundary_dates_are_kept(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("text,outlet,date\nKyiv said no.,A,1677-09-22\nMoscow said yes.,B,2262-04-11\n")
    corpus, _ = ingest_sources([path])
    assert corpus.date.tolist() == [pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11")]


def test_parquet_timestamps_out_of_range(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datetime import datetime

    table = pa.table({"text": ["Kyiv said no.", "Moscow said yes."], "outlet": ["A", "B"],
                      "date": pa.array([datetime(2022, 1, 1), datetime(3000, 1, 1)], pa.timestamp("us"))})
    pq.write_table(table, tmp_path / "t.parquet")
    with pytest.raises(CorpusError, match=r"row 2: field date .*out of the range"):
        ingest_sources([tmp_path / "t.parquet"])
    corpus, summary = ingest_sources([tmp_path / "t.parquet"], skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no."] and summary["skipped_rows"] == 1


def test_lone_surrogate_in_jsonl_is_repaired_and_counted(tmp_path, capsys):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "Kyiv \\ud800 said no.", "outlet": "A"}\n{"text": "Moscow said yes.", "outlet": "B"}\n')
    code, out, err = _cli(capsys, path, "--out", tmp_path / "o.parquet")
    assert code == 0, err
    corpus = read_corpus(tmp_path / "o.parquet")
    assert corpus.text.tolist() == ["Kyiv \ufffd said no.", "Moscow said yes."]
    summary = json.loads((tmp_path / "o.parquet.summary.json").read_text())
    assert summary["rows_repaired"] == 1 and summary["repaired_rows"][0]["where"] == "line 1"
    code, out, err = _cli(capsys, path, "--skip-bad", "--out", tmp_path / "o.csv")
    assert code == 0 and read_corpus(tmp_path / "o.csv").text.tolist() == ["Moscow said yes."]


def test_compressed_sources(tmp_path, capsys):
    plain = _csv(tmp_path / "c.csv", n=5)
    corpus, _ = ingest_sources([plain])
    for suffix, data in ((".csv.gz", gzip.compress(plain.read_bytes())),):
        (tmp_path / f"z{suffix}").write_bytes(data)
        got, _ = ingest_sources([tmp_path / f"z{suffix}"])
        pd.testing.assert_frame_equal(got.drop(columns="source_file"), corpus.drop(columns="source_file"))
    tsv = tmp_path / "t.tsv.gz"
    tsv.write_bytes(gzip.compress(b"text\toutlet\nKyiv said no.\tA\n"))
    jl = tmp_path / "j.jsonl.gz"
    jl.write_bytes(gzip.compress(b'{"text": "Moscow said yes.", "outlet": "B"}\n'))
    got, _ = ingest_sources([tsv, jl])
    assert got.text.tolist() == ["Kyiv said no.", "Moscow said yes."] and got.doc_id[0] == "t-1"
    # compressed but named as text: named as compressed, skippable as a whole file
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "g.csv").write_bytes(gzip.compress(plain.read_bytes()))
    with zipfile.ZipFile(bad / "z.jsonl", "w") as zf:
        zf.writestr("x.jsonl", "{}")
    (bad / "cut.csv.gz").write_bytes(gzip.compress(plain.read_bytes())[:40])
    (bad / "ok.csv").write_text("text,outlet\nKyiv said no.,A\n")
    err = _one_line_error(*_cli(capsys, bad / "g.csv", "--out", tmp_path / "o.parquet")[::2])
    assert "gzip-compressed" in err and "g.csv.gz" in err and "encoding" not in err
    code, out, err = _cli(capsys, bad, "--skip-bad", "--out", tmp_path / "o.parquet")
    assert code == 0 and "unreadable files    3" in out, err
    summary = json.loads((tmp_path / "o.parquet.summary.json").read_text())
    problems = " ".join(u["problem"] for u in summary["unreadable_files"])
    assert "gzip-compressed" in problems and "ZIP archive" in problems and "damaged or cut short" in problems
    assert "--skip-bad" not in problems


def test_skip_bad_skips_every_unreadable_file(tmp_path, capsys):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "ok.csv").write_text("text,outlet\nKyiv said no.,A\n")
    (folder / "binary.csv").write_bytes(bytes(range(256)) * 10)
    (folder / "notext.csv").write_text("body,outlet\nx,A\n")
    (folder / "dupcols.csv").write_text("text,outlet,text\nx,A,y\n")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "quote.csv").write_text('text,outlet\n"never closed,A\n')
    (folder / "ints.parquet").write_bytes(b"")
    pd.DataFrame({"text": [1, 2], "outlet": ["A", "B"]}).to_parquet(folder / "ints.parquet")
    code, out, err = _cli(capsys, folder, "--skip-bad", "--out", tmp_path / "o.parquet")
    assert code == 0 and err == "", err
    summary = json.loads((tmp_path / "o.parquet.summary.json").read_text())
    assert summary["documents_kept"] == 1
    assert sorted(Path(u["source"]).name for u in summary["unreadable_files"]) == [
        "binary.csv", "dupcols.csv", "empty.csv", "ints.parquet", "notext.csv"]
    assert [s["where"] for s in summary["skipped"]] == ["row 1 (line 2)"]  # the quote never closed
    assert "--skip-bad" not in out


# ---------------------------------------------------------------------------------- where it is
def test_rows_and_lines_with_multi_line_fields_and_a_skipped_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('text,outlet\n"Kyiv\nsaid\nno.",A\nbad,row,extra\n\n"Moscow said yes.",B\n')
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.source_loc.tolist() == ["row 1 (lines 2-4)", "row 3 (line 7)"]
    assert summary["skipped"][0]["where"] == "row 2 (line 5)"


def test_a_quote_never_closed_skips_one_row_and_reads_on(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('text,outlet\nKyiv said no.,A\n"Broken row,B\nMoscow said yes.,C\nMinsk too.,D\n')
    with pytest.raises(CorpusError, match=r"row 2 \(lines 3-5\): a quote opened here is never closed"):
        ingest_sources([path])
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no.", "Moscow said yes.", "Minsk too."]
    assert corpus.source_loc.tolist() == ["row 1 (line 2)", "row 3 (line 4)", "row 4 (line 5)"]
    assert summary["documents_read"] == 4


# -------------------------------------------------------------------------------------- coerced
@pytest.mark.parametrize("value, kind", [("123", "a number"), ("true", "true/false"), ("[1, 2]", "a list"),
                                         ('{"a": 1}', "an object"), ("1.5", "a number")])
def test_jsonl_text_that_is_not_a_string_is_a_bad_row(tmp_path, value, kind):
    path = tmp_path / "j.jsonl"
    path.write_text(f'{{"text": "Kyiv said no.", "outlet": "A"}}\n{{"text": {value}, "outlet": "B"}}\n')
    with pytest.raises(CorpusError, match=rf"j\.jsonl: line 2: field text is {kind}"):
        ingest_sources([path])
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no."] and summary["skipped_rows"] == 1


def test_numbers_in_csv_are_text(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,outlet\n123,A\n")
    corpus, _ = ingest_sources([path])
    assert corpus.text.tolist() == ["123"]


def test_parquet_text_column_that_is_not_text(tmp_path):
    pd.DataFrame({"text": [1, 2], "outlet": ["A", "B"]}).to_parquet(tmp_path / "t.parquet")
    with pytest.raises(CorpusError, match=r"t\.parquet: column text holds int64 values, not text"):
        ingest_sources([tmp_path / "t.parquet"])


def test_repeated_columns_and_keys_are_errors(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,outlet,text\nKyiv said no.,A,Moscow said yes.\n")
    with pytest.raises(CorpusError, match=r"c\.csv: column 'text' appears twice in the header \(columns 1 and 3\)"):
        ingest_sources([path])
    path = tmp_path / "j.jsonl"
    path.write_text('{"text": "Kyiv said no.", "outlet": "A"}\n{"text": "a", "outlet": "B", "text": "b"}\n')
    with pytest.raises(CorpusError, match=r"j\.jsonl: line 2: key 'text' appears twice"):
        ingest_sources([path])
    corpus, _ = ingest_sources([path], skip_bad=True)
    assert corpus.text.tolist() == ["Kyiv said no."]


def test_empty_doc_id_is_a_bad_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("doc_id,text,outlet\na,Kyiv said no.,A\n  ,Moscow said yes.,B\n")
    with pytest.raises(CorpusError, match=r"row 2 \(line 3\): field doc_id \(the document id\) is empty"):
        ingest_sources([path])
    corpus, summary = ingest_sources([path], skip_bad=True)
    assert corpus.doc_id.tolist() == ["a"] and summary["skipped_rows"] == 1
    path = tmp_path / "j.jsonl"
    path.write_text('{"id": "", "text": "Kyiv said no.", "outlet": "A"}\n')
    with pytest.raises(CorpusError, match=r"line 1: field id \(the document id\) is empty; the --id-col column"):
        ingest_sources([path], id_col="id")


# ------------------------------------------------------------------------ leftovers of killed runs
_SLOW = """
import sys, time
from pathlib import Path
import framing.ingest.stream as stream_mod
from framing.cli import main

real = stream_mod._ingest
def slow(*args):
    time.sleep(120)  # stands for a long run: killed in the middle
stream_mod._ingest = slow
sys.exit(main(["ingest", sys.argv[1], "--out", sys.argv[2], "--stream"]))
"""


def _wait_for_folder(where: Path, proc, other_than: Path | None = None) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        found = [p for p in where.glob(".framing-ingest-*") if (p / "owner.json").exists() and p != other_than]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(proc.stderr.read() if proc.poll() is not None else "no temporary folder in 120 s")


def test_next_streamed_run_removes_the_folder_of_a_killed_run(tmp_path, capsys):
    out = tmp_path / "out" / "corpus.parquet"
    start = lambda: subprocess.Popen([sys.executable, "-c", _SLOW, str(SEEDS), str(out)], stderr=subprocess.PIPE,
                                     text=True, cwd=ROOT)
    killed, alive = start(), None
    try:
        left = _wait_for_folder(out.parent, killed)
        alive = start()
        live = _wait_for_folder(out.parent, alive, other_than=left)
        killed.send_signal(signal.SIGKILL)
        killed.wait(60)
        assert left.is_dir()  # SIGKILL runs no clean-up
        code, printed, err = _cli(capsys, SEEDS, "--out", out, "--stream")
        assert code == 0, err
        assert not left.exists()
        assert f"removed the temporary folder of a streamed ingest that was killed (pid {killed.pid}): {left}" in printed
        assert live.is_dir() and str(live) not in printed  # a live run's folder is left alone
    finally:
        for proc in (killed, alive):
            if proc is not None:
                proc.kill()
                proc.wait(60)


# ----------------------------------------------------------------------------------- bounded work
def test_table_of_contents_lookup_is_linear():
    from framing.ingest.furniture import known_furniture

    calls = 0

    class Line(str):
        def strip(self, *args):
            nonlocal calls
            calls += 1
            return str.strip(self, *args)

    counts = []
    for n in (200, 800):
        entries = [Line(f"Part {i} of the story") for i in range(n)]
        lines = [Line("Contents")] + entries + [Line("Body text that is long enough to end the contents list.")] + entries
        calls = 0
        assert len(known_furniture(lines)) == n + 1
        counts.append(calls)
    assert counts[1] < 6 * counts[0], counts  # 4 times the lines: about 4 times the work, not 16


def test_one_huge_document_takes_linear_time(tmp_path):
    import random

    rng = random.Random(3)
    words = ["Kyiv’s", "mayor", "said", "the", "café", "Київ", "war", "â€™", "talks"]

    def seconds(n: int) -> float:
        entries = [f"Part {i} of the story" for i in range(n // 8)]
        body = " ".join(rng.choice(words) for _ in range(n))
        text = "\n".join(["Contents", *entries, body, *entries, body.replace(" ", "\n", n // 10)])
        path = tmp_path / f"{n}.csv"
        pd.DataFrame({"text": [text, "Another short document."], "outlet": ["A", "A"]}).to_csv(path, index=False)
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            ingest_sources([path])
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(10_000), seconds(40_000)
    assert large < 9 * small, (small, large)  # 4 times the text; quadratic work would take 16 times
