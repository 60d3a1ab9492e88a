"""The bookkeeping of the SQLite crawl state (part of ``SqliteState``, newscrawl/state/sqlite.py): the drop
memory, the retry queue, the validators of feeds and sitemaps, and small JSON blobs.

Written in the open transaction, committed with the next commit (the protocol's rule for bookkeeping: losing
it in a kill costs a request again, never an article).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from newscrawl.state.entries import Retry, Validators
from newscrawl.state.entries import now_iso as _now

CHUNK = 400  # keys per lookup query (SQLite allows 32766 parameters; two per key here)


class SqliteBookkeeping:
    db: sqlite3.Connection

    def _begin(self) -> None:  # provided by SqliteState
        raise NotImplementedError

    def mark_dropped(self, url: str, site: str, reason: str) -> None:
        """Remember a requested URL dropped for a lasting reason (not Arabic, not HTML, gone...)."""
        self._begin()
        self.db.execute("INSERT OR REPLACE INTO dropped VALUES (?,?,?,?)", (url, site, reason, _now()))

    def dropped_reason(self, url: str) -> str | None:
        return self.dropped_reasons([url]).get(url)

    def dropped_reasons(self, urls: Iterable[str]) -> dict[str, str]:
        keys = list(dict.fromkeys(urls))
        found: dict[str, str] = {}
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            found.update(self.db.execute(
                f"SELECT url, reason FROM dropped WHERE url IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return found

    # -- article URLs to ask for again (newscrawl/crawl/retries.py)
    def mark_retry(self, url: str, site: str, reason: str, discovered_via: dict[str, Any] | None, *,
                   attempt: bool = True) -> None:
        """Queue an article request that failed for a passing reason; with ``attempt`` it counts one more
        failed attempt (not when the failure was this machine's, e.g. no browser installed)."""
        self._begin()
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
        self._begin()
        self.db.execute("DELETE FROM retry WHERE url=?", (url,))

    # -- feeds and sitemaps
    def validators(self, url: str) -> Validators:
        row = self.db.execute(
            "SELECT etag, last_modified, lastmod FROM validators WHERE url=?", (url,)
        ).fetchone()
        return Validators(*row) if row else Validators()

    def validators_many(self, urls: Iterable[str]) -> dict[str, Validators]:
        """{url: validators} for the URLs that have any: one query per chunk (a sitemap index's children)."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, Validators] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            marks = ",".join("?" * len(chunk))
            for url, *values in self.db.execute(
                    f"SELECT url, etag, last_modified, lastmod FROM validators WHERE url IN ({marks})", chunk):
                found[url] = Validators(*values)
        return found

    def save_validators(self, url: str, v: Validators) -> None:
        self._begin()
        self.db.execute(
            "INSERT OR REPLACE INTO validators VALUES (?,?,?,?,?)",
            (url, v.etag, v.last_modified, v.lastmod, _now()),
        )

    # -- blobs (learned boilerplate, near-duplicate index, ...)
    def get_blob(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM blobs WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_blob(self, name: str, value: Any) -> None:
        self._begin()
        self.db.execute(
            "INSERT OR REPLACE INTO blobs VALUES (?,?)", (name, json.dumps(value, ensure_ascii=False))
        )
