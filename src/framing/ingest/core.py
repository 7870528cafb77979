"""``ingest_sources``: raw sources in, canonical corpus and an accounting summary out."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._perf import gc_paused
from ..corpus import CORPUS_COLUMNS, corpus_format, validate_corpus
from ..errors import CorpusError, ParameterError
from ..files import atomic_path, guard_output
from . import furniture as fur
from .decode import clean_text_repaired, date_problem, parse_dates
from .dedup import containment, find_duplicates, shingles
from .readers import FORMATS, Options, Problems, discover, excerpt, path_text, read_items

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


@gc_paused()  # many small lists, dicts and arrays: see framing._perf
def ingest_sources(
    sources: list[str | os.PathLike] | str | os.PathLike,
    *,
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str | None = None,
    date_col: str = "date",
    title_col: str = "title",
    url_col: str = "url",
    outlet: str | None = None,
    manifest: str | os.PathLike | None = None,
    fmt: str = "auto",
    encoding: str | None = None,
    furniture: bool = True,
    dedup: bool = True,
    dup_threshold: float = 0.5,
    shingle_size: int = 5,
    skip_bad: bool = False,
    furniture_min_docs: int = 5,
    furniture_min_count: int = 5,
    furniture_min_share: float = 0.05,
    chunk_rows: int = 10_000,
    language: str | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Read raw sources into the canonical corpus, with furniture removed and copies marked.

    Parameters
    ----------
    sources : files or folders. A folder holds ``.txt`` files described by ``manifest.csv``
        (``file, outlet, date, title, url`` + any metadata columns), saved ``.html`` pages, and/or
        ``.csv``/``.jsonl``/``.parquet`` tables. A ``.txt`` document's ``doc_id`` is its file name
        without extension.
    text_col, outlet_col, id_col, date_col, title_col, url_col : column names in tabular sources
        (``id_col=None``: a ``doc_id`` column if present, else ``<file stem>-<row>``).
    outlet : constant outlet for sources that lack one.
    manifest : a manifest CSV to use instead of ``<folder>/manifest.csv``.
    fmt : ``auto`` (by extension; CSVs with ``stories_id`` or ``media_name``+``publish_date`` are
        Media Cloud exports) or one of ``txt, csv, jsonl, parquet, html, mediacloud``.
    encoding : force a text encoding (default: BOM, UTF-8, else detected by charset-normalizer).
    furniture : remove site furniture (see :mod:`framing.ingest.furniture`).
    dedup, dup_threshold, shingle_size : mark near-duplicates (see :mod:`framing.ingest.dedup`).
    skip_bad : skip bad rows and unreadable files (each listed in the summary) instead of failing.
    furniture_min_docs, furniture_min_count, furniture_min_share : learned-furniture thresholds.
    chunk_rows : rows per chunk when streaming tabular sources.
    language : one ISO 639-1 code for every document (``--language``). Otherwise the ``language``
        column is the source's own ``language`` value where it is a code (``ru``, ``uk-UA``,
        ``Russian``: see :func:`framing.language.normalize_code`), else detected offline from the
        text (:func:`framing.language.detect_language` on its first
        :data:`~framing.language.INGEST_SAMPLE_CHARS` characters; ``und`` when it cannot tell). The
        summary counts the documents by language and by origin (override, source, detected, and
        source values that were not codes).

    Returns
    -------
    (corpus, summary). ``corpus`` has the canonical columns ``doc_id, outlet, date, title, url,
    text`` then :data:`INGEST_COLUMNS` then the sources' metadata columns. ``text`` is cleaned
    (ftfy, NFC, ``\\n`` line ends, furniture removed) and is what offsets refer to; ``text_raw`` is
    the decoded original. ``summary`` is the accounting (see :func:`format_summary`); it always
    satisfies ``documents_read == documents_kept + empty + duplicate_ids + skipped_rows``.

    Raises
    ------
    CorpusError : bad input (the message names the file, line or field and the fix).

    Examples
    --------
    >>> corpus, summary = ingest_sources(["data/raw/seeds"])  # doctest: +SKIP
    >>> corpus.loc[corpus.doc_id.str.startswith("001"), "dup_group"].item()  # doctest: +SKIP
    '000_e2826f22343e0c10'
    """
    args = dict(locals())  # the arguments, for _start and the summary
    sources, opts, problems, items = _start(args)

    read = _ReadCounts()
    frames = list(_clean_chunks(items, opts, problems, read))
    if not frames:
        raise CorpusError(_empty_message(sources, problems))
    raw = pd.concat(frames, ignore_index=True)
    del frames  # the chunks' texts are copied into raw: do not hold them twice
    n_repaired = read.repaired
    raw, dup_id_list, empty_list = _drop_duplicate_ids_and_empty(raw, raw["text"] == "", skip_bad, id_col)

    lines = [t.split("\n") for t in raw["text"]]
    removed: list[dict[int, str]] = [{} for _ in lines]
    if furniture:
        removed = [fur.known_furniture(ls) for ls in lines]
    outlets = raw["outlet"].tolist()

    doc_keys: dict[int, tuple[str, set[str]]] = {}  # learning runs twice: each document's keys are computed once

    def keys_of(j: int) -> tuple[str, set[str]]:
        """The document's recurrence key (its lines' keys) and its unit keys, without known furniture."""
        if j not in doc_keys:
            doc_keys[j] = fur.document_keys([ln for k, ln in enumerate(lines[j]) if k not in removed[j]])
        return doc_keys[j]

    def learn(keep_mask) -> dict[str, set[str]]:
        seen: set[str] = set()
        docs = []
        for j in range(len(lines)):
            if not keep_mask[j]:
                continue
            key, unit_keys = keys_of(j)
            if key in seen:
                continue
            seen.add(key)
            docs.append((outlets[j], unit_keys))
        return fur.learn_from_unit_keys(docs, furniture_min_docs, furniture_min_count, furniture_min_share)

    def units_of(j: int) -> set[str]:
        return keys_of(j)[1]

    def with_learned(learned: dict[str, set[str]]):
        out = [
            fur.remove_learned(
                ls, removed[j], learned.get(outlets[j], set()), units_of(j) if outlets[j] in learned else None
            )
            for j, ls in enumerate(lines)
        ]
        return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]

    learned = learn([True] * len(lines)) if furniture else {}
    new_lines, new_removed, sent_records = with_learned(learned)
    stage = [fur.apply_removals(ls, new_removed[j])[0] for j, ls in enumerate(new_lines)]

    if dedup:
        res = find_duplicates(
            pd.DataFrame({"doc_id": raw["doc_id"], "date": raw["date"], "text": stage}),
            threshold=dup_threshold,
            k=shingle_size,
        )
        dup_group, is_copy, dup_sim, pairs = res.dup_group, res.is_copy, res.dup_similarity, res.pairs
        stage_sh = res.shingles
    else:
        dup_group = pd.Series([""] * len(raw), dtype=object)
        is_copy = pd.Series([False] * len(raw), dtype=bool)
        dup_sim = pd.Series([float("nan")] * len(raw), dtype=float)
        pairs = []
        stage_sh = {}

    if furniture:
        if dedup and is_copy.any():
            learned = learn((~is_copy).tolist())  # a copy must not make its original's lines "recurring"
            new_lines, new_removed, sent_records = with_learned(learned)
        if dedup:
            pos = {d: j for j, d in enumerate(raw["doc_id"])}
            originals: dict[int, tuple] = {}  # (text, word trigrams): an original with several copies is read once
            for j in range(len(lines)):  # (a copy without headline-shaped lines needs no original)
                if is_copy.iat[j] and fur.headline_candidates(new_lines[j], new_removed[j]):
                    o = pos[dup_group.iat[j]]
                    if o not in originals:
                        orig_text = fur.apply_removals(new_lines[o], new_removed[o])[0]
                        originals[o] = (orig_text, fur._word_ngrams(orig_text))
                    orig_text, orig_grams = originals[o]
                    new_removed[j] = {
                        **new_removed[j],
                        **fur.injected_lines(
                            new_lines[j], new_removed[j], orig_text, dup_group.iat[j], original_ngrams=orig_grams
                        ),
                    }
    results = [fur.apply_removals(ls, new_removed[j]) for j, ls in enumerate(new_lines)]
    raw["text"] = [r[0] for r in results]
    lists = [r[1] + sent_records[j] for j, r in enumerate(results)]
    raw["furniture_removed"] = [json.dumps(x, ensure_ascii=False) for x in lists]
    raw["n_furniture"] = [len(x) for x in lists]
    raw["dup_group"] = dup_group.values
    raw["is_copy"] = is_copy.values.astype(bool)
    raw["dup_similarity"] = dup_sim.values
    if dedup and furniture and is_copy.any():  # report similarity on the final texts
        pos = {d: j for j, d in enumerate(raw["doc_id"])}
        texts, col = raw["text"].tolist(), raw.columns.get_loc("dup_similarity")
        final_sh: dict[int, np.ndarray] = {}  # an original with several copies is shingled once

        def shingles_of(j: int) -> np.ndarray:
            if j not in final_sh:  # a text that furniture did not change was shingled by find_duplicates
                same = j in stage_sh and texts[j] == stage[j]
                final_sh[j] = stage_sh[j] if same else shingles(texts[j], shingle_size)
            return final_sh[j]

        for j in np.flatnonzero(is_copy.values):
            raw.iat[j, col] = round(containment(shingles_of(j), shingles_of(pos[dup_group.iat[j]])), 4)

    return _finish(
        raw,
        (raw["text"] == "").to_numpy(),
        sources,
        items,
        problems,
        empty_list,
        dup_id_list,
        list(zip(outlets, raw["doc_id"], lists)),
        pairs,
        args,
        n_repaired,
    )


def _finish(
    raw: pd.DataFrame,
    only_furniture: np.ndarray,
    sources,
    items,
    problems: Problems,
    empty_list: list,
    dup_id_list: list,
    furniture_lists: list,
    pairs: list,
    a: dict,
    repaired: int,
    words=None,
    placeholders: tuple[str, ...] = (),
    text_of=None,
) -> tuple[pd.DataFrame, dict]:
    """The corpus (documents that were only furniture dropped and listed, clusters repaired,
    columns in order and validated) and the summary. ``words``: each row's words, if ``raw``
    holds no texts; ``placeholders``: text columns to add empty (a streamed ingest fills them)."""
    for d, s in zip(raw.loc[only_furniture, "doc_id"], raw.loc[only_furniture, "source_file"]):
        empty_list.append({"doc_id": d, "source": s, "why": "only site furniture"})
    corpus = raw[~only_furniture].reset_index(drop=True)
    # keep clusters consistent if a member became empty: a copy whose original is gone becomes
    # the original of what is left of its cluster; a lone original is a singleton again
    if only_furniture.any() and (corpus["dup_group"] != "").any():
        corpus = _repair_clusters(corpus)
    if corpus.empty:
        raise CorpusError(_empty_message(sources, problems, n_empty=len(empty_list)))
    # the language of each document: the override, the source's code, or detected from the text
    # (``text_of(i)``: the final text of kept row i, for a streamed ingest whose corpus holds none)
    from ..language import INGEST_SAMPLE_CHARS, language_codes

    texts = corpus["text"].tolist() if text_of is None else None
    languages, origin = language_codes(
        corpus["language"].tolist() if "language" in corpus.columns else None,
        texts.__getitem__ if text_of is None else text_of,
        len(corpus),
        a.get("language"),
        INGEST_SAMPLE_CHARS,
    )
    corpus["language"] = languages
    for c in placeholders:
        corpus[c] = ""
    extras = [c for c in corpus.columns if c not in CORPUS_COLUMNS and c not in INGEST_COLUMNS]
    corpus = validate_corpus(corpus[CORPUS_COLUMNS + INGEST_COLUMNS + extras], source="ingest")
    corpus["n_furniture"] = corpus["n_furniture"].astype("int64")
    corpus["date_precision"] = corpus["date_precision"].astype(str)

    n_skipped_rows = len(problems.skipped)
    n_read = len(corpus) + len(empty_list) + len(dup_id_list) + n_skipped_rows
    summary = _summary(
        sources,
        items,
        corpus,
        n_read,
        n_skipped_rows,
        problems,
        empty_list,
        dup_id_list,
        furniture_lists,
        pairs,
        _options(a),
        words=None if words is None else words[~only_furniture],
    )
    summary["text_repaired"] = int(repaired)
    summary["languages"] = dict(sorted(Counter(languages).items()))
    summary["language_origin"] = origin
    return corpus, summary


def _start(a: dict):
    """``(sources, options, problems, items)`` from the arguments ``a`` of :func:`ingest_sources`,
    checked; the sources' files discovered."""
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


def _options(a: dict) -> dict:
    """The options a summary records, from the arguments ``a`` of :func:`ingest_sources`."""
    return {
        k: a.get(k) for k in ("furniture", "dedup", "dup_threshold", "shingle_size", "skip_bad", "encoding", "language")
    } | {
        "format": a["fmt"],
        "furniture_min_docs": a["furniture_min_docs"],
        "furniture_min_count": a["furniture_min_count"],
        "furniture_min_share": a["furniture_min_share"],
    }


@dataclass
class _ReadCounts:
    repaired: int = 0  # documents whose text ftfy or the cleaner changed


def _clean_chunks(items, opts: Options, problems: Problems, counts: _ReadCounts):
    """The sources' raw chunks with dates parsed (bad ones reported to ``problems``) and texts
    cleaned: column ``text`` is added, ``text_raw`` kept."""
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
        counts.repaired += sum(c[1] for c in cleaned)
        yield chunk


def _drop_duplicate_ids_and_empty(raw: pd.DataFrame, empty: pd.Series, skip_bad: bool, id_col: str | None = None):
    """``(raw, duplicate-id rows, empty documents)``: a repeated ``doc_id`` keeps its first row (or,
    without ``skip_bad``, raises naming both places); then documents without text (``empty``,
    aligned with ``raw``) are dropped. ``raw`` has a fresh index."""
    raw["doc_id"] = raw["doc_id"].astype(str).str.strip()
    dup_ids = raw["doc_id"].duplicated(keep="first")
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
        raw, empty = raw[~dup_ids].reset_index(drop=True), empty[~dup_ids].reset_index(drop=True)
    # empty before furniture
    empty_list = [
        {"doc_id": d, "source": s, "why": "no text"}
        for d, s in zip(raw.loc[empty, "doc_id"], raw.loc[empty, "source_file"])
    ]
    return raw[~empty].reset_index(drop=True), dup_id_list, empty_list


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


def _empty_message(sources, problems: Problems, n_empty: int = 0) -> str:
    names = ", ".join(map(str, sources))
    extra = []
    if n_empty:
        extra.append(f"{n_empty} empty")
    if problems.skipped or problems.unreadable:
        extra.append(f"{len(problems.skipped)} skipped rows, {len(problems.unreadable)} unreadable files")
    if problems.ignored_files:
        extra.append(f"{len(problems.ignored_files)} files of unknown type ignored")
    if problems.not_read:
        extra.append(f"{len(problems.not_read)} paths not read (links out of the folder, not regular files)")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{names}: no documents to ingest{tail}; check the SOURCE paths, --format and column options"


#: bytes.translate table: ASCII whitespace (``str.isspace``) -> " ", every other byte -> "x"
_SPACE_OR_X = bytes(32 if chr(c).isspace() else 120 for c in range(128)) + b"x" * 128
_NON_ASCII_SPACE = frozenset(c for c in fur._ODD_SPACE if not c.isascii())


def _n_words(text: str) -> int:
    """``len(text.split())`` without making the words: each non-ASCII space becomes " " in the
    UTF-8 bytes, every byte becomes " " (space) or "x", and a word starts at each " x" (and at a
    leading "x"). About 3x faster on news texts.

    Examples
    --------
    >>> _n_words("  Kyiv\u00a0said\tno. "), _n_words("")
    (3, 0)
    """
    data = text.encode("utf-8", "surrogatepass")
    if not text.isascii():
        for ch in _NON_ASCII_SPACE.intersection(
            data.translate(None, fur._ASCII_BYTES).decode("utf-8", "surrogatepass")
        ):
            data = data.replace(ch.encode("utf-8"), b" ")
    marks = data.translate(_SPACE_OR_X)
    return marks.count(b" x") + marks.startswith(b"x")


def _summary(
    sources,
    items,
    corpus,
    n_read,
    n_skipped_rows,
    problems,
    empty_list,
    dup_id_list,
    furniture_lists,
    pairs,
    options,
    words=None,
) -> dict:
    """The accounting of :func:`ingest_sources` (``words``: each document's words, if the corpus
    holds no texts)."""
    by_reason: Counter = Counter()
    distinct: dict[tuple[str, str, str], list[str]] = {}
    for outlet, doc_id, lst in furniture_lists:
        for entry in lst:
            by_reason[entry["reason"]] += 1
            distinct.setdefault((outlet, entry["reason"], entry["line"]), []).append(doc_id)
    furniture_rows = [
        {"outlet": o, "reason": r, "line": ln, "n_docs": len(ids), "doc_ids": ids[:20]}
        for (o, r, ln), ids in sorted(distinct.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    clusters = []
    members: dict[str, list[int]] = {}  # dup_group -> rows, in corpus order
    for i, g in enumerate(corpus["dup_group"].tolist()):
        if g and isinstance(g, str):
            members.setdefault(g, []).append(i)
    if members:
        ids, is_copy, outlets, sims = (corpus[c].tolist() for c in ("doc_id", "is_copy", "outlet", "dup_similarity"))
    for g in sorted(members):
        rows = members[g]
        known = [sims[i] for i in rows if sims[i] == sims[i]]  # Series.min skips NaN
        clusters.append(
            {
                "dup_group": g,
                "original": g,
                "copies": [ids[i] for i in rows if is_copy[i]],
                "outlets": sorted({outlets[i] for i in rows}),
                "min_similarity": float(min(known)) if known else float("nan"),
            }
        )
    # words = runs of non-space (str.split and regex \S+ agree on what is space)
    if words is None:
        words = [_n_words(t) for t in corpus["text"]]
    per_outlet = (
        corpus.assign(_words=words)
        .groupby("outlet", sort=True)
        .agg(
            documents=("doc_id", "size"),
            copies=("is_copy", "sum"),
            words=("_words", "sum"),
            furniture_lines=("n_furniture", "sum"),
        )
    )
    n_kept = len(corpus)
    return {
        "sources": [path_text(s) for s in sources],
        "files": len(items),
        "documents_read": int(n_read),
        "documents_kept": int(n_kept),
        "empty": len(empty_list),
        "duplicate_ids": len(dup_id_list),
        "skipped_rows": int(n_skipped_rows),
        "unreadable": len(problems.unreadable),
        "ignored_files": list(problems.ignored_files),
        "furniture_lines_removed": int(sum(by_reason.values())),
        "furniture_by_reason": dict(sorted(by_reason.items())),
        "documents_with_furniture": int((corpus["n_furniture"] > 0).sum()),
        "duplicate_clusters": len(clusters),
        "copies": int(corpus["is_copy"].sum()),
        "originals_and_singletons": int((~corpus["is_copy"]).sum()),
        "encodings": dict(sorted(Counter(corpus["encoding"]).items())),
        "date_precision": dict(sorted(Counter(corpus["date_precision"]).items())),
        "per_outlet": {o: {k: int(v) for k, v in row.items()} for o, row in per_outlet.iterrows()},
        "empty_documents": empty_list,
        "duplicate_id_rows": dup_id_list,
        "skipped": problems.skipped,
        "unreadable_files": problems.unreadable,
        "rows_repaired": int(problems.n_repaired),
        "repaired_rows": problems.repaired,
        "file_encodings": problems.files,
        "not_read": problems.not_read,
        "duplicate_cluster_list": clusters,
        "duplicate_pairs": [{"a": a, "b": b, "containment": c} for a, b, c in pairs][:1000],
        "furniture": furniture_rows,
        "options": options,
    }


def drop_copies(corpus: pd.DataFrame) -> pd.DataFrame:
    """The corpus without later copies of near-duplicate clusters (each original is kept).

    Equivalent to ``corpus[~corpus["is_copy"]]``; a corpus without an ``is_copy`` column is
    returned unchanged.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a", "b"], "is_copy": [False, True]})
    >>> drop_copies(df).doc_id.tolist()
    ['a']
    """
    if "is_copy" not in corpus.columns:
        return corpus
    return corpus[~corpus["is_copy"].astype(bool)].reset_index(drop=True)


def format_summary(summary: dict) -> str:
    """The summary as the few lines ``framing ingest`` prints."""
    s = summary
    out = [
        f"documents read      {s['documents_read']}",
        f"documents kept      {s['documents_kept']}  ({s['originals_and_singletons']} originals/singletons + {s['copies']} copies)",
        f"empty (dropped)     {s['empty']}",
        f"duplicate ids       {s['duplicate_ids']}",
        f"skipped bad rows    {s['skipped_rows']}",
        f"unreadable files    {s['unreadable']}",
        f"ignored files       {len(s['ignored_files'])}",
        f"furniture removed   {s['furniture_lines_removed']} lines in {s['documents_with_furniture']} documents",
    ]
    for reason, n in s["furniture_by_reason"].items():
        out.append(f"    {n:6d}  {reason}")
    out.append(f"duplicate clusters  {s['duplicate_clusters']}")
    for c in s["duplicate_cluster_list"][:10]:
        out.append(f"    {c['original']} <- {', '.join(c['copies'])}")
    if len(s["duplicate_cluster_list"]) > 10:
        out.append(f"    ... {len(s['duplicate_cluster_list']) - 10} more in the summary file")
    out.append("encodings           " + ", ".join(f"{k} {v}" for k, v in s["encodings"].items()))
    files = s.get("file_encodings", [])
    notable = [
        f
        for f in files
        if f["decided_by"] not in ("utf-8", "bom", "parquet") or f["rows_repaired"] or f["rows_skipped"]
    ]
    for f in notable[:10]:
        how = "decided by " + f["decided_by"] + ("" if f["confidence"] == 1 else f", confidence {f['confidence']:.2f}")
        rows = "".join(
            f", {f[k]} row{'s' * (f[k] != 1)} {w}"
            for k, w in (("rows_repaired", "repaired (U+FFFD)"), ("rows_skipped", "skipped"))
            if f[k]
        )
        out.append(f"    {f['file']}: {f['encoding']} ({how}){rows}")
    if len(notable) > 10:
        out.append(f"    ... {len(notable) - 10} more in the summary file")
    out.append(
        f"undecodable rows    {s.get('rows_repaired', 0)} repaired (bytes not in the file's encoding, NUL bytes, "
        "lone surrogates: U+FFFD)"
    )
    out.append(
        f"text repaired       {s.get('text_repaired', 0)} documents (mojibake, HTML entities, control characters)"
    )
    if s.get("languages"):
        o = s.get("language_origin", {})
        origin = ", ".join(
            f"{k.replace('_', ' ')} {o[k]}" for k in ("override", "source", "detected", "invalid_source") if o.get(k)
        )
        out.append(
            "languages           "
            + ", ".join(f"{k} {v}" for k, v in s["languages"].items())
            + (f"  ({origin})" if origin else "")
        )

    def listing(items, limit, fmt):
        out.extend(fmt(d) for d in items[:limit])
        if len(items) > limit:
            out.append(f"  ... {len(items) - limit} more in the summary file")

    listing(s["empty_documents"], 10, lambda d: f"  empty: {d['doc_id']} ({d['why']}, {d['source']})")
    listing(
        s["skipped"] + s["duplicate_id_rows"], 20, lambda d: f"  skipped: {d['source']} {d['where']}: {d['problem']}"
    )
    listing(s.get("repaired_rows", []), 20, lambda d: f"  repaired: {d['source']} {d['where']}: {d['problem']}")
    listing(s["unreadable_files"], 20, lambda d: f"  unreadable: {d['problem']}")
    listing(s["ignored_files"], 10, lambda f: f"  ignored: {f}")
    listing(s.get("not_read", []), 10, lambda d: f"  not read: {d['path']} ({d['why']})")
    return path_text("\n".join(out))


def write_outputs(
    corpus: pd.DataFrame, summary: dict, out: str | os.PathLike, row_group_size: int = 10_000
) -> tuple[Path, Path]:
    """Write the corpus (Parquet by row groups, or CSV/JSONL) and ``<out>.summary.json`` atomically.

    Both files are written to temporary names and renamed into place only when both are complete,
    so a failed run leaves no partial output. Refuses (:class:`~framing.errors.OutputError`) to
    write over one of the summary's sources or inside a source folder; a write that fails (disk
    full, read-only) is one :class:`~framing.errors.OutputError` line and leaves nothing behind.
    """
    out = Path(out)
    fmt = corpus_format(out)
    guard_output([out, summary_path_of(out)], summary.get("sources", []))

    def write(tmp: Path) -> None:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(corpus, preserve_index=False)
            with pq.ParquetWriter(tmp, table.schema) as writer:
                for start in range(0, max(len(corpus), 1), row_group_size):
                    writer.write_table(table.slice(start, row_group_size))
        elif fmt == "csv":
            corpus.to_csv(tmp, index=False, date_format="%Y-%m-%d")
        else:
            corpus.to_json(tmp, orient="records", lines=True, date_format="iso", force_ascii=False)

    summary_path = _write_atomically(out, summary, write)
    return out, summary_path


def summary_path_of(out: str | os.PathLike) -> Path:
    """Where the summary of the corpus ``out`` goes: ``<out>.summary.json``."""
    out = Path(out)
    return out.with_name(out.name + ".summary.json")


def _os_error(exc: BaseException) -> OSError:
    """pyarrow reports a full disk as ``OSError`` without ``errno`` (the number is in the text):
    give it one, so :mod:`framing.files` names the fix."""
    import errno
    import re

    if isinstance(exc, OSError) and exc.errno is None:
        m = re.search(r"errno (\d+)|\[Errno (\d+)\]", str(exc), re.I)
        if m:
            return OSError(int(m.group(1) or m.group(2)), str(exc).splitlines()[0][:120])
        if "no space left" in str(exc).lower():
            return OSError(errno.ENOSPC, "No space left on device")
    return exc


def _write_atomically(out: Path, summary: dict, write) -> Path:
    """``write(tmp)`` the corpus and write the summary, both to temporary files of their own beside
    them (:func:`framing.files.atomic_path`), renamed into place only when both are complete (the
    corpus first); return the summary's path."""
    summary_path = summary_path_of(out)
    data = (json.dumps(summary, indent=1, ensure_ascii=False, default=str) + "\n").encode("utf-8", "backslashreplace")
    with atomic_path(summary_path) as tmp_sum:
        with atomic_path(out) as tmp:
            try:
                write(tmp)
                tmp_sum.write_bytes(data)
            except OSError as exc:
                raise _os_error(exc) from None
            except (ValueError, TypeError, UnicodeError) as exc:  # pyarrow/pandas refusing a value
                from ..errors import OutputError

                raise OutputError(
                    f"--out {out}: cannot write the corpus ({type(exc).__name__}: "
                    f"{excerpt(str(exc), 80)}); please report this with the input that caused it"
                ) from None
    return summary_path
