"""Pages of a run: notebooks exported as sanitized HTML, the run's landing page and the reports index."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import files
from ..errors import OutputError
from ..files import os_problem

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: The nbconvert template the reports use (``framing/templates/framing.html.j2``).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

#: Tags kept in HTML outputs (pandas tables, IPython.display.HTML); everything else is stripped.
SAFE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    }
)
_SAFE_PROTOCOLS = frozenset({"http", "https", "mailto", "data"})
_ACTIVE_SVG = re.compile(r"<\s*script|\bon\w+\s*=|javascript:|<\s*foreignObject", re.I)


def _safe_attribute(tag: str, name: str, value: str) -> bool:
    name = name.lower()
    return not name.startswith("on") and name not in ("style", "srcdoc", "formaction")


def clean_html(html_text: str) -> str:
    """Strip scripts, event handlers (``onerror=``), ``javascript:`` links, iframes and forms from HTML.

    Uses bleach with an allow-list (:data:`SAFE_TAGS`; links and images may use http, https,
    mailto or data URLs). Text stays text: ``&lt;script&gt;`` is shown, never run.

    Examples
    --------
    >>> clean_html('<b>ok</b><img src=x onerror="alert(1)"><script>alert(2)</script>')
    '<b>ok</b><img src="x">alert(2)'
    """
    import bleach

    return bleach.clean(
        html_text,
        tags=SAFE_TAGS,
        attributes=_safe_attribute,
        protocols=_SAFE_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def sanitize_notebook(nb):
    """Make a notebook's outputs safe to publish as HTML; returns the same notebook, modified.

    - ``text/html`` outputs go through :func:`clean_html`;
    - ``text/markdown`` outputs are shown as text (markdown would let raw HTML through);
    - ``application/javascript`` (and other script) outputs are dropped;
    - ``image/svg+xml`` outputs with scripts, event handlers or ``foreignObject`` are dropped.

    Markdown *cells* are the notebook author's own text and are kept as written. Article text reaches
    a report only through outputs, so a document containing ``<script>`` runs nothing.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            for mime in list(data):
                value = data[mime]
                text = "".join(value) if isinstance(value, list) else value
                if mime == "text/html":
                    data[mime] = clean_html(text)
                elif mime == "text/markdown":
                    data.pop(mime)
                    data.setdefault("text/plain", text)
                elif "javascript" in mime or mime in ("application/vnd.jupyter.widget-view+json",):
                    data.pop(mime)
                elif mime == "image/svg+xml" and _ACTIVE_SVG.search(text):
                    data.pop(mime)
            if not data:
                data["text/plain"] = "(output removed: it could run code in the report)"
    return nb


def export_html(notebook_path: Path, out_path: Path, hide_code: bool) -> Path:
    """Write the executed notebook as standalone HTML (lab look, no CDN scripts, outputs sanitized).

    ``hide_code=True`` leaves out code cells' input and prompts (the reader's version). Outputs are
    cleaned by :func:`sanitize_notebook` first.
    """
    import nbformat
    from nbconvert import HTMLExporter

    nb = sanitize_notebook(nbformat.read(notebook_path, as_version=4))
    exporter = HTMLExporter(template_name="lab", template_file=str(TEMPLATES_DIR / "framing.html.j2"))
    exporter.embed_images = True
    if hide_code:
        exporter.exclude_input = True
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook_path.stem}})
    _write_text(out_path, body)
    return out_path


def _write(path: Path, write) -> Path:
    """:func:`framing.files.atomic_write` (complete or absent; OS failures as one
    :class:`~framing.errors.OutputError` line naming ``--reports-dir``)."""
    return files.atomic_write(path, write, flag="--reports-dir")


def _write_text(path: Path, text: str) -> Path:
    return _write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if missing) for the ``with`` block."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"--reports-dir: cannot create the lock file {lock_path}: {os_problem(exc)}") from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # a file system without locks (some network mounts): renames stay atomic
                pass
        yield
    finally:
        os.close(fd)  # releases the lock


#: Captions of the figures the notebooks write, by name (a figure continued on more pages,
#: ``02_rates_2``, has the caption of ``02_rates``).
FIGURE_CAPTIONS = {
    "00_corpus_overview": "Words per outlet (originals and near-duplicate copies) and documents per outlet and "
    "month (blank: no document).",
    "01_variant_use": "Which name each outlet uses for each concept, in its own words (authorial), in quotations "
    "and in distanced uses: shares of the concept's mentions, coloured by the side the lexicon "
    "gives the name; the number after a bar is the mentions it rests on.",
    "02_fightin_words": "Fightin' Words: each outlet against all others (log-odds ratio with an informative "
    "Dirichlet prior, Monroe et al. 2008). Up: terms the outlet uses more; coloured: q < 0.05.",
    "02_rates": "Mentions per 10,000 tokens per concept, outlet and voice, with 95% document-bootstrap intervals.",
    "02_variant_shares": "Share of each rival name among the concept's authorial mentions per outlet, with 95% "
    "bootstrap intervals (mentions in brackets).",
    "02_stance_balance": "Stance balance (P − N)/(P + N) per outlet: filled, the outlet's own words; hollow, "
    "quoted and distanced uses. 95% bootstrap intervals; two-stage where fewer than 20 "
    "documents carry the balance.",
    "03_voice_counts": "Occurrences of the term per outlet and voice (log scale when counts span two orders of "
    "magnitude).",
    "03_collocations": "Collocates of the term per outlet, by Dunning's log-likelihood G².",
    "04_rates": "Mentions per 10,000 tokens per month and outlet, with 95% bootstrap intervals (vertical lines; "
    "shaded bands where 20 or more documents carry the month); a month with documents but no mention "
    "is a gap marked by a tick on the zero line.",
    "05_outlet_map": "Outlets placed by their variant shares (correspondence analysis), coloured by stance "
    "balance; hollow: no mention of either side.",
    "05_dendrogram": "Outlets clustered by their variant shares (average linkage, Euclidean distance).",
}

_PAGE_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:1.5em 2em;max-width:74em;"
    "color:#222;line-height:1.45}h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;"
    "padding-bottom:.2em}table{border-collapse:collapse}td,th{padding:.25em .7em;text-align:left;vertical-align:top;"
    "border-bottom:1px solid #eee}th{white-space:nowrap}code{font-size:90%;overflow-wrap:anywhere}"
    ".facts td{max-width:60em;overflow-wrap:anywhere}figure{margin:1.2em 0 2em;border-bottom:1px solid #eee;"
    "padding-bottom:1em}figure img{max-width:100%;max-height:85vh;width:auto;height:auto;border:1px solid #ddd;"
    "background:#fff}"
    "figcaption{max-width:50em;font-size:.95em}figcaption b{font-family:monospace}.links a{margin-right:.6em}"
    "details{margin:.3em 0}summary{cursor:pointer}.params{font-size:.9em}.params td{font-family:monospace}"
    ".explorer{font-size:1.1em;padding:.6em 1em;background:#f3f7fb;border:1px solid #cfe0ef;display:inline-block}"
    "div.scroll{overflow-x:auto;max-width:100%}"
)


def _corpus_facts(folder: Path) -> dict[str, str]:
    """Documents, outlets and dates of the corpus the run read, from notebook 00's outlet table."""
    import csv

    path = folder / "tables" / "00_outlets.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, ValueError, csv.Error):
        return {}
    try:
        docs = sum(int(float(r.get("documents") or 0)) for r in rows)
    except ValueError:
        return {}
    firsts = sorted(r["first_date"][:10] for r in rows if r.get("first_date"))
    lasts = sorted(r["last_date"][:10] for r in rows if r.get("last_date"))
    return {
        "documents": f"{docs:,}",
        "outlets": f"{len(rows)}: " + ", ".join(sorted(r.get("outlet", "") for r in rows)),
        "dates": f"{firsts[0]} to {lasts[-1]}" if firsts and lasts else "—",
    }


def _lexicon_facts(lexicon: dict) -> tuple[str, str]:
    """The lexicon's name and version, read from its file (empty when it cannot be read)."""
    path = lexicon.get("path") if lexicon else None
    if not path:
        return "", ""
    try:
        from ..lexicon import load_lexicon

        lex = load_lexicon(path)
        return str(lex.name), str(lex.version)
    except Exception:  # a lexicon moved or changed since the run: the fingerprint still says which
        return "", ""


def _window_caption(folder: Path) -> str:
    """The time axis of 04_rates, from its table: the span in which most outlets have documents."""
    path = folder / "tables" / "04_rates.csv"
    if not path.is_file():
        return ""
    try:
        import pandas as pd

        from ..plots import rates_window

        rates = pd.read_csv(path, usecols=["period", "outlet", "docs"], parse_dates=["period"])
        w = rates_window(rates)
    except Exception:
        return ""
    if w["start"] is None:
        return ""
    return (
        f" Time axis: {w['start']:%Y-%m-%d} to {w['end']:%Y-%m-%d}, the periods in which at least "
        f"{w['min_groups']} of {w['groups']} outlets have documents ({w['periods_left_out']} outlet-periods "
        "outside it are in the table only)."
    )


def _caption(stem: str, folder: Path) -> str:
    base = re.sub(r"_\d+$", "", stem)
    text = FIGURE_CAPTIONS.get(stem) or FIGURE_CAPTIONS.get(base, "")
    page = re.search(r"_(\d+)$", stem) if base != stem else None
    if page and text:
        text = f"(continued, part {page.group(1)}) " + text
    if base == "04_rates" and text:
        text += _window_caption(folder)
    return text


def _shown_parameters(rec: dict) -> dict:
    params = dict(rec.get("parameters") or {})
    params.pop("output_dir", None)
    return params


def landing_page(info: dict[str, Any], folder: Path) -> str:
    """The run's ``index.html``: what was run (suite, notebooks, their parameters), on which corpus
    (path, fingerprint, documents, outlets, dates) and lexicon (name, version, fingerprint), the
    explorer, every figure (with its caption and its PNG, SVG and PDF) and every table (with its
    CSV, XLSX, DTA and TEX files), all escaped and linked relative to the run folder. Offline: no
    script, no external style or font."""
    esc = html.escape
    corpus, lexicon = info.get("corpus") or {}, info.get("lexicon") or {}
    facts = _corpus_facts(folder)
    lex_name, lex_version = _lexicon_facts(lexicon)

    def fp(d: dict) -> str:
        return (
            f"<code>{esc(str(d.get('path') or '—'))}</code> (sha256 <code>{esc(str(d.get('sha256') or '')[:12])}</code>)"
            if d
            else "—"
        )

    def row(label: str, value: str) -> str:
        return f"<tr><th>{esc(label)}</th><td>{value}</td></tr>"

    run_id, suite = esc(str(info.get("run_id", ""))), esc(str(info.get("suite", "")))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{suite} {run_id}</title>",
        f"<style>{_PAGE_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>Run {run_id} of suite {suite}</h1>",
        '<p><a href="../../index.html">all runs</a> · <a href="run.json">run.json</a> (parameters, fingerprints, '
        "versions, timings)</p>",
        '<h2 id="what">What was run</h2>',
        '<table class="facts">',
        row("suite", f"{suite} (<code>{esc(str(info.get('suite_file') or ''))}</code>)"),
        row("status", esc(str(info.get("status", "")))),
        row("started (UTC)", esc(str(info.get("started_utc", "")))),
        row("finished (UTC)", esc(str(info.get("finished_utc", "")))),
        row("corpus", fp(corpus)),
        row("documents", esc(facts.get("documents", "—"))),
        row("outlets", esc(facts.get("outlets", "—"))),
        row("dates", esc(facts.get("dates", "—"))),
        row("lexicon", (f"{esc(lex_name)} {esc(lex_version)} · " if lex_name else "") + fp(lexicon)),
        row("framing", esc(str((info.get("packages") or {}).get("framing", "")))),
        row("git", f"<code>{esc(str((info.get('git') or {}).get('commit') or '')[:12])}</code>"),
        "</table>",
    ]
    if (folder / "explorer.html").is_file():
        out.append(
            '<h2 id="explorer">Explorer</h2><p class="explorer"><a href="explorer.html">Open the explorer</a>: '
            "search or click a term to see its rate per outlet and its concordance lines, by voice, outlet "
            "and date (one file, works offline).</p>"
        )
    out += [
        '<h2 id="notebooks">Notebooks</h2>',
        "<table><thead><tr><th>notebook</th><th>pages</th><th>seconds</th><th>parameters</th></tr></thead><tbody>",
    ]
    for rec in info.get("notebooks", []):
        links = [
            f'<a href="{esc(str(rec[k]), quote=True)}">{label}</a>'
            for k, label in (("html", "report"), ("html_full", "with code"), ("notebook_output", "notebook"))
            if rec.get(k)
        ]
        params = _shown_parameters(rec)
        ptable = "".join(
            f"<tr><td>{esc(str(k))}</td><td>{esc(json.dumps(v, ensure_ascii=False, default=str))}</td></tr>"
            for k, v in sorted(params.items())
        )
        out.append(
            f'<tr><td>{esc(str(rec.get("id", "")))}</td><td class="links">{" ".join(links)}</td>'
            f"<td>{esc(str(rec.get('seconds', '')))}</td><td><details><summary>{len(params)} parameters"
            f'</summary><div class="scroll"><table class="params">{ptable}</table></div></details></td></tr>'
        )
    out.append("</tbody></table>")
    figures: dict[str, list[str]] = {}
    for p in sorted((folder / "figures").glob("*")) if (folder / "figures").is_dir() else []:
        figures.setdefault(p.stem, []).append(p.name)
    if figures:
        out.append('<h2 id="figures">Figures</h2>')
        for stem, names in figures.items():
            png = next((n for n in names if n.endswith(".png")), None)
            formats = " ".join(
                f'<a href="figures/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>' for n in names
            )
            img = (
                f'<a href="figures/{esc(png, quote=True)}"><img src="figures/{esc(png, quote=True)}" '
                f'alt="{esc(stem, quote=True)}" loading="lazy"></a>'
                if png
                else ""
            )
            caption = _caption(stem, folder)
            out.append(
                f'<figure id="fig-{esc(stem, quote=True)}">{img}<figcaption><b>{esc(stem)}</b>. {esc(caption)} '
                f'<span class="links">{formats}</span></figcaption></figure>'
            )
    tables: dict[str, list[str]] = {}
    for p in sorted((folder / "tables").glob("*")) if (folder / "tables").is_dir() else []:
        tables.setdefault(p.stem, []).append(p.name)
    if tables:
        order = {"csv": 0, "xlsx": 1, "dta": 2, "tex": 3, "html": 4}
        out.append('<h2 id="tables">Tables</h2>')
        out.append(
            "<p>CSV: every digit, for re-analysis; XLSX: Excel, with a README sheet of what each column "
            "means; DTA: Stata; TEX: LaTeX booktabs.</p>"
        )
        out.append("<table><tbody>")
        for stem, names in tables.items():
            names = sorted(names, key=lambda n: (order.get(n.rsplit(".", 1)[-1], 9), n))
            formats = " ".join(
                f'<a href="tables/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>' for n in names
            )
            out.append(f'<tr><td><code>{esc(stem)}</code></td><td class="links">{formats}</td></tr>')
        out.append("</tbody></table>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_index(reports_dir: Path) -> Path:
    """(Re)write ``reports/index.html``: every run of every suite, newest first, escaped.

    Writers hold an exclusive lock on ``reports/.index.lock`` while they list the runs and write, and
    the page is written to a temporary file renamed into place: a reader sees the previous page or the
    new one, never an empty or partial one, and the last writer's page lists every run published
    before it. An operating-system failure is an :class:`~framing.errors.OutputError`.
    """
    reports_dir = Path(reports_dir)
    index = reports_dir / "index.html"
    with _locked(reports_dir / ".index.lock"):
        for stale in reports_dir.glob(".index.html.*.tmp"):  # left by a writer that was killed
            try:
                stale.unlink()
            except OSError:
                pass
        try:
            page = _index_page(reports_dir)
        except OSError as exc:
            raise OutputError(f"--reports-dir {reports_dir}: cannot list the runs: {os_problem(exc)}") from None
        _write_text(index, page)
    return index


def _index_rows(reports_dir: Path) -> list[tuple[str, Path, dict, bool]]:
    rows = []
    for suite_dir in sorted(p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        latest = None
        try:
            latest = (suite_dir / "latest.txt").read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            pass
        try:
            runs = sorted(
                (p for p in suite_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and not p.is_symlink()),
                key=lambda p: p.name,
                reverse=True,
            )
        except OSError:  # removed or renamed while we looked
            continue
        for run_dir in runs:
            try:
                info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):  # no run.json (yet), or a run moved meanwhile
                continue
            if isinstance(info, dict):
                rows.append((suite_dir.name, run_dir, info, run_dir.name == latest))
    return rows


def _index_page(reports_dir: Path) -> str:
    rows = _index_rows(reports_dir)
    esc = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>framing reports</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
        ".failed{color:#D55E00}.latest{font-weight:bold}</style>",
        "</head>",
        "<body>",
        "<h1>framing reports</h1>",
    ]
    if not rows:
        lines.append("<p>No runs yet: run <code>framing report</code>.</p>")
    else:
        lines.append(
            "<table><thead><tr><th>suite</th><th>run</th><th>status</th><th>started (UTC)</th>"
            "<th>notebooks</th><th>corpus sha256</th><th>git</th></tr></thead><tbody>"
        )
        for suite, run_dir, info, is_latest in rows:
            rel = run_dir.relative_to(reports_dir).as_posix()
            status = str(info.get("status", "?"))
            notebooks = [n for n in info.get("notebooks") or [] if isinstance(n, dict)]
            links = []
            for nbinfo in notebooks:
                nid = str(nbinfo.get("id", ""))
                target = nbinfo.get("html") or nbinfo.get("notebook_output")
                if target:
                    link = f'<a href="{esc(rel + "/" + str(target), quote=True)}">{esc(nid)}</a>'
                    if nbinfo.get("html_full"):
                        link += f' (<a href="{esc(rel + "/" + str(nbinfo["html_full"]), quote=True)}">code</a>)'
                    links.append(link)
                else:
                    links.append(esc(nid))
            if status == "failed":
                links.append(f'<a href="{esc(rel + "/FAILED.md", quote=True)}">FAILED.md</a>')
                for nbinfo in notebooks:
                    if nbinfo.get("error") and nbinfo.get("html_full"):
                        links.append(f'<a href="{esc(rel + "/" + str(nbinfo["html_full"]), quote=True)}">traceback</a>')
            corpus = str((info.get("corpus") or {}).get("sha256") or "")
            commit = str((info.get("git") or {}).get("commit") or "")
            landing = f"{rel}/index.html" if (run_dir / "index.html").is_file() else f"{rel}/"
            cls = ' class="failed"' if status == "failed" else (' class="latest"' if is_latest else "")
            lines.append(
                f'<tr{cls}><td>{esc(suite)}</td><td><a href="{esc(landing, quote=True)}">{esc(run_dir.name)}</a>'
                f"{' (latest)' if is_latest else ''}</td>"
                f"<td>{esc(status)}</td><td>{esc(str(info.get('started_utc', '')))}</td>"
                f"<td>{' · '.join(links)}</td><td><code>{esc(corpus[:12])}</code></td>"
                f"<td><code>{esc(commit[:10])}</code></td></tr>"
            )
        lines.append("</tbody></table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)
