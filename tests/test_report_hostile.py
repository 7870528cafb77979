"""``framing report`` given hostile input; first, the notebook corpus cache, which must not hand one
checkout another's paths."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEEDS


# ---------------------------------------------------------------------------------------------
# The notebook corpus cache knows where a folder is
# ---------------------------------------------------------------------------------------------

def test_corpus_cache_gives_each_copy_its_own_source_paths(tmp_path, monkeypatch):
    from framing import notebook as nb

    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "checkout-a" / "seeds", tmp_path / "checkout-b" / "seeds"
    shutil.copytree(SEEDS, first)
    shutil.copytree(SEEDS, second)
    for folder in (first, second, first):  # the third load comes from the cache
        corpus = nb.load_corpus(folder)
        sources = {Path(s).resolve().parent for s in corpus["source_file"]}
        assert sources == {folder.resolve()}, sources
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 2
