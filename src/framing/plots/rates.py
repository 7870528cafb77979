"""Rates over time (notebook 04): the statistics are :func:`framing.timeseries.period_rates`; this
module draws them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib
import matplotlib.dates
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..counts import doc_token_counts, resolve_mwes  # noqa: F401  (doc_token_counts: re-exported)
from ..style import DOUBLE_COLUMN, MAX_HEIGHT, OKABE_ITO, RC

# --------------------------------------------------------------------------------------------
# 04: rates over time
# --------------------------------------------------------------------------------------------
from ..timeseries import _FREQS, _SEP, _periods, period_rates  # noqa: F401 (period_rates: re-exported)
from ._common import _require, _sides


def rates_window(rates: pd.DataFrame, group_col: str = "outlet", share: float = 0.5) -> dict:
    """The span of periods in which most groups have documents: from the first to the last period
    in which at least ``share`` of the groups (at least one) have a document.

    One outlet with a few old documents would otherwise stretch the time axis over years and
    squeeze the months every outlet covers into a corner. A span that would leave a group with no
    document at all is not taken: then every period is kept (no outlet vanishes from a figure). Returns ``{"start", "end", "min_groups",
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
    inside = cells[(periods >= start) & (periods <= end)][group_col].astype(str).nunique()
    if inside < cells[group_col].astype(str).nunique():  # a group would vanish from the figure: keep every period
        start, end, need = pd.Timestamp(periods.min()), pd.Timestamp(periods.max()), 1
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
    title: Callable[[str], str] = str
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
            ax.text(
                0.5, 0.5, "no dated documents with lexicon mentions", ha="center", va="center", transform=ax.transAxes
            )
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
                    ax.plot(
                        x[zero],
                        np.zeros(int(zero.sum())),
                        ls="",
                        marker="|",
                        ms=3,
                        mew=0.6,
                        color=palette[g],
                        clip_on=False,
                    )
                    rate, lo, hi = (np.where(zero, np.nan, a) for a in (rate, lo, hi))
                ok = np.isfinite(rate) & np.isfinite(lo) & np.isfinite(hi)
                if "docs" in gt.columns:  # a band only where 20+ documents carry it; elsewhere the line below
                    few = gt["docs"].fillna(0).to_numpy(float) < 20
                    ax.fill_between(
                        x,
                        np.where(few, np.nan, lo),
                        np.where(few, np.nan, hi),
                        color=palette[g],
                        alpha=0.15,
                        linewidth=0,
                    )
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
        handles = [
            matplotlib.lines.Line2D([], [], color=palette[g], marker=marker[g], markersize=3, label=g) for g in groups
        ]
        height = fig.get_size_inches()[1]
        fig.subplots_adjust(hspace=0.6, wspace=0.3, top=1 - 0.25 / height, bottom=0.35 / height)
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=min(5, len(groups)),
            frameon=False,
            bbox_to_anchor=(0.5, 1 - 0.05 / height),
            fontsize=6,
        )
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


def rates_over_time_figures(
    rates: pd.DataFrame,
    by: str = "concept",
    group_col: str = "outlet",
    sides=None,
    width: float = DOUBLE_COLUMN,
    ncols: int = 3,
    max_height: float = MAX_HEIGHT,
    window: dict | None | bool = True,
) -> list[Figure]:
    """:func:`rates_over_time` on as many figures as it takes to keep each no taller than
    ``max_height`` (whole rows of ``ncols`` panels per figure, same colours on every one). A
    ``by`` value without any mention gets no panel.

    Examples
    --------
    >>> figs = rates_over_time_figures(period_rates(corpus, mentions))  # doctest: +SKIP
    """
    keys = sorted(rates[by].astype(str).unique()) if len(rates) else []
    if window is True:
        window = rates_window(rates, group_col) if "docs" in rates.columns else None
    if "mentions" in rates.columns and keys:  # a panel without any mention in the span drawn is empty: leave it out
        shown = rates
        if isinstance(window, dict) and window.get("start") is not None:
            period = pd.to_datetime(rates["period"])
            shown = rates[(period >= window["start"]) & (period <= window["end"])]
        seen = shown.groupby(shown[by].astype(str))["mentions"].sum()
        keys = [k for k in keys if seen.get(k, 0) > 0] or keys
    if by == "stance" and keys:
        side_set = _sides(sides, keys)
        keys = sorted(keys, key=lambda k: (side_set.rank(k), k))
    ncols = max(1, min(ncols, len(keys) or 1))
    rows_per_page = max(1, int((max_height - 1.0) // 1.7))
    per_page = rows_per_page * ncols
    if not keys:
        return [
            rates_over_time(rates, by=by, group_col=group_col, width=width, ncols=ncols, sides=sides, window=window)
        ]
    return [
        rates_over_time(
            rates,
            by=by,
            group_col=group_col,
            width=width,
            ncols=ncols,
            sides=sides,
            keys=keys[i : i + per_page],
            window=window or False,
        )
        for i in range(0, len(keys), per_page)
    ]
