"""Skip article requests for URLs an earlier run already exported: the heart of incremental crawling.

A spider middleware (async generator, as Scrapy 2.19 wants): requests marked ``newscrawl_kind=article``
whose dedup key is in the crawl state never reach the scheduler. Counted as ``skipped_seen``; URLs an
earlier run dropped for a lasting reason (newscrawl/crawl/dropmemory.py) as ``skipped_dropped``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

from newscrawl.crawl.dropmemory import render_mode_of, still_applies
from newscrawl.runtime import crawl_state
from newscrawl.state import StateStore
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

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        state = crawl_state(self.crawler)
        async for entry in result:
            if isinstance(entry, Request) and entry.meta.get("newscrawl_kind") == "article":
                site = entry.meta.get("site")
                outcome = handled_before(state, entry.url, render_mode_of(self.crawler, site))
                if outcome:
                    count(self.crawler.stats, site, f"skipped_{outcome}")
                    continue
            yield entry


def handled_before(state: StateStore, url: str, render_mode: str) -> str | None:
    """``"seen"`` when an earlier run exported the article, ``"dropped"`` when it dropped the URL for a reason
    that still holds (not Arabic, not HTML, a 404…, see dropmemory.py), else None."""
    if state.is_exported(url_key(url)):
        return "seen"
    dropped = state.dropped_reason(request_url(url))
    return "dropped" if dropped and still_applies(dropped, render_mode) else None
