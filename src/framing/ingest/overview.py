"""Tables and a figure that describe an ingested corpus (notebook ``00_corpus_overview``).

All functions accept any canonical corpus; the ingest columns (``is_copy``, ``dup_group``,
``dup_similarity``, ``furniture_removed``, ``n_furniture``) are used when present.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def _words(text: pd.Series) -> pd.Series:
    return text.fillna("").astype(str).str.count(r"\S+").astype("int64")


def outlet_overview(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: documents, copies, documents without copies, words (whitespace
    tokens), median words per document, first and last date, undated documents, furniture lines;
    and, for a corpus with a ``language`` column, its documents by language ("ru 4650, uk 2").

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["A", "A", "B"], "text": ["a b", "c", "d e f"],
    ...                    "date": pd.to_datetime(["2022-01-01", None, "2022-02-01"])})
    >>> outlet_overview(df)[["outlet", "documents", "words"]].values.tolist()
    [['A', 2, 3], ['B', 1, 3]]
    """
    df = corpus.assign(
        _words=_words(corpus["text"]),
        _copy=corpus["is_copy"].astype(bool) if "is_copy" in corpus else False,
        _furn=corpus["n_furniture"] if "n_furniture" in corpus else 0,
        _undated=corpus["date"].isna() if "date" in corpus else True,
    )
    g = df.groupby("outlet", sort=True)
    out = pd.DataFrame(
        {
            "documents": g.size(),
            "copies": g["_copy"].sum().astype("int64"),
            "words": g["_words"].sum(),
            "median_words": g["_words"].median(),
            "first_date": g["date"].min() if "date" in df else pd.NaT,
            "last_date": g["date"].max() if "date" in df else pd.NaT,
            "undated": g["_undated"].sum().astype("int64"),
            "furniture_lines": g["_furn"].sum().astype("int64"),
        }
    )
    out.insert(2, "originals", out["documents"] - out["copies"])
    if "language" in corpus:  # e.g. "ru 4650, uk 2": the languages of an outlet's documents, most first
        out["languages"] = corpus.groupby("outlet", sort=True)["language"].agg(
            lambda s: ", ".join(
                f"{k} {v}" for k, v in sorted(s.astype(str).value_counts().items(), key=lambda kv: (-kv[1], kv[0]))
            )
        )
    return out.reset_index()


def documents_over_time(corpus: pd.DataFrame, freq: str = "M", count_copies: bool = True) -> pd.DataFrame:
    """Documents and words per outlet and period (``freq``: ``D``, ``W``, ``M``, ``Q``, ``Y``).

    Undated documents are left out (see :func:`outlet_overview` for their number). Returns
    columns ``period`` (period start timestamp), ``outlet``, ``documents``, ``words``.
    """
    df = corpus[corpus["date"].notna()]
    if not count_copies and "is_copy" in df:
        df = df[~df["is_copy"].astype(bool)]
    if df.empty:
        return pd.DataFrame(columns=["period", "outlet", "documents", "words"])
    period = df["date"].dt.to_period(freq).dt.start_time
    out = (
        df.assign(period=period, _w=_words(df["text"]))
        .groupby(["period", "outlet"], sort=True)
        .agg(documents=("text", "size"), words=("_w", "sum"))
        .reset_index()
    )
    return out


def duplicate_clusters(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per copy: its cluster's original, outlets, dates and containment similarity."""
    cols = ["dup_group", "original_outlet", "original_date", "copy", "copy_outlet", "copy_date", "similarity"]
    if "is_copy" not in corpus or not corpus["is_copy"].any():
        return pd.DataFrame(columns=cols)
    by_id = corpus.set_index("doc_id")
    copies = corpus[corpus["is_copy"].astype(bool)]
    out = pd.DataFrame(
        {
            "dup_group": copies["dup_group"].values,
            "original_outlet": by_id["outlet"].reindex(copies["dup_group"]).values,
            "original_date": by_id["date"].reindex(copies["dup_group"]).values,
            "copy": copies["doc_id"].values,
            "copy_outlet": copies["outlet"].values,
            "copy_date": copies["date"].values,
            "similarity": copies["dup_similarity"].values if "dup_similarity" in copies else np.nan,
        }
    )
    return out.sort_values(["dup_group", "copy"]).reset_index(drop=True)


def furniture_table(corpus: pd.DataFrame, max_chars: int = 120) -> pd.DataFrame:
    """Distinct removed furniture lines: outlet, reason, line (cut to ``max_chars``), documents."""
    cols = ["outlet", "reason", "line", "documents"]
    if "furniture_removed" not in corpus:
        return pd.DataFrame(columns=cols)
    rows = []
    for outlet, doc_id, raw in zip(corpus["outlet"], corpus["doc_id"], corpus["furniture_removed"]):
        for entry in json.loads(raw or "[]"):
            line = entry["line"] if len(entry["line"]) <= max_chars else entry["line"][: max_chars - 1] + "…"
            rows.append((outlet, entry["reason"], line, doc_id))
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows, columns=["outlet", "reason", "line", "doc_id"])
    out = df.groupby(["outlet", "reason", "line"], sort=True)["doc_id"].nunique().rename("documents").reset_index()
    return out.sort_values(["documents", "outlet", "reason", "line"], ascending=[False, True, True, True]).reset_index(
        drop=True
    )


def overview_figure(corpus: pd.DataFrame, freq: str = "M"):
    """Two panels sharing the outlet axis: words per outlet (originals and copies stacked), and a
    heat map of documents per outlet and period (colour: number of documents; blank: none).

    Examples
    --------
    >>> fig = overview_figure(corpus)  # doctest: +SKIP
    """
    from matplotlib import colors as mcolors
    from matplotlib.figure import Figure

    from ..style import DOUBLE_COLUMN, OKABE_ITO

    ov = outlet_overview(corpus).sort_values(["words", "outlet"]).reset_index(drop=True)
    height = max(2.4, 0.26 * len(ov) + 1.3)
    fig = Figure(figsize=(DOUBLE_COLUMN, height), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.4]})
    words = _words(corpus["text"])
    is_copy = corpus["is_copy"].astype(bool) if "is_copy" in corpus else pd.Series(False, index=corpus.index)
    copy_words = words[is_copy].groupby(corpus.loc[is_copy, "outlet"]).sum().reindex(ov["outlet"]).fillna(0)
    orig_words = ov.set_index("outlet")["words"] - copy_words
    y = np.arange(len(ov))
    ax1.barh(y, orig_words.values, color=OKABE_ITO[5 % len(OKABE_ITO)], label="originals")
    ax1.barh(y, copy_words.values, left=orig_words.values, color=OKABE_ITO[1], label="copies")
    ax1.set_yticks(y, ov["outlet"])
    ax1.set_ylim(-0.5, len(ov) - 0.5)
    ax1.set_xlabel("words (furniture removed)")
    ax1.set_title("Words per outlet")
    if copy_words.sum() > 0:
        ax1.legend(loc="best", frameon=True, framealpha=0.9, edgecolor="none")
    t = documents_over_time(corpus, freq)
    if len(t):
        periods = pd.period_range(t["period"].min(), t["period"].max(), freq=freq).start_time
        grid = t.pivot_table(index="outlet", columns="period", values="documents", aggfunc="sum").reindex(
            index=ov["outlet"], columns=periods
        )
        values = np.ma.masked_invalid(grid.to_numpy(dtype=float))
        vmax = max(float(np.nanmax(grid.to_numpy(dtype=float))), 1.0)
        norm = mcolors.LogNorm(vmin=1, vmax=vmax) if vmax >= 20 else mcolors.Normalize(vmin=0, vmax=vmax)
        im = ax2.imshow(
            values,
            aspect="auto",
            cmap="viridis",
            norm=norm,
            interpolation="nearest",
            origin="lower",
            extent=(-0.5, len(periods) - 0.5, -0.5, len(ov) - 0.5),
        )
        ax2.set_yticks(y, [""] * len(ov))
        step = max(1, int(np.ceil(len(periods) / 8)))
        ticks = np.arange(0, len(periods), step)
        fmt = (
            "%Y-%m"
            if freq.upper().startswith(("M", "Q"))
            else ("%Y" if freq.upper().startswith(("Y", "A")) else "%Y-%m-%d")
        )
        ax2.set_xticks(ticks, [periods[i].strftime(fmt) for i in ticks], rotation=30, ha="right")
        ax2.set_title(
            "Documents per outlet and "
            + {"M": "month", "W": "week", "D": "day", "Q": "quarter", "Y": "year"}.get(freq.upper()[:1], "period")
        )
        cbar = fig.colorbar(im, ax=ax2, label="documents", shrink=0.9)
        if not isinstance(norm, mcolors.LogNorm):
            from matplotlib.ticker import MaxNLocator

            cbar.locator = MaxNLocator(integer=True)
            cbar.update_ticks()
    else:
        ax2.text(0.5, 0.5, "no dated documents", ha="center", va="center", transform=ax2.transAxes)
        ax2.set_axis_off()
    return fig
