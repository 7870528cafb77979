"""Finding and loading the real corpora of ``../shared/corpora`` for the validity checks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CorpusError, ParameterError

#: The window in which RT and the Western outlets of ``ukraine_media_2022`` overlap (README of the corpora).
STUDY_WINDOW: tuple[str, str] = ("2022-06-16", "2022-10-31")

#: Environment variable that points at a ``corpora`` folder elsewhere.
CORPORA_ENV = "FRAMING_CORPORA"

KREMLIN = "kremlin"
UKRAINE_WEST = "ukraine_west"


# --------------------------------------------------------------------------------------------
# Finding and loading the real corpora
# --------------------------------------------------------------------------------------------
def find_corpora(start: str | os.PathLike | None = None) -> Path | None:
    """Return the ``shared/corpora`` folder beside the project, or ``None`` when it is absent.

    Looks at ``$FRAMING_CORPORA`` first, then at ``../shared/corpora`` relative to the project root
    (the folder holding ``pyproject.toml``, found upwards from ``start`` or from this file), then
    relative to the current directory.

    Examples
    --------
    >>> path = find_corpora()
    >>> path is None or (path / "README.md").exists()
    True
    """
    env = os.environ.get(CORPORA_ENV)
    if env:
        p = Path(env)
        return p if p.is_dir() else None
    candidates: list[Path] = []
    for base in [Path(start) if start else Path(__file__).resolve(), Path.cwd()]:
        base = base.resolve()
        for parent in [base, *base.parents]:
            if (parent / "pyproject.toml").exists():
                candidates.append(parent.parent / "shared" / "corpora")
                break
        candidates.append(base / ".." / "shared" / "corpora")
    for c in candidates:
        if c.is_dir():
            return c.resolve()
    return None


def read_source_csv(
    path: str | os.PathLike, date_from: str | None = None, date_to: str | None = None, date_col: str = "date"
) -> pd.DataFrame:
    """Read a corpus CSV as it comes (all metadata columns kept) and keep an inclusive date window.

    Rows without a date are dropped only when a window is given (the window cannot place them).
    Raises :class:`CorpusError` naming the file when it is missing or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such corpus file; is ../shared/corpora beside the project?")
    try:
        df = pd.read_csv(path, dtype={"doc_id": str, "outlet": str, "title": str, "url": str})
    except Exception as exc:  # pragma: no cover - pandas raises many types
        raise CorpusError(f"{path}: cannot read as CSV: {str(exc).splitlines()[0]}") from None
    if date_from or date_to:
        if date_col not in df.columns:
            raise CorpusError(f"{path}: no column {date_col!r} for the date window; drop date_from/date_to")
        dates = pd.to_datetime(df[date_col], errors="coerce", format="mixed")
        keep = dates.notna()
        if date_from:
            keep &= dates >= pd.Timestamp(date_from)
        if date_to:
            keep &= dates <= pd.Timestamp(date_to)
        df = df[keep]
    return df.reset_index(drop=True)


def ingest_window(
    path: str | os.PathLike,
    workdir: str | os.PathLike,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    furniture: bool = True,
    dedup: bool = True,
    drop_copies: bool = True,
    **options,
) -> tuple[pd.DataFrame, dict]:
    """Ingest a real corpus CSV restricted to a date window, with furniture removal and dedup.

    The window is applied first (so per-outlet furniture is learned on the documents analysed, and
    the 23 MB ``ukraine_media_2022`` file ingests in seconds); the windowed rows are written to
    ``workdir`` and passed to :func:`framing.ingest.ingest_sources` with the CSV's own ``doc_id``.
    With ``drop_copies`` the later members of near-duplicate clusters (``is_copy``) are removed, so a
    story counts once. Returns ``(corpus, summary)``; ``summary["copies_dropped"]`` says how many.

    Examples
    --------
    >>> corpus, summary = ingest_window(find_corpora() / "ukraine_media_2022/corpus.csv", "/tmp/w",
    ...                                 date_from="2022-06-16", date_to="2022-10-31")  # doctest: +SKIP
    """
    from ..ingest import ingest_sources

    df = read_source_csv(path, date_from, date_to)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    tmp = workdir / f"{Path(path).parent.name or 'corpus'}_{date_from or 'start'}_{date_to or 'end'}.csv"
    df.to_csv(tmp, index=False)
    opts: dict[str, Any] = {"id_col": "doc_id"} if "doc_id" in df.columns else {}
    opts.update(options)
    corpus, summary = ingest_sources([tmp], furniture=furniture, dedup=dedup, **opts)
    summary = dict(summary)
    summary["copies_dropped"] = 0
    if drop_copies and "is_copy" in corpus.columns:
        copies = corpus["is_copy"].fillna(False).astype(bool)
        summary["copies_dropped"] = int(copies.sum())
        corpus = corpus[~copies].reset_index(drop=True)
    return corpus, summary


def dates_from_period(corpus: pd.DataFrame, column: str = "period_approx", how: str = "end") -> pd.DataFrame:
    """Fill missing ``date`` values from an approximate period such as ``"2013-03..2014-03"``.

    ``how="end"`` takes the last day of the range (the latest date the text can have: the
    conservative choice for a check that older texts are not scored by today's stance),
    ``"start"`` its first day. Rows whose period cannot be parsed keep ``NaT``; dated rows are
    untouched. A column ``date_source`` records ``"corpus"`` or ``"period:<how>"``.

    Examples
    --------
    >>> df = pd.DataFrame({"date": [pd.NaT, pd.Timestamp("2013-05-18")],
    ...                    "period_approx": ["2013-03..2014-03", "2013-03..2014-03"]})
    >>> dates_from_period(df)["date"].dt.strftime("%Y-%m-%d").tolist()
    ['2014-03-31', '2013-05-18']
    """
    if how not in ("end", "start"):
        raise ParameterError(f"how: {how!r} is not one of 'end', 'start'")
    if column not in corpus.columns:
        raise CorpusError(f"corpus has no column {column!r} to take approximate dates from")
    out = corpus.copy()
    dates = pd.to_datetime(out["date"], errors="coerce")
    parts = out[column].fillna("").astype(str).str.split("..", n=1, regex=False)
    pick = parts.str[-1] if how == "end" else parts.str[0]
    period = pd.to_datetime(pick.where(pick.str.len() > 0), errors="coerce", format="mixed")
    if how == "end":
        period = period + pd.offsets.MonthEnd(0)
    missing = dates.isna()
    out["date"] = dates.where(~missing, period).astype("datetime64[ns]")
    out["date_source"] = np.where(missing & period.notna(), f"period:{how}", np.where(missing, "none", "corpus"))
    return out
