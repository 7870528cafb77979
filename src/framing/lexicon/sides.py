"""Reading and checking the ``sides`` block of a lexicon."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .constants import _ID, CONTEXT_STANCE
from .model import Side, Sides
from .yaml_lines import _check_fields, _err

# ------------------------------------------------------------------------------------------------
# Sides
# ------------------------------------------------------------------------------------------------

#: The ``sides`` block of a lexicon that has none: the four stances of the bundled Russia–Ukraine
#: lexicon (every lexicon had these before lexicons declared their sides), balance between the
#: first two. Its colours are what :meth:`Sides.colour` assigns by default.
DEFAULT_SIDES_BLOCK: dict[str, Any] = {
    "balance": {"positive": "kremlin", "negative": "ukraine_west"},
    "stances": [
        {"id": "kremlin", "label": "Kremlin-aligned", "colour": "#D55E00", "description": "the Russian state's usage"},
        {
            "id": "ukraine_west",
            "label": "Ukrainian/Western",
            "colour": "#0072B2",
            "description": "Ukrainian and Western official and style-guide usage",
        },
        {
            "id": "neutral",
            "label": "neutral",
            "colour": "#999999",
            "neutral": True,
            "description": "both sides use it, or neither",
        },
        {
            "id": "isolationist",
            "label": "isolationist",
            "colour": "#E69F00",
            "description": "the Western non-interventionist frame",
        },
    ],
}

_SIDE_FIELDS = ("id", "label", "description", "colour", "color", "neutral")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _build_sides(block: Any, source: str, allow_any_id: bool = False, need_balance: bool = True) -> Sides:
    """Validate a ``sides`` block (see :class:`Sides` and the manual, docs/lexicon.md) and
    assign the colours it leaves out (:data:`framing.style.SIDE_PALETTE`, :data:`framing.style.NEUTRAL_GREYS`)."""
    from ..style import NEUTRAL_GREYS, SIDE_PALETTE

    line = getattr(block, "line", 0)
    if not isinstance(block, dict):
        raise _err(source, line, "sides", "must be a mapping with 'stances' (a list of sides) and 'balance'")
    _check_fields(block, ("stances",), ("balance", "note"), source, "sides", line)
    raw = block["stances"]
    if not isinstance(raw, list) or not raw:
        raise _err(
            source,
            getattr(raw, "line", line),
            "sides",
            "stances must be a non-empty list such as [{id: restrictionist, label: restrictionist}, ...]",
        )
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
            raise _err(
                source,
                iline,
                entry,
                f"{CONTEXT_STANCE!r} is reserved (a variant whose stance only its "
                "stance_context rules decide); name the side otherwise",
            )
        if sid in seen:
            raise _err(source, iline, entry, f"duplicate side id (first listed on line {seen[sid]}); each side once")
        seen[sid] = iline
        if "colour" in item and "color" in item:
            raise _err(source, iline, entry, "both 'colour' and 'color'; keep one")
        colour = item.get("colour", item.get("color"))
        if colour is None and ("colour" in item or "color" in item):
            raise _err(
                source,
                iline,
                entry,
                'colour is empty; write it in quotes, e.g. colour: "#0072B2" (an unquoted # starts a YAML comment)',
            )
        if colour is not None:
            if not isinstance(colour, str) or not _COLOUR.fullmatch(colour.strip()):
                raise _err(
                    source,
                    iline,
                    entry,
                    f'colour {colour!r} is not a hex colour; write "#RRGGBB" in quotes '
                    '(YAML reads an unquoted # as a comment), e.g. "#0072B2"',
                )
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
            raise _err(
                source,
                line,
                "sides",
                f"name the balance axis: balance: {{positive: {non_neutral[0]}, "
                f"negative: {non_neutral[1]}}} (two of its non-neutral sides; the balance is (P − N)/(P + N))",
            )
    else:
        bline = getattr(balance, "line", line)
        _check_fields(balance, ("positive", "negative"), (), source, "sides.balance", bline)
        positive, negative = str(balance["positive"]), str(balance["negative"])
        for role, sid in (("positive", positive), ("negative", negative)):
            if sid not in by_id:
                raise _err(
                    source,
                    bline,
                    "sides.balance",
                    f"{role}: {sid!r} is not a side; use one of "
                    f"{', '.join(non_neutral) or '(no non-neutral side)'}, or add it under sides.stances",
                )
            if by_id[sid][3]:
                raise _err(
                    source,
                    bline,
                    "sides.balance",
                    f"{role}: {sid!r} is a neutral side; the balance is between two non-neutral sides",
                )
        if positive == negative:
            raise _err(source, bline, "sides.balance", f"positive and negative are both {positive!r}; name two sides")

    # colours: the given ones, then the palette in a fixed order (positive, negative, others as listed)
    taken: dict[str, str] = {}
    for sid, _label, colour, _n, _d, iline, entry in parsed:
        if colour is not None:
            if colour in taken:
                raise _err(
                    source,
                    iline,
                    entry,
                    f"colour {colour} is also side {taken[colour]!r}'s; give each side its own colour",
                )
            taken[colour] = sid
    colours = {p[0]: p[2] for p in parsed if p[2] is not None}
    wanting = [sid for sid in (positive, negative) if sid and sid not in colours]
    wanting += [p[0] for p in parsed if not p[3] and p[0] not in colours and p[0] not in wanting]
    wanting_neutral = [p[0] for p in parsed if p[3] and p[0] not in colours]
    for ids, palette, what in ((wanting, SIDE_PALETTE, "non-neutral"), (wanting_neutral, NEUTRAL_GREYS, "neutral")):
        free = [c for c in palette if c not in taken]
        if len(ids) > len(free):
            raise _err(
                source,
                line,
                "sides",
                f"{len(ids)} {what} sides without a colour and {len(free)} colours "
                f'left of the default palette; give side {ids[len(free)]!r} a colour ("#RRGGBB")',
            )
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
    """One regex matching where any of ``regexes`` matches, the first of them that does at a place
    winning. When each starts at a word edge, the edge is tested once per place rather than once
    per regex: the same matches, found several times faster."""
    if not regexes:
        return None
    edge = r"(?<!\w)"
    if all(rx.pattern.startswith(edge) for rx in regexes):
        return re.compile(edge + "(?:" + "|".join(f"(?:{rx.pattern[len(edge) :]})" for rx in regexes) + ")")
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in regexes))
