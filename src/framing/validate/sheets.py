"""The files a coder works in: the sheet written by :func:`write_sample` with its key and design
beside it (:func:`sidecar_paths`), and the coded sheet and the key read back, every code checked
(:func:`read_sheet`, :func:`read_key`)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError, SheetError
from ..vocab import MODALITIES, VOICES
from .codebook import codebook
from .layout import ANY_CONCEPT, CODER_FIELDS, KEY_COLUMNS, Sample


# ------------------------------------------------------------------------------------------ writing
def sidecar_paths(sheet_path: str | os.PathLike) -> tuple[Path, Path]:
    """``(<sheet>.key.csv, <sheet>.design.json)`` beside a sheet ``<sheet>.xlsx`` or ``.csv``.

    Examples
    --------
    >>> [p.name for p in sidecar_paths("coding/sheet.xlsx")]
    ['sheet.key.csv', 'sheet.design.json']
    """
    p = Path(sheet_path)
    stem = p.with_suffix("")
    return stem.with_name(stem.name + ".key.csv"), stem.with_name(stem.name + ".design.json")


def write_sample(sample: Sample, out: str | os.PathLike, lexicon) -> list[Path]:
    """Write the sheet (``.xlsx`` with a codebook sheet and drop-down lists, or ``.csv`` with
    ``<sheet>.codebook.md``), ``<sheet>.key.csv`` and ``<sheet>.design.json``; return the paths."""
    from ..files import atomic_write_text
    from ..tables import write_xlsx

    out = Path(out)
    key_path, design_path = sidecar_paths(out)
    written = []
    if out.suffix.lower() == ".xlsx":
        choices = {
            "items": {
                "is_marker": ["1", "0"],
                "stance": list(lexicon.sides.ids),
                "voice": list(VOICES),
                "modality": list(MODALITIES),
            }
        }
        widths: dict[str, dict[str, float]] = {
            "items": {"left": 60, "term": 24, "right": 60, "note": 30, "concept": 22}
        }
        write_xlsx(
            out,
            {"items": sample.sheet},
            notes={"codebook": codebook(lexicon)},
            choices=choices,
            widths=widths,
            wrap={"items": ["left", "term", "right", "concept", "note"]},
        )
        written.append(out)
    elif out.suffix.lower() == ".csv":
        from ..files import atomic_write

        atomic_write(out, lambda tmp: sample.sheet.to_csv(tmp, index=False, lineterminator="\n"))
        book = out.with_suffix("").with_name(out.with_suffix("").name + ".codebook.md")
        atomic_write_text(book, "\n\n".join(codebook(lexicon)) + "\n")
        written += [out, book]
    else:
        raise ParameterError(f"--out {out}: a coding sheet is .xlsx or .csv")
    from ..files import atomic_write

    atomic_write(key_path, lambda tmp: sample.key.to_csv(tmp, index=False, lineterminator="\n", float_format="%.10g"))
    atomic_write_text(design_path, json.dumps(sample.design, indent=1, ensure_ascii=False) + "\n")
    return written + [key_path, design_path]


# ------------------------------------------------------------------------------------------ reading
def read_key(path: str | os.PathLike) -> pd.DataFrame:
    """Read ``<sheet>.key.csv`` written by ``framing validate sample``."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(
            f"{path}: no such key file; pass the .key.csv written beside the sheet by `framing validate sample`"
        )
    try:
        key = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise SheetError(f"{path}: cannot read the key as CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in KEY_COLUMNS if c not in key.columns]
    if missing:
        raise SheetError(f"{path}: not a key file (missing column {missing[0]!r}); pass the .key.csv of the sheet")
    for c in ("stratum_size", "stratum_n", "start", "end"):
        key[c] = pd.to_numeric(key[c]).astype("int64")
    key["weight"] = pd.to_numeric(key["weight"])
    key["counted"] = key["counted"].str.lower().isin(["true", "1"])
    if key["item_id"].duplicated().any():
        raise SheetError(f"{path}: item_id {key['item_id'][key['item_id'].duplicated()].iloc[0]!r} appears twice")
    design_path = (
        path.with_name(path.name[: -len(".key.csv")] + ".design.json") if path.name.endswith(".key.csv") else None
    )
    concepts = sorted(set(key["concept"]) - {ANY_CONCEPT})
    frame = sorted(set(key.loc[key["variant_kind"] == "frame", "concept"]))
    poles = None
    if design_path is not None and design_path.is_file():
        import json

        try:
            design = json.loads(design_path.read_text(encoding="utf-8"))
            concepts, frame = list(design.get("concepts", concepts)), list(design.get("frame_concepts", frame))
            sides = design.get("sides") or {}
            poles, non_neutral = sides.get("poles"), sides.get("non_neutral")
        except (ValueError, OSError, AttributeError):
            raise SheetError(
                f"{design_path}: not the design file written with the key; restore it or remove it"
            ) from None
        if poles is not None and (
            not isinstance(poles, list) or len(poles) != 2 or not all(isinstance(x, str) for x in poles)
        ):
            raise SheetError(
                f"{design_path}: sides.poles must be the two stances of the balance, e.g. "
                '["restrictionist", "pro_immigrant"]; restore the design file written with the key'
            )
        if poles is None and isinstance(non_neutral, list) and non_neutral:
            poles = [str(x) for x in non_neutral]  # a lexicon without a balance axis: every non-neutral side
    key.attrs["concepts"], key.attrs["frame_concepts"] = concepts, frame
    key.attrs["poles"] = tuple(poles) if poles else None
    return key


def _code(value) -> str:
    s = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()
    if s.endswith(".0") and s[:-2].isdigit():  # a number typed into Excel
        s = s[:-2]
    return s.lower() if s.lower() in ("none", "true", "false") else s


def read_sheet(
    path: str | os.PathLike, key: pd.DataFrame | None = None, stances: Sequence[str] | None = None
) -> pd.DataFrame:
    """Read a coded sheet (.xlsx or .csv) and check every code.

    Returns one row per item: ``item_id`` and the coder fields, ``is_marker`` as 1/0 (``NaN`` when
    not coded). Raises :class:`~framing.errors.SheetError` naming the file, the sheet row and the
    field of the first value that is not a code.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path}: no such coding sheet")
    try:
        if path.suffix.lower() == ".xlsx":
            df = pd.read_excel(path, sheet_name="items", dtype=str, keep_default_na=False, engine="openpyxl")
        elif path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
        else:
            raise SheetError(f"{path}: a coding sheet is .xlsx or .csv")
    except SheetError:
        raise
    except ValueError as exc:
        raise SheetError(
            f"{path}: cannot read the sheet 'items' ({str(exc).splitlines()[0]}); "
            "use the file `framing validate sample` wrote"
        ) from None
    except Exception as exc:
        raise SheetError(
            f"{path}: cannot read ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
        ) from None
    missing = [c for c in ("item_id", *CODER_FIELDS) if c not in df.columns]
    if missing:
        raise SheetError(f"{path}: no column {missing[0]!r}; keep the columns the sheet was written with")
    allowed = {
        "is_marker": {"1", "0", ""},
        "voice": set(VOICES) | {""},
        "modality": set(MODALITIES) | {""},
    }
    if stances is not None:
        allowed["stance"] = set(stances) | {"none", ""}
    out = pd.DataFrame({"item_id": df["item_id"].astype(str).str.strip()})
    for f in CODER_FIELDS:
        out[f] = [_code(v) for v in df[f]]
    for f, ok in allowed.items():
        bad = ~out[f].isin(ok)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise SheetError(
                f"{path}: row {i + 2}: field {f} = {out[f].iat[i]!r} is not a code; use one of "
                f"{', '.join(sorted(v for v in ok if v))} or leave it empty"
            )
    dup = out["item_id"].duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise SheetError(f"{path}: row {i + 2}: item_id {out['item_id'].iat[i]!r} appears twice; keep one row per item")
    if key is not None:
        unknown = ~out["item_id"].isin(set(key["item_id"]))
        if unknown.any():
            i = int(np.flatnonzero(unknown.to_numpy())[0])
            raise SheetError(
                f"{path}: row {i + 2}: item_id {out['item_id'].iat[i]!r} is not in the key; "
                "pass the key written with this sheet (--key)"
            )
        known = set(key.attrs.get("concepts") or set(key["concept"]) - {ANY_CONCEPT})
        random = out["item_id"].isin(set(key.loc[key["concept"] == ANY_CONCEPT, "item_id"])).to_numpy()
        for i in np.flatnonzero(random).tolist():
            named = [c.strip() for c in out["found_concept"].iat[i].split(";") if c.strip()]
            if out["is_marker"].iat[i] == "1" and not named:
                raise SheetError(
                    f"{path}: row {i + 2}: field found_concept is empty; a random sentence coded 1 needs "
                    "the concept id of the marker it holds (see the codebook)"
                )
            bad = [c for c in named if c not in known]
            if bad:
                raise SheetError(
                    f"{path}: row {i + 2}: field found_concept = {bad[0]!r} is not a concept id; use one of "
                    f"{', '.join(sorted(known))}"
                )
    out["is_marker"] = out["is_marker"].map({"1": 1.0, "0": 0.0, "": np.nan})
    return out
