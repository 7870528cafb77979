"""Working folders owned by a process, so that the next run can remove what a killed run left.

A report run builds in ``reports/<suite>/.tmp-<run-id>/`` and a streamed ingest keeps its texts in
``.framing-ingest-*/``; a run killed by SIGKILL or a power cut cannot clean up. Each such folder
holds an owner record — the process id, the process's start time (from ``/proc/<pid>/stat``, which
with the pid names one process even after the pid is reused), the host and a start timestamp — and a
later run removes the folder only when :func:`owner_alive` says its process has ended. A run on
another machine (a shared folder) cannot be checked from here and counts as alive.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import secrets
import shutil
import socket
from pathlib import Path
from typing import Any


def process_start(pid: int) -> str | None:
    """Start time of process ``pid`` (clock ticks after boot, ``/proc/<pid>/stat`` field 22):
    ``""`` for a zombie (killed, not yet reaped), ``None`` where there is no such process (or no
    ``/proc``).

    Examples
    --------
    >>> bool(process_start(os.getpid())), process_start(2**22 + 12345)
    (True, None)
    """
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
        fields = data[data.rindex(b")") + 2 :].split()
    except (OSError, ValueError):
        return None
    if len(fields) < 20:
        return None
    return "" if fields[0] in (b"Z", b"X") else fields[19].decode("ascii", "replace")


def owner_record() -> dict[str, Any]:
    """The record of this process: ``pid, start, host, token, started_utc``."""
    pid = os.getpid()
    return {
        "pid": pid,
        "start": process_start(pid),
        "host": socket.gethostname(),
        "token": secrets.token_hex(8),
        "started_utc": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def write_owner(folder: Path, name: str) -> None:
    """Write this process's record as ``folder/name`` (raises ``OSError``)."""
    (folder / name).write_text(json.dumps(owner_record()) + "\n", encoding="utf-8")


def read_owner(folder: Path, name: str) -> dict[str, Any] | None:
    """The owner record in ``folder/name``, or ``None`` when there is none or it is unreadable."""
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def owner_alive(owner: dict[str, Any]) -> bool:
    """Whether the process that wrote ``owner`` may still be running. A record without a usable pid
    is a dead one (nothing could check it); a run on another host counts as alive.

    Examples
    --------
    >>> owner_alive(owner_record()), owner_alive({"pid": 2**22 + 12345, "host": socket.gethostname()})
    (True, False)
    """
    pid = owner.get("pid")
    if isinstance(pid, bool) or not isinstance(pid, int) or pid <= 0:
        return False
    if owner.get("host") != socket.gethostname():
        return True
    if Path("/proc/self/stat").exists():
        now = process_start(pid)
        return bool(now) and owner.get("start") in (None, now)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists (another user's)
    return True


def discard(folder: Path) -> None:
    """Remove a folder by first renaming it to ``.dead-<random>`` beside it (atomic: no one else goes
    on building in it), then deleting it."""
    doomed = folder.with_name(f".dead-{secrets.token_hex(6)}")
    os.rename(folder, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (best effort)."""
    total = 0
    for root, _dirs, names in os.walk(folder):
        for f in names:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total
