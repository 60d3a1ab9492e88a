"""The re-extraction spider: yields the items of archived article pages from ``start()``; no request is made.

Run by ``python -m newscrawl reextract`` (newscrawl/warc/reextract.py), which says how the archive is read.
Each archived page is built by the same function the crawl uses (newscrawl/crawl/article_builder.py) with the
context archived beside it, and its item goes through the crawl's own pipelines. The run's scope is the
registry's sites the archive holds pages of (``NEWSCRAWL_SITES``), set here as the news spider sets it from
its arguments.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy

from newscrawl.crawl.article_builder import Built, PageContext, build_article, canonical_twin, charset_of
from newscrawl.registry import SiteProfile, load_registry, site_for_url
from newscrawl.stats import count
from newscrawl.warc.records import ArchivedPage, read_pages, warc_summary
from newscrawl.warc.reextract import archive_index, archived_sites, is_html_page


class ReextractSpider(scrapy.Spider):
    name = "reextract"

    def __init__(self, paths: list[str] | str = (), registry: dict[str, SiteProfile] | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(paths, str):  # -a paths=a.warc.gz,b.warc.gz
            paths = [p for p in paths.split(",") if p]
        self.paths = sorted((Path(p) for p in paths), key=lambda p: p.name)
        self.registry = registry

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ReextractSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.registry is None:
            spider.registry = load_registry(crawler.settings.get("NEWSCRAWL_SITES_DIR") or None)
        sites = archived_sites(spider.paths, spider.registry)
        if sites:
            crawler.settings.set("NEWSCRAWL_SITES", ",".join(sorted(sites)), priority="spider")
        return spider

    def _site(self, page: ArchivedPage) -> SiteProfile | None:
        key = page.metadata.get("site")
        return self.registry.get(key) if key else site_for_url(self.registry, page.url)

    def built_pages(self) -> Iterator[Built]:
        ended: set[str] = set()
        for path in self.paths:
            ended.update(warc_summary(path)[1])
        skip, archived, _ = archive_index(self.paths, ended)
        stats = self.crawler.stats
        for path in self.paths:
            for page in read_pages(path):
                site = self._site(page)
                if site is None:
                    self.logger.warning("%s@%d: no site in the registry for %s (pass --sites-dir)",
                                        page.warc_file, page.warc_offset, page.url)
                    count(stats, None, "reextract/unknown_site")
                    continue
                if (page.warc_file, page.warc_offset) in skip or not is_html_page(page):
                    count(stats, site.key, "reextract/skipped")
                    continue
                count(stats, site.key, "requested")
                ctx = PageContext(
                    site=site, url=page.url, fetched_at=page.fetched_at,
                    discovered_via=page.metadata.get("discovered_via") or {"type": "start", "url": None},
                    rendered=bool(page.metadata.get("rendered")), http_charset=charset_of(page.header("Content-Type")),
                    learned_boilerplate=page.learned_boilerplate, warc_file=page.warc_file,
                    warc_offset=page.warc_offset)
                built = build_article(page.body, ctx)
                if built.rejected:
                    self.logger.warning("dropped %s: %s", page.url, built.detail)
                    count(stats, site.key, f"dropped/{built.rejected}")
                    continue
                if canonical_twin(built.article) in archived:  # the crawl read the canonical page instead
                    count(stats, site.key, "reextract/twin_skipped")
                    continue
                yield built

    async def start(self) -> AsyncIterator[Any]:
        for built in self.built_pages():
            yield built.article
