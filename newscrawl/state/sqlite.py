"""The crawl state: one SQLite file remembering what earlier runs did.

Holds the article URLs already exported (by dedup key), the content hashes of exported texts (to link
republished copies to the first), the validators of feeds and sitemaps (ETag, Last-Modified, lastmod),
the article URLs to ask for again (failed for a passing reason), small JSON blobs (learned boilerplate,
near-duplicate index) and the run log. One connection, used from the Twisted reactor thread only. WAL mode
so a SIGKILL never corrupts it; a lock file (flock) keeps a second run on the same state out, and the
kernel releases it when the holder dies.

Implements newscrawl.state.protocol.CrawlState; its transaction rules are the protocol's: batch data only in
``commit_batch``, bookkeeping in an open transaction committed at the next commit, the run log and file
records at once. The only SQL of the crawl is here, in ``state/sqlite_runs.py``,
``state/sqlite_bookkeeping.py`` and ``state/neardup.py``.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newscrawl.state.entries import ExportBatch, StateLocked, utc_iso
from newscrawl.state.entries import now_iso as _now
from newscrawl.state.sqlite_bookkeeping import CHUNK as _CHUNK
from newscrawl.state.sqlite_bookkeeping import SqliteBookkeeping
from newscrawl.state.sqlite_runs import SqliteRunLog

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exported (
    url_key TEXT PRIMARY KEY, article_id TEXT NOT NULL, site TEXT NOT NULL,
    content_hash TEXT, file TEXT, run_id TEXT, exported_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aliases (url_key TEXT PRIMARY KEY, article_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dropped (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, reason TEXT NOT NULL, dropped_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS content (
    content_hash TEXT NOT NULL, site TEXT NOT NULL, article_id TEXT NOT NULL, published TEXT,
    first_seen TEXT NOT NULL, PRIMARY KEY (content_hash, site));
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, lastmod TEXT, checked_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS retry (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, reason TEXT NOT NULL, attempts INTEGER NOT NULL,
    discovered_via TEXT, last_failed TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS retry_by_site ON retry (site);
CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_files (
    run_id TEXT NOT NULL, site TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (run_id, path));
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, started TEXT NOT NULL, ended TEXT, outcome TEXT NOT NULL, manifest TEXT);
"""


class SqliteState(SqliteRunLog, SqliteBookkeeping):
    """SQLite-backed crawl state. Use as a context manager or call ``close()``."""

    def __init__(self, path: str | Path, *, lock: bool = True):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fh = None
        if lock:
            self._lock_fh = open(f"{self.path}.lock", "a+")  # noqa: SIM115 - held for the whole run
            try:
                fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._lock_fh.seek(0)
                holder = self._lock_fh.read().strip() or "another process"
                self._lock_fh.close()
                raise StateLocked(
                    f"crawl state {self.path} is in use by {holder}; wait for that run to finish"
                ) from None
            self._lock_fh.seek(0)
            self._lock_fh.truncate()
            self._lock_fh.write(f"pid {os.getpid()} since {_now()}")
            self._lock_fh.flush()
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)
        self._in_tx = False
        self._neardup: Any = None

    # -- transactions (see the module docstring): private, so that no caller commits what is not its own
    def _begin(self) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN")
            self._in_tx = True

    def _commit(self) -> None:
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    def flush(self) -> None:
        """Commit the bookkeeping written so far (never batch data: that waits for ``commit_batch``)."""
        self._commit()

    def commit_batch(self, batch: ExportBatch) -> None:
        """The export checkpoint's one transaction, after its lines are fsynced: the exported marks, the
        aliases and content hashes of those articles, and their near-duplicate rows."""
        self._begin()
        for mark in batch.marks:
            self.db.execute("INSERT OR IGNORE INTO exported VALUES (?,?,?,?,?,?,?)",
                            (mark.url_key, mark.article_id, mark.site, mark.content_hash, mark.file, batch.run_id,
                             _now()))
            if mark.content_hash:
                self.db.execute("INSERT OR IGNORE INTO content VALUES (?,?,?,?,?)",
                                (mark.content_hash, mark.site, mark.article_id, utc_iso(mark.published), _now()))
            self.db.executemany("INSERT OR IGNORE INTO aliases VALUES (?,?)",
                                [(alias, mark.article_id) for alias in sorted(mark.aliases) if alias != mark.url_key])
        if self._neardup is not None:
            self._neardup.flush([mark.article_id for mark in batch.marks])
        self._commit()

    def close(self) -> None:
        self._commit()
        self.db.close()
        if self._lock_fh:
            self._lock_fh.close()
            self._lock_fh = None

    def __enter__(self) -> SqliteState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles
    def is_exported(self, url_key: str) -> bool:
        """Whether an article with this URL key was exported, under its canonical URL or another URL that
        led to it (an alias: the link a feed gave, a redirect, the URL fetched)."""
        return self.exported_id(url_key) is not None

    def exported_id(self, url_key: str) -> str | None:
        return self.exported_ids([url_key]).get(url_key)

    def exported_ids(self, url_keys: Iterable[str]) -> dict[str, str]:
        """{url key: article id} for the keys an exported article has (as canonical URL or alias): one query
        per chunk of keys, so a feed of 500 links costs one round trip, not 500."""
        keys = list(dict.fromkeys(url_keys))
        found: dict[str, str] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, article in self.db.execute(
                    f"SELECT url_key, article_id FROM aliases WHERE url_key IN ({marks}) UNION ALL "
                    f"SELECT url_key, article_id FROM exported WHERE url_key IN ({marks})", (*chunk, *chunk)):
                found[key] = article  # the exported row (read last) wins over an alias row
        return found

    def mark_alias(self, url_key: str, article_id: str) -> None:
        """Another URL key of an article an earlier run exported (bookkeeping: that article is committed)."""
        self._begin()
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?)", (url_key, article_id))

    def exported_count(self, site: str | None = None) -> int:
        sql, args = "SELECT COUNT(*) FROM exported", ()
        if site:
            sql, args = sql + " WHERE site=?", (site,)
        return self.db.execute(sql, args).fetchone()[0]

    def copies_of(self, content_hash: str) -> list[tuple[str, str, str | None]]:
        """(article_id, site, published) of every site's exported article with this exact text, earliest first.

        Undated copies sort last; ties keep export order."""
        return self.db.execute(
            "SELECT article_id, site, published FROM content WHERE content_hash=? "
            "ORDER BY published IS NULL, published, first_seen, rowid", (content_hash,)
        ).fetchall()

    # -- near-duplicate index: its rows wait in memory until commit_batch writes those of exported articles
    def neardup_index(self, **options: Any) -> Any:
        """The state's near-duplicate index (state/neardup.py), made at the first call; one per state."""
        if self._neardup is None:
            from newscrawl.state.neardup import NearDupIndex

            self._commit()  # its tables are created outside any batch
            self._neardup = NearDupIndex(self.db, **options)
        return self._neardup

    def neardup_summary(self) -> tuple[int, int] | None:
        """(articles indexed, clusters), None when the index was never made."""
        try:
            row = self.db.execute("SELECT COUNT(*), COUNT(DISTINCT cluster_id) FROM neardup_docs").fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0], row[1]

    def exported_by_file(self) -> list[tuple[str, str, int]]:
        """(site, file, records) of everything marked exported."""
        return self.db.execute("SELECT site, file, COUNT(*) FROM exported GROUP BY site, file").fetchall()
