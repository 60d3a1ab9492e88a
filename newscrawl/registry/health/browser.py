"""Rendering pages for ``sites check`` through the crawl's own Chromium path.

The check renders exactly what the crawl renders (``policy.wants_browser``; for ``auto`` sites, a plain page
the crawl would fetch again: ``fallback_reason``, ``listing_fallback_reason``; sources.py and article.py
apply them), with the crawl's pieces, not copies of them:

- the browser: ``ChromiumProvider`` (newscrawl/rendering/provider.py), so the same executable search and
  launch options, configured by scrapy-playwright's ``Config`` read from the project's settings;
- what a page may load: ``PLAYWRIGHT_ABORT_REQUEST`` (images, fonts, ad hosts: page_actions.py) and the scope
  guard (``page_guard.install_guard``: nothing outside the site's hosts);
- what is done with it: ``policy.page_methods`` (wait for the article, scroll listings), ``GOTO_KWARGS``,
  the crawl's User-Agent, ``PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT``-style bounds from the check's timeout.

Why Playwright's async API directly rather than a small Scrapy crawl: the check is a polite, sequential
session per site whose steps feed each other (robots.txt, then sources, then the newest article URLs, up
to three); as a Scrapy crawl that sequence would be rewritten as callbacks for the sake of a few rendered
pages, with a second reactor-bound copy of the check. What scrapy-playwright adds around the pieces above
(its header override, page bookkeeping for a long crawl) a one-page-at-a-time check does not need.

One Chromium per check run, launched at the first page that needs it (a run of plain sites starts none),
shared by the sites' threads through one event-loop thread, at most ``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT``
pages at once, closed by :meth:`BrowserPages.close` at the end of the run. No Chromium installed: every
rendered step fails with the same one-line reason (:data:`NO_BROWSER`).
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout
from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from scrapy_playwright.handler import Config

from newscrawl.registry import SiteProfile
from newscrawl.registry.health.http import Fetched, FetchError, to_uri
from newscrawl.rendering.chromium import BrowserNotFoundError
from newscrawl.rendering.page_guard import browser_scope, install_guard
from newscrawl.rendering.policy import GOTO_KWARGS, min_text_chars, page_methods
from newscrawl.rendering.provider import ChromiumProvider
from newscrawl.settings import USER_AGENT

NO_BROWSER = "no Chromium to render with (apt-get install chromium, or set NEWSCRAWL_BROWSER_PATH)"


def project_settings() -> Settings:
    """The crawl's settings (newscrawl/settings.py); the browser ones may come from the environment too."""
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    for name in ("NEWSCRAWL_BROWSER_PATH", "NEWSCRAWL_BROWSER_SEARCH", "NEWSCRAWL_BROWSER_ARGS"):
        if name in os.environ:
            settings.set(name, os.environ[name], priority="cmdline")
    return settings


class BrowserPages:
    """Renders one page at a time per caller thread; thread-safe; lazy; :meth:`close` when done."""

    def __init__(self, settings: Settings | None = None):
        settings = settings or project_settings()
        self.config = Config.from_settings(settings)
        self.min_chars = min_text_chars(settings)
        self.wait_ms = settings.getfloat("NEWSCRAWL_RENDER_WAIT", 10.0) * 1000
        self.scroll_pause_ms = settings.getfloat("NEWSCRAWL_RENDER_SCROLL_PAUSE", 3.0) * 1000
        self.abort = load_object(settings["PLAYWRIGHT_ABORT_REQUEST"]) if settings.get(
            "PLAYWRIGHT_ABORT_REQUEST") else None
        search = settings.getlist("NEWSCRAWL_BROWSER_SEARCH") if settings.get("NEWSCRAWL_BROWSER_SEARCH") else None
        self.provider = ChromiumProvider(
            self.config, explicit=settings.get("NEWSCRAWL_BROWSER_PATH") or None,
            search=tuple(search) if search is not None else None,
            extra_args=tuple(settings.getlist("NEWSCRAWL_BROWSER_ARGS")))
        self.launches = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._browser: Any = None
        self._context: Any = None
        self._start = asyncio.Lock()
        self._pages = asyncio.Semaphore(max(1, self.config.max_pages_per_context or 1))

    # -- called from the check's threads
    def render(self, url: str, site: SiteProfile, kind: str, scroll: int = 0, timeout: float = 20.0) -> Fetched:
        """The page as Chromium shows it after the crawl's page actions; FetchError with a short reason."""
        bound = timeout + (self.wait_ms + 2 * scroll * self.scroll_pause_ms) / 1000 + 30  # never hang the check
        try:
            return self._call(self._render(url, site, kind, scroll, timeout), bound)
        except BrowserNotFoundError:
            raise FetchError(NO_BROWSER) from None
        except (PlaywrightTimeout, FutureTimeout):
            raise FetchError(f"browser timeout after {timeout:g} s") from None
        except PlaywrightError as exc:
            raise FetchError(f"browser error: {(exc.message or str(exc)).splitlines()[0][:160]}") from None

    def close(self) -> None:
        with self._guard:
            loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._close(), loop).result(30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(30)
            loop.close()

    def _call(self, coro: Any, timeout: float) -> Any:
        with self._guard:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever, name="sites-check-browser",
                                                daemon=True)
                self._thread.start()
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout)

    # -- on the event-loop thread
    async def _browser_context(self) -> Any:
        async with self._start:
            if self._context is None:
                self._browser = await self.provider.launch_browser()  # BrowserNotFoundError: remembered, logged once
                self.launches += 1
                self._context = await self._browser.new_context(user_agent=USER_AGENT)
        return self._context

    async def _block(self, route: Any, request: Any) -> None:
        """PLAYWRIGHT_ABORT_REQUEST, as scrapy-playwright applies it in the crawl."""
        if self.abort is not None and self.abort(request):
            await route.abort()
        else:
            await route.fallback()

    async def _render(self, url: str, site: SiteProfile, kind: str, scroll: int, timeout: float) -> Fetched:
        context = await self._browser_context()
        async with self._pages:
            page = await context.new_page()
            try:
                refused: list[str] = []
                await page.route("**", self._block)
                await install_guard(page, browser_scope(site), refused)  # routed last, so asked first
                response = await page.goto(to_uri(url), timeout=timeout * 1000, **GOTO_KWARGS)
                for method in page_methods(site, kind, scroll, self.wait_ms, self.scroll_pause_ms):
                    method.result = await method.method(page, *method.args, **method.kwargs)
                html = await page.content()
                status = response.status if response is not None else 200
                return Fetched(page.url, status, html.encode("utf-8"), "utf-8", rendered=True,
                               refused=len(refused))
            finally:
                await page.close()

    async def _close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        await self.provider.close()
