"""Notebook 00 (corpus overview): what was read, what was removed, what counts twice."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from .common import notebook, parameters_cell

md1 = """# 00 · Corpus overview: what was read, what was removed, what counts twice

**What it shows.** The corpus the other notebooks analyse: documents and words per outlet and over time, the
**site furniture** ingest removed from the texts (newsletter banners, "Related articles" blocks, comment prompts,
RSS footers, lines an outlet repeats in many documents), and the **near-duplicate clusters** (a story republished
by another site or re-sent by the same one), each with its original (the earliest) and its copies.

**How to read it.** Read this page before any comparison. An outlet with a handful of documents gives anecdotes,
not rates; an outlet whose words are mostly *copies* is echoing someone else's framing, and counting those copies
would count the original outlet's words twice. The other notebooks leave copies out unless their parameter
`count_copies = True` (in Python: `framing.ingest.drop_copies(corpus)`); this page always lists them, and its
over-time table counts them only with `count_copies = True`. The furniture table lists every removed
line with the reason; if an article sentence shows up there, re-run `framing ingest` with `--no-furniture` and
report the rule. `similarity` is the share of the copy's 5-word shingles found in its original (containment).

Writes `tables/00_outlets.csv/.tex`, `tables/00_over_time.csv`, `tables/00_duplicates.csv/.tex`,
`tables/00_furniture.csv` and `figures/00_corpus_overview.{png,svg,pdf}`."""

setup = """from framing import notebook as nb
from framing import plots
from framing.ingest import overview

run = nb.start(output_dir, figure_formats, table_formats)
corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies=True)
n_copies = int(corpus["is_copy"].sum()) if "is_copy" in corpus else 0
print(f"{len(corpus)} documents from {corpus['outlet'].nunique()} outlets; {n_copies} are near-duplicate copies")"""

md2 = """## Documents and words per outlet

`originals` counts documents that are not copies of an earlier one; `words` are whitespace-separated tokens of
the cleaned text (furniture removed); `undated` documents count here but not in the over-time table.
In the figure, the left panel stacks each outlet's words in originals and in copies; the right panel is a heat
map of documents per outlet and period on the same rows (blank: no document; the colour scale turns
logarithmic when a cell holds 20 or more)."""

c2 = """outlets_table = overview.outlet_overview(corpus)
run.save_table(outlets_table, "00_outlets")
outlets_table.head(max_rows)"""

c3 = """fig = overview.overview_figure(corpus, freq=freq)
run.save_figure(fig, "00_corpus_overview")
plots.show(fig)"""

md3 = """## Over time

Documents and words per outlet and period. Outlets often cover different windows: compare outlets only over the
periods they share (set `date_from`/`date_to`)."""

c4 = """over_time = overview.documents_over_time(corpus, freq=freq, count_copies=count_copies)
run.save_table(over_time, "00_over_time", latex=False)
over_time.head(max_rows)"""

md4 = """## Near-duplicate clusters

One row per copy, with the original it copies (the earliest document of its cluster; undated documents come last,
ties go to the smaller `doc_id`). A copy from another outlet is syndication; a copy from the same outlet is a
re-send or an updated version."""

c5 = """dups = overview.duplicate_clusters(corpus)
run.save_table(dups, "00_duplicates")
dups.head(max_rows)"""

md5 = """## Site furniture removed

Every distinct removed line, the rule that removed it and the number of documents it was removed from. The
full per-document record is the `furniture_removed` column of the corpus (JSON list of `{line, reason}`);
the original text is kept in `text_raw`."""

c6 = """furniture = overview.furniture_table(corpus)
run.save_table(furniture, "00_furniture", latex=False)
furniture.head(max_rows)"""


def nb00() -> nbformat.NotebookNode:
    params = parameters_cell(
        {"freq": "M", "max_rows": 30},
        {"seed": "random seed for bootstrap intervals (unused here)",
         "n_boot": "bootstrap replicates (unused here)",
         "freq": "period for counts over time: D, W, M, Q or Y",
         "count_copies": "count near-duplicate copies in the over-time table (this page always lists them)",
         "max_rows": "rows of each table to display"})
    return notebook([
        new_markdown_cell(md1),
        params,
        new_code_cell(setup),
        new_markdown_cell(md2), new_code_cell(c2), new_code_cell(c3),
        new_markdown_cell(md3), new_code_cell(c4),
        new_markdown_cell(md4), new_code_cell(c5),
        new_markdown_cell(md5), new_code_cell(c6),
    ])
