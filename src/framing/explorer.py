"""An interactive explorer of one run: one self-contained HTML file that works offline.

The page answers the question a reader of a keyness chart asks next: *where* does the outlet use
this term, and in whose voice? It holds

* a keyness scatter per group (pick the group in a list): x = the term's frequency in the whole
  corpus (log scale), y = its z (or log-odds score) for that group against the rest; lexicon terms
  are coloured by stance, the other terms grey;
* a search box (keyboard-usable) that finds terms by their surface label ("Kiev regime" finds the
  ``kiev_regime`` variant) and highlights them in the scatter;
* for the term picked: its rate per 10,000 tokens per outlet with bootstrap intervals, by voice for
  lexicon variants (:func:`framing.stats.rates`), and a sample of concordance lines (left, match,
  right; outlet, date, voice, modality when the mentions carry it), filtered by outlet, voice and
  date, each linked to its document's metadata (title, outlet, date, url; never the text).

Everything (data, script, style) is inside the file: no network, no CDN, no external font. The
data is one JSON document in a ``<script type="application/json">`` element, with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc. so that no article text can close the element; the script inserts
all text with ``textContent`` (never ``innerHTML``), and a Content-Security-Policy lets only the
page's own script (by its hash) run and forbids every network request.

Size is bounded: at most ``max_terms`` terms per group's scatter (top by |z|, plus every lexicon
term), at most ``max_lines`` concordance lines per lexicon variant and outlet and ``max_term_lines``
per other term and outlet (a seeded sample spread over voices and documents; the page says how
many were left out), contexts of ``context`` characters, and a byte budget ``max_bytes`` for the
whole page (lexicon lines first, then the other terms' lines, by rank). Same inputs, same bytes.

Examples
--------
>>> import pandas as pd
>>> from framing.match import match_corpus
>>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "B"],
...                        "date": pd.to_datetime(["2022-06-01", "2022-06-02"]),
...                        "title": ["One", "Two"], "url": ["https://a.example/1", "https://b.example/2"],
...                        "text": ["The Kiev regime said so.", "Officials in Kyiv said so."]})
>>> page = build_explorer(corpus, match_corpus(corpus), None, n_boot=50)
>>> data = embedded_data(page)
>>> [e["label"] for e in data["entries"] if e["id"] == "kiev_regime"]
['Kiev regime']
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import CorpusError, ParameterError
from .files import atomic_write_text, writable_target
from .lexicon import sides_of
from .style import OKABE_ITO
from .vocab import DEFAULT_SEED, VOICES

__all__ = ["build_explorer", "write_explorer", "show_explorer", "embedded_data", "ExplorerView", "DATA_ELEMENT_ID"]

#: The id of the ``<script type="application/json">`` element holding the data.
DATA_ELEMENT_ID = "framing-data"
#: Format version of the embedded data (bumped when its layout changes; 2: the stances' names, order and
#: colours come from the lexicon's sides).
DATA_VERSION = 2

RATE_VOICES = ("any",) + VOICES
PER = 10_000
MIN_DOCS = 20  # as framing.stats: groups with fewer documents get the two-stage bootstrap

_MENTION_COLUMNS = ("doc_id", "concept", "variant", "start", "end", "voice")
_KEYNESS_COLUMNS = ("group", "term", "count", "other_count", "score")
_WS = re.compile(r"\s+")
_HTTP = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------- helpers


def _num(x: Any) -> float | None:
    """A float with 4 significant digits (smaller, and the same bytes on every platform); None for NaN."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return float(f"{x:.4g}")


def _rng(seed: int, *keys: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, *(zlib.crc32(str(k).encode("utf-8")) for k in keys)])


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return _WS.sub(" ", str(value)).strip()


def _contexts(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """``(left, match, right)``: about ``width`` characters each side, cut at a word edge, whitespace
    runs shown as one space, ``…`` where the context was cut."""
    lo = max(0, start - width - 40)
    left = _WS.sub(" ", text[lo:start])
    if len(left) > width or lo > 0:
        cut = left[-width:] if len(left) > width else left
        if len(left) > width:
            space = cut.find(" ")
            cut = cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut
        left = "\u2026" + cut.lstrip()
    else:
        left = left.lstrip()
    hi = min(len(text), end + width + 40)
    right = _WS.sub(" ", text[end:hi])
    if len(right) > width or hi < len(text):
        cut = right[:width] if len(right) > width else right
        if len(right) > width:
            space = cut.rfind(" ")
            cut = cut[:space] if space > 0 else cut
        right = cut.rstrip() + "\u2026"
    else:
        right = right.rstrip()
    return left.strip(), _WS.sub(" ", text[start:end]).strip(), right.strip()


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` (so no
    ``</script>`` or ``<!--``), no raw U+2028/U+2029; key order fixed."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _size(obj: Any) -> int:
    return len(_script_json(obj).encode("utf-8"))


def embedded_data(page: str) -> dict:
    """The data embedded in an explorer page (what :func:`build_explorer` put there).

    Examples
    --------
    >>> embedded_data('<script type="application/json" id="framing-data">{"a":"\\\\u003c/script\\\\u003e"}</script>')
    {'a': '</script>'}
    """
    m = re.search(rf'<script type="application/json" id="{DATA_ELEMENT_ID}">(.*?)</script>', page, re.S)
    if m is None:
        raise ParameterError("page: no explorer data in it; pass the HTML from build_explorer")
    return json.loads(m.group(1))


# ---------------------------------------------------------------------------------------- inputs


def _check_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(corpus, pd.DataFrame):
        raise ParameterError("corpus: pass the corpus as a DataFrame (framing.corpus.read_corpus)")
    missing = [c for c in ("doc_id", "outlet", "text") if c not in corpus.columns]
    if missing:
        raise CorpusError(f"corpus: missing column(s) {', '.join(missing)}; read it with framing.corpus.read_corpus")
    out = corpus.copy()
    out["doc_id"] = out["doc_id"].astype(str)
    dup = out["doc_id"].duplicated()
    if dup.any():
        raise CorpusError(f"corpus: doc_id {out.loc[dup, 'doc_id'].iloc[0]!r} appears twice; doc_ids must be unique")
    out["outlet"] = out["outlet"].astype(object).where(out["outlet"].notna(), "(missing)").astype(str)
    out["text"] = out["text"].astype(object).where(out["text"].notna(), "").astype(str)
    dates = (
        pd.to_datetime(out["date"], errors="coerce") if "date" in out.columns else pd.Series(pd.NaT, index=out.index)
    )
    out["_date"] = dates.dt.strftime("%Y-%m-%d").fillna("")
    for col in ("title", "url"):
        out[col] = out[col].map(_clean) if col in out.columns else ""
    return out.reset_index(drop=True)


def _check_mentions(mentions: pd.DataFrame, corpus: pd.DataFrame, all_doc_ids: set[str]) -> pd.DataFrame:
    if not isinstance(mentions, pd.DataFrame):
        raise ParameterError("mentions: pass the table from framing.match.match_corpus")
    missing = [c for c in _MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise ParameterError(
            f"mentions: missing column(s) {', '.join(missing)}; pass the table from framing.match.match_corpus"
        )
    m = mentions.copy()
    m["doc_id"] = m["doc_id"].astype(str)
    unknown = sorted(set(m["doc_id"]) - all_doc_ids)
    if unknown:
        raise ParameterError(
            f"mentions: {len(unknown)} doc_id(s) not in the corpus (e.g. {unknown[0]!r}); "
            "match the same corpus you pass here"
        )
    bad = sorted(set(m["voice"].astype(str)) - set(VOICES))
    if bad:
        raise ParameterError(f"mentions: unknown voice {bad[0]!r}; expected one of {', '.join(VOICES)}")
    m = m[m["doc_id"].isin(set(corpus["doc_id"]))].copy()
    for c in ("concept", "variant", "voice"):
        m[c] = m[c].astype(str)
    m["stance"] = m["stance"].astype(str) if "stance" in m.columns else ""
    starts = pd.to_numeric(m["start"], errors="coerce").to_numpy(dtype=float)
    ends = pd.to_numeric(m["end"], errors="coerce").to_numpy(dtype=float)
    length_of = dict(zip(corpus["doc_id"], corpus["text"].str.len()))
    lengths = np.array([length_of[d] for d in m["doc_id"]], dtype=float)
    with np.errstate(invalid="ignore"):
        bad_rows = np.isnan(starts) | np.isnan(ends) | (starts < 0) | (ends < starts) | (ends > lengths)
    if bad_rows.any():
        row = m[bad_rows].iloc[0]
        raise ParameterError(
            f"mentions: offsets {row['start']}:{row['end']} outside doc_id {row['doc_id']!r}; "
            "match the same corpus you pass here"
        )
    m["start"] = starts.astype(np.int64)
    m["end"] = ends.astype(np.int64)
    return m.reset_index(drop=True)


def _check_keyness(table: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise ParameterError("keyness_table: pass the table from framing.keyness.keyness (or None to compute it)")
    missing = [c for c in _KEYNESS_COLUMNS if c not in table.columns]
    if missing:
        raise ParameterError(
            f"keyness_table: missing column(s) {', '.join(missing)}; pass the table from framing.keyness.keyness"
        )
    t = table
    if "other" in t.columns:
        t = t[t["other"].astype(str) == "rest"]
        if t.empty:
            raise ParameterError(
                "keyness_table: no one-vs-rest rows (other == 'rest'); compute it with design='one_vs_rest'"
            )
    t = t.copy()
    t["group"] = t["group"].astype(str)
    t["term"] = t["term"].astype(str)
    return t.reset_index(drop=True)


def _check_int(name: str, value: int, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ParameterError(f"{name}: must be a whole number of at least {low}, got {value!r}")
    return int(value)


# ---------------------------------------------------------------------------------------- lexicon


def _lexicon_info(lexicon, mentions: pd.DataFrame) -> tuple[list[dict], dict[str, str]]:
    """The lexicon's variants (then any other variant in the mentions) as entries, and token → variant."""
    from .tokenize import mwe_token

    entries: list[dict] = []
    token_of: dict[str, str] = {}
    seen: set[str] = set()
    if lexicon is not None:
        for concept in lexicon.concepts:
            for v in concept.variants:
                if v.id in seen:
                    continue
                seen.add(v.id)
                names = sorted({n for n in (v.label, *v.surface) if n})
                tokens = [mwe_token(n) for n in (v.label, *v.surface) if n]
                for tok in tokens:
                    token_of.setdefault(tok, v.id)
                entries.append(
                    {
                        "id": v.id,
                        "kind": "lexicon",
                        "label": v.label,
                        "token": tokens[0] if tokens else None,
                        "names": names,
                        "concept": concept.id,
                        "concept_label": concept.label,
                        "stance": v.stance,
                    }
                )
    extra = mentions[~mentions["variant"].isin(seen)][["concept", "variant"]].drop_duplicates()
    for concept, variant in sorted(extra.itertuples(index=False, name=None)):
        if variant in seen:
            continue
        seen.add(variant)
        label = variant.replace("_", " ")
        entries.append(
            {
                "id": variant,
                "kind": "lexicon",
                "label": label,
                "token": mwe_token(label),
                "names": [label],
                "concept": concept,
                "concept_label": concept.replace("_", " "),
                "stance": "",
            }
        )
        token_of.setdefault(mwe_token(label), variant)
    return entries, token_of


# ---------------------------------------------------------------------------------------- rates


def _term_rates(
    X,
    tokens: np.ndarray,
    outlet_rows: list[np.ndarray],
    outlets: list[str],
    n_boot: int,
    seed: int,
    level: float = 0.95,
    chunk: int = 250,
    dense_cells: int = 4_000_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate per 10,000 tokens of each column of the sparse documents × terms counts ``X`` per outlet,
    with percentile intervals from the document bootstrap of :mod:`framing.stats` (resample the
    outlet's documents; two-stage below 20 documents; one generator per outlet seeded as there).

    Replicates are drawn at most ``chunk`` at a time; an outlet's counts are made dense only when
    they have at most ``dense_cells`` cells, else multiplied sparse, so memory stays bounded
    whatever the numbers of documents and terms. Returns ``(rate, low, high)``, each outlets × terms.
    """
    from .stats import bootstrap_ratio

    K = X.shape[1]
    est = np.full((len(outlets), K), np.nan)
    lo = np.full((len(outlets), K), np.nan)
    hi = np.full((len(outlets), K), np.nan)
    q = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    for i, (g, rows) in enumerate(zip(outlets, outlet_rows)):
        n = len(rows)
        t = tokens[rows].astype(float)
        if n == 0 or t.sum() <= 0 or K == 0:
            continue
        Xg = X[rows]
        counts = np.asarray(Xg.sum(axis=0)).ravel()
        est[i] = PER * counts / t.sum()
        rng = _rng(seed, g)
        if n < MIN_DOCS:
            reps = bootstrap_ratio(Xg.toarray(), t, n_boot=n_boot, rng=rng, two_stage=True) * PER
        else:
            # dense counts when they are small (BLAS is fast), else sparse products: memory stays bounded
            counts_g = Xg.toarray().astype(float) if n * K <= dense_cells else None
            XgT = Xg.T.tocsr().astype(float) if counts_g is None else None
            b_max = max(1, min(chunk, dense_cells // max(n, 1)))
            reps = np.empty((n_boot, K))
            for b0 in range(0, n_boot, b_max):
                b = min(b_max, n_boot - b0)
                idx = rng.integers(0, n, size=(b, n))
                W = np.bincount((np.arange(b)[:, None] * n + idx).ravel(), minlength=b * n).reshape(b, n).astype(float)
                den = W @ t
                num = W @ counts_g if counts_g is not None else np.asarray(XgT @ W.T).T
                with np.errstate(all="ignore"):
                    reps[b0 : b0 + b] = (
                        np.where(den[:, None] > 0, num / np.where(den > 0, den, 1.0)[:, None], np.nan) * PER
                    )
        nan = np.isnan(reps)
        if nan.all():
            continue
        with np.errstate(all="ignore"):
            low, high = np.nanpercentile(reps, q, axis=0) if nan.any() else np.percentile(reps, q, axis=0)
        if n < MIN_DOCS:  # the boundary rule of framing.stats: the interval holds the estimate
            low, high = np.minimum(low, est[i]), np.maximum(high, est[i])
        lo[i], hi[i] = low, high
    return est, lo, hi


# ---------------------------------------------------------------------------------------- lines


def _interleave(voices: Sequence[str], docs: Sequence[str], rng: np.random.Generator) -> np.ndarray:
    """A sampling order of some hits: any prefix is spread over voices (each voice present comes
    once before any comes twice, then in proportion) and documents (a document's second hit after
    every document's first, within a voice). Positions into the inputs."""
    n = len(docs)
    perm = rng.permutation(n)
    seen_doc: dict[tuple[str, str], int] = {}
    occ = np.empty(n, dtype=np.int64)
    for p in perm:
        key = (voices[p], docs[p])
        occ[p] = seen_doc.get(key, 0)
        seen_doc[key] = occ[p] + 1
    position = np.empty(n, dtype=np.int64)
    position[perm] = np.arange(n)
    by_voice: dict[str, list[int]] = {}
    for p in sorted(range(n), key=lambda p: (occ[p], position[p])):
        by_voice.setdefault(voices[p], []).append(p)
    keyed = []
    for v_index, (_v, items) in enumerate(sorted(by_voice.items())):
        nv = len(items)
        for r, p in enumerate(items):
            keyed.append((0.0 if r == 0 else (r + 0.5) / nv, v_index, r, p))
    keyed.sort()
    return np.array([k[3] for k in keyed], dtype=np.int64)


class _TokenFinder:
    """Where given tokens occur in a text (character offsets into the text), as
    :mod:`framing.counts` counts them: lower-cased, typography folded, lexicon phrases joined, so a
    word inside a joined phrase ("kiev" in "Kiev regime") is not a hit for the word alone."""

    def __init__(self, mwe_rx: re.Pattern | None):
        from .tokenize import phrase_tokens

        self.mwe_rx = mwe_rx
        self.phrase_tokens = phrase_tokens
        self.patterns: dict[str, re.Pattern] = {}

    def pattern(self, token: str) -> re.Pattern:
        rx = self.patterns.get(token)
        if rx is None:
            words = [re.escape(w) for w in token.split("_") if w]
            # the token's own edges: not inside a longer token (``\w``, or an apostrophe/hyphen joining words)
            rx = self.patterns[token] = re.compile(r"(?<!\w)(?<!\w['-])" + r"[\s\-]+".join(words) + r"(?!\w|['-]\w)")
        return rx

    def spans(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        from .tokenize import normalize_typography

        folded = normalize_typography(text)
        origin = None
        if "\u00ad" in text or "\u200b" in text or len(text.lower()) != len(text):
            # folding drops a character or lower-casing lengthens one: fold char by char, keeping offsets
            pieces, origin = [], []
            for i, ch in enumerate(text):
                f = normalize_typography(ch)
                pieces.append(f)
                origin.extend([i] * len(f))
            folded = "".join(pieces)
        joined: list[tuple[int, int, tuple[str, ...]]] | None = None
        out: dict[str, list[tuple[int, int]]] = {}
        for token in sorted(wanted):
            hits = [m.span() for m in self.pattern(token).finditer(folded)]
            if not hits:
                continue
            if self.mwe_rx is not None:
                if joined is None:
                    joined = [
                        (m.start(), m.end(), tuple(self.phrase_tokens(m.group(0))))
                        for m in self.mwe_rx.finditer(folded)
                    ]
                # a hit counts unless a joined phrase other than the token itself overlaps it
                hits = [
                    (s, e) for s, e in hits if not any(a < e and s < b and toks != (token,) for a, b, toks in joined)
                ]
            if hits:
                out[token] = hits if origin is None else [(origin[s], origin[e - 1] + 1) for s, e in hits]
        return out


# ---------------------------------------------------------------------------------------- the data


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
    from .counts import count_matrix
    from .stats import rates
    from .tokenize import mwe_regex

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
        from .lexicon import load_lexicon

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
        from .keyness import keyness

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
        from .voice import VoiceClassifier

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


# ---------------------------------------------------------------------------------------- the page


def _asset(name: str) -> str:
    return resources.files("framing").joinpath("templates", name).read_text(encoding="utf-8")


def _css_variables() -> str:
    names = ["orange", "sky", "green", "yellow", "blue", "vermillion", "purple", "black"]
    lines = [f"--oi-{n}:{c};" for n, c in zip(names, OKABE_ITO)]
    return ":root{" + "".join(lines) + "}"


def _page(data_json: str, title: str) -> str:
    css = _css_variables() + _asset("explorer.css")
    js = _asset("explorer.js")
    for name, text, closing in (("explorer.css", css, "</style"), ("explorer.js", js, "</script")):
        if closing in text.lower():  # pragma: no cover - a broken asset, caught by the tests
            raise ParameterError(f"{name}: contains {closing}>, which would end its element early")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    parts = {
        "TITLE": html.escape(title, quote=True),
        "CSS": css,
        "JS": js,
        "DATA": data_json,
        "DATA_ID": DATA_ELEMENT_ID,
        "SCRIPT_HASH": f"'sha256-{digest}'",
    }
    # one pass over the template: nothing inserted is scanned again for markers
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("explorer.html"))


def build_explorer(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    keyness_table: pd.DataFrame | None,
    *,
    outlets: Sequence[str] | None = None,
    lexicon=None,
    counts=None,
    max_lines: int = 20,
    max_term_lines: int = 4,
    max_terms: int = 150,
    context: int = 80,
    n_boot: int = 1000,
    max_bytes: int = 9_500_000,
    seed: int = DEFAULT_SEED,
    title: str = "framing explorer",
    modality: str = "frames-asserted",
) -> str:
    """The explorer page (one self-contained HTML document) for a corpus, its mentions and keyness.

    Parameters
    ----------
    corpus : canonical corpus (``doc_id, outlet, text``; ``date, title, url`` shown when present)
    mentions : the table of :func:`framing.match.match_corpus` on that corpus (a ``modality``
        column is shown and filtered on when present)
    keyness_table : :func:`framing.keyness.keyness` / ``keyness_corpus`` one-vs-rest result (rows
        with ``other == "rest"`` are used; ``z`` and ``score`` are offered as y), or ``None`` to
        compute log-odds keyness by outlet from the counts
    outlets : keep only these outlets (default: all); the scatter shows the keyness groups that are
        among them
    lexicon : the lexicon the mentions were matched with (labels, concepts, stances, multi-word
        expressions), or its path; default: the bundled one
    counts : a :class:`framing.counts.CountMatrix` of the corpus (default: counted here with the
        lexicon's multi-word expressions, as ``keyness_corpus(corpus, lexicon=...)`` counts)
    max_lines : concordance lines kept per lexicon variant and outlet
    max_term_lines : concordance lines kept per other term and outlet (0: none)
    max_terms : terms per scatter, the top by |z| (|score| without z), plus every lexicon term
    context : characters of context each side of a match
    n_boot : bootstrap replicates for the rate intervals (95 %, :mod:`framing.stats`)
    max_bytes : upper bound on the page's size; lines beyond it are left out (counted in the page)
    seed : seed of the line samples and the bootstrap
    title : page title
    modality : which mentions the rates count, as in :func:`framing.stats.rates` (default: a frame
        term only when asserted); the concordance shows every mention, with its modality

    Returns
    -------
    str : the HTML document (UTF-8 text); the same inputs give the same string.

    Raises
    ------
    CorpusError, ParameterError : bad inputs, with the column, value or parameter to fix.
    """
    title = _clean(title) or "framing explorer"
    shell = _page("", title)
    data = _explorer_data(
        corpus,
        mentions,
        keyness_table,
        outlets=outlets,
        lexicon=lexicon,
        counts=counts,
        max_lines=max_lines,
        max_term_lines=max_term_lines,
        max_terms=max_terms,
        context=context,
        n_boot=n_boot,
        max_bytes=max_bytes,
        seed=seed,
        title=title,
        modality=modality,
        page_overhead=len(shell.encode("utf-8")),
    )
    return _page(_script_json(data), title)


def write_explorer(
    path: str | os.PathLike, corpus: pd.DataFrame, mentions: pd.DataFrame, keyness_table: pd.DataFrame | None, **options
) -> Path:
    """Build the explorer (:func:`build_explorer`, same options) and write it to ``path`` atomically.

    Examples
    --------
    >>> write_explorer("reports/explorer.html", corpus, mentions, keyness_table)  # doctest: +SKIP
    PosixPath('reports/explorer.html')
    """
    writable_target(path, flag="explorer")  # before the work: a folder or a read-only place fails at once
    page = build_explorer(corpus, mentions, keyness_table, **options)
    return atomic_write_text(path, page, flag="explorer")


@dataclass(frozen=True)
class ExplorerView:
    """An explorer page that JupyterLab shows inline (in a sandboxed iframe) and that can be saved.

    ``html`` is the same self-contained document :func:`build_explorer` returns.
    """

    html: str
    height: int = 900

    def _repr_html_(self) -> str:
        return (
            f'<iframe title="framing explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>'
        )

    def save(self, path: str | os.PathLike) -> Path:
        """Write the page to ``path`` atomically."""
        return atomic_write_text(path, self.html, flag="explorer")


def _inputs(corpus, mentions, lexicon, modality_unused=None):
    """A corpus given as a path (or ``""`` for the bundled demo) loaded, the lexicon loaded, and the
    mentions matched when not given."""
    if not isinstance(corpus, pd.DataFrame):
        from .notebook import load_corpus

        corpus = load_corpus("" if corpus is None else corpus)
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        from .lexicon import load_lexicon

        lexicon = load_lexicon(lexicon)
    if mentions is None:
        from .match import match_corpus

        mentions = match_corpus(corpus, lexicon)
    return corpus, mentions, lexicon


def show_explorer(
    corpus: pd.DataFrame | str | os.PathLike | None = None,
    mentions: pd.DataFrame | None = None,
    keyness_table: pd.DataFrame | None = None,
    *,
    lexicon=None,
    height: int = 900,
    **options,
) -> ExplorerView:
    """The explorer inline in a notebook: the last expression of a cell displays it.

    One call is enough: ``show_explorer(corpus, lexicon=lexicon)`` matches the mentions and
    computes keyness by outlet when they are not given; ``corpus`` may also be a path (a corpus
    file or a folder of sources, as ``framing.notebook.load_corpus`` reads it; ``None``: the bundled
    demo corpus) and ``lexicon`` a path or a bundled lexicon's name. Takes the options of
    :func:`build_explorer`. The page (data included) is stored in the notebook's output, so on a
    large corpus lower ``max_lines``/``max_terms`` or use :func:`write_explorer` and open the file.

    Examples
    --------
    >>> view = show_explorer(max_terms=20, n_boot=20)  # the bundled demo corpus and lexicon
    >>> 'framing-data' in view.html and view._repr_html_().startswith('<iframe')
    True
    """
    height = _check_int("height", height, 200)
    corpus, mentions, lexicon = _inputs(corpus, mentions, lexicon)
    return ExplorerView(build_explorer(corpus, mentions, keyness_table, lexicon=lexicon, **options), height)
