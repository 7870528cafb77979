"""Statistics over time: mention rates per period and group with document-bootstrap intervals
(:func:`period_rates`), the table notebook 04 draws with :func:`framing.plots.rates_over_time`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ._deprecation import renamed_keyword
from .counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from .errors import ParameterError
from .vocab import DEFAULT_SEED, VOICES

_FREQS = {"W": "W", "M": "M", "MS": "M", "Q": "Q", "QS": "Q", "Y": "Y", "A": "Y", "YS": "Y", "D": "D"}
_SEP = "\x1f"  # joins outlet and period into one bootstrap group


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ParameterError(
            f"{what}: missing column(s) {', '.join(missing)}; pass the output of framing.match.match_corpus"
        )


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    key = _FREQS.get(str(freq).upper())
    if key is None:
        raise ParameterError(f"freq: unknown frequency {freq!r}; use D, W, M, Q or Y")
    return dates.dt.to_period(key).dt.start_time


@renamed_keyword("ci", "confidence_level")
def period_rates(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    freq: str = "M",
    by: str = "concept",
    group_col: str = "outlet",
    n_boot: int = 1000,
    confidence_level: float = 0.95,
    seed: int = DEFAULT_SEED,
    voices: Sequence[str] | None = None,
    resample: str = "auto",
    tokens: pd.Series | None = None,
    mwes: Sequence[str] | None = None,
    lexicon=None,
    modality: str = "frames-asserted",
) -> pd.DataFrame:
    """Mention rate per 10,000 tokens per period × group × ``by``, with a bootstrap interval.

    For the documents ``D`` of one period and group, with ``m_d`` the mentions (of the concept,
    stance or variant) in document ``d`` and ``t_d`` its tokens::

        rate = 10,000 × Σ_d m_d / Σ_d t_d

    Every document of the period and group counts in the denominator, with or without mentions.
    The interval is :func:`framing.stats.rates`' percentile bootstrap over *documents* (Efron &
    Tibshirani 1993, ch. 13), each period × group resampled on its own; with ``resample="auto"``
    groups of fewer than 20 documents add a within-document stage (Jeffreys posterior per
    document) so that one or two documents give an honest, wide interval instead of a point (see
    :mod:`framing.stats`; column ``resample`` says which scheme ran). Documents without a date are
    left out (their number is in ``DataFrame.attrs["undated_docs"]``).

    Parameters
    ----------
    corpus : DataFrame with doc_id, date, text and ``group_col``.
    mentions : DataFrame from ``match_corpus`` (doc_id, concept, variant, stance, voice).
    freq : ``D``, ``W``, ``M`` (default), ``Q`` or ``Y``; periods are labelled by their first day.
    by : ``concept`` (all variants pooled), ``stance`` or ``variant`` (``concept:variant``).
    group_col : corpus column for the groups (default ``outlet``).
    n_boot, confidence_level, seed, resample : bootstrap replicates, interval level (``ci``, its old
        name, is deprecated), seed, scheme (``auto``, ``documents``, ``two-stage``).
    voices : count only these voices, pooled (e.g. ``["authorial"]``); default all voices.
    tokens : tokens per document (Series doc_id → n, or a ``CountMatrix``); default: the corpus
        tokenized by :func:`framing.counts.doc_token_counts` with ``mwes``, or with the lexicon's
        multi-word expressions when ``lexicon`` is given (as ``count_matrix(corpus, lexicon=...)``
        counts, so that rates here and in :func:`framing.stats.rates` share their denominators).
    mwes, lexicon : the multi-word expressions kept as one token (``mwes`` wins); the lexicon also
        gives the kind of a variant for the modality rule.
    modality : which mentions count, as in :func:`framing.stats.select_modality` (default
        ``frames-asserted``; ``any`` for mentions already selected).

    Returns
    -------
    DataFrame ``period, <group_col>, <by>, docs, tokens, mentions, rate, ci_low, ci_high, resample,
    method``, one row for every period × group with documents and every ``by`` value (zeros kept).

    Examples
    --------
    >>> rates = period_rates(corpus, mentions, freq="M", n_boot=200)  # doctest: +SKIP
    """
    from . import stats

    _require(corpus, ("doc_id", "date", "text", group_col), "corpus")
    _require(mentions, ("doc_id", "concept", "variant", "stance", "voice"), "mentions")
    if by not in ("concept", "stance", "variant"):
        raise ParameterError(f"by: {by!r} is not concept, stance or variant")
    if n_boot < 1:
        raise ParameterError("n_boot: must be at least 1")
    if not 0 < confidence_level < 1:
        raise ParameterError("confidence_level: must be between 0 and 1, e.g. 0.95")
    m = mentions
    if voices:
        bad = sorted(set(voices) - set(VOICES))
        if bad:
            raise ParameterError(f"voices: {bad[0]!r} is not one of {', '.join(VOICES)}")
        m = m[m["voice"].isin(list(voices))]
    m, _ = stats.select_modality(m, modality, lexicon=lexicon)  # before concept is relabelled below
    m = m.assign(doc_id=m["doc_id"].astype(str))
    if by == "stance":
        m = m.assign(concept=m["stance"].astype(str))
    elif by == "variant":
        m = m.assign(concept=m["concept"].astype(str) + ":" + m["variant"].astype(str))
    docs = corpus[["doc_id", "date", "text", group_col]].copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    undated = int(docs["date"].isna().sum())
    docs = docs[docs["date"].notna()].reset_index(drop=True)
    cols = ["period", group_col, by, "docs", "tokens", "mentions", "rate", "ci_low", "ci_high", "resample", "method"]
    if docs.empty or m.empty:
        out = pd.DataFrame({c: [] for c in cols})
        out.attrs["undated_docs"] = undated
        return out
    docs["period"] = _periods(docs["date"], freq)
    docs["_group"] = docs[group_col].astype(str) + _SEP + docs["period"].dt.strftime("%Y-%m-%d")
    words = mwes if mwes is not None else (resolve_mwes(lexicon=lexicon) if lexicon is not None else None)
    m = m[m["doc_id"].isin(set(docs["doc_id"]))]
    # stats.rates takes the tokens as given (Series or CountMatrix) or counts them with ``words``
    r = stats.rates(
        m,
        docs,
        by="_group",
        level="concept",
        voices="any",
        tokens=tokens,
        mwes=words,
        n_boot=n_boot,
        seed=seed,
        confidence_level=confidence_level,
        resample=resample,
        modality="any",
    )
    split = r["_group"].str.split(_SEP, n=1, expand=True)
    out = pd.DataFrame(
        {
            "period": pd.to_datetime(split[1]),
            group_col: split[0],
            by: r["concept"].astype(str),
            "docs": r["n_docs"].astype("int64"),
            "tokens": r["tokens"].astype("int64"),
            "mentions": r["count"].astype("int64"),
            "rate": r["rate"].astype(float),
            "ci_low": r["ci_low"].astype(float),
            "ci_high": r["ci_high"].astype(float),
            "resample": r["resample"].astype(str),
        }
    )
    out["method"] = (
        f"framing.stats.rates: percentile bootstrap over documents, n_boot={n_boot}, confidence_level={confidence_level}"
    )
    out = out.sort_values(["period", group_col, by], kind="mergesort").reset_index(drop=True)
    out.attrs["undated_docs"] = undated
    out.attrs["freq"] = _FREQS[str(freq).upper()]
    return out
