"""The date parser used by every reader: a source's date value as a timestamp and its precision
(day, month or year), or a bad row naming the value."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")

#: The dates a corpus can hold (pandas' nanosecond timestamps): 1677-09-22 to 2262-04-11.
DATE_MIN, DATE_MAX = pd.Timestamp.min, pd.Timestamp.max


class DateRangeError(ValueError):
    """A date that is a date, but outside :data:`DATE_MIN` .. :data:`DATE_MAX`."""


def _checked(ts: pd.Timestamp, s) -> pd.Timestamp:
    try:
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        ok = DATE_MIN <= ts <= DATE_MAX
    except (ValueError, OverflowError, TypeError):  # out of range while converting
        ok = False
    if not ok:
        raise DateRangeError(str(s))
    return ts


def parse_date(value) -> tuple[pd.Timestamp, str]:
    """Parse one date value; return ``(timestamp or NaT, precision)``.

    precision is ``day``, ``month`` (``"2025-05"`` -> 2025-05-01), ``year`` (``"2025"`` ->
    2025-01-01) or ``none`` (empty). Time zones are converted to UTC and dropped. Raises
    ``ValueError`` for a value that is not a date, :class:`DateRangeError` (a ``ValueError``) for
    one outside 1677-09-22 .. 2262-04-11 (what a corpus's dates can hold).

    Examples
    --------
    >>> parse_date("2025-05")
    (Timestamp('2025-05-01 00:00:00'), 'month')
    >>> parse_date("2022-02-24T05:00:00+02:00")
    (Timestamp('2022-02-24 03:00:00'), 'day')
    >>> parse_date("3000-01-01")
    Traceback (most recent call last):
    ...
    framing.ingest.dates.DateRangeError: 3000-01-01
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return pd.NaT, "none"
    if isinstance(value, pd.Timestamp):
        return _checked(value, value), "day"
    s = str(value).strip()
    if not s or s.lower() in ("nan", "nat", "none", "null"):
        return pd.NaT, "none"
    try:
        if _YEAR.match(s):
            return _checked(pd.Timestamp(int(s), 1, 1), s), "year"
        m = _MONTH.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError(s)
            return _checked(pd.Timestamp(year, month, 1), s), "month"
    except DateRangeError:
        raise
    except (ValueError, OverflowError):
        raise ValueError(s) from None
    try:
        ts = pd.Timestamp(s)
    except Exception:  # pandas and dateutil raise many types (ParserError, OverflowError, OutOfBounds...)
        try:
            ts = pd.to_datetime(s, format="mixed")
        except Exception:
            if re.match(r"^\d{5,}-\d{1,2}-\d{1,2}\b", s):
                raise DateRangeError(s) from None  # a year of five digits: a date, out of range
            raise ValueError(s) from None
    if ts is pd.NaT or not isinstance(ts, pd.Timestamp):
        raise ValueError(s)
    return _checked(ts, s), "day"


def date_problem(value) -> str:
    """Why ``value`` is not a corpus date, for a message.

    Examples
    --------
    >>> date_problem("yesterday")
    "field date 'yesterday' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty"
    """
    from .common import excerpt

    try:
        parse_date(value)
    except DateRangeError:
        return (
            f"field date {excerpt(value, 40)} is out of the range a corpus holds (1677-09-22 to 2262-04-11); "
            "fix it or leave it empty"
        )
    except ValueError:
        pass
    return f"field date {excerpt(value, 40)} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY, or leave it empty"


def _in_range(dates: pd.Series) -> pd.Series:
    """For a datetime column of any unit: which values a nanosecond column can hold (NaT counts as in range)."""
    try:
        return dates.isna() | ((dates >= DATE_MIN) & (dates <= DATE_MAX))
    except (OverflowError, ValueError, TypeError):
        return pd.Series([pd.isna(d) or DATE_MIN <= d <= DATE_MAX for d in dates], index=dates.index)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised :func:`parse_date`: return ``(dates, precision, bad_mask)``.

    ISO 8601 strings are parsed in one vectorised call; the rest one by one. A datetime column
    (Parquet timestamps) is taken as it is, converted to UTC when it has a time zone; its values
    outside 1677-09-22 .. 2262-04-11 are bad.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        bad = ~_in_range(dates)
        dates = dates.where(~bad).astype("datetime64[ns]")
        precision = pd.Series(np.where(dates.notna(), "day", "none"), index=values.index, dtype=object)
        return dates, precision, bad
    s = (
        values.astype("object")
        .where(values.notna(), "")
        .map(lambda v: str(v).strip() if not isinstance(v, pd.Timestamp) else v)
    )
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    precision = pd.Series("none", index=values.index, dtype="object")
    bad = pd.Series(False, index=values.index)
    is_str = s.map(lambda v: isinstance(v, str))
    empty = is_str & s.map(lambda v: isinstance(v, str) and (not v or v.lower() in ("nan", "nat", "none", "null")))
    todo = ~empty
    iso_mask = todo & is_str & s.str.match(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$", na=False)
    if iso_mask.any():
        parsed = pd.to_datetime(s[iso_mask], errors="coerce", utc=True, format="ISO8601").dt.tz_localize(None)
        ok_idx = parsed.index[parsed.notna() & _in_range(parsed)]
        dates.loc[ok_idx] = parsed[ok_idx].astype("datetime64[ns]")
        precision.loc[ok_idx] = "day"
        todo.loc[ok_idx] = False
    for i in s.index[todo]:
        try:
            ts, prec = parse_date(s[i])
        except ValueError:
            bad[i] = True
            continue
        dates[i] = ts
        precision[i] = prec
    return dates, precision, bad
