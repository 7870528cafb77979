"""Builder of notebook 06: the hand-coding loop (draw a blind sheet; score coded sheets)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from .common import notebook, parameters_cell

md1 = """# 06 · Validation against hand coding

How often is the dictionary right on *this* corpus? This notebook runs framing's hand-coding loop
(Grimmer & Stewart 2013, "validate, validate, validate"):

1. **Draw a blind coding sheet** (`sheets` empty): a stratified sample of the matcher's mentions
   (for precision) and of recall probes (sentences it found nothing in, holding a concept's cue
   words, plus random sentences), written to `sheet_path` with the codebook; the tool's answers and
   the design weights go to a separate key (`<sheet>.key.csv`). Give the sheet, never the key, to
   two coders who code independently.
2. **Score the coded sheets** (`sheets` = the coders' files, `key_path` = the key): precision and
   recall per concept with intervals, the headline measure the statistics count (stance-bearing
   authorial mentions), confusion matrices, and Krippendorff's α and Cohen's κ between coders, as
   tables and a figure for a paper's appendix. `adjudication_path` (a third coder settling the
   disagreements) adds a `consensus` coder.

The formulas (design weights, Wilson intervals at Kish's effective n, the stratified bootstrap for
recall) are in the manual's *Validation* page and in `framing.validate`."""

setup = """from pathlib import Path

import pandas as pd

from framing import notebook as nb
from framing import validate

run = nb.start(output_dir, figure_formats)"""

md_draw = """## 1 · A blind coding sheet (when `sheets` is empty)

The corpus is matched with the lexicon; `n` mentions and `n_probes` probes are drawn with `seed`
(square-root allocation over the strata; the design is written beside the sheet)."""

draw = """if not sheets:
    corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies)
    mentions, _left_out = nb.match_mentions(corpus, lexicon, modality="any")  # every mention is a candidate
    sample = validate.draw_sample(corpus, mentions, lexicon, n=n, n_probes=n_probes, seed=seed)
    target = Path(sheet_path) if sheet_path else run.tables_dir / "06_coding_sheet.xlsx"
    for p in validate.write_sample(sample, target, lexicon):
        print("wrote", p)
    print(f"{(sample.sheet['kind'] == 'mention').sum()} mentions and {(sample.sheet['kind'] == 'probe').sum()} probes to code; "
          "keep the .key.csv away from the coders")
    display(sample.sheet.drop(columns=[c for c in validate.CODER_FIELDS if c in sample.sheet]).head(max_rows))
else:
    print("sheets given: scoring them below")"""

md_score = """## 2 · Precision, recall and agreement (when `sheets` are given)

`headline` is what the statistics count: mentions of the balance's two sides in the outlet's own
voice, a frame term only when asserted. Points without a bar had every resample give the same value
(no error among few items, or no missed marker among the probes): not certainty."""

score = """if sheets:
    key = validate.read_key(key_path)
    coded = {Path(p).stem: validate.read_sheet(p, key) for p in sheets}
    adjudication = validate.read_sheet(adjudication_path, key) if adjudication_path else None
    tables = validate.score(coded, key, n_boot=n_boot, seed=seed, adjudication=adjudication)
    for name in ("headline", "precision", "recall", "agreement", "confusion", "disagreements"):
        run.save_table(tables[name], f"06_{name}", latex=name in ("headline", "agreement"))
    from framing.validate.plot import plot_precision_recall
    from framing import plots
    fig = plot_precision_recall(tables)
    run.save_figure(fig, "06_precision_recall")
    plots.show(fig)
    display(tables["headline"].round(3))
    display(tables["agreement"].round(3))"""


def nb06() -> nbformat.NotebookNode:
    params = parameters_cell(
        {"sheets": [], "key_path": "", "adjudication_path": "", "sheet_path": "", "n": 300, "n_probes": 300,
         "max_rows": 20},
        {"seed": "random seed of the sample and of the bootstrap intervals",
         "n_boot": "bootstrap replicates for recall and agreement intervals",
         "modality": "(unused here: the sheet samples every mention; the headline applies the modality rule)",
         "count_copies": "sample from near-duplicate copies too",
         "sheets": "coded sheets (.xlsx or .csv), one per coder; empty: draw a new blind sheet instead",
         "key_path": "the .key.csv written with the sheet (needed to score)",
         "adjudication_path": "a sheet settling the coders' disagreements; empty for none",
         "sheet_path": "where to write a new sheet (.xlsx or .csv); empty: tables/06_coding_sheet.xlsx",
         "n": "mentions to draw (for precision)",
         "n_probes": "recall probes to draw",
         "max_rows": "rows of the new sheet to display"})
    return notebook([
        new_markdown_cell(md1), params, new_code_cell(setup),
        new_markdown_cell(md_draw), new_code_cell(draw),
        new_markdown_cell(md_score), new_code_cell(score),
    ])
