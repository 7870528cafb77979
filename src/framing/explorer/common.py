"""What the explorer's modules share: the embedded data's element id and version, the voices of the
rates, number and text cleaning, the seeded generators of the samples, and the data's JSON
encoding inside the page (:func:`embedded_data` reads it back)."""

from __future__ import annotations

import json
import math
import re
import zlib
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..vocab import VOICES

#: The id of the ``<script type="application/json">`` element holding the data.
DATA_ELEMENT_ID = "framing-data"
#: Format version of the embedded data (bumped when its layout changes; 2: the stances' names, order and
#: colours come from the lexicon's sides).
DATA_VERSION = 2

RATE_VOICES = ("any",) + VOICES
PER = 10_000
MIN_DOCS = 20  # as framing.stats: groups with fewer documents get the two-stage bootstrap

_WS = re.compile(r"\s+")
_HTTP = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def _num(x: Any) -> float | None:
    """A float with 4 significant digits (smaller, and the same bytes on every platform); None for NaN."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return float(f"{x:.4g}")


def _rng(seed: int, *keys: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, *(zlib.crc32(str(k).encode("utf-8")) for k in keys)])


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return _WS.sub(" ", str(value)).strip()


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` (so no
    ``</script>`` or ``<!--``), no raw U+2028/U+2029; key order fixed."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _size(obj: Any) -> int:
    return len(_script_json(obj).encode("utf-8"))


def embedded_data(page: str) -> dict:
    """The data embedded in an explorer page (what :func:`build_explorer` put there).

    Examples
    --------
    >>> embedded_data('<script type="application/json" id="framing-data">{"a":"\\\\u003c/script\\\\u003e"}</script>')
    {'a': '</script>'}
    """
    m = re.search(rf'<script type="application/json" id="{DATA_ELEMENT_ID}">(.*?)</script>', page, re.S)
    if m is None:
        raise ParameterError("page: no explorer data in it; pass the HTML from build_explorer")
    return json.loads(m.group(1))
