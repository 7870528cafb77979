"""Near-duplicates of an ingest's texts without furniture: :func:`framing.ingest.dedup.find_duplicates`
one text at a time, with the shingles held by the ingest's storage (in memory, or in a file read
back for each exact containment check)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from .dedup import (
    _lsh_params,
    _minhash_many,
    _shared_band_ids,
    _shingle_hashes,
    _word_hashes,
    cluster_units,
    find_duplicates,
    sort_units,
)
from .learning import _digest
from .storage import ShingleStore, Storage

#: ``(dup_group, is_copy, dup_similarity, pairs)`` by row, as :func:`~framing.ingest.dedup.cluster_units` returns them
Copies = tuple[list[str], list[bool], list[float], list[tuple[str, str, float]]]


def _dedup_defaults() -> dict:
    """The near-duplicate parameters ingest leaves at :func:`find_duplicates`' defaults."""
    p = inspect.signature(find_duplicates).parameters
    return {k: p[k].default for k in ("num_perm", "candidate_threshold", "seed", "min_shingles", "min_shared")}


def no_copies(n: int) -> Copies:
    """What finding copies gives when it is not asked for: ``n`` singletons."""
    return [""] * n, [False] * n, [float("nan")] * n, []


def find_copies(
    ids: list[str], dates: list, text: Callable[[int], str], threshold: float, k: int, storage: Storage
) -> Copies:
    """:func:`framing.ingest.dedup.find_duplicates` on the ``len(ids)`` texts ``text(j)``, their
    shingles kept by ``storage``."""
    d = _dedup_defaults()
    n = len(ids)
    unit_of: dict[bytes, int] = {}
    members: list[list[int]] = []
    store = storage.shingles()
    pending: list[np.ndarray] = []  # shingles of new distinct texts, MinHashed a block at a time
    pending_units: list[int] = []
    sigs: dict[int, np.ndarray] = {}

    def flush() -> None:
        long = [i for i, s in enumerate(pending) if len(s) >= d["min_shingles"]]
        if long:
            block = _minhash_many([pending[i] for i in long], d["num_perm"], d["seed"])
            for row, i in enumerate(long):
                sigs[pending_units[i]] = block[row]
        pending.clear()
        pending_units.clear()

    try:
        for j in range(n):
            stage = text(j)
            if not stage or stage.isspace():
                continue
            key = _digest(" ".join(stage.split()).casefold())  # the identity key of find_duplicates
            u = unit_of.get(key)
            if u is not None:
                members[u].append(j)
                continue
            u = unit_of[key] = len(members)
            members.append([j])
            sh = _shingle_hashes(_word_hashes(stage), k)
            store.add(sh)
            pending.append(sh)
            pending_units.append(u)
            if len(pending) >= 2048:
                flush()
        flush()
        store.done()
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
        rep_sh = _Shingles(store, rep_unit)
        return cluster_units(
            ids,
            unit_list,
            rep_sh,
            bands,
            storage.overlap(rep_sh, indexed),
            threshold,
            d["min_shingles"],
            d["min_shared"],
        )
    finally:
        store.close()


class _Shingles:
    """``rep -> shingle hashes`` of its distinct text, from the shingle store."""

    def __init__(self, store: ShingleStore, rep_unit: dict[int, int]):
        self.store, self.rep_unit = store, rep_unit

    def __getitem__(self, rep: int) -> np.ndarray:
        return self.store[self.rep_unit[rep]]


class _Rows:
    """``rep -> its shared LSH band ids`` (a list), from the array of :func:`_shared_band_ids`."""

    def __init__(self, keys: list[int], gid: np.ndarray):
        self.row = {k: i for i, k in enumerate(keys)}
        self.gid = gid

    def __getitem__(self, rep: int) -> list[int]:
        row = self.gid[self.row[rep]]
        return row[row >= 0].tolist()
