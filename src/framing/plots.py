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
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from .counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from .errors import ParameterError
from .lexicon import Sides, sides_of
from .style import DOUBLE_COLUMN, MAX_HEIGHT, OKABE_ITO, RC, SINGLE_COLUMN, VOICE_COLOURS, VOICE_MARKERS
from .vocab import DEFAULT_SEED, VOICES

#: Voices in dot charts: the colours and markers of :data:`framing.style.VOICE_COLOURS` (one place),
#: authorial filled, the others hollow.
_VOICE_COLOURS = VOICE_COLOURS
_VOICE_MARKERS = VOICE_MARKERS
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


_ROW_IN = 0.15  # inches per bar row in variant_use_by_outlet


def _block_rows(block_outlets: Sequence[str], variants: Sequence) -> float:
    return max(len(block_outlets), 0.8 * len(variants) + 0.3, 1.0)


def _variant_blocks(table: pd.DataFrame, concept_list: Sequence[str], outlet_list: Sequence[str],
                    voices: Sequence[str], sides: Sides):
    """Per concept: its rows, its (variant, stance) pairs in the sides' order, and the outlets with a
    mention of it in one of ``voices`` (an outlet that never names the concept gets no empty row)."""
    for concept in concept_list:
        ct = table[table["concept"] == concept]
        variants = (ct[["variant", "stance"]].drop_duplicates()
                    .assign(_s=lambda d: d["stance"].map(sides.rank))
                    .sort_values(["_s", "stance", "variant"])[["variant", "stance"]].values.tolist())
        seen = set(ct.loc[ct["voice"].isin(list(voices)) & (ct["n"] > 0), "outlet"])
        yield concept, ct, variants, [o for o in outlet_list if o in seen] or list(outlet_list[:1])


def variant_use_figures(
    mentions_or_table: pd.DataFrame,
    outlets: Sequence[str] | None = None,
    concepts: Sequence[str] | None = None,
    voices: Sequence[str] = VOICES,
    width: float = DOUBLE_COLUMN,
    normalize: bool = True,
    sides=None,
    max_height: float = MAX_HEIGHT,
) -> list[Figure]:
    """:func:`variant_use_by_outlet` on as many figures as it takes to keep each no taller than
    ``max_height`` (whole concept blocks per figure).

    With ``normalize=True`` a concept with a single variant is left out (its bars would all be
    100 %); the list of such concepts is in the first figure's ``framing_single_variant``
    attribute, and their counts are in :func:`variant_use_table`.

    Examples
    --------
    >>> figs = variant_use_figures(mentions, sides=lexicon)  # doctest: +SKIP
    """
    table = mentions_or_table
    if "share" not in table.columns:
        table = variant_use_table(table, sides=sides)
    _require(table, ("outlet", "concept", "variant", "stance", "voice", "n"), "variant table")
    side_set = _sides(sides, table["stance"])
    outlet_list = list(outlets) if outlets else sorted(table["outlet"].unique())
    concept_list = list(concepts) if concepts else sorted(table["concept"].unique())
    table = table[table["outlet"].isin(outlet_list) & table["concept"].isin(concept_list)]
    single = []
    if normalize:
        n_variants = table.groupby("concept")["variant"].nunique()
        single = [c for c in concept_list if n_variants.get(c, 0) == 1]
        concept_list = [c for c in concept_list if c not in single]
    heights = [(1.0 + _block_rows(outs, variants) + 0.6) * _ROW_IN
               for _c, _ct, variants, outs in _variant_blocks(table, concept_list, outlet_list, voices, side_set)]
    figs = [variant_use_by_outlet(table, outlets=outlet_list, concepts=[concept_list[i] for i in page], voices=voices,
                                  width=width, normalize=normalize, sides=sides)
            for page in split_pages(heights, max_height, fixed=0.6)] if concept_list else \
        [variant_use_by_outlet(table.iloc[0:0], voices=voices, width=width, normalize=normalize, sides=sides)]
    figs[0].framing_single_variant = single
    return figs


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

    # Layout in "rows": one per outlet with a mention of the concept (in a drawn voice) per concept
    # block, blocks tall enough for their legend.
    blocks = []
    offset = 0.0
    for concept, ct, variants, block_outlets in _variant_blocks(table, concept_list, outlet_list, voices, sides):
        blocks.append((concept, ct, variants, offset + 1.0, block_outlets))  # 1 row for the block's heading
        offset += 1.0 + _block_rows(block_outlets, variants) + 0.6
    total_rows = max(offset, 2.0)

    with matplotlib.rc_context(RC):
        row_in = _ROW_IN
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
        for concept, ct, variants, top, block_outlets in blocks:
            y = top + np.arange(len(block_outlets))
            ticks.extend(y.tolist())
            labels.extend(block_outlets)
            for c, voice in enumerate(voices):
                ax = axes[c]
                vt = ct[ct["voice"] == voice]
                totals = vt.groupby("outlet")["n"].sum().reindex(block_outlets, fill_value=0).to_numpy()
                left = np.zeros(len(block_outlets))
                for variant, stance in variants:  # a date-dependent variant: one segment per stance
                    vals = (vt[(vt["variant"] == variant) & (vt["stance"] == stance)].groupby("outlet")["n"].sum()
                            .reindex(block_outlets, fill_value=0).to_numpy().astype(float))
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
            for block in blocks:
                ax.axhline(block[3] - 1.35, color="#DDDDDD", linewidth=0.5, zorder=0)
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
        heights = [_share_panel_height(len(variants), len(names)) for _c, _s, _st, variants, names in panels]
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


def variant_shares_figures(shares: pd.DataFrame, by: str = "outlet", concepts: Sequence[str] | None = None,
                           sides=None, width: float = DOUBLE_COLUMN, max_height: float = MAX_HEIGHT) -> list[Figure]:
    """:func:`variant_shares_by_outlet` on as many figures as it takes to keep each no taller than
    ``max_height`` (whole concept panels per figure).

    Examples
    --------
    >>> figs = variant_shares_figures(variant_shares(mentions, corpus, lexicon=lex), sides=lex)  # doctest: +SKIP
    """
    _require(shares, (by, "concept", "variant", "count"), "variant shares")
    used = shares.groupby("concept")["count"].sum()
    wanted = [c for c in (concepts if concepts else sorted(used[used > 0].index)) if used.get(c, 0) > 0]
    if not wanted:
        return [variant_shares_by_outlet(shares, by=by, concepts=concepts, sides=sides, width=width)]
    heights = []
    for c in wanted:
        sub = shares[shares["concept"] == c]
        counts = sub.groupby("variant")["count"].sum()
        heights.append(_share_panel_height(int((counts > 0).sum()), sub[by].nunique()))
    return [variant_shares_by_outlet(shares, by=by, concepts=[wanted[i] for i in page], sides=sides, width=width)
            for page in split_pages(heights, max_height, fixed=0.4)]


def _share_panel_height(n_variants: int, n_names: int) -> float:
    # each outlet's row tall enough for its variants' dots to stand apart (0.06 in each), but one
    # panel never taller than a page
    row = max(0.25, 0.06 * n_variants)
    row = min(row, max(0.25, (MAX_HEIGHT - 0.9) / max(1, n_names)))
    return max(1.2, 0.45 + n_names * row)


def _docs(k: int) -> str:
    return f"{int(k)} doc" if int(k) == 1 else f"{int(k)} docs"


def stance_balance_by_outlet(balance: pd.DataFrame, by: str = "outlet", sides=None,
                             n_docs: pd.Series | dict | None = None, width: float = SINGLE_COLUMN) -> Figure:
    """Dots and intervals: each outlet's stance balance B = (P − N)/(P + N), one marker per voice.

    ``balance`` is :func:`framing.stats.stance_balance` output. Filled black dots: the outlet's
    own (authorial) words; hollow: quoted (green squares) and distanced (wine triangles) uses,
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
        # two lines: the poles' names under the axis, within a single column's width
        ax.set_xlabel(sides.axis_label().replace("   stance balance   ", "  \u00b7  ").join(["stance balance\n", ""])
                      if sides.poles else sides.axis_label(), fontsize=7)
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


def rates_window(rates: pd.DataFrame, group_col: str = "outlet", share: float = 0.5) -> dict:
    """The span of periods in which most groups have documents: from the first to the last period
    in which at least ``share`` of the groups (at least one) have a document.

    One outlet with a few old documents would otherwise stretch the time axis over years and
    squeeze the months every outlet covers into a corner. Returns ``{"start", "end", "min_groups",
    "groups", "periods_left_out"}`` (``start``/``end`` are Timestamps, None without data;
    ``periods_left_out`` counts the group-periods with documents outside the span).

    Examples
    --------
    >>> r = pd.DataFrame({"period": pd.to_datetime(["2019-01-01", "2022-06-01", "2022-06-01", "2022-07-01",
    ...                                             "2022-07-01"]),
    ...                   "outlet": ["A", "A", "B", "B", "C"], "docs": [1, 5, 5, 5, 2]})
    >>> w = rates_window(r)
    >>> str(w["start"].date()), str(w["end"].date()), w["periods_left_out"]
    ('2022-06-01', '2022-07-01', 1)
    """
    if rates.empty:
        return {"start": None, "end": None, "min_groups": 0, "groups": 0, "periods_left_out": 0}
    with_docs = rates[rates["docs"] > 0] if "docs" in rates.columns else rates
    cells = with_docs[["period", group_col]].drop_duplicates()
    n_groups = int(rates[group_col].astype(str).nunique())
    need = max(1, int(np.ceil(share * n_groups)))
    per_period = cells.groupby("period")[group_col].nunique()
    ok = per_period[per_period >= need].index
    if len(ok) == 0:  # no period reaches the share: the span of the busiest periods
        ok = per_period[per_period == per_period.max()].index
        need = int(per_period.max())
    start, end = pd.Timestamp(min(ok)), pd.Timestamp(max(ok))
    periods = pd.to_datetime(cells["period"])
    left_out = int(((periods < start) | (periods > end)).sum())
    return {"start": start, "end": end, "min_groups": need, "groups": n_groups, "periods_left_out": left_out}


_LINE_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]  # 7 markers against 8 colours: pairs repeat after 56 groups


def rates_over_time(
    rates: pd.DataFrame,
    by: str = "concept",
    group_col: str = "outlet",
    width: float = DOUBLE_COLUMN,
    ncols: int = 3,
    per: float = 10_000,
    sides=None,
    keys: Sequence[str] | None = None,
    window: dict | None | bool = True,
) -> Figure:
    """Small multiples, one panel per ``by`` value: rate over time per group, with interval bands.

    Lines join consecutive periods only: a period in which a group has no document leaves a gap
    (the period length comes from ``rates.attrs["freq"]``, set by :func:`period_rates`), and so does
    a period with documents but no mention (its rate is 0 and its interval, from a handful of
    mention-free documents, would be a wide band that says nothing): such periods are marked by a
    small tick on the zero line. Intervals are vertical lines at each point, and shaded bands where
    20 or more documents of the group fall in the period (a band joining two months of a handful of
    documents each would cover the panel). The time axis covers :func:`rates_window` (the periods in which
    most groups have documents; ``window=False`` for every period, or a dict of your own). The
    rate axis stops at twice the highest rate drawn, so one wide interval does not flatten the
    others (bands are cut at the top of the panel).

    Parameters
    ----------
    rates : output of :func:`period_rates`.
    by, group_col : the columns used in :func:`period_rates`.
    width : figure width in inches; ``ncols`` panels per row.
    sides : with ``by="stance"``, the lexicon (or its sides): panels in the sides' order, titled
        with their labels.
    keys : the panels to draw (default: every ``by`` value, sorted); the colours and markers of
        the groups do not depend on it, so pages of one chart agree.

    Examples
    --------
    >>> fig = rates_over_time(period_rates(corpus, mentions))  # doctest: +SKIP
    """
    _require(rates, ("period", group_col, by, "rate", "ci_low", "ci_high"), "rates")
    all_keys = sorted(rates[by].astype(str).unique())
    title = str
    if by == "stance":
        side_set = _sides(sides, all_keys)
        all_keys = sorted(all_keys, key=lambda k: (side_set.rank(k), k))
        title = side_set.label
    keys = [k for k in all_keys if keys is None or k in set(map(str, keys))]
    groups = sorted(rates[group_col].astype(str).unique())
    palette = {g: OKABE_ITO[i % len(OKABE_ITO)] for i, g in enumerate(groups)}
    marker = {g: _LINE_MARKERS[i % len(_LINE_MARKERS)] for i, g in enumerate(groups)}
    if window is True:
        window = rates_window(rates, group_col) if "docs" in rates.columns else None
    elif window is False:
        window = None
    if window and window.get("start") is not None:
        periods = pd.to_datetime(rates["period"])
        rates = rates[(periods >= window["start"]) & (periods <= window["end"])]
    freq = rates.attrs.get("freq")
    full_range = None
    if freq and len(rates):
        periods = pd.to_datetime(rates["period"])
        full_range = pd.period_range(periods.min(), periods.max(), freq=freq).start_time
    with matplotlib.rc_context(RC):
        if not keys or rates.empty:
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
            top = 0.0
            for g in groups:
                gt = kt[kt[group_col].astype(str) == g].sort_values("period")
                if gt.empty:
                    continue
                if full_range is not None:  # a period without documents breaks the line (NaN)
                    gt = gt.set_index(pd.to_datetime(gt["period"])).reindex(full_range)
                    gt["period"] = gt.index
                x = pd.to_datetime(gt["period"]).to_numpy()
                rate = gt["rate"].to_numpy(float)
                lo, hi = gt["ci_low"].to_numpy(float), gt["ci_high"].to_numpy(float)
                if "mentions" in gt.columns:  # a period without a mention: a gap, not a band
                    zero = gt["mentions"].to_numpy(float) == 0
                    ax.plot(x[zero], np.zeros(int(zero.sum())), ls="", marker="|", ms=3, mew=0.6,
                            color=palette[g], clip_on=False)
                    rate, lo, hi = (np.where(zero, np.nan, a) for a in (rate, lo, hi))
                ok = np.isfinite(rate) & np.isfinite(lo) & np.isfinite(hi)
                if "docs" in gt.columns:  # a band only where 20+ documents carry it; elsewhere the line below
                    few = gt["docs"].fillna(0).to_numpy(float) < 20
                    ax.fill_between(x, np.where(few, np.nan, lo), np.where(few, np.nan, hi), color=palette[g],
                                    alpha=0.15, linewidth=0)
                else:
                    ax.fill_between(x, lo, hi, color=palette[g], alpha=0.15, linewidth=0)
                ax.vlines(x[ok], lo[ok], hi[ok], color=palette[g], lw=0.6, alpha=0.7)  # seen where a band is cut
                ax.plot(x, rate, color=palette[g], marker=marker[g], markersize=3, linewidth=1, label=g)
                if np.isfinite(rate).any():
                    top = max(top, float(np.nanmax(rate)))
            ax.set_title(title(key), fontsize=8)
            ax.set_ylim(0, top * 2 if top > 0 else 1)
            if i % ncols == 0:
                ax.set_ylabel(f"per {int(per):,} tokens")
            if full_range is not None and len(full_range):
                half = (full_range[1] - full_range[0]) / 2 if len(full_range) > 1 else pd.Timedelta(days=15)
                ax.set_xlim(full_range[0] - half, full_range[-1] + half)
            locator = _period_locator(freq, len(full_range) if full_range is not None else 0)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
        for j in range(len(keys), nrows * ncols):
            axes[j // ncols][j % ncols].set_axis_off()
        handles = [matplotlib.lines.Line2D([], [], color=palette[g], marker=marker[g], markersize=3, label=g)
                   for g in groups]
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(hspace=0.6, wspace=0.3, top=1 - 0.25 / height, bottom=0.35 / height)
        fig.legend(handles=handles, loc="lower center", ncol=min(5, len(groups)), frameon=False,
                   bbox_to_anchor=(0.5, 1 - 0.05 / height), fontsize=6)
    return fig


def _period_locator(freq: str | None, n_periods: int):
    """Ticks on period starts (the first of a month, quarter or year), at most about five of them;
    an automatic locator put monthly points between ticks on the 15th."""
    step = max(1, int(np.ceil(n_periods / 5)))
    if freq == "M":
        return matplotlib.dates.MonthLocator(bymonthday=1, interval=step)
    if freq == "Q":
        return matplotlib.dates.MonthLocator(bymonth=(1, 4, 7, 10), bymonthday=1, interval=step)
    if freq == "Y":
        return matplotlib.dates.YearLocator(step)
    return matplotlib.dates.AutoDateLocator(maxticks=5)


def rates_over_time_figures(rates: pd.DataFrame, by: str = "concept", group_col: str = "outlet", sides=None,
                            width: float = DOUBLE_COLUMN, ncols: int = 3, max_height: float = MAX_HEIGHT,
                            window: dict | None | bool = True) -> list[Figure]:
    """:func:`rates_over_time` on as many figures as it takes to keep each no taller than
    ``max_height`` (whole rows of ``ncols`` panels per figure, same colours on every one). A
    ``by`` value without any mention gets no panel.

    Examples
    --------
    >>> figs = rates_over_time_figures(period_rates(corpus, mentions))  # doctest: +SKIP
    """
    keys = sorted(rates[by].astype(str).unique()) if len(rates) else []
    if "mentions" in rates.columns and keys:  # a panel without any mention is an empty frame: leave it out
        seen = rates.groupby(rates[by].astype(str))["mentions"].sum()
        keys = [k for k in keys if seen.get(k, 0) > 0] or keys
    if by == "stance" and keys:
        side_set = _sides(sides, keys)
        keys = sorted(keys, key=lambda k: (side_set.rank(k), k))
    if window is True:
        window = rates_window(rates, group_col) if "docs" in rates.columns else None
    ncols = max(1, min(ncols, len(keys) or 1))
    rows_per_page = max(1, int((max_height - 1.0) // 1.7))
    per_page = rows_per_page * ncols
    if not keys:
        return [rates_over_time(rates, by=by, group_col=group_col, width=width, ncols=ncols, sides=sides,
                                window=window)]
    return [rates_over_time(rates, by=by, group_col=group_col, width=width, ncols=ncols, sides=sides,
                            keys=keys[i:i + per_page], window=window or False)
            for i in range(0, len(keys), per_page)]


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


def outlet_map(coords: pd.DataFrame, balance: pd.DataFrame | None = None, width: float = SINGLE_COLUMN,
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
        fig = Figure(figsize=(width, width * 0.85), layout="constrained")
        ax = fig.add_subplot(1, 1, 1)
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
        ordered = coords.sort_values("outlet")
        place_labels(ax, ordered["dim1"].to_numpy(float), ordered["dim2"].to_numpy(float),
                     ordered["outlet"].astype(str).tolist(), fontsize=5.5)
    return fig


def outlet_dendrogram(matrix: pd.DataFrame, method: str = "average", metric: str = "euclidean",
                      width: float = SINGLE_COLUMN) -> Figure:
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
        fig = Figure(figsize=(width, max(1.4, 0.25 * n + 0.6)), layout="constrained")
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


# --------------------------------------------------------------------------------------------
# Layout helpers: labels that do not overlap, figures no taller than a page
# --------------------------------------------------------------------------------------------

def split_pages(heights: Sequence[float], max_height: float = MAX_HEIGHT, fixed: float = 0.0) -> list[list[int]]:
    """Split items of the given heights (inches) into consecutive pages of at most ``max_height``
    (``fixed``: the height every page adds, titles and axis labels). An item taller than a page
    gets a page of its own.

    Examples
    --------
    >>> split_pages([3, 3, 3, 4, 1], max_height=7)
    [[0, 1], [2, 3], [4]]
    """
    pages: list[list[int]] = []
    used = fixed
    for i, h in enumerate(heights):
        if pages and pages[-1] and used + h <= max_height:
            pages[-1].append(i)
            used += h
        else:
            pages.append([i])
            used = fixed + h
    return pages


def _renderer(fig: Figure):
    """A renderer for ``fig`` (an Agg canvas is attached when the figure has none) with the layout done."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # runs the layout engine: axes are where they will be saved
    return fig.canvas.get_renderer()


def place_labels(ax, x: Sequence[float], y: Sequence[float], labels: Sequence[str], fontsize: float = 5.5,
                 pad_points: float = 2.5, iterations: int = 300, color: str = "#222222") -> list:
    """Label points so that no two labels overlap and every label stays inside the axes.

    Each label starts just right of its point (left of it in the right third of the axes); labels
    whose boxes overlap are pushed apart vertically, a little at a time, until none overlap (at most
    ``iterations`` rounds), then kept inside the axes. A label moved away from its point is joined
    to it by a thin grey line. Deterministic: the same points give the same places. Call it after
    the axes' limits are final (the figure's layout is run here to measure the text).

    Returns the text artists (left out of the layout, so they never resize the axes).

    Examples
    --------
    >>> fig = Figure(figsize=(2, 2)); ax = fig.add_subplot()
    >>> _ = ax.scatter([0, 0.01], [0, 0.01]); _ = ax.set_xlim(-1, 1); _ = ax.set_ylim(-1, 1)
    >>> a, b = place_labels(ax, [0, 0.01], [0, 0.01], ["first label", "second label"])
    >>> r = fig.canvas.get_renderer()
    >>> bool(a.get_window_extent(r).overlaps(b.get_window_extent(r)))
    False
    """
    fig = ax.figure
    renderer = _renderer(fig)
    n = len(labels)
    if n == 0:
        return []
    disp = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    box = ax.get_window_extent(renderer)
    pad = pad_points * fig.dpi / 72
    sizes = []
    for lab in labels:
        t = ax.text(0, 0, str(lab), fontsize=fontsize, transform=None, color=color)
        bb = t.get_window_extent(renderer)
        sizes.append((bb.width, bb.height))
        t.remove()
    w = np.array([s[0] for s in sizes])
    h = np.array([s[1] for s in sizes]) * 1.1
    right_third = disp[:, 0] > box.x0 + box.width * 2 / 3
    x0 = np.where(right_third, disp[:, 0] - pad - w, disp[:, 0] + pad)
    x0 = np.clip(x0, box.x0, np.maximum(box.x0, box.x1 - w))
    yc = disp[:, 1].copy()  # label centres, moved apart below
    order = np.lexsort((np.arange(n), -yc))
    for _ in range(iterations):
        moved = False
        for a_i in range(n):
            i = order[a_i]
            for b_i in range(a_i + 1, n):
                j = order[b_i]
                if x0[i] >= x0[j] + w[j] or x0[j] >= x0[i] + w[i]:
                    continue
                gap = (h[i] + h[j]) / 2 - abs(yc[i] - yc[j])
                if gap > 0.01:
                    up = i if (yc[i], -i) >= (yc[j], -j) else j
                    down = j if up == i else i
                    yc[up] += gap / 2 + 0.01
                    yc[down] -= gap / 2 + 0.01
                    moved = True
        yc = np.clip(yc, box.y0 + h / 2, box.y1 - h / 2)
        if not moved:
            break
    inv = ax.transData.inverted()
    out = []
    for i in range(n):
        xy_text = inv.transform((x0[i], yc[i]))
        far = abs(yc[i] - disp[i, 1]) > h[i] * 0.6
        t = ax.annotate(str(labels[i]), (float(x[i]), float(y[i])), xytext=tuple(xy_text), textcoords="data",
                        fontsize=fontsize, ha="left", va="center", color=color, annotation_clip=False,
                        arrowprops=dict(arrowstyle="-", color="#999999", lw=0.3, shrinkA=0, shrinkB=1.5)
                        if far else None)
        t.set_in_layout(False)
        out.append(t)
    return out


def fightin_words_figures(kn: pd.DataFrame, groups: Sequence[str] | None = None, top: int = 8, alpha: float = 0.05,
                          n_docs: dict | pd.Series | None = None, width: float = DOUBLE_COLUMN, ncols: int = 3,
                          max_height: float = MAX_HEIGHT) -> list[Figure]:
    """Fightin' Words charts (Monroe et al. 2008, fig. 3), one panel per group against the rest,
    on as many figures as it takes to keep each no taller than ``max_height``.

    x: log₁₀ of the term's count on both sides; y: z. Terms with q < ``alpha`` are coloured
    (vermillion: used more by the group; blue: less), the others grey; the ``top`` terms of each
    sign are labelled, with labels placed apart (:func:`place_labels`).

    Examples
    --------
    >>> figs = fightin_words_figures(keyness(table, by="outlet"))  # doctest: +SKIP
    """
    from .keyness import fightin_words_points

    groups = list(groups) if groups is not None else sorted(kn["group"].astype(str).unique())
    n_docs = dict(n_docs) if n_docs is not None else {}
    panel_h = 2.3
    ncols = max(1, min(ncols, len(groups)))
    rows_per_page = max(1, int((max_height - 0.2) // panel_h))
    per_page = rows_per_page * ncols
    figs = []
    with matplotlib.rc_context(RC):
        if not groups:
            fig = Figure(figsize=(width, 1.5))
            ax = fig.add_subplot(1, 1, 1)
            ax.text(0.5, 0.5, "no terms to compare", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return [fig]
        for start in range(0, len(groups), per_page):
            chunk = groups[start:start + per_page]
            nrows = int(np.ceil(len(chunk) / ncols))
            fig = Figure(figsize=(width, panel_h * nrows + 0.2), layout="constrained")
            axes = fig.subplots(nrows, ncols, squeeze=False)
            placed = []
            for ax, g in zip(axes.flat, chunk):
                pts = fightin_words_points(kn, g, top=top)
                sig = pts["q"] < alpha
                ax.scatter(pts.loc[~sig, "log10_frequency"], pts.loc[~sig, "z"], s=3, color="#BBBBBB", lw=0)
                up, down = sig & (pts["z"] > 0), sig & (pts["z"] < 0)
                ax.scatter(pts.loc[up, "log10_frequency"], pts.loc[up, "z"], s=5, color=OKABE_ITO[5], lw=0)
                ax.scatter(pts.loc[down, "log10_frequency"], pts.loc[down, "z"], s=5, color=OKABE_ITO[4], lw=0)
                ax.axhline(0, color="black", lw=0.4)
                docs = n_docs.get(g)
                ax.set_title(f"{g} vs rest" + (f" ({_docs(docs)})" if docs is not None else ""), fontsize=7)
                ax.set_xlabel("log10 frequency (both sides)", fontsize=6)
                ax.set_ylabel("z (log-odds, informative prior)", fontsize=6)
                ax.tick_params(labelsize=6)
                ax.margins(x=0.04, y=0.08)
                lab = pts[pts["label"]].sort_values(["z", "term"], ascending=[False, True])
                placed.append((ax, lab))
            for ax in list(axes.flat)[len(chunk):]:
                ax.set_visible(False)
            for ax, lab in placed:  # after every panel is drawn: the layout is final
                place_labels(ax, lab["log10_frequency"].to_numpy(), lab["z"].to_numpy(), lab["term"].tolist(),
                             fontsize=5)
            figs.append(fig)
    return figs


def voice_counts_figure(counts: pd.DataFrame, term: str = "", width: float = SINGLE_COLUMN,
                        log: bool | None = None) -> Figure:
    """Occurrences of a term per group and voice: one row per group, one marker per voice.

    ``counts`` has one row per group (its index) and a column per voice. The count axis is
    logarithmic when the counts span two orders of magnitude or more (``log=None``), so an outlet
    with thousands of hits does not flatten the others to nothing; a zero is written as "0" at
    the left edge. Colours and markers: :data:`framing.style.VOICE_COLOURS`.

    Examples
    --------
    >>> vc = pd.DataFrame({"authorial": [2538, 3], "quoted": [10, 0], "distanced": [1, 2]}, index=["RT", "CNN"])
    >>> voice_counts_figure(vc, "Kiev").axes[0].get_xscale()
    'log'
    """
    voices = [v for v in VOICES if v in counts.columns]
    names = [str(i) for i in counts.index]
    vals = counts[voices].to_numpy(dtype=float) if voices else np.zeros((len(names), 0))
    positive = vals[vals > 0]
    if log is None:
        log = len(positive) > 0 and positive.max() / positive.min() >= 100
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, min(MAX_HEIGHT, 0.9 + 0.22 * max(1, len(names)))), layout="constrained")
        ax = fig.subplots()
        for vi, v in enumerate(voices):
            y = np.arange(len(names)) + (vi - (len(voices) - 1) / 2) * 0.22
            x = vals[:, vi]
            ok = x > 0
            ax.plot(x[ok], y[ok], ls="", marker=_VOICE_MARKERS[v], ms=3.5, color=_VOICE_COLOURS[v],
                    mfc="white" if v != "authorial" else _VOICE_COLOURS[v], mew=0.8, label=v)
        if log:
            ax.set_xscale("log")
            hi = positive.max() if len(positive) else 10
            ax.set_xlim(0.7, hi * 1.6)
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        else:
            hi = positive.max() if len(positive) else 1
            ax.set_xlim(0, hi * 1.08)
        for vi, v in enumerate(voices):
            y = np.arange(len(names)) + (vi - (len(voices) - 1) / 2) * 0.22
            for yi in y[vals[:, vi] == 0]:
                ax.text(0.02, yi, "0", transform=matplotlib.transforms.blended_transform_factory(ax.transAxes, ax.transData),
                        fontsize=4.5, color=_VOICE_COLOURS[v], va="center")
        ax.set_yticks(np.arange(len(names)), names, fontsize=6)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.grid(axis="x", color="#EEEEEE", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"occurrences of \u201c{term}\u201d" + (" (log scale)" if log else "") if term else
                      "occurrences" + (" (log scale)" if log else ""))
        if voices:
            ax.legend(fontsize=6, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(voices), frameon=False,
                      handletextpad=0.3, columnspacing=1.2)
    return fig
