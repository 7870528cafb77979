"""Standardizing a tabular chunk: the source's columns mapped to the raw columns, ids made, rows
without an outlet or an id reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ..errors import CorpusError
from .common import (
    MEDIACLOUD_FALLBACKS,
    RESERVED,
    Options,
    Problems,
    _name,
    _stem,
    column_list,
    excerpt,
    path_text,
)


# ---------------------------------------------------------------------------------------- tabular
def _resolve_columns(cols: list[str], source: str, opts: Options, mediacloud: bool) -> dict[str, str | None]:
    """Map canonical fields to the source's column names, or raise naming the missing one."""
    defaults = {"text": "text", "outlet": "outlet", "date": "date", "title": "title", "url": "url"}
    asked = {
        "text": opts.text_col,
        "outlet": opts.outlet_col,
        "date": opts.date_col,
        "title": opts.title_col,
        "url": opts.url_col,
        "doc_id": opts.id_col,
    }
    flag = {
        "text": "--text-col",
        "outlet": "--outlet-col",
        "date": "--date-col",
        "title": "--title-col",
        "url": "--url-col",
        "doc_id": "--id-col",
    }
    have = set(cols)
    out: dict[str, str | None] = {}
    for fld, name in asked.items():
        cands = [name] if name else []
        if mediacloud and (name is None or name == defaults.get(fld)):
            cands += MEDIACLOUD_FALLBACKS[fld]
        if fld == "doc_id" and not name:
            cands = ["doc_id"] + cands
        hit = next((c for c in cands if c in have), None)
        if hit is None and name and (fld == "doc_id" or name != defaults.get(fld)):
            raise CorpusError(
                f"{source}: no column {excerpt(name)} (asked by {flag[fld]}); columns are: {column_list(cols)}"
            )
        out[fld] = hit
    if out["text"] is None:
        extra = " (a Media Cloud export needs its story text: 'text' or 'story_text')" if mediacloud else ""
        raise CorpusError(
            f"{source}: no text column {excerpt(opts.text_col)}{extra}; columns are: {column_list(cols)}; "
            "name the text column with --text-col"
        )
    if out["outlet"] is None and not opts.outlet and not (mediacloud and "media_url" in have):
        raise CorpusError(
            f"{source}: no outlet column {excerpt(opts.outlet_col)}; columns are: {column_list(cols)}; "
            "name it with --outlet-col, or give all its documents one outlet with --outlet NAME"
        )
    return out


def _host(url: str) -> str:
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # e.g. an invalid IPv6 literal
        return ""
    return host[4:] if host.startswith("www.") else host


def _as_text(v) -> str:
    return v if isinstance(v, str) else str(v)


@dataclass
class Table:
    """How the chunks of one tabular source become raw tables: ``mapping`` (canonical field ->
    the source's column, :func:`_resolve_columns`), the ``source`` file, the options and the problem
    record, the encoding to record, and whether the source is a Media Cloud export."""

    mapping: dict[str, str | None]
    source: Path
    opts: Options
    problems: Problems
    enc: str = ""
    mediacloud: bool = False

    def standardize(self, chunk: pd.DataFrame, ids: list[int], locs: list[str]) -> pd.DataFrame:
        """The raw table of ``chunk``: ``ids`` numbers the rows for ``<file>-<row>`` ids, ``locs`` are
        their ``source_loc``. Rows with an empty outlet or an empty ``doc_id`` are bad rows."""
        mapping, source, opts, problems = self.mapping, self.source, self.opts, self.problems
        enc, mediacloud = self.enc, self.mediacloud
        n = len(chunk)

        def col(fld: str, default: str = "") -> pd.Series:
            name = mapping.get(fld)
            if name is None or name not in chunk.columns:
                return pd.Series([default] * n, index=chunk.index, dtype=object)
            s = chunk[name]
            if fld == "date" and pd.api.types.is_datetime64_any_dtype(s):
                return s
            return s.astype(object).where(s.notna(), "").map(_as_text)

        out = pd.DataFrame(index=chunk.index)
        if mapping.get("doc_id"):
            out["doc_id"] = col("doc_id")
        else:
            stem = path_text(_stem(source))
            out["doc_id"] = [f"{stem}-{r}" for r in ids]
        outlet = col("outlet").map(lambda v: v.strip())
        if mediacloud and "media_url" in chunk.columns:  # Media Cloud: fall back to the site's host name
            host = chunk["media_url"].astype(object).where(chunk["media_url"].notna(), "").astype(str).map(_host)
            outlet = outlet.where(outlet != "", host)
        if opts.outlet:
            outlet = outlet.where(outlet != "", opts.outlet)
        out["outlet"] = outlet
        out["date"] = col("date")
        out["title"] = col("title")
        out["url"] = col("url")
        out["text_raw"] = col("text")
        out["source_file"] = path_text(source)
        out["source_loc"] = locs
        out["encoding"] = enc
        used = {v for v in mapping.values() if v}
        for c in chunk.columns:
            if c in used:
                continue
            name = f"orig_{c}" if c in RESERVED else str(c)
            s = chunk[c]
            out[name] = s.astype(object).where(s.notna(), "").map(_as_text)
        no_outlet = (out["outlet"] == "").to_numpy()
        no_id = (out["doc_id"].str.strip() == "").to_numpy() if mapping.get("doc_id") else None
        if no_outlet.any() or (no_id is not None and no_id.any()):
            keep = []
            id_field = mapping.get("doc_id")
            id_fix = (
                "the --id-col column must name every document"
                if opts.id_col
                else "give every document an id, or name another id column with --id-col"
            )
            for k, i in enumerate(out.index):
                if no_id is not None and no_id[k]:
                    problems.bad_row(
                        str(source),
                        out.at[i, "source_loc"],
                        f"field {_name(id_field)} (the document id) is empty; {id_fix}",
                    )
                    keep.append(False)
                elif no_outlet[k]:
                    problems.bad_row(
                        str(source),
                        out.at[i, "source_loc"],
                        f"field {_name(mapping.get('outlet') or opts.outlet_col)} is empty; fill it in or pass --outlet NAME",
                    )
                    keep.append(False)
                else:
                    keep.append(True)
            out = out[keep]
        return out.reset_index(drop=True)
