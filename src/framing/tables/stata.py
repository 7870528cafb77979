"""Stata files: a table as a Stata 118 ``.dta`` with labelled variables and a fixed time stamp."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from .columns import _flat, column_meaning

#: Stata's fixed time stamp for .dta files, so the same table gives the same bytes.
_DTA_STAMP = (2000, 1, 1)


def _stata_name(column: str, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", str(column))
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = "v_" + name
    name = name[:32]
    base, k = name, 2
    while name.lower() in taken:
        suffix = f"_{k}"
        name = base[: 32 - len(suffix)] + suffix
        k += 1
    taken.add(name.lower())
    return name


def write_dta(path: str | os.PathLike, df: pd.DataFrame, name: str = "") -> Path:
    """A table as a Stata 118 ``.dta`` file with a fixed time stamp (same table, same bytes).

    Column names become valid Stata names (letters, digits, ``_``; at most 32 characters), each
    variable labelled with its original name and meaning; booleans become 0/1 bytes; dates stay
    dates. Raises ``ValueError`` when a column cannot be stored (mixed types, an object column that
    is not text).

    Examples
    --------
    >>> write_dta("02_rates.dta", rates_table, "02_rates")  # doctest: +SKIP
    """
    import datetime as _dt
    import warnings

    from ..files import atomic_path

    flat = _flat(df, keep_index=False)  # the same columns as the CSV
    if len(flat.columns) == 0:
        raise ValueError("the table has no columns (Stata needs at least one variable)")
    data = {}
    labels = {}
    taken: set[str] = set()
    for col in flat.columns:
        s = flat[col]
        new = _stata_name(col, taken)
        if pd.api.types.is_bool_dtype(s):
            s = s.astype("int8")
        elif pd.api.types.is_datetime64_any_dtype(s):
            s = pd.to_datetime(s)
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            s = s.astype("datetime64[ns]")
        elif pd.api.types.is_numeric_dtype(s):
            s = (
                s.astype("float64")
                if pd.api.types.is_float_dtype(s)
                else s.astype("int64")
                if not s.isna().any()
                else s.astype("float64")
            )
        else:
            kinds = {type(v) for v in s.dropna().tolist()}
            if kinds - {str}:
                if kinds <= {bool} or kinds <= {bool, str}:
                    s = s.map(lambda v: v if v is None or isinstance(v, str) or v != v else str(v))
                else:
                    raise ValueError(f"column {col!r} mixes {', '.join(sorted(k.__name__ for k in kinds))}")
            s = s.astype(object).where(s.notna(), "").astype(str)
        data[new] = s.reset_index(drop=True)
        text = f"{col}: {column_meaning(col)}" if new != col else column_meaning(col)
        labels[new] = text.encode("utf-8")[:80].decode("utf-8", "ignore")
    frame = pd.DataFrame(data)
    date_cols = {c: "td" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    # long texts (sentences, contexts) as strL: a fixed-width str2045 column would pad every row
    long_text = [
        c
        for c in frame.columns
        if pd.api.types.is_string_dtype(frame[c]) and len(frame) and frame[c].str.len().max() > 244
    ]
    path = Path(path)
    with atomic_path(path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_stata(
            tmp,
            write_index=False,
            version=118,
            convert_dates=date_cols or None,
            time_stamp=_dt.datetime(*_DTA_STAMP),
            data_label=str(name)[:80] or None,
            variable_labels=labels,
            convert_strl=long_text or None,
        )
    return path
