"""tables: CSV exact for re-analysis, LaTeX booktabs with special characters escaped."""

from __future__ import annotations

import pandas as pd

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
