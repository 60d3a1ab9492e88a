"""What the export checkpoint asks of a shared state: each article written by exactly one worker.

Two workers may fetch one article under two URLs (a feed link and its canonical URL, an AMP twin) and both
reach their export checkpoint with it. Before writing a batch, the checkpoint claims its articles
(``RedisState.claim``, one atomic script): an article another worker exported or is exporting right now is
refused, counted ``distributed/claimed_elsewhere`` and not written. A state without claims (SQLite: one process
at a time) leaves the batch as it is. Worker file names carry the worker id (``<day>.<worker>.jsonl``) so that
the workers' folders can be merged (``python -m newscrawl merge``).
"""

from __future__ import annotations

from typing import Any

from newscrawl.stats import count
from newscrawl.urls import url_key


def file_tag(state: Any) -> str:
    """``.<worker id>`` for a worker of a distributed crawl, else nothing."""
    worker = getattr(state, "worker", None)
    return f".{worker}" if worker else ""


def _keys(adapter: Any) -> tuple[str, list[str]]:
    own = url_key(adapter["canonical_url"])
    others = set()
    for url in (adapter.get("url"), *(adapter.get("requested_urls") or ())):
        try:
            others.add(url_key(url)) if url else None
        except ValueError:
            continue
    return own, sorted(others - {own})


def claimed(state: Any, run_id: str, batch: list[Any], stats: Any, neardup_index: Any = None) -> list[Any]:
    """The items of the batch this run may write (all of them when the state has no claims)."""
    claim = getattr(state, "claim", None)
    if claim is None or not batch:
        return batch
    refused = claim(run_id, [(adapter["id"], *_keys(adapter)) for adapter in batch])
    if not refused:
        return batch
    kept = []
    for adapter in batch:
        if adapter["id"] not in refused:
            kept.append(adapter)
            continue
        count(stats, adapter.get("site"), "distributed/claimed_elsewhere")
        if neardup_index is not None:
            neardup_index.discard(adapter["id"])
    return kept
