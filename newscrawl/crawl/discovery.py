"""Discovery callbacks of the news spider: feeds, sitemaps (indexes, news sitemaps) and listing pages.

Each turns a source response into article requests (through ``NewsSpider.article_request``) and, for
sitemap indexes and listings, into further source requests. Reading the documents is
newscrawl.crawl.sources's job; deciding what to request from them is this module's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from newscrawl.crawl.seen import handled_before_many
from newscrawl.crawl.sources import (
    DiscoveryError,
    Link,
    listing_links,
    next_page_links,
    parse_feed,
    parse_sitemap,
)
from newscrawl.registry import SiteProfile
from newscrawl.stats import count


class DiscoveryCallbacks:
    """Mixed into NewsSpider, which provides ``sites``, ``store``, ``scope``, ``validators``, ``rendering``,
    ``_request``, ``_source_request`` and ``article_request``."""

    crawler: Any
    logger: Any
    sites: dict[str, SiteProfile]

    def _read_source(self, response: Response, kind: str, reader: Any) -> Any:
        """The parsed feed or sitemap; None when it is unchanged (304) or unreadable (logged, counted)."""
        site = response.meta["site"]
        if response.status == 304:
            count(self.crawler.stats, site, "not_modified")
            return None
        try:
            parsed = reader(response.body, response.url)
        except DiscoveryError as exc:
            self.logger.warning("%s %s of %s unreadable: %s", kind, response.url, site, exc)
            count(self.crawler.stats, site, f"source_errors/bad_{kind}")
            return None
        # Only now: validators of a challenge page or a broken feed would make later runs skip the source.
        self.validators.remember(response)
        return parsed

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.sites[response.meta["site"]]
        links = self._read_source(response, "feed", parse_feed)
        if links is None:
            return
        if not links:
            self.logger.warning("feed %s of %s is empty", response.url, site.key)
            count(self.crawler.stats, site.key, "source_errors/empty_feed")
        yield from self._articles_from(links, site, "feed", response.url)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.sites[response.meta["site"]]
        doc = self._read_source(response, "sitemap", parse_sitemap)
        if doc is None:
            return
        if doc.kind == "index":
            known = self.validators.lastmods([child.url for child in doc.links if child.lastmod])
            for child in doc.links:
                since = self.scope.since
                if child.lastmod and since and child.lastmod[:10] < since.isoformat():
                    continue  # unchanged since before the range: it cannot list an article inside it
                if child.lastmod and known.get(child.url) == child.lastmod:
                    count(self.crawler.stats, site.key, "not_modified")  # unchanged since last run
                    continue
                if child.url in self.sitemaps_requested:  # an index listing itself, or two indexes each other
                    continue
                request = self._source_request(child.url, site, "sitemap", depth_hop=0)
                request.meta["sitemap_lastmod"] = child.lastmod
                yield request
            return
        yield from self._articles_from(doc.links, site, "sitemap", response.url)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.sites[response.meta["site"]]
        if not hasattr(response, "text"):
            count(self.crawler.stats, site.key, "source_errors/not_html")
            return
        hop, max_depth = response.meta.get("depth_hop", 0), response.meta.get("source_depth", 1)
        links = listing_links(response.body, response.url, response.encoding)
        articles = [Link(u) for u in links if site.is_article_url(u)]
        refetch = self.rendering.listing_fallback(response, len(articles))
        if refetch is not None:
            yield refetch
            return
        yield from self._articles_from(articles, site, "listing", response.url)
        if hop >= max_depth:
            return
        if (articles and self.validators.listing_walked(response.url)
                and len(handled_before_many(self.store, [a.url for a in articles], lambda _: site.render))
                == len({a.url for a in articles})):
            # Walked by an earlier finished run and nothing new here: the pages behind it are older still.
            # (Only after a *finished* run: a killed one may have left older pages unread.)
            count(self.crawler.stats, site.key, "listing/stopped_nothing_new")
            return
        self.validators.remember_listing_walked(response.url)
        follow = dict.fromkeys(next_page_links(response.body, response.url))
        follow.update(dict.fromkeys(
            u for u in links if site.owns_url(u) and not site.is_article_url(u)
            and not any(p.search(u) for p in site.deny)
        ))
        for url in follow:
            yield self._request(url, site, "listing", self.parse_listing, depth_hop=hop + 1,
                                source_depth=max_depth)

    def _articles_from(self, links: list[Link], site: SiteProfile, via: str, source_url: str
                       ) -> Iterator[scrapy.Request]:
        for link in links:
            if not site.is_article_url(link.url):
                count(self.crawler.stats, site.key, "discovery/not_article")
                continue
            request = self.article_request(link, site, via, source_url)
            if request is not None:
                yield request
