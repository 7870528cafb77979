"""Find lexicon terms in documents: one row per hit, with stance, voice and sentence.

``match_text`` gives the hits of one text (it depends on nothing but the text, its date and the
lexicon, so it maps over Dask partitions); ``match_corpus`` gives those of a corpus DataFrame as a
table. How a hit is found, its stance, voice and modality decided, is told in the manual
(docs/lexicon.md) and in :mod:`framing.hits`, the engine both use.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from ._perf import gc_paused
from .errors import ParameterError
from .files import atomic_write
from .hits import DEFAULT_UNDATED, HIT_FIELDS, UNDATED_CHOICES, corpus_hits, document_hits
from .language import normalize_code
from .lexicon import Lexicon, load_lexicon

__all__ = [
    "DEFAULT_UNDATED",
    "EXTRA_COLUMNS",
    "HIT_FIELDS",
    "MENTION_COLUMNS",
    "UNDATED_CHOICES",
    "empty_mentions",
    "match_corpus",
    "match_text",
    "summarize",
    "write_mentions",
]

#: The contract columns of the mentions table, in order.
MENTION_COLUMNS = ["doc_id", "outlet", "date", *HIT_FIELDS[: HIT_FIELDS.index("sentence") + 1]]
#: Extra columns after the contract ones: reported speech without quotation marks, how the stance
#: was decided, the words that decided the modality, the variant's kind (frame, spelling, style) and
#: the document's language (which decided the variants that apply: see :func:`match_text`).
EXTRA_COLUMNS = ["attributed", "stance_basis", "modality_cue", "kind", "language"]


def match_text(
    text: str,
    lexicon: Lexicon,
    date: Any = None,
    undated: str = DEFAULT_UNDATED,
    language: str | None = None,
) -> list[dict[str, Any]]:
    """All lexicon hits in one text, in text order.

    Parameters
    ----------
    text : str
        Original document text (offsets refer to it).
    lexicon : Lexicon
        From :func:`framing.lexicon.load_lexicon`.
    date : Timestamp, date string or None
        Document date; picks the stance of date-dependent variants.
    undated : {"neutral", "current", "drop"}
        For date-dependent variants in a document without a date: score them with the lexicon's
        neutral side (its first; ``neutral`` if it declares none; the default: no
        period-dependent stance without evidence of the period), use the variant's
        present-day stance (``current``), or ``drop`` the hit. Other variants are unaffected.
    language : str, optional
        The document's language (ISO 639-1: ``en``, ``ru``, ``uk``). Only the variants of that
        language apply (a variant's ``lang``, ``en`` by default): "Киев" is a marker in Ukrainian
        text and plain Russian in Russian text. ``None``: :func:`framing.language.match_language`
        decides (mostly Cyrillic text is detected, other text is read as English). Voice and
        modality use the cues of the language.

    Returns
    -------
    list of dict
        Keys ``concept, variant, stance, start, end, matched, voice, sentence, attributed,
        stance_basis, modality_cue, kind, language`` (``stance_basis``: fixed, period, context or
        undated:<choice>).

    Examples
    --------
    >>> lex = load_lexicon()
    >>> hits = match_text("Russia\\u2019s full\\u2011scale invasion began.", lex, "2023-01-01")
    >>> [(h["variant"], h["matched"], h["stance"], h["voice"]) for h in hits]
    [('full_scale_invasion', 'full\\u2011scale invasion', 'ukraine_west', 'authorial')]
    >>> hits = match_text("Так называемая СВО идёт на Украине, а не в Киевской области.", lex, "2023-01-01")
    >>> [(h["variant"], h["stance"], h["voice"], h["language"]) for h in hits]
    [('smo_acronym_ru', 'kremlin', 'distanced', 'ru'), ('na_ukraine_ru', 'kremlin', 'authorial', 'ru')]
    """
    return [dict(zip(HIT_FIELDS, hit)) for hit in document_hits(text, lexicon, date, undated, language)]


def empty_mentions() -> pd.DataFrame:
    """An empty mentions table with the right columns and dtypes (e.g. Dask ``meta``).

    Examples
    --------
    >>> list(empty_mentions().columns) == MENTION_COLUMNS + EXTRA_COLUMNS
    True
    """
    return _typed(pd.DataFrame({c: [] for c in MENTION_COLUMNS + EXTRA_COLUMNS}))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for c in ("start", "end"):
        df[c] = df[c].astype("int64")
    df["attributed"] = df["attributed"].astype(bool)
    for c in (
        "doc_id",
        "outlet",
        "concept",
        "variant",
        "stance",
        "matched",
        "voice",
        "modality",
        "sentence",
        "stance_basis",
        "modality_cue",
        "kind",
        "language",
    ):
        df[c] = df[c].astype(str) if len(df) else df[c].astype("object").astype(str)
    return df


def match_corpus(
    corpus: pd.DataFrame, lexicon: Lexicon | None = None, undated: str = DEFAULT_UNDATED, language: str | None = None
) -> pd.DataFrame:
    """Mentions of lexicon terms in every document of a corpus.

    Parameters
    ----------
    corpus : DataFrame
        Canonical corpus (``doc_id, outlet, date, text`` at least).
    lexicon : Lexicon, optional
        Defaults to the bundled lexicon.
    undated : {"neutral", "current", "drop"}
        See :func:`match_text`.
    language : str, optional
        One language for every document (``ru``), overriding the corpus. Otherwise each document's
        ``language`` column value (:func:`framing.language.normalize_code`) where the corpus has
        one, else :func:`framing.language.match_language` on its text. Only the variants of a
        document's language apply to it.

    Returns
    -------
    DataFrame
        Columns :data:`MENTION_COLUMNS` (``doc_id, outlet, date, concept, variant, stance, start,
        end, matched, voice, sentence``) then ``attributed, stance_basis``; one row per hit,
        ordered by document (corpus order) then position.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.Timestamp("2023-05-01")],
    ...                        "text": ["The so-called special military operation in Kiev."]})
    >>> m = match_corpus(corpus)
    >>> m[["variant", "stance", "voice"]].values.tolist()
    [['special_military_operation', 'kremlin', 'distanced'], ['kiev', 'kremlin', 'authorial']]
    """
    lexicon = lexicon or load_lexicon()
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        from .errors import CorpusError

        raise CorpusError(f"corpus: missing column(s) {', '.join(missing)}; read it with framing.corpus.read_corpus")
    if language is not None and normalize_code(language) is None:
        raise ParameterError(f"--language {language!r}: not an ISO 639-1 language code; use e.g. en, ru or uk")
    if language is not None:
        langs = [normalize_code(language)] * len(corpus)
    elif "language" in corpus.columns:
        # each distinct value read once: a corpus has a handful
        values, distinct = pd.factorize(corpus["language"], use_na_sentinel=True)
        codes = [normalize_code(v) or v for v in distinct] + [None]  # [-1]: a missing value
        langs = [codes[k] for k in values.tolist()]
    else:
        langs = [None] * len(corpus)
    dates = corpus["date"] if "date" in corpus.columns else pd.Series([pd.NaT] * len(corpus), index=corpus.index)
    # plain lists (iterating Arrow-backed columns element by element costs more than matching a
    # short headline); a datetime column's values are dates already, and become Timestamps only
    # for the documents with a hit
    date_values = dates.to_numpy() if pd.api.types.is_datetime64_dtype(dates.dtype) else dates.tolist()
    rows: list[tuple] = []
    with gc_paused():  # many small tuples: see framing._perf
        found = list(corpus_hits(corpus["text"].tolist(), date_values, langs, lexicon, undated))
        if not found:
            return empty_mentions()
        where = [i for i, _hits in found]
        doc_ids = corpus["doc_id"].iloc[where].tolist()
        outlets = corpus["outlet"].iloc[where].tolist() if "outlet" in corpus.columns else [""] * len(where)
        for (_i, hits), doc_id, outlet, date in zip(found, doc_ids, outlets, dates.iloc[where].tolist()):
            head = (str(doc_id), "" if pd.isna(outlet) else str(outlet), date)
            rows.extend(head + h for h in hits)
        df = pd.DataFrame(rows, columns=MENTION_COLUMNS + EXTRA_COLUMNS)
    return _typed(df).reset_index(drop=True)


def summarize(mentions: pd.DataFrame, n_docs: int) -> str:
    """One line: mentions, documents with a mention, by voice and by stance.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "text": ["Kiev and Kyiv"]})
    >>> summarize(match_corpus(corpus), n_docs=1)
    '2 mentions in 1 of 1 documents (by voice: authorial 2, quoted 0, distanced 0; by stance: neutral 1, ukraine_west 1; 1 in undated documents scored by --undated)'
    """
    voices = mentions["voice"].value_counts()
    stances = mentions["stance"].value_counts()
    by_voice = ", ".join(f"{v} {int(voices.get(v, 0))}" for v in ("authorial", "quoted", "distanced"))
    by_stance = ", ".join(f"{k} {int(stances[k])}" for k in sorted(stances.index))
    undated = mentions["stance_basis"].str.startswith("undated").sum() if len(mentions) else 0
    extra = f"; {undated} in undated documents scored by --undated" if undated else ""
    if "language" in mentions.columns and len(mentions) and set(mentions["language"]) - {"en"}:
        langs = mentions["language"].value_counts()
        extra += "; by language: " + ", ".join(f"{k} {int(langs[k])}" for k in sorted(langs.index))
    return (
        f"{len(mentions)} mentions in {mentions['doc_id'].nunique()} of {n_docs} documents "
        f"(by voice: {by_voice}; by stance: {by_stance or 'none'}{extra})"
    )


def write_mentions(df: pd.DataFrame, path: str | os.PathLike, flag: str = "--out") -> Path:
    """Write a mentions table atomically (temp file + rename) as CSV (or Parquet for .parquet).

    An operating-system failure (disk full, read-only, a folder in the way) raises
    :class:`~framing.errors.OutputError` and leaves no file behind.

    Examples
    --------
    >>> write_mentions(empty_mentions(), "reports/mentions.csv")  # doctest: +SKIP
    PosixPath('reports/mentions.csv')
    """
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        return atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False), flag)
    return atomic_write(
        path, lambda tmp: df.to_csv(tmp, index=False, date_format="%Y-%m-%d", lineterminator="\n"), flag
    )
