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

import argparse
import dataclasses
import datetime as _dt
import hashlib
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import yaml

try:  # Python 3.11+
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

from .errors import LexiconError
from .regex_safety import MAX_PATTERN_LENGTH, regex_risk

CONFIDENCES = ("sourced", "judgment")
SIGNALS = ("strong", "moderate", "weak")
KINDS = ("frame", "spelling", "style")
DEFAULT_WINDOW = 100
CONTEXT_STANCE = "context"  # a variant whose stance comes only from its stance_context rules

def _default_lexicon() -> Path:
    from .bundled import lexicon_path

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
    "patterns", "lemmas", "lang",
    "exclude", "exclude_context", "requires_context", "stance_periods", "stance_context", "sources",
    "signal", "kind", "note", "case_sensitive", "window", "surface",
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


# ------------------------------------------------------------------------------------------------
# YAML with line numbers
# ------------------------------------------------------------------------------------------------


class _LineDict(dict):
    line: int = 0


class _LineList(list):
    line: int = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: 10x faster
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise LexiconError(
                f"{loader.name}: line {key_node.start_mark.line + 1}: duplicate key {key!r}; "
                "each key may appear once per entry"
            )
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    out = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# ------------------------------------------------------------------------------------------------
# Data classes
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of a lexicon: a stance a variant can take (``id``), its ``label`` for figures and
    tables, its ``colour`` (``#RRGGBB``), whether it is ``neutral`` and a ``description`` (for the
    coders' codebook)."""

    id: str
    label: str
    colour: str
    neutral: bool = False
    description: str = ""


@dataclass(frozen=True)
class Sides:
    """The sides a lexicon compares: the stances its variants take, from its ``sides`` block.

    ``positive`` and ``negative`` are the two sides of the balance axis: the stance balance is
    B = (P − N)/(P + N) with P and N the mentions of those two sides (other sides left out), and a
    balance axis reads "← <negative label> … <positive label> →". Both are ``None`` when the
    lexicon has fewer than two non-neutral sides. ``declared`` is False for :data:`DEFAULT_SIDES`
    given to a lexicon without the block.

    Examples
    --------
    >>> sides = load_lexicon().sides
    >>> sides.ids, sides.positive, sides.negative, sides.neutral
    (('kremlin', 'ukraine_west', 'neutral', 'isolationist'), 'kremlin', 'ukraine_west', ('neutral',))
    >>> sides.label("ukraine_west"), sides.colour("kremlin"), sides.order
    ('Ukrainian/Western', '#D55E00', ('kremlin', 'isolationist', 'neutral', 'ukraine_west'))
    >>> sides.axis_label()
    '← Ukrainian/Western   stance balance   Kremlin-aligned →'
    """

    sides: tuple[Side, ...]
    positive: str | None = None
    negative: str | None = None
    declared: bool = True

    @property
    def ids(self) -> tuple[str, ...]:
        """Every side's id, in the order the lexicon lists them."""
        return tuple(s.id for s in self.sides)

    @cached_property
    def neutral(self) -> tuple[str, ...]:
        """The neutral sides' ids, in the order the lexicon lists them."""
        return tuple(s.id for s in self.sides if s.neutral)

    @property
    def poles(self) -> tuple[str, str] | None:
        """``(positive, negative)``, or ``None`` without a balance axis."""
        return (self.positive, self.negative) if self.positive and self.negative else None

    @property
    def order(self) -> tuple[str, ...]:
        """The order of legends and of stances in tables: the balance's positive pole, the other
        non-neutral sides as listed, the neutral sides as listed, then the negative pole (the order
        along the balance axis, positive first). Without a balance: non-neutral, then neutral sides."""
        poles = {self.positive, self.negative}
        middle = [s.id for s in self.sides if not s.neutral and s.id not in poles]
        neutral = [s.id for s in self.sides if s.neutral]
        head = [self.positive] if self.positive else []
        tail = [self.negative] if self.negative else []
        return tuple(head + middle + neutral + tail)

    @property
    def colours(self) -> dict[str, str]:
        """Side id -> colour (``#RRGGBB``)."""
        return {s.id: s.colour for s in self.sides}

    @property
    def labels(self) -> dict[str, str]:
        """Side id -> label."""
        return {s.id: s.label for s in self.sides}

    def side(self, stance: str) -> Side | None:
        """The :class:`Side` of ``stance`` (``None`` if no side has that id)."""
        for s in self.sides:
            if s.id == stance:
                return s
        return None

    def label(self, stance: str) -> str:
        """The label of ``stance``: the side's label; ``"by context"`` for the ``context``
        pseudo-stance; the id itself for a stance no side declares."""
        s = self.side(stance)
        if s is not None:
            return s.label
        return "by context" if stance == CONTEXT_STANCE else str(stance)

    def colour(self, stance: str) -> str:
        """The colour of ``stance``; for the ``context`` pseudo-stance the first of reddish purple
        and the side palette that no side has; a dark grey for a stance no side declares."""
        from .style import OTHER_STANCE_COLOUR, SIDE_PALETTE

        s = self.side(stance)
        if s is not None:
            return s.colour
        if stance == CONTEXT_STANCE:
            taken = {c.colour for c in self.sides}
            return next((c for c in ("#CC79A7", *SIDE_PALETTE) if c not in taken), OTHER_STANCE_COLOUR)
        return OTHER_STANCE_COLOUR

    def description(self, stance: str) -> str:
        """The side's description ("" when it has none or no side has that id)."""
        s = self.side(stance)
        return s.description if s is not None else ""

    def rank(self, stance: str) -> int:
        """Position of ``stance`` in :attr:`order` (stances no side declares sort last)."""
        order = self.order
        return order.index(stance) if stance in order else len(order)

    def axis_label(self, what: str = "stance balance") -> str:
        """The label of a balance axis: ``"← <negative label>   <what>   <positive label> →"``."""
        if not self.poles:
            return what
        return f"← {self.label(self.negative)}   {what}   {self.label(self.positive)} →"

    def balance_formula(self) -> str:
        """The balance in words, e.g. ``"(P − N) / (P + N), P: Kremlin-aligned mentions, N: Ukrainian/Western mentions"``."""
        if not self.poles:
            return "no balance axis (the lexicon has fewer than two non-neutral sides)"
        return (f"(P − N) / (P + N), P: {self.label(self.positive)} mentions, "
                f"N: {self.label(self.negative)} mentions")

    def frame(self) -> pd.DataFrame:
        """One row per side, in :attr:`order`: ``side, label, colour, role, description`` (role:
        ``positive pole``, ``negative pole``, ``neutral`` or ``side``).

        Examples
        --------
        >>> load_lexicon().sides.frame()[["side", "role"]].values.tolist()[:2]
        [['kremlin', 'positive pole'], ['isolationist', 'side']]
        """
        rows = []
        for sid in self.order:
            s = self.side(sid)
            role = ("positive pole" if sid == self.positive else "negative pole" if sid == self.negative
                    else "neutral" if s.neutral else "side")
            rows.append({"side": sid, "label": s.label, "colour": s.colour, "role": role,
                         "description": s.description})
        return pd.DataFrame(rows, columns=["side", "label", "colour", "role", "description"])

    @classmethod
    def automatic(cls, stances: Iterable[str]) -> "Sides":
        """Sides for stances seen without a lexicon: sorted, ``neutral`` neutral, colours assigned
        as for a ``sides`` block without colours, no balance axis.

        Examples
        --------
        >>> Sides.automatic(["alarm", "neutral", "denial"]).colours
        {'alarm': '#D55E00', 'denial': '#0072B2', 'neutral': '#999999'}
        """
        ids = sorted({str(s) for s in stances} - {"", CONTEXT_STANCE, "nan", "None"})
        block = {"stances": [{"id": i, "neutral": i == "neutral"} for i in ids]}
        try:
            return _build_sides(block, "<stances>", allow_any_id=True, need_balance=False)
        except LexiconError as exc:
            from .errors import ParameterError

            raise ParameterError(f"stances: {exc}; pass the lexicon (its sides name their colours)") from None


def sides_of(obj: Any = None, stances: Iterable[str] = ()) -> Sides:
    """The sides to draw or count with: ``obj``'s (a :class:`Sides`, or a :class:`Lexicon`), else
    the default sides when every stance in ``stances`` is one of theirs, else
    :meth:`Sides.automatic` sides for those stances (so that mentions of another lexicon passed
    without it still get distinct colours and their own names).

    Examples
    --------
    >>> sides_of(None, ["kremlin", "neutral"]) is DEFAULT_SIDES
    True
    >>> sides_of(None, ["alarm", "denial"]).ids
    ('alarm', 'denial')
    """
    if isinstance(obj, Sides):
        return obj
    found = getattr(obj, "sides", None)
    if isinstance(found, Sides):
        return found
    seen = {str(s) for s in stances} - {"", CONTEXT_STANCE, "nan", "None"}
    if seen <= set(DEFAULT_SIDES.ids):
        return DEFAULT_SIDES
    return Sides.automatic(seen)


@dataclass(frozen=True)
class StancePeriod:
    """``stance`` holds for document dates in ``[start, end]`` (either bound may be open)."""

    stance: str
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    def contains(self, date: pd.Timestamp) -> bool:
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class ContextRule:
    """A regex looked for ``where`` (before/after/around) the hit; if found, ``stance`` applies."""

    pattern: re.Pattern
    stance: str
    where: str = "before"


@dataclass(frozen=True)
class Variant:
    """One name of a concept. ``stance`` is the present-day stance (or ``context``)."""

    id: str
    concept: str
    label: str
    stance: str
    patterns: tuple[str, ...]
    confidence: str
    signal: str = "moderate"
    kind: str = "frame"
    sources: tuple[str, ...] = ()
    note: str = ""
    case_sensitive: bool = False
    window: int = DEFAULT_WINDOW
    exclude: tuple[re.Pattern, ...] = ()
    exclude_context: tuple[re.Pattern, ...] = ()
    requires_context: tuple[re.Pattern, ...] = ()
    stance_periods: tuple[StancePeriod, ...] = ()
    stance_context: tuple[ContextRule, ...] = ()
    surface: tuple[str, ...] = ()
    line: int = 0
    #: the language of the documents the variant applies to (ISO 639-1; ``en`` by default): a
    #: spelling is a marker only against its language's norm ("Киев" is plain Russian in Russian
    #: text, a marker in Ukrainian text)
    lang: str = DEFAULT_LANG
    #: lemma phrases (dictionary form) whose inflected forms were added to ``patterns``
    lemmas: tuple[str, ...] = ()
    # each list of context regexes as one alternation (None when empty), for speed
    exclude_context_rx: re.Pattern | None = field(default=None, repr=False, compare=False)
    requires_context_rx: re.Pattern | None = field(default=None, repr=False, compare=False)

    @property
    def date_dependent(self) -> bool:
        return bool(self.stance_periods)

    def stance_on(self, date: pd.Timestamp | None) -> str:
        """Stance for a document dated ``date`` (``None``/NaT: the present-day ``stance``).

        Examples
        --------
        >>> lex = load_lexicon()
        >>> v = lex.variant("kiev")
        >>> v.stance_on(pd.Timestamp("2015-03-01")), v.stance_on(pd.Timestamp("2023-03-01"))
        ('neutral', 'kremlin')
        """
        if date is not None and not pd.isna(date):
            for period in self.stance_periods:
                if period.contains(date):
                    return period.stance
        return self.stance


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    description: str
    variants: tuple[Variant, ...]
    section: str = ""
    #: words that signal the concept is being talked about (patterns in the lexicon's conventions:
    #: word-bounded, case-insensitive): sentences holding one but no mention are the recall probes
    #: of ``framing validate sample``; every language's cues together
    cues: tuple[str, ...] = ()
    #: the cues by language (``cues: {en: [...], ru: [...]}`` in the lexicon; a plain list is ``en``)
    cues_by_lang: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def cues_for(self, lang: str) -> tuple[str, ...]:
        """The cue patterns of documents in ``lang`` (none for a language the concept has none in).

        Examples
        --------
        >>> c = load_lexicon().concept("war_naming")
        >>> "war" in c.cues_for("en"), "война" in c.cues_for("en"), "война" in c.cues_for("ru")
        (True, False, True)
        """
        return dict(self.cues_by_lang).get(lang, ())


@dataclass(frozen=True)
class ProperNames:
    """Where a variant is part of a proper name and says nothing of the outlet's usage: "the Kyiv
    Post" (a newspaper's own name), "Dynamo Kiev" (a club), "chicken Kiev" (a dish).

    Three rules, from the lexicon's ``proper_names`` block:

    * ``heads``: a spelling or style variant followed by one of these capitalised words is the first
      word of an organisation's name the outlet cannot change (``Post``, ``Independent``, ``Pravda``,
      ``Airlines``, ...): the general rule for names of publications, companies, clubs and
      institutions;
    * ``before``: a spelling or style variant right after one of these words (``Dynamo``, ``FC``,
      ``chicken``) is part of a name;
    * ``names``: regexes of names (each with its reason) that veto any variant they overlap.
    """

    heads: re.Pattern | None = None
    before: re.Pattern | None = None
    names: tuple[re.Pattern, ...] = ()
    kinds: tuple[str, ...] = ("spelling", "style")

    @cached_property
    def _names_by_script(self) -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
        """``(names for a Latin-script hit, names for a Cyrillic hit)``: a name written only in
        one script cannot overlap a hit written in the other (the names are written in Latin or
        in Cyrillic letters, each regex in one script), so each hit tries half the list."""
        def letters(rx: re.Pattern) -> str:  # the regex's own letters: escapes and flag groups left out
            return _REGEX_SYNTAX.sub("", rx.pattern)

        latin = tuple(rx for rx in self.names if not _CYRILLIC_LETTER.search(letters(rx)) or _LATIN_LETTER.search(letters(rx)))
        cyrillic = tuple(rx for rx in self.names if not _LATIN_LETTER.search(letters(rx)) or _CYRILLIC_LETTER.search(letters(rx)))
        return latin, cyrillic

    def holds(self, v: "Variant", norm: str, start: int, end: int) -> bool:
        """Whether the hit ``norm[start:end]`` of variant ``v`` is inside a proper name.

        Examples
        --------
        >>> lex = load_lexicon()
        >>> t = "He wrote for the Kyiv Post in Kyiv."
        >>> lex.proper_names.holds(lex.variant("kyiv"), t, 17, 21), lex.proper_names.holds(lex.variant("kyiv"), t, 30, 34)
        (True, False)
        """
        if v.kind in self.kinds:
            if self.heads is not None and self.heads.match(norm, end):
                return True
            if self.before is not None and self.before.search(norm, max(0, start - 40), start):
                return True
        names = self._names_by_script[1 if _CYRILLIC_LETTER.search(norm, start, end) else 0]
        for rx in names:
            for m in rx.finditer(norm, max(0, start - 80), min(len(norm), end + 80)):
                if m.start() < end and m.end() > start:
                    return True
        return False


@dataclass
class Lexicon:
    """A validated lexicon. Build it with :func:`load_lexicon` or :func:`parse_lexicon`."""

    name: str
    version: str
    last_reviewed: str
    description: str
    concepts: tuple[Concept, ...]
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    path: str = "<string>"
    sha256: str = ""
    proper_names: ProperNames | None = None
    #: the stances of the lexicon (its ``sides`` block, else :data:`DEFAULT_SIDES`)
    sides: Sides | None = None
    _compiled: Any = field(default=None, repr=False)
    _scanner: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.sides is None:
            self.sides = DEFAULT_SIDES

    # lookups -------------------------------------------------------------------------------------
    def counterpart(self, spelling: Variant) -> str:
        """The label of the rival spelling of a spelling variant: the nearest variant of kind
        ``spelling`` with another stance in the same concept (the lexicon lists them in pairs).

        Examples
        --------
        >>> lex = load_lexicon()
        >>> lex.counterpart(lex.variant("kiev")), lex.counterpart(lex.variant("kharkov"))
        ('Kyiv', 'Kharkiv')
        """
        variants = self.concept(spelling.concept).variants
        i = next(k for k, v in enumerate(variants) if v.id == spelling.id)
        order = sorted(range(len(variants)), key=lambda k: (abs(k - i), k > i))
        for k in order:
            v = variants[k]
            if k != i and v.kind == "spelling" and v.stance != spelling.stance:
                return v.label
        return ""

    @property
    def variants(self) -> list[Variant]:
        return [v for c in self.concepts for v in c.variants]

    def variant(self, variant_id: str) -> Variant:
        for v in self.variants:
            if v.id == variant_id:
                return v
        raise KeyError(variant_id)

    def concept(self, concept_id: str) -> Concept:
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise KeyError(concept_id)

    # tables ----------------------------------------------------------------------------------------
    def variants_frame(self) -> pd.DataFrame:
        """One row per variant: ``concept, variant, label, stance, confidence`` then ``concept_label,
        signal, kind, date_dependent, stance_periods, sources, note, section``.

        ``stance`` is the present-day stance; ``context`` for variants scored only through
        context rules (e.g. "liberated"). ``stance_periods`` is a readable summary such as
        ``"..2019-12-31: neutral"``.

        Examples
        --------
        >>> df = load_lexicon().variants_frame()
        >>> df.loc[df.variant == "full_scale_invasion", ["concept", "label", "stance"]].values.tolist()
        [['war_naming', 'full-scale invasion', 'ukraine_west']]
        """
        rows = []
        for c in self.concepts:
            for v in c.variants:
                rows.append(
                    {
                        "concept": c.id,
                        "variant": v.id,
                        "label": v.label,
                        "stance": v.stance,
                        "confidence": v.confidence,
                        "concept_label": c.label,
                        "signal": v.signal,
                        "kind": v.kind,
                        "date_dependent": v.date_dependent,
                        "stance_periods": "; ".join(_period_text(p) for p in v.stance_periods),
                        "sources": ",".join(v.sources),
                        "note": v.note,
                        "section": c.section,
                        "lang": v.lang,
                    }
                )
        return pd.DataFrame(rows)

    def multiword_expressions(self) -> list[str]:
        """Surface phrases of more than one word (labels and ``surface`` forms), for tokenizers.

        Sorted, de-duplicated, case kept as written (tokenizers lowercase them).

        Examples
        --------
        >>> "full-scale invasion" in load_lexicon().multiword_expressions()
        True
        """
        out = set()
        for v in self.variants:
            for phrase in (v.label, *v.surface):
                if re.search(r"[\s-]", phrase.strip()):
                    out.add(phrase.strip())
        return sorted(out, key=lambda s: (s.lower(), s))

    def summary(self) -> dict[str, Any]:
        """Counts for ``framing lexicon check``: concepts, variants, by stance and confidence."""
        df = self.variants_frame()
        return {
            "name": self.name,
            "version": self.version,
            "last_reviewed": self.last_reviewed,
            "concepts": len(self.concepts),
            "variants": len(df),
            "by_stance": df["stance"].value_counts().sort_index().to_dict(),
            "by_confidence": df["confidence"].value_counts().sort_index().to_dict(),
            "date_dependent": int(df["date_dependent"].sum()),
            "by_lang": df["lang"].value_counts().sort_index().to_dict(),
            "lemmas": sum(len(v.lemmas) for v in self.variants),
        }

    # compiled form (used by framing.match) --------------------------------------------------------
    def compiled(self) -> list[tuple[Concept, list[CompiledPattern]]]:
        """Per concept, its compiled patterns with prefilters (cached; see :class:`CompiledPattern`)."""
        if self._compiled is None:
            self._compiled = [_compile_concept(c, ci) for ci, c in enumerate(self.concepts)]
        return self._compiled


    def scanner(self, lang: str | None = None) -> "Scanner":
        """The candidate finder over the literal prefixes of the patterns of the variants of
        language ``lang`` (``None``: every variant) (cached; see :class:`Scanner`)."""
        if self._scanner is None:
            self._scanner = {}
        found = self._scanner.get(lang)
        if found is None:
            found = self._scanner[lang] = Scanner(
                [cp for _c, cps in self.compiled() for cp in cps if lang is None or cp.variant.lang == lang])
        return found

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the variants (sorted).

        Examples
        --------
        >>> load_lexicon().languages
        ('en', 'ru', 'uk')
        """
        return tuple(sorted({v.lang for v in self.variants}))


class Scanner:
    """Finds, in one pass, every word-edge position where some pattern's literal prefix occurs.

    All (lower-cased) prefixes go into one trie-shaped regex (``k(?:iev|yiv)`` rather than
    ``kiev|kyiv``), which the regex engine scans fast; each candidate position then maps to the
    few patterns whose prefix is there. Patterns without a usable prefix are listed in
    ``unanchored`` and scanned in full.
    """

    def __init__(self, patterns: list["CompiledPattern"]):
        self.by_prefix: dict[str, list[CompiledPattern]] = {}
        self.unanchored: list[CompiledPattern] = []
        # each unanchored pattern with its leading word edge in the regex, so that a search tries it
        # once per word, not at every character of a long word (\w+ on a word of n letters would
        # take time growing with n squared); the matches are those of the plain regex at word edges
        self.edge_regex: dict[CompiledPattern, re.Pattern] = {}
        self._folded: dict[str, str] = {}  # candidate text -> its whitespace runs folded
        for cp in patterns:
            if cp.prefixes is None:
                self.unanchored.append(cp)
                self.edge_regex[cp] = re.compile(r"(?<!\w)(?:" + cp.regex.pattern + ")", cp.regex.flags)
                continue
            for p in {q.lower() for q in cp.prefixes}:
                self.by_prefix.setdefault(p, []).append(cp)
        # the trie regex only ever matches a whole prefix; map it to the patterns of every prefix
        # that it starts with ("russia's" -> patterns of "russia's", "russia", "rus")
        self.combined: dict[str, tuple[CompiledPattern, ...]] = {}
        for p in self.by_prefix:
            cps: list[CompiledPattern] = []
            for n in range(1, len(p) + 1):
                cps.extend(self.by_prefix.get(p[:n], ()))
            self.combined[p] = tuple(dict.fromkeys(cps))
        trie = self._trie = _trie_regex(sorted(self.by_prefix))
        # the same candidates, faster: every match runs over the words that start no prefix (each
        # is tried once, at its start, then skipped whole; possessive, so nothing backtracks), up
        # to a candidate (captured) and its first character, or to the end of the text (group 1
        # None). Prefixes start with a word character, so none starts right after that character.
        self.skipping = (
            re.compile(r"(?<!\w)(?:(?!" + trie + r")\w++(?:\W++|\Z))*+(?:(?=(" + trie + r"))\w|\Z)")
            if self.by_prefix and all(re.match(r"\w", p) for p in self.by_prefix) else None
        )

    @cached_property
    def regex(self) -> re.Pattern | None:
        """Every candidate: a prefix at a word edge. A lookahead, so that candidates may overlap
        ("the ukraine" and "ukraine crisis"). Compiled when first needed: :attr:`skipping` finds
        the same candidates faster, and is used whenever it can be built."""
        return re.compile(r"(?<!\w)(?=(" + self._trie + "))") if self.by_prefix else None

    def candidates(self, lowered: str) -> dict["CompiledPattern", list[int]]:
        """Pattern -> sorted candidate start positions in the lower-cased text."""
        out: dict[CompiledPattern, list[int]] = {}
        if not self.by_prefix:
            return out
        # one pass: candidate positions grouped by the prefix found there
        by_key: dict[str, list[int]] = {}
        if self.skipping is not None:
            for m in self.skipping.finditer(lowered):
                key = m.group(1)
                if key is None:
                    continue
                lst = by_key.get(key)
                if lst is None:
                    by_key[key] = [m.start(1)]
                else:
                    lst.append(m.start(1))
        else:
            for m in self.regex.finditer(lowered):
                key = m.group(1)
                lst = by_key.get(key)
                if lst is None:
                    by_key[key] = [m.start()]
                else:
                    lst.append(m.start())
        # whitespace inside a prefix stands for any run: fold "the  uk" into "the uk" (the folded
        # form of each key found is memoized; most keys are their own)
        folded = self._folded
        for key in list(by_key):
            norm_key = folded.get(key)
            if norm_key is None:
                norm_key = folded[key] = _WS_RUN.sub(" ", key) if not key.isalnum() and _WS_RUN.search(key) else key
            if norm_key != key:
                positions = by_key.pop(key)
                by_key[norm_key] = sorted(by_key.get(norm_key, []) + positions)
        # then per pattern: the positions of every prefix it may start with
        combined = self.combined
        several: set[CompiledPattern] = set()
        for key, positions in by_key.items():
            for cp in combined[key]:
                lst = out.get(cp)
                if lst is None:
                    out[cp] = positions
                else:
                    out[cp] = lst + positions
                    several.add(cp)
        for cp in several:
            out[cp] = sorted(set(out[cp]))
        return out


_WS_RUN = re.compile(r"\s+")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# the parts of a regex that are syntax, not text: escapes (\w, \s, \b) and flag groups ((?i:, (?-i:)
_REGEX_SYNTAX = re.compile(r"\\.|\(\?[A-Za-z-]*[:)]|\(\?<?[!=]")


def _trie_regex(words: list[str]) -> str:
    """A regex matching the longest of ``words`` at a position, factored as a trie."""
    trie: dict = {}
    for w in words:
        d = trie
        for ch in w:
            d = d.setdefault(ch, {})
        d[""] = {}

    def build(d: dict) -> str:
        alts = [(r"\s+" if k == " " else re.escape(k)) + build(v) for k, v in sorted(d.items()) if k != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in d else body

    return build(trie)


def _period_text(p: StancePeriod) -> str:
    a = "" if p.start is None else p.start.date().isoformat()
    b = "" if p.end is None else p.end.date().isoformat()
    return f"{a}..{b}: {p.stance}"


# ------------------------------------------------------------------------------------------------
# Pattern handling
# ------------------------------------------------------------------------------------------------


def expand_pattern(pattern: str) -> str:
    """Apply the pattern conventions: ``{-}`` and literal spaces (outside ``[...]`` classes).

    Examples
    --------
    >>> bool(re.fullmatch(expand_pattern("full{-}scale invasion"), "full scale  invasion"))
    True
    >>> bool(re.fullmatch(expand_pattern("Kiev regime"), "Kiev\\n\\nregime"))
    False
    """
    out = []
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append("]")
                i += 1
        elif pattern.startswith("{-}", i):
            i += 3
            if pattern[i : i + 1] == " ":  # "{-} ": one construct, so that no run of spaces has two parses
                while pattern[i : i + 1] == " ":
                    i += 1
                out.append(_HYPHEN_THEN_SPACE)
            else:
                out.append(_OPT_HYPHEN)
            continue
        elif c == " ":
            while i + 1 < len(pattern) and pattern[i + 1] == " ":
                i += 1
            if pattern.startswith("{-}", i + 1):  # " {-}": likewise
                out.append(_SPACE_THEN_HYPHEN)
                i += 4
                continue
            out.append(_SPACE)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _bounded(pattern: str, case_sensitive: bool) -> str:
    flag = "-i" if case_sensitive else "i"
    return rf"(?<!\w)(?{flag}:{expand_pattern(pattern)})(?!\w)"


def _lower_literals(pattern: str) -> str:
    r"""Lower-case a regex's literal letters, leaving escapes (``\S``, ``\W``, ``\B``) untouched."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def literal_prefixes(pattern: str, max_len: int = 12, max_n: int = 512) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` starts with (``None``: cannot tell).

    Used to find the places where a pattern may start (:class:`Scanner`). Prefixes run up to
    ``max_len`` characters, a whitespace run counting as one: longer ones send a pattern to fewer
    places ("russian aggr" rather than "russian "; 12 characters made matching ~7 % faster than 8
    on the 2022 corpus), but the number of combinations to enumerate grows with the length. An
    optional group is followed into the rest of the pattern ("russian-occu", not "russian-"), and
    up to ``max_n`` combinations are kept ("us-backed co", not "us"): on the real corpora (2 M
    words) the (position, pattern) candidates the matcher tries fell from 260,000 to 64,000, for
    18,500 pattern matches, and matching got ~10 % faster.

    Examples
    --------
    >>> sorted(literal_prefixes("kiev|kyiv"))
    ['kiev', 'kyiv']
    >>> sorted(literal_prefixes(expand_pattern("the ukrainian crisis")))  # a space: any whitespace run
    ['the ukrainia']
    >>> literal_prefixes(r"\\w+ war") is None
    True
    """
    try:
        parsed = _sre_parser.parse(pattern)
    except Exception:  # pragma: no cover - patterns were validated already
        return None
    for budget in (max_len, 6, 4, 3, 1):
        res = {re.sub(" +", " ", r) for r in _prefixes(list(parsed), 0, budget)}
        if res is None or "" in res or any(r.startswith(" ") for r in res):
            return None
        if len(res) > max_n:  # too many combinations: keep each prefix's first word only
            res = {re.split(r"[ -]", r, maxsplit=1)[0] or r for r in res}
        if len(res) <= max_n:
            # drop strings that extend another member: "western" covers "westernbacked"
            keep = {r for r in res if not any(r[:k] in res for k in range(1, len(r)))}
            return frozenset(keep)
    return None


def _is_space_set(op, av) -> bool:
    """True for a whitespace element: ``\\s``, ``[^\\S\\n]``, a literal space, tab or newline."""
    C = _sre_constants
    if op is C.LITERAL:
        return chr(av) in " \t\n\r\f\v"
    if op is C.IN:
        items = [x for x in av if x[0] is not C.NEGATE]
        negated = len(items) != len(av)
        cats = [a for o, a in items if o is C.CATEGORY]
        lits = [chr(a) for o, a in items if o is C.LITERAL]
        if not negated and cats == [C.CATEGORY_SPACE] and all(c.isspace() for c in lits):
            return True
        if negated and cats == [C.CATEGORY_NOT_SPACE] and all(c.isspace() for c in lits):
            return True
    return False


def _prefixes(seq: list, i: int, budget: int, after_space: bool = False) -> set[str]:
    """Prefix strings of ``seq[i:]``; a space stands for any run of whitespace (see Scanner).

    ``budget`` counts the characters of the prefix as the scanner sees it: whitespace elements in
    a row (``[^\\S\\n]+\\n?[^\\S\\n]*``, how a space in a lexicon pattern is expanded) fold into one
    space, so only the first of them is charged (``after_space``: the prefix so far ends in one).
    """
    C = _sre_constants
    if budget <= 0 or i >= len(seq):
        return {""}
    op, av = seq[i]
    if _is_space_set(op, av):
        return {" " + r for r in _prefixes(seq, i + 1, budget - (not after_space), True)}
    if op is C.LITERAL:
        return {chr(av) + r for r in _prefixes(seq, i + 1, budget - 1)}
    if op is C.IN:
        chars: list[str] = []
        for o, a in av:
            if o is C.LITERAL:
                chars.append(chr(a))
            elif o is C.RANGE and a[1] - a[0] < 8:
                chars.extend(chr(x) for x in range(a[0], a[1] + 1))
            else:
                return {""}
        if len(chars) > 8:
            return {""}
        rest = _prefixes(seq, i + 1, budget - 1)
        out = {c + r for c in chars for r in rest}
        return out if len(out) <= 512 else set(chars)
    if op is C.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            out |= _prefixes(list(b) + seq[i + 1 :], 0, budget, after_space)
            if len(out) > 512:
                return {""}
        return out
    if op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
        body = av[-1] if op is C.SUBPATTERN else av
        return _prefixes(list(body) + seq[i + 1 :], 0, budget, after_space)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, body = av
        body = list(body)
        if len(body) == 1 and _is_space_set(*body[0]):
            # whitespace runs collapse to one space atom, then the pattern goes on
            with_space = {" " + r for r in _prefixes(seq, i + 1, budget - (not after_space), True)}
            return with_space if lo >= 1 else with_space | _prefixes(seq, i + 1, budget, after_space)
        # an optional group (``?``) goes on into the rest of the pattern ("russian-occupied",
        # not just "russian-"); a repeated one stops after its first repetition
        once = _prefixes(body + seq[i + 1 :] if hi == 1 else body, 0, budget, after_space)
        return once | _prefixes(seq, i + 1, budget, after_space) if lo == 0 else once
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _prefixes(seq, i + 1, budget, after_space)
    return {""}


@dataclass(frozen=True, eq=False)  # identity hash: used as a dict key per document
class CompiledPattern:
    """One pattern of one variant, ready for scanning.

    ``regex`` runs on lower-cased normalized text (``lower=True``; literal letters lower-cased, no
    IGNORECASE flag, which is an order of magnitude faster) or, for case-sensitive variants, on the
    normalized text as is. The leading word-edge check is done by the caller. ``prefixes`` is a
    substring prefilter (``None``: always scan). ``fallback`` is the case-insensitive regex on
    normalized text, for the rare text whose lower-casing changes its length.
    """

    variant: Variant
    order: int
    regex: re.Pattern
    lower: bool
    prefixes: frozenset[str] | None
    fallback: re.Pattern
    concept_index: int = 0


def _fallback_source(p: str, case_sensitive: bool) -> str:
    """A pattern as it runs on normalized text as is: ``(?i:…)`` unless case-sensitive."""
    body = expand_pattern(p)
    return rf"(?:{body})(?!\w)" if case_sensitive else rf"(?i:{body})(?!\w)"


@lru_cache(maxsize=4096)
def _compiled_source(src: str) -> re.Pattern:
    """``re.compile`` with a cache as large as a lexicon: loading validates each pattern by
    compiling its fallback form, which :func:`_compile_pattern` then reuses."""
    return re.compile(src)


def _compile_pattern(v: Variant, p: str, order: int, ci: int) -> CompiledPattern:
    fallback = _compiled_source(_fallback_source(p, v.case_sensitive))
    if v.case_sensitive:
        return CompiledPattern(v, order, fallback, False, literal_prefixes(fallback.pattern), fallback, ci)
    low = rf"(?:{_lower_literals(expand_pattern(p))})(?!\w)"
    return CompiledPattern(v, order, re.compile(low), True, literal_prefixes(low), fallback, ci)


def _compile_concept(concept: Concept, ci: int = 0) -> tuple[Concept, list[CompiledPattern]]:
    out = []
    for vi, v in enumerate(concept.variants):
        for p in v.patterns:
            out.append(_compile_pattern(v, p, vi, ci))
    return concept, out


# ------------------------------------------------------------------------------------------------
# Loading and validation
# ------------------------------------------------------------------------------------------------


def _bundled_names() -> list[str]:
    from .bundled import lexicon_names

    return lexicon_names()


def _lexicon_file(path: str | Path | None) -> Path:
    """The file a ``--lexicon`` value names: none or empty is the bundled default; a bare name
    (``us_immigration``) that is not a file here is a bundled lexicon."""
    if not path:
        return DEFAULT_LEXICON
    p = Path(path)
    if not p.exists() and p.suffix == "" and len(p.parts) == 1 and p.name in _bundled_names():
        from .bundled import lexicon_path

        return lexicon_path(p.name)
    return p


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate a lexicon YAML file (``None`` or ``""``: the bundled Russia–Ukraine lexicon;
    a bare name such as ``"us_immigration"``: that bundled lexicon).

    Raises
    ------
    LexiconError
        With the file, line, entry and problem, e.g.
        ``lex.yaml: line 12: variant 'kiev': unknown stance 'kremln'; use one of kremlin, ...``.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.name, len(lex.concepts) >= 17
    ('russia_ukraine', True)
    """
    path = _lexicon_file(path)
    if not path.exists():
        raise LexiconError(f"{path}: no such lexicon file; pass --lexicon PATH (or the name of a bundled lexicon: "
                           f"{', '.join(_bundled_names())}), or omit it for the bundled one")
    if path.is_dir():
        raise LexiconError(f"{path}: is a folder; name the lexicon's YAML file")
    if not path.is_file():
        raise LexiconError(f"{path}: is not a regular file (a pipe or a device); save the lexicon to a file")
    try:
        size = path.stat().st_size
        if size > MAX_LEXICON_BYTES:
            raise LexiconError(f"{path}: {size:,} bytes: larger than any lexicon ({MAX_LEXICON_BYTES:,} bytes at most); "
                               "is it the right file?")
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LexiconError(f"{path}: line {line}: not UTF-8 text (byte {exc.start}); save the lexicon as UTF-8") from None
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc.strerror}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LexiconError(f"{path}: line {line}: a NUL byte: this is binary data, not a YAML lexicon")
    lex = parse_lexicon(text, source=str(path))
    lex.sha256 = hashlib.sha256(raw).hexdigest()
    return lex


def parse_lexicon(text: str, source: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML given as a string (see :func:`load_lexicon`).

    Examples
    --------
    >>> lex = parse_lexicon('''
    ... name: mini
    ... version: "0.1"
    ... last_reviewed: 2026-01-01
    ... concepts:
    ...   - id: capital
    ...     label: Capital
    ...     variants:
    ...       - {id: kyiv, label: Kyiv, stance: ukraine_west, patterns: [Kyiv], confidence: judgment}
    ... ''')
    >>> [v.id for v in lex.variants]
    ['kyiv']
    """
    try:
        _check_events(text, source)  # before anything is built: no alias can expand
        loader = _Loader(text)
        loader.name = source
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise LexiconError(f"{source}: {where}YAML syntax error: {exc.problem or exc.context}; fix the YAML") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: YAML error: {exc}") from None
    return _build(data, source)


def _check_events(text: str, source: str) -> None:
    """Refuse YAML aliases, deep nesting and huge documents before any node is built.

    A lexicon has no use for anchors and aliases (``&a`` / ``*a``), and nine nested aliases of
    nine items each ("billion laughs") expand to a billion strings: 30 s and gigabytes before
    failing. The event stream of the (C) parser shows an alias as it comes, with its line, so it
    is refused before the composer links it and anything expands it. Nesting is capped (the
    builder recurses once per level) and so is the number of nodes.
    """
    depth = 0
    nodes = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise LexiconError(
                f"{source}: line {event.start_mark.line + 1}: YAML alias *{event.anchor}: aliases (and the "
                "anchors they repeat) are not allowed in a lexicon; write the value out"
            )
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise LexiconError(f"{source}: line {event.start_mark.line + 1}: YAML nested more than "
                                   f"{MAX_YAML_DEPTH} levels deep; a lexicon needs a handful")
        elif isinstance(event, ends):
            depth -= 1
        else:
            continue
        nodes += 1
        if nodes > MAX_YAML_NODES:
            raise LexiconError(f"{source}: line {event.start_mark.line + 1}: more than {MAX_YAML_NODES:,} YAML "
                               "mappings and lists; split the lexicon")


def _err(source: str, line: int, entry: str, problem: str) -> LexiconError:
    loc = f"line {line}: " if line else ""
    return LexiconError(f"{source}: {loc}{entry}: {problem}")


def _check_fields(obj: Any, required: Iterable[str], optional: Iterable[str], source: str, entry: str, line: int):
    if not isinstance(obj, dict):
        raise _err(source, line, entry, f"expected a mapping of fields, got {type(obj).__name__}")
    required = tuple(required)
    allowed = set(required) | set(optional)
    for key in required:
        if key not in obj or obj[key] is None or obj[key] == "":
            raise _err(source, getattr(obj, "line", line), entry, f"missing required field {key!r}")
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        raise _err(
            source, getattr(obj, "line", line), entry,
            f"unknown field {unknown[0]!r}; allowed fields are {', '.join(sorted(allowed))}",
        )


def _as_date(value: Any, source: str, line: int, entry: str, key: str) -> pd.Timestamp:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return pd.Timestamp(value)
    try:
        return pd.Timestamp(_dt.date.fromisoformat(str(value)))
    except ValueError:
        raise _err(source, line, entry, f"{key} {value!r} is not a date; write YYYY-MM-DD") from None


def _compile_regex(p: Any, source: str, line: int, entry: str, field_name: str, case_sensitive: bool = False,
                   bounded: bool = True):
    """Validate one regex of a lexicon entry; return it compiled with word-edge bounds, or
    (``bounded=False``, for ``patterns``) in the fallback form the matcher compiles anyway."""
    if not isinstance(p, str) or not p.strip():
        raise _err(source, line, entry, f"{field_name}: each pattern must be a non-empty string, got {p!r}")
    if len(p) > MAX_PATTERN_LENGTH:
        raise _err(source, line, entry, f"{field_name}: regex {p[:40]!r}... is {len(p)} characters long; "
                   f"at most {MAX_PATTERN_LENGTH} are allowed: split it into several patterns")
    if re.search(r"\(\?[a-zA-Z]*-[a-zA-Z]*i|\(\?[aiLmsux]+\)", p):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} sets inline flags; use the variant's case_sensitive field instead")
    try:
        _sre_parser.parse(p.replace("{-}", "-"))  # error positions refer to what the author wrote
        rx = _compiled_source(_bounded(p, case_sensitive) if bounded else _fallback_source(p, case_sensitive))
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise _err(source, line, entry, f"{field_name}: bad regex {p!r}: {exc.msg}{where}") from None
    except (RecursionError, OverflowError):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} nests groups too deeply; flatten it") from None
    _check_backtracking(rx.pattern, 0, p, source, line, entry, field_name)
    if rx.groupindex:
        raise _err(source, line, entry, f"{field_name}: regex {p!r} uses a named group; use (?:...) instead")
    if rx.match(""):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} matches the empty string; make it require text")
    if re.search(r"\\[1-9]", p):
        raise _err(source, line, entry, f"{field_name}: regex {p!r} uses a backreference, which is not supported")
    return rx


def _check_backtracking(compiled: str, flags: int, p: str, source: str, line: int, entry: str, field_name: str) -> None:
    """Refuse a regex whose matching time can explode (:func:`framing.regex_safety.regex_risk`)."""
    why = _regex_risk(compiled, flags)
    if why:
        raise _err(source, line, entry, f"{field_name}: regex {p!r} is refused: {why}")


@lru_cache(maxsize=8192)
def _regex_risk(compiled: str, flags: int) -> str | None:
    return regex_risk(compiled, flags)


def _str_list(value: Any, source: str, line: int, entry: str, key: str) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise _err(source, line, entry, f"{key} must be a list, got {type(value).__name__}")
    return list(value)


def _build(data: Any, source: str) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: the lexicon must be a YAML mapping with name, version, last_reviewed and concepts")
    _check_fields(data, _TOP_REQUIRED, _TOP_OPTIONAL, source, "top level", 1)
    sources_raw = data.get("sources") or {}
    if not isinstance(sources_raw, dict):
        raise _err(source, getattr(sources_raw, "line", 0), "sources", "must be a mapping of id -> {citation, url}")
    sources: dict[str, dict[str, str]] = {}
    for sid, s in sources_raw.items():
        if isinstance(s, str):
            sources[str(sid)] = {"citation": s, "url": ""}
        elif isinstance(s, dict) and s.get("citation"):
            sources[str(sid)] = {"citation": str(s["citation"]), "url": str(s.get("url") or "")}
        else:
            raise _err(source, getattr(s, "line", sources_raw.line), f"source {sid!r}", "needs a 'citation' (and a 'url')")
    defaults = data.get("defaults") or {}
    default_window = defaults.get("window", DEFAULT_WINDOW) if isinstance(defaults, dict) else DEFAULT_WINDOW
    if not isinstance(default_window, int) or isinstance(default_window, bool) or not 0 <= default_window <= MAX_WINDOW:
        raise _err(source, getattr(defaults, "line", 0), "defaults",
                   f"window must be a non-negative integer of at most {MAX_WINDOW} (characters), got {default_window!r}")
    sides = _build_sides(data["sides"], source) if "sides" in data else DEFAULT_SIDES
    concepts_raw = data["concepts"]
    if not isinstance(concepts_raw, list) or not concepts_raw:
        raise _err(source, getattr(concepts_raw, "line", 0), "concepts", "must be a non-empty list of concepts")

    concept_ids: dict[str, int] = {}
    variant_ids: dict[str, int] = {}
    concepts = []
    for ci, c in enumerate(concepts_raw):
        cline = getattr(c, "line", 0)
        centry = f"concepts[{ci}]" + (f" ({c.get('id')!r})" if isinstance(c, dict) and c.get("id") else "")
        _check_fields(c, _CONCEPT_REQUIRED, _CONCEPT_OPTIONAL, source, centry, cline)
        cid = str(c["id"])
        centry = f"concept {cid!r}"
        if not _ID.match(cid):
            raise _err(source, cline, centry, "id must be lower-case letters, digits and underscores")
        if cid in concept_ids:
            raise _err(source, cline, centry, f"duplicate concept id (first defined on line {concept_ids[cid]})")
        concept_ids[cid] = cline
        if not isinstance(c["variants"], list) or not c["variants"]:
            raise _err(source, cline, centry, "variants must be a non-empty list")
        variants = []
        for vi, v in enumerate(c["variants"]):
            vline = getattr(v, "line", cline)
            ventry = f"concept {cid!r} variants[{vi}]" + (f" ({v.get('id')!r})" if isinstance(v, dict) and v.get("id") else "")
            _check_fields(v, _VARIANT_REQUIRED, _VARIANT_OPTIONAL, source, ventry, vline)
            variants.append(_build_variant(v, cid, source, vline, variant_ids, sources, default_window, sides))
        cues_by_lang = _build_cues(c.get("cues"), source, cline, centry)
        cues = tuple(dict.fromkeys(p for _lang, ps in cues_by_lang for p in ps))
        concepts.append(
            Concept(cid, str(c["label"]), str(c.get("description") or "").strip(), tuple(variants), str(c.get("section") or ""),
                    cues, cues_by_lang)
        )
    return Lexicon(
        name=str(data["name"]),
        version=str(data["version"]),
        last_reviewed=str(data["last_reviewed"]),
        description=str(data.get("description") or "").strip(),
        concepts=tuple(concepts),
        sources=sources,
        path=source,
        proper_names=_build_proper_names(data.get("proper_names"), source, sources),
        sides=sides,
    )


def _lang_code(value: Any, source: str, line: int, entry: str, key: str) -> str:
    """A ``lang`` value checked: a two-letter ISO 639-1 code in lower case."""
    from .language import ISO_639_1

    code = str(value).strip() if isinstance(value, str) else None
    if not code or code not in ISO_639_1:
        raise _err(source, line, entry, f"{key} {value!r} is not a two-letter ISO 639-1 language code in lower case; "
                   "use e.g. en, ru or uk")
    return code


def _build_cues(raw: Any, source: str, line: int, entry: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A concept's ``cues``: a list (English cues) or a mapping of language -> list."""
    if raw is None:
        return ()
    if isinstance(raw, dict):
        items = [(_lang_code(k, source, getattr(raw, "line", line), entry, "cues: language"), v) for k, v in raw.items()]
    else:
        items = [(DEFAULT_LANG, raw)]
    out = []
    for lang, value in items:
        ps = tuple(str(p) for p in _str_list(value, source, line, entry, f"cues[{lang}]" if isinstance(raw, dict) else "cues")
                   if _compile_regex(p, source, line, entry, "cues"))
        out.append((lang, ps))
    return tuple(sorted(out))


def _expand_lemmas(lemmas: list, lang: str, source: str, line: int, entry: str) -> list[str]:
    """Each lemma phrase of a variant as one regex of its inflected forms (:mod:`framing.inflect`)."""
    from .inflect import LANGUAGES, lemma_pattern

    if lang not in LANGUAGES:
        raise _err(source, line, entry, f"lemmas need a language with a morphological dictionary: set lang to "
                   f"{' or '.join(LANGUAGES)} (lang is {lang!r}), or write the forms as patterns")
    out = []
    for k, phrase in enumerate(lemmas):
        if not isinstance(phrase, str) or not phrase.strip():
            raise _err(source, line, entry, f"lemmas[{k}]: each lemma must be a non-empty phrase, got {phrase!r}")
        try:
            out.append(lemma_pattern(phrase.strip(), lang))
        except LexiconError as exc:
            raise _err(source, line, entry, f"lemmas[{k}]: {exc}") from None
    return out


def _build_proper_names(block: Any, source: str, sources: dict) -> ProperNames | None:
    """The ``proper_names`` block: ``heads`` and ``before`` (lists of words), ``names`` (list of
    ``{pattern, reason}`` with an optional ``sources`` list), ``kinds`` (default spelling, style)."""
    if block is None:
        return None
    line = getattr(block, "line", 0)
    entry = "proper_names"
    if not isinstance(block, dict):
        raise _err(source, line, entry, "must be a mapping with heads, before and/or names")
    _check_fields(block, (), ("heads", "before", "names", "kinds", "note"), source, entry, line)

    def words(key: str) -> list[str]:
        out = [str(w).strip() for w in _str_list(block.get(key), source, line, entry, key)]
        for w in out:
            if not re.fullmatch(r"[\w'.&-]+(?: [\w'.&-]+)*", w):
                raise _err(source, line, entry, f"{key}: {w!r} must be a word or words (letters, digits, ' . & -)")
        return out

    heads, before = words("heads"), words("before")
    heads_rx = re.compile(r"[^\S\n]+(?:" + "|".join(map(re.escape, sorted(heads, key=len, reverse=True))) + r")(?!\w)") if heads else None
    before_rx = re.compile(r"(?<!\w)(?i:" + "|".join(map(re.escape, sorted(before, key=len, reverse=True))) + r")[^\S\n]+$") if before else None
    names = []
    for k, item in enumerate(_str_list(block.get("names"), source, line, entry, "names")):
        iline = getattr(item, "line", line)
        if not isinstance(item, dict) or "pattern" not in item or "reason" not in item:
            raise _err(source, iline, entry, f"names[{k}] needs 'pattern' and 'reason' (why it is a name)")
        bad = sorted(set(item) - {"pattern", "reason", "sources"})
        if bad:
            raise _err(source, iline, entry, f"names[{k}]: unknown field {bad[0]!r}; use pattern, reason, sources")
        for sid in _str_list(item.get("sources"), source, iline, entry, "sources"):
            if sid not in sources:
                raise _err(source, iline, entry, f"names[{k}]: unknown source {sid!r}; add it under 'sources'")
        names.append(_compile_regex(item["pattern"], source, iline, entry, f"names[{k}].pattern"))
    kinds = tuple(str(x) for x in _str_list(block.get("kinds"), source, line, entry, "kinds")) or ("spelling", "style")
    bad_kind = [k for k in kinds if k not in KINDS]
    if bad_kind:
        raise _err(source, line, entry, f"kinds: unknown kind {bad_kind[0]!r}; use one of {', '.join(KINDS)}")
    return ProperNames(heads_rx, before_rx, tuple(names), kinds)


def _build_variant(v: dict, cid: str, source: str, line: int, seen: dict[str, int], sources: dict, default_window: int,
                   sides: Sides | None = None) -> Variant:
    sides = sides or DEFAULT_SIDES
    stances = set(sides.ids)
    vid = str(v["id"])
    entry = f"variant {vid!r}"
    if not _ID.match(vid):
        raise _err(source, line, entry, "id must be lower-case letters, digits and underscores")
    if vid in seen:
        raise _err(source, line, entry, f"duplicate variant id (first defined on line {seen[vid]}); ids are unique across the lexicon")
    seen[vid] = line
    case_sensitive = bool(v.get("case_sensitive", False))
    stance = str(v["stance"])
    has_context = bool(v.get("stance_context"))
    if stance not in stances and not (stance == CONTEXT_STANCE and has_context):
        raise _err(source, line, entry, f"unknown stance {stance!r}; use one of {_stance_choices(sides, context=True)}")
    confidence = str(v["confidence"])
    if confidence not in CONFIDENCES:
        raise _err(source, line, entry, f"unknown confidence {confidence!r}; use sourced or judgment")
    signal = str(v.get("signal", "moderate"))
    if signal not in SIGNALS:
        raise _err(source, line, entry, f"unknown signal {signal!r}; use one of {', '.join(SIGNALS)}")
    kind = str(v.get("kind", "frame"))
    if kind not in KINDS:
        raise _err(source, line, entry, f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    lang = _lang_code(v["lang"], source, line, entry, "lang") if "lang" in v else DEFAULT_LANG
    patterns = _str_list(v.get("patterns"), source, line, entry, "patterns")
    lemmas = _str_list(v.get("lemmas"), source, line, entry, "lemmas")
    if not patterns and not lemmas:
        raise _err(source, line, entry, "missing required field 'patterns' (regexes); or give 'lemmas' (phrases in their "
                   "dictionary form, with lang ru or uk)")
    for p in patterns:
        _compile_regex(p, source, line, entry, "patterns", case_sensitive, bounded=False)
    if lemmas:
        expanded = _expand_lemmas(lemmas, lang, source, line, entry)
        for p in expanded:
            _compile_regex(p, source, line, entry, "lemmas", case_sensitive, bounded=False)
        patterns = [*patterns, *expanded]
    exclude = tuple(_compile_regex(p, source, line, entry, "exclude") for p in _str_list(v.get("exclude"), source, line, entry, "exclude"))
    exclude_ctx = tuple(
        _compile_regex(p, source, line, entry, "exclude_context") for p in _str_list(v.get("exclude_context"), source, line, entry, "exclude_context")
    )
    requires = tuple(
        _compile_regex(p, source, line, entry, "requires_context") for p in _str_list(v.get("requires_context"), source, line, entry, "requires_context")
    )
    src = tuple(str(s) for s in _str_list(v.get("sources"), source, line, entry, "sources"))
    for s in src:
        if s not in sources:
            raise _err(source, line, entry, f"unknown source {s!r}; add it under the top-level 'sources' mapping")
    if confidence == "sourced" and not src:
        raise _err(source, line, entry, "confidence 'sourced' needs at least one id in 'sources' (or use 'judgment')")
    window = v.get("window", default_window)
    if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= MAX_WINDOW:
        raise _err(source, line, entry, f"window must be a non-negative integer of at most {MAX_WINDOW} (characters), got {window!r}")

    periods = []
    for k, p in enumerate(_str_list(v.get("stance_periods"), source, line, entry, "stance_periods")):
        pline = getattr(p, "line", line)
        if not isinstance(p, dict) or "stance" not in p:
            raise _err(source, pline, entry, f"stance_periods[{k}] needs a 'stance' and a 'from' and/or 'until' date")
        bad = sorted(set(p) - {"from", "until", "stance"})
        if bad:
            raise _err(source, pline, entry, f"stance_periods[{k}]: unknown field {bad[0]!r}; use from, until, stance")
        if p["stance"] not in stances:
            raise _err(source, pline, entry, f"stance_periods[{k}]: unknown stance {p['stance']!r}; use one of {_stance_choices(sides)}")
        if "from" not in p and "until" not in p:
            raise _err(source, pline, entry, f"stance_periods[{k}] needs a 'from' and/or 'until' date")
        start = _as_date(p["from"], source, pline, entry, f"stance_periods[{k}].from") if "from" in p else None
        end = _as_date(p["until"], source, pline, entry, f"stance_periods[{k}].until") if "until" in p else None
        if start is not None and end is not None and start > end:
            raise _err(source, pline, entry, f"stance_periods[{k}]: from {start.date()} is after until {end.date()}")
        periods.append(StancePeriod(str(p["stance"]), start, end))
    lo = pd.Timestamp.min
    hi = pd.Timestamp.max
    for a in range(len(periods)):
        for b in range(a + 1, len(periods)):
            pa, pb = periods[a], periods[b]
            if (pa.start or lo) <= (pb.end or hi) and (pb.start or lo) <= (pa.end or hi):
                raise _err(source, line, entry, f"stance_periods[{a}] and [{b}] overlap; periods must not share a date")

    rules = []
    for k, r in enumerate(_str_list(v.get("stance_context"), source, line, entry, "stance_context")):
        rline = getattr(r, "line", line)
        if not isinstance(r, dict) or "pattern" not in r or "stance" not in r:
            raise _err(source, rline, entry, f"stance_context[{k}] needs 'pattern' and 'stance'")
        bad = sorted(set(r) - {"pattern", "stance", "where"})
        if bad:
            raise _err(source, rline, entry, f"stance_context[{k}]: unknown field {bad[0]!r}; use pattern, stance, where")
        if r["stance"] not in stances:
            raise _err(source, rline, entry, f"stance_context[{k}]: unknown stance {r['stance']!r}; use one of {_stance_choices(sides)}")
        where = str(r.get("where", "before"))
        if where not in ("before", "after", "around"):
            raise _err(source, rline, entry, f"stance_context[{k}]: where must be before, after or around, got {where!r}")
        pat = str(r["pattern"])
        if len(pat) > MAX_PATTERN_LENGTH:
            raise _err(source, rline, entry, f"stance_context[{k}]: pattern is {len(pat)} characters long; "
                       f"at most {MAX_PATTERN_LENGTH} are allowed: split it into several rules")
        anchored = pat + r"\s*$" if where == "before" else (r"^\s*" + pat if where == "after" else pat)
        try:
            rx = re.compile(expand_pattern(anchored), re.IGNORECASE)
        except re.error as exc:
            raise _err(source, rline, entry, f"stance_context[{k}]: bad regex {pat!r}: {exc.msg}") from None
        except (RecursionError, OverflowError):
            raise _err(source, rline, entry, f"stance_context[{k}]: regex {pat!r} nests groups too deeply; flatten it") from None
        _check_backtracking(rx.pattern, re.IGNORECASE, pat, source, rline, entry, f"stance_context[{k}]")
        rules.append(ContextRule(rx, str(r["stance"]), where))

    surface = tuple(str(s) for s in _str_list(v.get("surface"), source, line, entry, "surface"))
    return Variant(
        id=vid, concept=cid, label=str(v["label"]), stance=stance, patterns=tuple(str(p) for p in patterns),
        confidence=confidence, signal=signal, kind=kind, sources=src, note=str(v.get("note") or "").strip(),
        case_sensitive=case_sensitive, window=window, exclude=exclude, exclude_context=exclude_ctx,
        requires_context=requires, stance_periods=tuple(periods), stance_context=tuple(rules), surface=surface,
        line=line, lang=lang, lemmas=tuple(str(x).strip() for x in lemmas), exclude_context_rx=_union(exclude_ctx),
        requires_context_rx=_union(requires),
    )


# ------------------------------------------------------------------------------------------------
# Sides
# ------------------------------------------------------------------------------------------------

#: The ``sides`` block of a lexicon that has none: the four stances of the bundled Russia–Ukraine
#: lexicon (every lexicon had these before lexicons declared their sides), balance between the
#: first two. Its colours are what :meth:`Sides.colour` assigns by default.
DEFAULT_SIDES_BLOCK: dict[str, Any] = {
    "balance": {"positive": "kremlin", "negative": "ukraine_west"},
    "stances": [
        {"id": "kremlin", "label": "Kremlin-aligned", "colour": "#D55E00",
         "description": "the Russian state's usage"},
        {"id": "ukraine_west", "label": "Ukrainian/Western", "colour": "#0072B2",
         "description": "Ukrainian and Western official and style-guide usage"},
        {"id": "neutral", "label": "neutral", "colour": "#999999", "neutral": True,
         "description": "both sides use it, or neither"},
        {"id": "isolationist", "label": "isolationist", "colour": "#E69F00",
         "description": "the Western non-interventionist frame"},
    ],
}

_SIDE_FIELDS = ("id", "label", "description", "colour", "color", "neutral")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _build_sides(block: Any, source: str, allow_any_id: bool = False, need_balance: bool = True) -> Sides:
    """Validate a ``sides`` block (see :class:`Sides` and the manual, docs/lexicon.md) and
    assign the colours it leaves out (:data:`framing.style.SIDE_PALETTE`, :data:`framing.style.NEUTRAL_GREYS`)."""
    from .style import NEUTRAL_GREYS, SIDE_PALETTE

    line = getattr(block, "line", 0)
    if not isinstance(block, dict):
        raise _err(source, line, "sides", "must be a mapping with 'stances' (a list of sides) and 'balance'")
    _check_fields(block, ("stances",), ("balance", "note"), source, "sides", line)
    raw = block["stances"]
    if not isinstance(raw, list) or not raw:
        raise _err(source, getattr(raw, "line", line), "sides",
                   "stances must be a non-empty list such as [{id: restrictionist, label: restrictionist}, ...]")
    seen: dict[str, int] = {}
    parsed = []
    for k, item in enumerate(raw):
        iline = getattr(item, "line", line)
        entry = f"sides.stances[{k}]" + (f" ({item.get('id')!r})" if isinstance(item, dict) and item.get("id") else "")
        _check_fields(item, ("id",), _SIDE_FIELDS[1:], source, entry, iline)
        sid = str(item["id"])
        if not allow_any_id and not _ID.match(sid):
            raise _err(source, iline, entry, "id must be lower-case letters, digits and underscores")
        if sid == CONTEXT_STANCE:
            raise _err(source, iline, entry, f"{CONTEXT_STANCE!r} is reserved (a variant whose stance only its "
                       "stance_context rules decide); name the side otherwise")
        if sid in seen:
            raise _err(source, iline, entry, f"duplicate side id (first listed on line {seen[sid]}); each side once")
        seen[sid] = iline
        if "colour" in item and "color" in item:
            raise _err(source, iline, entry, "both 'colour' and 'color'; keep one")
        colour = item.get("colour", item.get("color"))
        if colour is None and ("colour" in item or "color" in item):
            raise _err(source, iline, entry, "colour is empty; write it in quotes, e.g. colour: \"#0072B2\" "
                       "(an unquoted # starts a YAML comment)")
        if colour is not None:
            if not isinstance(colour, str) or not _COLOUR.fullmatch(colour.strip()):
                raise _err(source, iline, entry, f"colour {colour!r} is not a hex colour; write \"#RRGGBB\" in quotes "
                           "(YAML reads an unquoted # as a comment), e.g. \"#0072B2\"")
            colour = colour.strip().upper()
            if len(colour) == 4:
                colour = "#" + "".join(ch * 2 for ch in colour[1:])
        neutral = item.get("neutral", False)
        if not isinstance(neutral, bool):
            raise _err(source, iline, entry, f"neutral must be true or false, got {neutral!r}")
        label = item.get("label")
        label = sid.replace("_", " ") if label is None or str(label).strip() == "" else str(label).strip()
        parsed.append((sid, label, colour, neutral, str(item.get("description") or "").strip(), iline, entry))

    by_id = {p[0]: p for p in parsed}
    positive = negative = None
    balance = block.get("balance")
    non_neutral = [p[0] for p in parsed if not p[3]]
    if balance is None:
        if need_balance and len(non_neutral) >= 2:
            raise _err(source, line, "sides", f"name the balance axis: balance: {{positive: {non_neutral[0]}, "
                       f"negative: {non_neutral[1]}}} (two of its non-neutral sides; the balance is (P − N)/(P + N))")
    else:
        bline = getattr(balance, "line", line)
        _check_fields(balance, ("positive", "negative"), (), source, "sides.balance", bline)
        positive, negative = str(balance["positive"]), str(balance["negative"])
        for role, sid in (("positive", positive), ("negative", negative)):
            if sid not in by_id:
                raise _err(source, bline, "sides.balance", f"{role}: {sid!r} is not a side; use one of "
                           f"{', '.join(non_neutral) or '(no non-neutral side)'}, or add it under sides.stances")
            if by_id[sid][3]:
                raise _err(source, bline, "sides.balance", f"{role}: {sid!r} is a neutral side; the balance is "
                           "between two non-neutral sides")
        if positive == negative:
            raise _err(source, bline, "sides.balance", f"positive and negative are both {positive!r}; name two sides")

    # colours: the given ones, then the palette in a fixed order (positive, negative, others as listed)
    taken: dict[str, str] = {}
    for sid, _label, colour, _n, _d, iline, entry in parsed:
        if colour is not None:
            if colour in taken:
                raise _err(source, iline, entry, f"colour {colour} is also side {taken[colour]!r}'s; "
                           "give each side its own colour")
            taken[colour] = sid
    colours = {p[0]: p[2] for p in parsed if p[2] is not None}
    wanting = [sid for sid in (positive, negative) if sid and sid not in colours]
    wanting += [p[0] for p in parsed if not p[3] and p[0] not in colours and p[0] not in wanting]
    wanting_neutral = [p[0] for p in parsed if p[3] and p[0] not in colours]
    for ids, palette, what in ((wanting, SIDE_PALETTE, "non-neutral"), (wanting_neutral, NEUTRAL_GREYS, "neutral")):
        free = [c for c in palette if c not in taken]
        if len(ids) > len(free):
            raise _err(source, line, "sides", f"{len(ids)} {what} sides without a colour and {len(free)} colours "
                       f"left of the default palette; give side {ids[len(free)]!r} a colour (\"#RRGGBB\")")
        for sid, c in zip(ids, free):
            colours[sid] = c
            taken[c] = sid
    sides = tuple(Side(sid, label, colours[sid], neutral, desc) for sid, label, _c, neutral, desc, _l, _e in parsed)
    return Sides(sides, positive, negative)


#: The sides of a lexicon without a ``sides`` block (see :data:`DEFAULT_SIDES_BLOCK`).
DEFAULT_SIDES = dataclasses.replace(_build_sides(DEFAULT_SIDES_BLOCK, "<default sides>"), declared=False)
#: The default sides' stance ids.
STANCES = DEFAULT_SIDES.ids


def _stance_choices(sides: Sides, context: bool = False) -> str:
    """The valid stances, for an error message (and how to declare others)."""
    text = ", ".join(sides.ids)
    if context:
        text += f" (or {CONTEXT_STANCE!r} with stance_context rules)"
    if not sides.declared:
        text += ", or declare the lexicon's own stances in a top-level 'sides' block"
    return text


def _union(regexes: tuple[re.Pattern, ...]) -> re.Pattern | None:
    if not regexes:
        return None
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in regexes))


# ------------------------------------------------------------------------------------------------
# Command line: framing lexicon check|list
# ------------------------------------------------------------------------------------------------


def _cmd_check(args: argparse.Namespace) -> int:
    lex = load_lexicon(args.path)
    s = lex.summary()
    stances = ", ".join(f"{k} {v}" for k, v in s["by_stance"].items())
    conf = ", ".join(f"{k} {v}" for k, v in s["by_confidence"].items())
    print(
        f"{lex.path}: OK: {s['name']} {s['version']} (reviewed {s['last_reviewed']}): "
        f"{s['concepts']} concepts, {s['variants']} variants ({stances}; {conf}; "
        f"{s['date_dependent']} date-dependent; by language: "
        f"{', '.join(f'{k} {v}' for k, v in s['by_lang'].items())}; {s['lemmas']} lemma phrases expanded)"
    )
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    lex = load_lexicon(args.path)
    df = lex.variants_frame()
    if args.concept:
        df = df[df["concept"] == args.concept]
        if df.empty:
            from .errors import ParameterError

            raise ParameterError(f"--concept: no concept {args.concept!r}; known: {', '.join(c.id for c in lex.concepts)}")
    cols = ["concept", "variant", "label", "lang", "stance", "confidence", "signal", "stance_periods"]
    if args.format == "csv":
        df[cols].to_csv(sys.stdout, index=False)
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
            print(df[cols].to_string(index=False))
    return 0


def register(subparsers) -> None:
    """Add ``framing lexicon check [PATH]`` and ``framing lexicon list [PATH]``."""
    p = subparsers.add_parser("lexicon", help="validate or list a lexicon of contested terms")
    sub = p.add_subparsers(dest="lexicon_command", metavar="ACTION")
    pc = sub.add_parser("check", help="validate a lexicon and print concept/variant counts")
    pc.add_argument("path", nargs="?", default=None, help="lexicon YAML (default: the bundled one)")
    pc.set_defaults(func=_cmd_check)
    pl = sub.add_parser("list", help="print concept, variant, label, stance, confidence")
    pl.add_argument("path", nargs="?", default=None, help="lexicon YAML (default: the bundled one)")
    pl.add_argument("--concept", default="", help="only this concept id")
    pl.add_argument("--format", choices=["table", "csv"], default="table")
    pl.set_defaults(func=_cmd_list)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
