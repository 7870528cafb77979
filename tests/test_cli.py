"""The command-line package: argparse stays in framing.cli, shared options behave the same in every
command, renamed flags keep working."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import framing
from framing.cli import build_parser, main

SRC = Path(framing.__file__).resolve().parent


def _imports_argparse(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "argparse" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "argparse" and node.level == 0:
            return True
    return False


def test_only_the_cli_package_imports_argparse():
    cli = SRC / "cli"
    checked = [p for p in SRC.rglob("*.py") if "resources" not in p.relative_to(SRC).parts]
    assert len(checked) > 50  # the walk found the library
    offenders = sorted(str(p.relative_to(SRC)) for p in checked if not p.is_relative_to(cli) and _imports_argparse(p))
    assert offenders == [], f"argparse outside framing/cli: {offenders}; move the command-line code to framing.cli"
    assert _imports_argparse(cli / "options.py")  # the check can see an import


def test_every_command_is_registered_in_order():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == [
        "init", "ingest", "lexicon", "match", "counts", "keyness", "kwic", "explore", "report", "validity",
        "validate", "count-dask", "count-stream",
    ]


# ------------------------------------------------------------------------------ --confidence-level


@pytest.fixture
def scored(monkeypatch, tmp_path):
    """Run ``framing validate score`` with the library stubbed out; return what ``score`` was given."""
    import importlib

    lib = importlib.import_module("framing.validate.score")  # the module (the package's `score` is the function)

    seen = {}

    def fake_score(sheets, key, **kw):
        seen.update(kw)
        return {}

    def fake_write(tables, out, coder=None):
        Path(out).mkdir(parents=True, exist_ok=True)
        (Path(out) / "summary.md").write_text("summary\n", encoding="utf-8")
        return [Path(out) / "summary.md"]

    monkeypatch.setattr(lib, "read_key", lambda path: "key")
    monkeypatch.setattr(lib, "read_sheet", lambda path, key: "sheet")
    monkeypatch.setattr(lib, "score", fake_score)
    monkeypatch.setattr(lib, "write_scores", fake_write)
    sheet, key = tmp_path / "a.csv", tmp_path / "a.key.csv"
    sheet.write_text("x\n")
    key.write_text("x\n")

    def run(*flags):
        return main(["validate", "score", str(sheet), "--key", str(key), "--out", str(tmp_path / "o"), *flags]), seen

    return run


def test_confidence_level_reaches_the_scorer(scored, capsys):
    code, seen = scored("--confidence-level", "0.9")
    assert code == 0
    assert seen["confidence_level"] == 0.9
    assert "deprecated" not in capsys.readouterr().err


def test_confidence_level_default(scored):
    code, seen = scored()
    assert code == 0 and seen["confidence_level"] == 0.95


def test_level_is_a_deprecated_alias(scored, capsys):
    code, seen = scored("--level", "0.8")
    assert code == 0
    assert seen["confidence_level"] == 0.8
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["framing validate score: note: --level is deprecated and will be removed; use --confidence-level"]


def test_level_is_hidden_from_help(capsys):
    with pytest.raises(SystemExit):
        main(["validate", "score", "--help"])
    out = capsys.readouterr().out
    assert "--confidence-level LEVEL" in out and "--level" not in out.replace("formerly --level", "")


# ------------------------------------------------------------------------ shared --date-from/--date-to


@pytest.fixture
def corpus_csv(tmp_path) -> Path:
    path = tmp_path / "corpus.csv"
    path.write_text(
        "doc_id,outlet,date,text\n"
        '1,A,2022-01-05,"Kiev is a city. The war in Ukraine goes on."\n'
        '2,B,2022-02-05,"Kyiv spoke of the special military operation in Donbas."\n',
        encoding="utf-8",
    )
    return path


def _one_line_error(capsys, code: int) -> str:
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.mark.parametrize("command", ["match", "validate", "explore"])
@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (["--date-from", "soon"], "--date-from: 'soon' is not a date; use YYYY-MM-DD"),
        (["--date-to", "2022-13-45"], "--date-to: '2022-13-45' is not a date; use YYYY-MM-DD"),
        (["--date-from", "2022-03-01", "--date-to", "2022-01-01"], "swap them"),
    ],
)
def test_a_bad_date_window_is_one_line_in_every_command(command, window, expected, corpus_csv, tmp_path, capsys):
    out = tmp_path / "out"
    argv = {
        "match": ["match", str(corpus_csv), "--out", f"{out}.csv"],
        "validate": ["validate", "sample", str(corpus_csv), "--out", f"{out}.csv", "--n", "2", "--probes", "2"],
        "explore": ["explore", "--corpus", str(corpus_csv), "--out", f"{out}.html", "--n-boot", "10"],
    }[command]
    err = _one_line_error(capsys, main(argv + window))
    assert err.startswith(f"framing {command}: error: --date-")
    assert expected in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.csv"]  # nothing written


@pytest.mark.parametrize("command", ["match", "validate"])
def test_outlets_and_dates_select_the_same_documents(command, corpus_csv, tmp_path, capsys):
    out = tmp_path / "out.csv"
    argv = {
        "match": ["match", str(corpus_csv), "--out", str(out)],
        "validate": ["validate", "sample", str(corpus_csv), "--out", str(out), "--n", "50", "--probes", "0"],
    }[command]
    assert main(argv + ["--outlets", " B, ", "--date-from", "2022-02-01", "--date-to", "2022-02-28"]) == 0
    import pandas as pd

    if command == "match":
        assert set(pd.read_csv(out)["doc_id"].astype(str)) == {"2"}
    else:
        key = pd.read_csv(tmp_path / "out.key.csv")
        assert len(key) > 0 and set(key["doc_id"].astype(str)) == {"2"}


def test_python_m_framing_validity_shares_the_command(tmp_path, capsys):
    from framing.cli.validity import main as validity_main

    (tmp_path / "corpora").mkdir()
    code = validity_main(["--n-boot", "0", "--corpora", str(tmp_path / "corpora"), "--out", str(tmp_path / "v")])
    assert _one_line_error(capsys, code) == "framing validity: error: --n-boot: must be at least 1, got 0"
