"""The examples in the docstrings of every framing module run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import framing


def _modules() -> list[str]:
    names = set()
    for info in pkgutil.walk_packages(framing.__path__, prefix="framing."):
        if not info.name.endswith("__main__"):  # running it is the command line
            names.add(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    parent = name.rsplit(".", 1)[0]
    # a package's modules show its public names in their examples ("load_lexicon()" in framing.lexicon.model)
    extra = dict(vars(importlib.import_module(parent))) if parent != "framing" else None
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, extraglobs=extra)
    assert result.failed == 0


def test_the_modules_with_examples_are_found():
    found = _modules()
    for name in ("framing.lexicon.load", "framing.lexicon.fields", "framing.lexicon.model", "framing.match", "framing.voice", "framing.normalize", "framing.keyness",
                 "framing.counts", "framing.tokenize", "framing.stats", "framing.ingest.dedup"):
        assert name in found
        assert doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, report=False).attempted > 0
