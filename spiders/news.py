"""The one generic spider: every outlet is a site file; this decides what to request.

``scrapy crawl news`` crawls every enabled site of the registry; ``-a sites=youm7,aljazeera`` a subset;
``-a since=YYYY-MM-DD -a until=YYYY-MM-DD`` restricts articles by publication date (and walks
date-partitioned sitemaps over that range). Bad arguments stop the crawl before the first request.
Reading pages is extraction's job (newscrawl.extract); this module only routes responses to it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

import scrapy
from scrapy.http import Response

from newscrawl.crawl.conditional import SourceValidators
from newscrawl.crawl.discovery import DiscoveryCallbacks
from newscrawl.crawl.failure_memory import FailureMemory, retry_runs
from newscrawl.crawl.failures import failure_kind
from newscrawl.crawl.partitions import expand_partitions
from newscrawl.crawl.politeness import download_slots
from newscrawl.crawl.reading import ArticleReader, learn_pages
from newscrawl.crawl.retries import retry_requests
from newscrawl.crawl.scope import RunScope, ScopeError, parse_day
from newscrawl.crawl.sources import Link
from newscrawl.registry import SiteProfile
from newscrawl.rendering.policy import Rendering
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count
from newscrawl.urls import request_url
from newscrawl.warc.archive import WarcArchive
from newscrawl.workers import WorkerPool

# Discovery before articles: Scrapy sends start requests only when nothing else is pending, so without
# this the second site's feeds would wait for every article of the first site.
PRIORITY = {"feed": 100, "sitemap": 100, "listing": 50, "article": 0}


class SpiderArgumentError(ValueError):
    """A spider argument is invalid; raised at start, before any request."""


class NewsSpider(DiscoveryCallbacks, scrapy.Spider):
    name = "news"

    def __init__(self, sites: str | None = None, since: str | None = None, until: str | None = None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.arguments = {"sites": sites, "since": since, "until": until}
        self.sitemaps_requested: set[str] = set()  # this run's, so that an index listing itself cannot loop

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The arguments become the run's scope settings, read by every component (newscrawl/crawl/scope.py).
        settings, given = crawler.settings, spider.arguments
        try:
            for name in ("since", "until"):
                parse_day(name, given[name])
            for name, setting in (("sites", "NEWSCRAWL_SITES"), ("since", "NEWSCRAWL_SINCE"),
                                  ("until", "NEWSCRAWL_UNTIL")):
                if given[name]:
                    settings.set(setting, given[name], priority="spider")
            spider.scope = RunScope.from_settings(settings)
        except ScopeError as exc:
            raise SpiderArgumentError(str(exc)) from None
        if not spider.scope.sites:
            raise SpiderArgumentError("no enabled site to crawl (all disabled? pass -a sites=KEY)")
        spider.sites = spider.scope.sites
        slots = download_slots(list(spider.sites.values()), settings.getdict("DOWNLOAD_SLOTS"))
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        # The browser download handler, only when a selected site may need it (render browser/auto).
        spider.rendering = Rendering(crawler, spider.sites)
        retry_runs(settings)  # bad numeric settings fail at start
        learn_pages(settings)
        return spider

    # -- collaborators, looked up once the engine exists (the spider is built before the extensions)
    @cached_property
    def store(self) -> Any:  # not `state`: Scrapy's SpiderState extension owns that name
        return StateOwner.of(self.crawler).store

    @cached_property
    def failure_memory(self) -> FailureMemory:
        memory = self.crawler.get_extension(FailureMemory)
        if memory is None:
            raise RuntimeError("keep newscrawl.crawl.failure_memory.FailureMemory in EXTENSIONS")
        return memory

    @cached_property
    def validators(self) -> SourceValidators:
        return SourceValidators(self.store)

    @cached_property
    def reader(self) -> ArticleReader:
        return ArticleReader(self, self.store, self.failure_memory, self.crawler.get_extension(WarcArchive),
                             self.crawler.stats, learn_pages(self.crawler.settings),
                             workers=self.crawler.get_extension(WorkerPool))

    # -- requests
    def _request(self, url: str, site: SiteProfile, kind: str, callback: Any, **meta: Any) -> scrapy.Request:
        meta.update(site=site.key, newscrawl_kind=kind, download_slot=site.key)
        meta.update(self.rendering.meta_for(site, kind, meta.get("scroll", 0)))
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta,
                              priority=PRIORITY.get(kind, 0) - meta.get("depth_hop", 0),
                              dont_filter=kind != "article" and meta.get("depth_hop", 0) == 0)

    def _source_request(self, url: str, site: SiteProfile, kind: str, **meta: Any) -> scrapy.Request:
        if kind == "sitemap":
            self.sitemaps_requested.add(url)
        callback = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "listing": self.parse_listing}[kind]
        request = self._request(url, site, kind, callback, **meta)
        if kind in ("feed", "sitemap"):
            request.headers.update(self.validators.headers(url))
            request.meta["handle_httpstatus_list"] = [304]
        return request

    async def start(self) -> AsyncIterator[scrapy.Request]:
        today = datetime.now(UTC).date()
        for site in self.sites.values():
            for source in site.sources:
                urls = expand_partitions(source, self.scope.since, self.scope.until, today)
                for url in urls:
                    yield self._source_request(url, site, source.type, depth_hop=0, source_depth=source.depth,
                                               scroll=source.scroll)
            for request in retry_requests(self, site):  # what failed in earlier runs, asked for directly
                yield request

    def article_request(self, link: Link, site: SiteProfile, via: str, source_url: str) -> scrapy.Request | None:
        if not self._may_be_in_range(link):
            count(self.crawler.stats, site.key, "skipped/out_of_range")
            return None
        try:
            url = request_url(link.url)
        except ValueError:
            return None
        count(self.crawler.stats, site.key, "discovered")
        discovered = {"type": via, "url": source_url}
        if link.lastmod:
            discovered["lastmod"] = link.lastmod
        if link.published:
            discovered["news_date"] = link.published
        return self.article_request_for(url, site, discovered)

    def article_request_for(self, url: str, site: SiteProfile, discovered_via: dict[str, Any]) -> scrapy.Request:
        return self._request(url, site, "article", self.parse_article, discovered_via=discovered_via)

    async def parse_article(self, response: Response) -> Any:
        # A spider method (not the reader's) so requests stay serializable for JOBDIR pause/resume. Async: the
        # page is built in a worker process while the reactor goes on downloading (newscrawl/workers.py).
        item = await self.reader.parse_article(response)
        if isinstance(item, scrapy.Request):  # the canonical page of a twin (newscrawl/crawl/reading.py)
            return item
        # An auto site's page that came out as a JavaScript shell is fetched again through the browser.
        refetch = self.rendering.article_fallback(response, item)
        return item if refetch is None else refetch

    def _may_be_in_range(self, link: Link) -> bool:
        """Whether the article may fall within since/until, judged before fetching it. A publication date
        decides (its own day, in the publisher's offset); a sitemap ``lastmod`` is an edit time, later than
        the publication, so it can only show an article is too old, never too new."""
        if link.published:
            return self.scope.in_range(link.published[:10])
        if link.lastmod and self.scope.since:
            try:
                return date.fromisoformat(link.lastmod[:10]) >= self.scope.since
            except ValueError:
                return True
        return True

    def closed(self, reason: str) -> None:
        """Keep what only a whole run may keep: learned boilerplate, and feed validators if finished (written
        as bookkeeping; the state's owner commits it when it closes)."""
        if "reader" in self.__dict__:  # articles were read
            self.reader.save()
        # Only a finished run over the whole date range: articles that failed are in the retry queue, but a
        # since/until run skipped articles outside its range, which a later full run must still see.
        if reason == "finished" and not (self.scope.since or self.scope.until):
            self.validators.save()

    def on_error(self, failure: Any) -> Any:
        request = failure.request
        site = request.meta.get("site")
        kind = failure_kind(failure)
        self.logger.warning("%s %s failed (%s): %s", request.meta.get("newscrawl_kind"), request.url, kind,
                            failure.getErrorMessage()[:200])
        count(self.crawler.stats, site, f"errors/{kind}")
        if request.meta.get("newscrawl_kind") == "article":
            # Not for robots.txt refusals (never sent), nor a browser re-fetch (its plain fetch counted it).
            if kind != "robots_forbidden" and not request.meta.get("render_fallback"):
                count(self.crawler.stats, site, "requested")
            twin_item = request.meta.get("twin_item")
            if twin_item is not None:  # the canonical page of a twin failed: the twin's item it is
                count(self.crawler.stats, site, "twin/kept")
                return twin_item
            self.failure_memory.record(kind, site, [request.url], discovered_via=request.meta.get("discovered_via"))

