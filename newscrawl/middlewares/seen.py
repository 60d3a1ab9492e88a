"""Skip article requests for URLs an earlier run already exported: the heart of incremental crawling.

A spider middleware (async generator, as Scrapy 2.19 wants): requests marked ``newscrawl_kind=article``
whose dedup key is in the crawl state never reach the scheduler. Counted as ``skipped_seen``; URLs an
earlier run dropped for a lasting reason (newscrawl/extensions/dropmemory.py) as ``skipped_dropped``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

from newscrawl.extensions.dropmemory import still_applies
from newscrawl.runtime import crawl_state
from newscrawl.stats import count
from newscrawl.urls import request_url, url_key


class SeenArticleMiddleware:
    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> SeenArticleMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_SEEN", True):
            raise NotConfigured("NEWSCRAWL_SKIP_SEEN is off")
        return cls(crawler)

    def _render_mode(self, site: str | None) -> str:
        sites = getattr(self.crawler.spider, "sites", None) or {}
        return sites[site].render if site in sites else "plain"

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        state = crawl_state(self.crawler)
        async for entry in result:
            if isinstance(entry, Request) and entry.meta.get("newscrawl_kind") == "article":
                key = url_key(entry.url)
                if state.is_exported(key):
                    count(self.crawler.stats, entry.meta.get("site"), "skipped_seen")
                    continue
                dropped = state.dropped_reason(request_url(entry.url))  # not Arabic, not HTML, a 404...
                if dropped and still_applies(dropped, self._render_mode(entry.meta.get("site"))):
                    count(self.crawler.stats, entry.meta.get("site"), "skipped_dropped")
                    continue
            yield entry
