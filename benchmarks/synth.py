"""Seeded corpora of a chosen size for benchmarks and scale tests.

Two generators, both deterministic for a given ``seed`` and size and both streaming (they yield
corpus batches, so a 1 GB corpus is written without holding it in memory):

* :func:`synthetic_batches` — documents made of sentences drawn from the bundled seed articles
  (``data/raw/seeds``), with outlet-specific sentence preferences (so keyness has something to
  find) and a stream of rare invented names whose ranks follow a Zipf law, so the vocabulary keeps
  growing with the corpus as Heaps' law says real vocabularies do (V ≈ K·N^β).
* :func:`real_batches` — the real corpora of ``../shared/corpora/*/corpus.csv`` tiled to size:
  copy k > 0 of a document gets ``doc_id~k`` and its sentences in a seeded shuffled order. Their
  text is the publishers' copyright: the generated files go to ``benchmarks/results/`` (ignored by
  git), never into the repository.

:func:`write_parquet` writes batches as one Parquet file with one row group per batch, the unit
that :mod:`framing.parallel` streams over and Dask reads as partitions.

Example
-------
>>> from benchmarks.synth import synthetic_batches, write_parquet
>>> info = write_parquet(synthetic_batches(200_000, seed=1), "benchmarks/results/syn.parquet")  # doctest: +SKIP
>>> info["words"] >= 200_000  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT / "data" / "raw" / "seeds"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
#: Real corpora tiled by :func:`real_batches`, largest first.
REAL_CORPORA = ("ukraine_media_2022", "bbc_telegraph_crimea2014", "semeval2025_t10_urw", "ukraine_news_bias_2014")
#: The Russian-language corpora: headlines and leads of four outlets, and Telegram posts (the
#: ``real_ru`` benchmark row: the expanded Russian lemmas against CountVectorizer on Russian text)
RU_CORPORA = ("ru_media_headlines", "ru_telegram_2023_2024")
COLUMNS = ["doc_id", "outlet", "date", "title", "url", "text"]

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_SYLLABLES = ["ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "ze", "dra", "ben", "gor", "shi", "ul", "yan", "pet"]


def count_words(text: str) -> int:
    """Words as the benchmarks count them: whitespace-separated tokens (``len(text.split())``)."""
    return len(text.split())


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation followed by space, and on line breaks; drop fragments under 3 words."""
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 3]


def seed_sentences(seeds_dir: str | os.PathLike = SEEDS_DIR) -> tuple[list[str], np.ndarray]:
    """Sentences of the seed articles (sorted by file name) and the index of the file each came from."""
    files = sorted(Path(seeds_dir).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"{seeds_dir}: no .txt seed articles; the synthetic corpus is built from them")
    sentences: list[str] = []
    origin: list[int] = []
    for i, path in enumerate(files):
        for s in split_sentences(path.read_text(encoding="utf-8")):
            sentences.append(s)
            origin.append(i)
    return sentences, np.asarray(origin)


def rare_name(rank: int) -> str:
    """A pronounceable invented name for a Zipf rank (bijective base-16 over syllables), e.g. ``Kalo``."""
    parts = []
    n = int(rank) + 16  # at least two syllables
    while n:
        n, r = divmod(n, 16)
        parts.append(_SYLLABLES[r])
    return "".join(reversed(parts)).capitalize()


def synthetic_batches(n_words: int, *, seed: int = 20220224, n_outlets: int = 8, mean_doc_words: int = 600,
                      replace_rate: float = 0.15, rare_share: float = 0.2, zipf_a: float = 1.3,
                      batch_docs: int = 2000, seeds_dir: str | os.PathLike = SEEDS_DIR) -> Iterator[pd.DataFrame]:
    """Yield corpus batches of about ``n_words`` words in total, built from the seed sentences.

    Each document: an outlet ``Outlet 01`` … (uniform), a date uniform over 2022-02-24 … 2025-12-31,
    a length drawn from a log-normal around ``mean_doc_words``, sentences drawn with replacement
    (sentences from seed file ``outlet mod n_files`` three times as likely: an outlet "voice").
    Then each lowercase alphabetic word is, with probability ``replace_rate``, replaced by another
    such word of the seeds drawn by its seed frequency — or, for a share ``rare_share`` of the
    replacements, by an invented name whose Zipf rank has exponent ``zipf_a``. So most sentence
    occurrences differ and documents are not copies of each other (ingest would rightly strip
    recurring sentences as site furniture and flag copies); short sentences and Title Case
    headlines, with few lowercase words to replace, still recur, and ingest strips about 3 % of the
    words as furniture. The word frequencies stay those of the seeds, and the vocabulary keeps
    growing with the corpus as Heaps' law says real vocabularies do (V ≈ K·N^β).
    ``replace_rate=0`` gives documents made of whole seed sentences.
    """
    sentences, origin = seed_sentences(seeds_dir)
    n_files = int(origin.max()) + 1
    table: dict[str, int] = {}
    sent_ids = [np.array([table.setdefault(w, len(table)) for w in s.split()], dtype=np.int64) for s in sentences]
    tokens = np.array(list(table), dtype=object)
    sent_words = np.array([len(ids) for ids in sent_ids])
    replaceable = np.array([t.isalpha() and t.islower() for t in tokens])
    freq = np.bincount(np.concatenate(sent_ids), minlength=len(tokens)) * replaceable
    pool_cum = np.cumsum(freq / freq.sum())
    rng = np.random.default_rng(seed)
    weights = []
    for o in range(n_outlets):
        w = np.where(origin == o % n_files, 3.0, 1.0)
        weights.append(np.cumsum(w / w.sum()))
    start = np.datetime64("2022-02-24")
    span = int((np.datetime64("2025-12-31") - start).astype(int)) + 1
    words = 0
    doc_no = 0
    while words < n_words:
        rows = []
        for _ in range(batch_docs):
            if words >= n_words:
                break
            outlet = int(rng.integers(n_outlets))
            target = max(40, int(rng.lognormal(np.log(mean_doc_words), 0.5)))
            # draw enough sentences at once, keep the prefix that reaches the target length
            k = max(4, int(target / sent_words.mean() * 1.5) + 4)
            idx = np.searchsorted(weights[outlet], rng.random(k), side="right").clip(0, len(sentences) - 1)
            cum = np.cumsum(sent_words[idx])
            idx = idx[: int(np.searchsorted(cum, target)) + 1]
            ids = np.concatenate([sent_ids[j] for j in idx])
            out = tokens[ids]
            if replace_rate > 0:
                swap = np.flatnonzero(replaceable[ids] & (rng.random(len(ids)) < replace_rate))
                out[swap] = tokens[np.searchsorted(pool_cum, rng.random(len(swap)), side="right").clip(0, len(tokens) - 1)]
                rare = swap[rng.random(len(swap)) < rare_share]
                if len(rare):
                    out[rare] = [rare_name(r) for r in rng.zipf(zipf_a, len(rare))]
            text = " ".join(out.tolist())
            day = start + np.timedelta64(int(rng.integers(span)), "D")
            rows.append((f"syn{doc_no:08d}", f"Outlet {outlet + 1:02d}", day, f"Synthetic article {doc_no}", "", text))
            doc_no += 1
            words += len(out)
        batch = pd.DataFrame(rows, columns=COLUMNS)
        batch["date"] = pd.to_datetime(batch["date"]).astype("datetime64[ns]")
        yield batch


def load_real(corpora: tuple[str, ...] = REAL_CORPORA, base: str | os.PathLike = SHARED_CORPORA) -> pd.DataFrame:
    """The real corpora present under ``base`` as one canonical corpus (empty texts dropped)."""
    frames = []
    for name in corpora:
        path = Path(base) / name / "corpus.csv"
        if not path.exists():
            continue
        df = pd.read_csv(path, dtype={"doc_id": str, "outlet": str}, keep_default_na=False)
        df = df[[c for c in COLUMNS if c in df.columns]].copy()
        df["outlet"] = df["outlet"].replace("", "(unknown)")
        df["date"] = pd.to_datetime(df["date"], errors="coerce").astype("datetime64[ns]")
        frames.append(df[df["text"].str.strip() != ""])
    if not frames:
        raise FileNotFoundError(f"{base}: none of {', '.join(corpora)} is present")
    out = pd.concat(frames, ignore_index=True)
    for col in ("title", "url"):
        out[col] = out[col].astype(str)
    return out[COLUMNS]


def available_real(base: str | os.PathLike = SHARED_CORPORA, corpora: tuple[str, ...] = REAL_CORPORA) -> bool:
    """True when at least one of ``corpora`` is present beside the project."""
    return any((Path(base) / name / "corpus.csv").exists() for name in corpora)


def real_batches(n_words: int, *, seed: int = 20220224, batch_docs: int = 2000,
                 base: str | os.PathLike = SHARED_CORPORA,
                 corpora: tuple[str, ...] = REAL_CORPORA) -> Iterator[pd.DataFrame]:
    """Yield the real corpora tiled to about ``n_words`` words; copy k > 0 has its sentences shuffled."""
    real = load_real(corpora, base=base)
    texts = real["text"].tolist()
    words_per_doc = [count_words(t) for t in texts]
    rng = np.random.default_rng(seed)
    words = 0
    copy = 0
    while words < n_words:
        order = np.arange(len(real)) if copy == 0 else rng.permutation(len(real))
        rows = []
        for i in order:
            if words >= n_words:
                break
            text = texts[i]
            if copy:
                sents = split_sentences(text) or [text]
                text = " ".join(sents[j] for j in rng.permutation(len(sents)))
            row = real.iloc[i]
            doc_id = row["doc_id"] if copy == 0 else f"{row['doc_id']}~{copy}"
            rows.append((doc_id, row["outlet"], row["date"], row["title"], row["url"], text))
            words += words_per_doc[i] if copy == 0 else count_words(text)
            if len(rows) == batch_docs:
                yield _frame(rows)
                rows = []
        if rows:
            yield _frame(rows)
        copy += 1


def _frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    return df


def write_parquet(batches, path: str | os.PathLike, date_as_text: bool = False) -> dict:
    """Write corpus batches to one Parquet file, one row group per batch; return docs, words, bytes, row groups.

    ``date_as_text=True`` stores dates as ISO strings (``YYYY-MM-DD``, empty when unknown), as raw
    sources have them, so that ``ingest`` has dates to parse.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    writer = None
    docs = words = text_bytes = groups = 0
    schema = pa.schema([("doc_id", pa.string()), ("outlet", pa.string()),
                        ("date", pa.string() if date_as_text else pa.timestamp("ns")),
                        ("title", pa.string()), ("url", pa.string()), ("text", pa.string())])
    try:
        for batch in batches:
            if date_as_text:
                batch = batch.assign(date=pd.to_datetime(batch["date"]).dt.strftime("%Y-%m-%d").fillna(""))
            table = pa.Table.from_pandas(batch[COLUMNS], schema=schema, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(tmp, schema, compression="zstd")
            writer.write_table(table, row_group_size=len(batch))
            docs += len(batch)
            words += int(sum(count_words(t) for t in batch["text"]))
            text_bytes += int(sum(len(t.encode("utf-8")) for t in batch["text"]))
            groups += 1
    finally:
        if writer is not None:
            writer.close()
    os.replace(tmp, path)
    return {"path": str(path), "docs": docs, "words": words, "text_bytes": text_bytes, "row_groups": groups}
