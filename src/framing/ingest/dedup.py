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
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

_WORD = re.compile(r"\w+", re.UNICODE)


_MULT = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime, used as the polynomial base

# _words tokenises with bytes.translate + bytes.split instead of a regex scan (about 3x faster).
# ASCII word characters ([0-9A-Za-z_]) are kept (A-Z lower-cased, which is their casefold) and
# every other ASCII byte becomes a space; bytes >= 0x80 (the UTF-8 of non-ASCII characters) are
# kept by the table, and each distinct non-ASCII character of a text is first replaced by its
# casefold with the non-word characters blanked (:func:`_fold_other`).
_FOLD_ASCII = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if chr(c).isalnum() or c == 95 else 32 for c in range(128)
) + bytes(range(128, 256))
_ASCII_BYTES = bytes(range(128))
_OTHER: dict[str, tuple[bytes, bytes] | None] = {}  # non-ASCII character -> (its UTF-8, replacement) or None


def _fold_other(ch: str) -> tuple[bytes, bytes] | None:
    """``(UTF-8 of ch, UTF-8 of ch.casefold() with its non-ASCII non-word characters as spaces)``,
    or None when that is ``ch`` itself (a case-folded word character: most non-ASCII letters)."""
    out = "".join(c if c.isascii() or _WORD.fullmatch(c) else " " for c in ch.casefold())
    return None if out == ch else (ch.encode("utf-8"), out.encode("utf-8"))


def _words(text: str) -> list[bytes]:
    """The UTF-8 bytes of ``_WORD.findall(text.casefold())``: the case-folded ``\\w+`` words.

    Case folding is per character, so ``text.casefold()`` is each character's casefold. UTF-8 is
    self-synchronising, so replacing the encoding of a character never touches part of another;
    and a replacement never creates a character that another replacement changes (casefold is
    idempotent and keeps only word characters). A test checks all of Unicode at once.

    Examples
    --------
    >>> _words("Straße—FINE’s_X 2")
    [b'strasse', b'fine', b's_x', b'2']
    """
    data = text.encode("utf-8")
    if not text.isascii():
        for ch in set(data.translate(None, _ASCII_BYTES).decode("utf-8")):  # the distinct non-ASCII characters
            if ch not in _OTHER:
                _OTHER[ch] = _fold_other(ch)
            rep = _OTHER[ch]
            if rep is not None:
                data = data.replace(*rep)
    return data.translate(_FOLD_ASCII).split()


def _word_hashes(text: str) -> np.ndarray:
    """pandas' fixed-key SipHash (``pd.util.hash_array``) of each word of :func:`_words`.

    ``hash_array`` hashes a ``str`` as its UTF-8 bytes, so hashing the bytes directly gives the
    same values without encoding every word again.
    """
    words = _words(text)
    if not words:
        return np.empty(0, dtype=np.uint64)
    return pd.util.hash_array(np.array(words, dtype=object), categorize=False)


def _shingle_hashes(wh: np.ndarray, k: int) -> np.ndarray:
    """Sorted unique polynomial hashes of the ``k``-word windows of the word hashes ``wh``."""
    if len(wh) == 0:
        return np.empty(0, dtype=np.uint64)
    kk = min(k, len(wh))
    n = len(wh) - kk + 1
    acc = wh[:n].copy()
    with np.errstate(over="ignore"):
        for i in range(1, kk):  # Horner: ((h0 * B + h1) * B + h2) ...
            acc *= _MULT
            acc += wh[i : i + n]
    acc.sort()  # sorted unique, as np.unique (which hashes first: slower on these short arrays)
    return acc[np.concatenate(([True], acc[1:] != acc[:-1]))]


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
    return _shingle_hashes(_word_hashes(text), k)


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


def _minhash_many(shs: list[np.ndarray], num_perm: int, seed: int, step: int = 8192) -> np.ndarray:
    """``np.array([_minhash(sh, num_perm, seed) for sh in shs])``, computed on all shingles at once.

    The shingles of all documents are concatenated and permuted ``step`` at a time as a
    (permutations x shingles) block (4 MB by default, the fastest size measured; the minimum is
    taken along contiguous rows), and each document's part of a block is reduced with
    ``np.minimum.reduceat``; a document spanning several blocks takes the minimum of its parts.
    About 1.7x faster than one :func:`_minhash` call per document on ~700-shingle documents.
    """
    a, b = _permutations(num_perm, seed)
    sigs = np.full((len(shs), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    docs = np.array([j for j, sh in enumerate(shs) if len(sh)], dtype=np.intp)  # reduceat needs non-empty parts
    if len(docs) == 0:
        return sigs
    hv = _fmix32((np.concatenate([shs[j] for j in docs]) & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    starts = np.concatenate(([0], np.cumsum([len(shs[j]) for j in docs])[:-1]))
    bcol = b[:, None]
    with np.errstate(over="ignore"):
        for lo in range(0, len(hv), step):
            hi = min(lo + step, len(hv))
            first = np.searchsorted(starts, lo, side="right") - 1  # the document holding shingle lo
            last = np.searchsorted(starts, hi, side="left")  # documents first..last-1 meet [lo, hi)
            block = np.multiply.outer(a, hv[lo:hi])
            block += bcol
            cuts = np.maximum(starts[first:last] - lo, 0)
            part = np.minimum.reduceat(block, cuts, axis=1).T  # one row per document
            rows = docs[first:last]
            sigs[rows] = np.minimum(sigs[rows], part)
    return sigs


#: ``_lsh_params`` of the defaults, so ingest does not import scipy.integrate (a test checks it)
_KNOWN_PARAMS = {(0.1, 128): (64, 2)}


@cache
def _lsh_params(threshold: float, num_perm: int, use_known: bool = True) -> tuple[int, int]:
    """Bands ``b`` and rows ``r`` minimising false positives + false negatives (datasketch's
    ``MinHashLSH`` with equal weights)."""
    if use_known and (threshold, num_perm) in _KNOWN_PARAMS:
        return _KNOWN_PARAMS[(threshold, num_perm)]
    from scipy.integrate import quad

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = quad(lambda s, r=r, b=b: 1 - (1 - s ** float(r)) ** float(b), 0.0, threshold)[0]
            fn = quad(lambda s, r=r, b=b: 1 - (1 - (1 - s ** float(r)) ** float(b)), threshold, 1.0)[0]
            err = fp * 0.5 + fn * 0.5
            if err < best:
                best, opt = err, (b, r)
    return opt


def _shared_bands(sigs: np.ndarray, b: int, r: int) -> list[list[int]]:
    """:func:`_shared_band_ids` as one list per signature."""
    return [row[row >= 0].tolist() for row in _shared_band_ids(sigs, b, r)]


def _shared_band_ids(sigs: np.ndarray, b: int, r: int) -> np.ndarray:
    """For each signature (a row of ``sigs``), the ids of its LSH bands that another row shares.

    The LSH index of datasketch's ``MinHashLSH`` (``b, r = _lsh_params(...)``) proposes a key for
    a query when any of their ``b`` bands (``r`` consecutive signature values) is equal. A band
    value that no other row has can never propose anything, so only the shared ones get an id:
    two rows share a band id exactly when they have the same values in the same band. An index of
    these ids (see :func:`find_duplicates`) thus proposes what the full index proposes, with far
    fewer entries (a test compares them). Returns a (signatures x ``b``) array of band ids, -1
    where a band is not shared.
    """
    m = len(sigs)
    gid = np.full((m, b), -1, dtype=np.int64)
    offset = 0
    for t in range(b):
        band = np.ascontiguousarray(sigs[:, t * r : (t + 1) * r])
        if r == 1 or r == 2:
            keys = band.view(np.uint32 if r == 1 else np.uint64).ravel()
            _, inv, cnt = np.unique(keys, return_inverse=True, return_counts=True)
        else:
            _, inv, cnt = np.unique(band, axis=0, return_inverse=True, return_counts=True)
        inv = inv.reshape(-1)
        shared = cnt[inv] > 1
        gid[shared, t] = inv[shared] + offset
        offset += len(cnt)
    return gid


class _Overlap:
    """Exact shared-shingle counts ``|S(a) ∩ S(b)|`` between a unit and its LSH candidates.

    The first comparisons intersect the two sorted hash arrays. When a corpus turns out to need
    many (documents that resemble many others: a wire story in many versions, or this project's
    synthetic benchmark corpus, ~80 candidates per document), every distinct shingle gets a
    number once (one ``pandas.factorize``) and a unit's candidates are counted together: its
    shingles are marked in a boolean array, and each candidate's count is the number of marks
    its shingles hit (one gather and one segment sum for all candidates). Same counts, a few
    times faster per comparison, but the numbering holds every shingle in memory: with
    ``number=False`` (the streamed ingest) it is never made.
    """

    SWITCH = 5_000  # comparisons after which numbering the shingles pays off

    def __init__(self, arrays, number: bool = True):
        self.arrays = arrays  # representative -> sorted unique shingle hashes (any mapping)
        self.number = number  # False: never number the shingles (no array of all of them in memory)
        self.done = 0
        self.ids: dict[int, np.ndarray] | None = None
        self.mask: np.ndarray | None = None

    def _number(self) -> None:
        keys = list(self.arrays)
        lengths = [len(self.arrays[r]) for r in keys]
        codes, uniques = pd.factorize(
            np.concatenate([self.arrays[r] for r in keys]) if keys else np.empty(0, np.uint64)
        )
        self.ids = dict(zip(keys, np.split(codes, np.cumsum(lengths)[:-1]) if keys else []))
        self.mask = np.zeros(len(uniques), dtype=bool)

    def counts(self, rep: int, cands: list[int]) -> list[int]:
        """Shared shingles of ``rep`` with each of ``cands`` (all of them indexed units)."""
        if not cands:
            return []
        self.done += len(cands)
        if self.ids is None and (self.done <= self.SWITCH or not self.number):
            sh = self.arrays[rep]
            return [len(np.intersect1d(sh, self.arrays[c], assume_unique=True)) for c in cands]
        if self.ids is None or self.mask is None:
            self._number()
        ids, mask = self.ids, self.mask
        assert ids is not None and mask is not None  # numbered above
        own = ids[rep]
        mask[own] = True
        segments = [ids[c] for c in cands]
        starts = np.cumsum([0] + [len(x) for x in segments[:-1]])
        hits = np.add.reduceat(mask[np.concatenate(segments)].astype(np.int32), starts)
        mask[own] = False
        return hits.tolist()


@dataclass
class DuplicateResult:
    """Per-document cluster labels plus the links that produced them."""

    dup_group: pd.Series  # original's doc_id, "" for singletons
    is_copy: pd.Series  # bool
    dup_similarity: pd.Series  # containment with the original (1.0 for the original, NaN singletons)
    pairs: list[tuple[str, str, float]]  # (original, copy, containment)
    #: shingles of the texts that were shingled (one per identical-text unit), by row position
    shingles: dict[int, np.ndarray] = field(default_factory=dict, repr=False)


def _present(wh: np.ndarray | None) -> np.ndarray:
    """Word hashes of a text that has words (units are only made of such texts)."""
    assert wh is not None
    return wh


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

    # 1. identical texts (same " ".join(t.split()).casefold(), the identity key) form units; a
    # unit is represented by its earliest member. Equal keys have equal words, so only texts with
    # the same word hashes (needed for the shingles anyway) are compared by their keys.
    word_hashes = [_word_hashes(t) if t and not t.isspace() else None for t in texts]
    unit_members: list[list[int]] = []  # in order of first occurrence
    by_words: dict[bytes, list[int]] = {}  # word hashes -> units with those words
    unit_key: dict[int, str] = {}  # identity keys of units that met another text with their words

    def identity_key(i: int) -> str:
        return " ".join(texts[i].split()).casefold()

    for i, wh in enumerate(word_hashes):
        if wh is None:
            continue
        same_words = by_words.setdefault(wh.tobytes(), [])
        if same_words:
            key = identity_key(i)
            for u in same_words:
                if u not in unit_key:
                    unit_key[u] = identity_key(unit_members[u][0])
                if unit_key[u] == key:
                    unit_members[u].append(i)
                    break
            else:
                unit_key[len(unit_members)] = key
                same_words.append(len(unit_members))
                unit_members.append([i])
        else:
            same_words.append(len(unit_members))
            unit_members.append([i])
    unit_list = sort_units(unit_members, ids, dates)

    # 2. shingles of the representatives; MinHash signatures and LSH bands of those long enough
    rep_sh = {m[0]: _shingle_hashes(_present(word_hashes[m[0]]), k) for m in unit_list}
    indexed = [rep for rep, sh in rep_sh.items() if len(sh) >= min_shingles]
    sigs = _minhash_many([rep_sh[rep] for rep in indexed], num_perm, seed)
    bands = dict(zip(indexed, _shared_bands(sigs, *_lsh_params(candidate_threshold, num_perm))))

    # 3. visit the units in order (see cluster_units)
    group, copy, sim, pairs = cluster_units(
        ids,
        unit_list,
        rep_sh,
        bands,
        _Overlap({rep: rep_sh[rep] for rep in indexed}),
        threshold,
        min_shingles,
        min_shared,
    )
    idx = corpus.index
    return DuplicateResult(
        pd.Series(group, index=idx, dtype=object),
        pd.Series(copy, index=idx, dtype=bool),
        pd.Series(sim, index=idx, dtype=float),
        pairs,
        rep_sh,
    )


def sort_units(unit_members: list[list[int]], ids: list[str], dates: list) -> list[list[int]]:
    """Units (lists of row positions of identical texts) in visiting order: each unit's members
    from the earliest dated (undated last, ties by ``doc_id``), the units by their first member."""

    def order(i: int):
        d = dates[i]
        return (pd.isna(d), d if not pd.isna(d) else pd.Timestamp(0), ids[i])

    unit_list = [sorted(m, key=order) for m in unit_members]
    unit_list.sort(key=lambda m: order(m[0]))
    return unit_list


def cluster_units(
    ids: list[str],
    unit_list: list[list[int]],
    rep_sh,
    bands,
    overlap: _Overlap,
    threshold: float,
    min_shingles: int,
    min_shared: int,
):
    """Step 3 of :func:`find_duplicates`: visit the units in order; each joins the best earlier
    original its LSH bands propose, or becomes an original and enters the index.

    ``rep_sh`` maps a unit's representative (its first member) to its sorted unique shingle
    hashes (a dict, or any mapping, e.g. arrays read from disk); ``bands`` maps each representative
    with at least ``min_shingles`` shingles to its shared LSH band ids (:func:`_shared_bands`; a
    dict, or any mapping).
    Returns ``(dup_group, is_copy, dup_similarity, pairs)`` as lists by row position.
    """
    n = len(ids)
    # originals enter the LSH index (shared band id -> originals)
    index: dict[int, list[int]] = {}
    leader_len: dict[int, int] = {}  # shingles of each original
    group = [""] * n
    copy = [False] * n
    sim = [float("nan")] * n
    pairs: list[tuple[str, str, float]] = []
    for members in unit_list:
        rep = members[0]
        sh = rep_sh[rep]
        best, best_c = None, 0.0
        if len(sh) >= min_shingles:
            candidates: set[int] = set()
            for band in bands[rep]:
                hit = index.get(band)
                if hit:
                    candidates.update(hit)
            cands = sorted(candidates)
            for cand, shared in zip(cands, overlap.counts(rep, cands)):
                c = shared / min(len(sh), leader_len[cand])
                if c >= threshold and shared >= min_shared and c > best_c:
                    best, best_c = cand, c
        if best is None:
            leader = rep
            if len(sh) >= min_shingles:
                for band in bands[rep]:
                    index.setdefault(band, []).append(rep)
                leader_len[rep] = len(sh)
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
    return group, copy, sim, pairs
