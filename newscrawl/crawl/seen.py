"""Skip article requests for URLs an earlier run already exported: the heart of incremental crawling.

A spider middleware (async generator, as Scrapy 2.19 wants): requests marked ``newscrawl_kind=article``
whose dedup key is in the crawl state never reach the scheduler. Counted as ``skipped/seen``; URLs an
earlier run dropped for a reason that still holds (newscrawl/crawl/failure_memory.py) as ``skipped/dropped``.
The state is asked once per chunk of a response's requests, not once per link.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request

from newscrawl.crawl.failure_memory import still_applies
from newscrawl.crawl.scope import RunScope
from newscrawl.off import off_by_design
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count
from newscrawl.urls import request_url, url_key

CHUNK = 200  # requests held back at most, to ask the state about them at once


class SeenArticleMiddleware:
    def __init__(self, store: Any, scope: RunScope, stats: Any):
        self.store, self.scope, self.stats = store, scope, stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SeenArticleMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_SEEN", True):
            raise off_by_design(cls, "NEWSCRAWL_SKIP_SEEN is off")
        return cls(StateOwner.of(crawler).store, RunScope.of(crawler), crawler.stats)

    async def process_spider_output(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        held: list[Request] = []
        async for entry in result:
            if isinstance(entry, Request) and entry.meta.get("newscrawl_kind") == "article":
                held.append(entry)
                if len(held) >= CHUNK:
                    for request in self._unseen(held):
                        yield request
                    held = []
                continue
            yield entry
        for request in self._unseen(held):
            yield request

    def _unseen(self, requests: list[Request]) -> Iterable[Request]:
        site_of = {r.url: r.meta.get("site") for r in requests}
        outcomes = handled_before_many(self.store, list(site_of), lambda url: self.scope.render_mode(site_of[url]))
        for request in requests:
            outcome = outcomes.get(request.url)
            if outcome:
                count(self.stats, request.meta.get("site"), "skipped/seen" if outcome == "seen" else "skipped/dropped")
                continue
            yield request


def handled_before_many(store: Any, urls: list[str], render_mode: Any) -> dict[str, str]:
    """{url: "seen" | "dropped"} for the URLs an earlier run exported or dropped for a reason that still holds
    (``render_mode(url)`` gives the URL's site's render mode); two state lookups for all of them."""
    keys, requested = {}, {}
    for url in urls:
        try:
            keys[url], requested[url] = url_key(url), request_url(url)
        except ValueError:
            continue
    exported = store.exported_ids(keys.values())
    dropped = store.dropped_reasons(requested[u] for u in keys if keys[u] not in exported)
    out = {}
    for url in keys:
        if keys[url] in exported:
            out[url] = "seen"
        elif requested[url] in dropped and still_applies(dropped[requested[url]], render_mode(url)):
            out[url] = "dropped"
    return out


def handled_before(store: Any, url: str, render_mode: str) -> str | None:
    """``"seen"`` when an earlier run exported the article, ``"dropped"`` when it dropped the URL for a reason
    that still holds (not Arabic, not HTML, a 404…), else None."""
    return handled_before_many(store, [url], lambda _: render_mode).get(url)
