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
from newscrawl.crawl.failures import failure_kind, left_for_next_run, log_level
from newscrawl.crawl.partitions import expand_partitions
from newscrawl.crawl.politeness import connections_per_host, download_slots
from newscrawl.crawl.reading import ArticleReader, learn_pages
from newscrawl.crawl.retries import retry_requests
from newscrawl.crawl.scope import RunScope, ScopeError
from newscrawl.crawl.scope_guard import RefusedRequest
from newscrawl.crawl.sources import Link
from newscrawl.distributed.coordinator import seeds_here
from newscrawl.registry import SiteProfile
from newscrawl.rendering.policy import Rendering
from newscrawl.state.neardup_match import neardup_options
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count
from newscrawl.urls import request_url
from newscrawl.warc.archive import WarcArchive
from newscrawl.workers import WorkerPool

# Discovery before articles: Scrapy sends start requests only when nothing else is pending, so without
# this the second site's feeds would wait for every article of the first site.
PRIORITY = {"feed": 100, "sitemap": 100, "listing": 50, "article": 0}


ARGUMENTS = ("sites", "since", "until")


class SpiderArgumentError(ValueError):
    """A spider argument or a setting is invalid; raised at start, before any request."""


def set_scope(settings: Any, arguments: dict[str, Any]) -> None:
    """The spider arguments as the run's scope settings (newscrawl/crawl/scope.py reads and checks them)."""
    for name, setting in (("sites", "NEWSCRAWL_SITES"), ("since", "NEWSCRAWL_SINCE"), ("until", "NEWSCRAWL_UNTIL")):
        if arguments.get(name):
            settings.set(setting, arguments[name], priority="spider")


def check_settings(settings: Any) -> None:
    """Settings whose bad values must stop a run at start (one clear line: newscrawl/commands/crawl.py)."""
    from newscrawl.formats import parse_formats
    from pipelines.neardup import neardup_action

    try:
        retry_runs(settings)
        learn_pages(settings)
        neardup_action(settings)
        parse_formats(settings.get("NEWSCRAWL_FORMATS") or "jsonl")
        for name in ("NEWSCRAWL_COMMIT_EVERY", "NEWSCRAWL_MAX_OPEN_FILES", "NEWSCRAWL_MIN_TEXT_CHARS",
                     "NEWSCRAWL_SOURCE_MAXSIZE"):
            if settings.getint(name) < 1:
                raise ValueError(f"{name} must be >= 1, not {settings.get(name)}")
    except ValueError as exc:
        raise SpiderArgumentError(f"-s {exc}" if not str(exc).startswith("-") else str(exc)) from None


class NewsSpider(DiscoveryCallbacks, scrapy.Spider):
    name = "news"

    def __init__(self, sites: str | None = None, since: str | None = None, until: str | None = None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.arguments = {"sites": sites, "since": since, "until": until, **kwargs}
        self.sitemaps_requested: set[str] = set()  # this run's, so that an index listing itself cannot loop

    @classmethod
    def check_arguments(cls, settings: Any, arguments: dict[str, Any]) -> RunScope:
        """The run's scope from the spider arguments and the settings; SpiderArgumentError says what is wrong."""
        unknown = sorted(name for name in arguments if name not in ARGUMENTS and not name.startswith("_"))
        if unknown:  # (names starting with _ are the scheduler's own, e.g. Scrapyd's _job)
            raise SpiderArgumentError(f"unknown spider argument(s): {', '.join(f'-a {n}' for n in unknown)}; "
                                      f"known: {', '.join(ARGUMENTS)}")
        check_settings(settings)
        scoped = settings.copy()
        set_scope(scoped, arguments)
        try:
            scope = RunScope.from_settings(scoped)
        except ScopeError as exc:
            raise SpiderArgumentError(str(exc)) from None
        if not scope.sites:
            raise SpiderArgumentError("no enabled site to crawl (all disabled? pass -a sites=KEY)")
        return scope

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The arguments become the run's scope settings, read by every component (newscrawl/crawl/scope.py).
        settings, given = crawler.settings, spider.arguments
        spider.scope = cls.check_arguments(settings, {k: v for k, v in given.items() if v is not None})
        set_scope(settings, given)
        spider.sites = spider.scope.sites
        slots = download_slots(list(spider.sites.values()), settings.getdict("DOWNLOAD_SLOTS"))
        settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        per_host = connections_per_host(list(spider.sites.values()), settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", per_host, priority="spider")
        # The browser download handler, only when a selected site may need it (render browser/auto).
        spider.rendering = Rendering(crawler, spider.sites)
        spider.source_maxsize = settings.getint("NEWSCRAWL_SOURCE_MAXSIZE", 50 * 1024 * 1024)
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
        neardup = neardup_options(self.crawler.settings)
        return ArticleReader(self, self.store, self.failure_memory, self.crawler.get_extension(WarcArchive),
                             self.crawler.stats, learn_pages(self.crawler.settings),
                             workers=self.crawler.get_extension(WorkerPool),
                             signing=(neardup["num_perm"], neardup["shingle"]) if neardup else None)

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
            # A plain sitemap may hold 50,000 URLs (about 5.5 MB) and the protocol allows 50 MB; article pages
            # keep DOWNLOAD_MAXSIZE. The limit also bounds a compressed body's decompressed size.
            request.meta["download_maxsize"] = self.source_maxsize
        return request

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not seeds_here(self.crawler):  # a distributed crawl's other workers pull the sources from Redis
            return
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
            count(self.crawler.stats, site.key, "discovery/bad_url")
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
        # In a distributed crawl, not when another worker died mid-run: its articles in flight are found again
        # only through the sources (newscrawl/distributed/coordinator.py).
        if reason == "finished" and not (self.scope.since or self.scope.until) and not self._workers_lost():
            self.validators.save()

    def _workers_lost(self) -> bool:
        from newscrawl.distributed.coordinator import Coordinator

        coordinator = self.crawler.get_extension(Coordinator)
        return coordinator is not None and coordinator.members_lost()

    def on_error(self, failure: Any) -> Any:
        request = failure.request
        site, kind_of_request = request.meta.get("site"), request.meta.get("newscrawl_kind")
        kind = failure_kind(failure)
        if left_for_next_run(kind, stopping=not self.crawler.crawling):
            # Not a failure of the page: the run stopped and its browser went with it. Uncounted, like every
            # request a stopped run leaves in flight (the manifest's ``unaccounted``); the next run does it.
            self.logger.debug("%s %s left for the next run (%s)", kind_of_request, request.url, kind)
            return None
        # Expected network failures are one line; a traceback would only say where Twisted noticed them.
        self.logger.log(log_level(kind, request.meta), "%s %s failed (%s): %s", kind_of_request, request.url, kind,
                        failure.getErrorMessage()[:200])
        if kind_of_request != "article":  # a feed, sitemap or listing: not an article request
            count(self.crawler.stats, site, f"source_errors/{kind}")
            return None
        count(self.crawler.stats, site, f"errors/{kind}")
        # Not for requests never sent (robots.txt, refused by the scope guard), nor a browser re-fetch (its
        # plain fetch counted it).
        if not (kind == "robots_forbidden" or isinstance(failure.value, RefusedRequest)
                or request.meta.get("render_fallback")):
            count(self.crawler.stats, site, "requested")
        twin_item = request.meta.get("twin_item")
        if twin_item is not None:  # the canonical page of a twin failed: the twin's item it is
            count(self.crawler.stats, site, "twin/kept")
            return twin_item
        chain = [*(request.meta.get("redirect_urls") or ()), request.url]  # the link as found comes first
        self.failure_memory.record(kind, site, chain, discovered_via=request.meta.get("discovered_via"))
        return None
