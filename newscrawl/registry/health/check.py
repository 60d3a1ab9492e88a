"""One site's check end to end (sources, then a sampled article), and many sites in a bounded pool."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from newscrawl.crawl.sources import Link
from newscrawl.registry import SiteProfile, Source
from newscrawl.registry.health.article import ArticleSampler
from newscrawl.registry.health.report import Check, SiteReport
from newscrawl.registry.health.session import PoliteSession
from newscrawl.registry.health.sources import SourceChecker, candidate_urls


class SiteCheck:
    """One site's check: sequential, polite, every step recorded as a Check (in the order it happened)."""

    def __init__(self, site: SiteProfile, timeout: float = 20.0, delay: float | None = None,
                 now: datetime | None = None):
        self.site, self.timeout = site, timeout
        self.now = (now or datetime.now(site.tz)).astimezone(site.tz)
        self.checks: list[Check] = []
        self.session = PoliteSession(site.delay if delay is None else delay, timeout, self.checks)
        self.delay = self.session.delay

    def candidate_urls(self, source: Source) -> list[str]:
        return candidate_urls(source, self.now)

    def run(self) -> SiteReport:
        started = time.monotonic()
        sources = SourceChecker(self.site, self.session, self.now)
        matched: dict[str, Link] = {}
        for source in self.site.sources:
            for link in sources.check_source(source):
                matched.setdefault(link.url, link)
        sample = ArticleSampler(self.site, self.session).check_article(list(matched.values()))
        reasons = list(dict.fromkeys(c.reason for c in self.checks if not c.ok))
        return SiteReport(self.site.key, self.site.name, not reasons, reasons, self.checks, sample,
                          round(time.monotonic() - started, 2))


def check_sites(sites: list[SiteProfile], timeout: float = 20.0, workers: int = 8,
                delay: float | None = None) -> list[SiteReport]:
    """Check sites concurrently (a bounded pool; each site sequential and polite), in input order."""
    if not sites:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sites)))) as pool:
        return list(pool.map(lambda site: SiteCheck(site, timeout, delay).run(), sites))
