"""After a killed run: make its files whole and the state agree with them, before anything is written."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newscrawl.state import StateStore
from newscrawl.urls import alias_keys, url_key

logger = logging.getLogger(__name__)


def truncate_partial_line(path: Path) -> int:
    """Cut a last line that lacks its newline (a write interrupted by SIGKILL); bytes removed."""
    with path.open("rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        pos, chunk = size, b""
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            chunk = fh.read(step)
            if pos == size and chunk.endswith(b"\n"):
                return 0
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = pos - step + newline + 1
                break
            pos -= step
        else:
            keep = 0
        fh.truncate(keep)
        fh.flush()
        os.fsync(fh.fileno())
        return size - keep


def recover_killed_runs(state: StateStore, crawler: Any = None,
                        on_record: Callable[[dict[str, Any]], None] | None = None) -> int:
    """Repair the JSONL files of runs that never ended; mark their complete records exported.

    ``on_record`` sees each record marked here (the near-duplicate index adds it), inside the same state
    transaction as the marks."""
    marked = 0
    for run_id, site, path_str in state.unrecovered_killed_files():
        path = Path(path_str)
        if not path.exists() or path.suffix != ".jsonl":
            continue
        cut = truncate_partial_line(path)
        if cut:
            logger.warning("removed a partial last line (%d bytes) from %s left by killed run %s", cut, path,
                           run_id)
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                key = url_key(record["canonical_url"])
                if not state.is_exported(key):
                    state.mark_exported(key, record["id"], site, record.get("content_hash"), path_str, run_id,
                                        record.get("published"))
                    for alias in alias_keys(record["canonical_url"], [record.get("url")]):
                        state.mark_alias(alias, record["id"])
                    if on_record is not None:
                        on_record(record)
                    marked += 1
        state.db.execute("UPDATE runs SET ended = 'recovered' WHERE run_id = ? AND ended IS NULL", (run_id,))
    state.commit()
    if marked:
        logger.warning("recovered %d exported record(s) written by killed runs", marked)
    return marked
