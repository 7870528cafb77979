"""Writing outputs safely: never over an input, never half a file, one clear line when it cannot be done.

Every command that writes a file goes through this module:

* :func:`guard_output` refuses, before anything is read, an output path that resolves to one of the
  command's inputs (through symlinks, ``..`` or hard links) or lies inside an input folder, and an
  output that is a folder, lies below a file, or sits in a folder that cannot be written;
* :func:`atomic_write` writes to a temporary file of its own in the target's folder and renames it
  into place only when it is complete, so a failed or killed run leaves the previous file (or none);
  an operating-system failure (disk full, read-only, permission) becomes one
  :class:`~framing.errors.OutputError` line naming the path and the fix.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

_FIXES = {
    errno.ENOSPC: "the disk is full; free space or write elsewhere",
    errno.EDQUOT: "the disk quota is exceeded; free space or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.EACCES: "permission denied; write elsewhere or change the folder's permissions",
    errno.EPERM: "permission denied; write elsewhere or change the folder's permissions",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EISDIR: "it is a folder; name a file inside it",
    errno.ENAMETOOLONG: "the name is too long; choose a shorter path",
}


def os_problem(exc: OSError) -> str:
    """A short reason and fix for an operating-system error (``disk full``, ``read-only`` …).

    Examples
    --------
    >>> os_problem(OSError(28, "No space left on device"))
    'the disk is full; free space or write elsewhere'
    """
    return _FIXES.get(exc.errno or 0, f"{exc.strerror or exc}; check the path and its permissions")


def _resolve(path: str | os.PathLike) -> Path:
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path)))).resolve()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def writable_target(path: str | os.PathLike, flag: str = "--out", folder: bool = False) -> Path:
    """Check that ``path`` can be created or replaced; return it resolved.

    ``folder=True``: the output is a folder (it may exist, as a folder). Otherwise an existing
    folder at ``path`` is refused. The nearest existing ancestor must be a folder that this process
    may write to (``os.access``; a read-only mount is caught when writing).
    """
    p = Path(os.path.expanduser(os.fspath(path)))
    if str(path) == "":
        raise OutputError(f"{flag}: empty path; name a file to write")
    if p.exists():
        if folder and not p.is_dir():
            raise OutputError(f"{flag} {path}: is a file, not a folder; name a folder (it is created if missing)")
        if not folder and p.is_dir():
            raise OutputError(f"{flag} {path}: is a folder; name a file, e.g. {Path(path) / 'out.csv'}")
    ancestor = p.parent if not p.exists() or not folder else p
    ancestor = Path(os.path.abspath(ancestor))
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(
            f"{flag} {path}: {ancestor} is a file, so nothing can be written below it; choose another path"
        )
    check = p if (folder and p.is_dir()) else ancestor
    if not os.access(check, os.W_OK | os.X_OK):
        raise OutputError(f"{flag} {path}: {check} is not writable; write elsewhere or change its permissions")
    return _resolve(p)


def guard_output(
    outputs: str | os.PathLike | Iterable[str | os.PathLike],
    inputs: Iterable[str | os.PathLike | None],
    flag: str = "--out",
    folder: bool = False,
) -> None:
    """Refuse to write where an input is: raise :class:`OutputError` if an output resolves to an
    input (same path after symlinks and ``..``, or the same file by hard link), lies inside an input
    folder, or (``folder=True``) is a folder holding an input. Also checks each output with
    :func:`writable_target`. Call it before reading anything.

    Examples
    --------
    >>> guard_output("corpus.csv", ["corpus.csv"])
    Traceback (most recent call last):
    ...
    framing.errors.OutputError: --out corpus.csv: is the input corpus.csv; write the output to another file
    """
    if isinstance(outputs, (str, os.PathLike)):
        outputs = [outputs]
    ins = [(i, _resolve(i)) for i in inputs if i is not None and str(i) != ""]
    for out in outputs:
        o = _resolve(out)
        for given, i in ins:
            if o == i or (o.exists() and i.exists() and _same_file(o, i)):
                raise OutputError(f"{flag} {out}: is the input {given}; write the output to another file")
            if i.is_dir() and o.is_relative_to(i):
                raise OutputError(f"{flag} {out}: is inside the input folder {given}; write the output outside it")
            if folder and i.is_relative_to(o) and o != i:
                raise OutputError(f"{flag} {out}: holds the input {given}; write the output to another folder")
        writable_target(out, flag, folder=folder)


def umask() -> int:
    """This process's umask, read without changing it where ``/proc`` allows (``os.umask`` can only
    read it by setting it, which races with other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_beside(path: Path) -> Path:
    """A new temporary file beside ``path`` with the mode a plain ``open()`` gives (mkstemp makes it
    private, 0600, which would hide reports and tables from colleagues and web servers)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask())
    finally:
        os.close(fd)
    return Path(name)


@contextmanager
def atomic_path(path: str | os.PathLike, flag: str = "--out") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on a clean exit rename it onto ``path``.

    The temporary file has a name of its own (two processes never share one) and is removed on any
    error or interrupt. ``OSError`` (disk full, read-only, below a file) becomes :class:`OutputError`.

    Examples
    --------
    >>> with atomic_path("reports/table.csv") as tmp:  # doctest: +SKIP
    ...     df.to_csv(tmp)
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_beside(path)
        except OSError as exc:
            raise OutputError(f"{flag} {path}: cannot write: {os_problem(exc)}") from None
        yield tmp
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(f"{flag} {path}: cannot write: {os_problem(exc)}") from None
    except OSError as exc:  # raised while writing the temporary file
        raise OutputError(f"{flag} {path}: cannot write: {os_problem(exc)}") from None
    finally:
        if tmp is not None and tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object], flag: str = "--out") -> Path:
    """``write(tmp)`` a temporary file and rename it onto ``path`` when complete; return ``path``.

    Examples
    --------
    >>> atomic_write("out.csv", lambda tmp: df.to_csv(tmp, index=False))  # doctest: +SKIP
    PosixPath('out.csv')
    """
    with atomic_path(path, flag) as tmp:
        write(tmp)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, flag: str = "--out") -> Path:
    """Write ``text`` (UTF-8) atomically; see :func:`atomic_write`."""
    return atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), flag)
