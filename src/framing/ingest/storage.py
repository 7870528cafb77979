"""Where an ingest keeps its documents' texts and shingles between the passes of
:mod:`framing.ingest.pipeline`: in memory (:class:`MemoryStorage`, :func:`~framing.ingest.ingest_sources`)
or in temporary files read back by position (:class:`DiskStorage`, :func:`~framing.ingest.ingest_stream`).

Both hold the same things, so the pipeline is written once:

* text stores (:meth:`Storage.texts`): the decoded and the cleaned texts as read, the final texts,
  the final texts of copies that lost an injected headline, the ``furniture_removed`` records;
* a shingle store (:meth:`Storage.shingles`): the shingle hashes of each distinct text, for the
  exact containment checks of near-duplicate detection;
* :meth:`Storage.overlap`: the shared-shingle counter over those (in memory it may number every
  shingle once, which is faster on corpora whose texts resemble many others; on disk it never does,
  as that would hold every shingle in memory);
* :attr:`Storage.originals_kept`: how many originals' texts the injected-headline check keeps at a
  time (all in memory; a few hundred when streaming).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from .dedup import _Overlap


class Shingled(Protocol):
    """``rep -> its shingle hashes`` (a dict, or arrays read from a file when asked)."""

    def __getitem__(self, rep: int) -> np.ndarray: ...


class TextStore(Protocol):
    """Strings appended in order and read back by position."""

    def append(self, texts: Iterable[str]) -> None: ...

    def __getitem__(self, i: int) -> str: ...

    def close(self) -> None: ...


class ShingleStore(Protocol):
    """Sorted unique shingle hashes of distinct texts (units), added in unit order and read back by unit."""

    def add(self, sh: np.ndarray) -> None: ...

    def done(self) -> None:
        """No more units: what was added can be read."""
        ...

    def __getitem__(self, unit: int) -> np.ndarray: ...

    def close(self) -> None: ...


class Storage(Protocol):
    """What an ingest keeps between its passes, and where."""

    originals_kept: int | None  # originals held at a time by the injected-headline check (None: all)

    def texts(self, name: str) -> TextStore:
        """A new text store (``name``: what it holds, e.g. ``"final"``)."""
        ...

    def shingles(self) -> ShingleStore:
        """A new shingle store."""
        ...

    def overlap(self, arrays: Shingled, indexed: list[int]) -> _Overlap:
        """The shared-shingle counter over ``arrays`` (representative -> shingles) of the ``indexed`` representatives."""
        ...

    def chunk_read(self) -> None:
        """A chunk of the sources has been stored (a chance to give memory back)."""
        ...


# ------------------------------------------------------------------------------------------ memory
class TextList:
    """A text store in memory."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def append(self, texts: Iterable[str]) -> None:
        self.items.extend(texts)

    def __getitem__(self, i: int) -> str:
        return self.items[i]

    def close(self) -> None:
        self.items = []


class ShingleList:
    """A shingle store in memory."""

    def __init__(self) -> None:
        self.items: list[np.ndarray] = []

    def add(self, sh: np.ndarray) -> None:
        self.items.append(sh)

    def done(self) -> None:
        pass

    def __getitem__(self, unit: int) -> np.ndarray:
        return self.items[unit]

    def close(self) -> None:
        self.items = []


class MemoryStorage:
    """Everything in memory (:func:`~framing.ingest.ingest_sources`)."""

    originals_kept: int | None = None

    def texts(self, name: str) -> TextStore:
        return TextList()

    def shingles(self) -> ShingleStore:
        return ShingleList()

    def overlap(self, arrays: Shingled, indexed: list[int]) -> _Overlap:
        return _Overlap({rep: arrays[rep] for rep in indexed})

    def chunk_read(self) -> None:
        pass


# -------------------------------------------------------------------------------------------- disk
class TextFile:
    """A text store in a file: strings appended as UTF-8 and read back by position."""

    def __init__(self, path: Path):
        self.fh: BinaryIO = open(path, "w+b")
        self.offsets = array("q", [0])

    def append(self, texts: Iterable[str]) -> None:
        self.fh.seek(0, os.SEEK_END)
        for t in texts:
            data = t.encode("utf-8", "surrogatepass")
            self.fh.write(data)
            self.offsets.append(self.offsets[-1] + len(data))

    def __getitem__(self, i: int) -> str:
        a, b = self.offsets[i], self.offsets[i + 1]
        self.fh.seek(a)
        return self.fh.read(b - a).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        self.fh.close()


class ShingleFile:
    """A shingle store in a file (8 bytes a shingle), read back by unit once :meth:`done`."""

    def __init__(self, path: Path):
        self.path = path
        self.fh: BinaryIO = open(path, "wb")
        self.start = array("q", [0])

    def add(self, sh: np.ndarray) -> None:
        self.fh.write(sh.tobytes())
        self.start.append(self.start[-1] + len(sh))

    def done(self) -> None:
        self.fh.close()
        self.fh = open(self.path, "rb")

    def __getitem__(self, unit: int) -> np.ndarray:
        a, b = self.start[unit], self.start[unit + 1]
        self.fh.seek(a * 8)
        return np.frombuffer(self.fh.read((b - a) * 8), dtype=np.uint64)

    def close(self) -> None:
        self.fh.close()


class DiskStorage:
    """Texts and shingles in files of the folder ``tmp`` (:func:`~framing.ingest.ingest_stream`):
    what stays in memory is small per document."""

    originals_kept: int | None = 256  # a few originals at a time: bounded memory

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.used: dict[str, int] = {}

    def _path(self, name: str) -> Path:
        n = self.used[name] = self.used.get(name, -1) + 1
        return self.tmp / (name if n == 0 else f"{name}-{n}")

    def texts(self, name: str) -> TextStore:
        return TextFile(self._path(name))

    def shingles(self) -> ShingleStore:
        return ShingleFile(self._path("shingles"))

    def overlap(self, arrays: Shingled, indexed: list[int]) -> _Overlap:
        return _Overlap(arrays, number=False)

    def chunk_read(self) -> None:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()  # Arrow keeps freed buffers otherwise: RSS would grow per chunk
