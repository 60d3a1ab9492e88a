"""Dedup: one article under many URLs is exported once; nothing an earlier run exported comes again.

Two keys. The URL key (newscrawl.urls.url_key of the canonical URL: scheme, www./m./AMP twins, tracking
parameters, fragments and raw/percent-encoded Arabic slugs folded) catches the same page under several
URLs. The content hash of the normalized text catches the same text at a URL the first key misses: on
the same site it is a duplicate and dropped; on another site it is a republication, exported with
``duplicate_of`` set to the id of the copy published first, since who republishes whom is research data.

Drops are decided here, as items arrive. ``duplicate_of`` is not: the crawl fetches outlets in parallel,
so the republication often arrives before the original. The export checkpoint sorts each batch by
publication time and links it (newscrawl/linking.py).
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.state.owner import StateOwner
from newscrawl.urls import alias_keys, url_key
from pipelines import counted_drop


class DedupPipeline:
    def __init__(self, state: Any, stats: Any):
        self.state, self.stats = state, stats
        self.run_urls: set[str] = set()
        self.run_texts: set[tuple[str, str]] = set()  # (content hash, site) passed on this run

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupPipeline:
        return cls(StateOwner.of(crawler).store, crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        site = adapter["site"]
        keys = {url_key(adapter["canonical_url"]), url_key(adapter["url"])}
        exported = self.state.exported_ids(keys)
        if exported or keys & self.run_urls:
            self._remember_aliases(adapter, keys, exported)
            raise counted_drop(self.stats, item, "duplicate_url", f"canonical {adapter['canonical_url']} seen")
        digest = adapter.get("content_hash")
        if digest and ((digest, site) in self.run_texts
                       or any(s == site for _, s, _ in self.state.copies_of(digest))):
            raise counted_drop(self.stats, item, "duplicate_content", "same text as another article of this site")
        if digest:
            self.run_texts.add((digest, site))
        self.run_urls.update(keys)
        return item

    def _remember_aliases(self, adapter: ItemAdapter, keys: set[str], exported: dict[str, str]) -> None:
        """A URL leading to an article an earlier run exported: remember it, so it is not fetched every night
        (not for one exported in this run: that one may still sit in the uncommitted export batch)."""
        if not exported:
            return
        article = next(iter(exported.values()))
        candidates = keys | alias_keys(adapter["canonical_url"], adapter.get("requested_urls") or ())
        known = self.state.exported_ids(candidates)
        for key in sorted(candidates - known.keys()):
            self.state.mark_alias(key, article)
