"""A worker's identity and its output folder's lock.

Each worker of a distributed crawl writes into its own output folder (``NEWSCRAWL_OUTPUT_DIR``); its id
(``NEWSCRAWL_WORKER_ID``, default ``<hostname>-<4 hex digits>`` made once and kept in ``<output>/worker-id``)
names its files (``<day>.<worker>.jsonl``) and its runs in the shared state, so that a worker started again
on the same folder finds the runs it was killed in and recovers their files. A lock file (flock, released by
the kernel when the holder dies) keeps a second process off the same folder.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from newscrawl.state.entries import StateLocked

ID_FILE = "worker-id"
LOCK_FILE = "worker.lock"


def sanitize(name: str) -> str:
    """Letters, digits, ``_`` and ``-`` only (a file-name part without dots; at most 40 characters)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:40] or "worker"


def worker_id(settings: Any, output_dir: Path) -> str:
    given = settings.get("NEWSCRAWL_WORKER_ID") if settings is not None else None
    if given:
        return sanitize(str(given))
    path = output_dir / ID_FILE
    if path.exists():
        return sanitize(path.read_text(encoding="utf-8").strip())
    made = sanitize(f"{socket.gethostname().split('.')[0]}-{secrets.token_hex(2)}")
    output_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(made + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return made


def lock_folder(output_dir: Path) -> IO[str]:
    """Hold ``<output>/worker.lock`` for the whole run; StateLocked when another process holds it."""
    output_dir.mkdir(parents=True, exist_ok=True)
    fh = open(output_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "another process"
        fh.close()
        raise StateLocked(f"output folder {output_dir} is in use by {holder}; give each worker its own "
                          "NEWSCRAWL_OUTPUT_DIR") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"pid {os.getpid()} since {datetime.now(UTC).isoformat(timespec='seconds')}")
    fh.flush()
    return fh
