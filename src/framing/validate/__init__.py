"""The hand-coding loop: a blind coding sheet, then precision, recall and agreement from the coded sheets.

A dictionary measure is only as good as its agreement with careful readers of *this* corpus
(Grimmer & Stewart 2013: "validate, validate, validate"). The loop has two steps:

1. :func:`draw_sample` (``framing validate sample``) draws a stratified random sample of the
   matcher's **mentions** and of **recall probes** (sentences the matcher found nothing in), and
   writes a blind coding sheet (the coder sees the context, never the tool's answer) and a separate
   key with the tool's answers and the design weights;
2. :func:`score` (``framing validate score``) reads one or more coded sheets with the key and
   writes tidy tables: precision (per variant, concept, stance, voice), recall per concept, the
   headline measure the statistics use (stance-bearing authorial mentions), confusion matrices,
   inter-coder agreement (Krippendorff's α, Cohen's κ) and the disagreements.

The formulas, the sampling design and the coding rules are in :mod:`framing.validate.sample`,
:mod:`framing.validate.score` and the codebook sheet of every coding sheet.
"""

from .sample import CODER_FIELDS, MODALITIES, SHEET_COLUMNS, draw_sample, write_sample
from .score import agreement, read_key, read_sheet, score, wilson_interval, write_scores

__all__ = [
    "CODER_FIELDS",
    "MODALITIES",
    "SHEET_COLUMNS",
    "draw_sample",
    "write_sample",
    "read_sheet",
    "read_key",
    "score",
    "write_scores",
    "agreement",
    "wilson_interval",
]
