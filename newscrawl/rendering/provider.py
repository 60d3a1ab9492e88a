"""scrapy-playwright's browser provider for newscrawl: nothing starts until a page needs the browser.

scrapy-playwright asks its provider for a browser the first time a request carries ``meta["playwright"]``
(``PLAYWRIGHT_BROWSER_PROVIDER``, see scrapy_playwright/provider.py). This provider starts the Playwright
driver only then, finds a Chromium (newscrawl.rendering.chromium) and launches it. In ``auto`` mode most sites never
fall back, so most crawls start neither the driver nor Chromium. When no Chromium exists, every browser
request fails with the same BrowserNotFoundError (logged once): the spider counts it as
``errors/no_browser`` for the site and the rest of the run goes on.

Once the run is stopping (SIGINT/SIGTERM), no Chromium is launched, not even again. A stop signal sent to
the crawl's process group (Ctrl-C in a terminal, systemd's stop) reaches Chromium too; scrapy-playwright then
drops the dead browser and asks its provider for a new one for each page still in the downloader (its retry on
``TargetClosedError``, its restart of a disconnected browser): a relaunch of a few hundred MB for pages the
stopping run throws away. Those pages fail with ``RunStoppingError`` instead and, like every request a stopped
run leaves, are done by the next run (the spider does not count them: spiders/news.py ``on_error``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright

from newscrawl.rendering.chromium import BrowserNotFoundError, RunStoppingError, find_browser, launch_options

logger = logging.getLogger(__name__)


class ChromiumProvider:
    """Lazy Playwright driver + run-time Chromium search. Built by ``functools.partial`` with our settings."""

    def __init__(self, config: Any, explicit: str | None = None, search: tuple[str, ...] | None = None,
                 extra_args: tuple[str, ...] = (), stopping: Callable[[], bool] | None = None):
        self.config = config
        self.explicit, self.search, self.extra_args = explicit, search, extra_args
        self.stopping = stopping  # True once the run is stopping: launch nothing from then on
        self._refused = False
        self._manager: Any = None
        self.playwright: Playwright | None = None
        self._missing: BrowserNotFoundError | None = None

    async def start(self) -> None:
        """Called at engine start: deliberately nothing, the driver starts with the first browser request."""

    async def _driver(self) -> Playwright:
        if self.playwright is None:
            self._manager = async_playwright()
            self.playwright = await self._manager.start()
        return self.playwright

    async def launch_browser(self) -> Browser:
        if self._missing is not None:
            raise self._missing
        if self.stopping is not None and self.stopping():
            if not self._refused:
                self._refused = True
                logger.info("the run is stopping: Chromium is not launched again; its pages are left for the next run")
            raise RunStoppingError("the run is stopping: no browser is launched")
        browser_type = getattr(await self._driver(), self.config.browser_type_name)
        try:
            kwargs: dict[str, Any] = {}
            if self.search is not None:
                kwargs["candidates"] = self.search
            found = find_browser(self.explicit, browser_type.executable_path, **kwargs)
        except BrowserNotFoundError as exc:
            logger.error("%s", exc)
            self._missing = exc
            await self.close()  # no browser will ever come: do not keep the driver running
            raise
        options = {**launch_options(found, self.extra_args), **(self.config.launch_options or {})}
        logger.info("launching %s Chromium %s", found.origin, found.path)
        return await browser_type.launch(**options)

    async def launch_persistent_context(self, context_kwargs: dict) -> BrowserContext:
        raise NotImplementedError("newscrawl uses no persistent browser profile")

    async def close(self) -> None:
        if self.playwright is not None:
            await self.playwright.stop()
            self.playwright = self._manager = None
