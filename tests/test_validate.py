"""The hand-coding loop: `framing validate sample` -> coded sheets -> `framing validate score`.

Expected numbers are computed here from the formulas (weights, Wilson interval, Krippendorff's α
from its coincidence matrix), not by calling the code under test.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from conftest import framing_cli
from framing.validate import agreement, wilson_interval
from framing.validate.sample import SHEET_COLUMNS, allocate

SENTENCES = [
    "Russia's full-scale invasion of Ukraine began in February.",
    "The Kremlin calls it a special military operation.",
    "Officials in Kyiv met envoys from Washington.",
    "The Kyiv Post reported heavy shelling overnight.",
    "Moscow still writes Kiev in its statements.",
    "Talks on a ceasefire stalled again in Istanbul.",
    "The war has displaced millions of people.",
    "Farmers in the region planted wheat this spring.",
    "Analysts expect the conflict to drag on for years.",
    "Crimea was annexed by Russia in 2014, the court found.",
    "The bloodshed went on in the east.",
    "Bloodshed and shelling were reported near the front.",
]


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory):
    rng = np.random.default_rng(7)
    rows = []
    for i in range(60):
        picks = rng.choice(len(SENTENCES), size=5, replace=False)
        rows.append({"doc_id": f"d{i:02d}", "outlet": ["Alpha", "Beta", "Gamma"][i % 3],
                     "date": f"2023-0{1 + i % 9}-15", "title": "", "url": "",
                     "text": " ".join(SENTENCES[k] for k in picks)})
    path = tmp_path_factory.mktemp("val") / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def drawn(corpus_csv):
    out = corpus_csv.parent / "sheet.csv"
    r = framing_cli("validate", "sample", str(corpus_csv), "--out", str(out), "--n", "40", "--probes", "30",
                    "--random-share", "0.5", "--seed", "11")
    assert r.returncode == 0, r.stderr
    sheet = pd.read_csv(out, dtype=str, keep_default_na=False)
    key = pd.read_csv(corpus_csv.parent / "sheet.key.csv", dtype=str, keep_default_na=False)
    return out, sheet, key


def test_allocation_follows_square_roots_and_caps():
    assert allocate({"a": 100, "b": 4, "c": 1}, 10) == {"a": 8, "b": 1, "c": 1}
    assert allocate({"a": 2, "b": 3}, 10) == {"a": 2, "b": 3}
    alloc = allocate({"x": 400, "y": 100, "z": 25}, 35)
    assert sum(alloc.values()) == 35 and alloc["x"] > alloc["y"] > alloc["z"]


def test_sheet_is_blind_and_key_holds_the_answers(drawn):
    _out, sheet, key = drawn
    assert list(sheet.columns) == SHEET_COLUMNS
    assert (sheet[["is_marker", "stance", "voice", "modality", "note"]] == "").all().all()
    assert set(sheet["kind"]) == {"mention", "probe"}
    assert (sheet["kind"] == "mention").sum() == 40 and (sheet["kind"] == "probe").sum() == 30
    assert sheet["item_id"].tolist() == key["item_id"].tolist()
    mentions = key[key["kind"] == "mention"]
    assert mentions["variant"].ne("").all() and mentions["stance"].ne("").all()
    # the sheet's term is the matched text; probes mark their sentence
    assert (sheet.loc[sheet.kind == "mention", "term"].values == mentions["matched"].values).all()
    probes = sheet[sheet.kind == "probe"]
    assert probes["left"].str.contains("⟦").all() and (probes["left"] + probes["right"]).str.contains("⟧").all()
    # design weights: stratum size over items drawn from it
    w = key["weight"].astype(float)
    assert np.allclose(w, key["stratum_size"].astype(float) / key["stratum_n"].astype(float))
    sizes = key.drop_duplicates("stratum").set_index("stratum")["stratum_n"].astype(int)
    assert (key.groupby("stratum").size() == sizes.reindex(key.groupby("stratum").size().index)).all()


def test_same_seed_same_bytes(corpus_csv, tmp_path):
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run / "sheet.xlsx"
        out.parent.mkdir()
        r = framing_cli("validate", "sample", str(corpus_csv), "--out", str(out), "--n", "10", "--probes", "10")
        assert r.returncode == 0, r.stderr
        digests.append([hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in (out, out.with_name("sheet.key.csv"), out.with_name("sheet.design.json"))])
    assert digests[0] == digests[1]
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "a" / "sheet.xlsx")
    assert wb.sheetnames == ["codebook", "items"]
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in wb["items"].data_validations.dataValidation}
    header = [c.value for c in wb["items"][1]]
    col = {name: chr(ord("A") + i) for i, name in enumerate(header)}
    assert lists[col["voice"]] == '"authorial,quoted,distanced"'
    assert lists[col["is_marker"]] == '"1,0"'


def _krippendorff_nominal(data: list[list]) -> float:
    """Krippendorff's α (nominal) from the coincidence matrix (Krippendorff 2011, section C)."""
    units = list(zip(*data))
    o: Counter = Counter()
    for unit in units:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if i != j:
                    o[(a, b)] += 1 / (m - 1)
    cats = sorted({a for a, _ in o})
    n_c = {c: sum(o[(c, k)] for k in cats) for c in cats}
    n = sum(n_c.values())
    d_o = sum(o[(a, b)] for a in cats for b in cats if a != b)
    d_e = sum(n_c[a] * n_c[b] for a in cats for b in cats if a != b) / (n - 1)
    return 1 - d_o / d_e


def test_krippendorff_published_example():
    """Krippendorff (2011), 'Computing Krippendorff's Alpha-Reliability', nominal example: α = 0.743."""
    raw = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    assert round(_krippendorff_nominal(raw), 3) == 0.743
    codes = {f"c{k}": pd.DataFrame({"item_id": [f"u{j}" for j in range(12)],
                                     "stance": ["" if v is None else str(v) for v in row]}) for k, row in enumerate(raw)}
    table, _dis = agreement(codes, n_boot=20)
    alpha = table[(table.field == "stance") & table.alpha.notna()]["alpha"].item()
    assert round(alpha, 3) == 0.743


def test_wilson_interval_formula():
    z = 1.959963984540054
    for p, n in ((0.9, 100), (0.5, 7), (1.0, 12), (0.0, 30)):
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        lo, hi = wilson_interval(p, n)
        assert lo == pytest.approx(max(0, centre - half)) and hi == pytest.approx(min(1, centre + half))


def _code(sheet: pd.DataFrame, key: pd.DataFrame, coder: str) -> pd.DataFrame:
    """Fill a sheet as a coder would: 'Kyiv Post' is a newspaper, not the city's spelling; coder B
    also rejects every seventh item (a stricter coder); both find a missed marker in probes of the war concept."""
    out = sheet.copy()
    k = key.set_index("item_id")
    for i, row in out.iterrows():
        kk = k.loc[row["item_id"]]
        if row["kind"] == "mention":
            wrong = row["right"].startswith(" Post")
            if coder == "B" and int(row["item_id"][1:]) % 7 == 0:
                wrong = True
            out.at[i, "is_marker"] = "0" if wrong else "1"
            if not wrong:
                out.at[i, "stance"], out.at[i, "voice"] = kk["stance"], kk["voice"]
                out.at[i, "modality"] = "asserted"
        else:
            sentence = (row["left"] + row["term"] + row["right"]).split("⟦")[1].split("⟧")[0]
            found = kk["concept"] in ("war_naming", "(any)") and ("conflict" in sentence or "loodshed" in sentence)
            out.at[i, "is_marker"] = "1" if found else "0"
            if found:
                out.at[i, "stance"], out.at[i, "voice"], out.at[i, "modality"] = "neutral", "authorial", "hypothetical"
                if kk["concept"] == "(any)":
                    out.at[i, "found_concept"] = "war_naming"
    return out


def test_round_trip_precision_recall_and_agreement(drawn, tmp_path):
    out, sheet, key = drawn
    a, b = _code(sheet, key, "A"), _code(sheet, key, "B")
    pa, pb = tmp_path / "A.csv", tmp_path / "B.csv"
    a.to_csv(pa, index=False)
    b.to_csv(pb, index=False)
    res = tmp_path / "scores"
    r = framing_cli("validate", "score", str(pa), str(pb), "--key", str(out.with_name("sheet.key.csv")), "--out", str(res),
                    "--n-boot", "300")
    assert r.returncode == 0, r.stderr
    for name in ("precision", "recall", "headline", "confusion", "agreement", "disagreements", "coverage"):
        assert (res / f"{name}.csv").is_file()
    for ext in ("png", "svg", "pdf"):
        assert (res / f"precision_recall.{ext}").stat().st_size > 1000
    precision = pd.read_csv(res / "precision.csv")
    recall = pd.read_csv(res / "recall.csv")

    # expected, from the formulas
    k = key.assign(w=key["weight"].astype(float))
    for coder, codes in (("A", a), ("B", b)):
        m = k.merge(codes[["item_id", "is_marker"]], on="item_id")
        men = m[m.kind == "mention"]
        y = (men["is_marker"] == "1").to_numpy(float)
        w = men["w"].to_numpy()
        p = (w * y).sum() / w.sum()
        n_eff = w.sum() ** 2 / (w * w).sum()
        row = precision[(precision.coder == coder) & (precision.level == "overall") & (precision.measure == "marker")]
        assert row["estimate"].item() == pytest.approx(p)
        assert row["n_eff"].item() == pytest.approx(n_eff)
        lo, hi = wilson_interval(p, n_eff)
        assert row["ci_low"].item() == pytest.approx(lo, abs=1e-6) and row["ci_high"].item() == pytest.approx(hi, abs=1e-6)
        # recall of the war concept: found markers over found + missed (cue probes of the concept coded 1,
        # and random sentences without a mention or cue of it where the coder names it)
        pro = m[m.kind == "probe"].merge(codes[["item_id", "found_concept"]], on="item_id")
        f = (men.loc[men.concept == "war_naming", "w"] * (men.loc[men.concept == "war_naming", "is_marker"] == "1")).sum()
        cue = pro[pro.concept == "war_naming"]
        rnd = pro[(pro.concept == "(any)") & pro.rest_concepts.str.split(";").map(lambda c: "war_naming" in c)]
        miss = (cue["w"] * (cue["is_marker"] == "1")).sum() + (rnd["w"] * (rnd["found_concept"] == "war_naming")).sum()
        assert (cue["is_marker"] == "1").any() and (rnd["found_concept"] == "war_naming").any(), \
            "the test corpus must give the coders missed markers in cue and in random sentences"
        rrow = recall[(recall.coder == coder) & (recall.concept == "war_naming")]
        assert rrow["recall"].item() == pytest.approx(f / (f + miss))
        assert rrow["ci_low"].item() <= rrow["recall"].item() <= rrow["ci_high"].item()
    assert (a["is_marker"] != b["is_marker"]).any(), "the coders must disagree somewhere for α to be tested"
    # Krippendorff's α on is_marker between A and B, from the coincidence matrix
    expected = _krippendorff_nominal([[int(v) for v in a["is_marker"]], [int(v) for v in b["is_marker"]]])
    ag = pd.read_csv(res / "agreement.csv")
    alpha = ag[(ag.field == "is_marker") & ag.alpha.notna()]["alpha"].item()
    assert alpha == pytest.approx(expected)
    dis = pd.read_csv(res / "disagreements.csv", dtype=str)
    assert set(dis.loc[dis.field == "is_marker", "item_id"]) == set(a.loc[a.is_marker != b.is_marker, "item_id"])


def test_a_bad_code_is_one_line_naming_row_and_field(drawn, tmp_path):
    out, sheet, _key = drawn
    bad = sheet.copy()
    bad.loc[3, "voice"] = "quoteded"
    path = tmp_path / "bad.csv"
    bad.to_csv(path, index=False)
    r = framing_cli("validate", "score", str(path), "--key", str(out.with_name("sheet.key.csv")), "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "row 5: field voice = 'quoteded' is not a code" in r.stderr
    assert not (tmp_path / "o").exists()


def test_score_refuses_to_write_into_its_inputs(drawn, tmp_path):
    out, sheet, _key = drawn
    r = framing_cli("validate", "score", str(out), "--key", str(out.with_name("sheet.key.csv")), "--out", str(out.parent))
    assert r.returncode == 2 and "holds the input" in r.stderr
