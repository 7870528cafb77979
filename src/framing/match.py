"""Find lexicon terms in documents: one row per hit, with stance, voice and sentence.

``match_text`` is the per-document core (it depends on nothing but the text, its date and the
lexicon, so it maps over Dask partitions); ``match_corpus`` loops it over a corpus DataFrame.

How a hit is found (details in the manual, docs/lexicon.md):

1. The text is normalized (:mod:`framing.normalize`): curly quotes and apostrophes, non-breaking
   hyphens and spaces, en/em dashes become ASCII one-for-one, soft hyphens are dropped with an
   offset map, so ``start``/``end`` index the **original** text and ``matched == text[start:end]``.
2. One pass of a trie-shaped regex over the lower-cased text finds every position where some
   pattern's literal prefix starts a word (:class:`framing.lexicon.Scanner`); each pattern is then
   tried only there. Within a concept, hits do not overlap (at one position the longest match
   wins); across concepts they may ("Kiev regime" is both a government label and a spelling of
   Kiev).
3. Context rules veto hits: ``exclude`` (a phrase overlapping the hit, e.g. "chicken Kiev"),
   ``exclude_context`` and ``requires_context`` (anywhere in the variant's window, clipped to the
   paragraph; e.g. bare "coup" needs Maidan/Kyiv/2014/Western-backed and no Prigozhin).
4. Stance: ``stance_context`` rules (who liberates whom) or drop; else ``stance_periods`` by the
   document date; undated documents follow ``undated``.
5. Voice (:mod:`framing.voice`): ``quoted``, ``distanced`` or ``authorial``; plus ``attributed``.
"""

from __future__ import annotations

import bisect
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ._perf import gc_paused
from .errors import ParameterError
from .files import atomic_write
from .language import match_language, normalize_code
from .lexicon import CONTEXT_STANCE, Lexicon, Variant, load_lexicon
from .modality import classify_modality
from .normalize import normalize
from .voice import VoiceClassifier

#: The contract columns of the mentions table, in order.
MENTION_COLUMNS = [
    "doc_id",
    "outlet",
    "date",
    "concept",
    "variant",
    "stance",
    "start",
    "end",
    "matched",
    "voice",
    "modality",
    "sentence",
]
#: Extra columns after the contract ones: reported speech without quotation marks, how the stance
#: was decided, the words that decided the modality, the variant's kind (frame, spelling, style) and
#: the document's language (which decided the variants that apply: see :func:`match_text`).
EXTRA_COLUMNS = ["attributed", "stance_basis", "modality_cue", "kind", "language"]
#: How documents without a date are scored for date-dependent variants.
UNDATED_CHOICES = ("neutral", "current", "drop")
DEFAULT_UNDATED = "neutral"


_WORDCHAR = re.compile(r"\w")
_KNOWN_CODES = frozenset({"en", "ru", "uk"})  # codes taken as they are (others go through match_language)


def _scan(rx: re.Pattern, haystack: str):
    """Matches of ``rx`` that start at a word edge (the leading ``(?<!\\w)`` done in Python, which
    keeps the regex's literal-prefix fast path)."""
    pos = 0
    search = rx.search
    while True:
        m = search(haystack, pos)
        if m is None:
            return
        s, e = m.span()
        if s > 0 and _WORDCHAR.match(haystack, s - 1):
            pos = s + 1
            continue
        yield s, e
        pos = e if e > s else s + 1


def _paragraph_bounds(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    nl = text.rfind("\n", lo, start)
    if nl != -1:
        lo = nl + 1
    nl = text.find("\n", end, hi)
    if nl != -1:
        hi = nl
    return lo, hi


def _context_ok(v: Variant, norm: str, s: int, e: int) -> bool:
    if not v.exclude and v.exclude_context_rx is None and v.requires_context_rx is None:
        return True
    lo, hi = _paragraph_bounds(norm, s, e, v.window)
    for rx in v.exclude:  # one by one: an alternation's non-overlapping scan could step over a veto
        for m in rx.finditer(norm, lo, hi):
            if m.start() < e and m.end() > s:
                return False
    if v.exclude_context_rx is not None and v.exclude_context_rx.search(norm, lo, hi):
        return False
    if v.requires_context_rx is not None:
        return v.requires_context_rx.search(norm, lo, hi) is not None
    return True


def _context_stance(v: Variant, norm: str, s: int, e: int) -> str | None:
    lo, hi = _paragraph_bounds(norm, s, e, v.window)
    before, after = norm[lo:s], norm[e:hi]
    for rule in v.stance_context:
        target = before if rule.where == "before" else after if rule.where == "after" else norm[lo:hi]
        if rule.pattern.search(target):
            return rule.stance
    return None


def _stance(
    v: Variant, norm: str, s: int, e: int, date, undated: str, neutral: str = "neutral"
) -> tuple[str | None, str]:
    """(stance or None to drop, basis); ``neutral``: the lexicon's (first) neutral side."""
    if v.stance_context:
        st = _context_stance(v, norm, s, e)
        if st is not None:
            return st, "context"
        if v.stance == CONTEXT_STANCE:
            return None, "context"
    if v.stance_periods:
        if date is None or pd.isna(date):
            if undated == "current":
                return v.stance, "undated:current"
            if undated == "neutral":
                return neutral, "undated:neutral"
            return None, "undated:drop"
        return v.stance_on(date), "period"
    return v.stance, "fixed"


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
    return [dict(zip(HIT_FIELDS, hit)) for hit in _hits(text, lexicon, date, undated, language)]


#: The fields of one hit, in the order of the mentions table after ``doc_id, outlet, date``.
HIT_FIELDS = (
    "concept",
    "variant",
    "stance",
    "start",
    "end",
    "matched",
    "voice",
    "modality",
    "sentence",
    "attributed",
    "stance_basis",
    "modality_cue",
    "kind",
    "language",
)


def _hits(text: str, lexicon: Lexicon, date: Any, undated: str, language: str | None = None) -> list[tuple]:
    """:func:`match_text` with each hit as a tuple of :data:`HIT_FIELDS` (cheaper to build and to
    turn into a table than dicts, for :func:`match_corpus`)."""
    if undated not in UNDATED_CHOICES:
        raise ParameterError(f"undated: {undated!r} is not one of {', '.join(UNDATED_CHOICES)}")
    if not text:
        return []
    lang = language if language in _KNOWN_CODES else match_language(text, language)
    neutral = _neutral_side(lexicon)
    if date is not None and not isinstance(date, pd.Timestamp):
        try:
            date = pd.Timestamp(date) if str(date).strip() else None
        except (ValueError, TypeError):
            raise ParameterError(f"date: {date!r} is not a date; use YYYY-MM-DD or None") from None
    n = normalize(text)
    norm = n.text
    lowered = norm.lower()
    same_length = len(lowered) == len(norm)
    scanner = lexicon.scanner(lang)
    per_concept: dict[int, list] = {}
    if same_length:
        for cp, starts in scanner.candidates(lowered).items():
            # the pattern anchored at its sorted candidates, matches not overlapping each other
            # (inline: hundreds of thousands of candidates per million words)
            match = cp.regex.match
            hay = lowered if cp.lower else norm
            found = None
            last = 0
            for s in starts:
                if s < last:
                    continue
                m = match(hay, s)
                if m is not None:
                    e = m.end()
                    if e > s:
                        if found is None:
                            found = per_concept.get(cp.concept_index)
                            if found is None:
                                found = per_concept[cp.concept_index] = []
                        found.append((s, s - e, cp.order, e, cp.variant, cp))
                        last = e
        todo = [(cp, _scan(scanner.edge_regex[cp], lowered if cp.lower else norm)) for cp in scanner.unanchored]
    else:  # rare: lower-casing changed the length; scan every pattern case-insensitively
        todo = [
            (cp, _scan(cp.fallback, norm)) for _c, cps in lexicon.compiled() for cp in cps if cp.variant.lang == lang
        ]
    for cp, spans in todo:
        for s, e in spans:
            per_concept.setdefault(cp.concept_index, []).append((s, -(e - s), cp.order, e, cp.variant, cp))
    raw_hits = []
    concepts = lexicon.concepts
    names = lexicon.proper_names
    for ci in sorted(per_concept):
        concept = concepts[ci]
        found = per_concept[ci]
        # within a concept hits do not overlap: earliest first, then longest, then lexicon order
        found.sort(key=lambda t: t[:3])
        last_end = -1
        for s, _neg, _order, e, v, cp in found:
            if s < last_end:
                continue
            if not _context_ok(v, norm, s, e):
                continue
            if names is not None and names.holds(v, norm, s, e):
                continue  # part of a proper name: "the Kyiv Post", "Dynamo Kiev", "chicken Kiev"
            stance, basis = _stance(v, norm, s, e, date, undated, neutral)
            if stance is None:
                continue
            last_end = e
            raw_hits.append((s, e, concept.id, v, stance, basis, cp))
    if not raw_hits:
        return []
    raw_hits = _longest_across_concepts(raw_hits)
    raw_hits = _spelling_periods(raw_hits, lexicon, lowered, date, undated)
    hits = sorted(
        ((*n.span(s, e), cid, v, stance, basis) for s, e, cid, v, stance, basis, _cp in raw_hits),
        key=lambda h: (h[0], h[1], h[2]),
    )
    vc = VoiceClassifier(text, lang)
    out = []
    last_of_concept: dict[str, tuple[int, str]] = {}  # concept -> (end, voice) of its last hit
    for a, b, cid, v, stance, basis in hits:
        voice = vc.voice(a, b)
        prev = last_of_concept.get(cid)
        if (
            voice == "authorial"
            and prev is not None
            and prev[1] == "distanced"
            and _is_acronym_gloss(text, prev[0], a, b)
        ):
            voice = "distanced"  # "the self-proclaimed Donetsk People's Republic (DPR)": the gloss inherits
        sa, sb = vc.sentence_span(a, b)
        sa, sb = max(sa, a - _MODALITY_REACH), min(sb, b + _MODALITY_REACH)  # bounded work per mention
        modality, cue = classify_modality(text[sa:sb], a - sa, b - sa, lang)
        out.append(
            (
                cid,
                v.id,
                stance,
                a,
                b,
                text[a:b],
                voice,
                modality,
                vc.sentence(a, b),
                vc.attributed(a, b),
                basis,
                cue,
                v.kind,
                lang,
            )
        )
        last_of_concept[cid] = (b, voice)
    return out


#: Characters of the sentence on each side of a mention that modality cues are looked for in.
_MODALITY_REACH = 300


def _longest_across_concepts(hits: list[tuple]) -> list[tuple]:
    """Drop a hit whose end falls inside a longer hit of another concept that starts inside it:
    "Russia's war crimes" is a mention of war crimes, not of "Russia's war". Hits that start at the
    same place may overlap when the shorter one is a spelling or name style inside a framing ("Kiev
    regime" is a government label and a spelling of Kiev); a framing at the same start inside a
    longer framing of another concept goes ("Russian-occupied Crimea" is occupied Crimea, not the
    2022 territories' "Russian-occupied")."""
    if len(hits) < 2:
        return hits
    by_start = sorted(hits, key=lambda h: (h[0], -h[1]))
    starts = [h[0] for h in by_start]
    keep = []
    for h in hits:
        s, e, cid = h[0], h[1], h[2]
        i = bisect.bisect_left(starts, s)
        cut = False
        while i < len(by_start) and by_start[i][0] < e:
            o = by_start[i]
            if o[2] != cid and o[1] > e and (o[0] > s or (h[3].kind == "frame" and o[3].kind == "frame")):
                cut = True
                break
            i += 1
        if not cut:
            keep.append(h)
    return keep


def _neutral_side(lexicon: Lexicon) -> str:
    """The stance of an undated hit of a date-dependent variant under ``undated="neutral"``."""
    sides = getattr(lexicon, "sides", None)
    return sides.neutral[0] if sides is not None and sides.neutral else "neutral"


def _spelling_periods(hits: list[tuple], lexicon: Lexicon, lowered: str, date, undated: str) -> list[tuple]:
    """A term that contains a spelling whose stance depends on the date ("Kiev's forces") takes that
    spelling's period rule when its pattern accepts only that spelling: in 2014 "Kiev's forces" is
    ordinary English, as "Kiev" is. Whether the pattern is spelling-specific is tested on the text:
    the hit with the spelling replaced by its counterpart ("Kyiv's forces") must not match it."""
    spellings = [h for h in hits if h[3].kind == "spelling" and h[3].stance_periods]
    if not spellings:
        return hits
    out = []
    for h in hits:
        s, e, cid, v, stance, basis, cp = h
        if v.stance_periods or v.kind == "spelling" or basis == "context":
            out.append(h)
            continue
        inner = next((sp for sp in spellings if sp[2] != cid and s <= sp[0] and sp[1] <= e), None)
        if inner is None:
            out.append(h)
            continue
        spelling = inner[3]
        counterpart = lexicon.counterpart(spelling)
        swapped = lowered[s : inner[0]] + counterpart.lower() + lowered[inner[1] : e] if counterpart else None
        if swapped is not None and cp.lower and cp.regex.fullmatch(swapped):
            out.append(h)  # the pattern takes either spelling: its stance is not the spelling's
            continue
        st, b = _stance(spelling, lowered, inner[0], inner[1], date, undated, _neutral_side(lexicon))
        if b == "period" and st != spelling.stance:
            out.append((s, e, cid, v, st, "period:spelling", cp))
        elif b.startswith("undated") and st != spelling.stance:
            out.append((s, e, cid, v, st, b, cp))
        else:
            out.append(h)
    return out


_GLOSS_OPEN = re.compile(r"[^\S\n]*[(\[][^\S\n]*")
_GLOSS_CLOSE = re.compile(r"[^\S\n]*[)\]]")


def _is_acronym_gloss(text: str, prev_end: int, start: int, end: int) -> bool:
    """True for a parenthesised gloss right after the previous mention: ``… Republic (DPR)``."""
    return _GLOSS_OPEN.fullmatch(text, prev_end, start) is not None and _GLOSS_CLOSE.match(text, end) is not None


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
    outlets = corpus["outlet"] if "outlet" in corpus.columns else pd.Series([""] * len(corpus), index=corpus.index)
    if language is not None:
        langs = [normalize_code(language)] * len(corpus)
    elif "language" in corpus.columns:
        codes: dict = {}  # each distinct value read once: a corpus has a handful
        langs = [
            codes[v] if v in codes else codes.setdefault(v, normalize_code(v) or v)
            for v in corpus["language"].astype(object).where(corpus["language"].notna(), None)
        ]
    else:
        langs = [None] * len(corpus)
    dates = corpus["date"] if "date" in corpus.columns else pd.Series([pd.NaT] * len(corpus), index=corpus.index)
    rows = []
    with gc_paused():  # many small dicts: see framing._perf
        # plain lists: iterating Arrow-backed columns element by element costs more than matching
        # a short headline
        for doc_id, outlet, date, text, lang in zip(
            corpus["doc_id"].tolist(), outlets.tolist(), dates.tolist(), corpus["text"].tolist(), langs
        ):
            if not isinstance(text, str) or not text:
                continue
            hits = _hits(text, lexicon, None if pd.isna(date) else date, undated, lang)
            if hits:
                head = (str(doc_id), "" if pd.isna(outlet) else str(outlet), date)
                rows.extend(head + h for h in hits)
        if not rows:
            return empty_mentions()
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
