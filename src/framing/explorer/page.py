"""The explorer page: the template filled with the style, script and data (its script allowed by
its hash), as a string or written to a file."""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..files import atomic_write_text, writable_target
from ..style import OKABE_ITO
from ..vocab import DEFAULT_SEED
from .common import DATA_ELEMENT_ID, _clean, _script_json
from .data import _explorer_data


def _asset(name: str) -> str:
    return resources.files("framing").joinpath("templates", name).read_text(encoding="utf-8")


def _css_variables() -> str:
    names = ["orange", "sky", "green", "yellow", "blue", "vermillion", "purple", "black"]
    lines = [f"--oi-{n}:{c};" for n, c in zip(names, OKABE_ITO)]
    return ":root{" + "".join(lines) + "}"


def _page(data_json: str, title: str) -> str:
    css = _css_variables() + _asset("explorer.css")
    js = _asset("explorer.js")
    for name, text, closing in (("explorer.css", css, "</style"), ("explorer.js", js, "</script")):
        if closing in text.lower():  # pragma: no cover - a broken asset, caught by the tests
            raise ParameterError(f"{name}: contains {closing}>, which would end its element early")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    parts = {
        "TITLE": html.escape(title, quote=True),
        "CSS": css,
        "JS": js,
        "DATA": data_json,
        "DATA_ID": DATA_ELEMENT_ID,
        "SCRIPT_HASH": f"'sha256-{digest}'",
    }
    # one pass over the template: nothing inserted is scanned again for markers
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("explorer.html"))


def build_explorer(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    keyness_table: pd.DataFrame | None,
    *,
    outlets: Sequence[str] | None = None,
    lexicon=None,
    counts=None,
    max_lines: int = 20,
    max_term_lines: int = 4,
    max_terms: int = 150,
    context: int = 80,
    n_boot: int = 1000,
    max_bytes: int = 9_500_000,
    seed: int = DEFAULT_SEED,
    title: str = "framing explorer",
    modality: str = "frames-asserted",
) -> str:
    """The explorer page (one self-contained HTML document) for a corpus, its mentions and keyness.

    Parameters
    ----------
    corpus : canonical corpus (``doc_id, outlet, text``; ``date, title, url`` shown when present)
    mentions : the table of :func:`framing.match.match_corpus` on that corpus (a ``modality``
        column is shown and filtered on when present)
    keyness_table : :func:`framing.keyness.keyness` / ``keyness_corpus`` one-vs-rest result (rows
        with ``other == "rest"`` are used; ``z`` and ``score`` are offered as y), or ``None`` to
        compute log-odds keyness by outlet from the counts
    outlets : keep only these outlets (default: all); the scatter shows the keyness groups that are
        among them
    lexicon : the lexicon the mentions were matched with (labels, concepts, stances, multi-word
        expressions), or its path; default: the bundled one
    counts : a :class:`framing.counts.CountMatrix` of the corpus (default: counted here with the
        lexicon's multi-word expressions, as ``keyness_corpus(corpus, lexicon=...)`` counts)
    max_lines : concordance lines kept per lexicon variant and outlet
    max_term_lines : concordance lines kept per other term and outlet (0: none)
    max_terms : terms per scatter, the top by |z| (|score| without z), plus every lexicon term
    context : characters of context each side of a match
    n_boot : bootstrap replicates for the rate intervals (95 %, :mod:`framing.stats`)
    max_bytes : upper bound on the page's size; lines beyond it are left out (counted in the page)
    seed : seed of the line samples and the bootstrap
    title : page title
    modality : which mentions the rates count, as in :func:`framing.stats.rates` (default: a frame
        term only when asserted); the concordance shows every mention, with its modality

    Returns
    -------
    str : the HTML document (UTF-8 text); the same inputs give the same string.

    Raises
    ------
    CorpusError, ParameterError : bad inputs, with the column, value or parameter to fix.
    """
    title = _clean(title) or "framing explorer"
    shell = _page("", title)
    data = _explorer_data(
        corpus,
        mentions,
        keyness_table,
        outlets=outlets,
        lexicon=lexicon,
        counts=counts,
        max_lines=max_lines,
        max_term_lines=max_term_lines,
        max_terms=max_terms,
        context=context,
        n_boot=n_boot,
        max_bytes=max_bytes,
        seed=seed,
        title=title,
        modality=modality,
        page_overhead=len(shell.encode("utf-8")),
    )
    return _page(_script_json(data), title)


def write_explorer(
    path: str | os.PathLike, corpus: pd.DataFrame, mentions: pd.DataFrame, keyness_table: pd.DataFrame | None, **options
) -> Path:
    """Build the explorer (:func:`build_explorer`, same options) and write it to ``path`` atomically.

    Examples
    --------
    >>> write_explorer("reports/explorer.html", corpus, mentions, keyness_table)  # doctest: +SKIP
    PosixPath('reports/explorer.html')
    """
    writable_target(path, flag="explorer")  # before the work: a folder or a read-only place fails at once
    page = build_explorer(corpus, mentions, keyness_table, **options)
    return atomic_write_text(path, page, flag="explorer")
