"""Near-duplicate (syndicated, republished, re-sent) documents.

Method
------
1. Each text becomes a set of word ``k``-shingles (``k = 5`` by default): lower-cased word
   tokens, every run of ``k`` consecutive words. Texts shorter than ``k`` words are one shingle.
2. Identical texts (after whitespace and case folding) form a cluster directly.
3. For the distinct texts, a MinHash signature (datasketch, ``num_perm`` permutations, fixed
   ``seed``) is indexed in MinHash LSH at a low Jaccard ``candidate_threshold``; every candidate
   pair is then checked exactly with the *containment* of the smaller text in the larger one::

       containment(A, B) = |S(A) ∩ S(B)| / min(|S(A)|, |S(B)|)

   Containment, unlike Jaccard ``|A ∩ B| / |A ∪ B|``, stays high for a partial copy that adds a new
   lead or drops the last paragraphs (NewsPunch's copy of The Gateway Pundit's story: Jaccard
   0.42, containment 0.78). Pairs with containment ``>= threshold`` (default 0.5) are linked and
   clusters are the connected components (union-find).
4. In each cluster the original is the earliest dated document (undated last; ties by ``doc_id``);
   the others are copies (``is_copy``). ``dup_group`` is the original's ``doc_id`` for every member.

References: Broder (1997) "On the resemblance and containment of documents"; Leskovec, Rajaraman
& Ullman, *Mining of Massive Datasets*, ch. 3 (MinHash, LSH banding).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = 5) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word ``k``-shingles of ``text`` (blake2b, stable across runs).

    Examples
    --------
    >>> len(shingles("one two three four five six", k=5))
    2
    """
    words = _WORD.findall(text.casefold())
    if not words:
        return np.empty(0, dtype=np.uint64)
    grams = [" ".join(words[i : i + k]) for i in range(max(len(words) - k + 1, 1))]
    hashes = [int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little") for g in grams]
    return np.unique(np.array(hashes, dtype=np.uint64))


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


@dataclass
class DuplicateResult:
    """Per-document cluster labels plus the linked pairs that produced them."""

    dup_group: pd.Series  # original's doc_id, "" for singletons
    is_copy: pd.Series  # bool
    dup_similarity: pd.Series  # containment with the original (1.0 for the original, NaN singletons)
    pairs: list[tuple[str, str, float]]


def find_duplicates(
    corpus: pd.DataFrame,
    threshold: float = 0.5,
    k: int = 5,
    num_perm: int = 128,
    candidate_threshold: float = 0.2,
    seed: int = 1,
    text_col: str = "text",
) -> DuplicateResult:
    """Cluster near-duplicate documents of ``corpus`` (needs ``doc_id``, ``date``, ``text_col``).

    Parameters
    ----------
    threshold : containment of the smaller text's shingles in the larger one needed to link two
        documents (0 < threshold <= 1).
    k : words per shingle.
    num_perm, seed : MinHash permutations and their seed (fixed: same input, same clusters).
    candidate_threshold : Jaccard threshold of the LSH index that proposes candidate pairs; keep it
        well below ``threshold`` so partial copies (low Jaccard, high containment) are proposed.

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
    from datasketch import MinHash, MinHashLSH

    ids = corpus["doc_id"].astype(str).tolist()
    n = len(ids)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    texts = corpus[text_col].fillna("").astype(str).tolist()
    pairs: list[tuple[str, str, float]] = []
    # 1. identical texts
    first_of: dict[str, int] = {}
    reps: list[int] = []
    for i, t in enumerate(texts):
        key = " ".join(t.split()).casefold()
        if not key:
            continue
        if key in first_of:
            union(first_of[key], i)
            pairs.append((ids[first_of[key]], ids[i], 1.0))
        else:
            first_of[key] = i
            reps.append(i)
    # 2. near-duplicates among distinct texts
    sh = {i: shingles(texts[i], k) for i in reps}
    lsh = MinHashLSH(threshold=candidate_threshold, num_perm=num_perm)
    mh: dict[int, MinHash] = {}
    for i in reps:
        m = MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([int(h).to_bytes(8, "little") for h in sh[i]])
        mh[i] = m
        lsh.insert(str(i), m)
    for i in reps:
        for cand in sorted(int(c) for c in lsh.query(mh[i])):
            if cand <= i:
                continue
            c = containment(sh[i], sh[cand])
            if c >= threshold:
                union(i, cand)
                pairs.append((ids[i], ids[cand], round(c, 4)))
    # 3. label clusters
    dates = pd.to_datetime(corpus["date"]).tolist() if "date" in corpus.columns else [pd.NaT] * n
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    group = [""] * n
    copy = [False] * n
    sim = [float("nan")] * n
    for mem in members.values():
        if len(mem) < 2:
            continue
        orig = min(mem, key=lambda i: (pd.isna(dates[i]), dates[i] if not pd.isna(dates[i]) else pd.Timestamp(0), ids[i]))
        for i in mem:
            group[i] = ids[orig]
            copy[i] = i != orig
            sim[i] = 1.0 if i == orig else round(containment(
                sh.get(i, shingles(texts[i], k)), sh.get(orig, shingles(texts[orig], k))), 4)
    idx = corpus.index
    return DuplicateResult(
        pd.Series(group, index=idx, dtype=object),
        pd.Series(copy, index=idx, dtype=bool),
        pd.Series(sim, index=idx, dtype=float),
        pairs,
    )
