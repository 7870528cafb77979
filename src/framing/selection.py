"""What the statistics of :mod:`framing.stats` count and over which documents: the modality rule
(:func:`select_modality`), the checks of their inputs, the groups and voices they are computed for,
the tokens of each document, and the stances of the balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .bootstrap import _group_rng, _scheme
from .errors import ParameterError
from .vocab import VOICES

__all__ = ["select_modality", "MODALITY_RULES"]

#: Which mentions the statistics count, by their ``modality`` (see :func:`select_modality`).
MODALITY_RULES = ("frames-asserted", "asserted", "any")
DEFAULT_MODALITY_RULE = "frames-asserted"


def select_modality(
    mentions: pd.DataFrame, rule: str = DEFAULT_MODALITY_RULE, lexicon=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The mentions the statistics count under a modality ``rule``, and a table of those left out.

    ``frames-asserted`` (default): a frame term (what an event *is* called: invasion, coup,
    liberation) counts only when asserted; spellings and name styles count whatever their modality
    ("if Russia attacks Kyiv" still shows the outlet's spelling). ``asserted``: every kind only when
    asserted. ``any``: everything. The kind of a mention is its ``kind`` column, else the
    lexicon's kind of its variant, else ``frame``. A table without a ``modality`` column (matched
    before modality was recorded) is taken as all asserted.

    Returns ``(kept, left_out)``; ``left_out`` has one row per ``concept, variant, modality`` with
    the number of mentions ``n`` (the notebooks and reports print it).

    Examples
    --------
    >>> m = pd.DataFrame({"concept": ["war", "war", "city"], "variant": ["invasion", "invasion", "kyiv"],
    ...                   "kind": ["frame", "frame", "spelling"], "modality": ["asserted", "hypothetical", "negated"]})
    >>> kept, out = select_modality(m)
    >>> kept["variant"].tolist(), out.values.tolist()
    (['invasion', 'kyiv'], [['war', 'invasion', 'hypothetical', 1]])
    """
    if rule not in MODALITY_RULES:
        raise ParameterError(f"modality: {rule!r} is not one of {', '.join(MODALITY_RULES)}")
    empty = pd.DataFrame(columns=["concept", "variant", "modality", "n"])
    if rule == "any" or "modality" not in mentions.columns or mentions.empty:
        return mentions, empty
    asserted = mentions["modality"].astype(str).isin(["asserted", ""])
    if rule == "asserted":
        keep = asserted
    else:
        if "kind" in mentions.columns:
            kind = mentions["kind"].astype(str)
        elif lexicon is not None:
            kinds = {v.id: v.kind for v in lexicon.variants}
            kind = mentions["variant"].map(kinds).fillna("frame")
        else:
            kind = pd.Series("frame", index=mentions.index)
        keep = asserted | (kind != "frame")
    dropped = mentions[~keep]
    if dropped.empty:
        return mentions, empty
    left_out = (
        dropped.groupby(["concept", "variant", "modality"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["concept", "variant", "modality"], kind="mergesort")
        .reset_index(drop=True)
    )
    return mentions[keep], left_out


# ---------------------------------------------------------------- input checks


def _corpus_from_mentions(mentions: pd.DataFrame, by: str) -> pd.DataFrame:
    """Without a corpus: the documents are those with at least one mention, grouped by ``by``."""
    if by not in mentions.columns:
        raise ParameterError(f"by: no column {by!r} in the mentions; pass the corpus to group by its columns")
    docs = mentions[["doc_id", by]].astype({"doc_id": str}).drop_duplicates("doc_id")
    return docs.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def _check(corpus: pd.DataFrame, mentions: pd.DataFrame, by: str, need: Sequence[str]):
    if by not in corpus.columns:
        raise ParameterError(f"by: no column {by!r} in the corpus; known: {', '.join(map(str, corpus.columns))}")
    missing = [c for c in need if c not in mentions.columns]
    if missing:
        raise ParameterError(
            f"mentions: missing column(s) {', '.join(missing)}; pass the table from framing.match.match_corpus"
        )
    if "doc_id" not in corpus.columns:
        raise ParameterError("corpus: missing column doc_id")
    doc_ids = corpus["doc_id"].astype(str)
    unknown = sorted(set(mentions["doc_id"].astype(str)) - set(doc_ids))
    if unknown:
        raise ParameterError(
            f"mentions: {len(unknown)} doc_id(s) not in the corpus (e.g. {unknown[0]!r}); "
            "match the same (filtered) corpus you pass here"
        )
    bad_voice = sorted(set(mentions["voice"].astype(str)) - set(VOICES)) if "voice" in mentions.columns else []
    if bad_voice:
        raise ParameterError(f"mentions: unknown voice {bad_voice[0]!r}; expected one of {', '.join(VOICES)}")


def _voices(voices: str | Iterable[str]) -> list[str]:
    vs = [voices] if isinstance(voices, str) else list(voices)
    for v in vs:
        if v not in VOICES and v != "any":
            raise ParameterError(f"voices: {v!r} is not one of {', '.join(VOICES)} or 'any'")
    if not vs:
        raise ParameterError("voices: give at least one voice")
    return vs


def _doc_groups(corpus: pd.DataFrame, by: str) -> tuple[pd.Series, list[str]]:
    groups = corpus[by]
    if groups.isna().any():
        groups = groups.astype(object).where(groups.notna(), "(missing)")
    groups = groups.astype(str)
    groups.index = corpus["doc_id"].astype(str)
    return groups, sorted(groups.unique())


def _select_voice(mentions: pd.DataFrame, voice: str) -> pd.DataFrame:
    return mentions if voice == "any" else mentions[mentions["voice"].astype(str) == voice]


def _cells(
    mentions: pd.DataFrame,
    groups_of: pd.Series,
    groups: list[str],
    voices: list[str],
    seed: int,
    resample: str,
    min_docs: int,
):
    """The group × voice cells every statistic here resamples, in a fixed order.

    Yields ``(group, docs, doc_pos, scheme, rng, voice, mv)``: the group's doc_ids, their row
    positions, the bootstrap scheme for its size, its random generator (one per group, shared by
    its voices in this order, so results do not depend on other groups), and the group's mentions
    in that voice.
    """
    # each voice's mentions and their doc_ids as strings, selected once for all groups
    by_voice = {}
    for v in voices:
        mv = _select_voice(mentions, v)
        by_voice[v] = (mv, mv["doc_id"].astype(str))
    _scheme(resample, 0, min_docs)  # an unknown scheme fails before any work
    for g in groups:
        docs = groups_of.index[groups_of.to_numpy() == g]
        doc_pos = {d: i for i, d in enumerate(docs)}
        scheme = _scheme(resample, len(docs), min_docs)
        rng = _group_rng(seed, g)
        for v in voices:
            mv, ids = by_voice[v]
            yield g, docs, doc_pos, scheme, rng, v, mv[ids.isin(doc_pos)]


def _token_series(tokens, corpus: pd.DataFrame, mwes) -> pd.Series:
    if tokens is None:
        from .counts import doc_token_counts

        return doc_token_counts(corpus, mwes=mwes)
    if hasattr(tokens, "tokens_per_doc"):
        return tokens.tokens_per_doc
    if isinstance(tokens, pd.Series):
        s = tokens.copy()
        s.index = s.index.astype(str)
        return s
    raise ParameterError("tokens: pass a Series doc_id → tokens or a CountMatrix (framing.counts.count_matrix)")


def _items_frame(mentions: pd.DataFrame, lexicon, level: str) -> pd.DataFrame:
    cols = ["concept", "variant"] if level == "variant" else ["concept"]
    items = mentions[cols].astype(str).drop_duplicates()
    if lexicon is not None:
        vf = lexicon.variants_frame() if hasattr(lexicon, "variants_frame") else lexicon
        items = pd.concat([items, vf[cols].astype(str)]).drop_duplicates()
    return items.sort_values(cols, kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- the poles of the balance


def _poles(mentions: pd.DataFrame, lexicon, positive: str | None, negative: str | None) -> tuple[str, str]:
    """The balance's two stances: the arguments, else the lexicon's sides, else the default sides'."""
    from .lexicon import DEFAULT_SIDES, Sides

    if positive is not None and negative is not None:
        if positive == negative:
            raise ParameterError(f"positive and negative are both {positive!r}; name two different stances")
        return str(positive), str(negative)
    sides = getattr(lexicon, "sides", None)
    if isinstance(sides, Sides):
        if not sides.poles:
            raise ParameterError(
                f"stance_balance: lexicon {getattr(lexicon, 'name', '')!r} names no balance axis "
                "(fewer than two non-neutral sides); pass positive= and negative="
            )
        where = "the lexicon's sides"
    else:
        sides = DEFAULT_SIDES
        seen = set(mentions["stance"].dropna().astype(str)) if "stance" in mentions.columns else set()
        seen -= {"", "context"}
        if seen - set(sides.ids) and not seen & {positive or sides.positive, negative or sides.negative}:
            raise ParameterError(
                f"stance_balance: the mentions' stances ({', '.join(sorted(seen)[:4])}) are not the default sides "
                f"({', '.join(sides.ids)}); pass lexicon= (its sides name the poles) or positive= and negative="
            )
        where = "the default sides"
    pos = positive if positive is not None else sides.positive
    neg = negative if negative is not None else sides.negative
    if pos == neg:
        raise ParameterError(
            f"positive and negative are both {pos!r} (one given, the other from {where}); name two different stances"
        )
    return str(pos), str(neg)
