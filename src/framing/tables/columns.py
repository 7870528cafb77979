"""What the columns of the report's tables mean, and a table's columns as the files write them."""

from __future__ import annotations

import pandas as pd

#: What the columns of the report's tables mean (the README sheet of every .xlsx, the variable
#: labels of every .dta). A column not listed is described by its name.
COLUMN_MEANINGS = {
    "outlet": "news outlet (publisher) of the documents",
    "group": "the group compared with the rest (an outlet, or the value of the grouping column)",
    "concept": "concept of the lexicon: one referent with rival names",
    "variant": "one rival name (variant) of the concept, by its lexicon id",
    "stance": "side (stance) the lexicon gives the variant; several joined by | when it depends on the date",
    "voice": "authorial (the outlet's own narration), quoted (inside quotation marks) or distanced (so-called, scare quotes)",
    "modality": "how the mention is put: asserted, or forecast, conditional, denied ...",
    "n": "number of mentions",
    "count": "number of mentions (or of the term's tokens)",
    "mentions": "number of lexicon mentions",
    "share": "share of the variant among the mentions of its concept (0-1)",
    "share_all_voices": "share of the variant among the concept's mentions, voices pooled (0-1)",
    "n_all_voices": "mentions of the variant, voices pooled",
    "concept_count": "mentions of any variant of the concept",
    "n_docs": "documents of the group",
    "docs": "documents of the group in the period",
    "documents": "number of documents",
    "n_docs_with_concept": "documents that mention the concept (they carry the share and choose the bootstrap scheme)",
    "n_docs_with_stance": "documents that mention either side of the balance (they carry the balance and choose the bootstrap scheme)",
    "n_docs_with_mention": "documents with a mention of the concept in this voice",
    "small_sample": "True when fewer than 20 documents carry the estimate: read it as an anecdote",
    "tokens": "tokens (words) of the group's documents, lexicon phrases counted as one",
    "rate": "mentions per 10,000 tokens",
    "ci_low": "lower end of the 95% percentile bootstrap interval",
    "ci_high": "upper end of the 95% percentile bootstrap interval",
    "n_boot": "bootstrap replicates",
    "resample": "bootstrap scheme: documents, or two-stage (documents, then within each document) for small samples",
    "method": "how the estimate and its interval were computed",
    "balance": "stance balance (P - N) / (P + N) of the lexicon's two poles, -1 to +1",
    "period": "first day of the period",
    "term": "word or lexicon phrase (as the tokenizer writes it)",
    "total": "tokens of the group",
    "other_count": "count of the term in all other groups",
    "other_total": "tokens of all other groups",
    "score": "log-odds ratio with informative Dirichlet prior (Monroe et al. 2008), delta",
    "z": "z-score of the log-odds ratio (delta / sigma)",
    "p": "two-sided p-value",
    "q": "Benjamini-Hochberg adjusted p-value (false discovery rate)",
    "prior": "prior count of the term",
    "prior_total": "prior size",
    "one_group_only": "True when the term occurs on one side of the comparison only",
    "warning": "why the score needs care (empty: none)",
    "doc_id": "document identifier",
    "date": "publication date",
    "title": "document title",
    "url": "document URL",
    "start": "character offset where the match starts in the document text",
    "end": "character offset where the match ends",
    "matched": "the text as matched",
    "sentence": "the sentence around the mention",
    "left": "context before the match",
    "match": "the match",
    "right": "context after the match",
    "collocate": "word seen near the term",
    "position": "side of the term the collocate is on (left, right, both)",
    "term_count": "occurrences of the term",
    "collocate_count": "occurrences of the collocate",
    "n_tokens": "tokens of the group",
    "window": "collocation window (tokens)",
    "pmi": "pointwise mutual information, log2",
    "likelihood_ratio": "Dunning's log-likelihood G2",
    "dim1": "first map dimension",
    "dim2": "second map dimension",
    "words": "words of the cleaned text",
    "median_words": "median words per document",
    "first_date": "earliest document date",
    "last_date": "latest document date",
    "undated": "documents without a date",
    "copies": "near-duplicate copies of an earlier document",
    "originals": "documents that are not copies",
    "furniture_lines": "site-furniture lines removed by ingest",
    "similarity": "share of the copy's 5-word shingles found in its original",
    "reason": "why the line was removed",
    "line": "the removed line",
    "authorial": "occurrences in the outlet's own narration",
    "quoted": "occurrences inside quotation marks",
    "distanced": "occurrences marked as distanced (so-called, scare quotes)",
}


def column_meaning(column: str) -> str:
    """What a column of the report's tables means (:data:`COLUMN_MEANINGS`), else a generic line.

    Examples
    --------
    >>> column_meaning("ci_low")
    'lower end of the 95% percentile bootstrap interval'
    """
    col = str(column)
    if col in COLUMN_MEANINGS:
        return COLUMN_MEANINGS[col]
    if ":" in col:
        concept, variant = col.split(":", 1)
        return f"share of variant {variant} among the mentions of concept {concept}"
    return f"{col} (see the notebook that wrote this table)"


def readme_lines(df: pd.DataFrame, name: str) -> list[str]:
    """The README sheet of a table's workbook: its name, then one line per column with its meaning."""
    lines = [f"# {name}", f"{len(df):,} rows, {len(df.columns)} columns. Column meanings:", ""]
    lines += [f"{c}: {column_meaning(c)}" for c in df.columns]
    lines += ["", "Missing values are empty cells. The CSV beside this file has the same table with every digit."]
    return lines


def _flat(df: pd.DataFrame, keep_index: bool = True) -> pd.DataFrame:
    """Columns as plain strings (a MultiIndex joined by ' / '); the index becomes leading columns when
    ``keep_index`` and it means something (it has a name, or labels that are not row numbers), as
    for a table of counts per outlet; files leave it out, as the CSV does."""
    out = df
    idx = out.index
    meaningful = any(n is not None for n in idx.names) or not pd.api.types.is_integer_dtype(idx.dtype)
    if keep_index and meaningful and not isinstance(idx, pd.RangeIndex):
        out = out.reset_index()
    elif keep_index and isinstance(idx, pd.RangeIndex) and idx.name is not None:
        out = out.reset_index()
    if isinstance(out.columns, pd.MultiIndex):
        out = out.copy()
        out.columns = [" / ".join(str(p) for p in col if str(p)) for col in out.columns]
    else:
        out = out.copy()
        out.columns = [str(c) for c in out.columns]
    return out
