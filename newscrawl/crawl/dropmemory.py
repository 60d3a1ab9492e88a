"""Remember URLs dropped for a lasting reason, so later runs do not fetch them again every night.

A duplicate URL, a page in another language, a non-HTML body, a 404/410: fetching it again tomorrow gives
the same answer. Transient failures (5xx, timeouts, DNS) and our own failures (extraction errors, schema
violations) are not remembered here: they go to the retry queue (newscrawl/crawl/retries.py), and a URL failing in
NEWSCRAWL_RETRY_RUNS runs comes back here as ``failed_repeatedly``. The seen-URL middleware skips remembered URLs
(``skipped_dropped``). Set NEWSCRAWL_REMEMBER_DROPS=False to retry everything.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.runtime import crawl_state
from newscrawl.urls import request_url

# Not "duplicate_url": that URL is only a variant of the article kept, which may still sit in the export
# batch when a run is killed; the next run finds the variant skipped as seen once the article is exported.
LASTING_REASONS = frozenset({
    "duplicate_content", "near_duplicate", "language", "too_short", "missing_text",
    "missing_title", "not_html", "http_404", "http_410", "too_large",
    "failed_repeatedly",  # a passing failure in NEWSCRAWL_RETRY_RUNS runs in a row (newscrawl/crawl/retries.py)
})
# Reasons that depend on how the page was fetched: a JavaScript shell is too short in plain mode and a full
# article in the browser. They are remembered with the site's rendering mode and no longer apply once the
# site file's mode changes.
MODE_DEPENDENT = frozenset({"too_short", "missing_text", "missing_title"})


def render_mode_of(crawler: Any, site: str | None) -> str:
    """The rendering mode the site file gives this run (plain when unknown)."""
    sites = getattr(crawler.spider, "sites", None) or {}
    return sites[site].render if site in sites else "plain"


def still_applies(reason: str, render_mode: str) -> bool:
    """Whether a remembered drop still holds for a site now rendered in ``render_mode``."""
    _, _, mode = reason.partition("@")
    return not mode or mode == render_mode


class DropMemory:
    def __init__(self, crawler: Any):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> DropMemory:
        if not crawler.settings.getbool("NEWSCRAWL_REMEMBER_DROPS", True):
            raise NotConfigured("NEWSCRAWL_REMEMBER_DROPS is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.newscrawl_drop_memory = ext
        return ext

    def remember(self, urls: list[str | None], site: str | None, reason: str) -> None:
        if reason not in LASTING_REASONS or not site:
            return
        if reason in MODE_DEPENDENT:
            reason = f"{reason}@{render_mode_of(self.crawler, site)}"
        state = crawl_state(self.crawler)
        for url in {u for u in urls if u}:
            try:
                # The exact URL as requested, not the article's folded key: a 404 on an AMP twin must not
                # make the article itself skipped.
                state.mark_dropped(request_url(url), site, reason)
            except ValueError:
                continue

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Any = None) -> None:
        adapter = ItemAdapter(item)
        request_url = response.request.url if response is not None and response.request else None
        self.remember([adapter.get("url"), request_url], adapter.get("site"), getattr(exception, "reason", ""))


def remember_drop(crawler: Any, urls: list[str | None], site: str | None, reason: str) -> None:
    """For drops outside pipelines (the spider's page checks, HTTP errors)."""
    memory = getattr(crawler, "newscrawl_drop_memory", None)
    if memory is not None:
        memory.remember(urls, site, reason)
