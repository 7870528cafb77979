"""Figures of notebooks 01 and 02: which variant of each concept an outlet uses, in whose voice;
variant shares and stance balance per outlet, with their intervals."""

from __future__ import annotations

from collections.abc import Sequence

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

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..lexicon import Sides
from ..style import DOUBLE_COLUMN, MAX_HEIGHT, RC, SINGLE_COLUMN
from ..vocab import VOICES
from ._common import (
    _MENTION_NEEDS,
    _VOICE_COLOURS,
    _VOICE_MARKERS,
    SEVERAL_STANCES_COLOUR,
    _require,
    _sides,
    split_pages,
)
from .maps import _balance_sides

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
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c.startswith("n") else "float64" if "share" in c else "str") for c in cols}
        )
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
            r, g, b = base + (1 - base) * mix
            out[(concept, variant, stance)] = mcolors.to_hex((float(r), float(g), float(b)))
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


def _variant_blocks(
    table: pd.DataFrame, concept_list: Sequence[str], outlet_list: Sequence[str], voices: Sequence[str], sides: Sides
):
    """Per concept: its rows, its (variant, stance) pairs in the sides' order, and the outlets with a
    mention of it in one of ``voices`` (an outlet that never names the concept gets no empty row)."""
    for concept in concept_list:
        ct = table[table["concept"] == concept]
        variants = (
            ct[["variant", "stance"]]
            .drop_duplicates()
            .assign(_s=lambda d: d["stance"].map(sides.rank))
            .sort_values(["_s", "stance", "variant"])[["variant", "stance"]]
            .values.tolist()
        )
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
    heights = [
        (1.0 + _block_rows(outs, variants) + 0.6) * _ROW_IN
        for _c, _ct, variants, outs in _variant_blocks(table, concept_list, outlet_list, voices, side_set)
    ]
    figs = (
        [
            variant_use_by_outlet(
                table,
                outlets=outlet_list,
                concepts=[concept_list[i] for i in page],
                voices=voices,
                width=width,
                normalize=normalize,
                sides=sides,
            )
            for page in split_pages(heights, max_height, fixed=0.6)
        ]
        if concept_list
        else [variant_use_by_outlet(table.iloc[0:0], voices=voices, width=width, normalize=normalize, sides=sides)]
    )
    vars(figs[0])["framing_single_variant"] = single  # an attribute of framing's on matplotlib's Figure
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
            ax.text(
                0.5,
                0.5,
                "no lexicon mentions in the selected documents",
                ha="center",
                va="center",
                transform=ax.transAxes,
            )
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
                    vals = (
                        vt[(vt["variant"] == variant) & (vt["stance"] == stance)]
                        .groupby("outlet")["n"]
                        .sum()
                        .reindex(block_outlets, fill_value=0)
                        .to_numpy()
                        .astype(float)
                    )
                    if normalize:
                        vals = np.divide(vals, totals, out=np.zeros_like(vals), where=totals > 0)
                    if vals.any():
                        ax.barh(
                            y,
                            vals,
                            left=left,
                            height=0.75,
                            color=colors[(concept, variant, stance)],
                            edgecolor="white",
                            linewidth=0.3,
                        )
                    left += vals
                for yi, tot, end in zip(y, totals, left):
                    if tot:
                        ax.text(end + xmax * 0.02, yi, f"{int(tot)}", va="center", fontsize=5, color="#333333")
            trans = blended_transform_factory(axes[0].transAxes, axes[0].transData)
            axes[0].text(
                -0.01, top - 0.9, concept, transform=trans, ha="right", va="center", fontsize=7, fontweight="bold"
            )
            handles = [
                Patch(facecolor=colors[(concept, v, s)], label=f"{_variant_label(v, lexicon)} ({sides.label(s)})")
                for v, s in variants
            ]
            legend = Legend(
                axes[-1],
                handles,
                [str(h.get_label()) for h in handles],
                loc="upper left",
                frameon=False,
                fontsize=5,
                handlelength=1.0,
                handleheight=0.8,
                labelspacing=0.25,
                borderaxespad=0,
                borderpad=0,
                bbox_to_anchor=(1.03, top - 0.5),
                bbox_transform=blended_transform_factory(axes[-1].transAxes, axes[-1].transData),
            )
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
        fig.subplots_adjust(
            wspace=0.06,
            left=0.22,
            right=0.74,
            top=1 - 0.3 / fig.get_size_inches()[1],
            bottom=0.35 / fig.get_size_inches()[1],
        )
    return fig


# --------------------------------------------------------------------------------------------
# 02: variant shares and stance balance per outlet, with their intervals
# --------------------------------------------------------------------------------------------


def variant_shares_by_outlet(
    shares: pd.DataFrame,
    by: str = "outlet",
    concepts: Sequence[str] | None = None,
    sides=None,
    width: float = DOUBLE_COLUMN,
) -> Figure:
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
    _require(
        shares,
        (by, "concept", "variant", "stance", "count", "concept_count", "share", "ci_low", "ci_high"),
        "variant shares",
    )
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
                ax.errorbar(
                    rows["share"][ok],
                    y[ok],
                    xerr=[(rows["share"] - rows["ci_low"])[ok], (rows["ci_high"] - rows["share"])[ok]],
                    fmt="osD^vPX*"[vi % 8],
                    ms=3,
                    lw=0.7,
                    color=color,
                    label=f"{_variant_label(v, lexicon)} ({side})",
                )
            ax.set_yticks(
                np.arange(len(names)),
                [f"{n} ({int(sub[sub[by] == n]['concept_count'].iloc[0])})" for n in names],
                fontsize=6,
            )
            ax.set_xlim(-0.02, 1.02)
            ax.invert_yaxis()
            ax.set_title(f"{c}: share of each variant (mentions in brackets)", fontsize=7)
            ax.legend(fontsize=5, loc="center left", bbox_to_anchor=(1.0, 0.5))
        voice = shares["voice"].iloc[0] if "voice" in shares.columns and shares["voice"].nunique() == 1 else ""
        axes[-1].set_xlabel(
            f"share among the concept's {voice + ' ' if voice else ''}mentions (95% bootstrap interval)"
        )
    return fig


def variant_shares_figures(
    shares: pd.DataFrame,
    by: str = "outlet",
    concepts: Sequence[str] | None = None,
    sides=None,
    width: float = DOUBLE_COLUMN,
    max_height: float = MAX_HEIGHT,
) -> list[Figure]:
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
    return [
        variant_shares_by_outlet(shares, by=by, concepts=[wanted[i] for i in page], sides=sides, width=width)
        for page in split_pages(heights, max_height, fixed=0.4)
    ]


def _share_panel_height(n_variants: int, n_names: int) -> float:
    # each outlet's row tall enough for its variants' dots to stand apart (0.06 in each), but one
    # panel never taller than a page
    row = max(0.25, 0.06 * n_variants)
    row = min(row, max(0.25, (MAX_HEIGHT - 0.9) / max(1, n_names)))
    return max(1.2, 0.45 + n_names * row)


def _docs(k: int) -> str:
    return f"{int(k)} doc" if int(k) == 1 else f"{int(k)} docs"


def stance_balance_by_outlet(
    balance: pd.DataFrame,
    by: str = "outlet",
    sides=None,
    n_docs: pd.Series | dict | None = None,
    width: float = SINGLE_COLUMN,
) -> Figure:
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
            ax.errorbar(
                rows["balance"][ok],
                y[ok],
                xerr=[(rows["balance"] - rows["ci_low"])[ok], (rows["ci_high"] - rows["balance"])[ok]],
                fmt=_VOICE_MARKERS[v],
                ms=3.5,
                lw=0.7,
                color=_VOICE_COLOURS[v],
                mfc="white" if v != "authorial" else None,
                label=v,
            )
        for i in np.flatnonzero(~estimated):
            ax.text(
                0.03,
                int(i),
                f"no {sides.label(sides.positive)} or {sides.label(sides.negative)} mention",
                fontsize=5.5,
                color="#555555",
                va="center",
            )
        ax.axvline(0, color="black", lw=0.4)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_yticks(
            np.arange(len(names)), [f"{n} ({_docs(n_docs.get(n, 0))})" if n_docs else str(n) for n in names], fontsize=6
        )
        # two lines: the poles' names under the axis, within a single column's width
        ax.set_xlabel(
            sides.axis_label().replace("   stance balance   ", "  \u00b7  ").join(["stance balance\n", ""])
            if sides.poles
            else sides.axis_label(),
            fontsize=7,
        )
        if ax.get_legend_handles_labels()[0]:  # above the axes: never over a dot
            ax.legend(
                fontsize=6,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncol=3,
                frameon=False,
                handletextpad=0.3,
                columnspacing=1.2,
            )
    return fig
