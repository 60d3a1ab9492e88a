"""The near-duplicate index in SQLite (matching: ``state/neardup_match.py``).

The index lives in the crawl state (same SQLite file, tables ``neardup_docs`` and ``neardup_bands``), so
clusters span runs. It is bounded: past ``max_articles`` documents the oldest tenth is evicted (their
clusters live on through later members). Disk per article ≈ signature (4 × num_perm bytes) + the band rows
a member adds; measured by ``python -m benchmarks neardup`` and documented in docs/neardup.md. No Scrapy import.
"""

from __future__ import annotations

import hashlib
import sqlite3
from functools import cached_property
from typing import TYPE_CHECKING

from newscrawl.state.neardup_match import (
    DEFAULT_MAX_ARTICLES,
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE,
    DEFAULT_THRESHOLD,
    MAX_CANDIDATES,
    PendingRow,
    PendingRows,
    Signer,
    lsh_split,
    split_key,
)

if TYPE_CHECKING:
    import numpy as np

_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_docs (
    seq INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, site TEXT, cluster_id TEXT NOT NULL,
    signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS neardup_bands (
    band_key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band_key, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS neardup_params (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class NearDupIndex(PendingRows):
    """Assigns cluster ids and remembers signatures, in tables of an SQLite connection.

    A new article's row waits in memory (``pending``, searched like the table) until :meth:`flush` writes the
    rows of the articles a checkpoint exported, inside that checkpoint's transaction: so after a kill the
    index never holds an article the output lacks (docs/neardup.md). Transactions are the caller's.
    """

    def __init__(self, db: sqlite3.Connection, *, threshold: float = DEFAULT_THRESHOLD,
                 num_perm: int = DEFAULT_NUM_PERM, shingle: int = DEFAULT_SHINGLE,
                 max_articles: int = DEFAULT_MAX_ARTICLES):
        self.db, self.threshold, self.max_articles = db, threshold, max_articles
        self.num_perm, self.shingle = num_perm, shingle
        for statement in filter(str.strip, _SCHEMA.split(";")):
            db.execute(statement)  # not executescript: it would commit the caller's open transaction
        stored = dict(self.db.execute("SELECT name, value FROM neardup_params").fetchall())
        self.bands, self.rows = lsh_split(stored, threshold, num_perm)
        self._check_params(stored)
        self.size = db.execute("SELECT COUNT(*) FROM neardup_docs").fetchone()[0]
        self.pending: dict[str, PendingRow] = {}

    @cached_property
    def signer(self) -> Signer:  # made at the first signature: a run with nothing new imports no datasketch
        return Signer(self.num_perm, self.shingle)

    # -- parameters: signatures depend on num_perm/shingle, bands also on the threshold
    def _check_params(self, stored: dict[str, str]) -> None:
        want = {"signature": f"minhash-affine32-seed1/{self.num_perm}/{self.shingle}",
                "bands": f"{self.bands}x{self.rows}",
                "split": f"{split_key(self.threshold, self.num_perm)}={self.bands}x{self.rows}"}
        if stored.get("signature", want["signature"]) != want["signature"]:
            self.db.execute("DELETE FROM neardup_docs")  # incompatible signatures: start the index afresh
            self.db.execute("DELETE FROM neardup_bands")
        elif stored.get("bands", want["bands"]) != want["bands"]:
            self._rebuild_bands()
        for name, value in want.items():
            self.db.execute("INSERT OR REPLACE INTO neardup_params VALUES (?, ?)", (name, value))

    def _rebuild_bands(self) -> None:
        import numpy as np

        self.db.execute("DELETE FROM neardup_bands")
        for seq, blob in self.db.execute("SELECT seq, signature FROM neardup_docs").fetchall():
            self._insert_bands(seq, np.frombuffer(blob, dtype="<u4"))

    def band_keys(self, signature: np.ndarray) -> list[int]:
        keys = []
        for band in range(self.bands):
            chunk = signature[band * self.rows:(band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little")).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    def _insert_bands(self, seq: int, signature: np.ndarray, bands: tuple[int, ...] | None = None) -> None:
        keys = self.band_keys(signature)
        self.db.executemany("INSERT OR IGNORE INTO neardup_bands VALUES (?, ?)",
                            [(keys[band], seq) for band in (range(self.bands) if bands is None else bands)])

    # -- lookup and insert
    def _candidates(self, signature: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        import numpy as np

        keys = self.band_keys(signature)
        # The MAX_CANDIDATES earliest documents sharing a band are among the MAX_CANDIDATES earliest of their
        # own band: reading at most that many rows per band (a range of the primary key) gives the same
        # candidates as reading every row, and a band shared by thousands cannot make a lookup slow.
        per_band = " UNION ".join(["SELECT * FROM (SELECT seq FROM neardup_bands WHERE band_key=? "
                                   "ORDER BY seq LIMIT ?)"] * len(keys))
        seqs = [row[0] for row in self.db.execute(f"SELECT seq FROM ({per_band}) ORDER BY seq LIMIT ?",
                                                  (*[v for key in keys for v in (key, MAX_CANDIDATES)],
                                                   MAX_CANDIDATES))]
        if not seqs:
            return []
        marks = ",".join("?" * len(seqs))
        return [(article, cluster, np.frombuffer(blob, dtype="<u4")) for article, cluster, blob in self.db.execute(
            f"SELECT article_id, cluster_id, signature FROM neardup_docs WHERE seq IN ({marks}) ORDER BY seq", seqs)]

    def _stored_cluster(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT cluster_id FROM neardup_docs WHERE article_id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def flush(self, article_ids: list[str]) -> int:
        """Write the pending rows of these articles (called inside the transaction that marks them exported)."""
        written = 0
        for article_id in article_ids:
            entry = self.pending.pop(article_id, None)
            if entry is None:
                continue
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO neardup_docs (article_id, site, cluster_id, signature) VALUES (?,?,?,?)",
                (article_id, entry.site, entry.cluster_id, entry.signature.tobytes()))
            if cursor.rowcount:
                self._insert_bands(cursor.lastrowid, entry.signature, entry.bands)
                written += 1
        self.size += written
        if self.size > self.max_articles:
            self.evict()
        return written

    def evict(self) -> int:
        """Forget the oldest tenth of the index (at least enough to get back under the bound)."""
        drop = max(self.size - self.max_articles, self.max_articles // 10, 1)
        row = self.db.execute("SELECT seq FROM neardup_docs ORDER BY seq LIMIT 1 OFFSET ?", (drop - 1,)).fetchone()
        if row is None:
            return 0
        self.db.execute("DELETE FROM neardup_docs WHERE seq <= ?", (row[0],))
        self.db.execute("DELETE FROM neardup_bands WHERE seq <= ?", (row[0],))
        self.size = self.db.execute("SELECT COUNT(*) FROM neardup_docs").fetchone()[0]
        return drop
