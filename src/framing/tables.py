"""Tables for papers: CSV (exact, for re-analysis) and LaTeX booktabs (for print)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

#: Table formats :func:`save_table` writes (``csv`` always).
TABLE_FORMATS = ("csv", "tex", "xlsx", "dta")

#: What the columns of the report's tables mean (the README sheet of every .xlsx, the variable
#: labels of every .dta). A column not listed is described by its name.
COLUMN_MEANINGS = {
    "outlet": "news outlet (publisher) of the documents",
    "group": "the group compared with the rest (an outlet, or the value of the grouping column)",
    "concept": "concept of the lexicon: one referent with rival names",
    "variant": "one rival name (variant) of the concept, by its lexicon id",
    "stance": "side (stance) the lexicon gives the variant; several joined by | when it depends on the date",
    "voice": "authorial (the outlet's own narration), quoted (inside quotation marks) or distanced (so-called, scare quotes)",
    "modality": "how the mention is put: asserted, or forecast, conditional, denied ...",
    "n": "number of mentions",
    "count": "number of mentions (or of the term's tokens)",
    "mentions": "number of lexicon mentions",
    "share": "share of the variant among the mentions of its concept (0-1)",
    "share_all_voices": "share of the variant among the concept's mentions, voices pooled (0-1)",
    "n_all_voices": "mentions of the variant, voices pooled",
    "concept_count": "mentions of any variant of the concept",
    "n_docs": "documents of the group",
    "docs": "documents of the group in the period",
    "documents": "number of documents",
    "n_docs_with_concept": "documents that mention the concept (they carry the share and choose the bootstrap scheme)",
    "n_docs_with_stance": "documents that mention either side of the balance (they carry the balance and choose the bootstrap scheme)",
    "n_docs_with_mention": "documents with a mention of the concept in this voice",
    "small_sample": "True when fewer than 20 documents carry the estimate: read it as an anecdote",
    "tokens": "tokens (words) of the group's documents, lexicon phrases counted as one",
    "rate": "mentions per 10,000 tokens",
    "ci_low": "lower end of the 95% percentile bootstrap interval",
    "ci_high": "upper end of the 95% percentile bootstrap interval",
    "n_boot": "bootstrap replicates",
    "resample": "bootstrap scheme: documents, or two-stage (documents, then within each document) for small samples",
    "method": "how the estimate and its interval were computed",
    "balance": "stance balance (P - N) / (P + N) of the lexicon's two poles, -1 to +1",
    "period": "first day of the period",
    "term": "word or lexicon phrase (as the tokenizer writes it)",
    "total": "tokens of the group",
    "other_count": "count of the term in all other groups",
    "other_total": "tokens of all other groups",
    "score": "log-odds ratio with informative Dirichlet prior (Monroe et al. 2008), delta",
    "z": "z-score of the log-odds ratio (delta / sigma)",
    "p": "two-sided p-value",
    "q": "Benjamini-Hochberg adjusted p-value (false discovery rate)",
    "prior": "prior count of the term",
    "prior_total": "prior size",
    "one_group_only": "True when the term occurs on one side of the comparison only",
    "warning": "why the score needs care (empty: none)",
    "doc_id": "document identifier",
    "date": "publication date",
    "title": "document title",
    "url": "document URL",
    "start": "character offset where the match starts in the document text",
    "end": "character offset where the match ends",
    "matched": "the text as matched",
    "sentence": "the sentence around the mention",
    "left": "context before the match",
    "match": "the match",
    "right": "context after the match",
    "collocate": "word seen near the term",
    "position": "side of the term the collocate is on (left, right, both)",
    "term_count": "occurrences of the term",
    "collocate_count": "occurrences of the collocate",
    "n_tokens": "tokens of the group",
    "window": "collocation window (tokens)",
    "pmi": "pointwise mutual information, log2",
    "likelihood_ratio": "Dunning's log-likelihood G2",
    "dim1": "first map dimension",
    "dim2": "second map dimension",
    "words": "words of the cleaned text",
    "median_words": "median words per document",
    "first_date": "earliest document date",
    "last_date": "latest document date",
    "undated": "documents without a date",
    "copies": "near-duplicate copies of an earlier document",
    "originals": "documents that are not copies",
    "furniture_lines": "site-furniture lines removed by ingest",
    "similarity": "share of the copy's 5-word shingles found in its original",
    "reason": "why the line was removed",
    "line": "the removed line",
    "authorial": "occurrences in the outlet's own narration",
    "quoted": "occurrences inside quotation marks",
    "distanced": "occurrences marked as distanced (so-called, scare quotes)",
}


def check_table_formats(formats) -> tuple[str, ...]:
    """The table formats asked for, checked (``csv`` is always written, first).

    Examples
    --------
    >>> check_table_formats(["xlsx", "CSV"])
    ('csv', 'xlsx')
    >>> check_table_formats("dta")
    ('csv', 'dta')
    """
    from .errors import ParameterError

    items = [formats] if isinstance(formats, str) else list(formats or [])
    out = ["csv"]
    for f in items:
        f = str(f).lower().lstrip(".")
        if f not in TABLE_FORMATS:
            raise ParameterError(f"table_formats: unknown format {f!r}; use any of {', '.join(TABLE_FORMATS)}")
        if f not in out:
            out.append(f)
    return tuple(out)


def column_meaning(column: str) -> str:
    """What a column of the report's tables means (:data:`COLUMN_MEANINGS`), else a generic line.

    Examples
    --------
    >>> column_meaning("ci_low")
    'lower end of the 95% percentile bootstrap interval'
    """
    col = str(column)
    if col in COLUMN_MEANINGS:
        return COLUMN_MEANINGS[col]
    if ":" in col:
        concept, variant = col.split(":", 1)
        return f"share of variant {variant} among the mentions of concept {concept}"
    return f"{col} (see the notebook that wrote this table)"


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
    from .files import atomic_write, atomic_write_text

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
            save_table.skipped[name] = str(exc)
    return paths


save_table.skipped = {}  # type: ignore[attr-defined]


def readme_lines(df: pd.DataFrame, name: str) -> list[str]:
    """The README sheet of a table's workbook: its name, then one line per column with its meaning."""
    lines = [f"# {name}", f"{len(df):,} rows, {len(df.columns)} columns. Column meanings:", ""]
    lines += [f"{c}: {column_meaning(c)}" for c in df.columns]
    lines += ["", "Missing values are empty cells. The CSV beside this file has the same table with every digit."]
    return lines


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


def _flat(df: pd.DataFrame, keep_index: bool = True) -> pd.DataFrame:
    """Columns as plain strings (a MultiIndex joined by ' / '); the index becomes leading columns when
    ``keep_index`` and it means something (it has a name, or labels that are not row numbers), as
    for a table of counts per outlet; files leave it out, as the CSV does."""
    out = df
    idx = out.index
    meaningful = any(n is not None for n in idx.names) or not pd.api.types.is_integer_dtype(idx.dtype)
    if keep_index and meaningful and not isinstance(idx, pd.RangeIndex):
        out = out.reset_index()
    elif keep_index and isinstance(idx, pd.RangeIndex) and idx.name is not None:
        out = out.reset_index()
    if isinstance(out.columns, pd.MultiIndex):
        out = out.copy()
        out.columns = [" / ".join(str(p) for p in col if str(p)) for col in out.columns]
    else:
        out = out.copy()
        out.columns = [str(c) for c in out.columns]
    return out


#: Stata's fixed time stamp for .dta files, so the same table gives the same bytes.
_DTA_STAMP = (2000, 1, 1)


def _stata_name(column: str, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", str(column))
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "v_" + name
    name = name[:32]
    base, k = name, 2
    while name.lower() in taken:
        suffix = f"_{k}"
        name = base[: 32 - len(suffix)] + suffix
        k += 1
    taken.add(name.lower())
    return name


def write_dta(path: str | os.PathLike, df: pd.DataFrame, name: str = "") -> Path:
    """A table as a Stata 118 ``.dta`` file with a fixed time stamp (same table, same bytes).

    Column names become valid Stata names (letters, digits, ``_``; at most 32 characters), each
    variable labelled with its original name and meaning; booleans become 0/1 bytes; dates stay
    dates. Raises ``ValueError`` when a column cannot be stored (mixed types, an object column that
    is not text).

    Examples
    --------
    >>> write_dta("02_rates.dta", rates_table, "02_rates")  # doctest: +SKIP
    """
    import datetime as _dt
    import warnings

    from .files import atomic_path

    flat = _flat(df, keep_index=False)  # the same columns as the CSV
    if len(flat.columns) == 0:
        raise ValueError("the table has no columns (Stata needs at least one variable)")
    data = {}
    labels = {}
    taken: set[str] = set()
    for col in flat.columns:
        s = flat[col]
        new = _stata_name(col, taken)
        if pd.api.types.is_bool_dtype(s):
            s = s.astype("int8")
        elif pd.api.types.is_datetime64_any_dtype(s):
            s = pd.to_datetime(s)
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            s = s.astype("datetime64[ns]")
        elif pd.api.types.is_numeric_dtype(s):
            s = (
                s.astype("float64")
                if pd.api.types.is_float_dtype(s)
                else s.astype("int64")
                if not s.isna().any()
                else s.astype("float64")
            )
        else:
            kinds = {type(v) for v in s.dropna().tolist()}
            if kinds - {str}:
                if kinds <= {bool} or kinds <= {bool, str}:
                    s = s.map(lambda v: v if v is None or isinstance(v, str) or v != v else str(v))
                else:
                    raise ValueError(f"column {col!r} mixes {', '.join(sorted(k.__name__ for k in kinds))}")
            s = s.astype(object).where(s.notna(), "").astype(str)
        data[new] = s.reset_index(drop=True)
        text = f"{col}: {column_meaning(col)}" if new != col else column_meaning(col)
        labels[new] = text.encode("utf-8")[:80].decode("utf-8", "ignore")
    frame = pd.DataFrame(data)
    date_cols = {c: "td" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    # long texts (sentences, contexts) as strL: a fixed-width str2045 column would pad every row
    long_text = [
        c
        for c in frame.columns
        if pd.api.types.is_string_dtype(frame[c]) and len(frame) and frame[c].str.len().max() > 244
    ]
    path = Path(path)
    with atomic_path(path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_stata(
            tmp,
            write_index=False,
            version=118,
            convert_dates=date_cols or None,
            time_stamp=_dt.datetime(*_DTA_STAMP),
            data_label=str(name)[:80] or None,
            variable_labels=labels,
            convert_strl=long_text or None,
        )
    return path


# ---------------------------------------------------------------------------------------------
# Tables for reading (HTML in notebooks and reports)
# ---------------------------------------------------------------------------------------------

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

    from .files import atomic_path

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
