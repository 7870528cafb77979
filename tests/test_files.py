"""framing.files: outputs are never written over inputs, are complete or absent, and readable."""

from __future__ import annotations

import os
import stat

import pytest

from framing.errors import OutputError
from framing.files import atomic_write_text, guard_output


def test_written_files_have_the_mode_open_gives(tmp_path):
    old = os.umask(0o027)
    try:
        path = atomic_write_text(tmp_path / "t.csv", "a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


@pytest.mark.parametrize("out,inputs,message", [
    ("in.csv", ["in.csv"], "is the input"),
    ("sub/../in.csv", ["in.csv"], "is the input"),
    ("link.csv", ["in.csv"], "is the input"),
    ("hard.csv", ["in.csv"], "is the input"),
    ("folder/out.csv", ["folder"], "inside the input folder"),
    ("folder", [], "is a folder"),
    ("in.csv/x.csv", [], "is a file, so nothing can be written below it"),
])
def test_guard_refuses_inputs_folders_and_paths_below_files(tmp_path, monkeypatch, out, inputs, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "in.csv", tmp_path / "link.csv")
    os.link(tmp_path / "in.csv", tmp_path / "hard.csv")
    with pytest.raises(OutputError, match=message):
        guard_output(out, inputs)
    assert (tmp_path / "in.csv").read_text() == "x"


def test_notebook_corpus_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    """A cache folder below a file (or read-only, or full) must not fail a notebook: the corpus is
    ingested and returned without caching."""
    from conftest import SEEDS
    from framing.notebook import load_corpus

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(blocker / "cache"))
    corpus = load_corpus(SEEDS)
    assert len(corpus) == 5 and blocker.read_text() == "x"
