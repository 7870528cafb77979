"""The coding instructions written into every sheet: how to code, then the lexicon's concepts with
the names each side uses (the codebook sheet of the .xlsx, or ``<sheet>.codebook.md``)."""

from __future__ import annotations


def codebook(lexicon) -> list[str]:
    """The coding instructions written into every sheet (the codebook sheet of the .xlsx, or
    ``<sheet>.codebook.md`` beside a .csv)."""
    sides = lexicon.sides
    lines = [
        "# How to code this sheet",
        "Code each row on its own. Read the context (left, term, right; ¶ marks a paragraph break). "
        "Leave a cell empty when it does not apply. Write in the coder columns only (is_marker, stance, voice, modality, found_concept, note).",
        "Rows of kind 'mention': the question is about the words in 'term'.",
        "A concept's markers are the names listed under its stances below and their forms (inflected, "
        "possessive, hyphenated or verb forms: 'invaded' for invasion, 'Kyiv's' for Kyiv); words its "
        "description calls ordinary or not markers are not markers. A term the lists do not give is a marker "
        "only if, as used here, it names or frames the concept as its description defines it (the same "
        "framing in other words), not merely a word on the topic; say so in the note.",
        "  is_marker = 1 if the term, as used here, is a name, spelling or framing of the row's concept "
        "(the contested term itself); 0 if it is something else: part of a name whose spelling its owner "
        "fixed (a newspaper, company, club, institution, account handle, dish, a title of a programme or "
        'decree) or that history fixed (Kievan Rus\', a 1918 republic), the start of a longer, different term ("Russia\'s war crimes" is not "Russia\'s war"), '
        "another referent (a coup in another country, another war), or a mistaken match. A contested spelling "
        "inside a name the outlet writes itself (a region, a republic, a city's plant or bridge: 'the "
        "Zaporozhye nuclear plant', 'Lugansk People's Republic') still shows the outlet's spelling: 1.",
        "Rows of kind 'probe': the question is about the sentence in ⟦ ⟧ (the term, if any, is only a hint).",
        "  is_marker = 1 if that sentence contains a name, spelling or framing of the row's concept (see the "
        "concepts below) anywhere in it; 0 if it does not. If 1, code stance, voice and modality of that marker "
        "(the first one, if several).",
        "  Probes whose concept is 'any concept' are random sentences: words the tool already found are set in "
        "⟨ ⟩. is_marker = 1 if the sentence holds a marker of any concept below that is NOT in ⟨ ⟩; then write "
        "its concept id (the word before the colon below) in found_concept (several: separate them with ;) and "
        "code stance, voice and modality of the first.",
        "When is_marker = 1, also code:",
        "  stance = the side whose usage the marker follows at the document's date: "
        + ", ".join(sides.ids)
        + " ("
        + "; ".join(_side_words(sides, sid) for sid in sides.ids)
        + ")."
        + _date_rule_words(lexicon),
        "  voice = authorial (the outlet's own narration, including paraphrase and reported speech WITHOUT "
        "quotation marks: 'Peskov said the military operation would continue'); quoted (the words are inside "
        "quotation marks: someone else's words, including a quoted tweet or block quote); distanced (the outlet "
        "holds the term at arm's length: so-called, scare quotes around the term alone, 'what Moscow calls', or "
        "a characterisation attributed to others: 'officials described the conflict as a proxy war', or the "
        "content of an accusation or a court's label: 'accused Russia of war crimes', 'tried as mercenaries'). "
        "Reported speech that uses the term as a plain name stays authorial ('Kyiv said the invasion had "
        "failed').",
        "  modality = asserted (stated as fact); hypothetical (conditional, question, forecast or modal: 'if "
        "Russia invades', 'could invade', 'warned an invasion could come within days'); negated (denied or said "
        "not to be the case: 'there was no coup', 'Moscow denies any plan to invade'). Decide it by the clause "
        "that holds the term: a term inside an if-clause, a question about it, a forecast, plan, threat or "
        "fear of it is hypothetical; a modal about something else leaves it asserted ('Russia could continue "
        "its invasion', 'the operation would continue').",
        "  Square brackets inside a quotation ('the president [Zelensky] said') are the outlet's insertion: authorial.",
        "  found_concept = only for 'any concept' probes (see above).",
        "  note = anything worth saying (why 0, doubts).",
        "",
        f"# The concepts of lexicon {lexicon.name} {lexicon.version}",
    ]
    for c in lexicon.concepts:
        lines.append(f"{c.id}: {c.label}. {c.description}".strip())
        by_stance: dict[str, list[str]] = {}
        for v in c.variants:
            periods = "; ".join(f"{p.stance} {_period_words(p)}" for p in v.stance_periods)
            by_stance.setdefault(v.stance, []).append(v.label + (f" ({periods})" if periods else ""))
        for st in sorted(by_stance, key=lambda x: (sides.rank(x), x)):
            lines.append(f"    {st}: " + "; ".join(by_stance[st]))
    return lines


def _side_words(sides, sid: str) -> str:
    """``id (label): description`` of one side, for the codebook."""
    label, desc = sides.label(sid), sides.description(sid)
    head = sid if label == sid.replace("_", " ") else f"{sid} ({label})"
    return f"{head}: {desc}" if desc else head


def _date_rule_words(lexicon) -> str:
    """The codebook's sentence on date-dependent stances, with the lexicon's first such variant as
    the example ("" when no variant's stance depends on the date)."""
    dated = [v for v in lexicon.variants if v.stance_periods]
    if not dated:
        return ""
    v = next((v for v in dated if v.kind == "spelling"), dated[0])
    p = v.stance_periods[0]
    neutral = lexicon.sides.neutral[0] if lexicon.sides.neutral else "neutral"
    return (
        f" A name can follow the norm of its time: '{v.label}' is {p.stance} {_period_words(p)} and {v.stance} "
        "otherwise; the concepts below give such date rules in brackets. When the date is empty, a name "
        f"whose stance depends on the date is {neutral}."
    )


def _period_words(p) -> str:
    if p.start is not None and p.end is not None:
        return f"from {p.start.date()} to {p.end.date()}"
    if p.end is not None:
        return f"until {p.end.date()}"
    return f"from {p.start.date()}"
