"""Summaries and figures the notebooks call: variant use per outlet, monthly rates, the outlet map.

Each figure has two halves: a function that turns mentions (one row per lexicon hit, see
:data:`framing.match.MENTION_COLUMNS`) into a tidy table, and a function that draws that table in
the paper style of :mod:`framing.style`. The tables are what ``run.save_table`` writes, so every
number a figure shows is also in a CSV.

Tables
------
- :func:`variant_use_table` -- counts and within-concept shares per outlet × concept × variant × voice.
- :func:`period_rates` -- mention rates per 10,000 tokens per period and
  outlet, with percentile bootstrap intervals that resample documents.
- :func:`variant_share_matrix`, :func:`outlet_coordinates` -- the outlet map.

Figures
-------
- :func:`variant_use_by_outlet`, :func:`variant_shares_by_outlet`, :func:`stance_balance_by_outlet`,
  :func:`rates_over_time`, :func:`outlet_map`, :func:`outlet_dendrogram`,
  :func:`variants_across_languages` (a concept's English, Russian and Ukrainian names side by side).

Stances are drawn as the lexicon's sides say (:class:`framing.lexicon.Sides`: colours, labels,
legend order, the balance axis): pass ``sides=lexicon`` (or ``lexicon.sides``). Without it, the
default sides are used when the stances are theirs, else each stance gets a colour of its own
(:func:`framing.lexicon.sides_of`).

All orderings are sorted explicitly, so the same input draws the same figure (and the same bytes).
"""

from __future__ import annotations

from ..vocab import VOICES  # noqa: F401 (re-exported)
from ._common import (  # noqa: F401
    SEVERAL_STANCES_COLOUR,
    doc_token_counts,
    place_labels,
    show,
    split_pages,
)
from .keyness import (  # noqa: F401
    collocation_figures,
    concept_rates_figures,
    fightin_words_figures,
    voice_counts_figure,
)
from .languages import (  # noqa: F401
    variants_across_languages,
    variants_across_languages_table,
)
from .maps import (  # noqa: F401
    outlet_coordinates,
    outlet_dendrogram,
    outlet_map,
    variant_share_matrix,
)
from .rates import (  # noqa: F401
    period_rates,
    rates_over_time,
    rates_over_time_figures,
    rates_window,
)
from .vocabulary import (  # noqa: F401
    stance_balance_by_outlet,
    variant_shares_by_outlet,
    variant_shares_figures,
    variant_use_by_outlet,
    variant_use_figures,
    variant_use_table,
)

__all__ = [
    "collocation_figures",
    "concept_rates_figures",
    "SEVERAL_STANCES_COLOUR",
    "VOICES",
    "doc_token_counts",
    "place_labels",
    "show",
    "split_pages",
    "stance_balance_by_outlet",
    "variant_shares_by_outlet",
    "variant_shares_figures",
    "variant_use_by_outlet",
    "variant_use_figures",
    "variant_use_table",
    "period_rates",
    "rates_over_time",
    "rates_over_time_figures",
    "rates_window",
    "outlet_coordinates",
    "outlet_dendrogram",
    "outlet_map",
    "variant_share_matrix",
    "variants_across_languages",
    "variants_across_languages_table",
    "fightin_words_figures",
    "voice_counts_figure",
]
