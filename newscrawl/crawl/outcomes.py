"""Outcomes Scrapy decides without calling the spider back, counted so every article request ends somewhere.

- The scheduler's dupefilter drops a request for a URL this run already requested (a feed and a sitemap list
  the same article; a twin's canonical page fetched already): ``skipped/duplicate_request``. When the dropped
  request is a redirect back into its own chain (A -> A, A -> B -> A) it is a redirect loop:
  ``errors/redirect_loop``, remembered by the failure memory (newscrawl/crawl/failures.py says how).
- An item pipeline raising something other than ``DropItem`` (our bug): ``dropped/pipeline_error``, queued
  for the next run.

With these, the run manifest can balance each site's article requests (newscrawl/report/balance.py).
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.crawl.failure_memory import FailureMemory
from newscrawl.stats import count

logger = logging.getLogger(__name__)


class RequestOutcomes:
    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> RequestOutcomes:
        ext = cls(crawler)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    @cached_property
    def failure_memory(self) -> FailureMemory | None:
        return self.crawler.get_extension(FailureMemory)

    def request_dropped(self, request: Any, spider: Any = None) -> None:
        if request.meta.get("newscrawl_kind") != "article":
            return
        site = request.meta.get("site")
        chain = request.meta.get("redirect_urls") or ()
        if request.url in chain:
            logger.warning("article %s failed (redirect_loop): %s", chain[0], " -> ".join([*chain, request.url])[:300])
            count(self.crawler.stats, site, "errors/redirect_loop")
            if self.failure_memory is not None:
                self.failure_memory.record("redirect_loop", site, [chain[0]],
                                           discovered_via=request.meta.get("discovered_via"))
            return
        count(self.crawler.stats, site, "skipped/duplicate_request")

    def item_error(self, item: Any, response: Any, failure: Any, spider: Any = None) -> None:
        adapter = ItemAdapter(item)
        site = adapter.get("site")
        count(self.crawler.stats, site, "dropped/pipeline_error")
        if self.failure_memory is not None:
            self.failure_memory.record("pipeline_error", site, [adapter.get("url")],
                                       discovered_via=adapter.get("discovered_via"))
