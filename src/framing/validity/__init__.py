"""Validity checks: does the framing measure reproduce what is already known?

A measure of framing earns trust when it finds what independent evidence already says. This module
turns three such pieces of evidence, all in ``../shared/corpora/`` beside the project, into reusable
checks (the tests in ``tests/test_validity.py`` run them, and ``python -m framing.validity`` writes
their tables):

1. **Known groups** (``ukraine_media_2022``, window 16 Jun - 31 Oct 2022): in 2022 RT wrote "Kiev",
   "Donbass" and "Kiev regime", Western outlets wrote "Kyiv" and "Donbas". Per outlet we report the
   share of the Russian-based spelling among both spellings and the authorial stance balance, each
   with a document-bootstrap interval, and compare them with the dataset's own ``stance_group``
   column (provenance metadata, not a rule of the lexicon or the matcher): :func:`known_groups`.
2. **Period control** (``bbc_telegraph_crimea2014``): before the 2019 style-guide switches "Kiev"
   was ordinary English, so BBC and Telegraph articles from 2013-15 must get no Kremlin-aligned
   authorial mention for a date-dependent spelling: :func:`period_control`.
3. **Expert narrative labels** (``semeval2025_t10_urw``): a per-document stance score separates
   articles that experts labelled with a pro-Kremlin narrative from the rest; we report the ROC AUC
   with a bootstrap interval (:func:`roc_auc_ci`) and the variants that drive it
   (:func:`term_attribution`).

Nothing here names an outlet: the groups come from the data's metadata columns, the stances from
the lexicon (with its date-aware ``stance_periods``), the voices from the matcher.

Formulas
--------
Share of variant *a* among *a* and *b* in a group of documents *D* (ratio estimator)::

    share = sum_{d in D} a_d / sum_{d in D} (a_d + b_d)

Stance balance over authorial mentions (as defined in :mod:`framing.stats`)::

    balance = (K - U) / (K + U),   K = kremlin-aligned, U = ukraine_west-aligned mentions

Per-document stance score (a smoothed balance that is 0 for a document with no mention, so
documents without loaded terms sit in the middle rather than being dropped)::

    score_d = (k_d - u_d) / (k_d + u_d + 1)

Intervals are percentile bootstrap intervals that resample documents (the sampling unit; news text
is bursty, so tokens are not independent: Efron & Tibshirani 1993, ch. 13; Lijffijt et al. 2016,
"Significance testing of word frequencies in corpora", DSH 31(2)). For the ROC AUC (Hanley & McNeil
1982; ``sklearn.metrics.roc_auc_score``, ties get half credit) documents are resampled within each
class (stratified), so every resample has both classes.
"""

from __future__ import annotations

from ..estimators import ratio_interval, roc_auc_ci, spearman_ci  # noqa: F401
from .checks import (  # noqa: F401
    DEFAULT_EXPECTATIONS,
    GroupExpectation,
    NarrativeResult,
    date_dependent_variants,
    document_stance_counts,
    known_groups,
    narrative_check,
    period_control,
    spelling_variants,
    term_attribution,
)
from .corpora import (  # noqa: F401
    CORPORA_ENV,
    KREMLIN,
    STUDY_WINDOW,
    UKRAINE_WEST,
    dates_from_period,
    find_corpora,
    ingest_window,
    read_source_csv,
)
from .ru_uk import (  # noqa: F401
    POOLED,
    RU_UK_GROUPS,
    RU_UK_SIDES,
    known_groups_ru_uk,
    plot_known_groups_ru_uk,
    read_ru_uk_corpus,
    ru_uk_groups_pass,
    write_ru_uk_outputs,
)
from .study import (  # noqa: F401
    CORPUS_2014,
    CORPUS_2022,
    CORPUS_BIAS_2014,
    CORPUS_SEMEVAL,
    OUTPUT_TABLES,
    check_crowd_ratings,
    check_known_groups,
    check_narratives,
    check_period_control,
    period_tables,
    plot_known_groups,
    run_all,
    to_markdown,
    write_outputs,
)

__all__ = [
    "ratio_interval",
    "roc_auc_ci",
    "spearman_ci",
    "CORPORA_ENV",
    "KREMLIN",
    "STUDY_WINDOW",
    "UKRAINE_WEST",
    "dates_from_period",
    "find_corpora",
    "ingest_window",
    "read_source_csv",
    "DEFAULT_EXPECTATIONS",
    "GroupExpectation",
    "NarrativeResult",
    "date_dependent_variants",
    "document_stance_counts",
    "known_groups",
    "narrative_check",
    "period_control",
    "spelling_variants",
    "term_attribution",
    "CORPUS_2014",
    "CORPUS_2022",
    "CORPUS_BIAS_2014",
    "CORPUS_SEMEVAL",
    "OUTPUT_TABLES",
    "check_crowd_ratings",
    "check_known_groups",
    "check_narratives",
    "check_period_control",
    "period_tables",
    "plot_known_groups",
    "run_all",
    "to_markdown",
    "write_outputs",
    "POOLED",
    "RU_UK_GROUPS",
    "RU_UK_SIDES",
    "known_groups_ru_uk",
    "plot_known_groups_ru_uk",
    "read_ru_uk_corpus",
    "ru_uk_groups_pass",
    "write_ru_uk_outputs",
]
