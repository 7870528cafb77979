"""The first steps of an ingest: the arguments checked and the sources' files discovered; the
sources read chunk by chunk, their dates parsed and texts cleaned; repeated ids and empty texts dropped."""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pandas as pd

from ..errors import CorpusError, ParameterError
from .decode import clean_text_repaired, date_problem, parse_dates
from .readers import FORMATS, Item, Options, Problems, discover, excerpt, read_items


def check_and_discover(a: dict) -> tuple[list, Options, Problems, list[Item]]:
    """``(sources, options, problems, items)`` from the arguments ``a`` of
    :func:`~framing.ingest.ingest_sources`, checked; the sources' files discovered."""
    sources = a["sources"]
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    if not sources:
        raise ParameterError("SOURCE: give at least one file or folder to ingest")
    if a["fmt"] not in FORMATS:
        raise ParameterError(f"--format {a['fmt']!r}: unknown; use one of {', '.join(FORMATS)}")
    if a.get("language") is not None:
        from ..language import normalize_code

        if normalize_code(a["language"]) is None:
            raise ParameterError(f"--language {a['language']!r}: not an ISO 639-1 language code; use e.g. en, ru or uk")
    if not 0 < a["dup_threshold"] <= 1:
        raise ParameterError(f"--dup-threshold {a['dup_threshold']}: must be in (0, 1]")
    if a["encoding"] is not None:
        from .decode import canonical_encoding

        canonical_encoding(a["encoding"])  # an unknown name fails here, not once per file
    opts = Options(
        a["text_col"],
        a["outlet_col"],
        a["id_col"],
        a["date_col"],
        a["title_col"],
        a["url_col"],
        a["outlet"],
        a["manifest"],
        a["fmt"],
        a["encoding"],
        a["skip_bad"],
        a["chunk_rows"],
    )
    problems = Problems(a["skip_bad"])
    return sources, opts, problems, discover(list(sources), opts, problems)


def clean_chunks(items: list[Item], opts: Options, problems: Problems, repaired: list[int]) -> Iterator[pd.DataFrame]:
    """The sources' raw chunks with dates parsed (bad ones reported to ``problems``) and texts
    cleaned: column ``text`` is added, ``text_raw`` kept. ``repaired[0]`` counts the documents
    whose text ftfy or the cleaner changed."""
    for chunk in read_items(items, opts, problems):
        if chunk.empty:
            continue
        dates, precision, bad = parse_dates(chunk["date"])
        if bad.any():
            for i in chunk.index[bad]:
                problems.bad_row(
                    chunk.at[i, "source_file"],
                    chunk.at[i, "source_loc"] or "document",
                    date_problem(chunk.at[i, "date"]),
                )
            chunk, dates, precision = chunk[~bad], dates[~bad], precision[~bad]
        if "orig_date_precision" in chunk.columns:  # re-ingesting an ingested corpus keeps its precision
            prev = chunk.pop("orig_date_precision").astype(str)
            precision = precision.where(~(dates.notna() & prev.isin(["day", "month", "year"])), prev)
        chunk = chunk.assign(date=dates, date_precision=precision)
        cleaned = [clean_text_repaired(t) for t in chunk["text_raw"]]
        chunk["text"] = [c[0] for c in cleaned]
        repaired[0] += sum(c[1] for c in cleaned)
        yield chunk


def drop_duplicate_ids_and_empty(
    raw: pd.DataFrame, empty: np.ndarray, skip_bad: bool, id_col: str | None = None
) -> tuple[pd.DataFrame, np.ndarray, list[dict], list[dict]]:
    """``(raw, rows, duplicate-id rows, empty documents)``: a repeated ``doc_id`` keeps its first
    row (or, without ``skip_bad``, raises naming both places); then documents without text
    (``empty``, aligned with ``raw``) are dropped. ``raw`` has a fresh index; ``rows`` are the
    places in the given ``raw`` of the rows kept."""
    raw["doc_id"] = raw["doc_id"].astype(str).str.strip()
    rows = np.arange(len(raw))
    dup_ids = raw["doc_id"].duplicated(keep="first").to_numpy()
    dup_id_list = []
    if dup_ids.any():
        first = raw.drop_duplicates("doc_id").set_index("doc_id")
        for i in raw.index[dup_ids]:
            d = raw.at[i, "doc_id"]
            where = f"{first.at[d, 'source_file']} {first.at[d, 'source_loc']}".strip()
            fix = (
                "the --id-col column must hold a unique id per document: remove the copy or fix the id"
                if id_col
                else "give each document a unique id (--id-col) or remove the copy"
            )
            msg = f"duplicate doc_id {excerpt(d)} (first in {where}); {fix}"
            if not skip_bad:
                raise CorpusError(f"{raw.at[i, 'source_file']}: {raw.at[i, 'source_loc'] or 'document'}: {msg}")
            dup_id_list.append(
                {"source": raw.at[i, "source_file"], "where": raw.at[i, "source_loc"], "doc_id": d, "problem": msg}
            )
        raw, empty, rows = raw[~dup_ids].reset_index(drop=True), empty[~dup_ids], rows[~dup_ids]
    # empty before furniture
    empty_list = [
        {"doc_id": d, "source": s, "why": "no text"}
        for d, s in zip(raw.loc[empty, "doc_id"], raw.loc[empty, "source_file"])
    ]
    return raw[~empty].reset_index(drop=True), rows[~empty], dup_id_list, empty_list
