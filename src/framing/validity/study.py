"""Running the checks on ``../shared/corpora`` and writing their tables and figures (``framing validity``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from ..estimators import spearman_ci
from ..vocab import DEFAULT_SEED
from .checks import (
    NarrativeResult,
    document_stance_counts,
    known_groups,
    narrative_check,
    period_control,
    spelling_variants,
)
from .corpora import (
    KREMLIN,
    STUDY_WINDOW,
    UKRAINE_WEST,
    dates_from_period,
    find_corpora,
    ingest_window,
    read_source_csv,
)

# --------------------------------------------------------------------------------------------
# Running the three checks on ../shared/corpora
# --------------------------------------------------------------------------------------------
#: Folder names inside ``shared/corpora``.
CORPUS_2022 = "ukraine_media_2022"
CORPUS_2014 = "bbc_telegraph_crimea2014"
CORPUS_SEMEVAL = "semeval2025_t10_urw"


def _match(corpus: pd.DataFrame, lexicon, undated: str) -> pd.DataFrame:
    from ..match import match_corpus

    return match_corpus(corpus, lexicon, undated=undated)


def check_known_groups(
    corpora: str | os.PathLike,
    workdir: str | os.PathLike,
    lexicon=None,
    *,
    window: tuple[str, str] = STUDY_WINDOW,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    min_docs: int = 50,
) -> tuple[pd.DataFrame, dict]:
    """Known-groups check on ``ukraine_media_2022`` in ``window``: ingest (furniture, dedup, copies
    dropped), match, and :func:`known_groups` for Kiev/Kyiv. Returns ``(table, info)``."""
    from ..lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    corpus, summary = ingest_window(
        Path(corpora) / CORPUS_2022 / "corpus.csv", workdir, date_from=window[0], date_to=window[1]
    )
    mentions = _match(corpus, lexicon, undated="current")
    table = known_groups(corpus, mentions, lexicon=lexicon, n_boot=n_boot, seed=seed, min_docs=min_docs)
    return table, {"corpus": corpus, "mentions": mentions, "ingest_summary": summary}


def check_period_control(corpora: str | os.PathLike, lexicon=None) -> tuple[pd.DataFrame, dict]:
    """Period control on ``bbc_telegraph_crimea2014``: dates from ``period_approx`` (range end),
    match with ``undated="current"`` (so a text left undated would be scored by today's stance and
    fail the check), and :func:`period_control`. Returns ``(offending_mentions, info)``."""
    from ..corpus import validate_corpus
    from ..lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_2014 / "corpus.csv")
    corpus = dates_from_period(validate_corpus(raw, source=CORPUS_2014))
    mentions = _match(corpus, lexicon, undated="current")
    bad = period_control(mentions, lexicon)
    return bad, {"corpus": corpus, "mentions": mentions}


def check_narratives(
    corpora: str | os.PathLike, lexicon=None, *, n_boot: int = 2000, seed: int = DEFAULT_SEED, undated: str = "current"
) -> NarrativeResult:
    """SemEval-2025 narrative check: match every article (they carry no date; ``undated`` says how
    their date-dependent spellings are scored, default today's stance: the articles are from
    2022-24), then :func:`narrative_check`."""
    from ..corpus import validate_corpus
    from ..lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_SEMEVAL / "corpus.csv")
    corpus = validate_corpus(raw, source=CORPUS_SEMEVAL)
    mentions = _match(corpus, lexicon, undated=undated)
    return narrative_check(corpus, mentions, n_boot=n_boot, seed=seed)


CORPUS_BIAS_2014 = "ukraine_news_bias_2014"


def check_crowd_ratings(
    corpora: str | os.PathLike, lexicon=None, *, undated: str = "neutral", n_boot: int = 2000, seed: int = DEFAULT_SEED
) -> tuple[dict, pd.DataFrame]:
    """Exploratory: does the document stance score follow crowd ratings of bias?

    ``ukraine_news_bias_2014``: 90 articles on the 2014 crisis (2 empty, left out) with crowd
    ratings ``pro_russia_avg`` and ``pro_west_avg``. Spearman correlation (:func:`spearman_ci`) of
    ``score = (k - u)/(k + u + 1)`` (authorial) with ``pro_russia_avg - pro_west_avg``. The
    articles carry no date but are from 2013-14, before the spelling switches, so date-dependent
    spellings are scored ``undated="neutral"``. Returns ``(result, per-document scores)``.
    """
    from ..corpus import validate_corpus
    from ..lexicon import load_lexicon

    lexicon = lexicon if lexicon is not None else load_lexicon()
    raw = read_source_csv(Path(corpora) / CORPUS_BIAS_2014 / "corpus.csv")
    raw = raw[raw["text"].fillna("").str.strip().str.len() > 0]
    corpus = validate_corpus(raw, source=CORPUS_BIAS_2014)
    mentions = _match(corpus, lexicon, undated=undated)
    scores = document_stance_counts(corpus, mentions)
    scores["rating"] = (pd.to_numeric(corpus["pro_russia_avg"]) - pd.to_numeric(corpus["pro_west_avg"])).to_numpy()
    result = spearman_ci(scores["score"], scores["rating"], n_boot=n_boot, seed=seed)
    result["docs_with_stance_terms"] = int(((scores["k"] + scores["u"]) > 0).sum())
    return result, scores


def _fmt(x, nd: int = 3) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "NO"
    if isinstance(x, (float, np.floating)):
        return f"{x:.{nd}f}"
    return str(x)


def to_markdown(df: pd.DataFrame, nd: int = 3) -> str:
    """A small GitHub-flavoured Markdown table (no extra dependency)."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "| " + " | ".join("---" for _ in cols) + " |"]
    for row in df.astype(object).itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(x, nd) for x in row) + " |")
    return "\n".join(lines) + "\n"


def plot_known_groups(
    table: pd.DataFrame, *, variant: str = "Kiev", other: str = "Kyiv", group_stance: Mapping[str, str] | None = None
):
    """Two panels, one row per outlet: share of ``variant`` among ``variant`` + ``other`` and the
    authorial stance balance, each a dot with its bootstrap interval, coloured by the outlet's group
    (``russian_state`` in the kremlin colour, ``western`` in the ukraine_west colour).

    Outlets below ``min_docs`` (``checked`` False) are drawn hollow. Returns the figure.
    """
    import matplotlib.pyplot as plt

    from ..style import STANCE_COLORS, figsize, use_style

    use_style()
    gs = dict(group_stance or {"russian_state": KREMLIN, "western": UKRAINE_WEST})
    t = table.sort_values(["balance", "outlet"], ascending=[True, True]).reset_index(drop=True)
    w, _ = figsize("double")
    fig, axes = plt.subplots(1, 2, figsize=(w, 0.28 * len(t) + 0.9), sharey=True)
    y = np.arange(len(t))
    panels = (
        (axes[0], "share", "share_lo", "share_hi", f"share of \u201c{variant}\u201d among {variant} + {other}", (0, 1)),
        (axes[1], "balance", "balance_lo", "balance_hi", "stance balance (K \u2212 U)/(K + U), authorial", (-1, 1)),
    )
    for ax, col, lo, hi, label, lim in panels:
        for i, row in t.iterrows():
            color = STANCE_COLORS.get(gs.get(str(row["group"]), ""), "#999999")
            if np.isfinite(row[col]):
                ax.plot([row[lo], row[hi]], [i, i], color=color, lw=1.6, solid_capstyle="butt")
                ax.plot(
                    [row[col]], [i], "o", ms=4, color=color, mfc=color if bool(row["checked"]) else "white", mew=1.0
                )
        ax.set_xlim(lim[0] - 0.03, lim[1] + 0.03)
        ax.set_xlabel(label)
        ax.axvline(0 if col == "balance" else 0.5, color="#cccccc", lw=0.6, zorder=0)
        ax.grid(axis="x", color="#eeeeee", lw=0.5)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([f"{o} (n={n})" for o, n in zip(t["outlet"], t["n_docs"])])
    axes[0].set_ylim(-0.6, len(t) - 0.4)
    fig.tight_layout()
    return fig


def period_tables(mentions: pd.DataFrame, lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts for the period-control docs (numbers only, no text).

    Returns ``(spellings, kremlin_authorial)``: mentions of spelling/date-dependent variants by
    ``outlet, variant, stance, voice``; and every kremlin-aligned authorial mention by variant
    (``kind``, ``mentions``, ``documents``), frames included, for information.
    """
    pm = mentions[mentions["variant"].isin(spelling_variants(lexicon))]
    spellings = pm.groupby(["outlet", "variant", "stance", "voice"]).size().rename("mentions").reset_index()
    k = mentions[(mentions["voice"] == "authorial") & (mentions["stance"] == KREMLIN)]
    vf = lexicon.variants_frame().set_index("variant")
    kt = k.groupby(["variant"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    if "kind" in vf.columns:
        kt.insert(1, "kind", kt["variant"].map(vf["kind"]).astype(str))
    kt = kt.sort_values(["mentions", "variant"], ascending=[False, True]).reset_index(drop=True)
    return spellings, kt


#: Tables :func:`write_outputs` writes, as ``validity_<name>.{csv,md}``.
OUTPUT_TABLES = (
    "known_groups",
    "period_control",
    "period_kremlin_authorial",
    "narratives_auc",
    "narrative_terms",
    "crowd_ratings",
)


def write_outputs(results: Mapping[str, pd.DataFrame], out_dir: str | os.PathLike) -> list[Path]:
    """Write ``known_groups.{png,svg}`` (when ``results`` has ``known_groups``) and every table of
    :data:`OUTPUT_TABLES` present in ``results`` as CSV (``%.6g``) and Markdown. Deterministic:
    the same results give the same bytes. Returns the paths written."""
    import matplotlib.pyplot as plt

    from ..style import save_figure

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "known_groups" in results:
        fig = plot_known_groups(results["known_groups"])
        written += save_figure(fig, "known_groups", out, ("png", "svg"))
        plt.close(fig)
    for name in OUTPUT_TABLES:
        if name not in results:
            continue
        df = results[name]
        csv, md = out / f"validity_{name}.csv", out / f"validity_{name}.md"
        df.to_csv(csv, index=False, lineterminator="\n", float_format="%.6g")
        md.write_text(to_markdown(df), encoding="utf-8")
        written += [csv, md]
    return written


def run_all(
    out_dir: str | os.PathLike,
    corpora: str | os.PathLike | None = None,
    *,
    lexicon_path=None,
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
) -> dict:
    """Run the checks and write their tables (CSV and Markdown, numbers only) and the known-groups
    figure to ``out_dir`` (:func:`write_outputs`). Returns a dict of the tables, pass/fail flags
    (``known_groups_pass``, ``period_control_pass``, ``narratives_pass``) and ``files``.
    """
    import tempfile

    from ..lexicon import load_lexicon

    if corpora:
        if not Path(corpora).is_dir():
            raise CorpusError(
                f"{corpora}: no such corpora folder; pass --corpora DIR or set FRAMING_CORPORA "
                "to the shared/corpora folder"
            )
        corpora = Path(corpora)
    else:
        corpora = find_corpora()
        if corpora is None:
            raise CorpusError(
                "../shared/corpora not found beside the project; pass --corpora DIR or set FRAMING_CORPORA to its path"
            )
    lexicon = load_lexicon(lexicon_path)
    out = Path(out_dir)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        kg, info = check_known_groups(corpora, tmp, lexicon, n_boot=n_boot, seed=seed)
    results["known_groups"] = kg
    checked = kg[kg["checked"]]
    results["known_groups_pass"] = bool(len(checked) and checked["share_ok"].all() and checked["balance_ok"].all())
    results["ingest_summary"] = {k: v for k, v in info["ingest_summary"].items() if isinstance(v, (int, float, str))}
    bad, pinfo = check_period_control(corpora, lexicon)
    results["period_control"], results["period_kremlin_authorial"] = period_tables(pinfo["mentions"], lexicon)
    results["period_control_pass"] = bool(bad.empty)
    nar = check_narratives(corpora, lexicon, n_boot=max(n_boot, 2000), seed=seed)
    auc = nar.summary()
    results["narratives_auc"] = auc
    results["narrative_terms"] = nar.terms
    results["narratives_pass"] = bool(nar.auc["lo"] > 0.5)
    crowd, _ = check_crowd_ratings(corpora, lexicon, n_boot=max(n_boot, 2000), seed=seed)
    results["crowd_ratings"] = pd.DataFrame([crowd])
    results["files"] = write_outputs(results, out)
    return results
