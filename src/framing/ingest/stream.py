"""Ingest a corpus bigger than memory: ``framing ingest --stream``.

:func:`ingest_stream` writes the same corpus and summary as :func:`~framing.ingest.ingest_sources`
followed by :func:`~framing.ingest.write_outputs` (a test compares them), but holds no more text in
memory than one chunk of the sources (``chunk_rows``) while reading and one row group while
writing. Texts go to temporary files beside the output, read back by offset; what stays in memory
is small per document:

* the non-text columns (``doc_id``, ``outlet``, ``date``, ``title``, ``url``, source columns),
  which the in-memory path holds as well;
* for learning site furniture, a 128-bit digest (BLAKE2b) of each document's line keys and of each
  of its learnable units (lines and sentences, see :mod:`framing.ingest.furniture`): 16 bytes
  where the in-memory path keeps the sentence itself;
* for near-duplicates, one MinHash signature per distinct text (512 bytes), its shared LSH bands
  and a digest of its identity key; the shingles go to a temporary file, read back for each exact
  containment check (shared shingles counted pair by pair);
* the removed furniture lines (for ``furniture_removed`` and the summary).

Measured on the real corpora tiled to 8 and 32 M words: peak memory grows by about 10 MB per
million words (some 7 KB per document), against 115 MB per million words for the in-memory path;
a 1 GB corpus needs about 2 GB rather than about 20 GB. Each text is read several times (the
passes below), so a streamed ingest is slower: 1.1-1.4 times on real news, about 2.5 times on a
corpus where every text resembles many others (shared shingles are counted pair by pair).

Passes: (1) read, clean and spill the sources; drop repeated ids and empty texts as the in-memory
path does; (2) known furniture and the digests for learning; learn recurring lines; (3) the
texts without furniture: identity keys, shingles, MinHash; find the copies; learn again without
them; (4) the final texts; injected headlines of copies against their originals; (5) write the
corpus in row groups.

Digests replace string comparisons in two places (identical texts; learned units): two different
strings share a 128-bit digest with probability about ``n² / 2^129`` for ``n`` strings, below
10^-20 for a billion.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
import shutil
import tempfile
from array import array
from pathlib import Path

import numpy as np
import pandas as pd

from .. import owners
from .._perf import gc_paused
from ..corpus import corpus_format
from ..errors import CorpusError, OutputError, ParameterError
from ..files import guard_output, os_problem
from . import furniture as fur
from .core import (
    _clean_chunks,
    _drop_duplicate_ids_and_empty,
    _empty_message,
    _finish,
    _n_words,
    _ReadCounts,
    _start,
    _write_atomically,
    ingest_sources,
    summary_path_of,
)
from .dedup import (
    _lsh_params,
    _minhash_many,
    _Overlap,
    _shared_band_ids,
    _shingle_hashes,
    _word_hashes,
    cluster_units,
    containment,
    find_duplicates,
    shingles,
    sort_units,
)

__all__ = ["ingest_stream"]

_V16 = np.dtype("V16")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _TextStore:
    """Strings appended to a file as UTF-8 and read back by position."""

    def __init__(self, path: Path):
        self.fh = open(path, "w+b")
        self.offsets = array("q", [0])

    def append(self, texts) -> None:
        self.fh.seek(0, os.SEEK_END)
        for t in texts:
            data = t.encode("utf-8", "surrogatepass")
            self.fh.write(data)
            self.offsets.append(self.offsets[-1] + len(data))

    def __getitem__(self, i: int) -> str:
        a, b = self.offsets[i], self.offsets[i + 1]
        self.fh.seek(a)
        return self.fh.read(b - a).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.fh.close()


class _Learned:
    """An outlet's learned furniture units held as digests; ``key in learned`` digests the key."""

    def __init__(self, digests: np.ndarray):
        self.digests = {d.tobytes() for d in digests}

    def __bool__(self) -> bool:
        return bool(self.digests)

    def __contains__(self, key) -> bool:
        return key is not None and _digest(key) in self.digests


def _dedup_defaults() -> dict:
    """The near-duplicate parameters :func:`ingest_sources` leaves at :func:`find_duplicates`' defaults."""
    p = inspect.signature(find_duplicates).parameters
    return {k: p[k].default for k in ("num_perm", "candidate_threshold", "seed", "min_shingles", "min_shared")}


# ------------------------------------------------------------------ temporary folders of killed runs
_PREFIX = ".framing-ingest-"
_OWNER = "owner.json"


def remove_leftovers(folder: str | os.PathLike) -> list[str]:
    """Remove the temporary folders (``.framing-ingest-*``) that streamed ingests killed before they
    could clean up (SIGKILL, a crash, a power cut) left in ``folder``; return a line for each.

    A folder is removed only when its owner record (``owner.json``: pid, process start time, host)
    shows that its run is gone; a live run's folder, another machine's, and a folder without an
    owner record (being created, or left by an older version) are left alone (the latter named).

    Examples
    --------
    >>> remove_leftovers("reports")  # doctest: +SKIP
    ['removed the temporary folder of a streamed ingest that was killed (pid 4242): reports/.framing-ingest-k2j3 (212 MB)']
    """
    notes = []
    try:
        candidates = sorted(p for p in Path(folder).glob(_PREFIX + "*") if p.is_dir() and not p.is_symlink())
    except OSError:
        return notes
    for d in candidates:
        if not (d / _OWNER).exists():
            notes.append(
                f"left alone: {d} (a temporary folder without an owner record: remove it by hand if no "
                "ingest is running)"
            )
            continue
        owner = owners.read_owner(d, _OWNER)
        if owner is None or owners.owner_alive(owner):
            continue
        size = owners.folder_size(d)
        shutil.rmtree(d, ignore_errors=True)
        if not d.exists():
            notes.append(
                f"removed the temporary folder of a streamed ingest that was killed (pid {owner.get('pid')}): "
                f"{d} ({size / 1e6:.0f} MB)"
            )
    return notes


def _temporary_folder(where: Path, flag: str) -> tempfile.TemporaryDirectory:
    """A temporary folder in ``where`` with an owner record, so a later run can tell when it is left over."""
    try:
        tmp = tempfile.TemporaryDirectory(prefix=_PREFIX, dir=where)
    except OSError as exc:
        raise OutputError(f"{flag} {where}: cannot create the temporary folder: {os_problem(exc)}") from None
    try:
        owners.write_owner(Path(tmp.name), _OWNER)
    except OSError as exc:
        tmp.cleanup()
        raise OutputError(f"{flag} {where}: cannot write the temporary files: {os_problem(exc)}") from None
    return tmp


@gc_paused()
def ingest_stream(
    sources,
    out: str | os.PathLike,
    *,
    workdir: str | os.PathLike | None = None,
    row_group_size: int = 10_000,
    notes: list[str] | None = None,
    **options,
) -> tuple[Path, Path, dict]:
    """:func:`~framing.ingest.ingest_sources` and :func:`~framing.ingest.write_outputs` in bounded
    memory: the same corpus (Parquet only) and summary, texts kept on disk meanwhile.

    Parameters
    ----------
    sources, options : as for :func:`~framing.ingest.ingest_sources` (``text_col``, ``furniture``,
        ``dup_threshold``, ...).
    out : the corpus to write (``.parquet``); the summary goes to ``<out>.summary.json``.
    workdir : folder for the temporary files (default: the output's folder); they take about
        four times the size of the texts (raw, cleaned and final texts, and 8 bytes of shingle
        per word) and are removed at the end. Temporary folders that killed runs left there are
        removed first (see :func:`remove_leftovers`).
    notes : a list that receives a line for each such folder removed (the command prints them).

    Returns
    -------
    (corpus path, summary path, summary)
    """
    out = Path(out)
    if corpus_format(out) != "parquet":
        raise ParameterError(f"--stream: {out}: a streamed ingest writes Parquet; name the output .parquet")
    args = inspect.signature(ingest_sources).bind(sources, **options)
    args.apply_defaults()
    if workdir is not None and not Path(workdir).is_dir():
        raise ParameterError(
            f"workdir: {workdir}: not an existing folder; create it or name another one for the temporary files"
        )
    a = dict(args.arguments)
    srcs = [a["sources"]] if isinstance(a["sources"], (str, os.PathLike)) else list(a["sources"] or [])
    guard_output([out, summary_path_of(out)], srcs + [a["manifest"]])  # before anything is read
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out {out}: cannot create its folder: {os_problem(exc)}") from None
    where = Path(workdir) if workdir is not None else out.parent
    found = remove_leftovers(where)
    if notes is not None:
        notes.extend(found)
    sources, opts, problems, items = _start(a)
    furniture, dedup = a["furniture"], a["dedup"]
    flag = "--workdir" if workdir is not None else "--out"
    with _temporary_folder(where, flag) as tmp:
        tmp = Path(tmp)
        try:
            raw_texts, texts = _TextStore(tmp / "text_raw"), _TextStore(tmp / "text")
            try:
                return _ingest(
                    a, sources, opts, problems, items, furniture, dedup, out, tmp, raw_texts, texts, row_group_size
                )
            finally:
                raw_texts.close()
                texts.close()
        except OSError as exc:  # spilling the texts (the output itself is written by framing.files)
            raise OutputError(f"{flag} {where}: cannot write the temporary files: {os_problem(exc)}") from None


def _ingest(a, sources, opts, problems, items, furniture, dedup, out, tmp, raw_texts, texts, row_group_size):
    import pyarrow as pa

    # 1. read and clean; spill the texts, keep the other columns
    read = _ReadCounts()
    metas = []
    for chunk in _clean_chunks(items, opts, problems, read):
        raw_texts.append(chunk["text_raw"])
        texts.append(chunk["text"])
        metas.append(chunk.drop(columns=["text_raw", "text"]).assign(_empty=(chunk["text"] == "").to_numpy()))
        del chunk
        pa.default_memory_pool().release_unused()  # Arrow keeps freed buffers otherwise: RSS would grow per chunk
    if not metas:
        raise CorpusError(_empty_message(sources, problems))
    raw = pd.concat(metas, ignore_index=True)
    del metas
    raw["_pos"] = np.arange(len(raw))
    raw, dup_id_list, empty_list = _drop_duplicate_ids_and_empty(raw, raw["_empty"].astype(bool), a["skip_bad"])
    pos = raw.pop("_pos").to_numpy()
    raw = raw.drop(columns="_empty")
    n = len(raw)
    ids = raw["doc_id"].tolist()
    outlets = raw["outlet"].tolist()

    def text(j: int) -> str:
        return texts[int(pos[j])]

    # 2. known furniture; digests of each document's line keys and learnable units
    removed: list[dict[int, str]] = []
    key_digests = bytearray()
    unit_digests = bytearray()
    unit_count = array("q")
    for j in range(n):
        lines = text(j).split("\n")
        known = fur.known_furniture(lines) if furniture else {}
        removed.append(known)
        if furniture:
            key, unit_keys = fur.document_keys([ln for k, ln in enumerate(lines) if k not in known])
            key_digests += _digest(key)
            for u in unit_keys:
                unit_digests += _digest(u)
            unit_count.append(len(unit_keys))
    learner = _Learner(outlets, key_digests, unit_digests, unit_count, a) if furniture else None
    del key_digests, unit_digests
    learned = learner.learn(np.ones(n, dtype=bool)) if furniture else ({}, np.zeros(n, dtype=bool))

    def without_learned(j: int, lines: list[str], learned):
        keys, touched = learned[0].get(outlets[j]), learned[1]
        if keys is None or not touched[j]:  # nothing to remove: remove_learned's shortcut
            return fur.remove_learned(lines, removed[j], set())
        return fur.remove_learned(lines, removed[j], keys, None)

    # 3. near-duplicates of the texts without furniture
    if dedup:
        group, copy, sim, pairs = _find_copies(
            n, ids, raw["date"].tolist(), text, without_learned, learned, a["dup_threshold"], a["shingle_size"], tmp
        )
    else:
        group, copy, sim, pairs = [""] * n, [False] * n, [float("nan")] * n, []
    any_copy = any(copy)
    if furniture and dedup and any_copy:
        learned = learner.learn(~np.asarray(copy, dtype=bool))  # a copy must not make its original's lines "recurring"

    # 4. final texts (before injected headlines, which only copies lose)
    final = _TextStore(tmp / "final")
    furniture_json = _TextStore(tmp / "furniture")
    lists: list[list[dict]] = []
    check: list[int] = []
    for j in range(n):
        lines = text(j).split("\n")
        new_lines, new_removed, sentences = without_learned(j, lines, learned)
        if furniture and dedup and copy[j] and fur.headline_candidates(new_lines, new_removed):
            check.append(j)
        result, records = fur.apply_removals(new_lines, new_removed)
        final.append([result])
        lists.append(records + sentences)
    row = {d: j for j, d in enumerate(ids)} if any_copy else {}  # doc_id -> row, to find a copy's original
    changed_store = _TextStore(tmp / "changed")
    changed: dict[int, int] = {}  # copy -> its final text's place in changed_store, when it lost a line
    if check:
        originals: dict[int, tuple] = {}
        for j in check:
            o = row[group[j]]
            if o not in originals:
                if len(originals) >= 256:  # a few originals at a time: bounded memory
                    originals.clear()
                orig_text = final[o]
                originals[o] = (orig_text, fur._word_ngrams(orig_text))
            orig_text, grams = originals[o]
            lines = text(j).split("\n")
            new_lines, new_removed, sentences = without_learned(j, lines, learned)
            injected = fur.injected_lines(new_lines, new_removed, orig_text, group[j], original_ngrams=grams)
            if injected:
                result, records = fur.apply_removals(new_lines, {**new_removed, **injected})
                changed[j] = len(changed)
                changed_store.append([result])
                lists[j] = records + sentences

    def final_text(j: int) -> str:
        return changed_store[changed[j]] if j in changed else final[j]

    for j in range(n):
        furniture_json.append([json.dumps(lists[j], ensure_ascii=False)])
    raw["n_furniture"] = [len(x) for x in lists]
    raw["dup_group"] = group
    raw["is_copy"] = np.asarray(copy, dtype=bool)
    raw["dup_similarity"] = sim
    if dedup and furniture and any_copy:  # similarity on the final texts
        col = raw.columns.get_loc("dup_similarity")
        last = (None, None)
        k = a["shingle_size"]
        for j in np.flatnonzero(raw["is_copy"].to_numpy()):
            o = row[group[j]]
            if last[0] != o:
                last = (o, shingles(final_text(o), k))
            raw.iat[j, col] = round(containment(shingles(final_text(j), k), last[1]), 4)

    words = np.empty(n, dtype=np.int64)
    only_furniture = np.zeros(n, dtype=bool)
    for j in range(n):
        t = final_text(j)
        only_furniture[j] = t == ""
        words[j] = _n_words(t)
    keep = np.flatnonzero(~only_furniture)
    corpus, summary = _finish(
        raw,
        only_furniture,
        sources,
        items,
        problems,
        empty_list,
        dup_id_list,
        list(zip(outlets, ids, lists)),
        pairs,
        a,
        read.repaired,
        words=words,
        placeholders=("text", "text_raw", "furniture_removed"),  # filled when writing
        text_of=lambda i: final_text(int(keep[i])),
    )

    # 5. the corpus in row groups, then the summary; both renamed into place at the end
    def batches():
        for start in range(0, len(corpus), row_group_size):
            rows = keep[start : start + row_group_size]
            part = corpus.iloc[start : start + row_group_size].copy()
            part["text"] = [final_text(j) for j in rows]
            part["text_raw"] = [raw_texts[int(pos[j])] for j in rows]
            part["furniture_removed"] = [furniture_json[j] for j in rows]
            yield part

    try:
        return _write(corpus, batches(), summary, out)
    finally:
        for store in (final, furniture_json, changed_store):
            store.close()


def _write(corpus: pd.DataFrame, batches, summary: dict, out: Path) -> tuple[Path, Path, dict]:
    """Write the batches as one Parquet file with the schema of the whole corpus (its texts empty),
    and the summary, as :func:`~framing.ingest.write_outputs` does."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.Schema.from_pandas(corpus, preserve_index=False)

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(tmp, schema) as writer:
            for part in batches:
                writer.write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))

    return out, _write_atomically(out, summary, write), summary


class _Learner:
    """Learning recurring lines (:func:`framing.ingest.furniture.learn_from_unit_keys`) on digests."""

    def __init__(self, outlets: list, key_digests: bytearray, unit_digests: bytearray, unit_count: array, a: dict):
        self.min_docs, self.min_count, self.min_share = (
            a["furniture_min_docs"],
            a["furniture_min_count"],
            a["furniture_min_share"],
        )
        names: dict = {}
        self.outlet_code = np.array([names.setdefault(o, len(names)) for o in outlets], dtype=np.int64)
        self.names = list(names)
        _, self.key_code = np.unique(np.frombuffer(bytes(key_digests), dtype=_V16), return_inverse=True)
        self.key_code = self.key_code.ravel()
        self.units = np.frombuffer(bytes(unit_digests), dtype=_V16)
        counts = np.frombuffer(unit_count, dtype=np.int64) if len(unit_count) else np.zeros(0, dtype=np.int64)
        self.unit_doc = np.repeat(np.arange(len(counts)), counts)

    def learn(self, mask: np.ndarray) -> tuple[dict[str, _Learned], np.ndarray]:
        """``({outlet: learned units}, touched)`` from the documents of ``mask`` (one per line key):
        ``touched[j]`` tells whether document ``j`` has a unit its outlet learned (else
        :func:`~framing.ingest.furniture.remove_learned` has nothing to do)."""
        idx = np.flatnonzero(mask)
        _, first = np.unique(self.key_code[idx], return_index=True)
        chosen = np.zeros(len(mask), dtype=bool)
        chosen[idx[first]] = True
        n = np.bincount(self.outlet_code[chosen], minlength=len(self.names))
        unit_outlet = self.outlet_code[self.unit_doc]
        sel = chosen[self.unit_doc]
        learned: dict[str, _Learned] = {}
        touched = np.zeros(len(mask), dtype=bool)
        for code in sorted(range(len(self.names)), key=lambda c: self.names[c]):
            if n[code] < self.min_docs:
                continue
            need = max(self.min_count, math.ceil(self.min_share * int(n[code])))
            values, counts = np.unique(self.units[sel & (unit_outlet == code)], return_counts=True)
            keys = values[counts >= need]
            if len(keys):
                learned[self.names[code]] = _Learned(keys)
                mine = unit_outlet == code
                touched[self.unit_doc[mine][np.isin(self.units[mine], keys)]] = True
        return learned, touched


def _find_copies(n, ids, dates, text, without_learned, learned, threshold, k, tmp: Path):
    """:func:`framing.ingest.dedup.find_duplicates` on the texts without furniture, their shingles on disk."""
    d = _dedup_defaults()
    unit_of: dict[bytes, int] = {}
    members: list[list[int]] = []
    sh_file = open(tmp / "shingles", "wb")
    sh_start = array("q", [0])
    pending: list[np.ndarray] = []  # shingles of new distinct texts, MinHashed a block at a time
    pending_units: list[int] = []
    sigs: dict[int, np.ndarray] = {}

    def flush():
        long = [i for i, s in enumerate(pending) if len(s) >= d["min_shingles"]]
        if long:
            block = _minhash_many([pending[i] for i in long], d["num_perm"], d["seed"])
            for row, i in enumerate(long):
                sigs[pending_units[i]] = block[row]
        pending.clear()
        pending_units.clear()

    try:
        for j in range(n):
            lines = text(j).split("\n")
            new_lines, new_removed, _ = without_learned(j, lines, learned)
            stage = fur.apply_removals(new_lines, new_removed)[0]
            if not stage or stage.isspace():
                continue
            key = _digest(" ".join(stage.split()).casefold())
            u = unit_of.get(key)
            if u is not None:
                members[u].append(j)
                continue
            u = unit_of[key] = len(members)
            members.append([j])
            sh = _shingle_hashes(_word_hashes(stage), k)
            sh_file.write(sh.tobytes())
            sh_start.append(sh_start[-1] + len(sh))
            pending.append(sh)
            pending_units.append(u)
            if len(pending) >= 2048:
                flush()
        flush()
    finally:
        sh_file.close()
    del unit_of
    unit_list = sort_units(members, ids, dates)
    unit_id = np.full(n, -1, dtype=np.int64)
    for u, m in enumerate(members):
        unit_id[m] = u
    rep_unit = {m[0]: int(unit_id[m[0]]) for m in unit_list}
    del unit_id
    indexed = [rep for rep, u in rep_unit.items() if u in sigs]
    sig = np.array([sigs[rep_unit[rep]] for rep in indexed], dtype=np.uint32).reshape(len(indexed), d["num_perm"])
    sigs.clear()  # the signatures are in sig now
    bands = _Rows(indexed, _shared_band_ids(sig, *_lsh_params(d["candidate_threshold"], d["num_perm"])))
    del sig
    with open(tmp / "shingles", "rb") as fh:
        rep_sh = _Shingles(fh, sh_start, rep_unit)
        return cluster_units(
            ids, unit_list, rep_sh, bands, _Overlap(rep_sh, number=False), threshold, d["min_shingles"], d["min_shared"]
        )


class _Shingles:
    """``rep -> shingle hashes`` of its distinct text, read from the shingle file when asked."""

    def __init__(self, fh, start: array, rep_unit: dict[int, int]):
        self.fh, self.start, self.rep_unit = fh, start, rep_unit

    def __getitem__(self, rep: int) -> np.ndarray:
        u = self.rep_unit[rep]
        a, b = self.start[u], self.start[u + 1]
        self.fh.seek(a * 8)
        return np.frombuffer(self.fh.read((b - a) * 8), dtype=np.uint64)


class _Rows:
    """``rep -> its shared LSH band ids`` (a list), from the array of :func:`_shared_band_ids`."""

    def __init__(self, keys: list[int], gid: np.ndarray):
        self.row = {k: i for i, k in enumerate(keys)}
        self.gid = gid

    def __getitem__(self, rep: int) -> list[int]:
        row = self.gid[self.row[rep]]
        return row[row >= 0].tolist()
