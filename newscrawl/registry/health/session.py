"""One site's polite HTTP session for the check: one request at a time with the site's own delay, and
robots.txt read once per host and obeyed as the crawl obeys it. Every robots.txt read is recorded. Pages the
crawl would render go through the run's shared Chromium (``render``; newscrawl/registry/health/browser.py),
spaced by the same delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from newscrawl.registry.health.http import Fetched, FetchError, fetch, to_uri
from newscrawl.registry.health.report import Check
from newscrawl.settings import ROBOTSTXT_USER_AGENT

MAX_DELAY = 5.0  # a check makes a handful of requests per site; cap very slow profiles


class PoliteSession:
    """Sequential GETs spaced by ``delay``; ``checks`` collects the robots.txt reads in order."""

    def __init__(self, delay: float, timeout: float, checks: list[Check], pages: Callable[[], Any] | None = None):
        self.delay, self.timeout, self.checks = min(delay, MAX_DELAY), timeout, checks
        self.pages = pages  # the run's BrowserPages, asked for only when a page is rendered
        self.robots: dict[str, Protego | None] = {}
        self._last_request = 0.0

    def _spaced(self, get: Callable[[], Fetched]) -> Fetched:
        wait = self._last_request + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return get()
        finally:
            self._last_request = time.monotonic()

    def get(self, url: str) -> Fetched:
        return self._spaced(lambda: fetch(url, self.timeout))

    def render(self, url: str, site: Any, kind: str, scroll: int = 0) -> Fetched:
        """The page through Chromium, as the crawl renders it (FetchError with the reason when it cannot)."""
        if self.pages is None:
            raise FetchError("rendering is off")
        return self._spaced(lambda: self.pages().render(url, site, kind, scroll, self.timeout))

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host, fetched once; none readable (404, 403, unreachable) = no rules,
        as in the crawl. Rules are matched against the URL as sent (Arabic percent-encoded)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            check = Check("robots", origin + "/robots.txt")
            try:
                got = self.get(check.url)
                self.robots[origin] = Protego.parse(got.text()) if got.status == 200 else None
                check.detail = "parsed" if got.status == 200 else f"HTTP {got.status}: no rules"
            except FetchError as exc:
                self.robots[origin] = None
                check.detail = f"unreachable ({exc.reason}): no rules"
            self.checks.append(check)
        rules = self.robots[origin]
        return rules is None or rules.can_fetch(to_uri(url), ROBOTSTXT_USER_AGENT)
