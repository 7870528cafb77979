"""The explorer in a notebook: a view that JupyterLab shows inline (in a sandboxed iframe), got in
one call from a corpus (or its path) and a lexicon (or its name)."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..files import atomic_write_text
from .inputs import _check_int, _inputs
from .page import build_explorer


@dataclass(frozen=True)
class ExplorerView:
    """An explorer page that JupyterLab shows inline (in a sandboxed iframe) and that can be saved.

    ``html`` is the same self-contained document :func:`build_explorer` returns.
    """

    html: str
    height: int = 900

    def _repr_html_(self) -> str:
        return (
            f'<iframe title="framing explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
        )

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` atomically."""
        return atomic_write_text(path, self.html, flag="explorer")


def show_explorer(
    corpus: pd.DataFrame | str | os.PathLike | None = None,
    mentions: pd.DataFrame | None = None,
    keyness_table: pd.DataFrame | None = None,
    *,
    lexicon=None,
    height: int = 900,
    **options,
) -> ExplorerView:
    """The explorer inline in a notebook: the last expression of a cell displays it.

    One call is enough: ``show_explorer(corpus, lexicon=lexicon)`` matches the mentions and
    computes keyness by outlet when they are not given; ``corpus`` may also be a path (a corpus
    file or a folder of sources, as ``framing.notebook.load_corpus`` reads it; ``None``: the bundled
    demo corpus) and ``lexicon`` a path or a bundled lexicon's name. Takes the options of
    :func:`build_explorer`. The page (data included) is stored in the notebook's output, so on a
    large corpus lower ``max_lines``/``max_terms`` or use :func:`write_explorer` and open the file.

    Examples
    --------
    >>> view = show_explorer(max_terms=20, n_boot=20)  # the bundled demo corpus and lexicon
    >>> 'framing-data' in view.html and view._repr_html_().startswith('<iframe')
    True
    """
    height = _check_int("height", height, 200)
    corpus, mentions, lexicon = _inputs(corpus, mentions, lexicon)
    return ExplorerView(build_explorer(corpus, mentions, keyness_table, lexicon=lexicon, **options), height)
