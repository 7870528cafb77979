"""Known groups in Russian- and Ukrainian-language corpora (state headlines and channels against
independent and Ukrainian ones)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..vocab import DEFAULT_SEED
from .checks import GroupExpectation, known_groups
from .corpora import KREMLIN, UKRAINE_WEST, read_source_csv
from .study import to_markdown

# --------------------------------------------------------------------------------------------
# Known groups in Russian and Ukrainian (issue 20)
# --------------------------------------------------------------------------------------------
#: The Kremlin side and the other side of each Russian- and Ukrainian-language corpus: the known
#: groups. Russian headlines from the full-scale invasion on (TASS and Pervyi Kanal, state media,
#: against Meduza and Novaya Gazeta, independent), Russian Telegram (RIA Novosti against BBC
#: Russian), Ukrainian Telegram (TSN, a Ukrainian channel).
RU_UK_GROUPS: dict[str, dict] = {
    "ru_media_headlines": {
        "language": "ru",
        "date_from": "2022-02-24",
        "pair": ("na_ukraine_ru", "v_ukraine_ru"),
        "outlets": {
            "TASS": "kremlin_side",
            "Pervyi Kanal": "kremlin_side",
            "Meduza": "other_side",
            "Novaya Gazeta": "other_side",
        },
    },
    "ru_telegram_2023_2024": {
        "language": "ru",
        "date_from": None,
        "pair": ("na_ukraine_ru", "v_ukraine_ru"),
        "outlets": {"RIA Novosti": "kremlin_side", "BBC Russian": "other_side"},
    },
    "uk_telegram_2022": {
        "language": "uk",
        "date_from": None,
        "pair": ("na_ukraini_uk", "v_ukraini_uk"),
        "outlets": {"TSN": "other_side"},
    },
}
#: Sign of the authorial stance balance each side should have (its interval excluding 0).
RU_UK_SIDES = {"kremlin_side": +1, "other_side": -1}
POOLED = "(pooled)"


def read_ru_uk_corpus(corpora: str | os.PathLike, name: str) -> pd.DataFrame:
    """One Russian or Ukrainian corpus of :data:`RU_UK_GROUPS`, its known-group outlets only: the
    window applied, Pervyi Kanal's TV-programme pages (``/shows/``, not news: the corpora README)
    dropped, and same-outlet repeats of a text (reminders, weekly rubrics) counted once. A ``group``
    column holds each outlet's side."""
    spec = RU_UK_GROUPS[name]
    df = read_source_csv(Path(corpora) / name / "corpus.csv", spec["date_from"])
    df = df[df["outlet"].isin(spec["outlets"])]
    if "url" in df.columns:
        df = df[~df["url"].fillna("").astype(str).str.contains("/shows/", regex=False)]
    df = df.drop_duplicates(["outlet", "text"]).reset_index(drop=True)
    df["date"] = pd.to_datetime(df["date"], errors="coerce", format="mixed")
    df["group"] = df["outlet"].map(spec["outlets"])
    return df


def known_groups_ru_uk(
    corpora: str | os.PathLike,
    lexicon=None,
    *,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    min_docs: int = 50,
    names: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """Known groups in the Russian- and Ukrainian-language corpora (:data:`RU_UK_GROUPS`).

    Each corpus is matched with the lexicon (documents in their own ``language``: only that
    language's variants apply); per outlet, and pooled per side, the authorial stance balance
    (K − U)/(K + U) of asserted frames and all spellings and styles, with a document bootstrap
    interval (:func:`known_groups`), and the share of the locative "на Украине" ("на Україні")
    among it and "в Украине" ("в/у Україні"). ``ok``: the balance interval excludes 0 on the
    side's sign (:data:`RU_UK_SIDES`); outlets under ``min_docs`` documents are not checked.

    Returns ``(table, info)``: one row per outlet and one per side (``outlet`` = ``(pooled)``) with
    ``corpus, language, outlet, side, n_docs, n_kremlin, n_ukraine_west, balance, balance_lo,
    balance_hi, n_locative_na, n_locative_v, share_na, share_na_lo, share_na_hi, checked, ok``
    (numbers only); ``info[name]`` holds the corpus and mentions.
    """
    from ..lexicon import load_lexicon
    from ..match import match_corpus

    lexicon = lexicon if lexicon is not None else load_lexicon()
    expect = {side: GroupExpectation(balance_sign=sign) for side, sign in RU_UK_SIDES.items()}
    rows, info = [], {}
    for name in names or list(RU_UK_GROUPS):
        spec = RU_UK_GROUPS[name]
        corpus = read_ru_uk_corpus(corpora, name)
        mentions = match_corpus(corpus, lexicon)
        info[name] = {"corpus": corpus, "mentions": mentions}
        na, v = spec["pair"]
        several = corpus.groupby("group")["outlet"].nunique()
        for pooled in (False, True):
            if pooled and not (several > 1).any():
                continue  # one outlet per side: the pooled rows would repeat them
            c = (
                corpus.assign(_by=corpus["group"].map(lambda g: f"{POOLED} {g}"))
                if pooled
                else corpus.assign(_by=corpus["outlet"])
            )
            kg = known_groups(
                c,
                mentions,
                group_col="group",
                outlet_col="_by",
                variant=na,
                other=v,
                lexicon=lexicon,
                n_boot=n_boot,
                seed=seed,
                min_docs=min_docs,
                expectations=expect,
            )
            for r in kg.itertuples():
                if pooled and several.get(r.group, 0) < 2:
                    continue
                rows.append(
                    {
                        "corpus": name,
                        "language": spec["language"],
                        "outlet": POOLED if pooled else r.outlet,
                        "side": r.group,
                        "n_docs": r.n_docs,
                        "n_kremlin": r.n_kremlin,
                        "n_ukraine_west": r.n_ukraine_west,
                        "balance": r.balance,
                        "balance_lo": r.balance_lo,
                        "balance_hi": r.balance_hi,
                        "n_locative_na": r.n_variant,
                        "n_locative_v": r.n_other,
                        "share_na": r.share,
                        "share_na_lo": r.share_lo,
                        "share_na_hi": r.share_hi,
                        "checked": bool(r.checked),
                        "ok": bool(r.balance_ok) if r.checked else None,
                    }
                )
    return pd.DataFrame(rows), info


def ru_uk_groups_pass(table: pd.DataFrame) -> dict[str, bool]:
    """The pass/fail of :func:`known_groups_ru_uk`'s table, per criterion:

    * ``kremlin_side``: every checked Kremlin-side outlet's balance interval is above 0;
    * ``sides``: every side's balance interval (pooled where a side has several outlets, else its
      outlet's) excludes 0 on its sign;
    * ``ordered``: in each corpus, every checked other-side outlet's interval lies wholly below
      every checked Kremlin-side outlet's interval;
    * ``all``: the three together. Per-outlet signs of the other side are reported (``ok``), not
      required: an independent outlet under Russian law may write "СВО" (Novaya Gazeta).

    Examples
    --------
    >>> t = pd.DataFrame({"corpus": ["c"] * 2, "outlet": ["A", "B"], "side": ["kremlin_side", "other_side"],
    ...                   "balance_lo": [0.5, -0.9], "balance_hi": [0.9, -0.2], "checked": [True, True],
    ...                   "ok": [True, True]})
    >>> ru_uk_groups_pass(t)
    {'kremlin_side': True, 'sides': True, 'ordered': True, 'all': True}
    """
    t = table[table["checked"].astype(bool)]
    per = t[t["outlet"] != POOLED]
    k = per[per["side"] == "kremlin_side"]
    out = {"kremlin_side": bool(len(k) and (k["balance_lo"] > 0).all())}
    sides_ok = True
    for (_corpus, side), g in t.groupby(["corpus", "side"]):
        row = g[g["outlet"] == POOLED] if (g["outlet"] == POOLED).any() else g
        sign = RU_UK_SIDES[side]
        sides_ok &= bool(((row["balance_lo"] > 0) if sign > 0 else (row["balance_hi"] < 0)).all())
    out["sides"] = sides_ok
    ordered = True
    for _corpus, g in per.groupby("corpus"):
        kk, oo = g[g["side"] == "kremlin_side"], g[g["side"] == "other_side"]
        if len(kk) and len(oo):
            ordered &= bool(oo["balance_hi"].max() < kk["balance_lo"].min())
    out["ordered"] = ordered
    out["all"] = out["kremlin_side"] and out["sides"] and out["ordered"]
    return out


def plot_known_groups_ru_uk(table: pd.DataFrame):
    """The stance balance of :func:`known_groups_ru_uk`, one row per outlet (pooled sides in bold),
    grouped by corpus, each a dot with its bootstrap interval in its side's colour (Kremlin side in
    the kremlin colour, the other side in the ukraine_west colour); outlets not checked hollow."""
    import matplotlib.pyplot as plt

    from ..style import STANCE_COLORS, figsize, use_style

    use_style()
    colour = {
        "kremlin_side": STANCE_COLORS.get(KREMLIN, "#D55E00"),
        "other_side": STANCE_COLORS.get(UKRAINE_WEST, "#0072B2"),
    }
    t = table.copy()
    t["pooled"] = t["outlet"] == POOLED
    t = t.sort_values(["corpus", "pooled", "side", "outlet"], kind="stable").reset_index(drop=True)
    labels = [
        (f"{r.corpus}: all {r.side.replace('_', ' ')}" if r.pooled else f"{r.corpus}: {r.outlet}") + f" (n={r.n_docs})"
        for r in t.itertuples()
    ]
    w, _ = figsize("double")
    fig, ax = plt.subplots(figsize=(w, 0.3 * len(t) + 1.0))
    y = np.arange(len(t))[::-1]
    for yi, r in zip(y, t.itertuples()):
        c = colour.get(r.side, "#999999")
        if np.isfinite(r.balance):
            ax.plot([r.balance_lo, r.balance_hi], [yi, yi], color=c, lw=2.4 if r.pooled else 1.6, solid_capstyle="butt")
            ax.plot(
                [r.balance],
                [yi],
                "D" if r.pooled else "o",
                ms=5 if r.pooled else 4,
                color=c,
                mfc=c if r.checked else "white",
                mew=1.0,
            )
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    for lab, r in zip(ax.get_yticklabels(), t.itertuples()):
        if r.pooled:
            lab.set_fontweight("bold")
    ax.set_xlim(-1.03, 1.03)
    ax.axvline(0, color="#cccccc", lw=0.6, zorder=0)
    ax.grid(axis="x", color="#eeeeee", lw=0.5)
    ax.set_xlabel("authorial stance balance (K \u2212 U)/(K + U), 95% bootstrap interval over documents")
    ax.set_title("Known groups in Russian and Ukrainian: Kremlin side vs other side", fontsize=9)
    fig.tight_layout()
    return fig


def write_ru_uk_outputs(table: pd.DataFrame, out_dir: str | os.PathLike) -> list[Path]:
    """``known_groups_ru_uk.csv`` (``%.6g``), ``.md`` and ``known_groups_ru_uk.{png,svg}`` in
    ``out_dir``; numbers only, deterministic (same table, same bytes)."""
    import matplotlib.pyplot as plt

    from ..style import save_figure

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    csv, md = out / "known_groups_ru_uk.csv", out / "known_groups_ru_uk.md"
    table.to_csv(csv, index=False, lineterminator="\n", float_format="%.6g")
    md.write_text(to_markdown(table), encoding="utf-8")
    fig = plot_known_groups_ru_uk(table)
    written = [csv, md] + list(save_figure(fig, "known_groups_ru_uk", out, ("png", "svg")))
    plt.close(fig)
    return written
