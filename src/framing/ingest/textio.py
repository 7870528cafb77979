"""Source files as lines of text, every undecodable byte found with its place.

* :class:`Source` opens a file, plain or compressed (``.gz``, ``.bz2``, ``.xz``: read as they
  stream), and refuses a compressed file or archive that is named like text (gzip, bzip2, xz,
  zstd, ZIP magic bytes), naming the compression;
* :meth:`Source.sample` is what :func:`~framing.ingest.decode.decide_encoding` looks at: the first
  1 MB and, for a larger file, four 256 KB pieces spread through it (cut at line ends), so a file
  whose first megabyte is plain ASCII is still judged by its other bytes;
* :func:`iter_lines` decodes a file line by line (lines end at ``\\n``, ``\\r\\n`` or ``\\r``) in
  bounded memory: a byte the encoding cannot decode, and a NUL byte, becomes a *mark* (a character
  of U+DC00..U+DCFF, which no decoder produces) and is listed with its byte offset, so the reader
  can repair the row (:func:`repair`: each run of marks becomes one U+FFFD), skip it or stop;
* :func:`decode_document` does the same for a whole text or HTML file.

A line longer than :data:`MAX_LINE` bytes is not kept in memory: it comes as a line whose text is
``None``, and the readers treat it as a bad row (JSONL) or an unreadable file (CSV).
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import os
import re
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from .decode import Decision, Unreadable, decide_encoding, declared_charset

BLOCK = 1 << 20
#: The longest line (or CSV field) read, in bytes: 64 MB. A longer one is a bad row (JSONL) or makes
#: the file unreadable (CSV; usually a quote that is never closed).
MAX_LINE = 64 << 20
SAMPLE_HEAD = 1 << 20
SAMPLE_SPREAD = (4, 1 << 18)

#: Compressions read directly when the file name says so (``corpus.csv.gz``).
READABLE_COMPRESSION = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
_OPENERS: dict[str, Callable[..., Any]] = {"gzip": gzip.open, "bzip2": bz2.open, "xz": lzma.open}
_MAGIC = [
    (b"\x1f\x8b", "gzip-compressed"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"(\xb5/\xfd", "zstd-compressed"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
]
_SUFFIX_OF = {"gzip-compressed": ".gz", "bzip2-compressed": ".bz2", "xz-compressed": ".xz"}


class Line(NamedTuple):
    """One physical line: number (1-based), byte offset of its start (in the decompressed stream),
    text with its line end (bad bytes as marks; ``None`` when longer than :data:`MAX_LINE`) and the
    bad bytes ``((offset, bytes), ...)``."""

    no: int
    offset: int
    text: str | None
    bad: tuple


#: A run of marks (undecodable or NUL bytes) in decoded text.
MARKS = re.compile("[\udc00-\udcff]+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def has_marks(text: str) -> bool:
    """Whether ``text`` holds marks or other lone surrogates (it cannot be written as UTF-8)."""
    return not text.isascii() and _SURROGATES.search(text) is not None


def repair(text: str) -> str:
    """``text`` with each run of marks, and each other lone surrogate, replaced by one U+FFFD.

    Examples
    --------
    >>> repair("Kyiv\\udcff\\udcfe said") == "Kyiv\\ufffd said"
    True
    """
    if text.isascii():
        return text
    return _SURROGATES.sub("\ufffd", MARKS.sub("\ufffd", text))


def describe_bad(bad: tuple, limit: int = 3) -> str:
    """``byte 1234 (0xff)``, the first few bad bytes of a row, for messages.

    Examples
    --------
    >>> describe_bad(((12, b"\\xff"), (40, b"\\x00")))
    'byte 12 (0xff), byte 40 (0x00)'
    """
    parts = [f"byte {off} (0x{raw[:8].hex()}{'...' if len(raw) > 8 else ''})" for off, raw in bad[:limit]]
    more = f" and {len(bad) - limit} more" if len(bad) > limit else ""
    return ", ".join(parts) + more


# ------------------------------------------------------------------------------------ the marks
_record = threading.local()


def _mark(exc: UnicodeError):
    """Error handler ``framing-mark``: each undecodable byte becomes the mark U+DC00 + byte, and
    its place is recorded (in this thread's list, when one is set)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    raw = exc.object[exc.start : exc.end]
    found = getattr(_record, "bad", None)
    if found is not None:
        found.append((exc.start, bytes(raw)))
    return "".join(chr(0xDC00 + b) for b in raw), exc.end


codecs.register_error("framing-mark", _mark)


def _decode_marking(raw: bytes, enc: str, base: int) -> tuple[str, list]:
    _record.bad = []
    try:
        text = raw.decode(enc, "framing-mark")
        return text, [(base + off, b) for off, b in _record.bad]
    finally:
        _record.bad = None


def _mark_nul(text: str, raw: bytes, base: int, bad: list) -> str:
    """NUL bytes become marks too (they are not text); ``raw`` is the line's bytes."""
    pos = raw.find(b"\x00")
    while pos >= 0:
        bad.append((base + pos, b"\x00"))
        pos = raw.find(b"\x00", pos + 1)
    bad.sort()
    return text.replace("\x00", "\udc00")


# ------------------------------------------------------------------------------------ sources
def compressed_kind(head: bytes) -> str | None:
    """``gzip-compressed``, ``a ZIP archive`` ... when ``head`` starts with such magic bytes.

    Examples
    --------
    >>> compressed_kind(b"\\x1f\\x8b\\x08\\x00"), compressed_kind(b"text,outlet")
    ('gzip-compressed', None)
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def inner_name(path: Path) -> tuple[str, str | None]:
    """``(name without the compression suffix, compression)``: ``("c.csv", "gzip")`` for ``c.csv.gz``."""
    suffix = path.suffix.lower()
    if suffix in READABLE_COMPRESSION:
        return path.name[: -len(suffix)], READABLE_COMPRESSION[suffix]
    return path.name, None


@dataclass
class Source:
    """A source file to read as text: plain, or compressed when its name ends in ``.gz``, ``.bz2``
    or ``.xz``."""

    path: Path

    @property
    def compression(self) -> str | None:
        return inner_name(self.path)[1]

    def open(self) -> BinaryIO:
        """The file's (decompressed) bytes as a stream; :class:`CorpusError` when it cannot be
        opened, or is compressed without saying so in its name."""
        try:
            fh = open(self.path, "rb")
        except OSError as exc:
            raise Unreadable(
                f"{self.path}: cannot read ({exc.strerror or exc}); check the path and its permissions"
            ) from None
        if self.compression is None:
            kind = compressed_kind(fh.read(8))
            fh.seek(0)
            if kind is not None:
                fh.close()
                suffix = _SUFFIX_OF.get(kind)
                fix = (
                    f"rename it {self.path.name}{suffix} to read it as it is, or decompress it"
                    if suffix
                    else "decompress or extract it and ingest the files inside"
                )
                raise Unreadable(f"{self.path}: is {kind}, not text; {fix}")
            return fh
        return _OPENERS[self.compression](fh, "rb")

    def sample(self) -> bytes:
        """The bytes an encoding is decided on: the first 1 MB and, for a larger plain file, four
        256 KB pieces spread through the rest, each cut at line ends."""
        with self.open() as fh:
            try:
                head = fh.read(SAMPLE_HEAD + 1)
            except READ_ERRORS as exc:
                raise Unreadable(f"{self.path}: cannot read: {read_problem(exc)}") from None
            if len(head) <= SAMPLE_HEAD:
                return head
            head = _cut(head[:SAMPLE_HEAD], start=False)
            if self.compression is not None:
                return head
            size = os.fstat(fh.fileno()).st_size
            pieces = [head]
            n, length = SAMPLE_SPREAD
            if size > SAMPLE_HEAD + n * length:
                step = (size - SAMPLE_HEAD) // n
                for k in range(n):
                    fh.seek(SAMPLE_HEAD + k * step)
                    pieces.append(_cut(fh.read(length), start=True))
            return b"\n".join(p for p in pieces if p)


def _cut(piece: bytes, start: bool) -> bytes:
    """``piece`` from after its first line end (``start``) up to its last line end, so that no
    character is cut (all but UTF-16/32 keep ``\\n`` a byte of its own)."""
    if start:
        first = piece.find(b"\n")
        piece = piece[first + 1 :] if first >= 0 else b""
    last = piece.rfind(b"\n")
    return piece[: last + 1] if last >= 0 else piece


#: What reading a damaged compressed stream (or a file that vanished) raises.
READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)


def read_problem(exc: BaseException) -> str:
    if isinstance(exc, (EOFError, gzip.BadGzipFile, lzma.LZMAError, zlib.error)) or "compressed" in str(exc).lower():
        return f"the compressed data is damaged or cut short ({str(exc)[:80]}); check the file"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}; check the file"
    return f"{type(exc).__name__}; check the file"


# ------------------------------------------------------------------------------------ lines
def _split_bytes(read, block: int = BLOCK, max_line: int = MAX_LINE) -> Iterator[tuple[bytes | None, int]]:
    """``(line, length)`` for each physical line of a byte stream (``line`` with its ``\\n``,
    ``\\r\\n`` or ``\\r``; ``None`` when longer than ``max_line``, its bytes dropped).

    Examples
    --------
    >>> list(_split_bytes(io.BytesIO(b"a\\r\\nb\\rc").read, block=2))
    [(b'a\\r\\n', 3), (b'b\\r', 2), (b'c', 1)]
    """
    pending: list[bytes] = []
    plen = 0
    too_long = pending_cr = False

    def flush():
        nonlocal plen, too_long, pending_cr
        out = (None if too_long else b"".join(pending), plen)
        pending.clear()
        plen, too_long, pending_cr = 0, False, False
        return out

    def add(piece: bytes):
        nonlocal plen, too_long, pending_cr
        plen += len(piece)
        pending_cr = piece.endswith(b"\r")
        if not too_long:
            pending.append(piece)
            if plen > max_line:
                too_long = True
                pending.clear()

    while True:
        data = read(block)
        if not data:
            if plen:
                yield flush()
            return
        pos = 0
        if plen:
            if pending_cr:  # the line ended with "\r" at the previous block's end: "\r\n"?
                if data.startswith(b"\n"):
                    add(b"\n")
                    pos = 1
                yield flush()
            else:  # the pending line goes on in this block
                end = _first_line_end(data)
                if end < 0:
                    add(data)
                    continue
                add(data[:end])
                yield flush()
                pos = end
        lines = (data[pos:] if pos else data).splitlines(keepends=True)
        last = lines.pop() if lines and not lines[-1].endswith(b"\n") else None
        for line in lines:
            yield (line if len(line) <= max_line else None), len(line)
        if last is not None:
            add(last)  # cut by the block's end, or a "\r" that a "\n" may follow


def _first_line_end(data: bytes) -> int:
    """The end (exclusive) of the first line in ``data``, -1 when it has none or ends with a lone
    ``\\r`` at the very end (a ``\\n`` may follow in the next block)."""
    n, r = data.find(b"\n"), data.find(b"\r")
    if r < 0 or (0 <= n < r):
        return n + 1 if n >= 0 else -1
    if r + 1 < len(data):
        return r + 2 if data[r + 1] == 0x0A else r + 1
    return -1


def byte_lines_ok(enc: str) -> bool:
    """Whether ``\\r`` and ``\\n`` bytes always end a line in ``enc`` (all but UTF-16/32 and a few
    stateful codecs), so that a file can be split into lines before decoding."""
    name = codecs.lookup(enc).name
    if name.startswith(("utf-16", "utf-32")) or "2022" in name or name in ("utf-7", "hz"):
        return False
    return True


def iter_lines(fh: BinaryIO, enc: str, start: tuple[int, int] | None = None) -> Iterator[Line]:
    """The lines of the byte stream ``fh`` decoded as ``enc`` (see the module's docstring).
    ``start``: ``(lines before, byte offset)`` when ``fh`` is positioned inside a file (not for
    UTF-16/32).

    Examples
    --------
    >>> [(ln.no, ln.offset, ln.text, ln.bad) for ln in iter_lines(io.BytesIO(b"a\\r\\nb\\xffc\\rd"), "utf-8")]
    [(1, 0, 'a\\r\\n', ()), (2, 3, 'b\\udcffc\\r', ((4, b'\\xff'),)), (3, 7, 'd', ())]
    """
    if not byte_lines_ok(enc):
        yield from _wide_lines(fh, enc)
        return
    first_enc = enc
    if codecs.lookup(enc).name == "utf-8-sig":
        enc = "utf-8"
    no, offset = start or (0, 0)
    if start is not None:
        first_enc = enc
    for raw, length in _split_bytes(fh.read):
        no += 1
        if raw is None:
            yield Line(no, offset, None, ())
            offset += length
            continue
        bad: list = []
        try:
            text = raw.decode(first_enc if no == 1 else enc)
        except UnicodeDecodeError:
            text, bad = _decode_marking(raw, first_enc if no == 1 else enc, offset)
        if b"\x00" in raw:
            text = _mark_nul(text, raw, offset, bad)
        yield Line(no, offset, text, tuple(bad))
        offset += length


_NL_TEXT = re.compile(r"\r\n|\r|\n")


def _wide_lines(fh: BinaryIO, enc: str) -> Iterator[Line]:
    """:func:`iter_lines` for UTF-16/32 (and stateful codecs): decode blocks, then split the text;
    a line's byte offset is measured by encoding it again (marks count one byte each)."""
    decoder = codecs.getincrementaldecoder(enc)("framing-mark")
    head = fh.read(4)
    measure = enc
    bom = 0
    for mark, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if (
            head.startswith(mark)
            and codecs.lookup(enc).name in ("utf-16", "utf-32")
            and name.startswith(codecs.lookup(enc).name)
        ):
            measure, bom = name, len(mark)
            break
    else:
        if codecs.lookup(enc).name in ("utf-16", "utf-32"):
            measure = codecs.lookup(enc).name + "-le"
    errors: deque = deque()  # (offset, bytes), in order, not yet given to a line
    carry = ""
    no, offset, consumed = 0, bom, 0
    data = head
    final = False

    def line_of(text: str) -> Line:
        nonlocal no, offset
        no += 1
        bad: list = []
        n_marks = 0
        if errors:
            n_marks = sum(len(m) for m in MARKS.findall(text))
            while n_marks > 0 and errors:
                off, raw = errors.popleft()
                bad.append((off, raw))
                n_marks -= len(raw)
        plain = MARKS.sub("", text)
        if "\x00" in text:
            base = offset
            for k, ch in enumerate(text):
                if ch == "\x00":
                    bad.append((base + len(MARKS.sub("?", text[:k]).encode(measure, "replace")), b"\x00"))
            bad.sort()
            text = text.replace("\x00", "\udc00")
        length = len(plain.encode(measure, "replace")) + sum(len(m) for m in MARKS.findall(text))
        line = Line(no, offset, text, tuple(bad))
        offset += length
        return line

    while not final:
        more = fh.read(BLOCK)
        final = not more
        data += more
        pending = len(decoder.getstate()[0])
        _record.bad = []
        try:
            text = decoder.decode(data, final=final)
            errors.extend((consumed - pending + off, raw) for off, raw in _record.bad)
        except UnicodeError as exc:  # a codec that refuses the stream as a whole
            raise Unreadable(f"cannot decode as {enc} ({exc}); check the encoding") from None
        finally:
            _record.bad = None
        consumed += len(data)
        data = b""
        text = carry + text
        pos = 0
        for m in _NL_TEXT.finditer(text):  # the line ends: linear, also for one huge line
            if m.end() == len(text) and m.group() == "\r" and not final:
                break  # a "\n" may follow in the next block
            yield line_of(text[pos : m.end()])
            pos = m.end()
        carry = text[pos:]
        if len(carry) > MAX_LINE:
            raise Unreadable("a line longer than 64 MB; check the file")
    if carry:
        yield line_of(carry)


@dataclass
class Document:
    """A whole text file decoded: ``text`` (bad bytes as marks), the encoding decision, the bad
    bytes and the line of the first one."""

    text: str
    decision: Decision
    bad: tuple
    bad_line: int = 0


def decode_document(data: bytes, source: str = "input", encoding: str | None = None, html: bool = False) -> Document:
    """Decide the encoding of one text (or, ``html``, HTML) file and decode it, undecodable and
    NUL bytes as marks (see :func:`repair`) listed in ``bad``.

    Examples
    --------
    >>> doc = decode_document("Київ — столиця. ".encode() * 10 + b"\\xff")
    >>> doc.decision.how, doc.bad, repair(doc.text)[-3:]
    ('mostly utf-8', ((290, b'\\xff'),), '. \\ufffd')
    """
    if not data:
        return Document("", Decision("utf-8", "utf-8"), ())
    decision = decide_encoding(data, source, encoding, declared_charset(data) if html else None)
    lines = list(iter_lines(io.BytesIO(data), decision.encoding))
    bad = tuple(b for ln in lines for b in ln.bad)
    first = next((ln.no for ln in lines if ln.bad), 0)
    return Document("".join(ln.text or "" for ln in lines), decision, bad, first)
