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
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files) -> str:  # noqa: ARG001 (mkdocs hook signature)
    if MARKER in markdown:
        return markdown.replace(MARKER, _bench_section())
    return markdown
