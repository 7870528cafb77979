"""Tables for reading (HTML in notebooks and reports): numbers rounded by what their column means,
missing values as a dash, long tables cut with a caption."""

from __future__ import annotations

import pandas as pd

from .columns import _flat

#: Columns shown with 2 decimals (signed scores); 3 decimals (shares, balance and their bounds,
#: 0-1 or -1..1); 3 significant digits in scientific form when small (p, q). Other floats: 3
#: significant digits.
_TWO_DECIMALS = {"z", "score", "dim1", "dim2", "pmi", "likelihood_ratio", "similarity"}
_THREE_DECIMALS = {"share", "share_all_voices", "balance"}
_PROBABILITIES = {"p", "q"}
_BOUNDS_OF = {"ci_low", "ci_high"}
MISSING = "\u2014"  # em dash


def _fmt_sig(x: float, digits: int = 3) -> str:
    """3 significant digits; thousands as whole numbers with separators; tiny values in scientific form."""
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) < 1e-3:
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}"


def reading_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The table as text for reading: index kept only when it means something (as leading
    columns), numbers rounded by what the column means, missing values as "—".

    Shares, balances and their interval bounds: 3 decimals; z, scores, map dimensions: 2 decimals;
    p and q: 3 significant digits (scientific below 0.001); counts: integers with thousands
    separators; other numbers: 3 significant digits. The CSV of a table keeps every digit.

    Examples
    --------
    >>> t = pd.DataFrame({"outlet": ["A", "B"], "share": [0.123456, None], "n": [1200, 3], "rate": [12.3456, 0.5]})
    >>> reading_frame(t).values.tolist()
    [['A', '0.123', '1,200', '12.3'], ['B', '—', '3', '0.5']]
    """
    flat = _flat(df)
    bound_decimals = 3 if any(c in flat.columns for c in _THREE_DECIMALS) else None
    out = {}
    for col in flat.columns:
        s = flat[col]
        name = str(col).split(" / ")[-1]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map(lambda v: "yes" if v else "no")
            continue
        if pd.api.types.is_integer_dtype(s):
            out[col] = s.map(lambda v: f"{int(v):,}")
            continue
        if pd.api.types.is_float_dtype(s):
            if name in _THREE_DECIMALS or (name in _BOUNDS_OF and bound_decimals) or ":" in name:
                f = lambda v: f"{v:.3f}"  # noqa: E731
            elif name in _TWO_DECIMALS:
                f = lambda v: f"{v:.2f}"  # noqa: E731
            elif name in _PROBABILITIES:
                f = lambda v: f"{v:.3g}" if v >= 1e-3 or v == 0 else f"{v:.2e}"  # noqa: E731
            elif s.dropna().apply(float.is_integer).all() and len(s.dropna()):
                f = lambda v: f"{int(v):,}"  # noqa: E731
            else:
                f = _fmt_sig
            out[col] = s.map(lambda v, f=f: MISSING if pd.isna(v) else f(float(v)))
            continue
        if pd.api.types.is_datetime64_any_dtype(s):
            dates = pd.to_datetime(s)
            midnight = (dates.dropna() == dates.dropna().dt.normalize()).all()
            out[col] = dates.map(
                lambda v, midnight=midnight: (
                    MISSING if pd.isna(v) else (v.strftime("%Y-%m-%d") if midnight else v.strftime("%Y-%m-%d %H:%M"))
                )
            )
            continue
        out[col] = s.map(
            lambda v: (
                MISSING
                if (
                    v is None
                    or (isinstance(v, float) and v != v)
                    or v is pd.NaT
                    or (not isinstance(v, str) and pd.isna(v) is True)
                )
                else str(v)
            )
        )
    return pd.DataFrame(out, columns=list(flat.columns))


def reading_html(df: pd.DataFrame, max_rows: int = 60) -> str:
    """A DataFrame as an HTML table for reading (:func:`reading_frame`): no index, numbers right
    aligned, at most ``max_rows`` rows (the caption says how many more the CSV has), wrapped in a
    box that scrolls sideways when the table is wider than the page.

    Examples
    --------
    >>> print(reading_html(pd.DataFrame({"n": [1]})))
    <div class="framing-table"><table class="framing"><thead><tr><th>n</th></tr></thead><tbody><tr><td class="num">1</td></tr></tbody></table></div>
    """
    import html as _html

    text = reading_frame(df)
    flat = _flat(df)
    numeric = [pd.api.types.is_numeric_dtype(flat[c]) and not pd.api.types.is_bool_dtype(flat[c]) for c in flat.columns]
    head = "".join(f"<th>{_html.escape(str(c))}</th>" for c in text.columns)
    rows = []
    for row in text.head(max_rows).itertuples(index=False):
        cells = "".join(
            f'<td class="num">{_html.escape(v)}</td>' if num else f"<td>{_html.escape(v)}</td>"
            for v, num in zip(row, numeric)
        )
        rows.append(f"<tr>{cells}</tr>")
    more = len(text) - max_rows
    caption = f"<caption>first {max_rows:,} of {len(text):,} rows</caption>" if more > 0 else ""
    return (
        f'<div class="framing-table"><table class="framing">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def use_reading_tables(max_rows: int = 60) -> bool:
    """In IPython/Jupyter, show every DataFrame as :func:`reading_html` from now on (the plain-text
    form is unchanged). Returns False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    ip = get_ipython()
    if ip is None:
        return False
    ip.display_formatter.formatters["text/html"].for_type(pd.DataFrame, lambda df: reading_html(df, max_rows))
    return True
