"""The examples in the docstrings of the lexicon, matching, voice and normalization modules run."""

from __future__ import annotations

import doctest

import pytest

import framing.lexicon
import framing.match
import framing.normalize
import framing.voice


@pytest.mark.parametrize("module", [framing.normalize, framing.voice, framing.lexicon, framing.match])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
