"""The ingest pipeline: one list of named steps over an :class:`IngestState`, run the same way
whether the texts are kept in memory (:func:`~framing.ingest.ingest_sources`) or on disk
(:func:`~framing.ingest.ingest_stream`); :mod:`framing.ingest.storage` holds the difference.

The steps (:data:`STEPS`, run in order by :func:`run`):

1. ``read_sources``: read the sources chunk by chunk, parse dates, clean texts; the texts go to the
   storage, the other columns stay in a table (``state.meta``).
2. ``drop_repeated_ids_and_empty``: a repeated ``doc_id`` keeps its first row; empty texts go.
3. ``find_known_furniture``: known furniture patterns of each document; what learning needs.
4. ``learn_furniture``: lines and sentences each outlet repeats (:mod:`framing.ingest.learning`).
5. ``find_near_duplicates``: copies among the texts without furniture (:mod:`framing.ingest.copies`).
6. ``learn_furniture_without_copies``: learn again, so that a copy does not make its original's
   lines "recurring".
7. ``final_texts``: the texts without furniture, and what was removed from each.
8. ``remove_injected_headlines``: headline-shaped lines of copies that their original lacks.
9. ``similarity_on_final_texts``: each copy's containment in its original, on the final texts.
10. the corpus and its summary (:mod:`framing.ingest.finish`): documents that were only furniture
    dropped, clusters repaired, languages, columns in order and checked, the accounting.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import CorpusError
from . import furniture as fur
from .copies import Copies, find_copies, no_copies
from .dedup import containment, shingles
from .finish import detect_languages, drop_only_furniture, order_and_check_columns, summarize
from .learning import Learned, Learner, nothing_learned, without_learned
from .readers import Item, Options, Problems
from .reading import check_and_discover, clean_chunks, drop_duplicate_ids_and_empty
from .storage import MemoryStorage, Storage, TextList, TextStore
from .summary import _empty_message


@dataclass
class IngestState:
    """What an ingest knows between its steps.

    Documents are numbered ``j = 0 .. n-1`` in reading order once repeated ids and empty texts are
    dropped; per-document lists and arrays are indexed by ``j``.
    """

    args: dict  # the arguments of ingest_sources, defaults applied
    sources: list
    opts: Options
    problems: Problems
    items: list[Item]
    storage: Storage = field(default_factory=MemoryStorage)
    # read_sources, drop_repeated_ids_and_empty
    text_raw: TextStore = field(default_factory=TextList)  # decoded texts, in reading order
    texts: TextStore = field(default_factory=TextList)  # cleaned texts, in reading order
    repaired: list[int] = field(default_factory=lambda: [0])  # documents whose text the cleaner changed
    meta: pd.DataFrame = field(default_factory=pd.DataFrame)  # the other columns, a row per document
    empty: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # read rows without text
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # j -> place in the text stores
    duplicate_id_rows: list[dict] = field(default_factory=list)
    empty_documents: list[dict] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    # furniture and near-duplicates
    known: list[dict[int, str]] = field(default_factory=list)  # known furniture lines of each document
    learner: Learner | None = None
    learned: Learned = field(default_factory=lambda: nothing_learned(0))
    copies: Copies = field(default_factory=lambda: no_copies(0))  # (dup_group, is_copy, similarity, pairs)
    final: TextStore = field(default_factory=TextList)  # final texts (before injected headlines)
    changed: TextStore = field(default_factory=TextList)  # final texts of copies that lost a headline
    changed_at: dict[int, int] = field(default_factory=dict)  # j -> its place in ``changed``
    removed: list[list[dict]] = field(default_factory=list)  # furniture_removed records of each document
    furniture_json: TextStore = field(default_factory=TextList)  # those records as JSON
    headline_checks: list[int] = field(default_factory=list)  # copies with headline-shaped lines
    # the corpus
    keep: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # corpus row -> j
    corpus: pd.DataFrame = field(default_factory=pd.DataFrame)  # without its texts (see finish.with_texts)
    summary: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)

    def text(self, j: int) -> str:
        """Document ``j``'s cleaned text."""
        return self.texts[int(self.rows[j])]

    def raw_text(self, j: int) -> str:
        """Document ``j``'s decoded text."""
        return self.text_raw[int(self.rows[j])]

    def without_learned(self, j: int) -> tuple[list[str], dict[int, str], list[dict]]:
        """Document ``j``'s lines with learned furniture removed: ``(new lines, removed lines, removed sentences)``."""
        return without_learned(self.text(j).split("\n"), self.known[j], self.outlets[j], j, self.learned)

    def final_text(self, j: int) -> str:
        """Document ``j``'s final text."""
        k = self.changed_at.get(j)
        return self.final[j] if k is None else self.changed[k]

    def close(self) -> None:
        for store in (self.text_raw, self.texts, self.final, self.changed, self.furniture_json):
            store.close()


def start(args: dict) -> IngestState:
    """The state of an ingest with arguments ``args`` (those of
    :func:`~framing.ingest.ingest_sources`, defaults applied): checked, the sources' files discovered."""
    sources, opts, problems, items = check_and_discover(args)
    return IngestState(args, sources, opts, problems, items)


# ---------------------------------------------------------------------------------------- the steps
def read_sources(s: IngestState) -> None:
    """Read the sources chunk by chunk (dates parsed, texts cleaned): texts to the storage, the rest to ``s.meta``."""
    s.text_raw, s.texts = s.storage.texts("text_raw"), s.storage.texts("text")
    metas, empty = [], []
    for chunk in clean_chunks(s.items, s.opts, s.problems, s.repaired):
        s.text_raw.append(chunk["text_raw"])
        s.texts.append(chunk["text"])
        empty.append((chunk["text"] == "").to_numpy())
        metas.append(chunk.drop(columns=["text_raw", "text"]))
        del chunk
        s.storage.chunk_read()
    if not metas:
        raise CorpusError(_empty_message(s.sources, s.problems))
    s.meta = pd.concat(metas, ignore_index=True)
    s.empty = np.concatenate(empty)


def drop_repeated_ids_and_empty(s: IngestState) -> None:
    """A repeated ``doc_id`` keeps its first row (or is an error); documents without text are dropped and listed."""
    s.meta, s.rows, s.duplicate_id_rows, s.empty_documents = drop_duplicate_ids_and_empty(
        s.meta, s.empty, s.args["skip_bad"], s.args["id_col"]
    )
    s.ids = s.meta["doc_id"].tolist()
    s.outlets = s.meta["outlet"].tolist()


def find_known_furniture(s: IngestState) -> None:
    """Each document's known furniture lines; what learning needs of the rest of its lines."""
    furniture = s.args["furniture"]
    a = s.args
    if furniture:
        s.learner = Learner(a["furniture_min_docs"], a["furniture_min_count"], a["furniture_min_share"])
    for j in range(s.n):
        lines = s.text(j).split("\n")
        known = fur.known_furniture(lines) if furniture else {}
        s.known.append(known)
        if s.learner is not None:
            s.learner.add(s.outlets[j], [ln for k, ln in enumerate(lines) if k not in known])


def learn_furniture(s: IngestState) -> None:
    """Learn the lines and sentences each outlet repeats, from all documents."""
    s.learned = s.learner.learn(np.ones(s.n, dtype=bool)) if s.learner is not None else nothing_learned(s.n)


def find_near_duplicates(s: IngestState) -> None:
    """Clusters of near-duplicates among the texts without the furniture found so far."""
    if not s.args["dedup"]:
        s.copies = no_copies(s.n)
        return

    def stage(j: int) -> str:  # the text without furniture learned so far
        new_lines, new_removed, _ = s.without_learned(j)
        return fur.apply_removals(new_lines, new_removed)[0]

    a = s.args
    s.copies = find_copies(s.ids, s.meta["date"].tolist(), stage, a["dup_threshold"], a["shingle_size"], s.storage)


def learn_furniture_without_copies(s: IngestState) -> None:
    """Learn again without the copies, if there are any."""
    copy = s.copies[1]
    if s.learner is not None and any(copy):  # a copy must not make its original's lines "recurring"
        s.learned = s.learner.learn(~np.asarray(copy, dtype=bool))


def final_texts(s: IngestState) -> None:
    """The texts without furniture (before injected headlines, which only copies lose)."""
    s.final = s.storage.texts("final")
    copy = s.copies[1]
    check = s.args["furniture"] and s.args["dedup"]
    for j in range(s.n):
        new_lines, new_removed, sentences = s.without_learned(j)
        if check and copy[j] and fur.headline_candidates(new_lines, new_removed):
            s.headline_checks.append(j)
        result, records = fur.apply_removals(new_lines, new_removed)
        s.final.append([result])
        s.removed.append(records + sentences)


def remove_injected_headlines(s: IngestState) -> None:
    """Headline-shaped lines a copy has between its paragraphs and its original lacks are furniture too."""
    s.changed = s.storage.texts("changed")
    if not s.headline_checks:
        return
    group = s.copies[0]
    row = {d: j for j, d in enumerate(s.ids)}  # doc_id -> j, to find a copy's original
    originals: dict[int, tuple[str, set]] = {}  # an original with several copies is read once
    limit = s.storage.originals_kept
    for j in s.headline_checks:
        o = row[group[j]]
        if o not in originals:
            if limit is not None and len(originals) >= limit:
                originals.clear()
            orig_text = s.final[o]
            originals[o] = (orig_text, fur._word_ngrams(orig_text))
        orig_text, grams = originals[o]
        new_lines, new_removed, sentences = s.without_learned(j)
        injected = fur.injected_lines(new_lines, new_removed, orig_text, group[j], original_ngrams=grams)
        if injected:
            result, records = fur.apply_removals(new_lines, {**new_removed, **injected})
            s.changed_at[j] = len(s.changed_at)
            s.changed.append([result])
            s.removed[j] = records + sentences


def similarity_on_final_texts(s: IngestState) -> None:
    """The furniture columns, the near-duplicate columns, and each copy's containment in its
    original measured again on the final texts."""
    s.furniture_json = s.storage.texts("furniture")
    s.furniture_json.append(json.dumps(x, ensure_ascii=False) for x in s.removed)
    group, copy, sim, _ = s.copies
    s.meta["n_furniture"] = [len(x) for x in s.removed]
    s.meta["dup_group"] = group
    s.meta["is_copy"] = np.asarray(copy, dtype=bool)
    s.meta["dup_similarity"] = sim
    if not (s.args["dedup"] and s.args["furniture"] and any(copy)):
        return
    row = {d: j for j, d in enumerate(s.ids)}
    col = s.meta.columns.get_loc("dup_similarity")
    k = s.args["shingle_size"]
    last: tuple[int, np.ndarray] | None = None  # an original with several copies is shingled once (copies follow it)
    for j in np.flatnonzero(s.meta["is_copy"].to_numpy()).tolist():
        o = row[group[j]]
        if last is None or last[0] != o:
            last = (o, shingles(s.final_text(o), k))
        s.meta.iat[j, col] = round(containment(shingles(s.final_text(j), k), last[1]), 4)


#: The steps of every ingest, in order (see the module's docstring).
STEPS: tuple[Callable[[IngestState], None], ...] = (
    read_sources,
    drop_repeated_ids_and_empty,
    find_known_furniture,
    learn_furniture,
    find_near_duplicates,
    learn_furniture_without_copies,
    final_texts,
    remove_injected_headlines,
    similarity_on_final_texts,
    drop_only_furniture,
    detect_languages,
    order_and_check_columns,
    summarize,
)


def run(state: IngestState) -> IngestState:
    """Run the :data:`STEPS` on ``state``: afterwards ``state.corpus`` (without its texts) and
    ``state.summary`` are the ingest's results."""
    for step in STEPS:
        step(state)
    return state
