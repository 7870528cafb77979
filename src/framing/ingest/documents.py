"""Text and HTML files: one document each (with its manifest row, if any)."""

from __future__ import annotations

from ..errors import CorpusError
from .common import (
    MAX_DOCUMENT,
    RESERVED,
    Item,
    Options,
    Problems,
    _bytes_problem,
    _stem,
    _Unreadable,
    excerpt,
    path_text,
)
from .decode import Unreadable
from .textio import (
    READ_ERRORS,
    Source,
    read_problem,
    repair,
)


def _meta_value(meta: dict | None, *names: str) -> str:
    if not meta:
        return ""
    for n in names:
        if n and n in meta and str(meta[n]).strip():
            return str(meta[n]).strip()
    return ""


def _read_document(item: Item, opts: Options, problems: Problems) -> dict | None:
    """One text or HTML file as a raw row, or ``None`` (skipped and listed)."""
    from .textio import decode_document

    path = item.path
    where = "manifest " + item.loc if item.loc else "document"
    try:
        with Source(path).open() as fh:
            data = fh.read(MAX_DOCUMENT + 1)
        if len(data) > MAX_DOCUMENT:
            raise _Unreadable(
                f"{path}: larger than {MAX_DOCUMENT >> 20} MB, too large for one document; check the file"
            )
        doc = decode_document(data, str(path), opts.encoding, html=item.kind == "html")
    except Unreadable as exc:
        problems.bad_file(str(path), str(exc), hint=True)
        return None
    except READ_ERRORS as exc:
        problems.bad_file(str(path), f"{path}: cannot read: {read_problem(exc)}", hint=True)
        return None
    record = problems.file_record(path, doc.decision)
    text = doc.text
    if doc.bad:
        problem = _bytes_problem(doc.bad, doc.decision.encoding)
        if not problems.bad_text(
            record, f"line {doc.bad_line}", problem, doc.decision.encoding if doc.decision.given else None
        ):
            return None
        text = repair(text)
    meta = item.meta or {}
    row = {
        "doc_id": _meta_value(meta, "doc_id") or path_text(_stem(path)),
        "outlet": _meta_value(meta, "outlet", opts.outlet_col),
        "date": _meta_value(meta, "date", opts.date_col),
        "title": _meta_value(meta, "title", opts.title_col),
        "url": _meta_value(meta, "url", opts.url_col),
        "text_raw": text,
        "source_file": path_text(path),
        "source_loc": item.loc and f"manifest {item.loc}",
        "encoding": doc.decision.encoding,
    }
    if item.kind == "html":
        try:
            ext = _extract_html(text, str(path))
        except CorpusError as exc:
            problems.bad_file(str(path), str(exc), hint=True)
            return None
        row["text_raw"] = ext.get("text") or ""
        row["title"] = row["title"] or (ext.get("title") or "")
        row["url"] = row["url"] or (ext.get("url") or "")
        row["date"] = row["date"] or (ext.get("date") or "")
        row["outlet"] = row["outlet"] or (ext.get("sitename") or ext.get("hostname") or "")
    row["outlet"] = row["outlet"] or (opts.outlet or "")
    if not row["outlet"]:
        problems.bad_row(
            str(path),
            where,
            "no outlet (empty manifest field outlet, none in the page); fill it in or pass --outlet NAME",
        )
        return None
    for k, v in meta.items():
        if k in ("file", "doc_id", "outlet", "date", "title", "url"):
            continue
        row[f"orig_{k}" if k in RESERVED else k] = "" if v is None else str(v)
    return row


def _extract_html(html: str, source: str) -> dict:
    """Article text and metadata of a saved page (trafilatura, offline)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise CorpusError(
            f"{source}: cannot parse the HTML page ({type(exc).__name__}: {excerpt(exc)}); check the file"
        ) from None
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
