"""Notebook 06 runs the hand-coding loop: with no sheets it draws a blind sheet from the corpus;
with the coded sheets and the key it scores them, and its tables are those of the library."""

from __future__ import annotations

import nbformat
import pandas as pd
from nbclient import NotebookClient

from conftest import ROOT
from framing import validate


def _run(tmp_path, name, assignments):
    nb = nbformat.read(ROOT / "notebooks" / "06_validation.ipynb", as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(assignments))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return nb


def test_notebook_06_draws_a_sheet_then_scores_it(tmp_path):
    out = tmp_path / "out"
    sheet = tmp_path / "sheet.csv"
    _run(tmp_path, "draw", f"output_dir = {str(out)!r}\nsheet_path = {str(sheet)!r}\nn = 12\nn_probes = 8")
    key = tmp_path / "sheet.key.csv"
    assert sheet.exists() and key.exists()
    drawn = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert (drawn["kind"] == "mention").sum() == 12 and "variant" not in drawn.columns  # blind: no tool answers
    # A coder who agrees with the tool on every mention and finds nothing in the probes
    k = pd.read_csv(key, dtype=str, keep_default_na=False).set_index("item_id")
    coded = drawn.copy()
    mention = coded["kind"] == "mention"
    coded.loc[mention, "is_marker"] = "1"
    coded.loc[~mention, "is_marker"] = "0"
    for f in ("stance", "voice", "modality"):
        coded.loc[mention, f] = coded.loc[mention, "item_id"].map(k[f])
    a = tmp_path / "coderA.csv"
    coded.to_csv(a, index=False)
    _run(tmp_path, "score", f"output_dir = {str(out)!r}\nsheets = [{str(a)!r}]\nkey_path = {str(key)!r}\nn_boot = 100")
    head = pd.read_csv(out / "tables" / "06_headline.csv")
    overall = head[head["concept"] == "(all)"].iloc[0]
    assert overall["precision"] == 1.0 and overall["recall"] == 1.0
    expected = validate.score({"coderA": validate.read_sheet(a, validate.read_key(key))}, validate.read_key(key),
                              n_boot=100, seed=20220224)["headline"]
    pd.testing.assert_frame_equal(head.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    assert (out / "figures" / "06_precision_recall.png").stat().st_size > 5000
