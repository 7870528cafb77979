"""The published validation rounds (docs/validation/<round>/) recompute: scoring the published
codes against the published key gives the published tables, so every precision, recall and α the
manual quotes can be checked by anyone with the repository (no article text needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.validate import read_key, read_sheet, score

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = sorted(p for p in (ROOT / "docs" / "validation").glob("*round*") if (p / "key.csv").is_file())


def test_every_language_has_published_rounds():
    names = {p.name for p in ROUNDS}
    assert {"round4", "ru-round3", "uk-round3"} <= names


def _consensus(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["coder"] == "consensus"].reset_index(drop=True)


#: Columns that do not depend on the bootstrap (point estimates, counts, Wilson intervals): checked for
#: every round with a short bootstrap; the newest round of each language is checked in full.
POINT = {"headline": ["tool_positive", "true_positive", "coder_positive_found", "coder_positive_missed", "precision",
                      "precision_low", "precision_high", "n_tool_items", "recall"],
         "precision": ["n_items", "n_eff", "estimate", "ci_low", "ci_high"],
         "recall": ["found", "missed", "recall", "n_mention_items", "n_cue_probes", "n_cue_probe_markers"]}
KEYS = {"headline": ["concept"], "precision": ["level", "group", "measure"], "recall": ["concept"]}


def _newest(folder: Path) -> bool:
    prefix = folder.name.rstrip("0123456789")
    return folder == max((p for p in ROUNDS if p.name.rstrip("0123456789") == prefix),
                         key=lambda p: int(p.name[len(prefix):]))


@pytest.mark.parametrize("folder", ROUNDS, ids=[p.name for p in ROUNDS])
def test_published_tables_recompute_from_the_published_codes(folder, tmp_path):
    # the key reads its design from the file beside it, named after it
    shutil.copyfile(folder / "key.csv", tmp_path / "round.key.csv")
    shutil.copyfile(folder / "design.json", tmp_path / "round.design.json")
    key = read_key(tmp_path / "round.key.csv")
    coders = sorted(folder.glob("codes_coder_*.csv"))
    assert len(coders) == 2, folder
    sheets = {p.stem: read_sheet(p, key) for p in coders}
    adjudication = read_sheet(folder / "codes_adjudication.csv", key)
    full = _newest(folder)
    tables = score(sheets, key, adjudication=adjudication, n_boot=2000 if full else 20)  # 2000: as published
    for name in ("headline", "precision", "recall"):
        got = _consensus(tables[name])
        published = _consensus(pd.read_csv(folder / f"{name}.csv"))
        assert len(got) == len(published) > 0, (folder.name, name)
        for col in KEYS[name]:
            assert got[col].astype(str).tolist() == published[col].astype(str).tolist(), (folder.name, name, col)
        numeric = [c for c in published.columns if pd.api.types.is_numeric_dtype(published[c])]
        for col in numeric if full else POINT[name]:
            if col in got.columns:
                np.testing.assert_allclose(
                    got[col].to_numpy(float), published[col].to_numpy(float), rtol=1e-9, atol=1e-12,
                    equal_nan=True, err_msg=f"{folder.name} {name}.{col}")
    alpha = tables["agreement"].set_index("field")["alpha"]
    published = pd.read_csv(folder / "agreement.csv").set_index("field")["alpha"]
    np.testing.assert_allclose(alpha.loc[published.index].to_numpy(float), published.to_numpy(float), rtol=1e-9)
