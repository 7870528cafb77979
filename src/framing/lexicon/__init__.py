"""The lexicon of contested terms: load, validate, compile, list.

A lexicon is a YAML file (bundled: ``data/lexicons/russia_ukraine.yaml``) of **concepts** (one
referent with rival names, e.g. the 2014 events in Kyiv) and their **variants** (one name, e.g.
"Maidan coup", with a stance, regular-expression patterns, context rules, sources and a
confidence). The full format is specified in the manual, docs/lexicon.md; in short::

    name: russia_ukraine
    version: "1.0.0"
    last_reviewed: 2026-11-25
    sources: {unga_68_262: {citation: "UN GA resolution 68/262 (2014)", url: "https://..."}}
    concepts:
      - id: capital_name
        label: Name of the capital
        variants:
          - id: kiev
            label: Kiev
            stance: kremlin              # present-day stance
            stance_periods:              # date-aware stance (inclusive bounds)
              - {until: 2019-12-31, stance: neutral}
            patterns: ['Kiev']           # regexes over normalized text, case-insensitive
            exclude: ['chicken Kiev', 'Dynamo Kiev']
            confidence: sourced
            sources: [ap_kyiv_2019]

The stances a variant may take are the lexicon's **sides**, declared in a top-level ``sides``
block (ids, labels, colours, which sides are neutral, which two form the balance axis; see
:class:`Sides`)::

    sides:
      balance: {positive: restrictionist, negative: pro_immigrant}
      stances:
        - {id: restrictionist, label: restrictionist, colour: "#D55E00"}
        - {id: pro_immigrant, label: pro-immigrant, colour: "#0072B2"}
        - {id: neutral, label: neutral, neutral: true}

A lexicon without the block has the default sides, :data:`DEFAULT_SIDES` (the four stances of
the bundled Russia–Ukraine lexicon, balance between its first two).

Loading validates everything and raises :class:`~framing.errors.LexiconError` with the file, the
line, the entry and the problem (YAML syntax, missing or unknown field, bad regex, unknown stance,
duplicate id, unknown source, bad or overlapping date periods, a bad ``sides`` block).

Pattern conventions (applied when compiling):

* patterns are matched against :func:`framing.normalize.normalize_text` output (ASCII quotes,
  apostrophes and hyphens) and are case-insensitive unless the variant sets ``case_sensitive``;
* every pattern is bounded by word edges: ``Kiev`` does not match inside ``Kievan``;
  write ``\\w*`` to allow suffixes (``annex\\w*``);
* a literal space matches any run of spaces or tabs with at most one line break;
* ``{-}`` matches an optional hyphen or space (``full{-}scale`` = full-scale, full scale,
  fullscale, full‑scale, full–scale after normalization), with at most 20 spaces or tabs on
  either side of the hyphen;
* a pattern whose matching time can explode on some text (nested quantifiers such as
  ``(\\w+\\s?)+``, overlapping alternatives under a repeat, adjacent repeats of the same
  characters, ``.*`` before more pattern) is refused with the reason: see
  :mod:`framing.regex_safety`. So are YAML aliases, nesting deeper than 64 levels, files over
  16 MB and windows over 2000 characters.
"""

from __future__ import annotations

from .constants import (  # noqa: F401
    _CONCEPT_OPTIONAL,
    _CONCEPT_REQUIRED,
    _HYPHEN_THEN_SPACE,
    _ID,
    _OPT_HYPHEN,
    _SPACE,
    _SPACE_THEN_HYPHEN,
    _TOP_OPTIONAL,
    _TOP_REQUIRED,
    _VARIANT_OPTIONAL,
    _VARIANT_REQUIRED,
    CONFIDENCES,
    CONTEXT_STANCE,
    DEFAULT_LANG,
    DEFAULT_LEXICON,
    DEFAULT_WINDOW,
    KINDS,
    MAX_LEXICON_BYTES,
    MAX_WINDOW,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    SIGNALS,
    _default_lexicon,
)
from .load import (  # noqa: F401
    _as_date,
    _build,
    _build_cues,
    _build_proper_names,
    _build_variant,
    _bundled_names,
    _check_backtracking,
    _check_events,
    _check_fields,
    _compile_regex,
    _err,
    _expand_lemmas,
    _lang_code,
    _lexicon_file,
    _regex_risk,
    _str_list,
    load_lexicon,
    parse_lexicon,
)
from .model import (  # noqa: F401
    Concept,
    ContextRule,
    Lexicon,
    ProperNames,
    Side,
    Sides,
    StancePeriod,
    Variant,
    sides_of,
)
from .scan import (  # noqa: F401
    _CYRILLIC_LETTER,
    _LATIN_LETTER,
    _REGEX_SYNTAX,
    _WS_RUN,
    CompiledPattern,
    Scanner,
    _bounded,
    _compile_concept,
    _compile_pattern,
    _compiled_source,
    _fallback_source,
    _is_space_set,
    _lower_literals,
    _period_text,
    _prefixes,
    _trie_regex,
    expand_pattern,
    literal_prefixes,
)
from .sides import (  # noqa: F401
    _COLOUR,
    _SIDE_FIELDS,
    DEFAULT_SIDES,
    DEFAULT_SIDES_BLOCK,
    STANCES,
    _build_sides,
    _stance_choices,
    _union,
)
from .yaml_lines import (  # noqa: F401
    _construct_mapping,
    _construct_sequence,
    _LineDict,
    _LineList,
    _Loader,
)
