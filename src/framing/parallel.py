"""Counting and matching as map-reduce over corpus partitions, streamed with bounded memory.

Counting is a map (one partition of documents → its own vocabulary and sparse counts) and a reduce
(a vocabulary union and a sum). Matching is a map (partition → mention rows) and a concatenation.
Because every document is tokenized and matched on its own, the reduced result is *identical* to
the in-memory path (:func:`framing.counts.count_matrix` / :func:`framing.match.match_corpus` on the
whole corpus), whatever the partitioning: the vocabulary is sorted, documents keep corpus order,
mentions are sorted by ``(doc order, start, end, concept, variant)``.

This module is the single-machine path: :func:`stream_parquet` reads a Parquet corpus one row group
at a time and keeps only

* the running vocabulary (one ``dict`` entry per distinct term),
* the group-by-term totals (``groups × terms`` integers, grown by doubling),
* optionally the mentions (small: one row per lexicon hit) and the document-term matrix
  (``keep_docs=True``; this one grows with the corpus),

so peak memory grows with the vocabulary and one row group, not with the corpus.
:mod:`framing.distributed` runs the same map and reduce functions on a Dask cluster.

Example
-------
>>> from framing.parallel import stream_parquet
>>> result = stream_parquet("data/processed/corpus.parquet")  # doctest: +SKIP
>>> result.totals_frame().head()  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import CorpusError, ParameterError


# ----------------------------------------------------------------------------------------------
# map: one partition
# ----------------------------------------------------------------------------------------------
@dataclass
class PartitionCounts:
    """Counts of one partition (or of a merged set of partitions).

    Attributes
    ----------
    vocabulary : list[str]
        Terms, sorted; column ``j`` of ``matrix`` and ``totals`` is ``vocabulary[j]``.
    groups : list[str]
        Group labels (e.g. outlets), sorted; row ``g`` of ``totals`` is ``groups[g]``.
    totals : scipy.sparse.csr_matrix
        ``groups × terms`` token counts: ``totals[g, j] = Σ_{d in g} matrix[d, j]``.
    doc_tokens : numpy.ndarray
        Tokens per document (``matrix.sum(axis=1)``), in document order; empty if docs not kept.
    matrix : scipy.sparse.csr_matrix or None
        ``documents × terms`` counts, rows in document order (``None`` when ``keep_docs=False``).
    doc_ids : list[str]
        Document ids in row order (empty when ``keep_docs=False``).
    n_docs : int
        Documents counted.
    """

    vocabulary: list[str]
    groups: list[str]
    totals: sp.csr_matrix
    doc_tokens: np.ndarray
    matrix: sp.csr_matrix | None = None
    doc_ids: list[str] = field(default_factory=list)
    n_docs: int = 0

    @property
    def n_tokens(self) -> int:
        """Total tokens counted (``Σ totals``)."""
        return int(self.totals.sum())

    def totals_frame(self) -> pd.DataFrame:
        """Tidy group totals: one row per (group, term) with ``count > 0``, sorted by group then term."""
        coo = self.totals.tocoo()
        order = np.lexsort((coo.col, coo.row))
        return pd.DataFrame(
            {
                "group": np.asarray(self.groups, dtype=object)[coo.row[order]] if len(order) else [],
                "term": np.asarray(self.vocabulary, dtype=object)[coo.col[order]] if len(order) else [],
                "count": coo.data[order].astype(np.int64),
            }
        )


def _group_totals(matrix: sp.csr_matrix, labels: Sequence[str]) -> tuple[list[str], sp.csr_matrix]:
    """Sum the rows of ``matrix`` per label: ``totals = G @ matrix`` with ``G`` the label indicator."""
    groups, inverse = np.unique(np.asarray(labels, dtype=object).astype(str), return_inverse=True)
    indicator = sp.csr_matrix(
        (np.ones(len(inverse), dtype=np.int64), (inverse, np.arange(len(inverse)))),
        shape=(len(groups), matrix.shape[0]),
    )
    return [str(g) for g in groups], (indicator @ matrix.astype(np.int64)).tocsr()


def _sorted_columns(vocabulary: Sequence[str], matrix: sp.csr_matrix) -> tuple[list[str], sp.csr_matrix]:
    vocab = np.asarray(vocabulary, dtype=object)
    order = np.argsort(vocab.astype(str), kind="stable")
    if np.all(order == np.arange(len(order))):
        return list(map(str, vocab)), matrix
    return [str(v) for v in vocab[order]], matrix[:, order].tocsr()


def count_partition(
    df: pd.DataFrame,
    *,
    mwes: Sequence[str] | None = None,
    group_col: str = "outlet",
    keep_docs: bool = True,
    count_options: dict | None = None,
) -> PartitionCounts:
    """Map step: count one partition with :func:`framing.counts.count_matrix`.

    Parameters
    ----------
    df : DataFrame
        Corpus rows (``doc_id``, ``text`` and ``group_col`` at least).
    mwes : list of str, optional
        Multi-word expressions joined by the tokenizer (``Lexicon.multiword_expressions()``).
    group_col : str
        Column whose values label the rows of ``totals`` (default ``outlet``).
    keep_docs : bool
        Keep the documents × terms matrix (else only group totals: memory ∝ vocabulary).
    count_options : dict, optional
        Passed on to ``count_matrix`` (per-document options only: a corpus-level filter such as
        a minimum document frequency must be applied after the reduce).

    Returns
    -------
    PartitionCounts

    Example
    -------
    >>> part = count_partition(corpus.iloc[:100], mwes=lexicon.multiword_expressions())  # doctest: +SKIP
    """
    from .counts import count_matrix

    if group_col not in df.columns:
        raise ParameterError(
            f"group_col: the corpus has no column {group_col!r}; use one of {', '.join(map(str, df.columns))}"
        )
    if len(df) == 0:
        return PartitionCounts(
            [],
            [],
            sp.csr_matrix((0, 0), dtype=np.int64),
            np.zeros(0, np.int64),
            sp.csr_matrix((0, 0), dtype=np.int64) if keep_docs else None,
            [],
            0,
        )
    opts = dict(count_options or {})
    if mwes is not None:
        opts.setdefault("mwes", list(mwes))
    counts = count_matrix(df, **opts)
    vocab, matrix = _sorted_columns(list(counts.vocabulary), sp.csr_matrix(counts.matrix, dtype=np.int64))
    groups, totals = _group_totals(matrix, df[group_col].tolist())
    doc_tokens = np.asarray(matrix.sum(axis=1)).ravel().astype(np.int64)
    return PartitionCounts(
        vocab,
        groups,
        totals,
        doc_tokens if keep_docs else np.zeros(0, np.int64),
        matrix if keep_docs else None,
        [str(d) for d in counts.doc_ids] if keep_docs else [],
        len(df),
    )


def match_partition(df: pd.DataFrame, lexicon: Any, *, match_options: dict | None = None) -> pd.DataFrame:
    """Map step: :func:`framing.match.match_corpus` on one partition (mention rows, columns ``MENTION_COLUMNS``)."""
    from .match import match_corpus

    return match_corpus(df, lexicon, **(match_options or {}))


# ----------------------------------------------------------------------------------------------
# reduce
# ----------------------------------------------------------------------------------------------
def _align(part: PartitionCounts, index: dict[str, int]) -> np.ndarray:
    return np.fromiter((index[t] for t in part.vocabulary), dtype=np.int64, count=len(part.vocabulary))


def _remap(matrix: sp.csr_matrix, columns: np.ndarray, n_terms: int) -> sp.csr_matrix:
    m = matrix.tocsr()
    return sp.csr_matrix(
        (m.data, columns[m.indices] if len(columns) else m.indices, m.indptr), shape=(m.shape[0], n_terms)
    )


def merge_counts(parts: Iterable[PartitionCounts]) -> PartitionCounts:
    """Reduce step: union the vocabularies (sorted) and groups, sum the totals, stack the documents.

    Documents are stacked in the order the parts are given, so pass the parts in corpus order.
    ``merge_counts([a, b])`` equals counting the concatenated partitions at once (associative:
    ``merge([merge([a, b]), c]) == merge([a, b, c])``).
    """
    parts = [p for p in parts if p is not None]
    vocabulary = sorted(set().union(*(p.vocabulary for p in parts))) if parts else []
    groups = sorted(set().union(*(p.groups for p in parts))) if parts else []
    vindex = {t: i for i, t in enumerate(vocabulary)}
    gindex = {g: i for i, g in enumerate(groups)}
    totals = sp.csr_matrix((len(groups), len(vocabulary)), dtype=np.int64)
    matrices = []
    keep = all(p.matrix is not None for p in parts) and bool(parts)
    for p in parts:
        cols = _align(p, vindex)
        if p.totals.nnz:
            t = _remap(p.totals, cols, len(vocabulary)).tocoo()
            rows = np.fromiter((gindex[g] for g in p.groups), dtype=np.int64, count=len(p.groups))[t.row]
            totals = totals + sp.csr_matrix((t.data, (rows, t.col)), shape=totals.shape)
        if keep:
            matrices.append(_remap(p.matrix, cols, len(vocabulary)))
    matrix = sp.vstack(matrices, format="csr", dtype=np.int64) if keep and matrices else None
    if matrix is not None:
        matrix.sort_indices()
    totals = totals.tocsr()
    totals.sort_indices()
    return PartitionCounts(
        vocabulary,
        groups,
        totals,
        np.concatenate([p.doc_tokens for p in parts]) if keep else np.zeros(0, np.int64),
        matrix,
        [d for p in parts for d in p.doc_ids] if keep else [],
        sum(p.n_docs for p in parts),
    )


def sort_mentions(mentions: pd.DataFrame, doc_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Sort mention rows deterministically: by document (corpus order if given, else doc_id), start, end, concept, variant."""
    if mentions.empty:
        return mentions.reset_index(drop=True)
    m = mentions.copy()
    if doc_order is not None:
        rank = {d: i for i, d in enumerate(doc_order)}
        m["_doc"] = m["doc_id"].map(rank)
    else:
        m["_doc"] = m["doc_id"].astype(str)
    m = m.sort_values(["_doc", "start", "end", "concept", "variant"], kind="stable")
    return m.drop(columns="_doc").reset_index(drop=True)


class StreamAccumulator:
    """Running reduce with memory ∝ vocabulary: feed :class:`PartitionCounts`, get the merged result.

    Terms get global column numbers in order of first appearance (a ``dict``); group totals live in
    a dense ``groups × capacity`` int64 array whose capacity doubles when the vocabulary outgrows it.
    :meth:`result` sorts the vocabulary so the output equals :func:`merge_counts`.
    """

    def __init__(self, keep_docs: bool = False) -> None:
        self.keep_docs = keep_docs
        self.index: dict[str, int] = {}
        self.gindex: dict[str, int] = {}
        self._totals = np.zeros((0, 1024), dtype=np.int64)
        self._matrices: list[sp.csr_matrix] = []
        self._doc_ids: list[str] = []
        self._doc_tokens: list[np.ndarray] = []
        self.n_docs = 0

    def add(self, part: PartitionCounts) -> None:
        """Fold one partition's counts into the running totals."""
        index = self.index
        for t in part.vocabulary:
            if t not in index:
                index[t] = len(index)
        for g in part.groups:
            if g not in self.gindex:
                self.gindex[g] = len(self.gindex)
        rows, cap = self._totals.shape
        if len(index) > cap or len(self.gindex) > rows:
            new_cap = cap
            while new_cap < len(index):
                new_cap *= 2
            grown = np.zeros((max(rows, len(self.gindex)), new_cap), dtype=np.int64)
            grown[:rows, :cap] = self._totals
            self._totals = grown
        cols = np.fromiter((index[t] for t in part.vocabulary), dtype=np.int64, count=len(part.vocabulary))
        if part.totals.nnz:
            t = part.totals.tocoo()
            grows = np.fromiter((self.gindex[g] for g in part.groups), dtype=np.int64, count=len(part.groups))
            np.add.at(self._totals, (grows[t.row], cols[t.col]), t.data)
        if self.keep_docs:
            if part.matrix is None:
                raise ParameterError(
                    "keep_docs: the partitions were counted without documents; count with keep_docs=True"
                )
            m = part.matrix.tocsr()
            self._matrices.append(
                sp.csr_matrix((m.data, cols[m.indices] if len(cols) else m.indices, m.indptr), shape=(m.shape[0], 0))
            )  # width fixed in result()
            self._doc_ids.extend(part.doc_ids)
            self._doc_tokens.append(part.doc_tokens)
        self.n_docs += part.n_docs

    def result(self) -> PartitionCounts:
        """The merged counts with a sorted vocabulary and sorted groups."""
        n_terms = len(self.index)
        terms = list(self.index)
        order = (
            np.argsort(np.asarray(terms, dtype=object).astype(str), kind="stable") if terms else np.zeros(0, np.int64)
        )
        new_col = np.empty(n_terms, dtype=np.int64)
        new_col[order] = np.arange(n_terms)
        groups = list(self.gindex)
        gorder = (
            np.argsort(np.asarray(groups, dtype=object).astype(str), kind="stable") if groups else np.zeros(0, np.int64)
        )
        dense = self._totals[: len(groups), :n_terms][gorder][:, order] if groups else np.zeros((0, n_terms), np.int64)
        totals = sp.csr_matrix(dense, dtype=np.int64)
        matrix = None
        if self.keep_docs:
            fixed = [
                sp.csr_matrix((m.data, new_col[m.indices], m.indptr), shape=(m.shape[0], n_terms))
                for m in self._matrices
            ]
            matrix = (
                sp.vstack(fixed, format="csr", dtype=np.int64) if fixed else sp.csr_matrix((0, n_terms), dtype=np.int64)
            )
            matrix.sort_indices()
        return PartitionCounts(
            [terms[i] for i in order],
            [groups[i] for i in gorder],
            totals,
            np.concatenate(self._doc_tokens) if self._doc_tokens else np.zeros(0, np.int64),
            matrix,
            list(self._doc_ids),
            self.n_docs,
        )


# ----------------------------------------------------------------------------------------------
# streaming over Parquet
# ----------------------------------------------------------------------------------------------
def iter_parquet(
    path: str | os.PathLike, *, batch_docs: int | None = None, columns: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """Yield a Parquet corpus in batches: one row group at a time (or ``batch_docs`` rows at a time).

    Each batch goes through :func:`framing.corpus.validate_corpus`, so dtypes are canonical.
    Raises :class:`CorpusError` naming the file when it is missing or not a Parquet corpus.
    """
    import pyarrow.parquet as pq

    from .corpus import validate_corpus

    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such corpus file; run `framing ingest` to create it")
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder; name one Parquet corpus file (count-dask reads a folder of them)")
    if not path.is_file():
        raise CorpusError(f"{path}: is not a regular file (a pipe or a device); save the corpus to a file first")
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise CorpusError(
            f"{path}: cannot read as parquet: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    names = pf.schema_arrow.names
    missing = [c for c in ("doc_id", "outlet", "text") if c not in names]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}; a corpus needs doc_id, outlet and text")
    cols = list(columns) if columns else None
    if batch_docs:
        batches = (b.to_pandas() for b in pf.iter_batches(batch_size=int(batch_docs), columns=cols))
    else:
        batches = (pf.read_row_group(i, columns=cols).to_pandas() for i in range(pf.num_row_groups))
    i = 0
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as exc:  # a damaged row group: name the file and the batch, not a traceback
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CorpusError(f"{path} (batch {i}): cannot read as parquet: {first}") from None
        if len(batch):
            yield validate_corpus(batch, source=f"{path} (batch {i})")
        i += 1


@dataclass
class StreamResult:
    """What :func:`stream_parquet` returns: merged counts, mentions, and timings per step (seconds)."""

    counts: PartitionCounts
    mentions: pd.DataFrame | None
    timings: dict[str, float]
    n_batches: int


def stream_parquet(
    path: str | os.PathLike,
    lexicon: Any = None,
    *,
    count: bool = True,
    match: bool = True,
    keep_docs: bool = False,
    group_col: str = "outlet",
    batch_docs: int | None = None,
    mentions_path: str | os.PathLike | None = None,
    count_options: dict | None = None,
    match_options: dict | None = None,
    clean: Any = None,
) -> StreamResult:
    """Count and match a Parquet corpus one batch at a time; memory ∝ vocabulary (+ one batch).

    Parameters
    ----------
    path : path
        Parquet corpus (``framing ingest`` output); its row groups are the batches.
    lexicon : Lexicon, optional
        For matching and for the tokenizer's multi-word expressions; ``None`` loads the bundled one.
    count, match : bool
        Which maps to run.
    keep_docs : bool
        Also keep the documents × terms matrix (grows with the corpus).
    batch_docs : int, optional
        Rows per batch instead of Parquet row groups.
    mentions_path : path, optional
        Write mentions to this Parquet file batch by batch instead of keeping them in memory
        (``StreamResult.mentions`` is then ``None``). Written to a temporary name and renamed
        when complete.
    clean : callable, optional
        ``clean(batch) -> batch`` applied to each batch before counting and matching (e.g. furniture
        removal); must work document by document.

    Returns
    -------
    StreamResult
        ``counts`` equal to :func:`merge_counts` of the partitions (identical to counting the whole
        corpus at once), mentions sorted by :func:`sort_mentions` in corpus order.
    """
    from .lexicon import load_lexicon

    if lexicon is None or isinstance(lexicon, (str, os.PathLike)):
        lexicon = load_lexicon(lexicon)
    mwes = lexicon.multiword_expressions()
    acc = StreamAccumulator(keep_docs=keep_docs)
    mention_parts: list[pd.DataFrame] = []
    timings = {"read": 0.0, "clean": 0.0, "count": 0.0, "match": 0.0, "reduce": 0.0}
    n = 0

    def run(tmp_mentions: Path | None) -> None:
        nonlocal n
        writer = None
        t = time.perf_counter()
        try:
            for batch in iter_parquet(path, batch_docs=batch_docs):
                now = time.perf_counter()
                timings["read"] += now - t
                t = now
                if clean is not None:
                    batch = clean(batch)
                    now = time.perf_counter()
                    timings["clean"] += now - t
                    t = now
                n += 1
                if count:
                    part = count_partition(
                        batch, mwes=mwes, group_col=group_col, keep_docs=keep_docs, count_options=count_options
                    )
                    now = time.perf_counter()
                    timings["count"] += now - t
                    t = now
                    acc.add(part)
                    now = time.perf_counter()
                    timings["reduce"] += now - t
                    t = now
                if match:
                    m = sort_mentions(
                        match_partition(batch, lexicon, match_options=match_options), batch["doc_id"].tolist()
                    )
                    if tmp_mentions is not None:
                        if len(m):
                            writer = _append_parquet(writer, m, tmp_mentions)
                    else:
                        mention_parts.append(m)
                    now = time.perf_counter()
                    timings["match"] += now - t
                    t = now
        finally:
            if writer is not None:
                writer.close()
        if tmp_mentions is not None and writer is None:  # no mentions at all: an empty file with the columns
            _empty_mentions().to_parquet(tmp_mentions, index=False)

    if mentions_path is not None and match:
        from .files import atomic_path

        # written batch by batch to a temporary file renamed into place when complete: a complete
        # file or none, never half a file, and no temporary file left behind on failure
        with atomic_path(mentions_path, "--mentions") as tmp:
            run(tmp)
    else:
        run(None)
    counts = acc.result()
    mentions = None
    if match and mentions_path is None:
        nonempty = [m for m in mention_parts if len(m)]
        mentions = (
            pd.concat(nonempty, ignore_index=True)
            if nonempty
            else (mention_parts[0] if mention_parts else _empty_mentions())
        )
    return StreamResult(counts, mentions, timings, n)


def _empty_mentions() -> pd.DataFrame:
    from .match import MENTION_COLUMNS

    return pd.DataFrame({c: [] for c in MENTION_COLUMNS})


def _append_parquet(writer, df: pd.DataFrame, path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    if writer is None:
        writer = pq.ParquetWriter(path, table.schema)
    elif table.schema != writer.schema:
        table = table.cast(writer.schema)
    writer.write_table(table)
    return writer
