"""Bytes to clean text: encoding decisions, mojibake repair, Unicode and line-ending normalisation,
and (re-exported from :mod:`framing.ingest.dates`) the date parser used by every reader.

The pipeline for one file is

1. decide the encoding once per file (:func:`decide_encoding`, on a sample of the file): a byte-order
   mark wins (UTF-8-SIG, UTF-16/32 LE/BE); else the user's ``--encoding``; else (HTML) the page's
   declared ``charset``, if its bytes fit it; else UTF-8 when the file is UTF-8 or *mostly* UTF-8
   (see :data:`MOSTLY_UTF8_RATIO`); else a guess of charset-normalizer limited to the code pages news
   is saved in (:data:`GUESSABLE`). Bytes that look binary (NUL bytes beyond
   :data:`BINARY_NUL_SHARE`, or no allowed encoding fits) raise :class:`~framing.errors.CorpusError`.
2. prove it per row: every row (line of JSONL, record of CSV, whole text file) is decoded on its
   own; undecodable bytes (and NUL bytes) are found with their byte offsets and the reader repairs
   them as U+FFFD, skips the row, or stops (see :mod:`framing.ingest.textio`).
3. :func:`clean_text`: ftfy repairs mojibake (``â€™`` -> ``’``) without touching quotes
   (``uncurl_quotes=False``), line endings become ``\\n``, the text is NFC-normalised and trailing
   spaces on each line are dropped. The decoded original is kept as ``text_raw``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from ..errors import CorpusError
from .dates import DATE_MAX as DATE_MAX
from .dates import DATE_MIN as DATE_MIN
from .dates import DateRangeError as DateRangeError
from .dates import date_problem as date_problem
from .dates import parse_date as parse_date
from .dates import parse_dates as parse_dates

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

#: The encodings a guess may choose, in order of preference when charset-normalizer finds several
#: that decode a sample to the same text: the code pages news sites, archives and exports are saved
#: in. Western European (cp1252, latin-1, iso8859-15), Cyrillic (cp1251, koi8-r, koi8-u), Central
#: European (cp1250, iso8859-2), Greek (cp1253, iso8859-7), Turkish (cp1254, iso8859-9), Baltic
#: (cp1257, iso8859-13), Hebrew and Arabic (cp1255, cp1256), East Asian (gb18030, big5, shift_jis,
#: euc-jp, euc-kr) and UTF-16/32 without a byte-order mark. Any other code page (cp775, mac-iceland,
#: cp1125, cp866 ...) is used only when named with ``--encoding``.
GUESSABLE = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1250",
    "iso8859_2",
    "cp1253",
    "iso8859_7",
    "cp1254",
    "iso8859_9",
    "cp1257",
    "iso8859_13",
    "cp1255",
    "cp1256",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
)
_WIDE = tuple(n for n in GUESSABLE if n.startswith(("utf_16", "utf_32")))

#: A file (or the encoding named with ``--encoding``, or an HTML page's declared charset) fits
#: when its sample decodes with at most one invalid byte sequence for every ``MOSTLY_UTF8_RATIO``
#: valid non-ASCII characters: the invalid sequences are at most a fifth of the non-ASCII ones.
#: A UTF-8 file with a few stray bytes has thousands of valid characters per invalid sequence;
#: text in a legacy code page read as UTF-8 has almost no valid multi-byte characters (at most one
#: for every four invalid sequences, measured on single Russian, Ukrainian and English articles
#: in cp1251, koi8-r, koi8-u and cp1252), so the rule tells them apart with a wide margin.
MOSTLY_UTF8_RATIO = 4

#: A sample with more NUL bytes than this share of its bytes (and more than BINARY_NUL_MIN) is
#: binary, unless it is UTF-16/32; fewer NUL bytes are bad bytes of the rows that hold them.
BINARY_NUL_SHARE = 0.001
BINARY_NUL_MIN = 4


class Unreadable(CorpusError):
    """A whole file cannot be read (binary, compressed, no encoding fits, damaged): with
    ``--skip-bad`` it is skipped and listed, like a bad row."""


def canonical_encoding(name: str) -> str:
    """Python's canonical codec name (``cp1251``, ``utf-8``, ...), or raise for an unknown one.

    Examples
    --------
    >>> canonical_encoding("windows-1251"), canonical_encoding("UTF8")
    ('cp1251', 'utf-8')
    """
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError, ValueError):
        raise CorpusError(
            f"--encoding {str(name)[:40]!r}: unknown encoding; use a Python codec name such as utf-8, cp1251, latin-1"
        ) from None


def _known(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


@dataclass(frozen=True)
class Decision:
    """How a file's encoding was decided.

    ``how`` is ``bom`` (a byte-order mark), ``--encoding`` (named by the user), ``declared`` (the
    HTML page's ``charset``, checked against its bytes), ``utf-8`` (the sample is valid UTF-8),
    ``mostly utf-8`` (valid UTF-8 but for a few invalid sequences, see :data:`MOSTLY_UTF8_RATIO`)
    or ``guessed`` (charset-normalizer, among :data:`GUESSABLE`). ``confidence`` is 1 for a
    byte-order mark or valid UTF-8; the share of the sample's non-ASCII sequences that decode for
    ``--encoding``, ``declared`` and ``mostly utf-8``; and 1 - charset-normalizer's "chaos"
    (its measure of how garbled the decoded sample looks) for a guess.
    """

    encoding: str
    how: str
    confidence: float = 1.0

    @property
    def given(self) -> bool:
        return self.how == "--encoding"


def _counts(sample: bytes, enc: str) -> tuple[int, int, int | None]:
    """``(valid non-ASCII characters, invalid byte sequences, offset of the first invalid one)``
    of ``sample`` read as ``enc`` (a sequence cut at the sample's end is not counted)."""
    try:
        text = codecs.getincrementaldecoder(enc)("replace").decode(sample, final=False)
    except UnicodeError:  # a codec that refuses the bytes as a whole
        return 0, max(len(sample), 1), 0
    n_repl = text.count("\ufffd")
    try:
        legit = sample.count("\ufffd".encode(enc)) if n_repl else 0  # U+FFFD written in the file itself
    except UnicodeEncodeError:
        legit = 0
    invalid = max(n_repl - legit, 0)
    valid = len(text) - len(text.encode("ascii", "ignore")) - n_repl
    first = None
    if invalid:
        try:
            codecs.getincrementaldecoder(enc)("strict").decode(sample, final=False)
        except UnicodeDecodeError as exc:
            first = exc.start
        except UnicodeError:
            first = 0
    return valid, invalid, first


def _endian(enc: str, sample: bytes) -> str:
    """``utf-16``/``utf-32`` named for bytes without a byte-order mark: the byte order in which the
    sample's ASCII characters have their zero bytes after them (``-le``) or before (``-be``)."""
    if enc not in ("utf-16", "utf-32"):
        return enc
    width = 2 if enc == "utf-16" else 4
    head = sample[: len(sample) - len(sample) % width]
    le = sum(1 for i in range(0, len(head), width) if head[i] != 0 and not any(head[i + 1 : i + width]))
    be = sum(1 for i in range(0, len(head), width) if head[i + width - 1] != 0 and not any(head[i : i + width - 1]))
    return f"{enc}-{'be' if be > le else 'le'}"


def _fits(valid: int, invalid: int) -> bool:
    return invalid == 0 or valid >= MOSTLY_UTF8_RATIO * invalid


def _share(valid: int, invalid: int) -> float:
    return 1.0 if not invalid else round(valid / (valid + invalid), 4)


_LATIN = frozenset(
    {"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257", "iso8859_13"}
)
_LETTERS = re.compile(r"[^\W\d_]+")


def _latin_plausible(text: str) -> bool:
    """Whether ``text`` (a sample read with a Latin-script code page) looks like a Latin-script
    language: in words that have accented letters, most letters are still plain ASCII ones. Text
    of another script read with a Latin code page gives words made only of accented letters
    (Russian in cp1250 reads ``Ďđčâĺň``), which charset-normalizer does not always see in a short
    sample."""
    total = odd = 0
    for w in _LETTERS.findall(text):
        if not w.isascii():
            total += len(w)
            odd += sum(1 for ch in w if not ch.isascii())
    return total == 0 or odd <= 0.8 * total


def guess_encoding(sample: bytes, names: tuple[str, ...] = GUESSABLE) -> tuple[str, float] | None:
    """charset-normalizer's best encoding for ``sample`` among ``names`` and ``1 - chaos``, or
    ``None`` when none fits. When several decode the sample alike, the first of ``names`` wins; a
    Latin-script code page whose reading does not look like a Latin-script language gives way to
    the next reading about as clean (within 0.1 of chaos).

    Examples
    --------
    >>> guess_encoding("Привет, мир! Киев или Москва?".encode("koi8_r") * 5)
    ('koi8-r', 1.0)
    >>> guess_encoding("text,outlet\\nПривет мир. Киев или Москва. Это тест.,A\\n".encode("cp1251"))[0]
    'cp1251'
    """
    from charset_normalizer import from_bytes

    results = list(from_bytes(sample[:200_000], cp_isolation=list(names)))
    if not results:
        return None
    rank = {n: i for i, n in enumerate(names)}
    best = min(results, key=lambda r: (r.chaos, -r.coherence))
    candidates = []
    for r in results:
        if r.chaos > best.chaos + 0.1:
            continue
        alike = [n for n in [r.encoding, *r.could_be_from_charset] if n in rank]
        if alike:
            name = min(alike, key=rank.__getitem__)
            candidates.append(
                (
                    (r.chaos != best.chaos or r.coherence < best.coherence - 1e-9, r.chaos, -r.coherence, rank[name]),
                    name,
                    r,
                )
            )
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    chosen = candidates[0]
    if chosen[1] in _LATIN and not _latin_plausible(str(chosen[2])):
        chosen = next((c for c in candidates if c[1] not in _LATIN or _latin_plausible(str(c[2]))), chosen)
    return codecs.lookup(chosen[1]).name, round(1.0 - float(chosen[2].chaos), 4)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I)


def declared_charset(sample: bytes) -> str | None:
    """The ``charset`` an HTML page declares in a ``<meta>`` tag (its first 64 KB), if Python knows it.

    Examples
    --------
    >>> declared_charset(b'<html><head><meta charset="windows-1251">')
    'cp1251'
    """
    m = _CHARSET.search(sample[:65536])
    return _known(m.group(1).decode("ascii")) if m else None


def _byte(sample: bytes, offset: int | None) -> str:
    if offset is None:
        return "a byte"
    line = sample[:offset].count(b"\n") + 1
    return f"line {line}, byte {offset} (0x{sample[offset]:02x})"


def decide_encoding(
    sample: bytes, source: str = "input", encoding: str | None = None, declared: str | None = None
) -> Decision:
    """Decide the encoding of a file from a ``sample`` of it (see the module's docstring).

    ``encoding``: named by the user (``--encoding``); it must fit the sample, else the error names
    the first byte that does not decode and suggests the encoding the bytes look like.
    ``declared``: the charset an HTML page declares (used when its bytes fit it).

    Examples
    --------
    >>> decide_encoding("Київ — столиця України. ".encode() * 20 + b"\\xff")
    Decision(encoding='utf-8', how='mostly utf-8', confidence=0.9974)
    >>> decide_encoding("Привет, мир! Киев или Москва? ".encode("cp1251") * 5).encoding
    'cp1251'
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return Decision(name, "bom")
    binary = sample.count(b"\x00") > max(BINARY_NUL_MIN, BINARY_NUL_SHARE * len(sample))
    if encoding:
        enc = _endian(canonical_encoding(encoding), sample)
        valid, invalid, first = _counts(sample, enc)
        if enc.startswith(("utf-16", "utf-32")) and b"\x00" not in sample and len(sample) > 3:
            valid, invalid, first = 0, max(invalid, 1), first or 0  # UTF-16/32 text has zero bytes (line ends, spaces)
        if binary and not enc.startswith(("utf-16", "utf-32")):
            raise Unreadable(f"{source}: not a text file (binary content: NUL bytes); remove it from the sources")
        if _fits(valid, invalid):
            return Decision(enc, "--encoding", _share(valid, invalid))
        looks = None
        if not enc.startswith("utf-8"):
            v8, i8, _ = _counts(sample, "utf-8")
            looks = ("utf-8", _share(v8, i8)) if _fits(v8, i8) else None
        looks = looks or guess_encoding(sample)
        hint = (
            f"the bytes look like {looks[0]} (confidence {looks[1]:.2f}): give that encoding instead"
            if looks and looks[0] != enc
            else "check which encoding the file is in"
        )
        more = f" and {invalid - 1} more of the sample's byte sequences" if invalid > 1 else ""
        raise Unreadable(
            f"{source}: cannot decode as {enc} (the --encoding given): {_byte(sample, first)}{more} "
            f"{'are' if more else 'is'} not {enc}; {hint}"
        )
    if binary:
        wide = guess_encoding(sample, _WIDE)
        if wide is not None:
            return Decision(_endian(wide[0], sample), "guessed", wide[1])
        raise Unreadable(
            f"{source}: not a text file (binary content: NUL bytes); remove it from the sources, "
            "or name its encoding with --encoding"
        )
    if declared:
        valid, invalid, _ = _counts(sample, declared)
        if _fits(valid, invalid):
            return Decision(declared, "declared", _share(valid, invalid))
    valid, invalid, first = _counts(sample, "utf-8")
    if not invalid:
        return Decision("utf-8", "utf-8")
    if _fits(valid, invalid):
        return Decision("utf-8", "mostly utf-8", _share(valid, invalid))
    guess = guess_encoding(sample)
    if guess is not None:
        guess = (_endian(guess[0], sample), guess[1])
    if guess is None:
        raise Unreadable(
            f"{source}: not UTF-8 ({_byte(sample, first)} is the first of {invalid} invalid sequences) and none of "
            f"the common code pages ({', '.join(GUESSABLE[:6])} ...) fits; if it is text, name its encoding with "
            "--encoding, else remove it from the sources"
        )
    return Decision(guess[0], "guessed", guess[1])


def detect_encoding(data: bytes, source: str = "input") -> str:
    """Guess the encoding of ``data`` (a whole file or a large sample of it): the encoding
    :func:`decide_encoding` decides. Raises :class:`CorpusError` when the bytes look binary or
    no allowed encoding fits.

    Examples
    --------
    >>> detect_encoding("Привет, мир! Киев или Київ?".encode("cp1251") * 5)
    'cp1251'
    >>> detect_encoding(b"\\xef\\xbb\\xbfKyiv")
    'utf-8-sig'
    """
    if not data:
        return "utf-8"
    return decide_encoding(data, source).encoding


def decode_bytes(data: bytes, encoding: str | None = None, source: str = "input") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_used)``.

    A byte-order mark overrides ``encoding`` (it is unambiguous). Raises :class:`CorpusError` naming
    ``source``, the line and the byte when the bytes cannot be decoded with the given or decided
    encoding, or hold NUL bytes (the ingest readers repair or skip such rows instead: see
    :func:`framing.ingest.textio.decode_document`).

    Examples
    --------
    >>> decode_bytes("Київ".encode("utf-16"))
    ('Київ', 'utf-16')
    """
    from .textio import decode_document

    doc = decode_document(data, source, encoding)
    if doc.bad:
        off, raw = doc.bad[0]
        given = " (the --encoding given)" if doc.decision.given else ""
        raise CorpusError(
            f"{source}: line {doc.bad_line}: cannot decode as {doc.decision.encoding}{given} at byte {off} "
            f"(0x{raw.hex()}); fix the file" + ("" if given else ", or name the right encoding with --encoding")
        )
    return doc.text, doc.decision.encoding


#: Cheap test for text ftfy could change: mojibake lead bytes read as latin-1/cp1252/cp1251,
#: HTML entities, control characters. Text without any of these skips ftfy (it is slow).
_LEAD1 = "\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e0-\u00ef"
_NEXT1 = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LEAD2 = "\u0420\u0421\u0432"
_NEXT2 = "\u0402-\u040f\u0452-\u045f\u2018-\u201e\u2020-\u2122\u00a0-\u00bf"
_SINGLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff"
_FTFY_HINT = re.compile(
    f"[{_LEAD1}][{_NEXT1}]|[{_LEAD2}][{_NEXT2}]|&#?[a-zA-Z0-9]{{2,8}};|[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]|[\ud800-\udfff]"
)


def _charset(cls: str) -> frozenset:
    """The characters of a regex class body made of literal characters and ``a-b`` ranges."""
    out: set[str] = set()
    i = 0
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
    pairs = [
        a + b
        for lead, nxt in ((lead1, next1), (lead2, next2))
        if not lead.isdisjoint(chars)
        for a in lead & chars
        for b in nxt & chars
    ]
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
    if ("\n" in text and (" \n" in text or "\t\n" in text or "\u00a0\n" in text)) or text.endswith(
        (" ", "\t", "\u00a0")
    ):
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
