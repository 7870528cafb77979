"""Property-based fuzzing of ``framing ingest`` (hypothesis): whatever the files hold, the command
ends in one of two ways.

* exit 2: stderr is exactly one line ``framing ingest: error: ...`` and nothing was written;
* exit 0: the summary adds up (``documents_read == documents_kept + empty + duplicate_ids +
  skipped_rows``; for generated tables, the rows read are the rows the files hold, less those
  of files listed as unreadable), and the corpus reads back.

Never a traceback, never another exit code, and the inputs are byte for byte as they were. The
runs are in-process (``framing.cli.main``), with a bounded, derandomised number of examples; a few
run as real processes to show that no traceback reaches stderr there either.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.cli import main
from framing.corpus import read_corpus

ROOT = Path(__file__).resolve().parents[1]

# FRAMING_FUZZ_EXAMPLES=2000 explores further, with fresh random examples (the default run is the same every time)
_DEEPER = os.environ.get("FRAMING_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(_DEEPER or 300), deadline=None, derandomize=not _DEEPER, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ------------------------------------------------------------------------------------ strategies
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
WORDY = st.one_of(TEXT, st.sampled_from(["Kyiv’s mayor said no.", "«Київ» — столиця.", "", "   ", "123",
                                          "Leave a Comment", "Related articles", "Москва сказала «да».\nВторая строка."]))
DATE = st.one_of(st.sampled_from(["", "2022-01-01", "2022-02", "2022", "9999-99-99", "0001-01-01", "3000-01-01",
                                  "1677-09-21", "1677-09-22", "2262-04-11", "2262-04-12", "99999-01-01", "yesterday",
                                  "2022-01-01T10:00+02:00", "2022-13-40", "NaT"]), st.text(max_size=12))
OUTLET = st.sampled_from(["A", "B", "Outlet C", "", " "])
DOC_ID = st.one_of(st.sampled_from(["a", "b", "c", "", " "]), st.text(max_size=6))
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "cp1252", "utf-16"])
HIGH_BYTE = st.integers(0x80, 0xFF).map(lambda b: bytes([b]))


@st.composite
def table_file(draw) -> tuple[str, bytes, int]:
    """A CSV/TSV/JSONL file of generated records (the number of records known), hostile values,
    a text encoding, and (for ASCII-compatible encodings) stray high bytes that cannot create or
    remove a record: ``(file name, bytes, records)``."""
    kind = draw(st.sampled_from(["csv", "tsv", "jsonl"]))
    n = draw(st.integers(0, 6))
    with_id = draw(st.booleans())
    rows = [{"doc_id": draw(DOC_ID), "text": draw(WORDY), "outlet": draw(OUTLET), "date": draw(DATE)} for _ in range(n)]
    if kind == "jsonl":
        lines = []
        for r in rows:
            rec = {k: v for k, v in r.items() if with_id or k != "doc_id"}
            odd = draw(st.sampled_from(["", "", "", "number", "null", "list", "surrogate", "dupkey", "deep", "bad"]))
            if odd == "number":
                rec["text"] = draw(st.integers())
            elif odd == "null":
                rec["text"] = None
            elif odd == "list":
                rec["text"] = [r["text"]]
            line = json.dumps(rec, ensure_ascii=draw(st.booleans()))
            if odd == "surrogate":
                line = line.replace('"text": "', '"text": "\\ud800', 1)
            elif odd == "dupkey":
                line = line[:-1] + ', "text": "again"}'
            elif odd == "deep":
                line = line[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}"
            elif odd == "bad":
                line = line[: draw(st.integers(0, max(len(line) - 1, 0)))]
                line = line if line.strip() else "{"
            lines.append(line)
        text = "".join(line + "\n" for line in lines)
    else:
        buf = io.StringIO()
        # (Python's writer quotes a field with "\r" only when "\r" is in its line terminator)
        all_quoted = draw(st.booleans())
        writer = csv.writer(buf, delimiter="\t" if kind == "tsv" else ",", quoting=csv.QUOTE_ALL if all_quoted else csv.QUOTE_MINIMAL,
                            lineterminator=draw(st.sampled_from(["\n", "\r\n"])) if all_quoted else "\r\n")
        cols = (["doc_id"] if with_id else []) + ["text", "outlet", "date"]
        writer.writerow(cols)
        for r in rows:
            writer.writerow([r[c] for c in cols])
        text = buf.getvalue()
    enc = draw(ENCODING)
    data = text.encode(enc, errors="replace")
    if enc in ("utf-8", "cp1251", "cp1252") and data:
        for _ in range(draw(st.integers(0, 3))):  # stray bytes: never a line end, quote or delimiter
            at = draw(st.integers(0, len(data) - 1))  # before the last line end: no line of its own
            if data[at - 1:at] == b"\r":
                at -= 1  # not between the two bytes of a \r\n line end
            if data[at:at + 1] == b'"':
                continue  # nor before an opening quote (the field would be unquoted, its line ends real)
            data = data[:at] + draw(HIGH_BYTE) + data[at:]
    return f"t{draw(st.integers(0, 99))}.{kind}", data, n


@st.composite
def raw_file(draw) -> tuple[str, bytes]:
    """Anything named like a source: random bytes, cut or mangled tables, BOMs, NULs, CR-only line
    ends, huge fields, deep JSON, empty and header-only files, compressed files."""
    base = draw(st.sampled_from([
        b"", b"text,outlet\n", b"text,outlet\r", b"\xef\xbb\xbftext,outlet\nKyiv,A\n", b"\xff\xfetext,outlet\n",
        "text,outlet\n«Київ»,A\nМосква,B\n".encode("cp1251"), b'text,outlet\n"never closed,A\nx,B\n',
        b"text,outlet,text\nx,A,y\n", b"doc_id,text,outlet\n,x,A\n", b'{"text": "Kyiv", "outlet": "A"}\n',
        b'{"text": "a", "text": "b", "outlet": "A"}\n', b"[" * 20000, b'{"text": "\\udfff", "outlet": "A"}\n',
        b"<html><head><meta charset='koi8-r'></head><body><p>\xeb\xc9\xc5\xd7</p></body></html>",
    ]))
    ops = draw(st.lists(st.sampled_from(["random", "cut", "cr", "nul", "bom16", "huge", "gzip", "append"]), max_size=3))
    data = base
    for op in ops:
        if op == "random":
            data = draw(st.binary(max_size=300))
        elif op == "cut" and data:
            data = data[: draw(st.integers(0, len(data)))]
        elif op == "cr":
            data = data.replace(b"\n", b"\r")
        elif op == "nul":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + b"\x00" + data[at:]
        elif op == "bom16":
            data = codecs.BOM_UTF16_LE + data
        elif op == "huge":
            data = data + b"x" * 300_000 + b",A\n"
        elif op == "gzip":
            data = gzip.compress(data)
        elif op == "append":
            data = data + draw(st.binary(max_size=50))
    name = draw(st.sampled_from(["a.csv", "a.tsv", "a.jsonl", "a.txt", "a.html", "a.csv.gz", "a.jsonl.gz", "a.parquet"]))
    return name, data


OPTIONS = st.fixed_dictionaries({
    "skip_bad": st.booleans(), "outlet": st.sampled_from([None, "X"]), "id": st.booleans(),
    "encoding": st.sampled_from([None, None, None, "utf-8", "cp1251", "latin-1", "utf-16"]),
    "dedup": st.booleans(),
})


# ---------------------------------------------------------------------------------------- checks
def _sha(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["ingest", *args])
        except SystemExit as exc:  # argparse
            code = exc.code
        except BaseException as exc:  # what would be a traceback
            raise AssertionError(f"{type(exc).__name__} escaped framing ingest {args}: {exc}") from exc
    return code, out.getvalue(), err.getvalue()


def _args(src: Path, out: Path, o: dict) -> list[str]:
    args = [str(src), "--out", str(out), "--quiet"]
    if o["skip_bad"]:
        args.append("--skip-bad")
    if o["outlet"]:
        args += ["--outlet", o["outlet"]]
    if o["encoding"]:
        args += ["--encoding", o["encoding"]]
    if not o["dedup"]:
        args.append("--no-dedup")
    return args


def _check(src: Path, out: Path, args: list[str], expected_rows: dict[str, int] | None = None) -> dict | None:
    before = _sha(src)
    code, stdout, stderr = _run(args)
    assert _sha(src) == before, "an input changed"
    assert "Traceback" not in stderr and code in (0, 2), (code, stderr)
    written = sorted(p.name for p in out.parent.iterdir())
    if code == 2:
        assert stderr.count("\n") == 1 and stderr.startswith("framing ingest: error: "), stderr
        assert written == [], written  # no corpus, no summary, no temporary file
        for flag, advice in (("--skip-bad", "--skip-bad"), ("--encoding", "with --encoding"),
                             ("--outlet", "pass --outlet"), ("--id-col", "with --id-col")):
            if flag in args:
                assert advice not in stderr, stderr  # never suggest a flag that was given
        return None
    assert stderr == ""
    summary = json.loads(Path(f"{out}.summary.json").read_text(encoding="utf-8"))
    assert summary["documents_read"] == (summary["documents_kept"] + summary["empty"] + summary["duplicate_ids"]
                                         + summary["skipped_rows"]), summary
    assert len(read_corpus(out)) == summary["documents_kept"]
    if expected_rows is not None:
        unreadable = {Path(u["source"]).name for u in summary["unreadable_files"]}
        assert summary["documents_read"] == sum(n for name, n in expected_rows.items() if name not in unreadable), summary
    if "--skip-bad" in args:
        assert "--skip-bad" not in json.dumps(summary["unreadable_files"])
    return summary


def _fresh(tmp: Path) -> tuple[Path, Path]:
    src, out_dir = tmp / "src", tmp / "out"
    for d in (src, out_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
    return src, out_dir / "corpus.parquet"


# ----------------------------------------------------------------------------------------- tests
@FUZZ
@given(files=st.lists(table_file(), min_size=1, max_size=3, unique_by=lambda f: f[0]), o=OPTIONS)
def test_generated_tables_are_ingested_or_refused_in_one_line(files, o):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = _fresh(Path(tmp))
        for name, data, _ in files:
            (src / name).write_bytes(data)
        args = _args(src, out, o)
        if o["id"]:
            args += ["--id-col", "doc_id"]
        _check(src, out, args, {name: n for name, _, n in files})


@FUZZ
@given(files=st.lists(raw_file(), min_size=1, max_size=3), o=OPTIONS)
def test_hostile_files_are_ingested_or_refused_in_one_line(files, o):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = _fresh(Path(tmp))
        for k, (name, data) in enumerate(files):
            (src / f"{k}{name}").write_bytes(data)
        (src / "manifest.csv").write_text("file,outlet\n" + "".join(f"{k}{n},M\n" for k, (n, _) in enumerate(files)
                                                                   if n.endswith((".txt", ".html"))))
        _check(src, out, _args(src, out, o))


@settings(max_examples=12, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(table_file(), min_size=1, max_size=2, unique_by=lambda f: f[0]))
def test_streamed_ingest_agrees_on_generated_tables(files):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = _fresh(Path(tmp))
        for name, data, _ in files:
            (src / name).write_bytes(data)
        mem_code, _, mem_err = _run([str(src), "--out", str(out), "--quiet", "--skip-bad", "--outlet", "X"])
        streamed = out.with_name("streamed.parquet")
        code, _, err = _run([str(src), "--out", str(streamed), "--quiet", "--skip-bad", "--outlet", "X", "--stream"])
        assert (code, err) == (mem_code, mem_err.replace(str(out), str(streamed)))
        if code == 0:
            pd.testing.assert_frame_equal(read_corpus(out), read_corpus(streamed))
            a = json.loads(Path(f"{out}.summary.json").read_text(encoding="utf-8"))
            b = json.loads(Path(f"{streamed}.summary.json").read_text(encoding="utf-8"))
            assert a == b


@pytest.mark.parametrize("name, data, extra", [
    ("a.csv", bytes(range(256)) * 4, []),
    ("a.csv", gzip.compress(b"text,outlet\nKyiv,A\n"), ["--skip-bad"]),
    ("a.jsonl", b'{"text": "\\ud800", "outlet": "A"}\n{"text": 5, "outlet": "A"}\n', []),
    ("a.csv", b"text,outlet,date\nKyiv,A,3000-01-01\n", []),
    ("a.csv", b"text,outlet\nKyiv,A\n", ["--out-is-input"]),
])
def test_no_traceback_reaches_stderr_of_the_command(tmp_path, name, data, extra):
    src = tmp_path / name
    src.write_bytes(data)
    out = src if "--out-is-input" in extra else tmp_path / "o.parquet"
    extra = [e for e in extra if e != "--out-is-input"]
    before = src.read_bytes()
    proc = subprocess.run([sys.executable, "-m", "framing", "ingest", str(src), "--out", str(out), "--quiet", *extra],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 2), proc.stderr
    if proc.returncode == 2:
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("framing ingest: error: ")
    assert src.read_bytes() == before
