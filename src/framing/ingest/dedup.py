"""Near-duplicate (syndicated, republished, re-sent) documents.

Method
------
1. Each text becomes a set of word ``k``-shingles (``k = 5`` by default): lower-cased word
   tokens, every run of ``k`` consecutive words. Texts shorter than ``k`` words are one shingle.
2. Identical texts (after whitespace and case folding) form a cluster directly.
3. For the distinct texts, a MinHash signature (``num_perm`` permutations, fixed ``seed``;
   datasketch's "affine32" scheme and LSH banding, computed with numpy) is queried against an
   LSH index of the originals at a low Jaccard ``candidate_threshold``; every candidate is then checked exactly with the *containment* of the
   smaller text in the larger one::

       containment(A, B) = |S(A) ∩ S(B)| / min(|S(A)|, |S(B)|)

   Containment, unlike Jaccard ``|A ∩ B| / |A ∪ B|``, stays high for a partial copy that adds a new
   lead or drops the last paragraphs (NewsPunch's copy of The Gateway Pundit's story: Jaccard
   0.46, containment 0.84 after furniture removal).
4. Documents are visited from the earliest dated (undated last; ties by ``doc_id``). Each joins
   the earlier *original* with the highest containment if that is ``>= threshold`` (default 0.5)
   and they share ``>= min_shared`` shingles; otherwise it becomes an original. Every copy is
   thus directly similar to its own original (no chains). ``dup_group`` is the original's
   ``doc_id`` for every member; ``is_copy`` marks the others.

References: Broder (1997) "On the resemblance and containment of documents"; Leskovec, Rajaraman
& Ullman, *Mining of Massive Datasets*, ch. 3 (MinHash, LSH banding).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

_WORD = re.compile(r"\w+", re.UNICODE)


_MULT = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used as the polynomial base


def shingles(text: str, k: int = 5) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word ``k``-shingles of ``text`` (stable across runs).

    Words are case-folded ``\\w+`` tokens; each word is hashed with pandas' fixed-key SipHash
    (``pd.util.hash_array``, the same on every run and machine), and a shingle's hash is
    the polynomial ``sum_i h(w_i) * B^(k-1-i) mod 2^64``. A text shorter than ``k`` words is one
    shingle.

    Examples
    --------
    >>> len(shingles("one two three four five six", k=5))
    2
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return np.empty(0, dtype=np.uint64)
    wh = pd.util.hash_array(np.asarray(words, dtype=object), categorize=False)  # SipHash, fixed key
    kk = min(k, len(wh))
    n = len(wh) - kk + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(kk):
            acc = acc * _MULT + wh[i : i + n]
    acc.sort()  # sorted unique, as np.unique (which hashes first: slower on these short arrays)
    return acc[np.concatenate(([True], acc[1:] != acc[:-1]))]


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """``|A ∩ B| / min(|A|, |B|)`` for two sorted unique hash arrays (0 when either is empty).

    Examples
    --------
    >>> containment(np.array([1, 2, 3], dtype=np.uint64), np.array([2, 3, 4, 5], dtype=np.uint64))
    0.6666666666666666
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / min(len(a), len(b))


# MinHash and LSH banding as datasketch (>= 2.0, scheme "affine32") computes them, vectorised
# with numpy over all shingles of a document: input h = low 32 bits of the shingle hash, pre-mixed
# with the MurmurHash3 finalizer, then permutation i is ``a_i * h + b_i mod 2^32`` (odd a_i) and
# the signature is the minimum over the shingles. Parameters and bands are datasketch's, so the
# signatures and LSH candidates are the same (tests compare both with datasketch itself).

_U32 = np.uint32


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (an avalanching bijection), element-wise, wrapping."""
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


_PERMS: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)`` of datasketch's ``MinHash(num_perm, seed, scheme="affine32").permutations``."""
    key = (num_perm, seed)
    if key not in _PERMS:
        gen = np.random.RandomState(seed)
        a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * _U32(2) + _U32(1)
        b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
        _PERMS[key] = (a, b)
    return _PERMS[key]


def _minhash(sh: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash signature (``num_perm`` uint32) of the shingle hashes (their low 32 bits are the input)."""
    a, b = _permutations(num_perm, seed)
    hv = _fmix32((sh & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    sig = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    step = max(1, (1 << 20) // num_perm)  # bound the (shingles x permutations) block to ~4 MB
    with np.errstate(over="ignore"):
        for i in range(0, len(hv), step):
            block = np.multiply.outer(hv[i : i + step], a)
            block += b  # in place: one (shingles x permutations) array, not two
            np.minimum(sig, block.min(axis=0), out=sig)
    return sig


#: ``_lsh_params`` of the defaults, so ingest does not import scipy.integrate (a test checks it)
_KNOWN_PARAMS = {(0.1, 128): (64, 2)}


@lru_cache(maxsize=None)
def _lsh_params(threshold: float, num_perm: int, use_known: bool = True) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` minimising false positives + false negatives (datasketch's
    ``MinHashLSH`` with equal weights)."""
    if use_known and (threshold, num_perm) in _KNOWN_PARAMS:
        return _KNOWN_PARAMS[(threshold, num_perm)]
    from scipy.integrate import quad

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = quad(lambda s: 1 - (1 - s ** float(r)) ** float(b), 0.0, threshold)[0]
            fn = quad(lambda s: 1 - (1 - (1 - s ** float(r)) ** float(b)), threshold, 1.0)[0]
            err = fp * 0.5 + fn * 0.5
            if err < best:
                best, opt = err, (b, r)
    return opt


class _LSH:
    """MinHash LSH index: a key is a candidate of a query when any band of ``r`` values is equal."""

    def __init__(self, threshold: float, num_perm: int):
        self.b, self.r = _lsh_params(threshold, num_perm)
        self.tables: list[defaultdict] = [defaultdict(list) for _ in range(self.b)]

    def bands(self, sig: np.ndarray) -> list:
        """The ``b`` band keys of a signature (hashable; equal exactly when the bands are)."""
        rows = np.ascontiguousarray(sig[: self.b * self.r].reshape(self.b, self.r))
        if self.r == 1:
            return rows.ravel().tolist()
        if self.r == 2:
            return rows.view(np.uint64).ravel().tolist()
        return [row.tobytes() for row in rows]

    def insert(self, key, bands: list) -> None:
        for table, band in zip(self.tables, bands):
            table[band].append(key)

    def query(self, bands: list) -> set:
        out: set = set()
        for table, band in zip(self.tables, bands):
            hit = table.get(band)
            if hit:
                out.update(hit)
        return out


@dataclass
class DuplicateResult:
    """Per-document cluster labels plus the links that produced them."""

    dup_group: pd.Series  # original's doc_id, "" for singletons
    is_copy: pd.Series  # bool
    dup_similarity: pd.Series  # containment with the original (1.0 for the original, NaN singletons)
    pairs: list[tuple[str, str, float]]  # (original, copy, containment)


def find_duplicates(
    corpus: pd.DataFrame,
    threshold: float = 0.5,
    k: int = 5,
    num_perm: int = 128,
    candidate_threshold: float = 0.1,
    seed: int = 1,
    min_shingles: int = 10,
    min_shared: int = 25,
    text_col: str = "text",
) -> DuplicateResult:
    """Cluster near-duplicate documents of ``corpus`` (needs ``doc_id``, ``date``, ``text_col``).

    Documents are visited from the earliest (undated last, ties by ``doc_id``). Each one is
    compared with the originals found so far that MinHash LSH proposes; it joins the original with
    the highest containment if that is ``>= threshold``, else it becomes an original itself. So
    every copy is directly similar to its own original (no chains A~B~C pulling in unrelated C).

    Parameters
    ----------
    threshold : containment of the smaller text's shingles in the larger one needed to call a
        document a copy (0 < threshold <= 1).
    k : words per shingle.
    num_perm, seed : MinHash permutations and their seed (fixed: same input, same clusters).
    candidate_threshold : Jaccard threshold of the LSH index that proposes candidates; keep it
        well below ``threshold`` so partial copies (low Jaccard, high containment) are proposed.
    min_shingles : texts with fewer shingles are matched only when identical (a two-line text is
        "contained" in too many others).
    min_shared : shingles two non-identical texts must share (about a 30-word passage), so that a
        short text sharing one boilerplate sentence with another is not called a copy.

    Returns
    -------
    DuplicateResult aligned with ``corpus.index``.

    Examples
    --------
    >>> df = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": pd.to_datetime(["2022-03-02", "2022-03-01", None]),
    ...     "text": ["Kyiv was shelled again on Tuesday night, officials said.",
    ...              "Kyiv was shelled again on Tuesday night, officials said.", "Unrelated story."]})
    >>> find_duplicates(df).dup_group.tolist()
    ['b', 'b', '']
    """
    ids = corpus["doc_id"].astype(str).tolist()
    n = len(ids)
    texts = corpus[text_col].fillna("").astype(str).tolist()
    dates = pd.to_datetime(corpus["date"]).tolist() if "date" in corpus.columns else [pd.NaT] * n

    def order(i: int):
        d = dates[i]
        return (pd.isna(d), d if not pd.isna(d) else pd.Timestamp(0), ids[i])

    # 1. identical texts form units; a unit is represented by its earliest member
    units: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        key = " ".join(t.split()).casefold()
        if key:
            units.setdefault(key, []).append(i)
    unit_list = [sorted(m, key=order) for m in units.values()]
    unit_list.sort(key=lambda m: order(m[0]))

    lsh = _LSH(candidate_threshold, num_perm)
    leader_sh: dict[int, np.ndarray] = {}
    group = [""] * n
    copy = [False] * n
    sim = [float("nan")] * n
    pairs: list[tuple[str, str, float]] = []
    for members in unit_list:
        rep = members[0]
        sh = shingles(texts[rep], k)
        best, best_c = None, 0.0
        if len(sh) >= min_shingles and leader_sh:
            sig = lsh.bands(_minhash(sh, num_perm, seed))
            for cand in sorted(lsh.query(sig)):
                other = leader_sh[cand]
                shared = len(np.intersect1d(sh, other, assume_unique=True))
                c = shared / min(len(sh), len(other))
                if c >= threshold and shared >= min_shared and c > best_c:
                    best, best_c = cand, c
        else:
            sig = None
        if best is None:
            leader = rep
            if len(sh) >= min_shingles:
                if sig is None:
                    sig = lsh.bands(_minhash(sh, num_perm, seed))
                lsh.insert(rep, sig)
                leader_sh[rep] = sh
            rest = members[1:]
        else:
            leader = best
            rest = members
            group[leader] = ids[leader]
            sim[leader] = 1.0
        for i in rest:
            c = 1.0 if best is None else round(best_c, 4)
            group[i] = ids[leader]
            copy[i] = True
            sim[i] = c
            pairs.append((ids[leader], ids[i], c))
        if rest and best is None:
            group[rep] = ids[rep]
            sim[rep] = 1.0
    idx = corpus.index
    return DuplicateResult(
        pd.Series(group, index=idx, dtype=object),
        pd.Series(copy, index=idx, dtype=bool),
        pd.Series(sim, index=idx, dtype=float),
        pairs,
    )
