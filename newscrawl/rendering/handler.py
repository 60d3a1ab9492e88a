"""scrapy-playwright's download handler, one instance per crawl for both http and https.

Scrapy builds one download handler per URL scheme. With scrapy-playwright's handler on ``http`` and
``https`` that is two handlers, each with its own browser provider: a crawl rendering pages of an http site
and of an https site would start two Playwright drivers and two Chromiums (about 300 MB each). Here the
second scheme gets the instance built for the first, so every rendered page shares one browser, and the
handler closes once although Scrapy closes it per scheme.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

# one handler per crawler, kept beside it rather than hung on it; gone with the crawler
_HANDLERS: WeakKeyDictionary[Any, SharedPlaywrightHandler] = WeakKeyDictionary()


class SharedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    _closed = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedPlaywrightHandler:
        handler = _HANDLERS.get(crawler)
        if handler is None:
            handler = _HANDLERS[crawler] = cls(crawler)
        return handler

    async def close(self) -> None:
        if self._closed:  # already closed for the other scheme
            return
        self._closed = True
        await super().close()
