"""Near-duplicate clusters: MinHash-LSH over word shingles of normalized Arabic text, indexed in SQLite.

A text is normalized (``newscrawl.textnorm.normalize_arabic``: diacritics and tatweel removed, alef/yaa/
taa-marbuta variants unified, punctuation dropped), cut into overlapping word ``shingle``-grams and summarized
by a MinHash signature (datasketch, ``num_perm`` 32-bit values). The signature is split into ``b`` bands of
``r`` values (datasketch's optimal split for the threshold); two texts sharing any band are candidates, and a
candidate counts when the signatures agree on at least ``threshold`` of their values (estimated Jaccard
similarity of the shingle sets). The new article joins the cluster of its most similar match (the earliest
on ties); without a match it starts a cluster whose id is its own article id.

The index lives in the crawl state (same SQLite file, tables ``neardup_docs`` and ``neardup_bands``), so
clusters span runs. It is bounded: past ``max_articles`` documents the oldest tenth is evicted (their
clusters live on through later members). Disk per article ≈ signature (4 × num_perm bytes) + b band rows;
measured by ``python -m benchmarks neardup`` and documented in docs/neardup.md. No Scrapy import.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from newscrawl.textnorm import normalize_arabic

if TYPE_CHECKING:  # numpy comes with datasketch, imported at the first signature (not by a run with nothing new)
    import numpy as np

DEFAULT_THRESHOLD = 0.5
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE = 3
DEFAULT_MAX_ARTICLES = 1_000_000
MAX_CANDIDATES = 500  # a band shared by very many texts (boilerplate) is not allowed to make lookups slow

_SCHEMA = """
CREATE TABLE IF NOT EXISTS neardup_docs (
    seq INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE, site TEXT, cluster_id TEXT NOT NULL,
    signature BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS neardup_bands (
    band_key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (band_key, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS neardup_params (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Match:
    cluster_id: str
    similar_to: str | None  # the article matched (None: a new cluster)
    similarity: float  # estimated Jaccard similarity with it (1.0 for a new cluster)


def shingles(normalized: str, size: int = DEFAULT_SHINGLE) -> set[bytes]:
    """Overlapping word n-grams of a normalized text (the whole text when shorter than n words)."""
    words = normalized.split()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Signer:
    """MinHash signatures with one fixed set of permutations (made once: they are the costly part)."""

    def __init__(self, num_perm: int = DEFAULT_NUM_PERM, shingle: int = DEFAULT_SHINGLE):
        from datasketch import MinHash  # imported when first needed: it pulls in scipy (~0.7 s per run)

        self.num_perm, self.shingle = num_perm, shingle
        self._minhash = MinHash
        self._template = MinHash(num_perm=num_perm, seed=1)

    def sign(self, normalized: str) -> np.ndarray | None:
        grams = shingles(normalized, self.shingle)
        if not grams:
            return None
        mh = self._minhash(num_perm=self.num_perm, permutations=self._template.permutations,
                     scheme=self._template.scheme)
        mh.update_batch(grams)
        return mh.hashvalues.astype("<u4")


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimizing false positives + negatives around the threshold (datasketch)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def lsh_split(stored: dict[str, str], threshold: float, num_perm: int) -> tuple[int, int]:
    """``lsh_bands``, read back from the index's parameters when it was made for the same threshold and
    num_perm: datasketch finds the split by numerical integration, and importing it pulls in scipy (~0.5 s)
    that a run with nothing new to sign need not spend."""
    key, found = split_key(threshold, num_perm), stored.get("split", "")
    if found.startswith(key + "="):
        bands, rows = found.split("=", 1)[1].split("x")
        return int(bands), int(rows)
    return lsh_bands(threshold, num_perm)


def split_key(threshold: float, num_perm: int) -> str:
    return f"{threshold!r}/{num_perm}"


class PendingRow(NamedTuple):
    """An article's index row waiting for the export's commit."""

    site: str | None
    cluster_id: str
    signature: np.ndarray
    bands: tuple[int, ...] | None  # the bands to index (None: all); see PendingRows.assign_signed


class PendingRows:
    """What every backend's index does the same way: find the best match among the candidates, assign its
    cluster, and keep new rows in ``pending`` until the export's commit writes those of the articles it marks.
    A backend gives ``signer``, ``threshold``, ``bands``, ``rows``, ``pending``, ``_candidates(signature)`` and
    ``_stored_cluster(article_id)``."""

    signer: Signer
    threshold: float
    bands: int
    rows: int
    pending: dict[str, PendingRow]

    def _candidates(self, signature: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        """(article id, cluster id, signature) of the stored articles sharing a band, oldest first."""
        raise NotImplementedError

    def _stored_cluster(self, article_id: str) -> str | None:
        raise NotImplementedError

    def assign(self, article_id: str, text: str, site: str | None = None, *, normalized: str | None = None,
               signature: np.ndarray | None = None) -> Match:
        """The cluster of an article (its own id when it starts one); the article is added to the index.
        ``signature``: the text's signature when already made (by the worker that built the page)."""
        known = self.cluster_of(article_id)
        if known:  # seen before (fetched again after a kill, re-extracted into the same state, linked again)
            return Match(known, None, 1.0)
        if signature is None:
            signature = self.signer.sign(normalized if normalized is not None else normalize_arabic(text))
        return self.assign_signed(article_id, signature, site)

    def assign_signed(self, article_id: str, signature: np.ndarray | None, site: str | None = None) -> Match:
        """``assign`` for a signature already made (``self.signer.sign``).

        A member joining a cluster indexes only the bands that no candidate of its cluster shares with it: a
        band bucket then holds about one row per cluster instead of one per member, so on a site full of
        near-duplicates a lookup costs the same at 20,000 articles as at 1,000 (docs/neardup.md)."""
        if signature is None:
            return Match(article_id, None, 1.0)
        import numpy as np

        rows = self._candidates(signature)
        rows += [(article, row.cluster_id, row.signature) for article, row in self.pending.items()]  # index order
        if rows:
            # all candidates compared at once: one array operation instead of one per candidate
            agree = np.vstack([sig for _, _, sig in rows]) == signature
            similarities = agree.mean(axis=1)
            best = int(np.argmax(similarities))  # the first of the most similar: the earliest on ties
            if similarities[best] >= self.threshold:
                cluster = rows[best][1]
                same = np.fromiter((c == cluster for _, c, _ in rows), dtype=bool, count=len(rows))
                bands = agree[same, :self.bands * self.rows].reshape(-1, self.bands, self.rows).all(axis=2)
                new = tuple(int(band) for band in np.flatnonzero(~bands.any(axis=0)))
                self.pending[article_id] = PendingRow(site, cluster, signature, new)
                return Match(cluster, rows[best][0], float(similarities[best]))
        self.pending[article_id] = PendingRow(site, article_id, signature, None)
        return Match(article_id, None, 1.0)

    def cluster_of(self, article_id: str) -> str | None:
        if article_id in self.pending:
            return self.pending[article_id].cluster_id
        return self._stored_cluster(article_id)

    def restore(self, article_id: str, normalized: str, site: str | None, cluster_id: str) -> bool:
        """Add an article already assigned to ``cluster_id`` (a record recovered after a kill; pending until
        flushed with its mark); False when the index has it, or its text makes no signature."""
        if self.cluster_of(article_id):
            return False
        signature = self.signer.sign(normalized)
        if signature is None:
            return False
        self.pending[article_id] = PendingRow(site, cluster_id, signature, None)
        return True

    def discard(self, article_id: str) -> None:
        """Forget the pending row of an article that will not be exported."""
        self.pending.pop(article_id, None)


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


def neardup_options(settings: Any) -> dict[str, Any] | None:
    """The index's options from the settings; None when near-duplicate detection is off (NEWSCRAWL_NEARDUP)."""
    if not settings.getbool("NEWSCRAWL_NEARDUP", True):
        return None
    return {"threshold": settings.getfloat("NEWSCRAWL_NEARDUP_THRESHOLD", DEFAULT_THRESHOLD),
            "num_perm": settings.getint("NEWSCRAWL_NEARDUP_NUM_PERM", DEFAULT_NUM_PERM),
            "shingle": settings.getint("NEWSCRAWL_NEARDUP_SHINGLE", DEFAULT_SHINGLE),
            "max_articles": settings.getint("NEWSCRAWL_NEARDUP_MAX_ARTICLES", DEFAULT_MAX_ARTICLES)}
