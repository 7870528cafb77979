"""Every command that reads a corpus or a lexicon and writes an output, fed what a new user (or an
attacker) might give it: each failure is one line on stderr naming the file and the fix, exit code
2, no traceback, no output file (not even a temporary one) and the inputs left byte for byte as
they were. What can be read is read (exit 0).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing import cli
from framing.lexicon import DEFAULT_LEXICON

GOOD_CSV = (
    "doc_id,outlet,date,title,url,text\n"
    "a,RT,2022-07-01,t,,The Kiev regime said the so-called referendum was fair.\n"
    "b,BBC,2022-08-15,t,,Russia's full-scale invasion of Ukraine goes on in Kyiv.\n"
    "c,RT,,t,,\"Officials said: \"\"the special military operation continues\"\"\"\n"
)
MINI_LEXICON = """\
name: mini
version: "0.1"
last_reviewed: 2026-01-01
concepts:
  - id: capital
    label: Capital
    variants:
      - {id: kyiv, label: Kyiv, stance: ukraine_west, patterns: [Kyiv], confidence: judgment}
      - {id: kiev, label: Kiev, stance: kremlin, patterns: [Kiev], confidence: judgment}
"""


KIEV = "- {id: kiev, label: Kiev, stance: kremlin, patterns: [Kiev], confidence: judgment}"


def _lexicon_with(field: str, pattern: str) -> str:
    """The mini lexicon with one more regex in ``field`` of the variant ``kiev`` (line 9)."""
    quoted = "'" + pattern.replace("'", "''") + "'"
    if field == "patterns":
        line = KIEV.replace("patterns: [Kiev]", f"patterns: [Kiev, {quoted}]")
    elif field == "stance_context":
        line = KIEV[:-1] + f", stance_context: [{{pattern: {quoted}, stance: neutral}}]}}"
    else:
        line = KIEV[:-1] + f", {field}: [{quoted}]}}"
    return MINI_LEXICON.replace(KIEV, line)


# ---------------------------------------------------------------------------------------------
# hostile inputs: each writes a file (or folder) into ``d`` and returns its path
# ---------------------------------------------------------------------------------------------


def _write(d: Path, name: str, data: bytes | str) -> Path:
    p = d / name
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


CORPORA = {
    "folder named .csv": lambda d: (d / "corpus.csv").mkdir() or d / "corpus.csv",
    "binary": lambda d: _write(d, "corpus.csv", bytes(range(256)) * 40),
    "gzip named .csv": lambda d: _write(d, "corpus.csv", gzip.compress(GOOD_CSV.encode())),
    "empty file": lambda d: _write(d, "corpus.csv", b""),
    "header only": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\n"),
    "wrong columns": lambda d: _write(d, "corpus.csv", "id,source,body\n1,RT,Kiev\n"),
    "duplicate doc_id": lambda d: _write(d, "corpus.csv", "doc_id,outlet,text\n1,RT,Kiev\n1,BBC,Kyiv\n"),
    "latin-1 csv": lambda d: _write(d, "corpus.csv", "doc_id,outlet,text\n1,RT,Kiev caf\xe9 r\xe9gime\n".encode("latin-1")),
    "lone surrogate jsonl": lambda d: _write(
        d, "corpus.jsonl", '{"doc_id": "a", "outlet": "RT", "text": "Kiev \\ud800 regime"}\n'),
    "bad jsonl line": lambda d: _write(
        d, "corpus.jsonl", '{"doc_id": "a", "outlet": "RT", "text": "Kiev"}\n{"doc_id": "b", oops\n'),
    "jsonl of lists": lambda d: _write(d, "corpus.jsonl", '[1, 2, 3]\n'),
    "parquet named .csv": lambda d: (pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["Kiev"]})
                                     .to_parquet(d / "corpus.csv") or d / "corpus.csv"),
    "garbage .parquet": lambda d: _write(d, "corpus.parquet", b"PAR1 this is not parquet at all"),
    "date year 9999": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\na,RT,9999-01-01,Kiev\n"),
    "date year 1": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\na,RT,0001-01-01,Kiev\n"),
    "date not a date": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\na,RT,yesterday,Kiev\n"),
    "parquet date year 9999": lambda d: (pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["Kiev"],
                                                       "date": pd.Series([pd.Timestamp("9999-01-01")],
                                                                         dtype="datetime64[us]")})
                                         .to_parquet(d / "corpus.parquet") or d / "corpus.parquet"),
}
#: Corpora that can be read: time-zone offsets, mixed or not, become UTC.
READABLE = {
    "mixed offsets": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\n"
                                      "a,RT,2022-02-24T05:00:00+02:00,Kiev\nb,BBC,2022-02-25T05:00:00+03:00,Kyiv\n"),
    "offset and naive": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\n"
                                         "a,RT,2022-02-24T05:00:00+02:00,Kiev\nb,BBC,2022-02-25,Kyiv\n"),
    "jsonl mixed offsets": lambda d: _write(d, "corpus.jsonl", '{"doc_id": "a", "outlet": "RT", "date": '
                                            '"2022-02-24T23:30:00-05:00", "text": "Kiev"}\n{"doc_id": "b", '
                                            '"outlet": "BBC", "date": "2022-02-25T05:00:00+03:00", "text": "Kyiv"}\n'),
    "dates as numbers": lambda d: _write(d, "corpus.csv", "doc_id,outlet,date,text\na,RT,20220224,Kiev\n"),
}

LEXICONS = {
    "folder": lambda d: (d / "lex.yaml").mkdir() or d / "lex.yaml",
    "binary": lambda d: _write(d, "lex.yaml", bytes(range(256)) * 8),
    "NUL in text": lambda d: _write(d, "lex.yaml", MINI_LEXICON.replace("mini", "mi\x00ni")),
    "latin-1": lambda d: _write(d, "lex.yaml", MINI_LEXICON.replace("Capital", "Capit\xe0l").encode("latin-1")),
    "huge": lambda d: _write(d, "lex.yaml", MINI_LEXICON + "#" + "x" * (17 * 1024 * 1024) + "\n"),
    "deep nesting": lambda d: _write(d, "lex.yaml", "name: " + "[" * 500 + "]" * 500 + "\n"),
    "alias bomb": lambda d: _write(d, "lex.yaml", MINI_LEXICON.replace(
        "    label: Capital\n",
        "    label: Capital\n    note: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "    description: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n")),
    "not a mapping": lambda d: _write(d, "lex.yaml", "- just\n- a list\n"),
    "window too large": lambda d: _write(d, "lex.yaml", MINI_LEXICON.replace(
        "patterns: [Kiev]", "patterns: [Kiev], window: 100000000")),
    "bad default window": lambda d: _write(d, "lex.yaml", MINI_LEXICON.replace(
        "concepts:", "defaults: {window: lots}\nconcepts:")),
    "pattern too long": lambda d: _write(d, "lex.yaml", _lexicon_with("patterns", "Kiev" * 400)),
}
#: Patterns whose backtracking explodes (or grows as a high power of the text's length).
CATASTROPHIC = [r"(a+)+b", r"(\w+\s?)+$", r"(x|x)*y", r"(.*a){12}", r"(a|a?)+", r"(x\w*)+z", r"(?:a*)*b",
                r"\w*\w*\w*x", r"Kiev.*regime", r"(?:(?:a )?(?:a )?)+b"]
for field in ("patterns", "exclude", "exclude_context", "requires_context", "stance_context"):
    for pat in CATASTROPHIC:
        LEXICONS[f"{field} {pat}"] = (lambda f, p: lambda d: _write(d, "lex.yaml", _lexicon_with(f, p)))(field, pat)


def _files(root: Path) -> dict[str, str]:
    """Every regular file below ``root`` with the sha256 of its bytes."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = cli.main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def _check(root: Path, out_path: Path | None, before: dict, rc: int, err: str, expect: int | None = None) -> None:
    assert "Traceback" not in err
    assert rc in (0, 2), err
    if expect is not None:
        assert rc == expect, err
    after = _files(root)
    if rc == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("framing "), err
        assert after == before, "an input changed or an output was left behind"
    else:
        new = set(after) - set(before)
        assert out_path is None or str(out_path.relative_to(root)) in new
        assert {k: v for k, v in after.items() if k in before} == before, "an input changed"
    assert not [p for p in root.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left behind"


def _corpus_commands(corpus: Path, out_dir: Path, lexicon: Path | None = None) -> dict[str, tuple[list[str], Path]]:
    lex = ["--lexicon", str(lexicon)] if lexicon else []
    return {
        "match": (["match", str(corpus), "--out", str(out_dir / "m.csv"), *lex], out_dir / "m.csv"),
        "counts": (["counts", str(corpus), "--out", str(out_dir / "c.csv"), *lex], out_dir / "c.csv"),
        "keyness": (["keyness", str(corpus), "--by", "outlet", "--out", str(out_dir / "k.csv"), *lex], out_dir / "k.csv"),
        "kwic": (["kwic", str(corpus), "Kiev", "--out", str(out_dir / "w.csv")], out_dir / "w.csv"),
        "count-stream": (["count-stream", str(corpus), "--totals", str(out_dir / "t.csv"), "--mentions",
                          str(out_dir / "s.parquet"), *lex], out_dir / "t.csv"),
    }


COMMANDS = ["match", "counts", "keyness", "kwic", "count-stream"]


@pytest.mark.parametrize("case,command", [
    (case, command) for case in sorted(CORPORA) for command in COMMANDS
    # count-stream reads Parquet whatever the file is called
    if not (command == "count-stream" and case == "parquet named .csv")
])
def test_hostile_corpus_is_one_line_and_leaves_no_output(tmp_path, capsys, case, command):
    inputs = tmp_path / "in"
    inputs.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    corpus = CORPORA[case](inputs)
    argv, out = _corpus_commands(corpus, out_dir)[command]
    before = _files(tmp_path)
    rc, _out, err = _run(argv, capsys)
    _check(tmp_path, out, before, rc, err, expect=2)
    assert corpus.name in err


@pytest.mark.parametrize("command", ["match", "counts", "kwic"])
@pytest.mark.parametrize("case", sorted(READABLE))
def test_readable_corpus_is_read(tmp_path, capsys, case, command):
    inputs = tmp_path / "in"
    inputs.mkdir()
    corpus = READABLE[case](inputs)
    argv, out = _corpus_commands(corpus, tmp_path)[command]
    before = _files(tmp_path)
    rc, _out, err = _run(argv, capsys)
    _check(tmp_path, out, before, rc, err, expect=0)


def test_mixed_offsets_become_utc(tmp_path, capsys):
    """2022-02-24T23:30-05:00 is 25 February in UTC; naive dates are taken as UTC already."""
    corpus = READABLE["jsonl mixed offsets"](tmp_path)
    out = tmp_path / "m.csv"
    assert _run(["match", str(corpus), "--out", str(out)], capsys)[0] == 0
    m = pd.read_csv(out)
    assert m.groupby("doc_id")["date"].first().to_dict() == {"a": "2022-02-25", "b": "2022-02-25"}
    from framing.corpus import read_corpus

    dates = read_corpus(READABLE["offset and naive"](tmp_path))["date"].tolist()
    assert dates == [pd.Timestamp("2022-02-24 03:00"), pd.Timestamp("2022-02-25")]


#: Every lexicon case through ``lexicon check`` and ``match``; the file-level ones through the rest.
LEXICON_RUNS = [(case, command) for case in sorted(LEXICONS) for command in ("lexicon check", "match")] + [
    (case, command) for case in ("folder", "binary", "alias bomb", "deep nesting", "huge", "patterns (a+)+b")
    for command in ("lexicon list", "counts", "count-stream", "keyness")
]


@pytest.mark.parametrize("case,command", LEXICON_RUNS)
def test_hostile_lexicon_is_one_line(tmp_path, capsys, case, command):
    inputs = tmp_path / "in"
    inputs.mkdir()
    corpus = _write(inputs, "corpus.csv", GOOD_CSV)
    if command == "count-stream":
        corpus = inputs / "corpus.parquet"
        pd.read_csv(inputs / "corpus.csv").to_parquet(corpus)
    lexicon = LEXICONS[case](inputs)
    if command.startswith("lexicon"):
        argv, out = [*command.split(), str(lexicon)], None
    else:
        argv, out = _corpus_commands(corpus, tmp_path, lexicon)[command]
    before = _files(tmp_path)
    rc, _out, err = _run(argv, capsys)
    _check(tmp_path, out, before, rc, err, expect=2)
    assert "lex.yaml" in err


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_pattern_message_names_file_line_entry_and_reason(tmp_path, capsys, pattern):
    lexicon = _write(tmp_path, "lex.yaml", _lexicon_with("patterns", pattern))
    rc, _out, err = _run(["lexicon", "check", str(lexicon)], capsys)
    assert rc == 2
    assert "lex.yaml: line 9: variant 'kiev': patterns: regex" in err and "is refused:" in err
    assert len(err.strip().splitlines()) == 1


def test_alias_is_refused_at_its_line_before_expansion(tmp_path, capsys):
    lexicon = LEXICONS["alias bomb"](tmp_path)
    rc, _out, err = _run(["lexicon", "check", str(lexicon)], capsys)
    assert rc == 2 and "line 8: YAML alias *a: aliases" in err


# ---------------------------------------------------------------------------------------------
# outputs that would replace an input, or cannot be written
# ---------------------------------------------------------------------------------------------


def _inputs(d: Path) -> tuple[Path, Path, Path]:
    csv = _write(d, "corpus.csv", GOOD_CSV)
    parquet = d / "corpus.parquet"
    pd.read_csv(csv).to_parquet(parquet)
    lexicon = _write(d, "lex.yaml", MINI_LEXICON)
    return csv, parquet, lexicon


def _c(d: Path) -> str:
    return str(d / "corpus.csv")


def _p(d: Path) -> str:
    return str(d / "corpus.parquet")


def _l(d: Path) -> str:
    return str(d / "lex.yaml")


#: Commands whose output names an input, or a place nothing can be written (each run in a folder
#: holding corpus.csv, corpus.parquet, lex.yaml, link.csv -> corpus.csv, afile, folder/raw.txt).
OUTPUT_CASES = {
    "match out is the corpus": lambda d: ["match", _c(d), "--out", _c(d)],
    "match out is the corpus via ..": lambda d: ["match", _c(d), "--out", str(d / "folder" / ".." / "corpus.csv")],
    "match out is the lexicon": lambda d: ["match", _c(d), "--lexicon", _l(d), "--out", _l(d)],
    "match out is a symlink to the corpus": lambda d: ["match", _c(d), "--out", str(d / "link.csv")],
    "match out is a folder": lambda d: ["match", _c(d), "--out", str(d / "folder")],
    "match out below a file": lambda d: ["match", _c(d), "--out", str(d / "afile" / "m.csv")],
    "match out inside the corpus folder": lambda d: ["match", str(d / "folder"), "--out", str(d / "folder" / "m.csv")],
    "match bad --date-from": lambda d: ["match", _c(d), "--out", str(d / "m.csv"), "--date-from", "2022-13-45"],
    "match --date-to beyond 2262": lambda d: ["match", _c(d), "--out", str(d / "m.csv"), "--date-to", "99999-01-01"],
    "match unknown outlet": lambda d: ["match", _c(d), "--out", str(d / "m.csv"), "--outlets", "CNN,RT"],
    "match empty date window": lambda d: ["match", _c(d), "--out", str(d / "m.csv"), "--date-from", "2022-01-01",
                                          "--date-to", "2021-01-01"],
    "kwic unknown outlet": lambda d: ["kwic", _c(d), "Kiev", "--outlet", "CNN"],
    "counts out is the corpus": lambda d: ["counts", _c(d), "--out", _c(d)],
    "counts out is the lexicon": lambda d: ["counts", _c(d), "--lexicon", _l(d), "--out", _l(d)],
    "counts out is a folder": lambda d: ["counts", _c(d), "--out", str(d / "folder")],
    "counts unknown --by": lambda d: ["counts", _c(d), "--out", str(d / "c.csv"), "--by", "nope"],
    "keyness out is the corpus": lambda d: ["keyness", _c(d), "--by", "outlet", "--out", _c(d)],
    "keyness out below a file": lambda d: ["keyness", _c(d), "--by", "outlet", "--out", str(d / "afile" / "k.csv")],
    "kwic out is the corpus": lambda d: ["kwic", _p(d), "Kiev", "--out", _p(d)],
    "kwic out .txt": lambda d: ["kwic", _c(d), "Kiev", "--out", str(d / "k.txt")],
    "kwic catastrophic --regex": lambda d: ["kwic", _c(d), "(a+)+b", "--regex"],
    "kwic negative --window": lambda d: ["kwic", _c(d), "Kiev", "--window", "-3"],
    "count-stream totals is the corpus": lambda d: ["count-stream", _p(d), "--totals", _p(d)],
    "count-stream mentions is the lexicon": lambda d: ["count-stream", _p(d), "--lexicon", _l(d), "--mentions", _l(d)],
    "count-stream totals is mentions": lambda d: ["count-stream", _p(d), "--totals", str(d / "x.csv"),
                                                  "--mentions", str(d / "x.csv")],
    "count-stream out is a folder": lambda d: ["count-stream", _p(d), "--totals", str(d / "folder")],
    "count-stream csv corpus": lambda d: ["count-stream", _c(d), "--totals", str(d / "t.csv")],
    "count-dask mentions-dir holds the corpus": lambda d: ["count-dask", _p(d), "--mentions-dir", str(d)],
    "count-dask mentions is the corpus": lambda d: ["count-dask", _p(d), "--mentions", _p(d)],
    "count-dask totals inside the corpus folder": lambda d: ["count-dask", str(d / "folder"), "--totals",
                                                             str(d / "folder" / "t.csv")],
    "validity out is the corpora folder": lambda d: ["validity", "--corpora", str(d), "--out", str(d)],
    "validity out inside the corpora folder": lambda d: ["validity", "--corpora", str(d), "--out", str(d / "v")],
    "validity out is a file": lambda d: ["validity", "--corpora", str(d / "folder"), "--out", _c(d)],
    "validity out holds the lexicon": lambda d: ["validity", "--corpora", str(d / "folder"), "--lexicon", _l(d),
                                                 "--out", str(d)],
}


#: What each refusal says (the rest are parameter errors with their own words).
OUTPUT_REASONS = {
    "is the input": ["match out is the corpus", "match out is the corpus via ..", "match out is the lexicon",
                     "match out is a symlink to the corpus", "counts out is the corpus", "counts out is the lexicon",
                     "keyness out is the corpus", "kwic out is the corpus", "count-stream totals is the corpus",
                     "count-stream mentions is the lexicon", "count-dask mentions is the corpus",
                     "validity out is the corpora folder"],
    "inside the input folder": ["match out inside the corpus folder", "count-dask totals inside the corpus folder",
                                "validity out inside the corpora folder"],
    "holds the input": ["count-dask mentions-dir holds the corpus", "validity out holds the lexicon"],
    "is a folder; name a file": ["match out is a folder", "counts out is a folder", "count-stream out is a folder"],
    "is a file, so nothing can be written below it": ["match out below a file", "keyness out below a file"],
    "is a file, not a folder": ["validity out is a file"],
}


@pytest.mark.parametrize("case", sorted(OUTPUT_CASES))
def test_output_never_replaces_an_input(tmp_path, capsys, case):
    _inputs(tmp_path)
    (tmp_path / "link.csv").symlink_to(tmp_path / "corpus.csv")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "raw.txt").write_text("Kiev is the capital.\n")
    argv = OUTPUT_CASES[case](tmp_path)
    before = _files(tmp_path)
    rc, _out, err = _run(argv, capsys)
    _check(tmp_path, None, before, rc, err, expect=2)
    for reason, cases in OUTPUT_REASONS.items():
        if case in cases:
            assert reason in err, err


def test_output_guard_comes_before_reading(tmp_path, capsys, monkeypatch):
    """The corpus is not even opened when the output is refused."""
    csv, _parquet, _lex = _inputs(tmp_path)
    import framing.corpus

    def boom(*a, **k):  # pragma: no cover - must not be reached
        raise AssertionError("the corpus was read")

    monkeypatch.setattr(framing.corpus, "read_corpus", boom)
    rc, _out, err = _run(["match", str(csv), "--out", str(csv)], capsys)
    assert rc == 2 and "is the input" in err


# ---------------------------------------------------------------------------------------------
# pipes: opening one for reading waits for a writer, so these run in a child process with a timeout
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
@pytest.mark.parametrize("what", ["corpus", "lexicon"])
def test_fifo_input_is_refused_without_waiting(tmp_path, what):
    _inputs(tmp_path)
    fifo = tmp_path / ("pipe.csv" if what == "corpus" else "pipe.yaml")
    os.mkfifo(fifo)
    corpus = fifo if what == "corpus" else tmp_path / "corpus.csv"
    extra = ["--lexicon", str(fifo)] if what == "lexicon" else []
    proc = subprocess.run([sys.executable, "-m", "framing", "match", str(corpus), "--out", str(tmp_path / "m.csv"),
                           *extra], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "not a regular file" in proc.stderr
    assert not (tmp_path / "m.csv").exists()


def test_real_process_reports_one_line_for_a_catastrophic_lexicon(tmp_path):
    """End to end, in a process of its own: exit code 2, one line, no traceback."""
    lexicon = _write(tmp_path, "lex.yaml", _lexicon_with("patterns", r"(\w+\s?)+$"))
    proc = subprocess.run([sys.executable, "-m", "framing", "lexicon", "check", str(lexicon)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "nested quantifier" in proc.stderr


def test_bundled_lexicon_still_loads():
    from framing.lexicon import load_lexicon

    lex = load_lexicon(DEFAULT_LEXICON)
    assert len(lex.variants) > 100


# ---------------------------------------------------------------------------------------------
# a write that fails half way (disk full, read-only file system): one line, the old file kept,
# no temporary file left. Running as root, permissions cannot make a folder read-only, so the
# operating-system error is raised by the writer itself.
# ---------------------------------------------------------------------------------------------


def _disk_full(*args, **kwargs):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("argv,method", [
    (["match", "{c}", "--out", "{d}/out.csv"], "to_csv"),
    (["match", "{c}", "--out", "{d}/out.parquet"], "to_parquet"),
    (["counts", "{c}", "--out", "{d}/out.csv"], "to_csv"),
    (["keyness", "{c}", "--by", "outlet", "--out", "{d}/out.csv"], "to_csv"),
    (["kwic", "{c}", "Kiev", "--out", "{d}/out.csv"], "to_csv"),
    (["count-stream", "{p}", "--totals", "{d}/out.csv"], "to_csv"),
    (["count-stream", "{p}", "--mentions", "{d}/out.csv"], "to_csv"),
])
def test_failed_write_is_one_line_and_keeps_the_old_file(tmp_path, capsys, monkeypatch, argv, method):
    _inputs(tmp_path)
    out_dir = tmp_path / "o"
    out_dir.mkdir()
    argv = [a.format(c=tmp_path / "corpus.csv", p=tmp_path / "corpus.parquet", d=out_dir) for a in argv]
    old = out_dir / Path(argv[-1]).name
    old.write_text("the previous run's output\n")
    before = _files(tmp_path)
    monkeypatch.setattr(pd.DataFrame, method, _disk_full)
    rc, _out, err = _run(argv, capsys)
    _check(tmp_path, None, before, rc, err, expect=2)
    assert "the disk is full" in err and str(old) in err


def test_failed_kwic_html_write_leaves_nothing(tmp_path, capsys, monkeypatch):
    _inputs(tmp_path)
    before = _files(tmp_path)
    monkeypatch.setattr(Path, "write_text", _disk_full)
    rc, _out, err = _run(["kwic", str(tmp_path / "corpus.csv"), "Kiev", "--out", str(tmp_path / "k.html")], capsys)
    _check(tmp_path, None, before, rc, err, expect=2)


def test_streamed_mentions_failing_half_way_leave_no_file(tmp_path, monkeypatch):
    """Mentions written batch by batch to a temporary file: a failure on the second batch leaves
    neither the file nor the temporary one."""
    import framing.parallel as parallel
    from framing.errors import OutputError

    frame = pd.DataFrame({"doc_id": [str(i) for i in range(6)], "outlet": ["RT"] * 6, "title": [""] * 6,
                          "url": [""] * 6, "date": pd.to_datetime(["2023-01-01"] * 6), "text": ["Kiev and Kyiv."] * 6})
    corpus = tmp_path / "c.parquet"
    frame.to_parquet(corpus, row_group_size=2)
    calls = []
    real = parallel._append_parquet

    def failing(writer, df, path):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(writer, df, path)

    monkeypatch.setattr(parallel, "_append_parquet", failing)
    out = tmp_path / "m.parquet"
    with pytest.raises(OutputError, match="disk is full"):
        parallel.stream_parquet(corpus, mentions_path=out, count=False)
    assert len(calls) == 2 and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.parquet"]


def test_partition_mentions_written_by_workers_fail_as_one_line(tmp_path, monkeypatch):
    """The file a Dask worker writes for its partition goes through the same safe write."""
    from framing.distributed import _work
    from framing.errors import OutputError
    from framing.lexicon import load_lexicon

    part = pd.DataFrame({"doc_id": ["a"], "outlet": ["RT"], "date": [pd.NaT], "title": [""], "url": [""],
                         "text": ["Kiev"]})
    monkeypatch.setattr(pd.DataFrame, "to_parquet", _disk_full)
    with pytest.raises(OutputError, match=r"--mentions-dir .*part\.000003\.parquet: cannot write: the disk is full"):
        _work(part, load_lexicon(), [], False, True, "outlet", False, None, None, 3, str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_write_corpus_failure_leaves_no_file(tmp_path, monkeypatch):
    from framing.corpus import write_corpus
    from framing.errors import OutputError

    monkeypatch.setattr(pd.DataFrame, "to_parquet", _disk_full)
    with pytest.raises(OutputError, match="disk is full"):
        write_corpus(pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["t"]}), tmp_path / "c.parquet")
    assert list(tmp_path.iterdir()) == []
