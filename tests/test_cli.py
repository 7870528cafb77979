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


def _one_line_error(capsys, code: int) -> str:
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_python_m_framing_validity_shares_the_command(tmp_path, capsys):
    from framing.cli.validity import main as validity_main

    (tmp_path / "corpora").mkdir()
    code = validity_main(["--n-boot", "0", "--corpora", str(tmp_path / "corpora"), "--out", str(tmp_path / "v")])
    assert _one_line_error(capsys, code) == "framing validity: error: --n-boot: must be at least 1, got 0"
