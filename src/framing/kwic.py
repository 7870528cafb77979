"""Keyword in context (concordance): each hit with its left context, the match, its right context,
and the voice it is in (authorial, quoted, distanced), so a reader can check every number.

Two sources of lines:

* :func:`concordance` takes the mentions table of :func:`framing.match.match_corpus` (character
  offsets into the corpus text) and adds the contexts: every lexicon hit, with its concept,
  variant, stance and voice as matched;
* :func:`kwic` searches the corpus for any term (words separated by spaces or any hyphen/dash,
  apostrophe variants interchangeable, case-insensitive, whole words) and gives each hit the voice
  of an overlapping mention if ``mentions`` is given, else the voice from
  :class:`framing.voice.VoiceClassifier`.

Contexts are ``window`` words (whitespace-separated) on each side, whitespace runs shown as one
space. :func:`kwic_html` renders lines as an HTML table in which every piece of article text is
escaped with :func:`html.escape` (a ``<script>`` in an article is shown, never run).

Example
-------
>>> import pandas as pd
>>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "date": [pd.NaT],
...                        "text": ["Officials in Kyiv said the so-called Kiev regime fell."]})
>>> lines = kwic(corpus, "kiev regime", window=3)
>>> lines[["left", "match", "right", "voice"]].values.tolist()
[['said the so-called', 'Kiev regime', 'fell.', 'distanced']]
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from .errors import ParameterError

__all__ = ["concordance", "kwic", "kwic_html", "write_kwic", "term_pattern", "KWIC_COLUMNS"]

KWIC_COLUMNS = ["doc_id", "outlet", "date", "voice", "left", "match", "right", "start", "end"]

_SEPARATORS = r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]+"
_APOS = "['\u2018\u2019\u02bc`\u00b4]"
_WS = re.compile(r"\s+")


def term_pattern(term: str) -> re.Pattern:
    """Regex for a user's term in raw text: whole words, any case, flexible separators and apostrophes.

    >>> bool(term_pattern("full-scale invasion").search("a Full\u2011scale  invasion"))
    True
    >>> bool(term_pattern("kyiv").search("Kyivstar"))
    False
    """
    words = [w for w in re.split(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212]+", term.strip()) if w]
    if not words:
        raise ParameterError("term: give a word or phrase to search for")
    parts = [re.sub(r"\\?['\u2018\u2019\u02bc`\u00b4]", _APOS, re.escape(w)) for w in words]
    return re.compile(r"(?<!\w)" + _SEPARATORS.join(parts) + r"(?!\w)", re.IGNORECASE)


def _left(text: str, start: int, window: int) -> str:
    chunk = text[max(0, start - 60 * (window + 1)) : start]
    words = chunk.split()
    return " ".join(words[-window:]) if window > 0 else ""


def _right(text: str, end: int, window: int) -> str:
    chunk = text[end : end + 60 * (window + 1)]
    words = chunk.split()
    return " ".join(words[:window]) if window > 0 else ""


def _meta(corpus: pd.DataFrame) -> pd.DataFrame:
    for col in ("doc_id", "text"):
        if col not in corpus.columns:
            raise ParameterError(f"corpus: missing column {col}")
    cols = [c for c in ("doc_id", "outlet", "date") if c in corpus.columns]
    meta = corpus[cols + ["text"]].copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    if "outlet" not in meta.columns:
        meta["outlet"] = ""
    if "date" not in meta.columns:
        meta["date"] = pd.NaT
    return meta.set_index("doc_id")


def concordance(mentions: pd.DataFrame, corpus: pd.DataFrame, window: int = 8) -> pd.DataFrame:
    """Concordance lines for lexicon mentions (offsets from ``match_corpus``).

    Returns the KWIC columns plus ``concept, variant, stance`` (when present in ``mentions``), one
    row per mention, in the mentions' order. ``match`` is the corpus text at ``[start, end)``.

    >>> corpus = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "text": ["We saw Kiev today"]})
    >>> m = pd.DataFrame({"doc_id": ["1"], "start": [7], "end": [11], "voice": ["authorial"],
    ...                   "concept": ["capital"], "variant": ["kiev"], "stance": ["kremlin"]})
    >>> concordance(m, corpus, window=2)[["left", "match", "right"]].values.tolist()
    [['We saw', 'Kiev', 'today']]
    """
    if window < 0:
        raise ParameterError(f"window: must be 0 or more words, got {window}")
    need = [c for c in ("doc_id", "start", "end") if c not in mentions.columns]
    if need:
        raise ParameterError(f"mentions: missing column(s) {', '.join(need)}; pass the table from match_corpus")
    meta = _meta(corpus)
    extra = [c for c in ("concept", "variant", "stance") if c in mentions.columns]
    rows = []
    for rec in mentions.itertuples(index=False):
        doc = str(rec.doc_id)
        if doc not in meta.index:
            raise ParameterError(f"mentions: doc_id {doc!r} is not in the corpus; match the same corpus")
        text = meta.at[doc, "text"]
        start, end = int(rec.start), int(rec.end)
        if not 0 <= start <= end <= len(text):
            raise ParameterError(f"mentions: offsets {start}:{end} outside doc_id {doc!r} ({len(text)} characters)")
        row = {
            "doc_id": doc,
            "outlet": meta.at[doc, "outlet"],
            "date": meta.at[doc, "date"],
            "voice": getattr(rec, "voice", ""),
            "left": _left(text, start, window),
            "match": _WS.sub(" ", text[start:end]),
            "right": _right(text, end, window),
            "start": start,
            "end": end,
        }
        for c in extra:
            row[c] = getattr(rec, c)
        rows.append(row)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS + extra)


def _voice_lookup(mentions: pd.DataFrame | None):
    if mentions is None or mentions.empty:
        return None
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for doc, s, e, v in mentions[["doc_id", "start", "end", "voice"]].itertuples(index=False):
        by_doc.setdefault(str(doc), []).append((int(s), int(e), str(v)))
    return by_doc


def kwic(
    corpus: pd.DataFrame,
    term: str,
    window: int = 8,
    mentions: pd.DataFrame | None = None,
    regex: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Concordance lines for any term searched in the corpus text.

    Parameters
    ----------
    corpus : DataFrame with ``doc_id``, ``text`` (and ``outlet``, ``date``)
    term : a word or phrase (see :func:`term_pattern`), or a regular expression if ``regex``
    window : words of context on each side
    mentions : optional mentions table; a hit overlapping a mention takes that mention's voice
    regex : treat ``term`` as a (case-insensitive) regular expression
    limit : keep at most this many lines (in corpus order)

    Returns
    -------
    DataFrame with columns ``doc_id, outlet, date, voice, left, match, right, start, end``.
    """
    if window < 0:
        raise ParameterError(f"window: must be 0 or more words, got {window}")
    if regex:
        try:
            pattern = re.compile(term, re.IGNORECASE)
        except re.error as exc:
            raise ParameterError(f"term: not a valid regular expression ({exc})") from None
        except (RecursionError, OverflowError):
            raise ParameterError("term: the regular expression nests groups too deeply; flatten it") from None
        from .regex_safety import regex_risk

        why = regex_risk(term, re.IGNORECASE)
        if why:  # searched over every text: a runaway pattern would never finish
            raise ParameterError(f"term: regular expression {term!r} is refused: {why}")
    else:
        pattern = term_pattern(term)
    meta = _meta(corpus)
    lookup = _voice_lookup(mentions)
    from .voice import VoiceClassifier

    rows = []
    for doc, rec in meta.iterrows():
        text = rec["text"]
        classifier = None
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            start, end = m.start(), m.end()
            voice = ""
            if lookup is not None:
                hits = [v for s, e, v in lookup.get(doc, []) if s < end and start < e]
                voice = hits[0] if hits else ""
            if not voice and VoiceClassifier is not None:
                classifier = classifier or VoiceClassifier(text)
                voice = classifier.voice(start, end)
            rows.append(
                {
                    "doc_id": doc,
                    "outlet": rec["outlet"],
                    "date": rec["date"],
                    "voice": voice,
                    "left": _left(text, start, window),
                    "match": _WS.sub(" ", m.group(0)),
                    "right": _right(text, end, window),
                    "start": start,
                    "end": end,
                }
            )
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


_CSS = (
    "table.kwic{border-collapse:collapse;font-family:sans-serif;font-size:13px}"
    "table.kwic td,table.kwic th{padding:2px 6px;border-bottom:1px solid #ddd;vertical-align:top}"
    "table.kwic td.left{text-align:right;white-space:nowrap;overflow:hidden;max-width:40ch}"
    "table.kwic td.match{font-weight:bold;text-align:center;white-space:nowrap}"
    "table.kwic td.right{text-align:left;white-space:nowrap;overflow:hidden;max-width:40ch}"
    "table.kwic tr.quoted td.match{color:#0072B2}table.kwic tr.distanced td.match{color:#D55E00}"
)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return html.escape(str(value), quote=True)


def kwic_html(lines: pd.DataFrame, title: str | None = None, full_page: bool = True) -> str:
    """Render concordance lines as an HTML table; all text is escaped with :func:`html.escape`.

    >>> df = pd.DataFrame({"doc_id": ["1"], "outlet": ["A"], "date": [pd.NaT], "voice": ["quoted"],
    ...                    "left": ["<script>alert(1)</script>"], "match": ["Kiev"], "right": ["&"]})
    >>> "<script>" in kwic_html(df), "&lt;script&gt;" in kwic_html(df)
    (False, True)
    """
    cols = [c for c in ("doc_id", "outlet", "date", "voice") if c in lines.columns]
    extra = [c for c in ("concept", "variant", "stance") if c in lines.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols + extra) + "<th>left</th><th>match</th><th>right</th>"
    body = []
    for rec in lines.to_dict("records"):
        voice = str(rec.get("voice", "") or "")
        cls = f' class="{html.escape(voice)}"' if voice else ""
        cells = "".join(f"<td>{_cell(rec.get(c))}</td>" for c in cols + extra)
        cells += (
            f'<td class="left">{_cell(rec.get("left"))}</td><td class="match">{_cell(rec.get("match"))}</td>'
            f'<td class="right">{_cell(rec.get("right"))}</td>'
        )
        body.append(f"<tr{cls}>{cells}</tr>")
    caption = f"<caption>{html.escape(title)}</caption>" if title else ""
    table = f'<table class="kwic">{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    if not full_page:
        return f"<style>{_CSS}</style>{table}"
    page_title = html.escape(title or "Concordance")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{page_title}</title>'
        f"<style>{_CSS}</style></head><body>{table}</body></html>\n"
    )


def _kwic_suffix(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".html", ".htm"):
        raise ParameterError(f"out: {Path(path).name}: use a .csv or .html file name")
    return suffix


def write_kwic(lines: pd.DataFrame, path, title: str | None = None) -> Path:
    """Write lines as CSV (``.csv``) or HTML (``.html``/``.htm``), atomically
    (:func:`framing.files.atomic_write`: a failure leaves no file and raises ``OutputError``)."""
    from .files import atomic_write

    path = Path(path)
    if _kwic_suffix(path) == ".csv":
        return atomic_write(
            path, lambda tmp: lines.to_csv(tmp, index=False, lineterminator="\n", date_format="%Y-%m-%d")
        )
    page = kwic_html(lines, title=title)
    return atomic_write(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
