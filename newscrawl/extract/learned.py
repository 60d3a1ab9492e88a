"""Boilerplate learned during a crawl: short blocks that recur on many pages of one site.

A footer prompt or a standard disclaimer that the lexicon does not know shows up, word for word, on page
after page of the same site; once seen on K distinct pages it is removed from that site's later articles.
Only short blocks are learned: a long paragraph recurring across pages is usually shared wire copy or a
background paragraph that belongs to each story.

Memory is bounded: per site at most ``max_blocks`` block counters; when full, the rarest half is evicted
(blocks already learned are kept first, as they are the useful ones).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

DEFAULT_MIN_PAGES = 3
DEFAULT_MAX_BLOCKS = 5000
DEFAULT_MAX_WORDS = 30


def _digest(block: str) -> str:
    return hashlib.blake2b(block.encode("utf-8"), digest_size=8).hexdigest()


class BoilerplateLearner:
    """Counts normalized blocks per site across pages; ``known(site)`` are those seen on >= K pages."""

    def __init__(self, min_pages: int = DEFAULT_MIN_PAGES, max_blocks: int = DEFAULT_MAX_BLOCKS,
                 max_words: int = DEFAULT_MAX_WORDS) -> None:
        self.min_pages = min_pages
        self.max_blocks = max_blocks
        self.max_words = max_words
        # site -> digest -> [pages seen, block text]; the text is kept only for learned or near-learned blocks
        self._counts: dict[str, dict[str, list[Any]]] = {}
        self._known: dict[str, frozenset[str]] = {}

    def observe(self, site_key: str, blocks: Iterable[str]) -> None:
        """Record the blocks of one page (each distinct block counts once per page)."""
        counts = self._counts.setdefault(site_key, {})
        changed = False
        for block in {b for b in blocks if b and len(b.split()) <= self.max_words}:
            digest = _digest(block)
            entry = counts.get(digest)
            if entry is None:
                counts[digest] = [1, block]
                continue
            entry[0] += 1
            changed |= entry[0] == self.min_pages
        if len(counts) > self.max_blocks:
            self._evict(counts)
            changed = True
        if changed:
            self._known.pop(site_key, None)

    def _evict(self, counts: dict[str, list[Any]]) -> None:
        # keep the most frequent half; ties broken by digest so eviction is deterministic
        ranked = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
        keep = dict(ranked[: self.max_blocks // 2])
        counts.clear()
        counts.update(keep)

    def known(self, site_key: str) -> frozenset[str]:
        """Normalized blocks seen on at least K distinct pages of the site."""
        cached = self._known.get(site_key)
        if cached is None:
            counts = self._counts.get(site_key, {})
            cached = frozenset(text for n, text in counts.values() if n >= self.min_pages)
            self._known[site_key] = cached
        return cached

    def sites(self) -> list[str]:
        return sorted(self._counts)

    def size(self, site_key: str) -> int:
        return len(self._counts.get(site_key, {}))

    def dump(self) -> dict[str, Any]:
        """JSON-serializable state (for the crawl state store)."""
        return {
            "version": 1,
            "min_pages": self.min_pages,
            "max_blocks": self.max_blocks,
            "max_words": self.max_words,
            "sites": {site: [[n, text] for n, text in counts.values()] for site, counts in self._counts.items()},
        }

    def load(self, state: dict[str, Any]) -> None:
        """Restore a dump (merging counts into what is already there)."""
        for site, entries in (state.get("sites") or {}).items():
            counts = self._counts.setdefault(site, {})
            for n, text in entries:
                digest = _digest(text)
                if digest in counts:
                    counts[digest][0] += int(n)
                else:
                    counts[digest] = [int(n), text]
            if len(counts) > self.max_blocks:
                self._evict(counts)
            self._known.pop(site, None)

    @classmethod
    def from_dump(cls, state: dict[str, Any]) -> BoilerplateLearner:
        learner = cls(state.get("min_pages", DEFAULT_MIN_PAGES), state.get("max_blocks", DEFAULT_MAX_BLOCKS),
                      state.get("max_words", DEFAULT_MAX_WORDS))
        learner.load(state)
        return learner
