"""The accounting of an ingest: the summary (what was read, kept, dropped, repaired, removed and
found, and why) and the few lines ``framing ingest`` prints of it."""

from __future__ import annotations

from collections import Counter

from . import furniture as fur
from .readers import Problems, path_text


def _empty_message(sources, problems: Problems, n_empty: int = 0) -> str:
    names = ", ".join(map(str, sources))
    extra = []
    if n_empty:
        extra.append(f"{n_empty} empty")
    if problems.skipped or problems.unreadable:
        extra.append(f"{len(problems.skipped)} skipped rows, {len(problems.unreadable)} unreadable files")
    if problems.ignored_files:
        extra.append(f"{len(problems.ignored_files)} files of unknown type ignored")
    if problems.not_read:
        extra.append(f"{len(problems.not_read)} paths not read (links out of the folder, not regular files)")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return f"{names}: no documents to ingest{tail}; check the SOURCE paths, --format and column options"


def options_record(a: dict) -> dict:
    """The options a summary records, from the arguments ``a`` of :func:`ingest_sources`."""
    return {
        k: a.get(k) for k in ("furniture", "dedup", "dup_threshold", "shingle_size", "skip_bad", "encoding", "language")
    } | {
        "format": a["fmt"],
        "furniture_min_docs": a["furniture_min_docs"],
        "furniture_min_count": a["furniture_min_count"],
        "furniture_min_share": a["furniture_min_share"],
    }


#: bytes.translate table: ASCII whitespace (``str.isspace``) -> " ", every other byte -> "x"
_SPACE_OR_X = bytes(32 if chr(c).isspace() else 120 for c in range(128)) + b"x" * 128
_NON_ASCII_SPACE = frozenset(c for c in fur._ODD_SPACE if not c.isascii())


def _n_words(text: str) -> int:
    """``len(text.split())`` without making the words: each non-ASCII space becomes " " in the
    UTF-8 bytes, every byte becomes " " (space) or "x", and a word starts at each " x" (and at a
    leading "x"). About 3x faster on news texts.

    Examples
    --------
    >>> _n_words("  Kyiv\u00a0said\tno. "), _n_words("")
    (3, 0)
    """
    data = text.encode("utf-8", "surrogatepass")
    if not text.isascii():
        for ch in _NON_ASCII_SPACE.intersection(
            data.translate(None, fur._ASCII_BYTES).decode("utf-8", "surrogatepass")
        ):
            data = data.replace(ch.encode("utf-8"), b" ")
    marks = data.translate(_SPACE_OR_X)
    return marks.count(b" x") + marks.startswith(b"x")


def _summary(
    sources,
    items,
    corpus,
    n_read,
    n_skipped_rows,
    problems,
    empty_list,
    dup_id_list,
    furniture_lists,
    pairs,
    options,
    words=None,
) -> dict:
    """The accounting of :func:`ingest_sources` (``words``: each document's words, if the corpus
    holds no texts)."""
    by_reason: Counter = Counter()
    distinct: dict[tuple[str, str, str], list[str]] = {}
    for outlet, doc_id, lst in furniture_lists:
        for entry in lst:
            by_reason[entry["reason"]] += 1
            distinct.setdefault((outlet, entry["reason"], entry["line"]), []).append(doc_id)
    furniture_rows = [
        {"outlet": o, "reason": r, "line": ln, "n_docs": len(ids), "doc_ids": ids[:20]}
        for (o, r, ln), ids in sorted(distinct.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    clusters = []
    members: dict[str, list[int]] = {}  # dup_group -> rows, in corpus order
    for i, g in enumerate(corpus["dup_group"].tolist()):
        if g and isinstance(g, str):
            members.setdefault(g, []).append(i)
    if members:
        ids, is_copy, outlets, sims = (corpus[c].tolist() for c in ("doc_id", "is_copy", "outlet", "dup_similarity"))
    for g in sorted(members):
        rows = members[g]
        known = [sims[i] for i in rows if sims[i] == sims[i]]  # Series.min skips NaN
        clusters.append(
            {
                "dup_group": g,
                "original": g,
                "copies": [ids[i] for i in rows if is_copy[i]],
                "outlets": sorted({outlets[i] for i in rows}),
                "min_similarity": float(min(known)) if known else float("nan"),
            }
        )
    # words = runs of non-space (str.split and regex \S+ agree on what is space)
    if words is None:
        words = [_n_words(t) for t in corpus["text"]]
    per_outlet = (
        corpus.assign(_words=words)
        .groupby("outlet", sort=True)
        .agg(
            documents=("doc_id", "size"),
            copies=("is_copy", "sum"),
            words=("_words", "sum"),
            furniture_lines=("n_furniture", "sum"),
        )
    )
    n_kept = len(corpus)
    return {
        "sources": [path_text(s) for s in sources],
        "files": len(items),
        "documents_read": int(n_read),
        "documents_kept": int(n_kept),
        "empty": len(empty_list),
        "duplicate_ids": len(dup_id_list),
        "skipped_rows": int(n_skipped_rows),
        "unreadable": len(problems.unreadable),
        "ignored_files": list(problems.ignored_files),
        "furniture_lines_removed": int(sum(by_reason.values())),
        "furniture_by_reason": dict(sorted(by_reason.items())),
        "documents_with_furniture": int((corpus["n_furniture"] > 0).sum()),
        "duplicate_clusters": len(clusters),
        "copies": int(corpus["is_copy"].sum()),
        "originals_and_singletons": int((~corpus["is_copy"]).sum()),
        "encodings": dict(sorted(Counter(corpus["encoding"]).items())),
        "date_precision": dict(sorted(Counter(corpus["date_precision"]).items())),
        "per_outlet": {o: {k: int(v) for k, v in row.items()} for o, row in per_outlet.iterrows()},
        "empty_documents": empty_list,
        "duplicate_id_rows": dup_id_list,
        "skipped": problems.skipped,
        "unreadable_files": problems.unreadable,
        "rows_repaired": int(problems.n_repaired),
        "repaired_rows": problems.repaired,
        "file_encodings": problems.files,
        "not_read": problems.not_read,
        "duplicate_cluster_list": clusters,
        "duplicate_pairs": [{"a": a, "b": b, "containment": c} for a, b, c in pairs][:1000],
        "furniture": furniture_rows,
        "options": options,
    }


def format_summary(summary: dict) -> str:
    """The summary as the few lines ``framing ingest`` prints."""
    s = summary
    out = [
        f"documents read      {s['documents_read']}",
        f"documents kept      {s['documents_kept']}  ({s['originals_and_singletons']} originals/singletons + {s['copies']} copies)",
        f"empty (dropped)     {s['empty']}",
        f"duplicate ids       {s['duplicate_ids']}",
        f"skipped bad rows    {s['skipped_rows']}",
        f"unreadable files    {s['unreadable']}",
        f"ignored files       {len(s['ignored_files'])}",
        f"furniture removed   {s['furniture_lines_removed']} lines in {s['documents_with_furniture']} documents",
    ]
    for reason, n in s["furniture_by_reason"].items():
        out.append(f"    {n:6d}  {reason}")
    out.append(f"duplicate clusters  {s['duplicate_clusters']}")
    for c in s["duplicate_cluster_list"][:10]:
        out.append(f"    {c['original']} <- {', '.join(c['copies'])}")
    if len(s["duplicate_cluster_list"]) > 10:
        out.append(f"    ... {len(s['duplicate_cluster_list']) - 10} more in the summary file")
    out.append("encodings           " + ", ".join(f"{k} {v}" for k, v in s["encodings"].items()))
    files = s.get("file_encodings", [])
    notable = [
        f
        for f in files
        if f["decided_by"] not in ("utf-8", "bom", "parquet") or f["rows_repaired"] or f["rows_skipped"]
    ]
    for f in notable[:10]:
        how = "decided by " + f["decided_by"] + ("" if f["confidence"] == 1 else f", confidence {f['confidence']:.2f}")
        rows = "".join(
            f", {f[k]} row{'s' * (f[k] != 1)} {w}"
            for k, w in (("rows_repaired", "repaired (U+FFFD)"), ("rows_skipped", "skipped"))
            if f[k]
        )
        out.append(f"    {f['file']}: {f['encoding']} ({how}){rows}")
    if len(notable) > 10:
        out.append(f"    ... {len(notable) - 10} more in the summary file")
    out.append(
        f"undecodable rows    {s.get('rows_repaired', 0)} repaired (bytes not in the file's encoding, NUL bytes, "
        "lone surrogates: U+FFFD)"
    )
    out.append(
        f"text repaired       {s.get('text_repaired', 0)} documents (mojibake, HTML entities, control characters)"
    )
    if s.get("languages"):
        o = s.get("language_origin", {})
        origin = ", ".join(
            f"{k.replace('_', ' ')} {o[k]}" for k in ("override", "source", "detected", "invalid_source") if o.get(k)
        )
        out.append(
            "languages           "
            + ", ".join(f"{k} {v}" for k, v in s["languages"].items())
            + (f"  ({origin})" if origin else "")
        )

    def listing(items, limit, fmt):
        out.extend(fmt(d) for d in items[:limit])
        if len(items) > limit:
            out.append(f"  ... {len(items) - limit} more in the summary file")

    listing(s["empty_documents"], 10, lambda d: f"  empty: {d['doc_id']} ({d['why']}, {d['source']})")
    listing(
        s["skipped"] + s["duplicate_id_rows"], 20, lambda d: f"  skipped: {d['source']} {d['where']}: {d['problem']}"
    )
    listing(s.get("repaired_rows", []), 20, lambda d: f"  repaired: {d['source']} {d['where']}: {d['problem']}")
    listing(s["unreadable_files"], 20, lambda d: f"  unreadable: {d['problem']}")
    listing(s["ignored_files"], 10, lambda f: f"  ignored: {f}")
    listing(s.get("not_read", []), 10, lambda d: f"  not read: {d['path']} ({d['why']})")
    return path_text("\n".join(out))
