"""Learning recurring lines (site furniture an outlet repeats) on digests of the documents' units.

:func:`framing.ingest.furniture.learn_from_unit_keys` counts, per outlet, in how many distinct
documents each learnable unit (a line, or a sentence of a longer line) occurs. Here the same count
runs on 128-bit digests (BLAKE2b) of the units and of each document's line keys, so what an ingest
keeps for learning is 16 bytes a unit rather than the sentence itself, and learning twice (before
and after near-duplicates are known) needs no second reading of the texts. Two different strings
share a digest with probability about ``n² / 2^129`` for ``n`` strings, below 10^-20 for a billion.
"""

from __future__ import annotations

import hashlib
import math
from array import array

import numpy as np

from . import furniture as fur

_V16 = np.dtype("V16")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _Learned:
    """An outlet's learned furniture units held as digests; ``key in learned`` digests the key."""

    def __init__(self, digests: np.ndarray):
        self.digests = {d.tobytes() for d in digests}

    def __bool__(self) -> bool:
        return bool(self.digests)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _digest(key) in self.digests


#: ``({outlet: learned units}, touched)``: what :meth:`Learner.learn` returns
Learned = tuple[dict[str, _Learned], np.ndarray]


def nothing_learned(n: int) -> Learned:
    """What learning gives when furniture is not removed: nothing, for ``n`` documents."""
    return {}, np.zeros(n, dtype=bool)


class Learner:
    """Each document's outlet, line-key digest and unit digests, added one document at a time
    (:meth:`add`), then learning from any subset of the documents (:meth:`learn`)."""

    def __init__(self, min_docs: int, min_count: int, min_share: float):
        self.min_docs, self.min_count, self.min_share = min_docs, min_count, min_share
        self.key_digests = bytearray()
        self.unit_digests = bytearray()
        self.unit_count = array("q")
        self.outlets: list[str] = []
        self.ready = False

    def add(self, outlet: str, lines: list[str]) -> None:
        """The next document: its outlet and its lines without known furniture."""
        key, unit_keys = fur.document_keys(lines)
        self.outlets.append(outlet)
        self.key_digests += _digest(key)
        for u in unit_keys:
            self.unit_digests += _digest(u)
        self.unit_count.append(len(unit_keys))

    def _prepare(self) -> None:
        names: dict[str, int] = {}
        self.outlet_code = np.array([names.setdefault(o, len(names)) for o in self.outlets], dtype=np.int64)
        self.names = list(names)
        _, key_code = np.unique(np.frombuffer(bytes(self.key_digests), dtype=_V16), return_inverse=True)
        self.key_code = key_code.ravel()
        self.units = np.frombuffer(bytes(self.unit_digests), dtype=_V16)
        counts = np.frombuffer(self.unit_count, dtype=np.int64) if len(self.unit_count) else np.zeros(0, dtype=np.int64)
        self.unit_doc = np.repeat(np.arange(len(counts)), counts)
        self.key_digests, self.unit_digests, self.unit_count, self.outlets = bytearray(), bytearray(), array("q"), []
        self.ready = True

    def learn(self, mask: np.ndarray) -> Learned:
        """``({outlet: learned units}, touched)`` from the documents of ``mask`` (one per line key):
        ``touched[j]`` tells whether document ``j`` has a unit its outlet learned (else
        :func:`~framing.ingest.furniture.remove_learned` has nothing to do)."""
        if not self.ready:
            self._prepare()
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


def without_learned(
    lines: list[str], removed: dict[int, str], outlet: str, j: int, learned: Learned
) -> tuple[list[str], dict[int, str], list[dict]]:
    """:func:`~framing.ingest.furniture.remove_learned` for document ``j`` of ``outlet``:
    ``(new lines, removed lines, removed sentences)``."""
    keys, touched = learned[0].get(outlet), learned[1]
    if keys is None or not touched[j]:  # nothing to remove: remove_learned's shortcut
        return fur.remove_learned(lines, removed, set())
    return fur.remove_learned(lines, removed, keys, None)  # type: ignore[arg-type]  # a set of digests
