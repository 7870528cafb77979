"""Known groups in the Russian- and Ukrainian-language corpora: refresh the table and the figure
the manual shows (docs/study/known_groups_ru_uk.{csv,md,png,svg}); numbers only, never text.

    .venv/bin/python -m tools.study_ru_uk

Needs ``../shared/corpora`` (or ``FRAMING_CORPORA``). Deterministic: the same corpora, lexicon and
seed give the same bytes. Exit 0 when the known-groups criteria hold
(:func:`framing.validity.ru_uk_groups_pass`), 1 when not, 2 without the corpora.
"""

from __future__ import annotations

import sys
from pathlib import Path

from framing.validity import find_corpora, known_groups_ru_uk, ru_uk_groups_pass, write_ru_uk_outputs

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "study"
N_BOOT = 2000
SEED = 20220224


def main() -> int:
    corpora = find_corpora()
    if corpora is None:
        print("tools.study_ru_uk: ../shared/corpora not found; the known-groups check needs the shared corpora "
              "beside the project (or FRAMING_CORPORA)", file=sys.stderr)
        return 2
    table, _info = known_groups_ru_uk(corpora, n_boot=N_BOOT, seed=SEED)
    written = write_ru_uk_outputs(table, OUT)
    verdict = ru_uk_groups_pass(table)
    for path in written:
        print(f"tools.study_ru_uk: wrote {path.relative_to(ROOT)}")
    print("tools.study_ru_uk: " + ", ".join(f"{k} {'pass' if v else 'FAIL'}" for k, v in verdict.items()))
    return 0 if verdict["all"] else 1


if __name__ == "__main__":
    sys.exit(main())
