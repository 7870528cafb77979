"""The explorer's data: the scatters, entries, rates and concordance lines of one run, in one JSON
document, the lines filled by priority within the page's byte budget."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CorpusError, ParameterError
from ..lexicon import sides_of
from ..style import OKABE_ITO
from ..vocab import VOICES
from .common import _HTTP, DATA_VERSION, RATE_VOICES, _num, _rng, _size
from .entries import _lexicon_info, _term_rates
from .inputs import _check_corpus, _check_int, _check_keyness, _check_mentions
from .lines import _contexts, _interleave, _TokenFinder


def _explorer_data(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    keyness_table: pd.DataFrame | None,
    *,
    outlets: Sequence[str] | None,
    lexicon,
    counts,
    max_lines: int,
    max_term_lines: int,
    max_terms: int,
    context: int,
    n_boot: int,
    max_bytes: int,
    seed: int,
    title: str,
    modality: str,
    page_overhead: int,
) -> dict:
    from ..counts import count_matrix
    from ..stats import rates
    from ..tokenize import mwe_regex

    max_lines = _check_int("max_lines", max_lines, 1)
    max_term_lines = _check_int("max_term_lines", max_term_lines, 0)
    max_terms = _check_int("max_terms", max_terms, 0)
    context = _check_int("context", context, 10)
    n_boot = _check_int("n_boot", n_boot, 10)
    max_bytes = _check_int("max_bytes", max_bytes, 100_000)
    seed = _check_int("seed", seed, 0)

    full = _check_corpus(corpus)
    all_outlets = sorted(full["outlet"].unique())
    if outlets is not None:
        outlets = [str(o) for o in ([outlets] if isinstance(outlets, str) else outlets)]
        unknown = [o for o in outlets if o not in set(all_outlets)]
        if unknown:
            raise ParameterError(
                f"outlets: {unknown[0]!r} is not an outlet of the corpus; known: {', '.join(all_outlets)}"
            )
        if not outlets:
            raise ParameterError("outlets: give at least one outlet (or None for all)")
        outlets = sorted(set(outlets))
    else:
        outlets = all_outlets
    if not outlets:
        raise CorpusError("corpus: it has no documents")
    corp = full[full["outlet"].isin(set(outlets))].reset_index(drop=True)
    ment = _check_mentions(mentions, corp, set(full["doc_id"]))

    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        from ..lexicon import load_lexicon

        lexicon = load_lexicon(lexicon)
    mwes = lexicon.multiword_expressions() if hasattr(lexicon, "multiword_expressions") else []

    # counts: tokens per document (rates' denominators) and documents × terms (the other terms)
    if counts is None:
        counts = count_matrix(corp, mwes=mwes)
    position = {d: i for i, d in enumerate(counts.doc_ids)}
    missing = [d for d in corp["doc_id"] if d not in position]
    if missing:
        raise ParameterError(f"counts: no counts for doc_id {missing[0]!r}; count the same corpus you pass here")
    rows_all = np.array([position[d] for d in corp["doc_id"]], dtype=np.int64)
    X_all = counts.matrix[rows_all]
    doc_tokens = np.asarray(counts.doc_tokens)[rows_all]
    vocab_index = {t: j for j, t in enumerate(counts.vocabulary)}
    outlet_index = {o: i for i, o in enumerate(outlets)}
    doc_outlet = corp["outlet"].map(outlet_index).to_numpy()
    outlet_rows = [np.flatnonzero(doc_outlet == i) for i in range(len(outlets))]

    if keyness_table is None:
        from ..keyness import keyness

        cm = counts.__class__(
            X_all,
            counts.vocabulary,
            list(corp["doc_id"]),
            doc_tokens,
            corp[["doc_id", "outlet"]].reset_index(drop=True),
        )
        try:
            keyness_table = keyness(cm.outlet_totals("outlet"), by="outlet")
        except ParameterError as exc:
            raise ParameterError(
                f"keyness_table: none given and keyness by outlet cannot be computed ({exc}); "
                "pass a corpus with at least two outlets that have text"
            ) from None
    key = _check_keyness(keyness_table)
    groups = sorted(key["group"].unique())
    if set(groups) <= set(all_outlets):
        groups = [g for g in groups if g in outlet_index]
        if not groups:
            raise ParameterError("outlets: none of them is a group of the keyness table")
    y_options = [c for c in ("z", "score") if c in key.columns]

    # entries: every lexicon variant, then the other terms of the scatters
    entries, token_of = _lexicon_info(lexicon, ment)
    by_id = {e["id"]: i for i, e in enumerate(entries)}
    scatter: dict[str, dict] = {}
    term_entry: dict[str, int] = {}
    for g in groups:
        sub = key[key["group"] == g]
        strength = (sub["z"] if "z" in sub.columns else sub["score"]).astype(float).abs()
        order = np.lexsort((sub["term"].to_numpy(), -strength.fillna(0).to_numpy()))
        top = set(sub["term"].to_numpy()[order[:max_terms]])
        keep = sub[sub["term"].isin(top) | sub["term"].isin(token_of)]
        points = []
        for rec in keep.sort_values("term", kind="mergesort").itertuples(index=False):
            term = rec.term
            if term in token_of:
                idx = by_id[token_of[term]]
            else:
                idx = term_entry.setdefault(term, len(entries) + len(term_entry))
            z = _num(getattr(rec, "z", float("nan")))
            points.append(
                [
                    idx,
                    int(rec.count) + int(rec.other_count),
                    int(rec.count),
                    z,
                    _num(rec.score),
                    _num(getattr(rec, "q", float("nan"))),
                ]
            )
        scatter[g] = {
            "points": points,
            "n_terms": int(len(sub)),
            "total": int(sub["total"].iloc[0]) if "total" in sub.columns and len(sub) else None,
        }
    for term, _idx in sorted(term_entry.items(), key=lambda kv: kv[1]):
        entries.append(
            {
                "id": term,
                "kind": "term",
                "label": term.replace("_", " "),
                "token": term,
                "names": [],
                "concept": "",
                "concept_label": "",
                "stance": "",
            }
        )
    n_lex = len(entries) - len(term_entry)

    # rates and counts per outlet
    n_out = len(outlets)
    lex_rates = rates(
        ment,
        corp,
        by="outlet",
        level="variant",
        voices=RATE_VOICES,
        tokens=counts,
        lexicon=lexicon,
        n_boot=n_boot,
        seed=seed,
        modality=modality,
    )
    rate_of: dict[tuple[str, str], list] = {}
    for rec in lex_rates.itertuples(index=False):
        o = outlet_index.get(str(rec.outlet))
        if o is None:
            continue
        slot = rate_of.setdefault((str(rec.variant), str(rec.voice)), [None] * n_out)
        slot[o] = [_num(rec.rate), _num(rec.ci_low), _num(rec.ci_high), int(rec.count)]
    empty = [[0.0, None, None, 0] for _ in range(n_out)]
    for e in entries[:n_lex]:
        e["rates"] = {
            v: [r if r is not None else empty[0] for r in rate_of.get((e["id"], v), empty)] for v in RATE_VOICES
        }
    # every mention, whatever its modality (the rates may count fewer: see ``modality``)
    mention_counts = ment.groupby(["variant", ment["doc_id"].map(dict(zip(corp["doc_id"], doc_outlet)))]).size()
    for e in entries[:n_lex]:
        e["count"] = [int(mention_counts.get((e["id"], o), 0)) for o in range(n_out)]
    terms = [e["token"] for e in entries[n_lex:]]
    cols = [vocab_index.get(t, -1) for t in terms]
    present = [j for j, c in enumerate(cols) if c >= 0]
    X_terms: Any = X_all[:, [cols[j] for j in present]].tocsr() if present else None
    if present:
        est, lo, hi = _term_rates(X_terms, doc_tokens, outlet_rows, outlets, n_boot, seed)
        term_counts = np.vstack([np.asarray(X_terms[r].sum(axis=0)).ravel() for r in outlet_rows])
    for e in entries[n_lex:]:  # a term the counts do not know (keyness counted differently)
        e["rates"] = {"any": [[None, None, None, 0] for _ in range(n_out)]}
        e["count"] = [0] * n_out
    for k, j in enumerate(present):
        e = entries[n_lex + j]
        e["rates"] = {
            "any": [[_num(est[o, k]), _num(lo[o, k]), _num(hi[o, k]), int(term_counts[o, k])] for o in range(n_out)]
        }
        e["count"] = [int(term_counts[o, k]) for o in range(n_out)]

    # concordance candidates, each with a priority: lexicon lines first, then by rank
    texts = corp["text"].tolist()
    doc_pos = {d: i for i, d in enumerate(corp["doc_id"])}
    modalities: list[str] = []
    if "modality" in ment.columns:
        modalities = sorted(set(ment["modality"].astype(str)) - {"", "nan", "None", "<NA>"})
    stances = sorted((set(ment["stance"]) | {e["stance"] for e in entries}) - {""})
    stance_index = {s: i for i, s in enumerate(stances)}
    # the lexicon's sides name and colour the stances (legend in their order, then any other)
    sides = sides_of(lexicon, stances)
    shown = sorted(set(stances) | set(sides.ids), key=lambda s: (sides.rank(s), s))
    modality_index = {m: i for i, m in enumerate(modalities)}
    voice_index = {v: i for i, v in enumerate(VOICES)}
    candidates: list[tuple] = []  # (kind, rank, entry, outlet, doc position, start, end, voice, modality, stance)
    m_doc = ment["doc_id"].map(doc_pos).to_numpy()
    m_start, m_end = ment["start"].to_numpy(), ment["end"].to_numpy()
    m_voice = [voice_index[v] for v in ment["voice"]]
    m_stance = [stance_index.get(v, -1) for v in ment["stance"]]
    m_mod = [modality_index.get(v, -1) for v in ment["modality"].astype(str)] if modalities else [-1] * len(ment)
    ment["_outlet"] = doc_outlet[m_doc] if len(ment) else []
    for (variant, o), sub in ment.groupby(["variant", "_outlet"], sort=True):
        idx = by_id[variant]
        positions = sub.index.to_numpy()
        order = _interleave(sub["voice"].tolist(), sub["doc_id"].tolist(), _rng(seed, variant, outlets[o]))
        for rank, p in enumerate(order[:max_lines]):
            r = int(positions[p])
            candidates.append(
                (0, rank, idx, int(o), int(m_doc[r]), int(m_start[r]), int(m_end[r]), m_voice[r], m_mod[r], m_stance[r])
            )
    if max_term_lines and present:
        # a word's lines come from the outlets whose chart shows it (every outlet when the charts
        # are of other groups): why it is distinctive there is what a reader asks
        shown_in: dict[int, set[int]] = {}
        for g, sc in scatter.items():
            for point in sc["points"]:
                if point[0] >= n_lex:
                    shown_in.setdefault(point[0] - n_lex, set()).add(outlet_index[g] if g in outlet_index else -1)
        mwe_rx = mwe_regex(mwes)
        X_csc = X_terms.tocsc()
        wanted: dict[int, set[str]] = {}
        plans = []
        for k, j in enumerate(present):
            col = X_csc[:, k]
            docs_with = np.sort(col.indices)
            where = shown_in.get(j, set())
            for o in range(n_out) if -1 in where else sorted(where):
                mine = docs_with[doc_outlet[docs_with] == o]
                if len(mine) == 0:
                    continue
                rng = _rng(seed, terms[j], outlets[o])
                chosen = mine[rng.permutation(len(mine))[:max_term_lines]]
                plans.append((j, o, chosen, rng))
                for d in chosen:
                    wanted.setdefault(int(d), set()).add(terms[j])
        finder = _TokenFinder(mwe_rx)
        spans = {d: finder.spans(texts[d], wanted[d]) for d in sorted(wanted)}
        from ..voice import VoiceClassifier

        classifiers: dict[int, Any] = {}
        for j, o, chosen, rng in plans:
            hits = [(int(d), s, e) for d in chosen for (s, e) in spans[int(d)].get(terms[j], [])]
            if not hits:
                continue
            order = _interleave([""] * len(hits), [str(h[0]) for h in hits], rng)
            for rank, p in enumerate(order[:max_term_lines]):
                d, s, e = hits[p]
                vc = classifiers.get(d)
                if vc is None:
                    vc = classifiers[d] = VoiceClassifier(texts[d])
                candidates.append((1, rank, n_lex + j, o, d, s, e, voice_index.get(vc.voice(s, e), -1), -1, -1))
    candidates.sort(key=lambda c: (c[0], c[1], c[2], c[3]))

    data: dict[str, Any] = {
        "version": DATA_VERSION,
        "title": title,
        "outlets": outlets,
        "outlet_docs": [int(len(r)) for r in outlet_rows],
        "outlet_tokens": [int(doc_tokens[r].sum()) for r in outlet_rows],
        "groups": groups,
        "group_label": "outlet" if set(groups) <= set(outlets) else "group",
        "scatter": scatter,
        "y_options": y_options,
        "method": str(key["method"].iloc[0]) if "method" in key.columns and len(key) else "",
        "voices": list(VOICES),
        "rate_voices": list(RATE_VOICES),
        "modalities": modalities,
        "stances": stances,
        "stance_order": shown,
        "stance_names": {st: sides.label(st) for st in shown + ["context"]},
        "style": {"palette": list(OKABE_ITO), "stance_colors": {st: sides.colour(st) for st in shown + ["context"]}},
        "settings": {
            "max_lines": max_lines,
            "max_term_lines": max_term_lines,
            "max_terms": max_terms,
            "context": context,
            "seed": seed,
            "n_boot": n_boot,
            "level": 0.95,
            "max_bytes": max_bytes,
            "modality": modality,
        },
        "entries": entries,
        "docs": [],
    }
    for e in entries:
        e["lines"] = []
        e["shown"] = [0] * n_out

    # fill lines by priority while the page stays within the byte budget
    budget = max_bytes - page_overhead - _size(data) - 4 * len(entries) - 1024
    if budget < 0:
        raise ParameterError(
            f"max_bytes: the scatter, terms and rates alone take {max_bytes - budget:,} bytes; "
            "lower max_terms or raise max_bytes"
        )
    doc_slot: dict[int, int] = {}
    docs: list[list] = []
    dropped = 0
    c_date, c_title, c_url, c_id = (corp[c].tolist() for c in ("_date", "title", "url", "doc_id"))
    for _kind, _rank, idx, o, d, s, e, v, mod, st in candidates:
        left, match, right = _contexts(texts[d], s, e, context)
        new_doc = d not in doc_slot
        line = [doc_slot.get(d, len(docs)), v, mod, st, left, match, right]
        cost = _size(line) + 1
        if new_doc:
            meta = [o, c_date[d], c_title[d], c_url[d] if _HTTP.match(c_url[d]) else "", c_id[d]]
            cost += _size(meta) + 1
        if cost > budget:
            dropped += 1
            continue
        budget -= cost
        if new_doc:
            doc_slot[d] = len(docs)
            docs.append(meta)
        entries[idx]["lines"].append(line)
        entries[idx]["shown"][o] += 1
    data["docs"] = docs
    data["settings"]["dropped_for_size"] = dropped
    return data
