"""Per-crawl shared objects (the state store, the run id), created once and cached on the crawler."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.state import StateStore


def output_dir(settings: Any) -> Path:
    return Path(settings.get("NEWSCRAWL_OUTPUT_DIR") or "output")


def crawl_state(crawler: Any) -> StateStore:
    """The crawl's one StateStore (NEWSCRAWL_STATE_PATH, default output/state.sqlite3)."""
    store = getattr(crawler, "_newscrawl_state", None)
    if store is None:
        path = crawler.settings.get("NEWSCRAWL_STATE_PATH") or output_dir(crawler.settings) / "state.sqlite3"
        store = StateStore(path)
        crawler._newscrawl_state = store
        # Opening the state starts the run: runs that never ended are recognised as killed here.
        crawler._newscrawl_killed_runs = store.start_run(run_id(crawler), str(manifest_path(crawler)))
    return store


def manifest_path(crawler: Any) -> Path:
    return output_dir(crawler.settings) / "runs" / f"{run_id(crawler)}.json"


def run_id(crawler: Any) -> str:
    """A sortable id for this run, e.g. 20261129T083000Z-4711-9f3a."""
    rid = getattr(crawler, "_newscrawl_run_id", None)
    if rid is None:
        rid = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}-{secrets.token_hex(2)}"
        crawler._newscrawl_run_id = rid
    return rid
