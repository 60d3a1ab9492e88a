"""Near-duplicate clusters on Redis: the MinHash-LSH of ``state/neardup_match.py``, shared by every worker.

Same signatures (``neardup_match.Signer``), same bands (``neardup_match.lsh_split``; each band hashed with blake2b as
there), same matching rule and the same API as ``NearDupIndex`` (assign, assign_signed, restore, flush,
discard, cluster_of, pending, size, evict), so the pipelines and the linker do not know which backend they
use. A new article's row waits in memory (``pending``) until the export checkpoint's ``commit_batch`` writes
the rows of the articles it exported, in the same Lua script as their marks.

Keys (prefix ``<p>:nd:``): ``ids`` (article id -> "seq<TAB>cluster"), ``rows`` (seq -> "id<TAB>cluster<TAB>site
<LF>" + signature), ``order`` (seqs, oldest first), ``clusters`` (cluster -> members), ``bk:<hex>`` (band
buckets, about 100 entries each when the index is full: 6-byte band digest -> comma-separated seqs, compact
listpacks), ``params``. Lookups are one script call. Memory per article (num_perm 128): ~0.5 KB of
signature plus the band entries, measured by ``python -m benchmarks distributed`` (docs/distributed.md).
Bounded by ``max_articles`` like the SQLite index: past it the oldest tenth is evicted.
"""

from __future__ import annotations

import hashlib
import math
from functools import cached_property
from typing import TYPE_CHECKING, Any

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


def bucket_bits(max_articles: int, bands: int) -> int:
    """Bits of the band-bucket number: about 100 band entries per bucket when the index is full, so each
    bucket stays a compact listpack (Redis' hash-max-listpack-entries is 128 by default)."""
    return max(8, min(24, math.ceil(math.log2(max(1, max_articles * bands / 100)))))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisNearDupIndex(PendingRows):
    def __init__(self, state: Any, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM,
                 shingle: int = DEFAULT_SHINGLE, max_articles: int = DEFAULT_MAX_ARTICLES):
        self.state, self.threshold, self.max_articles = state, threshold, max_articles
        self.max_candidates = MAX_CANDIDATES
        self.num_perm, self.shingle = num_perm, shingle
        [stored] = self.state._roundtrip(lambda pipe: pipe.hgetall(self.key("params")))
        stored = {_text(k): _text(v) for k, v in stored.items()}
        self.bands, self.rows = lsh_split(stored, threshold, num_perm)
        self.bucket_bits = bucket_bits(max_articles, self.bands)
        self.pending: dict[str, PendingRow] = {}
        self._check_params(stored)
        self.size = self._count()

    def key(self, name: str) -> str:
        return self.state.key("nd", name)

    def _count(self) -> int:
        [n] = self.state._roundtrip(lambda pipe: pipe.hlen(self.key("ids")))
        return int(n)

    @cached_property
    def signer(self) -> Signer:  # made at the first signature: a run with nothing new imports no datasketch
        return Signer(self.num_perm, self.shingle)

    def _check_params(self, stored: dict[str, str]) -> None:
        want = {"signature": f"minhash-affine32-seed1/{self.num_perm}/{self.shingle}",
                "bands": f"{self.bands}x{self.rows}/{self.bucket_bits}",
                "split": f"{split_key(self.threshold, self.num_perm)}={self.bands}x{self.rows}"}
        if stored.get("signature", want["signature"]) != want["signature"]:
            self._drop_all()  # incompatible signatures: start the index afresh
        elif stored.get("bands", want["bands"]) != want["bands"]:
            self._rebuild_bands()
        self.state._roundtrip(lambda pipe: pipe.hset(self.key("params"), mapping=want))

    def _band_keys(self) -> list[str]:
        return [_text(k) for k in self.state.r.scan_iter(match=self.key("bk:*"), count=1000)]

    def _drop_all(self) -> None:
        names = [self.key(n) for n in ("ids", "rows", "order", "clusters", "seq")] + self._band_keys()
        self.state._roundtrip(*[lambda pipe, n=n: pipe.delete(n) for n in names])

    def _rebuild_bands(self) -> None:
        import numpy as np

        self.state._roundtrip(*[lambda pipe, n=n: pipe.delete(n) for n in self._band_keys()])
        for seq, raw in self.state.r.hscan_iter(self.key("rows"), count=1000):
            signature = np.frombuffer(raw.split(b"\n", 1)[1], dtype="<u4")
            for bucket, field in self.band_keys(signature):
                self.state._roundtrip(lambda pipe, b=bucket, f=field, s=seq: pipe.eval(
                    "local v = redis.call('HGET', KEYS[1], ARGV[1]) "
                    "if v then redis.call('HSET', KEYS[1], ARGV[1], v..','..ARGV[2]) "
                    "else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end", 1, self.key(f"bk:{b}"), f, s))

    def band_keys(self, signature: np.ndarray) -> list[tuple[str, bytes]]:
        """(bucket, field) of each band: the 8-byte blake2b of the band as in neardup.NearDupIndex.band_keys,
        its first ``bucket_bits`` bits choosing one of the small hashes, its last 6 bytes the field."""
        out = []
        for band in range(self.bands):
            chunk = signature[band * self.rows:(band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "little")).digest()
            out.append((format(int.from_bytes(digest[:4], "big") >> (32 - self.bucket_bits), "x"), digest[2:]))
        return out

    @staticmethod
    def _parse(row: bytes) -> tuple[str, str, str, np.ndarray]:
        import numpy as np

        head, signature = row.split(b"\n", 1)
        article, cluster, site = _text(head).split("\t")
        return article, cluster, site, np.frombuffer(signature, dtype="<u4")

    # -- lookup and insert
    def _candidates(self, signature: np.ndarray) -> list[tuple[str, str, np.ndarray]]:
        args: list[Any] = [self.max_candidates]
        for bucket, field in self.band_keys(signature):
            args += [bucket, field]
        [found] = self.state._roundtrip(self.state._script("ND_CANDIDATES", args))
        return [(article, cluster, sig) for article, cluster, _, sig in map(self._parse, found)]

    def _stored_cluster(self, article_id: str) -> str | None:
        [raw] = self.state._roundtrip(lambda pipe: pipe.hget(self.key("ids"), article_id))
        return _text(raw).split("\t", 1)[1] if raw else None

    def take(self, article_ids: list[str]) -> list[tuple[dict[str, Any], list[Any]]]:
        """The pending rows of these articles as arguments of the commit script (they leave ``pending``)."""
        out = []
        for article_id in article_ids:
            entry = self.pending.pop(article_id, None)
            if entry is None:
                continue
            keys = self.band_keys(entry.signature)
            bands = range(self.bands) if entry.bands is None else entry.bands
            args: list[Any] = [entry.signature.tobytes()]
            for band in bands:
                args += keys[band]
            out.append(({"id": article_id, "site": entry.site or "", "cluster": entry.cluster_id, "nb": len(bands)},
                        args))
        return out

    def committed(self, rows: int) -> None:
        """After a commit: the index's size, evicting the oldest tenth past ``max_articles``."""
        if not rows:
            return
        self.size = self._count()
        if self.size > self.max_articles:
            self.evict()

    def flush(self, article_ids: list[str]) -> int:
        """Write the pending rows of these articles now (``commit_batch`` writes them with their marks)."""
        from newscrawl.state.entries import ExportBatch

        _, written = self.state._commit(ExportBatch("neardup"), self.take(article_ids))
        self.committed(written)
        return written

    def evict(self) -> int:
        """Forget the oldest tenth of the index (at least enough to get back under the bound)."""
        drop = max(self.size - self.max_articles, self.max_articles // 10, 1)
        seqs, = self.state._roundtrip(lambda pipe: pipe.lrange(self.key("order"), 0, drop - 1))
        if not seqs:
            return 0
        [rows] = self.state._roundtrip(lambda pipe: pipe.hmget(self.key("rows"), seqs))
        args: list[Any] = [_text(seqs[0])]
        for seq, row in zip(seqs, rows, strict=True):
            bands = self.band_keys(self._parse(row)[3]) if row else []
            args += [_text(seq), len(bands)]
            for bucket, field in bands:
                args += [bucket, field]
        [n] = self.state._roundtrip(self.state._script("ND_EVICT", args))
        self.size = self._count()
        return int(n)

