"""Draw a blind, stratified coding sample of mentions and recall probes.

Design (written to ``<sheet>.design.json`` and, per item, to the key)
----------------------------------------------------------------------
**Mentions** (for precision). The population is every mention the matcher found. It is split into
strata by ``strata`` (default: variant × voice), and ``n`` items are allocated across strata in
proportion to the square root of their sizes (a compromise between proportional allocation, which
leaves rare variants uncoded, and equal allocation, which over-weights them; Cochran 1977, §5.5),
capped at each stratum's size. When there are more strata than ``n / 2``, the smallest ones are
pooled into one stratum so that every mention keeps a non-zero chance of being drawn. Within a
stratum, items are drawn by systematic sampling from a random start over the mentions sorted by
outlet, document and position, which spreads them across outlets (implicit stratification).

**Recall probes** (for recall). For each concept *c*, the sentences of the corpus without a
mention of *c* that hold one of *c*'s cue words in the document's language (``cues`` in the
lexicon, by language: "war" in English, "война" in Russian, "війна" in Ukrainian) form a stratum;
``n_probes · (1 − random_share)`` probes are allocated across these cue strata (square root of
sizes again) and drawn by simple random sampling. A coder reads the sentence and says whether it
holds a marker of *c* the matcher missed. The other ``n_probes · random_share`` probes are one
simple random sample of all sentences (stratum ``probe:random``), each coded for every concept: the
tool's mentions in it are set in ⟨ ⟩ and the coder names, in ``found_concept``, the concept(s) of
any marker it missed. For concept *c*, a random sentence counts only if it holds neither a mention
nor a cue word of *c* (the key lists those concepts in ``rest_concepts``), so the cue strata and
the random stratum never count a sentence twice.

Every item carries its design weight ``w = N_h / n_h`` (stratum size over items drawn from it), the
inverse of its inclusion probability; :mod:`framing.validate.score` uses these weights.

The coding sheet is blind: it shows ``item_id, kind, concept, doc_id, outlet, date`` and the
context (``left``, ``term``, ``right``; paragraph breaks shown as ``¶``; for a probe the sentence
in question is set in ⟦ ⟧ and a cue word, if any, is the ``term``), and empty coder columns
``is_marker, stance, voice, modality, found_concept, note``. The tool's answers go to ``<sheet>.key.csv``.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..vocab import DEFAULT_SEED, MODALITIES, VOICES
from ..voice import sentence_spans

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
_PARA = re.compile(r"\s*\n\s*")


@dataclass
class Sample:
    """A drawn sample: the blind ``sheet``, the ``key`` with the tool's answers and weights, and
    the ``design`` (what was drawn from what, for the record)."""

    sheet: pd.DataFrame
    key: pd.DataFrame
    design: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------- allocation
def allocate(sizes: dict, n: int) -> dict:
    """Split ``n`` items across strata in proportion to the square root of their sizes, capped at
    each size, with integer counts (largest remainders; ties by size, then name).

    Examples
    --------
    >>> allocate({"a": 100, "b": 4, "c": 1}, 10)
    {'a': 8, 'b': 1, 'c': 1}
    >>> allocate({"a": 2, "b": 3}, 10)
    {'a': 2, 'b': 3}
    """
    alloc = {h: 0 for h in sizes}
    total = min(n, sum(sizes.values()))
    while sum(alloc.values()) < total:
        active = [h for h in sizes if alloc[h] < sizes[h]]
        remaining = total - sum(alloc.values())
        tot = sum(math.sqrt(sizes[h]) for h in active)
        share = {h: remaining * math.sqrt(sizes[h]) / tot for h in active}
        for h in active:
            alloc[h] += min(int(share[h]), sizes[h] - alloc[h])
        left = total - sum(alloc.values())
        order = sorted(
            (h for h in active if alloc[h] < sizes[h]), key=lambda h: (-(share[h] - int(share[h])), -sizes[h], str(h))
        )
        for h in order[:left]:
            alloc[h] += 1
    return alloc


def _systematic(n_pop: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` positions out of ``0..n_pop-1`` by systematic sampling from a random start."""
    if n >= n_pop:
        return np.arange(n_pop)
    step = n_pop / n
    start = rng.uniform(0, step)
    return np.minimum((start + step * np.arange(n)).astype(int), n_pop - 1)


# ------------------------------------------------------------------------------------------ context
def _clip_left(text: str, start: int, width: int) -> str:
    a = max(0, start - width)
    s = text[a:start]
    if a > 0:
        cut = s.find(" ")
        s = "… " + (s[cut + 1 :] if 0 <= cut < len(s) - 1 else s)
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _clip_right(text: str, end: int, width: int) -> str:
    b = min(len(text), end + width)
    s = text[end:b]
    if b < len(text):
        cut = s.rfind(" ")
        s = (s[:cut] if cut > 0 else s) + " …"
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _flat(s: str) -> str:
    return _PARA.sub(" ¶ ", s) if "\n" in s else s


def _marked(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the given spans inside it set in ⟨ ⟩ (overlapping ones merged)."""
    out, pos = [], a
    for s, e in sorted((max(s, a), min(e, b)) for s, e in spans if s < b and e > a):
        if s < pos:
            if e > pos:  # overlaps the previous span: extend it
                out[-1] = out[-1][:-1] + text[pos:e] + MENTION_CLOSE
                pos = e
            continue
        out += [text[pos:s], MENTION_OPEN + text[s:e] + MENTION_CLOSE]
        pos = e
    out.append(text[pos:b])
    return _flat("".join(out))


# ---------------------------------------------------------------------------------------- sampling
def _mention_strata(mentions: pd.DataFrame, strata: Sequence[str], n: int) -> pd.Series:
    """Stratum label per mention; the smallest strata pooled when there are more than ``n / 2``."""
    label = mentions[strata[0]].astype(str)
    for col in strata[1:]:
        label = label + "|" + mentions[col].astype(str)
    sizes = label.value_counts()
    keep = max(1, n // 2)
    if len(sizes) > keep:
        ordered = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))
        small = {h for h, _ in ordered[keep - 1 :]}
        label = label.where(~label.isin(small), "(pooled)")
    return label


def _cue_regexes(concept, lang: str | None = None) -> tuple[re.Pattern, re.Pattern] | None:
    """A concept's cue words (those of documents in ``lang``; ``None``: every language's) as one
    regex over lower-cased text (no IGNORECASE flag, which is an order of magnitude slower) and one
    over the text as it is (for the rare text whose lower-casing changes its length); ``None`` when
    the concept has no cue in that language."""
    from ..lexicon import _lower_literals, expand_pattern

    cues = concept.cues if lang is None else concept.cues_for(lang)
    if not cues:
        return None
    sources = [expand_pattern(p) for p in cues]
    low = "|".join(f"(?:{_lower_literals(p)})" for p in sources)
    return re.compile(rf"(?<!\w)(?:{low})(?!\w)"), re.compile(rf"(?<!\w)(?i:{'|'.join(sources)})(?!\w)")


def _sentence_table(corpus: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[int]]]:
    """Every sentence of the corpus: arrays ``doc_row, start, end``, and per document the sorted
    sentence starts (for looking up the sentence of an offset)."""
    doc_rows, starts, ends, per_doc = [], [], [], []
    for i, text in enumerate(corpus["text"].tolist()):
        spans = sentence_spans(text) if isinstance(text, str) and text else []
        per_doc.append([a for a, _ in spans])
        for a, b in spans:
            doc_rows.append(i)
            starts.append(a)
            ends.append(b)
    return (
        np.asarray(doc_rows, dtype=np.int64),
        np.asarray(starts, dtype=np.int64),
        np.asarray(ends, dtype=np.int64),
        per_doc,
    )


def draw_sample(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon,
    *,
    n: int = 300,
    n_probes: int = 300,
    seed: int = DEFAULT_SEED,
    strata: Sequence[str] = DEFAULT_STRATA,
    random_share: float = 0.25,
    context: int = 300,
) -> Sample:
    """Draw a stratified sample of ``n`` mentions and ``n_probes`` recall probes (see the module).

    Parameters
    ----------
    corpus : the corpus the mentions come from (``doc_id, outlet, date, text``).
    mentions : :func:`framing.match.match_corpus` on that corpus (offsets into ``text``).
    lexicon : the lexicon that was matched (its concepts' ``cues`` define the probe strata).
    n, n_probes : sample sizes (either may be 0).
    seed : random seed; the same inputs and seed give the same sample.
    strata : mention columns whose combinations are the mention strata.
    random_share : share of the probes drawn from sentences without a cue word.
    context : characters of context shown on each side.

    Returns
    -------
    :class:`Sample` with ``sheet`` (columns :data:`SHEET_COLUMNS`), ``key`` (:data:`KEY_COLUMNS`)
    and ``design``.

    Examples
    --------
    >>> from framing.lexicon import load_lexicon
    >>> from framing.match import match_corpus
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": pd.to_datetime(["2023-01-01"] * 2),
    ...     "text": ["Kyiv was shelled. The war goes on.", "Kiev said the war must end. Peace talks stalled."]})
    >>> lex = load_lexicon()
    >>> s = draw_sample(corpus, match_corpus(corpus, lex), lex, n=2, n_probes=2, seed=1)
    >>> sorted(s.sheet["kind"]), bool(s.sheet["is_marker"].eq("").all())
    (['mention', 'mention', 'probe', 'probe'], True)
    """
    for name, value in (("n", n), ("n_probes", n_probes), ("context", context)):
        if not isinstance(value, (int, np.integer)) or value < 0:
            raise ParameterError(f"--{name.replace('_', '-')}: {value!r} must be a non-negative integer")
    if not 0 <= random_share <= 1:
        raise ParameterError(f"--random-share: {random_share} must be between 0 and 1")
    unknown = [s for s in strata if s not in mentions.columns]
    if unknown:
        raise ParameterError(
            f"--strata: {unknown[0]!r} is not a mentions column; use e.g. variant, voice, outlet, concept"
        )
    rng = np.random.default_rng(int(seed) & 0xFFFFFFFF)
    corpus = corpus.reset_index(drop=True)
    # each document's language: its probes look for the cue words of that language
    from ..language import match_language

    given = corpus["language"].tolist() if "language" in corpus.columns else [None] * len(corpus)
    doc_langs = [match_language(t, g) for t, g in zip(corpus["text"].tolist(), given)]
    row_of = {d: i for i, d in enumerate(corpus["doc_id"].astype(str))}
    texts = corpus["text"].tolist()
    variants = {v.id: v for v in lexicon.variants}
    labels = {c.id: c.label for c in lexicon.concepts} | {ANY_CONCEPT: "any concept"}

    # mentions --------------------------------------------------------------------------------------
    m = mentions.copy()
    m["doc_id"] = m["doc_id"].astype(str)
    m = m[m["doc_id"].isin(row_of)].copy()
    m["_row"] = m["doc_id"].map(row_of)
    m = m.sort_values(["outlet", "doc_id", "start", "end", "variant"], kind="stable").reset_index(drop=True)
    design_strata = []
    picked_mentions = []
    if n and len(m):
        m["_stratum"] = _mention_strata(m, strata, n).values
        sizes = m["_stratum"].value_counts().to_dict()
        alloc = allocate(sizes, n)
        for h in sorted(alloc):
            if not alloc[h]:
                continue
            members = m.index[m["_stratum"] == h]
            take = members[_systematic(len(members), alloc[h], rng)]
            w = sizes[h] / alloc[h]
            design_strata.append(
                {"stratum": f"mention:{h}", "kind": "mention", "size": int(sizes[h]), "n": int(alloc[h]), "weight": w}
            )
            for i in take:
                picked_mentions.append((i, f"mention:{h}", sizes[h], alloc[h], w))

    # probes ----------------------------------------------------------------------------------------
    doc_rows, s_start, s_end, per_doc = _sentence_table(corpus)
    n_sent = len(s_start)
    sent_offset = np.zeros(len(per_doc) + 1, dtype=np.int64)
    sent_offset[1:] = np.cumsum([len(p) for p in per_doc])

    def sentence_of(row: int, pos: int) -> int:
        k = bisect.bisect_right(per_doc[row], pos) - 1
        return int(sent_offset[row] + max(k, 0))

    picked_probes = []
    if n_probes and n_sent:
        lowered = [t.lower() if isinstance(t, str) else "" for t in texts]
        populations: dict[str, tuple[np.ndarray, dict[int, tuple[int, int]]]] = {}
        rest_of = [[] for _ in range(n_sent)]  # per sentence: the concepts it is a "rest" sentence of
        mention_spans: dict[int, list[tuple[int, int]]] = {}  # sentence -> mention spans in it (any concept)
        for concept in lexicon.concepts:
            mentioned = np.zeros(n_sent, dtype=bool)
            cm = m[m["concept"] == concept.id] if len(m) else m
            for row, a, b in zip(cm["_row"], cm["start"], cm["end"]):
                lo, hi = sentence_of(row, a), sentence_of(row, max(a, b - 1))
                mentioned[lo : hi + 1] = True
                mention_spans.setdefault(lo, []).append((int(a), int(b)))
            cue_at: dict[int, tuple[int, int]] = {}
            if concept.cues:
                by_lang = {lang: _cue_regexes(concept, lang) for lang in sorted(set(doc_langs))}
                for row, text in enumerate(texts):
                    if not isinstance(text, str) or not text or by_lang[doc_langs[row]] is None:
                        continue
                    rx_low, rx_any = by_lang[doc_langs[row]]
                    low = lowered[row]
                    hits = rx_low.finditer(low) if len(low) == len(text) else rx_any.finditer(text)
                    for hit in hits:
                        k = sentence_of(row, hit.start())
                        if not mentioned[k] and k not in cue_at and s_start[k] <= hit.start() < s_end[k]:
                            cue_at[k] = hit.span()
            cue_idx = np.asarray(sorted(cue_at), dtype=np.int64)
            rest = ~mentioned
            rest[cue_idx] = False
            for k in np.flatnonzero(rest):
                rest_of[k].append(concept.id)
            populations[f"probe:{concept.id}:cue"] = (cue_idx, cue_at)
        n_random = int(round(n_probes * random_share))
        sizes = {h: len(idx) for h, (idx, _c) in populations.items()}
        alloc = allocate(sizes, n_probes - n_random)
        for h in sorted(alloc):
            if not alloc[h]:
                continue
            idx, cue_at = populations[h]
            take = np.sort(rng.choice(idx, size=alloc[h], replace=False))
            w = sizes[h] / alloc[h]
            design_strata.append(
                {"stratum": h, "kind": "probe", "size": int(sizes[h]), "n": int(alloc[h]), "weight": w}
            )
            concept_id = h.split(":")[1]
            for k in take:
                picked_probes.append((int(k), concept_id, cue_at.get(int(k)), h, sizes[h], alloc[h], w, ""))
        n_random = min(n_random, n_sent)
        if n_random:  # one stratum of random sentences, coded for every concept
            take = np.sort(rng.choice(n_sent, size=n_random, replace=False))
            w = n_sent / n_random
            design_strata.append(
                {"stratum": RANDOM_STRATUM, "kind": "probe", "size": int(n_sent), "n": int(n_random), "weight": w}
            )
            for k in take:
                picked_probes.append(
                    (int(k), ANY_CONCEPT, None, RANDOM_STRATUM, n_sent, n_random, w, ";".join(rest_of[int(k)]))
                )

    # items, shuffled so that nothing about the strata shows in their order ---------------------------
    items = []
    for i, h, size, k, w in picked_mentions:
        r = m.loc[i]
        text = texts[r["_row"]]
        a, b = int(r["start"]), int(r["end"])
        v = variants.get(r["variant"])
        items.append(
            (
                {
                    "kind": "mention",
                    "concept": labels.get(r["concept"], r["concept"]),
                    "doc_id": r["doc_id"],
                    "outlet": r.get("outlet", ""),
                    "date": r.get("date"),
                    "left": _clip_left(text, a, context),
                    "term": _flat(text[a:b]),
                    "right": _clip_right(text, b, context),
                },
                {
                    "kind": "mention",
                    "concept": r["concept"],
                    "variant": r["variant"],
                    "variant_kind": v.kind if v else "",
                    "stance": r["stance"],
                    "voice": r["voice"],
                    "modality": r.get("modality", "") if "modality" in m else "",
                    "modality_cue": r.get("modality_cue", "") if "modality_cue" in m else "",
                    "counted": bool(r["counted"]) if "counted" in m else True,
                    "stratum": h,
                    "stratum_size": int(size),
                    "stratum_n": int(k),
                    "weight": w,
                    "doc_id": r["doc_id"],
                    "outlet": r.get("outlet", ""),
                    "start": a,
                    "end": b,
                    "matched": text[a:b],
                    "rest_concepts": "",
                },
            )
        )
    outlets = corpus["outlet"].astype(str).tolist() if "outlet" in corpus else [""] * len(corpus)
    dates = corpus["date"].tolist() if "date" in corpus else [None] * len(corpus)
    doc_ids = corpus["doc_id"].astype(str).tolist()
    for k, concept_id, cue, h, size, n_h, w, rest in picked_probes:
        row, a, b = int(doc_rows[k]), int(s_start[k]), int(s_end[k])
        text = texts[row]
        if cue is not None:
            ca, cb = cue
            left = _clip_left(text, a, context) + PROBE_OPEN + _flat(text[a:ca])
            term, right = _flat(text[ca:cb]), _flat(text[cb:b]) + PROBE_CLOSE + _clip_right(text, b, context)
        else:  # a random sentence: the tool's mentions in it are marked, the question is what it missed
            left = (
                _clip_left(text, a, context) + PROBE_OPEN + _marked(text, a, b, mention_spans.get(k, [])) + PROBE_CLOSE
            )
            term, right = "", _clip_right(text, b, context)
        items.append(
            (
                {
                    "kind": "probe",
                    "concept": labels.get(concept_id, concept_id),
                    "doc_id": doc_ids[row],
                    "outlet": outlets[row],
                    "date": dates[row],
                    "left": left,
                    "term": term,
                    "right": right,
                },
                {
                    "kind": "probe",
                    "concept": concept_id,
                    "variant": "",
                    "variant_kind": "",
                    "stance": "",
                    "voice": "",
                    "modality": "",
                    "modality_cue": "",
                    "counted": False,
                    "stratum": h,
                    "stratum_size": int(size),
                    "stratum_n": int(n_h),
                    "weight": w,
                    "doc_id": doc_ids[row],
                    "outlet": outlets[row],
                    "start": a,
                    "end": b,
                    "matched": text[cue[0] : cue[1]] if cue else "",
                    "rest_concepts": rest,
                },
            )
        )
    order = rng.permutation(len(items)) if items else np.array([], dtype=int)
    width = max(4, len(str(len(items))))
    sheet_rows, key_rows = [], []
    for j, i in enumerate(order, 1):
        item_id = f"i{j:0{width}d}"
        s, kk = items[i]
        sheet_rows.append({"item_id": item_id, **s, **{f: "" for f in CODER_FIELDS}})
        key_rows.append({"item_id": item_id, **kk})
    sheet = pd.DataFrame(sheet_rows, columns=SHEET_COLUMNS)
    sheet["date"] = [
        (d.date().isoformat() if isinstance(d, pd.Timestamp) and not pd.isna(d) else "") for d in sheet["date"]
    ]
    key = pd.DataFrame(key_rows, columns=KEY_COLUMNS)
    design = {
        "seed": int(seed),
        "n": int(n),
        "n_probes": int(n_probes),
        "random_share": float(random_share),
        "strata_columns": list(strata),
        "context": int(context),
        "lexicon": {"name": lexicon.name, "version": lexicon.version, "sha256": getattr(lexicon, "sha256", "")},
        "population": {"documents": int(len(corpus)), "mentions": int(len(m)), "sentences": int(n_sent)},
        "sides": _sides_design(lexicon),
        "concepts": [c.id for c in lexicon.concepts],
        "frame_concepts": [c.id for c in lexicon.concepts if any(v.kind == "frame" for v in c.variants)],
        "strata": design_strata,
    }
    return Sample(sheet, key, design)


# ------------------------------------------------------------------------------------------ writing
def _sides_design(lexicon) -> dict:
    """The lexicon's sides as the design file records them: the scorer's headline counts the
    balance's two sides (``poles``), or every non-neutral side of a lexicon without a balance."""
    sides = lexicon.sides
    return {
        "ids": list(sides.ids),
        "non_neutral": [s for s in sides.ids if s not in sides.neutral],
        "neutral": list(sides.neutral),
        "poles": list(sides.poles) if sides.poles else None,
    }


def sidecar_paths(sheet_path: str | os.PathLike) -> tuple[Path, Path]:
    """``(<sheet>.key.csv, <sheet>.design.json)`` beside a sheet ``<sheet>.xlsx`` or ``.csv``.

    Examples
    --------
    >>> [p.name for p in sidecar_paths("coding/sheet.xlsx")]
    ['sheet.key.csv', 'sheet.design.json']
    """
    p = Path(sheet_path)
    stem = p.with_suffix("")
    return stem.with_name(stem.name + ".key.csv"), stem.with_name(stem.name + ".design.json")


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


def write_sample(sample: Sample, out: str | os.PathLike, lexicon) -> list[Path]:
    """Write the sheet (``.xlsx`` with a codebook sheet and drop-down lists, or ``.csv`` with
    ``<sheet>.codebook.md``), ``<sheet>.key.csv`` and ``<sheet>.design.json``; return the paths."""
    from ..files import atomic_write_text
    from ..tables import write_xlsx

    out = Path(out)
    key_path, design_path = sidecar_paths(out)
    written = []
    if out.suffix.lower() == ".xlsx":
        choices = {
            "items": {
                "is_marker": ["1", "0"],
                "stance": list(lexicon.sides.ids),
                "voice": list(VOICES),
                "modality": list(MODALITIES),
            }
        }
        widths = {"items": {"left": 60, "term": 24, "right": 60, "note": 30, "concept": 22}}
        write_xlsx(
            out,
            {"items": sample.sheet},
            notes={"codebook": codebook(lexicon)},
            choices=choices,
            widths=widths,
            wrap={"items": ["left", "term", "right", "concept", "note"]},
        )
        written.append(out)
    elif out.suffix.lower() == ".csv":
        from ..files import atomic_write

        atomic_write(out, lambda tmp: sample.sheet.to_csv(tmp, index=False, lineterminator="\n"))
        book = out.with_suffix("").with_name(out.with_suffix("").name + ".codebook.md")
        atomic_write_text(book, "\n\n".join(codebook(lexicon)) + "\n")
        written += [out, book]
    else:
        raise ParameterError(f"--out {out}: a coding sheet is .xlsx or .csv")
    from ..files import atomic_write

    atomic_write(key_path, lambda tmp: sample.key.to_csv(tmp, index=False, lineterminator="\n", float_format="%.10g"))
    atomic_write_text(design_path, json.dumps(sample.design, indent=1, ensure_ascii=False) + "\n")
    return written + [key_path, design_path]
