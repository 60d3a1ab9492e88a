"""Article requests that failed for a passing reason are asked for again by the next runs, directly.

A 5xx, a timeout, a refused connection or a body cut off mid-page says nothing about tomorrow. Such a URL is
queued in the crawl state (table ``retry``) with how it was found, and the next run requests it at start,
without reading the feed or sitemap that listed it. So the validators of that feed can be saved even when
one of its articles failed, and a site with one broken page still answers 304 night after night instead of
being read in full. After ``NEWSCRAWL_RETRY_RUNS`` runs in which it failed (default 5) a URL is given up:
remembered as dropped (``failed_repeatedly``, so it is not fetched again when a listing still links it),
counted as ``retry/given_up``.

A failure that is this machine's (no browser installed) is queued without counting: those articles are
fetched once the browser is there. Not queued: lasting answers (404, 410, too large: remembered by the drop
memory) and URLs robots.txt forbids (asking again changes nothing until the site's robots.txt does; a later
discovery will try).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request

from newscrawl.crawl.dropmemory import remember_drop
from newscrawl.crawl.seen import handled_before
from newscrawl.registry.profile import SiteProfile
from newscrawl.state import StateStore
from newscrawl.stats import count

DEFAULT_RETRY_RUNS = 5
NOT_RETRIED = frozenset({"http_404", "http_410", "too_large", "robots_forbidden"})
# Failures of this machine, not of the page: retried every run but never given up, so the articles are
# fetched once the browser is installed.
NOT_THE_PAGE = frozenset({"no_browser"})


def retry_runs(settings: Any) -> int:
    runs = settings.getint("NEWSCRAWL_RETRY_RUNS", DEFAULT_RETRY_RUNS)
    if runs < 0:
        raise ValueError(f"NEWSCRAWL_RETRY_RUNS must be >= 0, not {runs}")
    return runs


def queue_retry(crawler: Any, store: StateStore, request: Request, reason: str) -> bool:
    """Queue a failed article request for the next run (False for a reason that is not passing)."""
    site = request.meta.get("site")
    if not site or reason in NOT_RETRIED or retry_runs(crawler.settings) == 0:
        return False
    store.mark_retry(request.url, site, reason, request.meta.get("discovered_via"), attempt=reason not in NOT_THE_PAGE)
    count(crawler.stats, site, "retry/queued")
    return True


def retry_requests(spider: Any, site: SiteProfile) -> Iterator[Request]:
    """This run's requests for the site's queued URLs; those handled since, or failed too often, leave the queue."""
    store: StateStore = spider.store
    crawler = spider.crawler
    limit = retry_runs(crawler.settings)
    for entry in store.retries(site.key):
        if handled_before(store, entry.url, site.render):  # exported or dropped for good meanwhile
            store.clear_retry(entry.url)
            continue
        if entry.attempts >= limit:
            spider.logger.warning("giving up on %s: failed in %d runs (last: %s)", entry.url, entry.attempts,
                                  entry.reason)
            remember_drop(crawler, [entry.url], site.key, "failed_repeatedly")
            store.clear_retry(entry.url)
            count(crawler.stats, site.key, "retry/given_up")
            continue
        count(crawler.stats, site.key, "retried")
        request = spider.article_request_for(entry.url, site, entry.discovered_via or {"type": "start", "url": None})
        request.meta["newscrawl_retry"] = True  # answered: leaves the queue (newscrawl/crawl/reading.py)
        yield request
