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
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..vocab import DEFAULT_SEED, MODALITIES, VOICES  # noqa: F401  (MODALITIES, VOICES: re-exported)
from ..voice import sentence_spans
from .codebook import codebook  # noqa: F401  (re-exported)
from .context import _clip_left, _clip_right, _flat, _marked
from .layout import (  # noqa: F401  (re-exported)
    ANY_CONCEPT,
    CODER_FIELDS,
    DEFAULT_STRATA,
    KEY_COLUMNS,
    MENTION_CLOSE,
    MENTION_OPEN,
    PROBE_CLOSE,
    PROBE_OPEN,
    RANDOM_STRATUM,
    SHEET_COLUMNS,
    Sample,
)
from .sheets import sidecar_paths, write_sample  # noqa: F401  (re-exported)


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
        rest_of: list[list[str]] = [[] for _ in range(n_sent)]  # per sentence: the concepts it is a "rest" sentence of
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
                    regexes = by_lang[doc_langs[row]]
                    if not isinstance(text, str) or not text or regexes is None:
                        continue
                    rx_low, rx_any = regexes
                    low = lowered[row]
                    hits = rx_low.finditer(low) if len(low) == len(text) else rx_any.finditer(text)
                    for hit in hits:
                        k = sentence_of(row, hit.start())
                        if not mentioned[k] and k not in cue_at and s_start[k] <= hit.start() < s_end[k]:
                            cue_at[k] = hit.span()
            cue_idx = np.asarray(sorted(cue_at), dtype=np.int64)
            rest = ~mentioned
            rest[cue_idx] = False
            for k in np.flatnonzero(rest).tolist():
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
    for k, concept_id, cue, h, size, n_h, w, rest_ids in picked_probes:
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
                    "rest_concepts": rest_ids,
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
