"""The lexicon as data: sides, stance periods, context rules, variants, concepts, proper names and the
:class:`Lexicon` itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import LexiconError
from .constants import CONTEXT_STANCE, DEFAULT_LANG, DEFAULT_WINDOW
from .scan import (
    _CYRILLIC_LETTER,
    _LATIN_LETTER,
    _REGEX_SYNTAX,
    CompiledPattern,
    Scanner,
    _compile_concept,
    _period_text,
)

if TYPE_CHECKING:
    from ..prefilter import StemIndex

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
        from ..style import OTHER_STANCE_COLOUR, SIDE_PALETTE

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
        poles = self.poles
        if poles is None:
            return what
        positive, negative = poles
        return f"← {self.label(negative)}   {what}   {self.label(positive)} →"

    def balance_formula(self) -> str:
        """The balance in words, e.g. ``"(P − N) / (P + N), P: Kremlin-aligned mentions, N: Ukrainian/Western mentions"``."""
        poles = self.poles
        if poles is None:
            return "no balance axis (the lexicon has fewer than two non-neutral sides)"
        positive, negative = poles
        return f"(P − N) / (P + N), P: {self.label(positive)} mentions, N: {self.label(negative)} mentions"

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
            assert s is not None  # the order lists the sides' own ids
            role = (
                "positive pole"
                if sid == self.positive
                else "negative pole"
                if sid == self.negative
                else "neutral"
                if s.neutral
                else "side"
            )
            rows.append({"side": sid, "label": s.label, "colour": s.colour, "role": role, "description": s.description})
        return pd.DataFrame(rows, columns=["side", "label", "colour", "role", "description"])

    @classmethod
    def automatic(cls, stances: Iterable[str]) -> Sides:
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
            from .sides import _build_sides

            return _build_sides(block, "<stances>", allow_any_id=True, need_balance=False)
        except LexiconError as exc:
            from ..errors import ParameterError

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
    from .sides import DEFAULT_SIDES

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

        latin = tuple(
            rx for rx in self.names if not _CYRILLIC_LETTER.search(letters(rx)) or _LATIN_LETTER.search(letters(rx))
        )
        cyrillic = tuple(
            rx for rx in self.names if not _LATIN_LETTER.search(letters(rx)) or _CYRILLIC_LETTER.search(letters(rx))
        )
        return latin, cyrillic

    @cached_property
    def stem_sources(self) -> dict[str, list[str] | None]:
        """What the matches of ``before`` (family ``name_before``) and of ``names`` (``names``) open
        with at the start of a word, for :class:`framing.prefilter.StemFamilies` (``None``: a
        regex that does not start at a word edge)."""
        edge = r"(?<!\w)"

        def opening(rxs: tuple[re.Pattern, ...]) -> list[str] | None:
            if not all(rx.pattern.startswith(edge) for rx in rxs):
                return None
            return [rx.pattern[len(edge) :] for rx in rxs]

        return {"name_before": opening(() if self.before is None else (self.before,)), "names": opening(self.names)}

    def holds(self, v: Variant, norm: str, start: int, end: int, stems: StemIndex | None = None) -> bool:
        """Whether the hit ``norm[start:end]`` of variant ``v`` is inside a proper name.

        ``stems``: where the families of :attr:`stem_sources` have stems in ``norm``, if known (the
        regexes that cannot match are not run).

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
            if (
                self.before is not None
                and (stems is None or stems.has(("name_before",), max(0, start - 40), start))
                and self.before.search(norm, max(0, start - 40), start)
            ):
                return True
        if stems is not None and not stems.has(("names",), max(0, start - 80), end):
            return False  # a name overlapping the hit starts before its end
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
    #: per language, what matching a document takes from the lexicon (framing.hits, built on first use)
    _match_setup: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.sides is None:
            from .sides import DEFAULT_SIDES

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

    def scanner(self, lang: str | None = None) -> Scanner:
        """The candidate finder over the literal prefixes of the patterns of the variants of
        language ``lang`` (``None``: every variant) (cached; see :class:`Scanner`)."""
        if self._scanner is None:
            self._scanner = {}
        found = self._scanner.get(lang)
        if found is None:
            found = self._scanner[lang] = Scanner(
                [cp for _c, cps in self.compiled() for cp in cps if lang is None or cp.variant.lang == lang]
            )
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
