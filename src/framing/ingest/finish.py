"""The last steps of an ingest (:mod:`framing.ingest.pipeline`): documents that were only
furniture dropped and listed, near-duplicate clusters repaired, each document's language, the
columns in order and checked, the summary; and the corpus with its texts, for an ingest in memory."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..corpus import CORPUS_COLUMNS, validate_corpus
from ..errors import CorpusError
from .summary import _empty_message, _n_words, _summary, options_record

if TYPE_CHECKING:
    from .pipeline import IngestState

#: Columns ingest adds after the canonical six, in this order (then source metadata columns).
INGEST_COLUMNS = [
    "date_precision",
    "text_raw",
    "source_file",
    "source_loc",
    "encoding",
    "furniture_removed",
    "n_furniture",
    "dup_group",
    "is_copy",
    "dup_similarity",
]

#: Columns whose values are texts: a streamed ingest keeps them on disk until it writes the corpus.
TEXT_COLUMNS = ("text", "text_raw", "furniture_removed")


def drop_only_furniture(s: IngestState) -> None:
    """Documents whose text was only furniture are dropped and listed; clusters that lost a member
    are repaired. ``s.corpus`` is the rest (without texts) and ``s.keep`` its documents."""
    n = s.n
    only_furniture = np.zeros(n, dtype=bool)
    for j in range(n):
        only_furniture[j] = s.final_text(j) == ""
    raw = s.meta
    for d, src in zip(raw.loc[only_furniture, "doc_id"], raw.loc[only_furniture, "source_file"]):
        s.empty_documents.append({"doc_id": d, "source": src, "why": "only site furniture"})
    s.keep = np.flatnonzero(~only_furniture)
    corpus = raw[~only_furniture].reset_index(drop=True)
    # keep clusters consistent if a member became empty: a copy whose original is gone becomes
    # the original of what is left of its cluster; a lone original is a singleton again
    if only_furniture.any() and (corpus["dup_group"] != "").any():
        corpus = _repair_clusters(corpus)
    if corpus.empty:
        raise CorpusError(_empty_message(s.sources, s.problems, n_empty=len(s.empty_documents)))
    s.corpus = corpus


def detect_languages(s: IngestState) -> None:
    """The language of each document: the override, the source's code, or detected from the text."""
    from ..language import INGEST_SAMPLE_CHARS, language_codes

    corpus = s.corpus
    languages, origin = language_codes(
        corpus["language"].tolist() if "language" in corpus.columns else None,
        lambda i: s.final_text(int(s.keep[i])),
        len(corpus),
        s.args.get("language"),
        INGEST_SAMPLE_CHARS,
    )
    corpus["language"] = languages
    s.summary["languages"] = dict(sorted(Counter(languages).items()))
    s.summary["language_origin"] = origin


def order_and_check_columns(s: IngestState) -> None:
    """The canonical columns, then :data:`INGEST_COLUMNS` (the text columns empty until
    :func:`with_texts` or a streamed write fills them), then the sources' own; checked."""
    corpus = s.corpus
    for c in TEXT_COLUMNS:
        corpus[c] = ""
    extras = [c for c in corpus.columns if c not in CORPUS_COLUMNS and c not in INGEST_COLUMNS]
    corpus = validate_corpus(corpus[CORPUS_COLUMNS + INGEST_COLUMNS + extras], source="ingest")
    corpus["n_furniture"] = corpus["n_furniture"].astype("int64")
    corpus["date_precision"] = corpus["date_precision"].astype(str)
    s.corpus = corpus


def summarize(s: IngestState) -> None:
    """The accounting (:func:`~framing.ingest.format_summary`)."""
    problems, corpus = s.problems, s.corpus
    n_skipped_rows = len(problems.skipped)
    n_read = len(corpus) + len(s.empty_documents) + len(s.duplicate_id_rows) + n_skipped_rows
    words = np.array([_n_words(s.final_text(int(j))) for j in s.keep], dtype=np.int64)
    summary = _summary(
        s.sources,
        s.items,
        corpus,
        n_read,
        n_skipped_rows,
        problems,
        s.empty_documents,
        s.duplicate_id_rows,
        list(zip(s.outlets, s.ids, s.removed)),
        s.copies[3],
        options_record(s.args),
        words=words,
    )
    summary["text_repaired"] = int(s.repaired[0])
    summary["languages"] = s.summary["languages"]
    summary["language_origin"] = s.summary["language_origin"]
    s.summary = summary


def with_texts(s: IngestState, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The corpus (or its ``rows``) with its text columns filled."""
    part = s.corpus if rows is None else s.corpus.iloc[rows].copy()
    docs = s.keep if rows is None else s.keep[rows]
    part["text"] = [s.final_text(int(j)) for j in docs]
    part["text_raw"] = [s.raw_text(int(j)) for j in docs]
    part["furniture_removed"] = [s.furniture_json[int(j)] for j in docs]
    return part


def _repair_clusters(corpus: pd.DataFrame) -> pd.DataFrame:
    ids = set(corpus["doc_id"])
    corpus = corpus.copy()
    # only clusters that lost their original or are down to one member change: select them first
    # (a pandas look-up per cluster, for thousands of clusters of syndicated copies, took seconds)
    sizes = corpus.loc[corpus["dup_group"] != "", "dup_group"].value_counts()
    broken = [g for g, size in sizes.items() if size < 2 or g not in ids]
    for g, idx in corpus[corpus["dup_group"].isin(broken)].groupby("dup_group").groups.items():
        _repair_cluster(corpus, g, idx, ids)
    return corpus


def _repair_cluster(corpus: pd.DataFrame, g: str, idx, ids: set) -> None:
    """Repair cluster ``g`` (rows ``idx``) of ``corpus`` in place: if its original is gone the
    earliest remaining member takes its place; a member left alone is a singleton again."""
    members = corpus.loc[idx]
    if g not in ids:  # original dropped: the earliest remaining member takes its place
        order = members.assign(_nat=members["date"].isna()).sort_values(["_nat", "date", "doc_id"])
        new = order["doc_id"].iloc[0]
        corpus.loc[idx, "dup_group"] = new
        corpus.loc[idx, "is_copy"] = corpus.loc[idx, "doc_id"] != new
        corpus.loc[order.index[0], "dup_similarity"] = 1.0
        members = corpus.loc[idx]
    if len(members) < 2:
        corpus.loc[idx, ["dup_group", "is_copy", "dup_similarity"]] = ["", False, float("nan")]
