"""The crawl state: one SQLite file remembering what earlier runs did.

Holds the article URLs already exported (by dedup key), the content hashes of exported texts (to link
republished copies to the first), the validators of feeds and sitemaps (ETag, Last-Modified, lastmod),
the article URLs to ask for again (failed for a passing reason), small JSON blobs (learned boilerplate,
near-duplicate index) and the run log. One connection, used from the Twisted reactor thread only. WAL mode
so a SIGKILL never corrupts it; a lock file (flock) keeps a second run on the same state out, and the
kernel releases it when the holder dies.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


class StateLocked(RuntimeError):
    """Another run holds the state."""


@dataclass(frozen=True)
class Retry:
    url: str
    reason: str
    attempts: int  # runs in which it failed so far
    discovered_via: dict[str, Any] | None


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def utc_iso(timestamp: str | None) -> str | None:
    """An ISO 8601 time as UTC, so that times given with different offsets compare as strings."""
    if not timestamp:
        return None
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


class StateStore:
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

    # -- transactions: exported marks are batched and committed after the files are fsynced
    def begin(self) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self.db.execute("COMMIT")
            self._in_tx = False

    def close(self) -> None:
        self.commit()
        self.db.close()
        if self._lock_fh:
            self._lock_fh.close()
            self._lock_fh = None

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles
    def is_exported(self, url_key: str) -> bool:
        """Whether an article with this URL key was exported, under its canonical URL or another URL that
        led to it (an alias: the link a feed gave, a redirect, the URL fetched)."""
        return self.exported_id(url_key) is not None

    def exported_id(self, url_key: str) -> str | None:
        row = self.db.execute("SELECT article_id FROM exported WHERE url_key=? UNION ALL "
                              "SELECT article_id FROM aliases WHERE url_key=? LIMIT 1", (url_key, url_key)).fetchone()
        return row[0] if row else None

    def mark_alias(self, url_key: str, article_id: str) -> None:
        """Another URL key of an exported article (kept apart so that counts of exported articles stay true)."""
        self.begin()
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?)", (url_key, article_id))

    def mark_exported(
        self, url_key: str, article_id: str, site: str, content_hash: str | None, file: str, run_id: str,
        published: str | None = None,
    ) -> None:
        self.begin()
        self.db.execute(
            "INSERT OR IGNORE INTO exported VALUES (?,?,?,?,?,?,?)",
            (url_key, article_id, site, content_hash, file, run_id, _now()),
        )
        if content_hash:
            self.db.execute(
                "INSERT OR IGNORE INTO content VALUES (?,?,?,?,?)",
                (content_hash, site, article_id, utc_iso(published), _now()),
            )

    def mark_dropped(self, url: str, site: str, reason: str) -> None:
        """Remember a requested URL dropped for a lasting reason (not Arabic, not HTML, gone...)."""
        self.begin()
        self.db.execute("INSERT OR REPLACE INTO dropped VALUES (?,?,?,?)", (url, site, reason, _now()))

    def dropped_reason(self, url: str) -> str | None:
        row = self.db.execute("SELECT reason FROM dropped WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

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

    # -- article URLs to ask for again (newscrawl/crawl/retries.py)
    def mark_retry(self, url: str, site: str, reason: str, discovered_via: dict[str, Any] | None, *,
                   attempt: bool = True) -> None:
        """Queue an article request that failed for a passing reason; with ``attempt`` it counts one more
        failed attempt (not when the failure was this machine's, e.g. no browser installed)."""
        self.begin()
        via = json.dumps(discovered_via, ensure_ascii=False) if discovered_via else None
        step = 1 if attempt else 0
        self.db.execute(
            "INSERT INTO retry VALUES (?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET reason=excluded.reason, "
            "attempts=attempts+?, last_failed=excluded.last_failed", (url, site, reason, step, via, _now(), step))

    def retries(self, site: str) -> list[Retry]:
        rows = self.db.execute("SELECT url, reason, attempts, discovered_via FROM retry WHERE site=? ORDER BY url",
                               (site,)).fetchall()
        return [Retry(url, reason, attempts, json.loads(via) if via else None) for url, reason, attempts, via in rows]

    def clear_retry(self, url: str) -> None:
        self.begin()
        self.db.execute("DELETE FROM retry WHERE url=?", (url,))

    # -- feeds and sitemaps
    def validators(self, url: str) -> Validators:
        row = self.db.execute(
            "SELECT etag, last_modified, lastmod FROM validators WHERE url=?", (url,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def save_validators(self, url: str, v: Validators) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO validators VALUES (?,?,?,?,?)",
            (url, v.etag, v.last_modified, v.lastmod, _now()),
        )

    # -- blobs (learned boilerplate, near-duplicate index, ...)
    def get_blob(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM blobs WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_blob(self, name: str, value: Any) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO blobs VALUES (?,?)", (name, json.dumps(value, ensure_ascii=False))
        )

    # -- runs
    def start_run(self, run_id: str, manifest_path: str) -> list[tuple[str, str]]:
        """Record a new run; return (run_id, manifest) of earlier runs that never ended (killed)."""
        killed = self.db.execute("SELECT run_id, manifest FROM runs WHERE outcome='running'").fetchall()
        for old_id, _ in killed:
            self.db.execute("UPDATE runs SET outcome='killed' WHERE run_id=?", (old_id,))
        self.db.execute(
            "INSERT INTO runs VALUES (?,?,?,?,?)", (run_id, _now(), None, "running", manifest_path)
        )
        return [(r[0], r[1]) for r in killed]

    def unrecovered_killed_files(self) -> list[tuple[str, str, str]]:
        """(run_id, site, path) of every file written by a killed run not yet recovered (state/recovery.py)."""
        return self.db.execute(
            "SELECT f.run_id, f.site, f.path FROM run_files f JOIN runs r ON r.run_id = f.run_id "
            "WHERE r.outcome = 'killed' AND r.ended IS NULL ORDER BY f.run_id, f.path").fetchall()

    def killed_runs(self) -> list[tuple[str, str]]:
        """(run_id, manifest) of every run known to have been killed."""
        return self.db.execute("SELECT run_id, manifest FROM runs WHERE outcome='killed' ORDER BY run_id").fetchall()

    def record_file(self, run_id: str, site: str, path: str) -> None:
        """Remember a file this run writes, durably, before the first line goes in."""
        self.commit()
        self.db.execute("INSERT OR IGNORE INTO run_files VALUES (?,?,?)", (run_id, site, path))

    def files_of_run(self, run_id: str) -> list[tuple[str, str]]:
        """(site, path) of every file a run wrote to."""
        return self.db.execute("SELECT site, path FROM run_files WHERE run_id=? ORDER BY path",
                               (run_id,)).fetchall()

    def end_run(self, run_id: str, outcome: str) -> None:
        self.db.execute("UPDATE runs SET ended=?, outcome=? WHERE run_id=?", (_now(), outcome, run_id))
