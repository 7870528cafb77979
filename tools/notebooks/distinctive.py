"""Notebooks 02 (distinctive terms, rates and shares) and 03 (a term in context)."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from .common import notebook, parameters_cell

def nb02() -> nbformat.NotebookNode:
    md = new_markdown_cell
    code = new_code_cell
    return notebook([
        md(
            "# 02 · Distinctive terms, rates and shares, with how sure we can be\n\n"
            "**What it shows.** (1) The words each outlet uses more, or less, than all the others "
            "(*Fightin' Words*: log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008); "
            "(2) how often each concept of the lexicon is mentioned per 10,000 tokens, per outlet and voice; "
            "(3) the share of each rival name within a concept (e.g. one spelling of a place among its two spellings); "
            "(4) the stance balance (P − N) / (P + N) of each outlet's own (authorial) vocabulary, P and N the "
            "mentions of the two sides of the lexicon's balance axis (its `sides` block), with quoted and "
            "distanced uses reported apart.\n\n"
            "**How to read it.** In the Fightin' Words charts each dot is a term: to the right, frequent terms; "
            "up, terms the outlet uses more than the rest; down, less. Coloured dots pass the Benjamini–Hochberg "
            "false-discovery threshold (q < `alpha`); labelled dots are the `top_terms` most extreme. "
            "Every other chart shows an estimate with its 95 % percentile **bootstrap** interval; the document is "
            "the sampling unit. Outlets with fewer than 20 documents use a two-stage bootstrap that also "
            "resamples within documents, so their intervals stay honest (wide) instead of collapsing to a point "
            "(for shares and the balance, what counts is the documents that mention the concept or a side: two "
            "mentions in two documents are two observations however large the outlet; `small_sample` flags them): "
            "on the bundled seed corpus (one document per outlet) every interval is wide, and no difference "
            "between outlets should be claimed from it.\n\n"
            "Writes `tables/02_keyness.csv` (top terms per outlet, with the counts and totals each score can be "
            "recomputed from), `tables/02_rates.csv`, `tables/02_variant_shares.csv`, "
            "`tables/02_stance_balance.csv`, the figures `02_fightin_words`, `02_rates`, `02_variant_shares`, "
            "`02_stance_balance` (a figure taller than a page continues in `_2`, `_3`, ...) and `explorer.html`."
        ),
        parameters_cell(
            {
                "by": "outlet",
                "prior_size": 0.0,
                "min_count": 2,
                "top_terms": 8,
                "alpha": 0.05,
                "table_terms": 25,
                "rate_voices": ["authorial", "quoted", "distanced"],
                "rate_concepts": [],
                "share_concepts": ["place_kyiv", "war_naming"],
                "pairwise_term": "",
                "min_length": 2,
                "stopwords": "english",
                "drop_outlet_names": True,
                "drop_boilerplate": True,
                "explorer": True,
            },
            {
                "min_length": "keyness compares terms of at least this many characters (and no bare numbers above 1)",
                "stopwords": "stopword list left out of keyness: english or none",
                "drop_outlet_names": "leave the tokens of the outlets' names (abc, bbc, news ...) out of keyness",
                "drop_boilerplate": "leave out terms an outlet prints in at least half its documents and others in at most 5 %",
                "explorer": "write explorer.html (keyness scatter, rates and concordance lines, offline) beside figures/",
                "by": "grouping column of the corpus (outlet, stance_group, ...)",
                "prior_size": "Dirichlet prior size alpha_0; 0 means the corpus size, i.e. alpha_w is the corpus count of w",
                "min_count": "keep terms seen at least this often in a comparison",
                "top_terms": "terms labelled per direction in each Fightin' Words chart",
                "alpha": "false-discovery level for colouring terms",
                "table_terms": "terms per outlet and direction written to the keyness table",
                "rate_voices": "voices whose rates are shown, each apart",
                "rate_concepts": "concepts whose rates are drawn (lexicon ids); empty for all with mentions",
                "share_concepts": "concepts whose variant shares are drawn (lexicon ids); empty for all with mentions",
                "pairwise_term": "term (token) for the outlet x outlet z matrix; empty: the lexicon term with the most mentions",
            },
        ),
        code(
            "import numpy as np\n"
            "import pandas as pd\n"
            "from matplotlib.figure import Figure\n"
            "\n"
            "from framing import notebook as nb\n"
            "from framing import plots, style\n"
            "from framing.counts import count_matrix, terms_for_keyness\n"
            "from framing.explorer import write_explorer\n"
            "from framing.keyness import fightin_words_points, keyness, pairwise_matrix\n"
            "from framing.stats import rates, stance_balance, variant_shares\n"
            "\n"
            "run = nb.start(output_dir, figure_formats, table_formats)\n"
            "corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies)\n"
            "print(f\"{corpus.attrs['copies_dropped']} near-duplicate copies left out (count_copies={count_copies})\")\n"
            "mentions, all_mentions = nb.match_mentions(corpus, lexicon, modality)\n"
            "counts = count_matrix(corpus, lexicon=lexicon)\n"
            "n_docs = corpus.groupby(by).size()\n"
            "print(f\"{len(corpus)} documents, {int(counts.doc_tokens.sum()):,} tokens, {len(counts.vocabulary):,} terms, \"\n"
            "      f\"{len(mentions)} lexicon mentions; documents per {by}: {n_docs.to_dict()}\")"
        ),
        md(
            "## 1 · Fightin' Words: each outlet against the rest\n\n"
            "δ = log-odds of the term in the outlet minus log-odds in all other outlets pooled, both smoothed by a "
            "prior proportional to the term's frequency in the whole corpus (prior size `prior_size`); "
            "z = δ / σ with σ² ≈ 1/(a + α) + 1/(b + α) (Monroe et al. 2008, eqs. 16, 20, 22); "
            "p two-sided, q Benjamini–Hochberg across the terms of each comparison. `warning` flags terms seen in "
            "one side only that cannot reach significance under this prior.\n\n"
            "The terms are the tokens counted above (the same tokens as `framing counts`: \"U.S.\" is one token, "
            "lexicon phrases one token each), less those the parameters leave out: shorter than `min_length`, "
            "`stopwords`, the outlets' own names (`drop_outlet_names`) and each outlet's boilerplate "
            "(`drop_boilerplate`). The lexicon's terms always stay. `tables/02_keyness_dropped.csv` lists what was "
            "left out and why."
        ),
        code(
            "kcounts, dropped = terms_for_keyness(counts, by, min_length=min_length, stopwords=stopwords,\n"
            "                                     drop_outlet_names=drop_outlet_names, drop_boilerplate=drop_boilerplate,\n"
            "                                     lexicon=lexicon)\n"
            "run.save_table(dropped, '02_keyness_dropped', latex=False)\n"
            "print(f\"{len(dropped):,} of {len(counts.vocabulary):,} terms left out of keyness: \"\n"
            "      f\"{dropped['reason'].str.replace(r'boilerplate of .*', 'boilerplate', regex=True).value_counts().to_dict() if len(dropped) else {}}\")\n"
            "table = kcounts.outlet_totals(by, totals='terms')  # totals over the compared terms, as the prior\n"
            "kn = keyness(table, by=by, method='logodds', design='one_vs_rest', prior_size=prior_size or None,\n"
            "             min_count=min_count, alpha=alpha)\n"
            "top = pd.concat([kn.groupby('group').head(table_terms),\n"
            "                 kn.sort_values('z').groupby('group').head(table_terms)]).drop_duplicates()\n"
            "top = top.sort_values(['group', 'z'], ascending=[True, False])\n"
            "run.save_table(top[['group', 'term', 'count', 'total', 'other_count', 'other_total', 'score', 'z', 'p', 'q',\n"
            "                    'prior', 'prior_total', 'one_group_only', 'warning']], '02_keyness', latex=False)\n"
            "print(f\"{int((kn.q < alpha).sum())} (outlet, term) pairs with q < {alpha}; \"\n"
            "      f\"{int((kn.warning != '').sum())} one-sided terms flagged as unreachable under this prior\")\n"
            "top.groupby('group').head(5)[['group', 'term', 'count', 'other_count', 'z', 'q']]"
        ),
        code(
            "figs = plots.fightin_words_figures(kn, top=top_terms, alpha=alpha, n_docs=n_docs)\n"
            "names = run.save_figures(figs, '02_fightin_words')"
        ),
        md(
            "### The outlet × outlet matrix for one term\n\n"
            "The same statistic for every ordered pair of outlets (row against column): positive z means the row "
            "outlet uses the term more."
        ),
        code(
            "if not pairwise_term and len(mentions):  # the lexicon term the corpus uses most, as the tokenizer writes it\n"
            "    from framing.tokenize import mwe_token\n"
            "    top = mentions['variant'].value_counts().index[0]\n"
            "    pairwise_term = mwe_token(next(v.label for v in lexicon.variants if v.id == top))\n"
            "if pairwise_term and pairwise_term in set(table['term']):\n"
            "    pw = keyness(table, by=by, method='logodds', design='pairwise', prior_size=prior_size or None)\n"
            "    mat = pairwise_matrix(pw, pairwise_term, 'z')\n"
            "    run.save_table(mat.reset_index().rename(columns={'group': by}), '02_pairwise_z', latex=False)\n"
            "    display(mat.round(2))\n"
            "else:\n"
            "    print(f'term {pairwise_term!r} does not occur in this corpus: no pairwise matrix')"
        ),
        md(
            "## 2 · Rates per 10,000 tokens, per concept and voice\n\n"
            "R = 10,000 × mentions / tokens over the outlet's documents (tokens as counted above: lexicon "
            "multi-word expressions count as one token). One row per voice: an outlet's own narration "
            "(authorial) is never mixed with what it quotes or distances."
        ),
        code(
            "# mentions are those the modality rule counts already (parameter `modality`): no second filter\n"
            "rt = rates(mentions, corpus, by=by, level='concept', voices=rate_voices, tokens=counts, lexicon=lexicon,\n"
            "           n_boot=n_boot, seed=seed, modality='any')\n"
            "run.save_table(rt, '02_rates', latex=False)\n"
            "seen = rt.groupby('concept')['count'].sum()\n"
            "concepts = [c for c in (rate_concepts or sorted(seen.index)) if seen.get(c, 0) > 0]\n"
            "names = sorted(rt[by].unique())\n"
            "ncols = min(3, max(1, len(concepts)))\n"
            "row_h = 0.35 + 0.14 * len(names)\n"
            "rows_per_page = max(1, int((style.MAX_HEIGHT - 0.6) // row_h))\n"
            "pages = [concepts[i:i + rows_per_page * ncols] for i in range(0, len(concepts), rows_per_page * ncols)] or [[]]\n"
            "figs = []\n"
            "for page in pages:\n"
            "    nrows = int(np.ceil(len(page) / ncols)) or 1\n"
            "    fig = Figure(figsize=(style.DOUBLE_COLUMN, 0.6 + row_h * nrows), layout='constrained')\n"
            "    axes = fig.subplots(nrows, ncols, squeeze=False)\n"
            "    for ax, c in zip(axes.flat, page):\n"
            "        for vi, v in enumerate(rate_voices):\n"
            "            rows = rt[(rt['concept'] == c) & (rt['voice'] == v)].set_index(by).reindex(names)\n"
            "            y = np.arange(len(names)) + (vi - (len(rate_voices) - 1) / 2) * 0.25\n"
            "            ax.errorbar(rows['rate'], y, xerr=[rows['rate'] - rows['ci_low'], rows['ci_high'] - rows['rate']],\n"
            "                        fmt=style.VOICE_MARKERS.get(v, 'o'), ms=2.5, lw=0.6, color=style.VOICE_COLOURS.get(v, 'black'),\n"
            "                        mfc='white' if v != 'authorial' else None, label=v)\n"
            "        ax.set_yticks(np.arange(len(names)), names if ax in axes[:, 0] else [], fontsize=5)\n"
            "        ax.invert_yaxis()\n"
            "        ax.set_title(c, fontsize=7)\n"
            "        ax.tick_params(axis='x', labelsize=5)\n"
            "    for ax in list(axes.flat)[len(page):]:\n"
            "        ax.set_visible(False)\n"
            "    fig.legend(*axes[0, 0].get_legend_handles_labels(), fontsize=6, loc='outside upper center', ncol=len(rate_voices),\n"
            "               frameon=False)\n"
            "    fig.supxlabel('mentions per 10,000 tokens (95% bootstrap interval)', fontsize=7)\n"
            "    figs.append(fig)\n"
            "names_written = run.save_figures(figs, '02_rates')"
        ),
        md(
            "## 3 · Variant shares within a concept (authorial mentions)\n\n"
            "S = mentions of the variant / mentions of any variant of the concept, in the outlet's own voice. "
            "NaN (no dot) where the outlet never mentions the concept. Dots are coloured by the side the lexicon "
            "gives the variant (the legend names it; black: a variant whose side depends on the document's date). "
            "`share_concepts` names the concepts drawn; when none of them is a concept of the lexicon, every concept "
            "with a mention is drawn."
        ),
        code(
            "sh = variant_shares(mentions, corpus, by=by, voices='authorial', lexicon=lexicon, n_boot=n_boot, seed=seed,\n"
            "                    modality='any')\n"
            "run.save_table(sh, '02_variant_shares', latex=False)\n"
            "used = sh.groupby('concept')['count'].sum()\n"
            "named = [c for c in share_concepts if c in set(sh['concept'])]\n"
            "if share_concepts and not named:\n"
            "    print(f'share_concepts {share_concepts}: no such concept in lexicon {lexicon.name}; drawing every concept with a mention')\n"
            "wanted = [c for c in (named or sorted(used[used > 0].index)) if used.get(c, 0) > 0]\n"
            "if not wanted:\n"
            "    print('no authorial mention of', named or 'any concept')\n"
            "else:\n"
            "    figs = plots.variant_shares_figures(sh, by=by, concepts=wanted, sides=lexicon)\n"
            "    run.save_figures(figs, '02_variant_shares')\n"
            "used_variants = sh.groupby(['concept', 'variant'])['count'].transform('sum') > 0\n"
            "sh[sh['concept'].isin(wanted) & used_variants][[by, 'concept', 'variant', 'count', 'concept_count', 'share', 'ci_low', 'ci_high', 'resample']]"
        ),
        md(
            "## 4 · Stance balance per outlet and voice\n\n"
            "B = (P − N) / (P + N), P mentions of variants of the positive side of the lexicon's balance axis, N of "
            "its negative side (the `balance` of its `sides` block, printed below; the other sides are left out). "
            "+1: only the positive side's vocabulary, −1: only the negative side's; the axis label names both. "
            "Filled dots: the outlet's own (authorial) words; hollow: quoted and distanced uses, reported apart."
        ),
        code(
            "print('stance balance =', lexicon.sides.balance_formula())\n"
            "bal = stance_balance(mentions, corpus, by=by, voices=['authorial', 'quoted', 'distanced'], n_boot=n_boot, seed=seed,\n"
            "                     lexicon=lexicon, modality='any')\n"
            "run.save_table(bal, '02_stance_balance', latex=False)\n"
            "fig = plots.stance_balance_by_outlet(bal, by=by, sides=lexicon, n_docs=n_docs)\n"
            "run.save_figure(fig, '02_stance_balance')\n"
            "plots.show(fig)\n"
            "bal[bal['voice'] == 'authorial']"
        ),
        md(
            "## 5 · The explorer\n\n"
            "`explorer.html` (beside `figures/`, one file that works offline) puts sections 1–4 under the mouse: "
            "pick an outlet's keyness scatter, search or click a term, and read its rate per outlet with intervals "
            "and a sample of its concordance lines, with voice and modality, filtered by outlet, voice and date. "
            "In JupyterLab the same view is one call: `framing.explorer.show_explorer(corpus, lexicon=lexicon)`."
        ),
        code(
            "if explorer:\n"
            "    path = write_explorer(run.output_dir / 'explorer.html', corpus, all_mentions, kn, lexicon=lexicon, counts=counts,\n"
            "                          n_boot=n_boot, seed=seed, modality=modality, title=f'framing explorer: {lexicon.name}')\n"
            "    print(f'wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB)')"
        ),
        md(
            "## Reading notes\n\n"
            "* A term used by one outlet only can still be unremarkable: with few tokens its z stays small "
            "(see the `warning` column); with a small uniform prior instead of the corpus prior (not used here) "
            "such terms can never reach significance at all.\n"
            "* The keyness statistics treat tokens as independent draws; news text is bursty (one article repeats "
            "a name), so trust the document-bootstrap intervals of sections 2–4 over keyness p-values when they "
            "disagree.\n"
            "* Interval width is the honest summary of how much data there is: on a handful of documents it is "
            "wide. Compare outlets only where intervals are narrow and do not overlap much."
        ),
    ])


# ---------------------------------------------------------------------------------------------- 03


def nb03() -> nbformat.NotebookNode:
    md = new_markdown_cell
    code = new_code_cell
    return notebook([
        md(
            "# 03 · A term in context: concordance and collocations\n\n"
            "**What it shows.** Every occurrence of one term (parameter `term`: a word or a variant's label, "
            "such as one rival name of a concept) with the words around it (keyword in context), per outlet and **voice** (authorial: the "
            "outlet's own narration; quoted: someone else's words in quotation marks; distanced: \"so-called\", "
            "scare quotes); and the words that keep company with it in each outlet (collocations: pointwise mutual "
            "information and Dunning's log-likelihood G², NLTK's association measures).\n\n"
            "**How to read it.** Start with the counts by outlet and voice: a term that appears mostly in quotes is "
            "being reported, not adopted. Then read the lines: they are the evidence behind every number in the "
            "other notebooks. In the collocation chart, longer bars are stronger evidence of association (G²); PMI "
            "in the table says how much more often than chance the pair occurs, and favours rare pairs.\n\n"
            "Writes `tables/03_kwic.csv`, `tables/03_kwic.html` (article text escaped), "
            "`tables/03_voice_counts.csv`, `tables/03_collocations.csv`, `tables/03_collocations_by_voice.csv` "
            "and the figures `03_voice_counts`, "
            "`03_collocations`."
        ),
        parameters_cell(
            {
                "term": "",
                "window": 8,
                "max_lines": 60,
                "by": "outlet",
                "colloc_window": 5,
                "min_freq": 2,
                "top_collocates": 8,
            },
            {
                "term": "word or phrase (case, hyphen/space and apostrophe variants are interchangeable); empty: the lexicon term with the most mentions",
                "window": "words of context on each side of a concordance line",
                "max_lines": "concordance lines shown here (all are written to the tables)",
                "by": "grouping column of the corpus (outlet, stance_group, ...)",
                "colloc_window": "collocation window (NLTK window_size; 2 means adjacent words)",
                "min_freq": "minimum count of a pair to be scored",
                "top_collocates": "collocates per outlet in the chart",
            },
        ),
        code(
            "import numpy as np\n"
            "import pandas as pd\n"
            "from IPython.display import HTML, display\n"
            "from matplotlib.figure import Figure\n"
            "\n"
            "from framing import notebook as nb\n"
            "from framing import plots, style\n"
            "from framing.collocations import collocations\n"
            "from framing.kwic import kwic, kwic_html, write_kwic\n"
            "from framing.match import match_corpus\n"
            "\n"
            "run = nb.start(output_dir, figure_formats, table_formats)\n"
            "corpus, lexicon = nb.load_inputs(corpus_path, lexicon_path, outlets, date_from, date_to, count_copies)\n"
            "print(f\"{corpus.attrs['copies_dropped']} near-duplicate copies left out (count_copies={count_copies})\")\n"
            "mentions = match_corpus(corpus, lexicon)\n"
            "if not term and len(mentions):  # the lexicon term the corpus uses most\n"
            "    top = mentions['variant'].value_counts().index[0]\n"
            "    term = next(v.label for v in lexicon.variants if v.id == top)\n"
            "lines = kwic(corpus, term, window=window, mentions=mentions)\n"
            "if by != 'outlet':\n"
            "    lines[by] = lines['doc_id'].map(corpus.set_index('doc_id')[by])\n"
            "print(f\"{len(lines)} occurrences of {term!r} in {lines['doc_id'].nunique()} of {len(corpus)} documents\")"
        ),
        md(
            "## Occurrences by outlet and voice\n\n"
            "The voice of a line is the voice of the lexicon mention at that place when there is one, otherwise the "
            "same quotation and distancing rules applied to the hit itself."
        ),
        code(
            "voices = ['authorial', 'quoted', 'distanced']\n"
            "vc = (lines.assign(voice=pd.Categorical(lines['voice'], voices))\n"
            "      .groupby([by, 'voice'], observed=False).size().unstack('voice', fill_value=0)\n"
            "      .reindex(columns=voices, fill_value=0)) if len(lines) else pd.DataFrame(columns=voices)\n"
            "run.save_table(vc.reset_index(), '03_voice_counts', latex=False)\n"
            "if len(vc):\n"
            "    fig = plots.voice_counts_figure(vc, term)\n"
            "    run.save_figure(fig, '03_voice_counts')\n"
            "    plots.show(fig)\n"
            "vc"
        ),
        md("## Concordance\n\nLeft context, the match, right context; quoted lines in blue, distanced in orange."),
        code(
            "run.save_table(lines, '03_kwic', latex=False)\n"
            "write_kwic(lines, run.tables_dir / '03_kwic.html', title=f'{term}: {len(lines)} lines')\n"
            "shown = lines.sort_values([by, 'voice', 'doc_id', 'start'], kind='mergesort').groupby([by, 'voice']).head(\n"
            "    max(1, max_lines // max(1, lines[[by, 'voice']].drop_duplicates().shape[0]))) if len(lines) else lines\n"
            "display(HTML(kwic_html(shown.head(max_lines), title=f'{term} (first {min(len(shown), max_lines)} lines)', full_page=False)))"
        ),
        md(
            "## Collocations per outlet\n\n"
            "Pairs (term, word) within `colloc_window` tokens in either order, counted within documents; "
            "PMI = log₂(n·N / (n_term·n_word)) and G² on the pair's 2×2 table, with NLTK's scaling of windowed "
            "counts by 1/(window − 1). Only pairs seen at least `min_freq` times are scored."
        ),
        code(
            "col = collocations(corpus, term, by=by, window=colloc_window, min_freq=min_freq, lexicon=lexicon)\n"
            "run.save_table(col, '03_collocations', latex=False)\n"
            "if col.empty:\n"
            "    print(f'no collocate of {term!r} reaches min_freq={min_freq} in any {by}')\n"
            "else:\n"
            "    names = sorted(col[by].unique())\n"
            "    ncols = min(3, len(names))\n"
            "    row_h = 0.45 + 0.16 * top_collocates\n"
            "    per_page = ncols * max(1, int((style.MAX_HEIGHT - 0.2) // row_h))\n"
            "    figs = []\n"
            "    for start in range(0, len(names), per_page):\n"
            "        page = names[start:start + per_page]\n"
            "        nrows = int(np.ceil(len(page) / ncols))\n"
            "        fig = Figure(figsize=(style.DOUBLE_COLUMN, 0.2 + row_h * nrows), layout='constrained')\n"
            "        axes = fig.subplots(nrows, ncols, squeeze=False)\n"
            "        for ax, g in zip(axes.flat, page):\n"
            "            sub = col[col[by] == g].head(top_collocates)\n"
            "            lab = [f\"{'← ' if p == 'left' else ''}{w}{' →' if p == 'right' else ''}\" for w, p in zip(sub['collocate'], sub['position'])]\n"
            "            ax.barh(np.arange(len(sub)), sub['likelihood_ratio'], color=style.OKABE_ITO[4])\n"
            "            ax.set_yticks(np.arange(len(sub)), lab, fontsize=5)\n"
            "            ax.invert_yaxis()\n"
            "            ax.set_title(g, fontsize=7)\n"
            "            ax.set_xlabel('G²', fontsize=6)\n"
            "        for ax in list(axes.flat)[len(page):]:\n"
            "            ax.set_visible(False)\n"
            "        figs.append(fig)\n"
            "    run.save_figures(figs, '03_collocations')\n"
            "col.groupby(by).head(top_collocates)"
        ),
        md(
            "### The same, per voice\n\n"
            "Each occurrence of the term counts as the term *in its voice*: what an outlet writes around the "
            "term in its own narration, against what surrounds it in quotations and in distanced uses."
        ),
        code(
            "colv = collocations(corpus, term, by=by, window=colloc_window, min_freq=min_freq, lexicon=lexicon,\n"
            "                    by_voice=True, mentions=mentions)\n"
            "run.save_table(colv, '03_collocations_by_voice', latex=False)\n"
            "colv.groupby([by, 'voice']).head(top_collocates)[[by, 'voice', 'collocate', 'position', 'count', 'term_count',\n"
            "                                                  'pmi', 'likelihood_ratio']]"
        ),
    ])
