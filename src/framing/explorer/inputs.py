"""The explorer's inputs checked (corpus, mentions, keyness table, whole-number options) and, for
the notebook view and the command line, loaded (a corpus path, a lexicon name, mentions matched)."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..errors import CorpusError, ParameterError
from ..vocab import VOICES
from .common import _clean

_MENTION_COLUMNS = ("doc_id", "concept", "variant", "start", "end", "voice")
_KEYNESS_COLUMNS = ("group", "term", "count", "other_count", "score")


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


def _inputs(corpus, mentions, lexicon, modality_unused=None):
    """A corpus given as a path (or ``""`` for the bundled demo) loaded, the lexicon loaded, and the
    mentions matched when not given."""
    if not isinstance(corpus, pd.DataFrame):
        from ..notebook import load_corpus

        corpus = load_corpus("" if corpus is None else corpus)
    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        from ..lexicon import load_lexicon

        lexicon = load_lexicon(lexicon)
    if mentions is None:
        from ..match import match_corpus

        mentions = match_corpus(corpus, lexicon)
    return corpus, mentions, lexicon
