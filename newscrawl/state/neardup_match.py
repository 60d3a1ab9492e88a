"""Near-duplicate matching, the same for every state backend: MinHash-LSH over word shingles of normalized
Arabic text.

A text is normalized (``newscrawl.textnorm.normalize_arabic``: diacritics and tatweel removed, alef/yaa/
taa-marbuta variants unified, punctuation dropped), cut into overlapping word ``shingle``-grams and summarized
by a MinHash signature (datasketch, ``num_perm`` 32-bit values). The signature is split into ``b`` bands of
``r`` values (datasketch's optimal split for the threshold); two texts sharing any band are candidates, and a
candidate counts when the signatures agree on at least ``threshold`` of their values (estimated Jaccard
similarity of the shingle sets). The new article joins the cluster of its most similar match (the earliest
on ties); without a match it starts a cluster whose id is its own article id. The backends store the rows:
``state/neardup.py`` (SQLite) and ``state/redis_neardup.py``. No Scrapy import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from newscrawl.textnorm import normalize_arabic

if TYPE_CHECKING:  # numpy comes with datasketch, imported at the first signature (not by a run with nothing new)
    import numpy as np

DEFAULT_THRESHOLD = 0.5
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE = 3
DEFAULT_MAX_ARTICLES = 1_000_000
MAX_CANDIDATES = 500  # a band shared by very many texts (boilerplate) is not allowed to make lookups slow


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


# lsh_bands of the default parameters, known without datasketch (tests/unit/test_neardup.py checks it)
DEFAULT_SPLIT = {(DEFAULT_THRESHOLD, DEFAULT_NUM_PERM): (25, 5)}


def lsh_split(stored: dict[str, str], threshold: float, num_perm: int) -> tuple[int, int]:
    """``lsh_bands``, read back from the index's parameters when it was made for the same threshold and
    num_perm, or known for the default ones: datasketch finds the split by numerical integration, and
    importing it pulls in scipy (~0.5 s, ~50 MB) that the crawl process need not spend when the workers sign."""
    key, found = split_key(threshold, num_perm), stored.get("split", "")
    if found.startswith(key + "="):
        bands, rows = found.split("=", 1)[1].split("x")
        return int(bands), int(rows)
    if (threshold, num_perm) in DEFAULT_SPLIT:
        return DEFAULT_SPLIT[threshold, num_perm]
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


def neardup_options(settings: Any) -> dict[str, Any] | None:
    """The index's options from the settings; None when near-duplicate detection is off (NEWSCRAWL_NEARDUP)."""
    if not settings.getbool("NEWSCRAWL_NEARDUP", True):
        return None
    return {"threshold": settings.getfloat("NEWSCRAWL_NEARDUP_THRESHOLD", DEFAULT_THRESHOLD),
            "num_perm": settings.getint("NEWSCRAWL_NEARDUP_NUM_PERM", DEFAULT_NUM_PERM),
            "shingle": settings.getint("NEWSCRAWL_NEARDUP_SHINGLE", DEFAULT_SHINGLE),
            "max_articles": settings.getint("NEWSCRAWL_NEARDUP_MAX_ARTICLES", DEFAULT_MAX_ARTICLES)}
