"""Excel workbooks, deterministic and written atomically: :func:`write_xlsx` for any sheets (the
coding sheets use it too) and :func:`write_table_xlsx` for one table with its README sheet."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from .columns import _flat, readme_lines


def write_table_xlsx(path: str | os.PathLike, df: pd.DataFrame, name: str) -> Path:
    """One table as a workbook: a README sheet of column meanings, then the table's sheet
    (:func:`write_xlsx`, deterministic bytes).

    Examples
    --------
    >>> write_table_xlsx("02_rates.xlsx", rates_table, "02_rates")  # doctest: +SKIP
    """
    flat = _flat(df, keep_index=False)  # the same columns as the CSV
    return write_xlsx(path, {_sheet_name(name): flat}, notes={"README": readme_lines(flat, name)})


def _sheet_name(name: str) -> str:
    bad = set("[]:*?/\\")
    clean = "".join("_" if ch in bad else ch for ch in str(name))[:31]
    return clean if clean and clean != "README" else "table"


#: Fixed timestamp written into .xlsx files (document properties and zip entries), so the same
#: tables give the same bytes.
_XLSX_EPOCH = (2000, 1, 1, 0, 0, 0)


def _xlsx_text(value):
    """Cell value safe for the xlsx XML (control characters removed; openpyxl refuses them)."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def write_xlsx(
    path: str | os.PathLike,
    sheets: dict[str, pd.DataFrame],
    *,
    notes: dict[str, list[str]] | None = None,
    choices: dict[str, dict[str, list[str]]] | None = None,
    widths: dict[str, dict[str, float]] | None = None,
    wrap: dict[str, list[str]] | None = None,
) -> Path:
    """Write DataFrames as sheets of one Excel workbook, deterministically and atomically.

    The workbook's dates and its zip entries carry a fixed timestamp, so the same input gives the
    same bytes.

    Parameters
    ----------
    sheets : sheet name -> table (written without its index, header in bold, top row frozen).
    notes : sheet name -> lines of text, written as one-column sheets placed first (a README or
        codebook sheet that explains the others).
    choices : sheet name -> {column: allowed values}: a drop-down list (Excel data validation) on
        the column's cells.
    widths : sheet name -> {column: width in characters}.
    wrap : sheet name -> columns whose cells wrap their text.

    Examples
    --------
    >>> write_xlsx("tables.xlsx", {"shares": pd.DataFrame({"a": [1]})})  # doctest: +SKIP
    PosixPath('tables.xlsx')
    """
    import datetime as _dt
    import zipfile

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..files import atomic_path

    wb = Workbook()
    wb.remove(wb.active)
    for name, lines in (notes or {}).items():
        ws = wb.create_sheet(name[:31])
        ws.column_dimensions["A"].width = 110
        for i, line in enumerate(lines, 1):
            cell = ws.cell(row=i, column=1, value=_xlsx_text(line))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if line.startswith("# "):
                cell.value = line[2:]
                cell.font = Font(bold=True, size=12)
    for name, df in sheets.items():
        ws = wb.create_sheet(name[:31])
        cols = [str(c) for c in df.columns]
        ws.append(cols)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            ws.append(
                [
                    None
                    if (isinstance(v, float) and v != v)
                    else _xlsx_text(v.isoformat() if hasattr(v, "isoformat") else v)
                    for v in row
                ]
            )
        ws.freeze_panes = "A2"
        n = len(df) + 1
        for j, col in enumerate(cols, 1):
            letter = get_column_letter(j)
            width = (widths or {}).get(name, {}).get(col)
            if width is None:
                longest = max([len(col)] + [len(str(v)) for v in df[col].head(200).tolist()])
                width = min(max(8, longest + 2), 40)
            ws.column_dimensions[letter].width = width
            if col in (wrap or {}).get(name, []):
                for (cell,) in ws.iter_rows(min_row=2, max_row=n, min_col=j, max_col=j):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            allowed = (choices or {}).get(name, {}).get(col)
            if allowed and n > 1:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(allowed) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="Not a code",
                    error=f"Use one of: {', '.join(allowed)}",
                )
                dv.add(f"{letter}2:{letter}{n}")
                ws.add_data_validation(dv)
    epoch = _dt.datetime(*_XLSX_EPOCH)
    wb.properties.created = epoch
    wb.properties.modified = epoch
    wb.properties.creator = "framing"
    path = Path(path)
    with atomic_path(path) as tmp:
        wb.save(tmp)
        # zip entries carry the time of writing: rewrite them with the fixed timestamp
        with zipfile.ZipFile(tmp) as src:
            entries = [(info, src.read(info.filename)) for info in src.infolist()]
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, data in entries:
                if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                    data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
                fixed = zipfile.ZipInfo(info.filename, date_time=_XLSX_EPOCH)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o600 << 16
                dst.writestr(fixed, data)
    return path
