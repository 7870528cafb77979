"""Run the 2022 study end to end and refresh the numbers and figures the manual shows (docs/study.md).

    make study        # = .venv/bin/python -m tools.study

1. ``framing report --suite suites/ukraine_media_2022.yaml`` (notebooks 00-05 on the 2022 corpus in
   its comparable window) into ``reports/ukraine_media_2022/<run-id>/``;
2. ``framing validity --out docs/study`` (known groups, period control, narrative labels);
3. copies the suite run's headline figures and tables (numbers only, never article text) into
   ``docs/study/`` and records their provenance in ``docs/study/RUN.md``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

from framing.report import load_suite, run_suite
from framing.validity import find_corpora, run_all

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "suites" / "ukraine_media_2022.yaml"
OUT = ROOT / "docs" / "study"
FIGURES = ["02_variant_shares.png", "02_stance_balance.png", "05_outlet_map.png"]
TABLES = ["02_stance_balance.csv", "00_outlets.csv"]
HEADLINE_CONCEPTS = ["place_kyiv", "governments", "war_naming"]


def main() -> int:
    corpora = find_corpora()
    if corpora is None:
        print("tools.study: ../shared/corpora not found; the study needs the shared corpora beside the project "
              "(or FRAMING_CORPORA)", file=sys.stderr)
        return 2
    result = run_suite(load_suite(SUITE), reports_dir=ROOT / "reports")
    OUT.mkdir(parents=True, exist_ok=True)
    checks = run_all(OUT, corpora)
    for name in FIGURES:
        shutil.copyfile(result.run_dir / "figures" / name, OUT / name)
    for name in TABLES:
        shutil.copyfile(result.run_dir / "tables" / name, OUT / name)
    shares = pd.read_csv(result.run_dir / "tables" / "02_variant_shares.csv")
    headline = shares[(shares["voice"] == "authorial") & shares["concept"].isin(HEADLINE_CONCEPTS)
                      & (shares["count"] > 0)]
    headline.to_csv(OUT / "02_variant_shares_headline.csv", index=False, lineterminator="\n")
    info = result.info
    p = next(iter(info["notebooks"]))["parameters"]
    lines = [
        "# Provenance of the files in this folder",
        "",
        "Made by `make study` (`python -m tools.study`): the suite-run files are copied from the run's "
        "`figures/` and `tables/` (`02_variant_shares_headline.csv` keeps the authorial rows with mentions "
        f"of {', '.join(HEADLINE_CONCEPTS)}); `known_groups.*` and `validity_*` come from `framing validity`.",
        "",
        f"- run id: `{result.run_id}`",
        f"- git commit: `{info['git'].get('commit')}` (working tree dirty: {info['git'].get('dirty')})",
        f"- corpus: sha256 `{info['corpus'].get('sha256')}`",
        f"- lexicon: sha256 `{info['lexicon'].get('sha256')}`",
        f"- parameters: date_from {p.get('date_from')}, date_to {p.get('date_to')}, n_boot {p.get('n_boot')}, "
        f"seed {p.get('seed')}, count_copies {p.get('count_copies')}",
        f"- validity: known groups {'pass' if checks['known_groups_pass'] else 'FAIL'}, period control "
        f"{'pass' if checks['period_control_pass'] else 'FAIL'}, narratives "
        f"{'pass' if checks['narratives_pass'] else 'FAIL'}",
        "",
    ]
    (OUT / "RUN.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"tools.study: run {result.run_dir}; files in {OUT.relative_to(ROOT)}")
    ok = checks["known_groups_pass"] and checks["period_control_pass"] and checks["narratives_pass"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
