"""The files of the hand-coding loop, column by column: the blind coding sheet, the key with the
tool's answers and the design weights, and the marks set in the context a coder reads (see
:mod:`framing.validate.sample` for the design)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

CODER_FIELDS = ("is_marker", "stance", "voice", "modality", "found_concept", "note")
SHEET_COLUMNS = ["item_id", "kind", "concept", "doc_id", "outlet", "date", "left", "term", "right", *CODER_FIELDS]
KEY_COLUMNS = [
    "item_id",
    "kind",
    "concept",
    "variant",
    "variant_kind",
    "stance",
    "voice",
    "modality",
    "modality_cue",
    "counted",
    "stratum",
    "stratum_size",
    "stratum_n",
    "weight",
    "doc_id",
    "outlet",
    "start",
    "end",
    "matched",
    "rest_concepts",
]
DEFAULT_STRATA = ("variant", "voice")
#: Marks around the sentence a probe asks about, and around the tool's mentions in a random sentence.
PROBE_OPEN, PROBE_CLOSE = "⟦", "⟧"
MENTION_OPEN, MENTION_CLOSE = "⟨", "⟩"
#: The stratum of random sentences (coded for every concept) and its concept label.
RANDOM_STRATUM = "probe:random"
ANY_CONCEPT = "(any)"


@dataclass
class Sample:
    """A drawn sample: the blind ``sheet``, the ``key`` with the tool's answers and weights, and
    the ``design`` (what was drawn from what, for the record)."""

    sheet: pd.DataFrame
    key: pd.DataFrame
    design: dict = field(default_factory=dict)
