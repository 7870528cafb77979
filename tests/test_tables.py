"""tables: CSV exact for re-analysis, LaTeX booktabs with special characters escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.tables import save_table


def test_csv_round_trip_and_latex(tmp_path):
    df = pd.DataFrame({"outlet": ["R&D_news", "50% Daily"], "n": [3, 12], "share": [1 / 3, 0.125]})
    csv, tex = save_table(df, "t", tmp_path)
    back = pd.read_csv(csv)
    pd.testing.assert_frame_equal(back, df)  # full float precision in the CSV
    body = tex.read_text()
    assert body.splitlines()[0].startswith("\\begin{tabular}")
    assert "\\toprule" in body and "\\midrule" in body and "\\bottomrule" in body
    assert "R\\&D\\_news" in body and "50\\% Daily" in body
    assert "0.3333" in body and "0.33333" not in body  # 4 significant digits for print
    first = (csv.read_bytes(), tex.read_bytes())
    save_table(df, "t", tmp_path)
    assert (csv.read_bytes(), tex.read_bytes()) == first


def test_latex_optional(tmp_path):
    paths = save_table(pd.DataFrame({"a": [1]}), "only_csv", tmp_path, latex=False)
    assert [p.name for p in paths] == ["only_csv.csv"] and not (tmp_path / "only_csv.tex").exists()


def test_reading_frame_rounds_by_meaning_and_shows_missing_as_a_dash():
    from framing.tables import reading_frame, reading_html

    df = pd.DataFrame({"outlet": ["A", "B"], "share": [0.1234567, float("nan")], "ci_low": [0.01, float("nan")],
                       "z": [3.14159, -0.5], "q": [0.000012345, 0.5], "rate": [12.3456, 1234.5],
                       "n": [1200, 3], "small_sample": [True, False]})
    assert reading_frame(df).values.tolist() == [
        ["A", "0.123", "0.010", "3.14", "1.23e-05", "12.3", "1,200", "yes"],
        ["B", "\u2014", "\u2014", "-0.50", "0.5", "1,234", "3", "no"]]
    # a meaningful index becomes a column; a default one is dropped
    indexed = pd.DataFrame({"x": [1.0]}, index=pd.Index(["RT"], name="outlet"))
    assert list(reading_frame(indexed).columns) == ["outlet", "x"]
    page = reading_html(pd.DataFrame({"a": range(100)}), max_rows=10)
    assert page.count("<tr>") == 11 and "first 10 of 100 rows" in page


def test_xlsx_and_dta_exports_are_deterministic_and_readable(tmp_path):
    from openpyxl import load_workbook

    df = pd.DataFrame({"outlet": ["A", "B"], "concept:variant": [0.5, None], "small_sample": [True, False],
                       "period": pd.to_datetime(["2022-06-01", "2022-07-01"]), "n": [1, 2]})
    first = save_table(df, "t", tmp_path / "one", formats=["csv", "xlsx", "dta"])
    second = save_table(df, "t", tmp_path / "two", formats=["csv", "xlsx", "dta"])
    assert [p.name for p in first] == ["t.csv", "t.xlsx", "t.dta"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    wb = load_workbook(first[1])
    assert wb.sheetnames == ["README", "t"]
    readme = [c.value for c in wb["README"]["A"]]
    assert "outlet: news outlet (publisher) of the documents" in readme
    assert any(str(x).startswith("concept:variant: share of variant variant") for x in readme)
    dta = pd.read_stata(first[2])
    assert list(dta.columns) == ["outlet", "concept_variant", "small_sample", "period", "n"]
    assert dta["small_sample"].tolist() == [1, 0] and dta["period"].dt.month.tolist() == [6, 7]
    with pd.io.stata.StataReader(first[2]) as reader:
        labels = reader.variable_labels()
    assert labels["concept_variant"].startswith("concept:variant")
    with pytest.raises(ParameterError, match="table_formats"):
        save_table(df, "t", tmp_path, formats=["csv", "parquet"])


def test_a_table_without_columns_is_left_out_of_stata_not_raised(tmp_path):
    """An empty table with no columns (a score with no disagreements) is written as CSV and
    Excel; Stata, which needs a variable, is skipped with the reason instead of an IndexError."""
    from framing.tables import save_table

    paths = save_table(pd.DataFrame(), "06_disagreements", tmp_path, formats=["csv", "xlsx", "dta"])
    assert [p.name for p in paths] == ["06_disagreements.csv", "06_disagreements.xlsx"]
    assert "no columns" in save_table.skipped["06_disagreements"]
