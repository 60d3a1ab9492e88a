"""One site's check end to end (sources, then a sampled article), and many sites in a bounded pool.

Sites that may render (``auto``/``browser``) share the run's one Chromium (newscrawl/registry/health/browser.py),
started by the first page the crawl would render and closed when the run ends.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from newscrawl.crawl.sources import Link
from newscrawl.registry import SiteProfile, Source
from newscrawl.registry.health.article import ArticleSampler
from newscrawl.registry.health.report import Check, SiteReport
from newscrawl.registry.health.session import PoliteSession
from newscrawl.registry.health.sources import SourceChecker, candidate_urls


class SiteCheck:
    """One site's check: sequential, polite, every step recorded as a Check (in the order it happened)."""

    def __init__(self, site: SiteProfile, timeout: float = 20.0, delay: float | None = None,
                 now: datetime | None = None, pages: Pages | None = None):
        self.site, self.timeout = site, timeout
        self.now = (now or datetime.now(site.tz)).astimezone(site.tz)
        self.checks: list[Check] = []
        # a site checked alone gets its own browser pages, closed with its run
        self.own_pages = pages is None and site.render != "plain"
        self.pages = Pages() if self.own_pages else pages
        self.session = PoliteSession(site.delay if delay is None else delay, timeout, self.checks,
                                     self.pages.get if self.pages is not None and site.render != "plain" else None)
        self.delay = self.session.delay

    def candidate_urls(self, source: Source) -> list[str]:
        return candidate_urls(source, self.now)

    def run(self) -> SiteReport:
        started = time.monotonic()
        try:
            sources = SourceChecker(self.site, self.session, self.now)
            matched: dict[str, Link] = {}
            for source in self.site.sources:
                for link in sources.check_source(source):
                    matched.setdefault(link.url, link)
            sample = ArticleSampler(self.site, self.session).check_article(list(matched.values()))
        finally:
            if self.own_pages and self.pages is not None:
                self.pages.close()
        reasons = list(dict.fromkeys(c.reason for c in self.checks if not c.ok))
        return SiteReport(self.site.key, self.site.name, not reasons, reasons, self.checks, sample,
                          round(time.monotonic() - started, 2))


class Pages:
    """The run's BrowserPages, built at first need (importing Playwright only then), closed once."""

    def __init__(self) -> None:
        self._pages: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._pages is None:
                from newscrawl.registry.health.browser import BrowserPages

                self._pages = BrowserPages()
            return self._pages

    def close(self) -> None:
        with self._lock:
            pages, self._pages = self._pages, None
        if pages is not None:
            pages.close()


def check_sites(sites: list[SiteProfile], timeout: float = 20.0, workers: int = 8,
                delay: float | None = None) -> list[SiteReport]:
    """Check sites concurrently (a bounded pool; each site sequential and polite), in input order."""
    if not sites:
        return []
    pages = Pages()
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sites)))) as pool:
            return list(pool.map(lambda site: SiteCheck(site, timeout, delay, pages=pages).run(), sites))
    finally:
        pages.close()
