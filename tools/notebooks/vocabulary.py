"""Notebooks 01 (loaded vocabulary), 04 (trends) and 05 (outlet map)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from .common import notebook, parameters_cell, show

SETUP = """from framing import notebook as nb
from framing import plots

run = nb.start(output_dir, figure_formats)
corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies)
print(f"{len(corpus)} documents from {corpus['outlet'].nunique()} outlets "
      f"({corpus.attrs['copies_dropped']} near-duplicate copies left out)")
mentions, all_mentions = nb.match_mentions(corpus, lexicon, modality)"""


def nb01() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 01 · Loaded vocabulary: which outlet says what, in whose voice\n\n"
            "**What it shows.** For every concept of the lexicon (one referent with rival names: two spellings "
            "of a place, a plain and a loaded name for one event, …), how many times each outlet "
            "used each rival name, split by **voice**: *authorial* (the outlet's own narration), *quoted* "
            "(inside quotation marks, someone else's words) and *distanced* (\"so-called …\", scare quotes).\n\n"
            "**How to read it.** One block of bars per concept, one column per voice, one bar per outlet. "
            "Segments are coloured by the side (stance) the lexicon gives the variant: the lexicon's `sides` "
            "block names the sides and their colours (the table below); lighter shades are further "
            "variants of the same side, and the legend beside each block names every variant and its side. "
            "Each bar shows the outlet's shares (parameter `normalize`); the "
            "number after it is how many mentions of that concept, in that voice, the shares rest on. Only the "
            "**authorial** column is the outlet's own choice of words; one side's term "
            "in the *quoted* or *distanced* column is reported speech, not endorsement. Small counts are "
            "anecdotes, not rates: see notebook 04 for rates with intervals.\n\n"
            "Writes `tables/mentions.csv` (every mention with its sentence), `tables/01_variant_use.csv/.tex` "
            "and `figures/01_variant_use.{png,svg,pdf}`."),
        parameters_cell(
            {"concepts": [], "voices": ["authorial", "quoted", "distanced"], "normalize": True,
             "examples": 12},
            {"concepts": "concepts to draw (lexicon ids); empty for all with mentions",
             "voices": "voice columns to draw",
             "normalize": "True draws within-concept shares, False counts",
             "examples": "number of example mentions to list"}),
        new_code_cell(SETUP),
        new_markdown_cell("## The lexicon's sides\n\nThe stances the lexicon's variants take, with the labels "
                          "and colours of every figure; the stance balance (notebooks 02 and 05) runs from the "
                          "negative pole (−1) to the positive pole (+1)."),
        new_code_cell('print(f"lexicon {lexicon.name} {lexicon.version}; stance balance = {lexicon.sides.balance_formula()}")\n'
                      'lexicon.sides.frame()'),
        new_markdown_cell("## Every mention\n\nOne row per lexicon hit, with its character offsets into the "
                          "document, its voice, its modality and its sentence: the raw material of every number "
                          "below. A frame term that is forecast, conditional or denied (\"warned an invasion "
                          "could come\", \"there was no coup\") is not the outlet naming the event: the figures "
                          "and tables below leave it out (parameter `modality`), and the next table says how many."),
        new_code_cell('run.save_table(all_mentions, "mentions", latex=False)\n'
                      'all_mentions[["outlet", "concept", "variant", "voice", "modality", "matched", "sentence"]].head(examples)'),
        new_code_cell('left_out = mentions.attrs["left_out"]\n'
                      'run.save_table(left_out, "01_left_out_by_modality", latex=False)\n'
                      'left_out'),
        new_markdown_cell("## Variant use per outlet and voice\n\n`share` is the variant's share among the "
                          "outlet's mentions of the same concept in the same voice; `share_all_voices` pools "
                          "the voices."),
        new_code_cell('table = plots.variant_use_table(mentions, sides=lexicon)\nrun.save_table(table, "01_variant_use")\ntable'),
        new_code_cell('fig = plots.variant_use_by_outlet(table, concepts=concepts or None, voices=voices, '
                      'normalize=normalize, sides=lexicon)\n' + show("01_variant_use")),
        new_markdown_cell("## Authorial usage only\n\nThe outlet's own words: per outlet and concept, the "
                          "variant it uses most in its own narration."),
        new_code_cell('own = table[table["voice"] == "authorial"]\n'
                      'own.sort_values(["outlet", "concept", "n"], ascending=[True, True, False])'
                      '.groupby(["outlet", "concept"]).head(1)[["outlet", "concept", "variant", "stance", "n", "share"]]'),
        new_markdown_cell("## Across languages\n\nA concept holds its names in every language of the lexicon "
                          "(each variant's `lang`, English by default). Each document is matched in its own "
                          "language only (the corpus's `language` column; without one, mostly Cyrillic text is "
                          "detected and other text is read as English), so a spelling counts as a marker only "
                          "against its language's norm. The table gives, per concept, language and outlet, each "
                          "variant's share of the outlet's authorial mentions; the figure puts the languages side "
                          "by side when the corpus has more than one. Writes `tables/01_across_languages.csv` "
                          "(and `figures/01_across_languages.{png,svg,pdf}` for a corpus in several languages)."),
        new_code_cell('print("mentions by language:", ", ".join(f"{k} {v}" for k, v in '
                      'mentions["language"].value_counts().sort_index().items()) or "none")\n'
                      'across = plots.variants_across_languages_table(mentions, concepts=concepts or None)\n'
                      'run.save_table(across, "01_across_languages", latex=False)\n'
                      'if across["language"].nunique() > 1:\n'
                      '    fig = plots.variants_across_languages(mentions, lexicon, concepts=concepts or None, sides=lexicon)\n'
                      '    run.save_figure(fig, "01_across_languages")\n'
                      '    plots.show(fig)\n'
                      'across'),
    ]
    return notebook(cells)


def nb04() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 04 · Trends: how often each outlet uses the loaded vocabulary, month by month\n\n"
            "**What it shows.** For each concept (or side of the lexicon, or variant: parameter `by`), the rate of "
            "mentions per 10,000 tokens per outlet and period (`freq`: `W`, `M`, `Q` or `Y`), with a "
            "95 % percentile bootstrap interval that resamples **documents** (the document, not the token, "
            "is the sampling unit; `framing.stats.rates`). Periods with fewer than 20 documents of an outlet "
            "add a within-document stage, so that a month with one or two articles gets an honest, wide "
            "interval rather than a point (column `resample`).\n\n"
            "**How to read it.** One panel per concept, one line per outlet; the shaded band is the interval. "
            "Wide bands mean few documents: differences inside them are not evidence. Documents without a "
            "date cannot be placed in time and are left out "
            "(their number is printed below). Restrict the window with `date_from`/`date_to`; compare "
            "outlets only over periods they all cover.\n\n"
            "Writes `tables/04_rates.csv/.tex` and `figures/04_rates.{png,svg,pdf}`."),
        parameters_cell(
            {"freq": "M", "by": "concept", "voices": [], "ci": 0.95},
            {"freq": "period length: W, M, Q or Y",
             "by": "split rates by concept, stance or variant",
             "voices": "voices to count, e.g. ['authorial']; empty for all",
             "ci": "interval level"}),
        new_code_cell(SETUP),
        new_code_cell('rates = plots.period_rates(corpus, mentions, freq=freq, by=by, n_boot=n_boot, ci=ci, '
                      'seed=seed, voices=voices or None, lexicon=lexicon, modality="any")  # already counted mentions\n'
                      'print(f"{rates.attrs[\'undated_docs\']} undated document(s) left out")\n'
                      'run.save_table(rates, "04_rates")\nrates'),
        new_code_cell('fig = plots.rates_over_time(rates, by=by, sides=lexicon)\n' + show("04_rates")),
    ]
    return notebook(cells)


def nb05() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 05 · Outlet map: which outlets talk alike\n\n"
            "**What it shows.** Each outlet is described by its variant shares (for every concept, the share "
            "of each rival name among the outlet's mentions of it, authorial voice by default). Outlets are "
            "placed in two dimensions by correspondence analysis (`map_method = \"ca\"`) or principal "
            "component analysis (`\"pca\"`), coloured by their **stance balance** "
            "(P − N) / (P + N) over authorial mentions, as in notebook 02: P and N are the mentions of the two sides "
            "of the lexicon's balance axis (its `sides` block; printed below, and named on the colour bar), "
            "and clustered hierarchically (dendrogram).\n\n"
            "**How to read it.** Outlets close together use the same names for the same things. The axis "
            "labels give the share of variance (PCA) or inertia (CA) each dimension keeps: a low share "
            "means the picture flattens real differences. A concept an outlet never mentions is filled with "
            "the pooled share (it sits at the centre on that concept), so an outlet with few mentions is "
            "pulled to the middle; check `n` in the table. With few outlets or few mentions the map is a "
            "sketch, not a finding.\n\n"
            "Writes `tables/05_variant_shares.csv/.tex`, `tables/05_outlet_map.csv/.tex` and "
            "`figures/05_outlet_map.{png,svg,pdf}`, `figures/05_dendrogram.{png,svg,pdf}`."),
        parameters_cell(
            {"map_method": "ca", "map_voices": ["authorial"], "linkage_method": "average", "min_mentions": 1},
            {"map_method": "ca (correspondence analysis) or pca",
             "map_voices": "voices that count; empty for all",
             "linkage_method": "scipy linkage: average, complete, single, ward",
             "min_mentions": "drop concepts with fewer mentions overall"}),
        new_code_cell(SETUP),
        new_code_cell('shares = plots.variant_share_matrix(mentions, voices=map_voices or None, '
                      'min_mentions=min_mentions)\n'
                      'print(f"{shares.shape[0]} outlets × {shares.shape[1]} variants; "\n'
                      '      f"{shares.attrs.get(\'imputed_cells\', 0)} cell(s) filled with the pooled share")\n'
                      'run.save_table(shares.rename_axis("outlet").reset_index(), "05_variant_shares")\nshares'),
        new_code_cell('from framing.stats import stance_balance\n\n'
                      'print("stance balance =", lexicon.sides.balance_formula())\n'
                      'balance = stance_balance(mentions, corpus, voices="authorial", n_boot=n_boot, seed=seed, lexicon=lexicon,\n'
                      '                         modality="any")  # mentions are already those the modality rule counts\n'
                      'coords = plots.outlet_coordinates(shares, method=map_method)\n'
                      'outlet_table = coords.merge(balance, on="outlet", how="left")\n'
                      'run.save_table(outlet_table, "05_outlet_map")\n'
                      'print("explained:", [f"{e:.0%}" for e in coords.attrs["explained"]])\noutlet_table'),
        new_code_cell('fig = plots.outlet_map(coords, balance, sides=lexicon)\n' + show("05_outlet_map")),
        new_code_cell('fig = plots.outlet_dendrogram(shares, method=linkage_method)\n' + show("05_dendrogram")),
    ]
    return notebook(cells)
