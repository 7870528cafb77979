"""Notebooks: the shape every notebook shares, and 01/04/05 equal to what their builder writes."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from conftest import ROOT
from framing.notebook import DEFAULTS
from framing.report import notebook_parameters

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MINE = ["01_loaded_vocabulary", "04_trends", "05_outlet_map"]


def test_my_notebooks_exist():
    names = {p.stem for p in NOTEBOOKS}
    assert set(MINE) <= names


def check_notebook(path) -> None:
    """The rules every notebook in notebooks/ keeps, however it was edited (JupyterLab, an editor,
    a script): valid nbformat, the project's kernel, a title cell, the tagged ``parameters`` cell with
    the shared defaults, no outputs or execution counts, code that parses, the standard start, and
    figure names prefixed with the notebook's number. ``make clean-notebooks`` strips outputs."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "framing"
    first, second = nb.cells[0], nb.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert second.cell_type == "code" and "parameters" in second.metadata.get("tags", [])
    declared = notebook_parameters(path)
    for name, value in DEFAULTS.items():
        assert name in declared, f"{path.name}: parameters cell lacks {name}"
        assert declared[name] == value, f"{path.name}: {name} default differs from framing.notebook.DEFAULTS"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: committed with outputs; run make clean-notebooks")
            ast.parse(cell.source)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "nb.start(output_dir, figure_formats, table_formats)" in code and "nb.load_inputs(" in code
    # All notebooks of a run share figures/ and tables/: names start with the notebook's number.
    number = path.stem[:2]
    for name in re.findall(r"save_figures?\(\s*\w+\s*,\s*[\"']([^\"']+)", code):
        assert name.startswith(number + "_"), f"{path.name}: figure {name!r} should start with {number}_"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_shape(path):
    check_notebook(path)
