"""Bytes to clean text: encoding detection, mojibake repair, Unicode and line-ending normalisation,
and the date parser used by every reader.

The pipeline for one document is

1. decode: a byte-order mark wins (UTF-8-SIG, UTF-16/32 LE/BE); else the user's ``encoding``;
   else strict UTF-8; else the best guess of charset-normalizer (cp1251, latin-1, UTF-16 without
   BOM, ...). Bytes that look binary (NUL bytes outside UTF-16/32, or no encoding fits) raise
   :class:`~framing.errors.CorpusError`.
2. :func:`clean_text`: ftfy repairs mojibake (``â€™`` -> ``’``) without touching quotes
   (``uncurl_quotes=False``), line endings become ``\\n``, the text is NFC-normalised and trailing
   spaces on each line are dropped. The decoded original is kept as ``text_raw``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import numpy as np
import pandas as pd

from ..errors import CorpusError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def canonical_encoding(name: str) -> str:
    """Python's canonical codec name (``cp1251``, ``utf-8``, ...), or raise for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise CorpusError(
            f"--encoding {name!r}: unknown encoding; use a Python codec name such as utf-8, cp1251, latin-1"
        ) from None


_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "utf_16", "utf_32")


def detect_encoding(data: bytes, source: str = "input") -> str:
    """Guess the encoding of ``data`` (a whole file or a large sample of it).

    Order: byte-order mark, strict UTF-8, then charset-normalizer's best match. Raises
    :class:`CorpusError` when the bytes look binary.

    Examples
    --------
    >>> detect_encoding("Привет, мир! Киев или Київ?".encode("cp1251") * 5)
    'cp1251'
    >>> detect_encoding(b"\\xef\\xbb\\xbfKyiv")
    'utf-8-sig'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if not data:
        return "utf-8"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
                return "utf-8"  # a sample cut inside a multi-byte character
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000])
    best = results.best()
    if best is not None:
        # charset-normalizer often ties several single-byte code pages on short texts; prefer the
        # code pages news text is most often saved in
        tied = {r.encoding: r for r in results if r.chaos == best.chaos and r.coherence >= best.coherence - 1e-9}
        for name in _PREFERRED:
            if name in tied:
                best = tied[name]
                break
    if best is None or (b"\x00" in data and not best.encoding.startswith("utf_16") and not best.encoding.startswith("utf_32")):
        raise CorpusError(
            f"{source}: not a text file (binary content or no encoding fits); remove it from the sources, "
            "or name its encoding with --encoding"
        )
    return canonical_encoding(best.encoding)


def decode_bytes(data: bytes, encoding: str | None = None, source: str = "input") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_used)``.

    A byte-order mark overrides ``encoding`` (it is unambiguous). Raises :class:`CorpusError` naming
    ``source`` when the bytes cannot be decoded with the given or detected encoding.

    Examples
    --------
    >>> decode_bytes("Київ".encode("utf-16"))
    ('Київ', 'utf-16')
    """
    enc = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            enc = name
            break
    if enc is None:
        enc = canonical_encoding(encoding) if encoding else detect_encoding(data, source)
    if enc in ("utf-8", "utf_8") and data.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(
            f"{source}: line {line}: cannot decode as {enc} ({exc.reason} at byte {exc.start}); "
            "name the right encoding with --encoding (e.g. cp1251, latin-1, utf-16)"
        ) from None
    if "\x00" in text:
        raise CorpusError(
            f"{source}: not a text file (NUL characters after decoding as {enc}); remove it from the sources, "
            "or name its encoding with --encoding"
        )
    return text, enc


#: Cheap test for text ftfy could change: mojibake lead bytes read as latin-1/cp1252/cp1251,
#: HTML entities, control characters. Text without any of these skips ftfy (it is slow).
_LEAD1 = "\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e0-\u00ef"
_NEXT1 = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
          "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_LEAD2 = "\u0420\u0421\u0432"
_NEXT2 = "\u0402-\u040f\u0452-\u045f\u2018-\u201e\u2020-\u2122\u00a0-\u00bf"
_SINGLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff"
_FTFY_HINT = re.compile(
    f"[{_LEAD1}][{_NEXT1}]|[{_LEAD2}][{_NEXT2}]|&#?[a-zA-Z0-9]{{2,8}};|[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]|[\ud800-\udfff]"
)


def _charset(cls: str) -> frozenset:
    """The characters of a regex class body made of literal characters and ``a-b`` ranges."""
    out, i = set(), 0
    while i < len(cls):
        if i + 2 < len(cls) and cls[i + 1] == "-":
            out.update(map(chr, range(ord(cls[i]), ord(cls[i + 2]) + 1)))
            i += 3
        else:
            out.add(cls[i])
            i += 1
    return frozenset(out)


_HINT_SETS = tuple(map(_charset, (_LEAD1, _NEXT1, _LEAD2, _NEXT2, _SINGLE)))


#: The ASCII characters of the hint sets, and "&": every other ASCII character is in none of them
_HINT_ASCII = "&" + "".join(c for c in map(chr, range(128)) if any(c in cs for cs in _HINT_SETS))
_ALL_BUT_HINT_ASCII = bytes(c for c in range(256) if chr(c) not in _HINT_ASCII)  # a delete table (drops bytes >= 0x80)
_ASCII_BYTES = bytes(range(128))


def _hint_chars(text: str) -> set[str]:
    """The characters of ``text`` that :func:`_hint_matches` looks at: the non-ASCII ones and those
    of :data:`_HINT_ASCII`, found with two ``bytes.translate`` calls (``set(text)`` is slower)."""
    data = text.encode("utf-8", "surrogatepass")
    chars = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    chars.update(data.translate(None, _ALL_BUT_HINT_ASCII).decode("ascii"))
    return chars


_ENTITY = re.compile(r"&#?[a-zA-Z0-9]{2,8};")  # the entity alternative of _FTFY_HINT


def _hint_matches(text: str) -> bool:
    """``_FTFY_HINT.search(text) is not None``, mostly without the regex scan: a control character
    or surrogate is a match; a mojibake pair (lead character, next character) is looked for with
    one substring search per pair of such characters present; only an ``&`` needs the regex."""
    chars = _hint_chars(text)
    lead1, next1, lead2, next2, single = _HINT_SETS
    if not single.isdisjoint(chars):
        return True
    pairs = [a + b for lead, nxt in ((lead1, next1), (lead2, next2)) if not lead.isdisjoint(chars)
             for a in lead & chars for b in nxt & chars]
    if len(pairs) > 200:  # many kinds of suspicious characters: one regex scan is cheaper
        return _FTFY_HINT.search(text) is not None
    return any(p in text for p in pairs) or ("&" in chars and _ENTITY.search(text) is not None)


_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")
_BREAK_CHARS = "\r\u2028\u2029\x85\x0b\x0c"  # what _LINE_BREAKS can match starts with one of these
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.M)


def clean_text(text: str) -> str:
    """Repair mojibake, normalise line endings to ``\\n``, NFC-normalise, strip trailing spaces.

    Quotes, dashes and ellipses are left as the outlet wrote them (they carry voice: quotation,
    "so-called"). Offsets computed by later stages refer to this cleaned text.

    Examples
    --------
    >>> clean_text("Kyivâ€™s mayor\\r\\nsaid")
    'Kyiv’s mayor\\nsaid'
    """
    return clean_text_repaired(text)[0]


def clean_text_repaired(text: str) -> tuple[str, bool]:
    """:func:`clean_text`, plus whether ftfy repaired anything (mojibake, entities, control characters).

    Examples
    --------
    >>> clean_text_repaired("Kyivâ€™s")
    ('Kyiv’s', True)
    """
    if not text:
        return "", False
    if any(c in text for c in _BREAK_CHARS):  # one fast scan per character; the regex scans slowly
        text = _LINE_BREAKS.sub("\n", text)
    repaired = False
    if not text.isascii() or "&" in text:
        if _hint_matches(text):
            fixed = _ftfy(text)
            repaired = fixed != unicodedata.normalize("NFC", text)
            text = fixed
    text = unicodedata.normalize("NFC", text)
    if ("\n" in text and (" \n" in text or "\t\n" in text or "\u00a0\n" in text)) or text.endswith((" ", "\t", "\u00a0")):
        text = "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))  # = _TRAILING_SPACE.sub("", text)
    return text.strip("\n "), repaired


def _ftfy(text: str) -> str:
    import ftfy

    return ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_line_breaks=True,
        fix_latin_ligatures=True,
        fix_character_width=False,
        unescape_html="auto",
        normalization="NFC",
    )


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")


def parse_date(value) -> tuple[pd.Timestamp, str]:
    """Parse one date value; return ``(timestamp or NaT, precision)``.

    precision is ``day``, ``month`` (``"2025-05"`` -> 2025-05-01), ``year`` (``"2025"`` ->
    2025-01-01) or ``none`` (empty). Time zones are converted to UTC and dropped. Raises
    ``ValueError`` for a value that is not a date.

    Examples
    --------
    >>> parse_date("2025-05")
    (Timestamp('2025-05-01 00:00:00'), 'month')
    >>> parse_date("2022-02-24T05:00:00+02:00")
    (Timestamp('2022-02-24 03:00:00'), 'day')
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return pd.NaT, "none"
    if isinstance(value, pd.Timestamp):
        ts = value
    else:
        s = str(value).strip()
        if not s or s.lower() in ("nan", "nat", "none", "null"):
            return pd.NaT, "none"
        if _YEAR.match(s):
            return pd.Timestamp(int(s), 1, 1), "year"
        m = _MONTH.match(s)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not 1 <= month <= 12:
                raise ValueError(s)
            return pd.Timestamp(year, month, 1), "month"
        try:
            ts = pd.Timestamp(s)
        except (ValueError, TypeError, OverflowError):
            try:
                ts = pd.to_datetime(s, format="mixed")
            except (ValueError, TypeError, OverflowError):
                raise ValueError(s) from None
        if ts is pd.NaT:
            raise ValueError(s)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts, "day"


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised :func:`parse_date`: return ``(dates, precision, bad_mask)``.

    ISO 8601 strings are parsed in one vectorised call; the rest one by one. A datetime column
    (Parquet timestamps) is taken as it is, converted to UTC when it has a time zone.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
        dates = dates.astype("datetime64[ns]")
        precision = pd.Series(np.where(dates.notna(), "day", "none"), index=values.index, dtype=object)
        return dates, precision, pd.Series(False, index=values.index)
    s = values.astype("object").where(values.notna(), "").map(lambda v: str(v).strip() if not isinstance(v, pd.Timestamp) else v)
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    precision = pd.Series("none", index=values.index, dtype="object")
    bad = pd.Series(False, index=values.index)
    is_str = s.map(lambda v: isinstance(v, str))
    empty = is_str & s.map(lambda v: isinstance(v, str) and (not v or v.lower() in ("nan", "nat", "none", "null")))
    todo = ~empty
    iso_mask = todo & is_str & s.str.match(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$", na=False)
    if iso_mask.any():
        parsed = pd.to_datetime(s[iso_mask], errors="coerce", utc=True, format="ISO8601")
        ok_idx = parsed.index[parsed.notna()]
        dates.loc[ok_idx] = parsed[ok_idx].dt.tz_localize(None).astype("datetime64[ns]")
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
