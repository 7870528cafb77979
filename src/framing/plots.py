"""Summaries and figures the notebooks call: variant use per outlet, monthly rates, the outlet map.

Each figure has two halves: a function that turns mentions (one row per lexicon hit, see
:data:`framing.match.MENTION_COLUMNS`) into a tidy table, and a function that draws that table in
the paper style of :mod:`framing.style`. The tables are what ``run.save_table`` writes, so every
number a figure shows is also in a CSV.

Tables
------
- :func:`variant_use_table` -- counts and within-concept shares per outlet × concept × variant × voice.
- :func:`period_rates` -- mention rates per 10,000 tokens per period and
  outlet, with percentile bootstrap intervals that resample documents.
- :func:`variant_share_matrix`, :func:`outlet_coordinates` -- the outlet map.

Figures
-------
- :func:`variant_use_by_outlet`, :func:`variant_shares_by_outlet`, :func:`stance_balance_by_outlet`,
  :func:`rates_over_time`, :func:`outlet_map`, :func:`outlet_dendrogram`,
  :func:`variants_across_languages` (a concept's English, Russian and Ukrainian names side by side).

Stances are drawn as the lexicon's sides say (:class:`framing.lexicon.Sides`: colours, labels,
legend order, the balance axis): pass ``sides=lexicon`` (or ``lexicon.sides``). Without it, the
default sides are used when the stances are theirs, else each stance gets a colour of its own
(:func:`framing.lexicon.sides_of`).

All orderings are sorted explicitly, so the same input draws the same figure (and the same bytes).
"""

from __future__ import annotations


from typing import Iterable, Sequence

import matplotlib
import matplotlib.dates
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from .counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from .errors import ParameterError
from .lexicon import Sides, sides_of
from .style import DOUBLE_COLUMN, OKABE_ITO, RC, SINGLE_COLUMN

VOICES = ("authorial", "quoted", "distanced")
#: Voices in dot charts on a balance axis: black, bluish green and reddish purple, none of them a
#: pole's default colour (vermillion, blue); authorial filled, the others hollow.
_VOICE_COLOURS = {"authorial": "#000000", "quoted": OKABE_ITO[2], "distanced": OKABE_ITO[6]}
_VOICE_MARKERS = {"authorial": "o", "quoted": "s", "distanced": "^"}
#: Colour of a variant whose stance depends on the date (several stances in one table row).
SEVERAL_STANCES_COLOUR = "#000000"

_MENTION_NEEDS = ("outlet", "concept", "variant", "stance", "voice")


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ParameterError(
            f"{what}: missing column(s) {', '.join(missing)}; pass the output of framing.match.match_corpus"
        )


def _sides(sides, stances: Iterable[str] = ()) -> Sides:
    """The sides to draw with (see the module docstring)."""
    return sides_of(sides, [p for st in stances for p in str(st).split("|")])


# --------------------------------------------------------------------------------------------
# 01: which variant of each concept an outlet uses, in whose voice
# --------------------------------------------------------------------------------------------

def variant_use_table(mentions: pd.DataFrame, outlets: Sequence[str] | None = None, sides=None) -> pd.DataFrame:
    """Count mentions per outlet × concept × variant × voice, with within-concept shares.

    ``share`` is the variant's share among the outlet's mentions of the same concept *in the same
    voice*::

        share(o, c, v, voice) = n(o, c, v, voice) / sum_v' n(o, c, v', voice)

    so authorial usage (the outlet's own words) is never mixed with quoted or distanced usage.
    ``share_all_voices`` is the same share with the voices pooled.

    Parameters
    ----------
    mentions : DataFrame
        Output of :func:`framing.match.match_corpus` (needs outlet, concept, variant, stance, voice).
    outlets : sequence of str, optional
        Outlets to keep, in this order; default: every outlet in ``mentions``, sorted.
    sides : Lexicon or Sides, optional
        Orders the stances within a concept (:attr:`framing.lexicon.Sides.order`).

    Returns
    -------
    DataFrame with columns ``outlet, concept, variant, stance, voice, n, share, n_all_voices,
    share_all_voices``, sorted by outlet, concept, stance (in the sides' order), variant, voice.

    Examples
    --------
    >>> m = pd.DataFrame({"outlet": ["A", "A", "A"], "concept": ["capital"] * 3,
    ...                   "variant": ["kyiv", "kiev", "kyiv"], "stance": ["ukraine_west", "kremlin", "ukraine_west"],
    ...                   "voice": ["authorial", "authorial", "quoted"]})
    >>> variant_use_table(m)[["variant", "voice", "n", "share"]].values.tolist()
    [['kiev', 'authorial', 1, 0.5], ['kyiv', 'authorial', 1, 0.5], ['kyiv', 'quoted', 1, 1.0]]
    """
    _require(mentions, _MENTION_NEEDS, "mentions")
    cols = ["outlet", "concept", "variant", "stance", "voice", "n", "share", "n_all_voices", "share_all_voices"]
    m = mentions[list(_MENTION_NEEDS)].astype(str)
    if outlets:
        m = m[m["outlet"].isin(list(outlets))]
    if m.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n") else "float64" if "share" in c else "str")
                             for c in cols})
    g = m.groupby(["outlet", "concept", "variant", "stance", "voice"], sort=True).size().rename("n").reset_index()
    g["share"] = g["n"] / g.groupby(["outlet", "concept", "voice"])["n"].transform("sum")
    allv = g.groupby(["outlet", "concept", "variant"])["n"].transform("sum")
    g["n_all_voices"] = allv
    concept_all = g.groupby(["outlet", "concept"])["n"].transform("sum")
    g["share_all_voices"] = allv / concept_all
    g["_srank"] = g["stance"].map(_sides(sides, g["stance"]).rank)
    g["_vrank"] = g["voice"].map(lambda v: VOICES.index(v) if v in VOICES else len(VOICES))
    g = g.sort_values(["outlet", "concept", "_srank", "stance", "variant", "_vrank", "voice"], kind="mergesort")
    return g[cols].reset_index(drop=True).astype({"n": "int64", "n_all_voices": "int64"})


def _variant_colors(table: pd.DataFrame, sides: Sides) -> dict[tuple[str, str, str], str]:
    """One colour per (concept, variant, stance): the stance's colour, lightened for the 2nd, 3rd...
    variant of that stance (a date-dependent variant has one colour per stance it takes)."""
    out: dict[tuple[str, str, str], str] = {}
    pairs = table[["concept", "variant", "stance"]].drop_duplicates()
    for (concept, stance), grp in pairs.groupby(["concept", "stance"], sort=True):
        base = np.array(mcolors.to_rgb(sides.colour(stance)))
        names = sorted(grp["variant"])
        for k, variant in enumerate(names):
            mix = 0.7 * k / (len(names) - 1) if len(names) > 1 else 0.0  # same hue, evenly lighter
            out[(concept, variant, stance)] = mcolors.to_hex(base + (1 - base) * mix)
    return out


def _variant_label(variant: str, lexicon) -> str:
    """A variant's label from the lexicon (``lexicon`` a Lexicon), else its id."""
    try:
        return lexicon.variant(variant).label
    except (AttributeError, KeyError):
        return str(variant)


def variant_use_by_outlet(
    mentions_or_table: pd.DataFrame,
    outlets: Sequence[str] | None = None,
    concepts: Sequence[str] | None = None,
    voices: Sequence[str] = VOICES,
    width: float = DOUBLE_COLUMN,
    normalize: bool = True,
    sides=None,
) -> Figure:
    """Stacked bars: for each concept (a block of rows) and voice (a column), each outlet's variants.

    Authorial mentions (the outlet's own narration) sit in the first column, apart from quoted and
    distanced ones ("so-called ..."), because only authorial usage is the outlet's own choice.
    Colours follow the variant's stance (the colour of its side, ``sides``); several variants of
    one stance get lighter shades of the same colour, listed in the legend beside each block as
    "variant (side label)", in the sides' order (the variant's label when ``sides`` is the
    lexicon, else its id). A variant whose stance depends on the date has one segment per stance.
    Bars show within-concept shares (``normalize=True``, each bar sums to 1) or counts
    (``normalize=False``); the number of mentions is written at the end of each bar.

    Parameters
    ----------
    mentions_or_table : DataFrame
        Mentions (from ``match_corpus``) or the output of :func:`variant_use_table`.
    outlets, concepts : sequence of str, optional
        Restrict and order the outlets (bars) and concepts (blocks); default: all, sorted.
    voices : sequence of str
        Voice columns to draw, default authorial, quoted, distanced.
    width : float
        Figure width in inches (default double column, 7.2 in).
    normalize : bool
        Draw shares (default) instead of counts.
    sides : Lexicon or Sides, optional
        The lexicon (or its sides) the mentions were matched with: colours, labels, order.

    Returns
    -------
    matplotlib Figure (not shown; the caller saves or displays it).

    Examples
    --------
    >>> fig = variant_use_by_outlet(mentions, sides=lexicon)  # doctest: +SKIP
    >>> run.save_figure(fig, "01_variant_use")  # doctest: +SKIP
    """
    from matplotlib.transforms import blended_transform_factory

    table = mentions_or_table
    if "share" not in table.columns:
        table = variant_use_table(table, sides=sides)
    _require(table, ("outlet", "concept", "variant", "stance", "voice", "n"), "variant table")
    lexicon = sides
    sides = _sides(sides, table["stance"])
    outlet_list = list(outlets) if outlets else sorted(table["outlet"].unique())
    concept_list = list(concepts) if concepts else sorted(table["concept"].unique())
    table = table[table["outlet"].isin(outlet_list) & table["concept"].isin(concept_list)]
    voices = list(voices)
    colors = _variant_colors(table, sides)

    # Layout in "rows": one per outlet per concept block, blocks tall enough for their legend.
    blocks = []
    offset = 0.0
    for concept in concept_list:
        ct = table[table["concept"] == concept]
        variants = (ct[["variant", "stance"]].drop_duplicates()
                    .assign(_s=lambda d: d["stance"].map(sides.rank))
                    .sort_values(["_s", "stance", "variant"])[["variant", "stance"]].values.tolist())
        size = max(len(outlet_list), 0.8 * len(variants) + 0.3)
        blocks.append((concept, ct, variants, offset + 1.0))  # 1 row for the block's heading
        offset += 1.0 + size + 0.6
    total_rows = max(offset, 2.0)

    with matplotlib.rc_context(RC):
        row_in = 0.15
        fig = Figure(figsize=(width, min(60.0, 0.55 + total_rows * row_in)))
        if table.empty:
            ax = fig.add_subplot(1, 1, 1)
            ax.text(0.5, 0.5, "no lexicon mentions in the selected documents", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        axes = fig.subplots(1, len(voices), squeeze=False, sharey=True)[0]
        xmax = 1.0 if normalize else float(max(1, table.groupby(["outlet", "concept", "voice"])["n"].sum().max()))
        ticks, labels = [], []
        for concept, ct, variants, top in blocks:
            y = top + np.arange(len(outlet_list))
            ticks.extend(y.tolist())
            labels.extend(outlet_list)
            for c, voice in enumerate(voices):
                ax = axes[c]
                vt = ct[ct["voice"] == voice]
                totals = vt.groupby("outlet")["n"].sum().reindex(outlet_list, fill_value=0).to_numpy()
                left = np.zeros(len(outlet_list))
                for variant, stance in variants:  # a date-dependent variant: one segment per stance
                    vals = (vt[(vt["variant"] == variant) & (vt["stance"] == stance)].groupby("outlet")["n"].sum()
                            .reindex(outlet_list, fill_value=0).to_numpy().astype(float))
                    if normalize:
                        vals = np.divide(vals, totals, out=np.zeros_like(vals), where=totals > 0)
                    if vals.any():
                        ax.barh(y, vals, left=left, height=0.75, color=colors[(concept, variant, stance)],
                                edgecolor="white", linewidth=0.3)
                    left += vals
                for yi, tot, end in zip(y, totals, left):
                    if tot:
                        ax.text(end + xmax * 0.02, yi, f"{int(tot)}", va="center", fontsize=5, color="#333333")
            trans = blended_transform_factory(axes[0].transAxes, axes[0].transData)
            axes[0].text(-0.01, top - 0.9, concept, transform=trans, ha="right", va="center", fontsize=7,
                         fontweight="bold")
            handles = [Patch(facecolor=colors[(concept, v, s)], label=f"{_variant_label(v, lexicon)} ({sides.label(s)})")
                       for v, s in variants]
            legend = Legend(
                axes[-1], handles, [h.get_label() for h in handles], loc="upper left", frameon=False,
                fontsize=5, handlelength=1.0, handleheight=0.8, labelspacing=0.25, borderaxespad=0, borderpad=0,
                bbox_to_anchor=(1.03, top - 0.5),
                bbox_transform=blended_transform_factory(axes[-1].transAxes, axes[-1].transData))
            axes[-1].add_artist(legend)
            legend.set_clip_on(False)  # add_artist clips to the axes; the legend sits outside them
        for c, (ax, voice) in enumerate(zip(axes, voices)):
            ax.set_xlim(0, xmax * 1.18)
            ax.set_ylim(total_rows, -0.2)
            ax.set_title(voice, fontsize=8)
            if c == len(voices) // 2:
                ax.set_xlabel("share of the outlet's mentions of the concept" if normalize else "mentions")
            ax.tick_params(axis="y", length=0, labelsize=5.5)
            ax.spines["left"].set_visible(False)
            if c:
                ax.tick_params(labelleft=False)
            for _, _, _, top in blocks:
                ax.axhline(top - 1.35, color="#DDDDDD", linewidth=0.5, zorder=0)
        axes[0].set_yticks(ticks, labels=labels)
        fig.subplots_adjust(wspace=0.06, left=0.22, right=0.74, top=1 - 0.3 / fig.get_size_inches()[1],
                            bottom=0.35 / fig.get_size_inches()[1])
    return fig


# --------------------------------------------------------------------------------------------
# 02: variant shares and stance balance per outlet, with their intervals
# --------------------------------------------------------------------------------------------

def variant_shares_by_outlet(shares: pd.DataFrame, by: str = "outlet", concepts: Sequence[str] | None = None,
                             sides=None, width: float = DOUBLE_COLUMN) -> Figure:
    """Dots and intervals: each variant's share of its concept's mentions, per outlet (one panel per concept).

    ``shares`` is :func:`framing.stats.variant_shares` output (one voice, e.g. authorial). Each
    variant is drawn in its side's colour (``sides``: the lexicon or its sides; a variant whose
    stance depends on the date, several stances joined by ``|``, in black), variants in the sides'
    order, the legend naming "variant (side label)" (the variant's label when ``sides`` is the
    lexicon, else its id). The number in brackets after an outlet is its mentions of the concept,
    what the shares rest on; an outlet without any has no dot. Each panel is tall enough for its
    variants' dots to stand apart.

    Parameters
    ----------
    shares : output of :func:`framing.stats.variant_shares`.
    by : its grouping column.
    concepts : concepts to draw (panels, in this order); default: every concept with a mention.
    sides : the lexicon (or its sides) the mentions were matched with.
    width : figure width in inches.

    Examples
    --------
    >>> fig = variant_shares_by_outlet(variant_shares(mentions, corpus, lexicon=lex), sides=lex)  # doctest: +SKIP
    """
    _require(shares, (by, "concept", "variant", "stance", "count", "concept_count", "share", "ci_low", "ci_high"),
             "variant shares")
    used = shares.groupby("concept")["count"].sum()
    wanted = [c for c in (concepts if concepts else sorted(used[used > 0].index)) if used.get(c, 0) > 0]
    lexicon = sides
    sides = _sides(sides, shares["stance"].dropna().astype(str))
    panels = []
    for c in wanted:
        sub = shares[shares["concept"] == c]
        counts = sub.groupby("variant")["count"].sum()
        stance_of = sub.dropna(subset=["stance"]).groupby("variant")["stance"].first().astype(str)
        variants = sorted(counts[counts > 0].index, key=lambda v: (sides.rank(stance_of.get(v, "")), str(v)))
        panels.append((c, sub, stance_of, variants, sorted(sub[by].unique())))
    with matplotlib.rc_context(RC):
        if not wanted:
            fig = Figure(figsize=(width, 1.5))
            ax = fig.add_subplot(1, 1, 1)
            ax.text(0.5, 0.5, "no mentions of the selected concepts", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        # each outlet's row tall enough for its variants' dots to stand apart (0.06 in each)
        heights = [max(1.2, 0.45 + len(names) * max(0.25, 0.06 * len(variants)))
                   for _c, _s, _st, variants, names in panels]
        fig = Figure(figsize=(width, 0.4 + sum(heights)), layout="constrained")
        axes = fig.subplots(len(wanted), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
        for ax, (c, sub, stance_of, variants, names) in zip(axes, panels):
            for vi, v in enumerate(variants):
                rows = sub[sub["variant"] == v].set_index(by).reindex(names)
                y = np.arange(len(names)) + (vi - (len(variants) - 1) / 2) * 0.8 / max(1, len(variants))
                ok = rows["share"].notna().to_numpy()
                stance = stance_of.get(v, "")
                several = "|" in stance
                color = SEVERAL_STANCES_COLOUR if several or not stance else sides.colour(stance)
                side = " | ".join(sides.label(x) for x in stance.split("|")) if stance else "no stance"
                ax.errorbar(rows["share"][ok], y[ok],
                            xerr=[(rows["share"] - rows["ci_low"])[ok], (rows["ci_high"] - rows["share"])[ok]],
                            fmt="osD^vPX*"[vi % 8], ms=3, lw=0.7, color=color,
                            label=f"{_variant_label(v, lexicon)} ({side})")
            ax.set_yticks(np.arange(len(names)),
                          [f"{n} ({int(sub[sub[by] == n]['concept_count'].iloc[0])})" for n in names], fontsize=6)
            ax.set_xlim(-0.02, 1.02)
            ax.invert_yaxis()
            ax.set_title(f"{c}: share of each variant (mentions in brackets)", fontsize=7)
            ax.legend(fontsize=5, loc="center left", bbox_to_anchor=(1.0, 0.5))
        voice = shares["voice"].iloc[0] if "voice" in shares.columns and shares["voice"].nunique() == 1 else ""
        axes[-1].set_xlabel(f"share among the concept's {voice + ' ' if voice else ''}mentions (95% bootstrap interval)")
    return fig


def _docs(k: int) -> str:
    return f"{int(k)} doc" if int(k) == 1 else f"{int(k)} docs"


def stance_balance_by_outlet(balance: pd.DataFrame, by: str = "outlet", sides=None,
                             n_docs: pd.Series | dict | None = None, width: float = SINGLE_COLUMN * 1.4) -> Figure:
    """Dots and intervals: each outlet's stance balance B = (P − N)/(P + N), one marker per voice.

    ``balance`` is :func:`framing.stats.stance_balance` output. Filled black dots: the outlet's
    own (authorial) words; hollow: quoted (green squares) and distanced (purple triangles) uses,
    reported apart; the legend sits above the axes. The x axis runs from −1 (only the negative
    side's vocabulary) to +1 (only the positive side's) and is labelled
    "← <negative label>   stance balance   <positive label> →" from ``sides`` (the lexicon or its
    sides; default: the poles the table records, else the default sides'). An outlet with no
    mention of either side says so on its row. ``n_docs``: documents per outlet, shown after its
    name.

    Examples
    --------
    >>> fig = stance_balance_by_outlet(stance_balance(mentions, corpus, lexicon=lex), sides=lex)  # doctest: +SKIP
    """
    _require(balance, (by, "voice", "balance", "ci_low", "ci_high"), "stance balance")
    sides = _balance_sides(sides, balance)
    n_docs = dict(n_docs) if n_docs is not None else {}
    names = sorted(balance[by].unique())
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, 1.0 + 0.3 * len(names)), layout="constrained")
        ax = fig.subplots()
        estimated = np.zeros(len(names), dtype=bool)
        for vi, v in enumerate(VOICES):
            rows = balance[balance["voice"] == v].set_index(by).reindex(names)
            ok = rows["balance"].notna().to_numpy()
            estimated |= ok
            if not ok.any():
                continue
            y = np.arange(len(names)) + (vi - 1) * 0.22
            ax.errorbar(rows["balance"][ok], y[ok],
                        xerr=[(rows["balance"] - rows["ci_low"])[ok], (rows["ci_high"] - rows["balance"])[ok]],
                        fmt=_VOICE_MARKERS[v], ms=3.5, lw=0.7, color=_VOICE_COLOURS[v],
                        mfc="white" if v != "authorial" else None, label=v)
        for i in np.flatnonzero(~estimated):
            ax.text(0.03, i, f"no {sides.label(sides.positive)} or {sides.label(sides.negative)} mention",
                    fontsize=5.5, color="#555555", va="center")
        ax.axvline(0, color="black", lw=0.4)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_yticks(np.arange(len(names)),
                      [f"{n} ({_docs(n_docs.get(n, 0))})" if n_docs else str(n) for n in names], fontsize=6)
        ax.set_xlabel(sides.axis_label())
        if ax.get_legend_handles_labels()[0]:  # above the axes: never over a dot
            ax.legend(fontsize=6, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False,
                      handletextpad=0.3, columnspacing=1.2)
    return fig


# --------------------------------------------------------------------------------------------
# 04: rates over time
# --------------------------------------------------------------------------------------------

_FREQS = {"W": "W", "M": "M", "MS": "M", "Q": "Q", "QS": "Q", "Y": "Y", "A": "Y", "YS": "Y", "D": "D"}
_SEP = "\x1f"  # joins outlet and period into one bootstrap group


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    key = _FREQS.get(str(freq).upper())
    if key is None:
        raise ParameterError(f"freq: unknown frequency {freq!r}; use D, W, M, Q or Y")
    return dates.dt.to_period(key).dt.start_time


def period_rates(
    corpus: pd.DataFrame,
    mentions: pd.DataFrame,
    freq: str = "M",
    by: str = "concept",
    group_col: str = "outlet",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 20220224,
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
    n_boot, ci, seed, resample : bootstrap replicates, interval level, seed, scheme (``auto``,
        ``documents``, ``two-stage``).
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
    if not 0 < ci < 1:
        raise ParameterError("ci: must be between 0 and 1, e.g. 0.95")
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
    r = stats.rates(m, docs, by="_group", level="concept", voices="any", tokens=tokens, mwes=words, n_boot=n_boot,
                    seed=seed, level_ci=ci, resample=resample, modality="any")
    split = r["_group"].str.split(_SEP, n=1, expand=True)
    out = pd.DataFrame({
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
    })
    out["method"] = f"framing.stats.rates: percentile bootstrap over documents, n_boot={n_boot}, ci={ci}"
    out = out.sort_values(["period", group_col, by], kind="mergesort").reset_index(drop=True)
    out.attrs["undated_docs"] = undated
    out.attrs["freq"] = _FREQS[str(freq).upper()]
    return out


def rates_over_time(
    rates: pd.DataFrame,
    by: str = "concept",
    group_col: str = "outlet",
    width: float = DOUBLE_COLUMN,
    ncols: int = 3,
    per: float = 10_000,
    sides=None,
) -> Figure:
    """Small multiples, one panel per ``by`` value: rate over time per group, with interval bands.

    Lines join consecutive periods only: a period in which a group has no document leaves a gap
    (the period length comes from ``rates.attrs["freq"]``, set by :func:`period_rates`).

    Parameters
    ----------
    rates : output of :func:`period_rates`.
    by, group_col : the columns used in :func:`period_rates`.
    width : figure width in inches; ``ncols`` panels per row.
    sides : with ``by="stance"``, the lexicon (or its sides): panels in the sides' order, titled
        with their labels.

    Examples
    --------
    >>> fig = rates_over_time(period_rates(corpus, mentions))  # doctest: +SKIP
    """
    _require(rates, ("period", group_col, by, "rate", "ci_low", "ci_high"), "rates")
    keys = sorted(rates[by].astype(str).unique())
    title = str
    if by == "stance":
        side_set = _sides(sides, keys)
        keys = sorted(keys, key=lambda k: (side_set.rank(k), k))
        title = side_set.label
    groups = sorted(rates[group_col].astype(str).unique())
    palette = {g: OKABE_ITO[i % len(OKABE_ITO)] for i, g in enumerate(groups)}
    freq = rates.attrs.get("freq")
    full_range = None
    if freq and len(rates):
        periods = pd.to_datetime(rates["period"])
        full_range = pd.period_range(periods.min(), periods.max(), freq=freq).start_time
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    with matplotlib.rc_context(RC):
        if not keys:
            fig = Figure(figsize=(width, 1.5))
            ax = fig.add_subplot(1, 1, 1)
            ax.text(0.5, 0.5, "no dated documents with lexicon mentions", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        ncols = max(1, min(ncols, len(keys)))
        nrows = int(np.ceil(len(keys) / ncols))
        fig = Figure(figsize=(width, 1.7 * nrows + 0.6))
        axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True)
        for i, key in enumerate(keys):
            ax = axes[i // ncols][i % ncols]
            kt = rates[rates[by].astype(str) == key]
            for gi, g in enumerate(groups):
                gt = kt[kt[group_col].astype(str) == g].sort_values("period")
                if gt.empty:
                    continue
                if full_range is not None:  # a period without documents breaks the line (NaN)
                    gt = gt.set_index(pd.to_datetime(gt["period"])).reindex(full_range)
                    gt["period"] = gt.index
                x = pd.to_datetime(gt["period"]).to_numpy()
                ax.fill_between(x, gt["ci_low"].to_numpy(float), gt["ci_high"].to_numpy(float),
                                color=palette[g], alpha=0.18, linewidth=0)
                ax.plot(x, gt["rate"].to_numpy(float), color=palette[g], marker=markers[gi % len(markers)],
                        markersize=3, linewidth=1, label=g)
            ax.set_title(title(key), fontsize=8)
            ax.set_ylim(bottom=0)
            if i % ncols == 0:
                ax.set_ylabel(f"per {int(per):,} tokens")
            locator = matplotlib.dates.AutoDateLocator(maxticks=5)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
        for j in range(len(keys), nrows * ncols):
            axes[j // ncols][j % ncols].set_axis_off()
        handles = [matplotlib.lines.Line2D([], [], color=palette[g], marker=markers[i % len(markers)],
                                           markersize=3, label=g) for i, g in enumerate(groups)]
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(hspace=0.6, wspace=0.3, top=1 - 0.25 / height, bottom=0.35 / height)
        fig.legend(handles=handles, loc="lower center", ncol=min(5, len(groups)), frameon=False,
                   bbox_to_anchor=(0.5, 1 - 0.05 / height), fontsize=6)
    return fig


# --------------------------------------------------------------------------------------------
# 05: the outlet map
# --------------------------------------------------------------------------------------------

def variant_share_matrix(mentions: pd.DataFrame, voices: Sequence[str] | None = ("authorial",),
                         min_mentions: int = 1) -> pd.DataFrame:
    """Outlets × ``concept:variant`` matrix of within-concept shares.

    ``X[o, c:v] = n(o, c, v) / Σ_v' n(o, c, v')``. A concept an outlet never mentions has no share;
    those cells are filled with the pooled share of that variant over all outlets (so the outlet
    sits at the centre on that concept rather than at an extreme). Concepts with fewer than
    ``min_mentions`` mentions overall are dropped. The fill is recorded in
    ``attrs["imputed_cells"]``.

    Examples
    --------
    >>> X = variant_share_matrix(mentions)  # doctest: +SKIP
    """
    _require(mentions, ("outlet", "concept", "variant", "voice"), "mentions")
    m = mentions
    if voices:
        m = m[m["voice"].isin(list(voices))]
    m = m.assign(outlet=m["outlet"].astype(str), concept=m["concept"].astype(str),
                 variant=m["variant"].astype(str))
    concept_n = m.groupby("concept").size()
    keep = sorted(concept_n[concept_n >= min_mentions].index)
    m = m[m["concept"].isin(keep)]
    if m.empty:
        return pd.DataFrame(dtype=float)
    n = m.groupby(["outlet", "concept", "variant"]).size()
    tot = n.groupby(level=["outlet", "concept"]).transform("sum")
    share = (n / tot).rename("share").reset_index()
    share["column"] = share["concept"] + ":" + share["variant"]
    X = share.pivot(index="outlet", columns="column", values="share").sort_index().sort_index(axis=1)
    pooled = m.groupby(["concept", "variant"]).size()
    pooled = pooled / pooled.groupby(level="concept").transform("sum")
    pooled.index = [f"{c}:{v}" for c, v in pooled.index]
    # An outlet that mentions the concept but not this variant has share 0, not missing.
    outlet_concepts = m.groupby(["outlet", "concept"]).size()
    imputed = 0
    for col in X.columns:
        concept = col.split(":", 1)[0]
        for outlet in X.index:
            if pd.isna(X.at[outlet, col]):
                if (outlet, concept) in outlet_concepts.index:
                    X.at[outlet, col] = 0.0
                else:
                    X.at[outlet, col] = float(pooled[col])
                    imputed += 1
    X.columns.name = None
    X.attrs["imputed_cells"] = imputed
    return X.astype(float)


def _fix_signs(vectors: np.ndarray) -> np.ndarray:
    """Flip each column so that its largest-magnitude entry is positive (SVD signs are arbitrary)."""
    vectors = np.array(vectors, dtype=float)
    for j in range(vectors.shape[1]):
        i = int(np.argmax(np.abs(vectors[:, j])))
        if vectors[i, j] < 0:
            vectors[:, j] *= -1
    return vectors


def outlet_coordinates(matrix: pd.DataFrame, method: str = "ca", n_components: int = 2,
                       counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Place outlets in two dimensions from their variant shares.

    ``method="pca"``: principal component analysis (scikit-learn ``PCA``) of the share matrix
    (centred, not scaled: shares are already on one scale).

    ``method="ca"``: correspondence analysis (Greenacre 2007, *Correspondence Analysis in Practice*,
    ch. 14) of the matrix ``N`` (``counts`` if given, else the shares): with ``P = N / n``, row and
    column masses ``r``, ``c``, the standardized residuals ``S = D_r^{-1/2} (P - r c^T) D_c^{-1/2}``
    are decomposed ``S = U Σ V^T`` and the outlets' principal coordinates are
    ``F = D_r^{-1/2} U Σ``; the inertia explained by dimension k is ``σ_k² / Σ σ²``.

    Signs are fixed (largest loading positive) so the picture does not flip between machines.
    With fewer than three outlets the second dimension is zero.

    Returns
    -------
    DataFrame ``outlet, dim1, dim2`` with ``attrs["explained"]`` (share of variance/inertia per
    dimension) and ``attrs["method"]``.

    Examples
    --------
    >>> coords = outlet_coordinates(variant_share_matrix(mentions), method="pca")  # doctest: +SKIP
    """
    method = str(method).lower()
    if method not in ("ca", "pca"):
        raise ParameterError(f"map_method: unknown method {method!r}; use 'ca' (correspondence analysis) or 'pca'")
    X = matrix.to_numpy(dtype=float) if counts is None else counts.reindex(index=matrix.index).fillna(0).to_numpy(float)
    n_out = X.shape[0]
    coords = np.zeros((n_out, n_components))
    explained = np.zeros(n_components)
    if n_out >= 2 and X.shape[1] >= 1:
        if method == "pca":
            from sklearn.decomposition import PCA

            k = min(n_components, n_out - 1, X.shape[1])
            if k >= 1:
                pca = PCA(n_components=k, svd_solver="full")
                scores = pca.fit_transform(X)
                loadings = _fix_signs(pca.components_.T)
                flip = np.sign(np.sum(loadings * pca.components_.T, axis=0))
                coords[:, :k] = scores * flip
                explained[:k] = pca.explained_variance_ratio_
        else:
            total = X.sum()
            if total > 0:
                P = X / total
                r = P.sum(axis=1)
                c = P.sum(axis=0)
                keep_c = c > 0
                P, c = P[:, keep_c], c[keep_c]
                with np.errstate(divide="ignore", invalid="ignore"):
                    S = (P - np.outer(r, c)) / np.sqrt(np.outer(r, c))
                S = np.nan_to_num(S)
                U, sig, Vt = np.linalg.svd(S, full_matrices=False)
                V = _fix_signs(Vt.T)
                flip = np.sign(np.sum(V * Vt.T, axis=0))
                U = U * flip
                k = min(n_components, len(sig))
                with np.errstate(divide="ignore", invalid="ignore"):
                    F = (U[:, :k] * sig[:k]) / np.sqrt(r)[:, None]
                coords[:, :k] = np.nan_to_num(F)
                inertia = (sig ** 2).sum()
                if inertia > 0:
                    explained[:k] = sig[:k] ** 2 / inertia
    coords[np.abs(coords) < 1e-12] = 0.0
    out = pd.DataFrame({"outlet": list(matrix.index.astype(str))})
    for j in range(n_components):
        out[f"dim{j + 1}"] = coords[:, j]
    out.attrs["explained"] = [float(e) for e in explained]
    out.attrs["method"] = method
    return out


def _balance_sides(sides, balance: pd.DataFrame | None) -> Sides:
    """Sides with a balance axis: ``sides``' own, else the poles a stance_balance table records."""
    attrs = getattr(balance, "attrs", {}) or {}
    poles = [attrs[k] for k in ("positive", "negative") if attrs.get(k)]
    found = _sides(sides, poles)
    if found.poles:
        return found
    if len(poles) == 2:
        import dataclasses

        return dataclasses.replace(found, positive=poles[0], negative=poles[1])
    raise ParameterError("sides: no balance axis (the lexicon names fewer than two non-neutral sides); "
                         "pass sides= of a lexicon whose sides block has a balance")


def outlet_map(coords: pd.DataFrame, balance: pd.DataFrame | None = None, width: float = DOUBLE_COLUMN / 2 + 0.1,
               sides=None) -> Figure:
    """Scatter of outlets on the first two map dimensions, coloured by stance balance.

    ``balance`` is a table with ``outlet`` and ``balance`` columns, as :func:`framing.stats.stance_balance`
    returns it: B = (P − N)/(P + N) between the two sides of the balance axis of ``sides`` (the
    lexicon or its sides; default: the poles the table records, else the default sides'). Colour
    runs from the negative side's colour (B = −1) through grey (0) to the positive side's (+1),
    and the colour bar names both; outlets without a mention of either side are drawn hollow (a
    key above the axes says so).

    Examples
    --------
    >>> from framing.stats import stance_balance
    >>> fig = outlet_map(outlet_coordinates(X), stance_balance(mentions, lexicon=lex), sides=lex)  # doctest: +SKIP
    """
    _require(coords, ("outlet", "dim1", "dim2"), "coordinates")
    sides = _balance_sides(sides, balance)
    cmap = mcolors.LinearSegmentedColormap.from_list(
        "stance", [sides.colour(sides.negative), "#BBBBBB", sides.colour(sides.positive)])
    bal = {}
    if balance is not None and len(balance):
        bal = dict(zip(balance["outlet"].astype(str), balance["balance"].astype(float)))
    explained = coords.attrs.get("explained", [])
    method = coords.attrs.get("method", "")
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, width * 0.85))
        ax = fig.add_subplot(1, 1, 1)
        mid_x = (coords["dim1"].min() + coords["dim1"].max()) / 2 if len(coords) else 0.0
        ax.axhline(0, color="#DDDDDD", linewidth=0.6, zorder=0)
        ax.axvline(0, color="#DDDDDD", linewidth=0.6, zorder=0)
        hollow = False
        for _, row in coords.sort_values("outlet").iterrows():
            b = bal.get(str(row["outlet"]), float("nan"))
            if np.isnan(b):
                hollow = True
                ax.scatter(row["dim1"], row["dim2"], s=28, facecolors="white", edgecolors="#555555", linewidths=0.8)
            else:
                ax.scatter(row["dim1"], row["dim2"], s=28, color=cmap((b + 1) / 2), edgecolors="#333333",
                           linewidths=0.4)
            right = row["dim1"] > mid_x  # label towards the centre so it stays inside the axes
            ax.annotate(str(row["outlet"]), (row["dim1"], row["dim2"]), xytext=(-3 if right else 3, 3),
                        textcoords="offset points", fontsize=6, ha="right" if right else "left")
        label = {"ca": "CA", "pca": "PC"}.get(method, "dim")
        for j, setter in enumerate((ax.set_xlabel, ax.set_ylabel)):
            pct = f" ({explained[j]:.0%})" if j < len(explained) else ""
            setter(f"{label} {j + 1}{pct}")
        sm = matplotlib.cm.ScalarMappable(norm=mcolors.Normalize(-1, 1), cmap=cmap)
        cb = fig.colorbar(sm, ax=ax, fraction=0.05, pad=0.02)
        cb.set_label(f"stance balance: −1 {sides.label(sides.negative)} … +1 {sides.label(sides.positive)}",
                     fontsize=6)
        cb.ax.tick_params(labelsize=6)
        ax.margins(0.2)
        if hollow:  # say what a hollow dot is, above the axes
            key = matplotlib.lines.Line2D([], [], marker="o", ls="", ms=5, mfc="white", mec="#555555", mew=0.8)
            ax.legend([key], [f"no {sides.label(sides.positive)} or {sides.label(sides.negative)} mention"],
                      loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False, fontsize=6, borderaxespad=0.2)
    return fig


def outlet_dendrogram(matrix: pd.DataFrame, method: str = "average", metric: str = "euclidean",
                      width: float = DOUBLE_COLUMN / 2 + 0.1) -> Figure:
    """Hierarchical clustering of outlets by their variant shares (scipy ``linkage``).

    Default: average linkage (UPGMA) on Euclidean distances between share profiles. Needs at least
    two outlets.

    Examples
    --------
    >>> fig = outlet_dendrogram(variant_share_matrix(mentions))  # doctest: +SKIP
    """
    from scipy.cluster.hierarchy import dendrogram, linkage

    with matplotlib.rc_context(RC):
        n = len(matrix.index)
        fig = Figure(figsize=(width, max(1.4, 0.25 * n + 0.6)))
        ax = fig.add_subplot(1, 1, 1)
        if n < 2:
            ax.text(0.5, 0.5, "clustering needs at least two outlets with mentions", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
            return fig
        Z = linkage(matrix.to_numpy(dtype=float), method=method, metric=metric)
        dendrogram(Z, labels=[str(i) for i in matrix.index], orientation="left", ax=ax,
                   color_threshold=0, above_threshold_color="#444444", leaf_font_size=6)
        ax.set_xlabel(f"{metric} distance ({method} linkage)")
        ax.spines["left"].set_visible(False)
    return fig


# --------------------------------------------------------------------------------------------
# One concept across languages: English, Russian and Ukrainian names side by side
# --------------------------------------------------------------------------------------------


def variants_across_languages_table(mentions: pd.DataFrame, concepts: Sequence[str] | None = None,
                                    voice: str | None = "authorial", min_mentions: int = 1) -> pd.DataFrame:
    """Per concept, language and outlet: each variant's count and share of the concept's mentions.

    One concept holds its names in every language (``lang`` of its variants); this puts them side
    by side: which name an outlet writing in Russian uses, against one writing in Ukrainian or
    English. Mentions need a ``language`` column (:func:`framing.match.match_corpus` adds it;
    without it every mention counts as ``en``). ``voice``: only that voice (``None``: all);
    outlets with fewer than ``min_mentions`` mentions of a concept are left out.

    Returns columns ``concept, language, outlet, variant, stance, count, total, share`` sorted by
    concept, language, outlet, variant.

    Examples
    --------
    >>> m = pd.DataFrame({"outlet": ["TASS", "TASS", "TSN", "BBC"], "concept": ["place_kyiv"] * 4,
    ...                   "variant": ["kiev_ru", "kiev_ru", "kyiv_uk", "kyiv"], "stance": ["neutral"] * 3 + ["ukraine_west"],
    ...                   "voice": ["authorial"] * 4, "language": ["ru", "ru", "uk", "en"]})
    >>> variants_across_languages_table(m)[["language", "outlet", "variant", "count", "share"]].values.tolist()
    [['en', 'BBC', 'kyiv', 1, 1.0], ['ru', 'TASS', 'kiev_ru', 2, 1.0], ['uk', 'TSN', 'kyiv_uk', 1, 1.0]]
    """
    _require(mentions, _MENTION_NEEDS, "variants_across_languages_table")
    m = mentions
    if voice is not None:
        m = m[m["voice"] == voice]
    if concepts:
        m = m[m["concept"].isin(list(concepts))]
    lang = m["language"].astype(str) if "language" in m.columns else pd.Series("en", index=m.index)
    m = m.assign(language=lang)
    cols = ["concept", "language", "outlet", "variant", "stance", "count", "total", "share"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    stance = m.groupby(["concept", "variant"])["stance"].agg(lambda s: "|".join(sorted(set(map(str, s)))))
    g = m.groupby(["concept", "language", "outlet", "variant"], sort=True).size().rename("count").reset_index()
    g["total"] = g.groupby(["concept", "language", "outlet"])["count"].transform("sum")
    g = g[g["total"] >= min_mentions].copy()
    g["share"] = g["count"] / g["total"]
    g["stance"] = [stance[(c, v)] for c, v in zip(g["concept"], g["variant"])]
    return g[cols].sort_values(["concept", "language", "outlet", "variant"]).reset_index(drop=True)


def variants_across_languages(mentions: pd.DataFrame, lexicon=None, concepts: Sequence[str] | None = None,
                              voice: str | None = "authorial", min_mentions: int = 1, sides=None) -> Figure:
    """One panel per concept: one bar per language and outlet, split into the shares of the
    concept's variants (of every language), coloured by the variant's side (lighter shades for
    further variants of a side); the count the shares rest on follows each bar. See
    :func:`variants_across_languages_table` for the table it draws.

    Examples
    --------
    >>> m = pd.DataFrame({"outlet": ["TASS", "TSN"], "concept": ["place_kyiv"] * 2, "variant": ["kiev_ru", "kiev_in_uk"],
    ...                   "stance": ["neutral", "kremlin"], "voice": ["authorial"] * 2, "language": ["ru", "uk"]})
    >>> fig = variants_across_languages(m)
    >>> [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    ['place_kyiv']
    """
    import matplotlib.pyplot as plt

    from .style import use_style

    use_style()
    table = variants_across_languages_table(mentions, concepts, voice, min_mentions)
    if table.empty:
        raise ParameterError("variants_across_languages: no mentions to draw (check concepts, voice and min_mentions)")
    sides = _sides(sides if sides is not None else lexicon, table["stance"])
    colours = _variant_colors(table.assign(stance=table["stance"].str.split("|").str[0]), sides)
    concept_ids = list(dict.fromkeys(table["concept"]))
    heights = [table[table["concept"] == c][["language", "outlet"]].drop_duplicates().shape[0] for c in concept_ids]
    fig, axes = plt.subplots(len(concept_ids), 1, figsize=(DOUBLE_COLUMN, 0.25 * sum(heights) + 0.9 * len(concept_ids)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, cid in zip(axes[:, 0], concept_ids):
        t = table[table["concept"] == cid]
        rows = list(t[["language", "outlet"]].drop_duplicates().itertuples(index=False, name=None))
        variants = sorted(t["variant"].unique(), key=lambda v: (sides.rank(t[t["variant"] == v]["stance"].iloc[0].split("|")[0]), v))
        y = {r: len(rows) - 1 - k for k, r in enumerate(rows)}
        left = {r: 0.0 for r in rows}
        handles = []
        for v in variants:
            tv = t[t["variant"] == v]
            st = tv["stance"].iloc[0].split("|")[0]
            colour = colours[(cid, v, st)]
            for r in tv.itertuples():
                key = (r.language, r.outlet)
                ax.barh(y[key], r.share, left=left[key], color=colour, edgecolor="white", linewidth=0.3, height=0.75)
                left[key] += r.share
            handles.append(Patch(color=colour, label=f"{_variant_label(v, lexicon)} ({sides.label(st)})"))
        for key in rows:
            n = int(t[(t["language"] == key[0]) & (t["outlet"] == key[1])]["total"].iloc[0])
            ax.text(1.01, y[key], f"{n}", va="center", fontsize=6)
        ax.set_yticks([y[r] for r in rows])
        ax.set_yticklabels([f"{lang} · {outlet}" for lang, outlet in rows], fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_title(cid, fontsize=8, loc="left")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.06, 1.0), fontsize=6, frameon=False)
    axes[-1, 0].set_xlabel(f"share of the concept's {voice or 'all'} mentions, by language and outlet")
    fig.tight_layout()
    return fig


def show(fig: Figure, dpi: int = 150) -> None:
    """Display a figure inline in Jupyter as PNG, whatever the matplotlib backend.

    The figures here are built with :class:`matplotlib.figure.Figure` (not pyplot), so they need
    no GUI backend and are never shown twice; this renders one to PNG and hands it to IPython.

    Examples
    --------
    >>> show(variant_use_by_outlet(mentions))  # doctest: +SKIP
    """
    import io

    from IPython.display import Image, display

    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    display(Image(data=buf.getvalue(), format="png"))
