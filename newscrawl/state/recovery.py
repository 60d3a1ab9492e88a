"""After a killed run: make its files whole and the state agree with them, before anything is written."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from newscrawl.state.entries import ExportBatch, ExportMark
from newscrawl.state.protocol import CrawlState
from newscrawl.textnorm import normalize_arabic
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


def recover_killed_runs(state: CrawlState, neardup_index: Any | None = None) -> int:
    """Repair the JSONL files of runs that never ended; mark their complete records exported.

    Each killed run is recovered in one batch commit: the marks and, when ``neardup_index`` is given, each
    record's near-duplicate row under the cluster it was written with (the rows of its last batch died with
    the killed run's uncommitted transaction)."""
    marked = 0
    by_run: dict[str, list[tuple[str, str]]] = {}
    for run_id, site, path_str in state.unrecovered_killed_files():
        by_run.setdefault(run_id, []).append((site, path_str))
    for run_id, files in by_run.items():
        batch = ExportBatch(run_id)
        for site, path_str in files:
            path = Path(path_str)
            if not path.exists() or path.suffix != ".jsonl":
                continue
            cut = truncate_partial_line(path)
            if cut:
                logger.warning("removed a partial last line (%d bytes) from %s left by killed run %s", cut, path,
                               run_id)
            with path.open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh]
            keys = [url_key(record["canonical_url"]) for record in records]
            exported = state.exported_ids(keys)
            for key, record in zip(keys, records, strict=True):
                if key in exported:
                    continue
                exported[key] = record["id"]
                batch.marks.append(ExportMark(key, record["id"], site, record.get("content_hash"), path_str,
                                              record.get("published"),
                                              frozenset(alias_keys(record["canonical_url"], [record.get("url")]))))
                if neardup_index is not None:
                    normalized = record.get("text_normalized") or normalize_arabic(record.get("text") or "")
                    neardup_index.restore(record["id"], normalized, site, record.get("cluster_id") or record["id"])
        state.commit_batch(batch)
        state.mark_run_recovered(run_id)
        marked += len(batch.marks)
    if marked:
        logger.warning("recovered %d exported record(s) written by killed runs", marked)
    return marked
