"""Builders of the notebooks in notebooks/ (see :mod:`tools.notebooks.common`).

``python -m tools.notebooks`` rewrites every notebook from its builder.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .distinctive import nb02, nb03
from .overview import nb00
from .validation import nb06
from .vocabulary import nb01, nb04, nb05

ROOT = Path(__file__).resolve().parents[2]

BUILDERS = {
    "00_corpus_overview": nb00,
    "01_loaded_vocabulary": nb01,
    "02_distinctive_terms": nb02,
    "03_term_in_context": nb03,
    "04_trends": nb04,
    "05_outlet_map": nb05,
    "06_validation": nb06,
}


def main() -> None:
    out = ROOT / "notebooks"
    for name, build in BUILDERS.items():
        path = out / f"{name}.ipynb"
        nbformat.write(build(), path)
        print(path.relative_to(ROOT))
