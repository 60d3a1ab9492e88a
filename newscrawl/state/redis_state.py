"""The crawl state on Redis: what every worker of a distributed crawl shares (``NEWSCRAWL_STATE=redis://…``).

Implements newscrawl.state.protocol.CrawlState with the protocol's crash-safety rules, on one Redis database:

- **Batch data** is written only by :meth:`RedisState.commit_batch`, one Lua script (atomic on the server,
  one round trip): the exported marks (``HSETNX``: an article is marked by exactly one worker), their
  aliases and content hashes, the per-site and per-file counts and the batch's near-duplicate rows.
- Before it writes a batch, the export checkpoint **claims** its articles (:meth:`claim`, one script): an
  article already exported, or claimed by another worker's run, is refused and not written, so two workers
  that fetched the same article under different URLs never both export it. Claims are released by the
  commit, by the run's end, or by the recovery of a killed run's files; a claim older than
  ``NEWSCRAWL_CLAIM_TTL`` seconds (default one day) no longer holds (a worker that never came back).
- **Bookkeeping** (aliases of committed articles, drop memory, retry queue, validators, blobs) is buffered
  and sent with the next round trip (any read, commit or file record): as in SQLite, losing it in a kill
  never makes the state claim an article the output lacks.
- The **run log** is per worker (``<prefix>:runs:<worker>``): a worker started again on its output folder
  finds the runs it was killed in (its folder lock proves they are dead) and recovers their files.

Round trips: one per lookup call (a feed's 500 links are one ``HMGET`` pipeline), one per commit, one per file
record. Calls are synchronous on the reactor thread (the protocol is synchronous): on a LAN a round trip
takes a fraction of a millisecond, and batching keeps them per response or per batch, not per key.
Keys and memory: docs/distributed.md.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newscrawl.state import redis_scripts as lua
from newscrawl.state.entries import ExportBatch, utc_iso
from newscrawl.state.entries import now_iso as _now
from newscrawl.state.neardup_match import MAX_CANDIDATES
from newscrawl.state.redis_bookkeeping import RedisBookkeeping, _text
from newscrawl.state.redis_client import DEFAULT_WAIT, RedisUnavailable, Waiting, connect
from newscrawl.state.redis_runs import RedisRunLog

logger = logging.getLogger(__name__)
PREFIX = "newscrawl"
MAX_BUFFERED = 256  # bookkeeping writes held before they are sent on their own
DEFAULT_CLAIM_TTL = 86400.0


class RedisState(RedisRunLog, RedisBookkeeping):
    """Redis-backed crawl state of one worker (``worker``: its id, naming its runs and files)."""

    def __init__(self, url: str, *, worker: str, prefix: str = PREFIX, wait: float = DEFAULT_WAIT,
                 claim_ttl: float = DEFAULT_CLAIM_TTL, lock_dir: Path | None = None):
        from newscrawl.distributed.worker import lock_folder

        self.url, self.worker, self.p, self.claim_ttl = url, worker, prefix, claim_ttl
        self._lock_fh = lock_folder(lock_dir) if lock_dir is not None else None
        self.r = connect(url)
        self.waiting = Waiting(url, wait)
        self.scripts = {name: self.r.register_script(getattr(lua, name)) for name in
                        ("COMMIT", "CLAIM", "RELEASE", "MARK_RETRY", "CLEAR_RETRY", "ND_CANDIDATES", "ND_EVICT")}
        self._writes: list[Callable[[Any], Any]] = []
        self._neardup: Any = None
        self._own_files: dict[str, dict[str, str]] = {}  # run -> {path: site} recorded by this process
        try:
            self.waiting(self.r.ping)
        except RedisUnavailable:
            self._release_lock()
            raise

    @classmethod
    def from_settings(cls, settings: Any, output_dir: Path) -> RedisState:
        from newscrawl.distributed.worker import worker_id

        return cls(settings.get("NEWSCRAWL_STATE"), worker=worker_id(settings, output_dir),
                   prefix=settings.get("NEWSCRAWL_REDIS_PREFIX") or PREFIX,
                   wait=settings.getfloat("NEWSCRAWL_REDIS_WAIT", DEFAULT_WAIT),
                   claim_ttl=settings.getfloat("NEWSCRAWL_CLAIM_TTL", DEFAULT_CLAIM_TTL), lock_dir=output_dir)

    def key(self, *parts: str) -> str:
        return ":".join((self.p, *parts))

    # -- round trips: buffered bookkeeping goes out first, in the same pipeline
    def _write(self, op: Callable[[Any], Any]) -> None:
        self._writes.append(op)
        if len(self._writes) >= MAX_BUFFERED:
            self.flush()

    def _roundtrip(self, *reads: Callable[[Any], Any]) -> list[Any]:
        writes = list(self._writes)

        def go() -> list[Any]:
            pipe = self.r.pipeline(transaction=False)
            for op in (*writes, *reads):
                op(pipe)
            return pipe.execute()

        results = self.waiting(go)
        del self._writes[:len(writes)]
        return results[len(writes):]

    def _script(self, name: str, args: list[Any]) -> Callable[[Any], Any]:
        return lambda pipe: self.scripts[name](keys=[], args=[self.p, *args], client=pipe)

    def flush(self) -> None:
        """Send the buffered bookkeeping (never batch data: that waits for ``commit_batch``)."""
        if self._writes:
            self._roundtrip()

    def commit_batch(self, batch: ExportBatch) -> None:
        """The export checkpoint's one atomic step: marks, aliases, content hashes, counts, index rows."""
        index = self._neardup
        rows = index.take([mark.article_id for mark in batch.marks]) if index is not None else []
        _, written = self._commit(batch, rows)
        if index is not None:
            index.committed(written)

    def _commit(self, batch: ExportBatch, rows: list[tuple[dict[str, Any], list[Any]]]) -> tuple[int, int]:
        header: dict[str, Any] = {"worker": self.worker, "run": batch.run_id, "now": _now(), "marks": [],
                                  "nd": [row for row, _ in rows], "max_candidates": MAX_CANDIDATES}
        for mark in batch.marks:
            header["marks"].append({"k": mark.url_key, "id": mark.article_id, "site": mark.site,
                                    "hash": mark.content_hash or "", "file": mark.file,
                                    "pub": utc_iso(mark.published) or "", "aliases": sorted(mark.aliases)})
        args: list[Any] = [json.dumps(header, ensure_ascii=False)]
        for _, extra in rows:
            args.extend(extra)
        [(newly, written)] = self._roundtrip(self._script("COMMIT", args))
        return int(newly), int(written)

    def claim(self, run_id: str, entries: list[tuple[str, str, list[str]]]) -> set[str]:
        """Claim (article id, url key, other url keys) for this run's next write; the ids refused (exported, or
        claimed by another run's checkpoint)."""
        if not entries:
            return set()
        [refused] = self._roundtrip(self._script("CLAIM", [run_id, time.time(), self.claim_ttl,
                                                            json.dumps(entries, ensure_ascii=False)]))
        return {_text(r) for r in refused}

    def release_claims(self, run_id: str) -> None:
        self._roundtrip(self._script("RELEASE", [run_id]))

    def _release_lock(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None

    def close(self) -> None:
        try:
            self.flush()
        except RedisUnavailable as exc:
            logger.error("bookkeeping not saved (Redis unavailable): %s", exc)
        finally:
            self.r.close()
            self._release_lock()

    def __enter__(self) -> RedisState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles
    def is_exported(self, url_key: str) -> bool:
        return self.exported_id(url_key) is not None

    def exported_id(self, url_key: str) -> str | None:
        return self.exported_ids([url_key]).get(url_key)

    def exported_ids(self, url_keys: Iterable[str]) -> dict[str, str]:
        return self._hmget_many(("aliases", "exported"), url_keys)  # the exported row (read last) wins

    def mark_alias(self, url_key: str, article_id: str) -> None:
        self._write(lambda pipe: pipe.hsetnx(self.key("aliases"), url_key, article_id))

    def exported_count(self, site: str | None = None) -> int:
        if site:
            [value] = self._roundtrip(lambda pipe: pipe.hget(self.key("exported:sites"), site))
            return int(value or 0)
        [value] = self._roundtrip(lambda pipe: pipe.hlen(self.key("exported")))
        return int(value)

    def copies_of(self, content_hash: str) -> list[tuple[str, str, str | None]]:
        [raw] = self._roundtrip(lambda pipe: pipe.hget(self.key("content"), content_hash))
        if raw is None:
            return []
        copies = json.loads(raw)
        copies.sort(key=lambda c: (not c[2], c[2] or "", c[3], c[4]))
        return [(c[0], c[1], c[2] or None) for c in copies]

    def exported_by_file(self) -> list[tuple[str, str, int]]:
        """(site, file, records) of everything this worker exported (its output folder's files)."""
        [rows] = self._roundtrip(lambda pipe: pipe.hgetall(self.key("files", self.worker)))
        out = []
        for field, n in rows.items():
            site, _, file = _text(field).partition("\t")
            out.append((site, file, int(n)))
        return sorted(out)

    # -- near-duplicate index
    def neardup_index(self, **options: Any) -> Any:
        if self._neardup is None:
            from newscrawl.state.redis_neardup import RedisNearDupIndex

            self._neardup = RedisNearDupIndex(self, **options)
        return self._neardup

    def neardup_summary(self) -> tuple[int, int] | None:
        exists, docs, clusters = self._roundtrip(lambda pipe: pipe.exists(self.key("nd", "params")),
                                                 lambda pipe: pipe.hlen(self.key("nd", "ids")),
                                                 lambda pipe: pipe.hlen(self.key("nd", "clusters")))
        return (int(docs), int(clusters)) if exists else None
