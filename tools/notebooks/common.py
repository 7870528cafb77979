"""Shared pieces of the notebook builders: every notebook in notebooks/ is written from Python.

Rebuild all notebooks after editing a builder (run from the project root)::

    .venv/bin/python -m tools.notebooks

Each notebook: cell 1 markdown (title, what it shows, how to read it), cell 2 the ``parameters``
cell (the common parameters of ``framing.notebook.DEFAULTS`` plus the notebook's own), then calls
into ``framing``. All computation lives in ``src/framing``; the cells only call, plot and explain.
Figures and tables are prefixed with the notebook's number (``01_variant_use``) because all notebooks
of a report run share one ``figures/`` and ``tables/`` folder. Outputs stay empty and cell ids are
stable, so the same builder gives the same bytes (a test checks the committed files).
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from framing.notebook import DEFAULTS

KERNELSPEC = {"name": "framing", "display_name": "Python (framing)", "language": "python"}

COMMON_NOTES = {
    "corpus_path": "corpus file (.parquet/.csv/.jsonl) or a folder of sources; empty: the bundled demo corpus",
    "lexicon_path": "lexicon YAML, or the name of a bundled one; empty: the bundled Russia-Ukraine lexicon",
    "outlets": "outlets to keep; an empty list keeps all",
    "date_from": "inclusive, YYYY-MM-DD; empty for no limit",
    "date_to": "inclusive, YYYY-MM-DD; empty for no limit",
    "output_dir": "figures/ and tables/ go here; empty: reports/interactive of the project",
    "figure_formats": "any of png, svg, pdf",
    "table_formats": "any of csv (always), tex, xlsx (with a README sheet of column meanings), dta (Stata)",
    "seed": "random seed for bootstrap intervals",
    "n_boot": "bootstrap replicates",
    "modality": "which mentions the statistics count: frames-asserted (a frame term only when asserted), asserted, any",
}


def parameters_cell(own: dict[str, object], comments: dict[str, str]) -> nbformat.NotebookNode:
    """The cell tagged ``parameters``: common defaults first, then the notebook's own, each commented."""
    lines = ["# Parameters (papermill injects new values after this cell; edit here for interactive use)."]
    notes = {**COMMON_NOTES, **comments}
    for name, value in {**DEFAULTS, **own}.items():
        lines.append(f"{name} = {value!r}  # {notes.get(name, '')}".rstrip(" #"))
    cell = new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["parameters"]
    return cell


def notebook(cells) -> nbformat.NotebookNode:
    """A validated notebook with the project's kernel and stable cell ids."""
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


def show(name: str) -> str:
    """Code that saves ``fig`` in every format and displays it inline (with or without pyplot)."""
    return f'run.save_figure(fig, "{name}")\nplots.show(fig)'
