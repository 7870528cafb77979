"""Tables for papers: CSV (exact, for re-analysis), LaTeX booktabs (for print), Excel and Stata
(:func:`save_table`), and tables for reading in notebooks and reports (:func:`reading_html`)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .columns import COLUMN_MEANINGS, column_meaning, readme_lines
from .excel import write_table_xlsx, write_xlsx
from .reading import MISSING, reading_frame, reading_html, use_reading_tables
from .stata import write_dta

__all__ = [
    "TABLE_FORMATS",
    "COLUMN_MEANINGS",
    "MISSING",
    "check_table_formats",
    "column_meaning",
    "save_table",
    "readme_lines",
    "write_table_xlsx",
    "write_dta",
    "reading_frame",
    "reading_html",
    "use_reading_tables",
    "write_xlsx",
]

#: Table formats :func:`save_table` writes (``csv`` always).
TABLE_FORMATS = ("csv", "tex", "xlsx", "dta")
#: Tables :func:`save_table` wrote without their ``dta`` file, and why (``save_table.skipped``).
_SKIPPED: dict[str, str] = {}


def check_table_formats(formats) -> tuple[str, ...]:
    """The table formats asked for, checked (``csv`` is always written, first).

    Examples
    --------
    >>> check_table_formats(["xlsx", "CSV"])
    ('csv', 'xlsx')
    >>> check_table_formats("dta")
    ('csv', 'dta')
    """
    from ..errors import ParameterError

    items = [formats] if isinstance(formats, str) else list(formats or [])
    out = ["csv"]
    for f in items:
        f = str(f).lower().lstrip(".")
        if f not in TABLE_FORMATS:
            raise ParameterError(f"table_formats: unknown format {f!r}; use any of {', '.join(TABLE_FORMATS)}")
        if f not in out:
            out.append(f)
    return tuple(out)


def save_table(
    df: pd.DataFrame,
    name: str,
    out_dir: str | os.PathLike,
    latex: bool = True,
    float_format: str = "%.4g",
    formats=None,
) -> list[Path]:
    """Write ``out_dir/name.csv`` and the other ``formats`` (default: ``tex`` when ``latex``).

    - ``csv``: every digit, no index (for re-analysis);
    - ``tex``: LaTeX booktabs, escaped, ``float_format``;
    - ``xlsx``: Excel, a README sheet (what each column means, :func:`column_meaning`) and the
      table's sheet (:func:`write_xlsx`: same table, same bytes);
    - ``dta``: Stata 118, when the columns allow it (:func:`write_dta`; a table they do not allow is
      left out and the reason returned in ``save_table.skipped``).

    Every file is written to a temporary file and renamed (complete or absent).

    Examples
    --------
    >>> save_table(df, "02_rates", "reports/tables", formats=["csv", "xlsx"])  # doctest: +SKIP
    """
    from ..files import atomic_write, atomic_write_text

    formats = check_table_formats(formats if formats is not None else (["csv", "tex"] if latex else ["csv"]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [atomic_write(out / f"{name}.csv", lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n"))]
    if "tex" in formats:
        body = df.to_latex(index=False, escape=True, float_format=lambda x: float_format % x)
        # pandas' to_latex emits booktabs rules (\toprule, \midrule, \bottomrule) by default.
        paths.append(atomic_write_text(out / f"{name}.tex", body))
    if "xlsx" in formats:
        paths.append(write_table_xlsx(out / f"{name}.xlsx", df, name))
    if "dta" in formats:
        try:
            paths.append(write_dta(out / f"{name}.dta", df, name))
        except ValueError as exc:  # columns Stata cannot hold: the other formats have the table
            _SKIPPED[name] = str(exc)
    return paths


save_table.skipped = _SKIPPED  # type: ignore[attr-defined]  # framing's own attribute on the function
