"""An interactive explorer of one run: one self-contained HTML file that works offline.

The page answers the question a reader of a keyness chart asks next: *where* does the outlet use
this term, and in whose voice? It holds

* a keyness scatter per group (pick the group in a list): x = the term's frequency in the whole
  corpus (log scale), y = its z (or log-odds score) for that group against the rest; lexicon terms
  are coloured by stance, the other terms grey;
* a search box (keyboard-usable) that finds terms by their surface label ("Kiev regime" finds the
  ``kiev_regime`` variant) and highlights them in the scatter;
* for the term picked: its rate per 10,000 tokens per outlet with bootstrap intervals, by voice for
  lexicon variants (:func:`framing.stats.rates`), and a sample of concordance lines (left, match,
  right; outlet, date, voice, modality when the mentions carry it), filtered by outlet, voice and
  date, each linked to its document's metadata (title, outlet, date, url; never the text).

Everything (data, script, style) is inside the file: no network, no CDN, no external font. The
data is one JSON document in a ``<script type="application/json">`` element, with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc. so that no article text can close the element; the script inserts
all text with ``textContent`` (never ``innerHTML``), and a Content-Security-Policy lets only the
page's own script (by its hash) run and forbids every network request.

Size is bounded: at most ``max_terms`` terms per group's scatter (top by |z|, plus every lexicon
term), at most ``max_lines`` concordance lines per lexicon variant and outlet and ``max_term_lines``
per other term and outlet (a seeded sample spread over voices and documents; the page says how
many were left out), contexts of ``context`` characters, and a byte budget ``max_bytes`` for the
whole page (lexicon lines first, then the other terms' lines, by rank). Same inputs, same bytes.

Examples
--------
>>> import pandas as pd
>>> from framing.match import match_corpus
>>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
...                        "date": pd.to_datetime(["2022-06-01", "2022-06-02"]),
...                        "title": ["One", "Two"], "url": ["https://a.example/1", "https://b.example/2"],
...                        "text": ["The Kiev regime said so.", "Officials in Kyiv said so."]})
>>> page = build_explorer(corpus, match_corpus(corpus), None, n_boot=50)
>>> data = embedded_data(page)
>>> [e["label"] for e in data["entries"] if e["id"] == "kiev_regime"]
['Kiev regime']
"""

from __future__ import annotations

from .common import (  # noqa: F401
    _HTTP,
    _WS,
    DATA_ELEMENT_ID,
    DATA_VERSION,
    MIN_DOCS,
    PER,
    RATE_VOICES,
    _clean,
    _num,
    _rng,
    _script_json,
    _size,
    embedded_data,
)
from .data import _explorer_data  # noqa: F401
from .entries import _lexicon_info, _term_rates  # noqa: F401
from .inputs import (  # noqa: F401
    _KEYNESS_COLUMNS,
    _MENTION_COLUMNS,
    _check_corpus,
    _check_int,
    _check_keyness,
    _check_mentions,
    _inputs,
)
from .lines import _contexts, _interleave, _TokenFinder  # noqa: F401
from .page import _asset, _css_variables, _page, build_explorer, write_explorer  # noqa: F401
from .view import ExplorerView, show_explorer  # noqa: F401

__all__ = ["build_explorer", "write_explorer", "show_explorer", "embedded_data", "ExplorerView", "DATA_ELEMENT_ID"]
