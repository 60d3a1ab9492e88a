"""Dedup: one article under many URLs is exported once; nothing an earlier run exported comes again.

Two keys. The URL key (newscrawl.urls.url_key of the canonical URL: scheme, www./m./AMP twins, tracking
parameters, fragments and raw/percent-encoded Arabic slugs folded) catches the same page under several
URLs. The content hash of the normalized text catches the same text at a URL the first key misses: on
the same site it is a duplicate and dropped; on another site it is a republication, exported with
``duplicate_of`` set to the first copy's id, since who republishes whom is research data.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.runtime import crawl_state
from newscrawl.state import StateStore
from newscrawl.stats import count
from newscrawl.urls import url_key
from pipelines import counted_drop


class DedupPipeline:
    def __init__(self, state: StateStore, stats: Any):
        self.state, self.stats = state, stats
        self.run_urls: set[str] = set()
        self.run_content: dict[str, tuple[str, str]] = {}  # hash -> (article id, site)

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupPipeline:
        return cls(crawl_state(crawler), crawler.stats)

    def _seen_url(self, key: str) -> bool:
        return key in self.run_urls or self.state.is_exported(key)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        site = adapter["site"]
        keys = {url_key(adapter["canonical_url"]), url_key(adapter["url"])}
        if any(self._seen_url(k) for k in keys):
            count(self.stats, site, "dedup/url")
            raise counted_drop(self.stats, item, "duplicate_url", f"canonical {adapter['canonical_url']} seen")
        digest = adapter.get("content_hash")
        first = self.run_content.get(digest) or (self.state.first_with_content(digest) if digest else None)
        if first and first[1] == site:
            count(self.stats, site, "dedup/content")
            raise counted_drop(self.stats, item, "duplicate_content", f"same text as article {first[0]} of this site")
        if first:
            adapter["duplicate_of"] = first[0]
            count(self.stats, site, "duplicates")
        elif digest:
            self.run_content[digest] = (adapter["id"], site)
        self.run_urls.update(keys)
        return item
