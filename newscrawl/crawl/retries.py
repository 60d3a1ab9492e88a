"""Article requests that failed for a passing reason are asked for again by the next runs, directly.

A 5xx, a timeout, a refused connection or a body cut off mid-page says nothing about tomorrow. Such a URL is
queued in the crawl state (newscrawl/crawl/failure_memory.py) with how it was found, and the next run requests
it at start, without reading the feed or sitemap that listed it. So the validators of that feed can be saved
even when one of its articles failed, and a site with one broken page still answers 304 night after night
instead of being read in full. After ``NEWSCRAWL_RETRY_RUNS`` runs in which it failed (default 5) a URL is
given up: remembered as dropped (``failed_repeatedly``, so it is not fetched again when a listing still links
it), counted as ``retry/given_up``. Which failures are queued is the failure table's call
(newscrawl/crawl/failures.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request

from newscrawl.crawl.failures import RETRY_META
from newscrawl.crawl.seen import handled_before
from newscrawl.registry import SiteProfile
from newscrawl.stats import count


def retry_requests(spider: Any, site: SiteProfile) -> Iterator[Request]:
    """This run's requests for the site's queued URLs; those handled since, or failed too often, leave the queue."""
    store, memory, stats = spider.store, spider.failure_memory, spider.crawler.stats
    for entry in store.retries(site.key):
        if handled_before(store, entry.url, site.render):  # exported or dropped for good meanwhile
            store.clear_retry(entry.url)
            continue
        if entry.attempts >= memory.retry_runs:
            spider.logger.warning("giving up on %s: failed in %d runs (last: %s)", entry.url, entry.attempts,
                                  entry.reason)
            memory.record("failed_repeatedly", site.key, [entry.url])
            store.clear_retry(entry.url)
            count(stats, site.key, "retry/given_up")
            continue
        count(stats, site.key, "retried")
        request = spider.article_request_for(entry.url, site, entry.discovered_via or {"type": "start", "url": None})
        request.meta[RETRY_META] = True  # answered: leaves the queue (newscrawl/crawl/reading.py)
        yield request
