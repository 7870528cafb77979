"""Rates, variant shares and stance balance per group, with document-bootstrap intervals.

Tidy in, tidy out: the inputs are the corpus (one row per document) and the mentions table of
:func:`framing.match.match_corpus` (one row per lexicon hit, with its ``voice``); every output row is
one (group, concept[, variant], voice) with the estimate, its percentile interval, and the counts it
came from. Authorial, quoted and distanced mentions are always reported apart (``voice`` column),
never mixed, unless the pseudo-voice ``"any"`` is asked for explicitly.

Estimators (for a group g with documents d = 1..n)
    rate per 10,000 tokens      R = 10⁴ · Σ_d x_d / Σ_d t_d      x_d mentions, t_d tokens of doc d
    variant share in a concept  S = Σ_d x_dv / Σ_d m_dc          m_dc mentions of any variant of c
    stance balance              B = (P − N) / (P + N)            P, N mentions of the lexicon's two
                                  = 2·P/(P + N) − 1                balance sides (``sides.balance``)
Each is a ratio estimator over the group's documents (documents with no mention count in the
denominator of rates); a zero denominator gives NaN.

Bootstrap (percentile; Efron & Tibshirani 1993, ch. 13; Davison & Hinkley 1997, §3.8 for the
two-stage scheme). For each group separately, with ``rng = numpy.random.default_rng([seed,
crc32(group)])``:

1. draw ``n_boot`` resamples of the group's n documents with replacement (the document is the
   sampling unit); W[b, d] = how often document d is in resample b;
2. ``resample="two-stage"`` only: within each drawn document, replace its proportion x_d/t_d
   (mentions per token for rates, variant among the concept's mentions for shares) by a draw from
   its Jeffreys posterior Beta(x_d + ½, t_d − x_d + ½) (a within-document Bayesian bootstrap:
   variance ≈ p(1−p)/t, like resampling the document's tokens or mentions, but it does not
   collapse to a point when a document uses a single variant), i.e. x*_bd = W[b,d]·t_d·p*_bd;
3. recompute the ratio estimator on each resample: Σ_d x*_bd / Σ_d W[b,d]·t_d;
4. the interval is the (1 − confidence_level)/2 and (1 + confidence_level)/2 percentiles (numpy
   ``linear``) of the defined (non-NaN) resampled estimates; with ``two-stage`` it is widened, if
   needed, to contain the point estimate (so 0 of n gives a lower bound of 0 and n of n an upper
   bound at the maximum: the boundary modification of the Jeffreys interval, Brown, Cai & DasGupta
   2001, §4.1.2).

``resample="auto"`` (default) uses ``documents`` when at least ``min_docs`` (20) documents carry
the statistic and ``two-stage`` otherwise. The documents that carry a share or a balance are those
with a mention in its denominator (a mention of the concept; of either pole), not all the group's
documents: 2 mentions in 2 of an outlet's 300 documents are 2 observations, and resampling the 300
documents alone would give them a zero-width interval. A rate's denominator (tokens) is carried by
every document of the group, so rates choose by the group's documents (a within-document stage over
hundreds of mention-free documents would add half a pseudo-mention to each). Every table has a
``small_sample`` column: True when fewer than ``min_docs`` documents carry a mention behind the
estimate (``n_docs_with_concept``, ``n_docs_with_stance``, ``n_docs_with_mention``), an estimate
to read as an anecdote. With a handful of documents (or one) the
document bootstrap alone cannot see any variability and would give falsely narrow (zero-width)
intervals; the second stage adds the within-document uncertainty, which makes the interval honest
(wide) for small groups, at the price of being somewhat conservative when there are many documents
(the first stage already contains the within-document noise). The scheme used is in column
``resample``.

Every estimator here takes the interval's level as ``confidence_level`` (default 0.95, the name
``scipy.stats.bootstrap`` uses); ``level_ci``, its old name, still works with a ``FutureWarning``
until framing 0.3.0.

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "A"], "text": ["Kyiv Kyiv Kiev", "Kyiv"]})
>>> mentions = pd.DataFrame({"doc_id": ["1", "1", "1", "2"], "concept": ["capital"] * 4,
...     "variant": ["kyiv", "kyiv", "kiev", "kyiv"], "stance": ["ukraine_west"] * 2 + ["kremlin", "ukraine_west"],
...     "voice": ["authorial"] * 4})
>>> s = variant_shares(mentions, corpus, n_boot=200, seed=1)
>>> s[["outlet", "variant", "count", "concept_count", "share"]].values.tolist()
[['A', 'kiev', 1, 4, 0.25], ['A', 'kyiv', 3, 4, 0.75]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ._deprecation import renamed_keyword
from .bootstrap import RESAMPLE_SCHEMES, _contain, _percentiles, _scheme, bootstrap_ratio
from .errors import ParameterError
from .keyness import bh_adjust  # one BH implementation
from .selection import (
    DEFAULT_MODALITY_RULE,
    MODALITY_RULES,
    _cells,
    _check,
    _corpus_from_mentions,
    _doc_groups,
    _items_frame,
    _poles,
    _token_series,
    _voices,
    select_modality,
)
from .vocab import DEFAULT_SEED, VOICES

__all__ = [
    "rates",
    "variant_shares",
    "stance_balance",
    "bootstrap_ratio",
    "bh_adjust",
    "VOICES",
    "RESAMPLE_SCHEMES",
    "select_modality",
    "MODALITY_RULES",
]

PER = 10_000


# ---------------------------------------------------------------- rates


@renamed_keyword("level_ci", "confidence_level")
def rates(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    by: str = "outlet",
    level: str = "variant",
    voices: str | Iterable[str] = VOICES,
    tokens=None,
    mwes: Sequence[str] | None = None,
    lexicon=None,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
    resample: str = "auto",
    min_docs: int = 20,
    modality: str = DEFAULT_MODALITY_RULE,
) -> pd.DataFrame:
    """Mentions per 10,000 tokens per group, for each concept or variant and voice, with intervals.

    R = 10⁴ · Σ_d x_d / Σ_d t_d over the group's documents (all of them, with or without mentions);
    intervals from the document bootstrap described in the module docstring.

    Parameters
    ----------
    mentions : table from ``framing.match.match_corpus`` (doc_id, concept, variant, voice, ...)
    corpus : the corpus the mentions were matched in (doc_id, text and the ``by`` column)
    by : grouping column of the corpus (``outlet``, ``stance_group``, a period column, ...)
    level : ``variant`` (one row per concept × variant) or ``concept`` (all variants pooled)
    voices : voices reported (each apart); ``"any"`` pools all voices
    modality : which mentions count: ``frames-asserted`` (default), ``asserted`` or ``any`` (see
        :func:`select_modality`; every estimator here takes it)
    tokens : tokens per document (Series doc_id → n) or a ``CountMatrix``; default: tokenize the
        corpus with ``mwes`` (use the lexicon's MWEs, as counts do, for consistent denominators)
    lexicon : a Lexicon (or its ``variants_frame()``) so that variants never seen get rows with 0
    n_boot, seed, confidence_level, resample, min_docs : bootstrap settings (module docstring)

    Returns
    -------
    DataFrame: ``<by>, concept, [variant,] voice, count, tokens, n_docs, n_docs_with_mention, rate,
    ci_low, ci_high, n_boot, resample, small_sample``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1", "2"], "outlet": ["A", "A"], "text": ["Kyiv is far", "so so"]})
    >>> m = pd.DataFrame({"doc_id": ["1"], "concept": ["capital"], "variant": ["kyiv"], "voice": ["authorial"]})
    >>> rates(m, corpus, voices="authorial", n_boot=50)[["count", "tokens", "rate"]].values.tolist()
    [[1.0, 5.0, 2000.0]]
    """
    if level not in ("variant", "concept"):
        raise ParameterError(f"level: {level!r} is not 'variant' or 'concept'")
    if not 0 < confidence_level < 1:
        raise ParameterError(f"confidence_level: must be between 0 and 1, got {confidence_level}")
    mentions = select_modality(mentions, modality, lexicon)[0]  # a frame term counts only when asserted
    _check(corpus, mentions, by, ["doc_id", "concept", "variant", "voice"])
    vs = _voices(voices)
    groups_of, groups = _doc_groups(corpus, by)
    tok = _token_series(tokens, corpus, mwes)
    missing = sorted(set(groups_of.index) - set(tok.index))
    if missing:
        raise ParameterError(f"tokens: no token count for doc_id {missing[0]!r}")
    tok = tok.reindex(groups_of.index).astype(float)
    item_cols = ["concept", "variant"] if level == "variant" else ["concept"]
    items = _items_frame(mentions, lexicon, level)
    item_keys = list(items.itertuples(index=False, name=None))
    item_index = {k: j for j, k in enumerate(item_keys)}
    rows = []
    for g, docs, doc_pos, scheme, rng, v, mv in _cells(mentions, groups_of, groups, vs, seed, resample, min_docs):
        t = tok.loc[docs].to_numpy()
        x = np.zeros((len(docs), len(item_keys)))
        if len(mv):
            keys = list(mv[item_cols].astype(str).itertuples(index=False, name=None))
            np.add.at(
                x,
                (np.array([doc_pos[d] for d in mv["doc_id"].astype(str)]), np.array([item_index[k] for k in keys])),
                1,
            )
        reps = bootstrap_ratio(x, t, n_boot=n_boot, rng=rng, two_stage=(scheme == "two-stage")) * PER
        lo, hi = _percentiles(reps, confidence_level)
        total_t = t.sum()
        counts = x.sum(axis=0)
        est = PER * counts / total_t if total_t > 0 else np.full(len(item_keys), np.nan)
        lo, hi = _contain(lo, hi, est, scheme)
        carrying = (x > 0).sum(axis=0)
        for j, key in enumerate(item_keys):
            row = {
                by: g,
                **dict(zip(item_cols, key)),
                "voice": v,
                "count": int(counts[j]),
                "tokens": int(total_t),
                "n_docs": len(docs),
                "n_docs_with_mention": int(carrying[j]),
                "rate": est[j],
                "ci_low": lo[j],
                "ci_high": hi[j],
                "n_boot": n_boot,
                "resample": scheme,
                "small_sample": bool(carrying[j] < min_docs),
            }
            rows.append(row)
    out = pd.DataFrame(
        rows,
        columns=[
            by,
            *item_cols,
            "voice",
            "count",
            "tokens",
            "n_docs",
            "n_docs_with_mention",
            "rate",
            "ci_low",
            "ci_high",
            "n_boot",
            "resample",
            "small_sample",
        ],
    )
    return out


# ---------------------------------------------------------------- variant shares


@renamed_keyword("level_ci", "confidence_level")
def variant_shares(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame | None = None,
    by: str = "outlet",
    voices: str | Iterable[str] = "authorial",
    lexicon=None,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
    resample: str = "auto",
    min_docs: int = 20,
    modality: str = DEFAULT_MODALITY_RULE,
) -> pd.DataFrame:
    """Share of each variant among its concept's mentions, per group and voice, with intervals.

    S_v = Σ_d x_dv / Σ_d m_dc (e.g. share of "Kyiv" among Kyiv + Kiev), authorial mentions by
    default; NaN where the group has no mention of the concept. Intervals: module docstring (the
    within-document stage resamples the document's mentions of the concept).

    ``corpus`` gives the groups' documents (those without mentions are resampled too); when it is
    ``None`` the documents are those in ``mentions`` and ``by`` must be a column of ``mentions``.

    ``stance`` is the variant's stance in the mentions (several joined by ``|`` when it depends on
    the date), else the lexicon's.

    Returns
    -------
    DataFrame: ``<by>, concept, variant, stance, voice, count, concept_count, n_docs,
    n_docs_with_concept, share, ci_low, ci_high, n_boot, resample, small_sample`` (the scheme
    follows ``n_docs_with_concept``).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": ["x"]})
    >>> m = pd.DataFrame({"doc_id": ["1", "1"], "concept": ["c", "c"], "variant": ["a", "b"],
    ...                   "stance": ["kremlin", "ukraine_west"], "voice": ["authorial", "quoted"]})
    >>> variant_shares(m, corpus, n_boot=20)["share"].tolist()
    [1.0, 0.0]
    """
    if not 0 < confidence_level < 1:
        raise ParameterError(f"confidence_level: must be between 0 and 1, got {confidence_level}")
    mentions = select_modality(mentions, modality, lexicon)[0]  # a frame term counts only when asserted
    if corpus is None:
        corpus = _corpus_from_mentions(mentions, by)
    _check(corpus, mentions, by, ["doc_id", "concept", "variant", "voice"])
    vs = _voices(voices)
    groups_of, groups = _doc_groups(corpus, by)
    items = _items_frame(mentions, lexicon, "variant")
    # a date-dependent variant (Kiev before/after 2019) can carry several stances: list them all
    stances: dict[tuple[str, str], set[str]] = {}
    if "stance" in mentions.columns:
        for c, v, s in mentions[["concept", "variant", "stance"]].astype(str).drop_duplicates().itertuples(index=False):
            stances.setdefault((c, v), set()).add(s)
    if lexicon is not None:
        vf = lexicon.variants_frame() if hasattr(lexicon, "variants_frame") else lexicon
        if "stance" in vf.columns:
            for c, v, s in vf[["concept", "variant", "stance"]].astype(str).itertuples(index=False):
                stances.setdefault((c, v), {s})
    stance_of = {k: "|".join(sorted(v)) for k, v in stances.items()}
    keys = list(items.itertuples(index=False, name=None))
    concepts = sorted({c for c, _ in keys})
    rows = []
    for g, docs, doc_pos, scheme, rng, v, mv in _cells(mentions, groups_of, groups, vs, seed, resample, min_docs):
        for c in concepts:
            variants = [vv for cc, vv in keys if cc == c]
            mc = mv[mv["concept"].astype(str) == c]
            x = np.zeros((len(docs), len(variants)))
            if len(mc):
                vi = {vv: j for j, vv in enumerate(variants)}
                np.add.at(
                    x,
                    (
                        np.array([doc_pos[d] for d in mc["doc_id"].astype(str)]),
                        np.array([vi[vv] for vv in mc["variant"].astype(str)]),
                    ),
                    1,
                )
            m = x.sum(axis=1)
            carrying = int((m > 0).sum())  # a share rests on the documents that mention the concept
            scheme = _scheme(resample, carrying, min_docs)
            reps = bootstrap_ratio(x, m, n_boot=n_boot, rng=rng, two_stage=(scheme == "two-stage"))
            lo, hi = _percentiles(reps, confidence_level)
            total = m.sum()
            est = x.sum(axis=0) / total if total > 0 else np.full(len(variants), np.nan)
            lo, hi = _contain(lo, hi, est, scheme)
            for j, vv in enumerate(variants):
                rows.append(
                    {
                        by: g,
                        "concept": c,
                        "variant": vv,
                        "stance": stance_of.get((c, vv), ""),
                        "voice": v,
                        "count": int(x[:, j].sum()),
                        "concept_count": int(total),
                        "n_docs": len(docs),
                        "n_docs_with_concept": carrying,
                        "share": est[j],
                        "ci_low": lo[j],
                        "ci_high": hi[j],
                        "n_boot": n_boot,
                        "resample": scheme,
                        "small_sample": carrying < min_docs,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            by,
            "concept",
            "variant",
            "stance",
            "voice",
            "count",
            "concept_count",
            "n_docs",
            "n_docs_with_concept",
            "share",
            "ci_low",
            "ci_high",
            "n_boot",
            "resample",
            "small_sample",
        ],
    )


# ---------------------------------------------------------------- stance balance


@renamed_keyword("level_ci", "confidence_level")
def stance_balance(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame | None = None,
    by: str = "outlet",
    voices: str | Iterable[str] = "authorial",
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    confidence_level: float = 0.95,
    resample: str = "auto",
    min_docs: int = 20,
    positive: str | None = None,
    negative: str | None = None,
    modality: str = DEFAULT_MODALITY_RULE,
    lexicon=None,
) -> pd.DataFrame:
    """Stance balance B = (P − N)/(P + N) per group and voice, with intervals.

    P = mentions with stance ``positive``, N = with stance ``negative``; other stances (neutral
    and any other side) are left out. B = +1: only the positive side's vocabulary, −1: only the
    negative side's. The poles are ``positive``/``negative`` when given, else the ``balance`` of
    ``lexicon``'s sides (:class:`framing.lexicon.Sides`), else the default sides' (those of a
    lexicon without a ``sides`` block). By default over authorial mentions (the outlet's own
    choice of words); ``voices=VOICES`` adds one row per voice, quoted and distanced reported
    apart. Intervals: the bootstrap of the share P/(P+N) (module docstring) mapped through
    B = 2·share − 1. ``corpus=None``: as in :func:`variant_shares`, the documents are those in
    ``mentions``.

    Returns
    -------
    DataFrame: ``<by>, voice, <positive>, <negative>, n_docs, n_docs_with_stance, balance, ci_low,
    ci_high, n_boot, resample, small_sample`` (the scheme follows ``n_docs_with_stance``; the two count columns are named after the poles' ids; the poles
    are also in ``attrs["positive"]``, ``attrs["negative"]``).

    Raises
    ------
    ParameterError
        Without poles: a lexicon with fewer than two non-neutral sides and no ``positive``/
        ``negative``, or mentions whose stances are not the default sides' and no lexicon.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": ["x"]})
    >>> m = pd.DataFrame({"doc_id": ["1"] * 4, "stance": ["pro", "pro", "pro", "contra"],
    ...                   "voice": ["authorial"] * 4})
    >>> b = stance_balance(m, corpus, voices="authorial", n_boot=20, positive="pro", negative="contra")
    >>> b[["pro", "contra"]].values.tolist(), b["balance"].tolist()
    ([[3, 1]], [0.5])
    """
    if not 0 < confidence_level < 1:
        raise ParameterError(f"confidence_level: must be between 0 and 1, got {confidence_level}")
    positive, negative = _poles(mentions, lexicon, positive, negative)
    mentions = select_modality(mentions, modality, lexicon)[0]  # a frame term counts only when asserted
    if corpus is None:
        corpus = _corpus_from_mentions(mentions, by)
    _check(corpus, mentions, by, ["doc_id", "stance", "voice"])
    vs = _voices(voices)
    groups_of, groups = _doc_groups(corpus, by)
    rows = []
    for g, docs, doc_pos, scheme, rng, v, mv in _cells(mentions, groups_of, groups, vs, seed, resample, min_docs):
        pos = np.zeros(len(docs))
        neg = np.zeros(len(docs))
        st = mv["stance"].astype(str).to_numpy()
        di = np.array([doc_pos[d] for d in mv["doc_id"].astype(str)], dtype=int)
        np.add.at(pos, di[st == positive], 1)
        np.add.at(neg, di[st == negative], 1)
        both = pos + neg
        carrying = int((both > 0).sum())  # the balance rests on the documents that mention either pole
        scheme = _scheme(resample, carrying, min_docs)
        reps = bootstrap_ratio(pos, both, n_boot=n_boot, rng=rng, two_stage=(scheme == "two-stage"))
        lo, hi = _percentiles(2 * reps - 1, confidence_level)
        K, U = pos.sum(), neg.sum()
        est = np.array([(K - U) / (K + U) if K + U > 0 else np.nan])
        lo, hi = _contain(lo, hi, est, scheme)
        rows.append(
            {
                by: g,
                "voice": v,
                positive: int(K),
                negative: int(U),
                "n_docs": len(docs),
                "n_docs_with_stance": carrying,
                "balance": est[0],
                "ci_low": lo[0],
                "ci_high": hi[0],
                "n_boot": n_boot,
                "resample": scheme,
                "small_sample": carrying < min_docs,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            by,
            "voice",
            positive,
            negative,
            "n_docs",
            "n_docs_with_stance",
            "balance",
            "ci_low",
            "ci_high",
            "n_boot",
            "resample",
            "small_sample",
        ],
    )
    out.attrs["positive"], out.attrs["negative"] = positive, negative
    return out
