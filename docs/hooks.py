"""Build-time hooks of the manual (mkdocs.yml ``hooks``).

``docs/benchmarks.md`` holds the marker ``<!-- bench:run -->``; it is replaced by the table, the
targets and the machine of the run kept in ``docs/benchmarks/`` (``bench.csv`` and ``bench.json``
as ``make bench`` writes them, copied there by ``python -m benchmarks.run --publish``), so the page
is never edited by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "<!-- bench:run -->"
ROUNDS = "<!-- validation:rounds -->"
FINAL = "<!-- validation:final -->"
#: Folder prefix of each language's rounds in docs/validation/: English rounds are ``round<N>``,
#: the others ``<lang>-round<N>``; ``<!-- validation:rounds ru -->`` and ``<!-- validation:final ru -->``
#: place a language's tables.
LANGUAGES = {"en": "round", "ru": "ru-round", "uk": "uk-round"}


def _bench_section() -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import pandas as pd

    from benchmarks.run import contention_note, format_table, targets

    folder = ROOT / "docs" / "benchmarks"
    df = pd.read_csv(folder / "bench.csv", dtype={"error": str})
    df["error"] = df["error"].fillna("") if "error" in df.columns else ""
    meta = json.loads((folder / "bench.json").read_text(encoding="utf-8"))
    m, a = meta.get("machine", {}), meta.get("args", {})
    sources = ", ".join(f"`{s['name']}` ({s['docs']:,} documents, {s['words']:,} words)" for s in meta.get("sources", []))
    lines = [
        f"`python -m benchmarks.run --repeat {a.get('repeat', 1)}` at commit `{m.get('git_commit', '?')}`"
        f"{' (' + m['date'] + ')' if m.get('date') else ''} on {m.get('cpus', '?')} CPUs "
        f"({m.get('cpu', 'unknown CPU')}), Python {m.get('python', '?')}; load average "
        f"{meta.get('load_average', ['?', '?'])[0]} at the start and {meta.get('load_average', ['?', '?'])[-1]} "
        f"at the end; {meta.get('seconds', '?')} s in all. Corpora: {sources}.",
        "",
        format_table(df),
        "",
        "```",
        *targets(df, int(a.get("workers", 2) or 2)),
        "```",
    ]
    note = contention_note(df)
    if note:
        lines += ["", note]
    words = int(a.get("words") or 0)
    if words and words < 2_000_000 or a.get("no_dask"):
        lines += ["", f"!!! note \"A short run\"\n    This run used {words:,} words per corpus"
                  + (" and no Dask rows" if a.get("no_dask") else "") + ": fixed costs weigh more than in "
                  "`make bench` (2 M words per corpus, Dask rows included), so its ratios understate the "
                  "pipeline. Replace it with `python -m benchmarks.run --repeat 3 --publish` on a quiet machine."]
    return "\n".join(lines)


def _rounds(language: str = "en") -> list[tuple[str, dict, "object", "object"]]:
    import pandas as pd

    out = []
    for folder in sorted((ROOT / "docs" / "validation").glob(LANGUAGES[language] + "[0-9]*")):
        design = json.loads((folder / "design.json").read_text(encoding="utf-8"))
        head = pd.read_csv(folder / "headline.csv")
        agree = pd.read_csv(folder / "agreement.csv")
        out.append((folder.name, design, head, agree))
    return out


def _fmt(x: float) -> str:
    return "—" if x != x else f"{x:.2f}"


def _rounds_table(language: str = "en") -> str:
    """One row per hand-coding round of a language: lexicon version, sample, headline precision and
    recall of the consensus coder with intervals, and α per field."""
    lines = ["| round | lexicon | seed | sample | precision [95 % CI] | recall [95 % CI] | α marker / stance / voice / modality |",
             "|---|---|---|---|---|---|---|"]
    for name, design, head, agree in _rounds(language):
        coder = "consensus" if (head["coder"] == "consensus").any() else head["coder"].iloc[0]
        h = head[(head["coder"] == coder) & (head["concept"] == "(all)")].iloc[0]
        a = agree.set_index("field")["alpha"]
        lines.append(
            f"| [{name}](validation/{name}/summary.md) | {design['lexicon']['version']} | {design['seed']} | "
            f"{design['n']} + {design['n_probes']} | {_fmt(h['precision'])} [{_fmt(h['precision_low'])}, {_fmt(h['precision_high'])}] | "
            f"{_fmt(h['recall'])} [{_fmt(h['recall_low'])}, {_fmt(h['recall_high'])}] | "
            + " / ".join(_fmt(a.get(f, float("nan"))) for f in ("is_marker", "stance", "voice", "modality")) + " |")
    return "\n".join(lines)


def _final_table(language: str = "en") -> str:
    """Per concept, a language's last round's consensus headline precision and recall with
    intervals; concepts below 0.8 in bold."""
    name, design, head, _agree = _rounds(language)[-1]
    coder = "consensus" if (head["coder"] == "consensus").any() else head["coder"].iloc[0]
    h = head[head["coder"] == coder]
    h = h[(h["n_tool_items"] > 0) | (h["concept"] == "(all)") | (h["coder_positive_missed"] > 0)]
    lines = [f"Round `{name}`, lexicon {design['lexicon']['version']}, coder `{coder}`:", "",
             "| concept | mentions coded | precision [95 % CI] | recall [95 % CI] |", "|---|---:|---|---|"]
    for _, r in h.iterrows():
        def cell(what: str) -> str:
            v = r[what]
            text = f"{_fmt(v)} [{_fmt(r[what + '_low'])}, {_fmt(r[what + '_high'])}]"
            return f"**{text}**" if v == v and v < 0.8 else text
        label = "all concepts" if r["concept"] == "(all)" else r["concept"]
        lines.append(f"| {label} | {int(r['n_tool_items'])} | {cell('precision')} | {cell('recall')} |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ARG001 (mkdocs hook signature)
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, _bench_section())
    for language in LANGUAGES:
        suffix = "" if language == "en" else " " + language
        rounds, final = ROUNDS.replace(" -->", suffix + " -->"), FINAL.replace(" -->", suffix + " -->")
        if rounds in markdown:
            markdown = markdown.replace(rounds, _rounds_table(language))
        if final in markdown:
            markdown = markdown.replace(final, _final_table(language))
    return markdown
