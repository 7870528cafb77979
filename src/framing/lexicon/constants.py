"""Constants of the lexicon format: field names, limits, the bundled lexicon, and the pattern pieces
that ``{-}`` and spaces expand to."""

from __future__ import annotations

import re
from pathlib import Path

CONFIDENCES = ("sourced", "judgment")
SIGNALS = ("strong", "moderate", "weak")
KINDS = ("frame", "spelling", "style")
DEFAULT_WINDOW = 100
CONTEXT_STANCE = "context"  # a variant whose stance comes only from its stance_context rules


def _default_lexicon() -> Path:
    from ..bundled import lexicon_path

    return lexicon_path()


#: The bundled Russia–Ukraine lexicon (package data; see :mod:`framing.bundled`).
DEFAULT_LEXICON = _default_lexicon()
#: Bounds on a lexicon file (the bundled one: 82 kB, nesting 7, 741 mappings and lists).
MAX_LEXICON_BYTES = 16 * 1024 * 1024
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 200_000
#: Largest ``window`` (characters of context on each side of a hit) a variant may ask for.
MAX_WINDOW = 2000

_TOP_REQUIRED = ("name", "version", "last_reviewed", "concepts")
_TOP_OPTIONAL = ("description", "sources", "defaults", "license", "authors", "proper_names", "sides")
_CONCEPT_REQUIRED = ("id", "label", "variants")
_CONCEPT_OPTIONAL = ("description", "section", "note", "cues")
_VARIANT_REQUIRED = ("id", "label", "stance", "confidence")
_VARIANT_OPTIONAL = (
    "patterns",
    "lemmas",
    "lang",
    "exclude",
    "exclude_context",
    "requires_context",
    "stance_periods",
    "stance_context",
    "sources",
    "signal",
    "kind",
    "note",
    "case_sensitive",
    "window",
    "surface",
)
#: The language of a variant without ``lang``: it applies to documents in this language.
DEFAULT_LANG = "en"
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")

# a space in a pattern: spaces/tabs with at most one line break. Written so that a run of spaces
# can be matched in one way only (``[^\S\n]+\n?[^\S\n]*`` matches the same texts, but tries
# every split of a long run between its two repeats: time growing with the square of the run)
_SPACE = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"
# ``{-}``: an optional hyphen with up to 20 spaces or tabs on either side, or 1 to 20 spaces. One
# way to match each text (``(?:[^\S\n]*-[^\S\n]*|[^\S\n]+)?`` has two, both starting with a
# space), and bounded runs: where ``{-}`` ends a group that a space follows (``(?:a|b{-}) c``),
# the two runs meet, and every split of a run between them is tried (with unbounded runs, time
# growing with the square of the run: minutes for a long run of spaces)
_OPT_HYPHEN = r"(?:[^\S\n]{1,20}(?:-[^\S\n]{0,20})?|-[^\S\n]{0,20})?"
# ``{-}`` next to a space: the same texts (and preference) as the two pieces one after the other,
# without a run of spaces that both pieces could take
_HYPHEN_THEN_SPACE = r"(?:[^\S\n]{0,20}-)?" + _SPACE
_SPACE_THEN_HYPHEN = _SPACE + r"(?:-[^\S\n]{0,20})?"
