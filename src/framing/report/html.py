"""Pages of a run: notebooks exported as sanitized HTML, the run's landing page and the reports index."""

from __future__ import annotations

import html
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

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
SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "style", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
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

    return bleach.clean(html_text, tags=SAFE_TAGS, attributes=_safe_attribute, protocols=_SAFE_PROTOCOLS,
                        strip=True, strip_comments=True)


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


def landing_page(info: dict[str, Any], folder: Path) -> str:
    """The run's ``index.html``: what was run, on which corpus and lexicon, each notebook's pages,
    every figure (with its PNG, SVG and PDF) and every table (with its files), all escaped and linked
    relative to the run folder."""
    esc = html.escape
    corpus, lexicon = info.get("corpus") or {}, info.get("lexicon") or {}

    def fp(d: dict) -> str:
        return (f"<code>{esc(str(d.get('path') or '—'))}</code> (sha256 <code>{esc(str(d.get('sha256') or '')[:12])}</code>)"
                if d else "—")

    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(info.get('suite', ''))} {esc(info.get('run_id', ''))}</title>",
           "<style>body{font-family:sans-serif;margin:2em;max-width:72em}img{max-width:100%;border:1px solid #ddd}"
           "figure{margin:1.5em 0}td,th{padding:.2em .6em;text-align:left}code{font-size:90%}</style>",
           "</head>", "<body>",
           f"<h1>Run {esc(info.get('run_id', ''))} of suite {esc(info.get('suite', ''))}</h1>",
           "<table>",
           f"<tr><th>started (UTC)</th><td>{esc(str(info.get('started_utc', '')))}</td></tr>",
           f"<tr><th>corpus</th><td>{fp(corpus)}</td></tr>",
           f"<tr><th>lexicon</th><td>{fp(lexicon)}</td></tr>",
           f"<tr><th>framing</th><td>{esc(str((info.get('packages') or {}).get('framing', '')))}</td></tr>",
           "</table>", "<h2>Notebooks</h2>", "<ul>"]
    for rec in info.get("notebooks", []):
        links = [f'<a href="{esc(str(rec[k]), quote=True)}">{label}</a>' for k, label in
                 (("html", "report"), ("html_full", "with code"), ("notebook_output", "notebook")) if rec.get(k)]
        out.append(f"<li>{esc(str(rec.get('id', '')))}: {' · '.join(links)}</li>")
    out.append("</ul>")
    figures: dict[str, list[str]] = {}
    for p in sorted((folder / "figures").glob("*")) if (folder / "figures").is_dir() else []:
        figures.setdefault(p.stem, []).append(p.name)
    if figures:
        out.append("<h2>Figures</h2>")
        for stem, names in figures.items():
            png = next((n for n in names if n.endswith(".png")), None)
            links = " · ".join(f'<a href="figures/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>'
                               for n in names)
            img = f'<img src="figures/{esc(png, quote=True)}" alt="{esc(stem, quote=True)}">' if png else ""
            out.append(f"<figure>{img}<figcaption>{esc(stem)}: {links}</figcaption></figure>")
    tables: dict[str, list[str]] = {}
    for p in sorted((folder / "tables").glob("*")) if (folder / "tables").is_dir() else []:
        tables.setdefault(p.stem, []).append(p.name)
    if tables:
        out.append("<h2>Tables</h2>")
        out.append("<ul>")
        for stem, names in tables.items():
            links = " · ".join(f'<a href="tables/{esc(n, quote=True)}">{esc(n.rsplit(".", 1)[-1].upper())}</a>'
                               for n in names)
            out.append(f"<li>{esc(stem)}: {links}</li>")
        out.append("</ul>")
    out += ['<p><a href="run.json">run.json</a>: parameters, fingerprints, versions and timings.</p>', "</body>",
            "</html>", ""]
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
            runs = sorted((p for p in suite_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
                           and not p.is_symlink()), key=lambda p: p.name, reverse=True)
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
    lines = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             "<title>framing reports</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
             "td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
             ".failed{color:#D55E00}.latest{font-weight:bold}</style>",
             "</head>", "<body>", "<h1>framing reports</h1>"]
    if not rows:
        lines.append("<p>No runs yet: run <code>framing report</code>.</p>")
    else:
        lines.append("<table><thead><tr><th>suite</th><th>run</th><th>status</th><th>started (UTC)</th>"
                     "<th>notebooks</th><th>corpus sha256</th><th>git</th></tr></thead><tbody>")
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
                f"<tr{cls}><td>{esc(suite)}</td><td><a href=\"{esc(landing, quote=True)}\">{esc(run_dir.name)}</a>"
                f"{' (latest)' if is_latest else ''}</td>"
                f"<td>{esc(status)}</td><td>{esc(str(info.get('started_utc', '')))}</td>"
                f"<td>{' · '.join(links)}</td><td><code>{esc(corpus[:12])}</code></td>"
                f"<td><code>{esc(commit[:10])}</code></td></tr>")
        lines.append("</tbody></table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)
