"""Publish a validation round into docs/validation/<round>/ without article text.

    python -m tools.publish_validation ROUND --scores DIR --key KEY.csv --design DESIGN.json \
        --coded A.csv B.csv [--adjudication ADJ.csv]

Copies the score tables, the summary and the figure written by ``framing validate score``, the key
and the design written by ``framing validate sample``, and the coders' codes with the text columns
(left, term, right) removed: item_id, kind, concept, doc_id, outlet, date and the coder columns.
With the shared corpora, ``framing validate sample`` with the design's seed and sizes redraws the
same sheet, so every number can be recomputed.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd

from framing.validate import CODER_FIELDS

ROOT = Path(__file__).resolve().parents[1]
KEEP = ["item_id", "kind", "concept", "doc_id", "outlet", "date", *CODER_FIELDS]
TABLES = ["headline.csv", "precision.csv", "recall.csv", "agreement.csv", "confusion.csv", "disagreements.csv",
          "coverage.csv", "summary.md", "precision_recall.png", "precision_recall.svg"]


def publish(name: str, scores: Path, key: Path, design: Path, coded: list[Path], adjudication: Path | None) -> Path:
    out = ROOT / "docs" / "validation" / name
    out.mkdir(parents=True, exist_ok=True)
    for f in TABLES:
        shutil.copyfile(scores / f, out / f)
    shutil.copyfile(key, out / "key.csv")
    shutil.copyfile(design, out / "design.json")
    sheets = [*coded, *([adjudication] if adjudication else [])]
    for i, path in enumerate(sheets):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        label = "adjudication" if adjudication and i == len(sheets) - 1 else f"coder_{chr(ord('A') + i)}"
        df[[c for c in KEEP if c in df.columns]].to_csv(out / f"codes_{label}.csv", index=False)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.publish_validation", description=__doc__.split("\n\n")[0])
    p.add_argument("round")
    p.add_argument("--scores", required=True, type=Path)
    p.add_argument("--key", required=True, type=Path)
    p.add_argument("--design", required=True, type=Path)
    p.add_argument("--coded", required=True, nargs="+", type=Path)
    p.add_argument("--adjudication", type=Path)
    a = p.parse_args(argv)
    print("published", publish(a.round, a.scores, a.key, a.design, a.coded, a.adjudication))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
