"""What later runs must know about a failed request or a dropped page, decided by the failure table.

A lasting failure (newscrawl/crawl/failures.py: a 404, not HTML, not Arabic, a duplicate) is remembered as
dropped, so later runs do not fetch the URL again every night (``NEWSCRAWL_REMEMBER_DROPS``, default on); the
seen-URL middleware skips it (``skipped/dropped``). A passing one (5xx, timeout, truncated body, our own bug)
is queued for the next runs (``NEWSCRAWL_RETRY_RUNS``, default 5; newscrawl/crawl/retries.py), counted
``retry/queued``. The rest is only counted where it happened.

A Scrapy extension: the spider calls :meth:`record` for request errors and page drops, and pipeline drops
arrive through the ``item_dropped`` signal (their ``CountedDrop.reason``). The store and the run's scope are
looked up at first use, when every extension exists.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.crawl.failures import is_lasting, is_retried, kind
from newscrawl.crawl.scope import RunScope
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count
from newscrawl.urls import request_url

DEFAULT_RETRY_RUNS = 5


def retry_runs(settings: Any) -> int:
    runs = settings.getint("NEWSCRAWL_RETRY_RUNS", DEFAULT_RETRY_RUNS)
    if runs < 0:
        raise ValueError(f"NEWSCRAWL_RETRY_RUNS must be >= 0, not {runs}")
    return runs


def still_applies(reason: str, render_mode: str) -> bool:
    """Whether a remembered drop still holds for a site now rendered in ``render_mode``."""
    _, _, mode = reason.partition("@")
    return not mode or mode == render_mode


class FailureMemory:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.remember_drops = crawler.settings.getbool("NEWSCRAWL_REMEMBER_DROPS", True)
        self.retry_runs = retry_runs(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Any) -> FailureMemory:
        memory = cls(crawler)
        crawler.signals.connect(memory.item_dropped, signal=signals.item_dropped)
        return memory

    @cached_property
    def store(self) -> Any:
        return StateOwner.of(self.crawler).store

    @cached_property
    def scope(self) -> RunScope:
        return RunScope.of(self.crawler)

    def record(self, reason: str, site: str | None, urls: list[str | None], *,
               discovered_via: dict[str, Any] | None = None) -> str | None:
        """Remember or queue by the table; which of the two was done (``"remembered"``/``"queued"``), if any.

        ``urls``: the URLs that led to the page (the first is the one asked for again when retried)."""
        if not site:
            return None
        if is_lasting(reason):
            return "remembered" if self.remember(reason, site, urls) else None
        if is_retried(reason) and self.retry_runs > 0 and urls and urls[0]:
            self.store.mark_retry(urls[0], site, reason, discovered_via, attempt=kind(reason).counts_attempt)
            count(self.crawler.stats, site, "retry/queued")
            return "queued"
        return None

    def remember(self, reason: str, site: str, urls: list[str | None]) -> bool:
        if not self.remember_drops:
            return False
        if kind(reason).mode_dependent:
            reason = f"{reason}@{self.scope.render_mode(site)}"
        for url in dict.fromkeys(u for u in urls if u):
            try:
                # The exact URL as requested, not the article's folded key: a 404 on an AMP twin must not
                # make the article itself skipped.
                self.store.mark_dropped(request_url(url), site, reason)
            except ValueError:
                continue
        return True

    def item_dropped(self, item: Any, response: Any, exception: Exception, spider: Any = None) -> None:
        reason = getattr(exception, "reason", "")
        if not reason:
            return
        adapter = ItemAdapter(item)
        requested = response.request.url if response is not None and response.request else None
        self.record(reason, adapter.get("site"), [adapter.get("url"), requested],
                    discovered_via=adapter.get("discovered_via"))
