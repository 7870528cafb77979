"""One concept across languages: English, Russian and Ukrainian names side by side."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..errors import ParameterError
from ..style import DOUBLE_COLUMN
from ._common import _MENTION_NEEDS, _require, _sides
from .vocabulary import _variant_colors, _variant_label

# --------------------------------------------------------------------------------------------
# One concept across languages: English, Russian and Ukrainian names side by side
# --------------------------------------------------------------------------------------------


def variants_across_languages_table(
    mentions: pd.DataFrame,
    concepts: Sequence[str] | None = None,
    voice: str | None = "authorial",
    min_mentions: int = 1,
) -> pd.DataFrame:
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


def variants_across_languages(
    mentions: pd.DataFrame,
    lexicon=None,
    concepts: Sequence[str] | None = None,
    voice: str | None = "authorial",
    min_mentions: int = 1,
    sides=None,
) -> Figure:
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

    from ..style import use_style

    use_style()
    table = variants_across_languages_table(mentions, concepts, voice, min_mentions)
    if table.empty:
        raise ParameterError("variants_across_languages: no mentions to draw (check concepts, voice and min_mentions)")
    sides = _sides(sides if sides is not None else lexicon, table["stance"])
    colours = _variant_colors(table.assign(stance=table["stance"].str.split("|").str[0]), sides)
    concept_ids = list(dict.fromkeys(table["concept"]))
    heights = [table[table["concept"] == c][["language", "outlet"]].drop_duplicates().shape[0] for c in concept_ids]
    fig, axes = plt.subplots(
        len(concept_ids),
        1,
        figsize=(DOUBLE_COLUMN, 0.25 * sum(heights) + 0.9 * len(concept_ids)),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, cid in zip(axes[:, 0], concept_ids):
        t = table[table["concept"] == cid]
        rows = list(t[["language", "outlet"]].drop_duplicates().itertuples(index=False, name=None))
        variants = sorted(
            t["variant"].unique(), key=lambda v: (sides.rank(t[t["variant"] == v]["stance"].iloc[0].split("|")[0]), v)
        )
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
