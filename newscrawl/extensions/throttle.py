"""AutoThrottle with each site's own delay as its floor.

Scrapy's AutoThrottle never goes below the global DOWNLOAD_DELAY, whatever a slot's configured delay:
a site file asking for 3 s between requests would be throttled down to the global floor, and a fixture
site asking for none would be held at it. Here the floor of a slot is the delay its site file gives
(``DOWNLOAD_SLOTS``, set by the spider); other slots keep the global floor. Back-off above the floor on
slow responses is AutoThrottle's, unchanged.
"""

from __future__ import annotations

from typing import Any

from scrapy.extensions.throttle import AutoThrottle


class SiteAutoThrottle(AutoThrottle):
    def _spider_opened(self, spider: Any) -> None:
        super()._spider_opened(spider)
        self.default_floor = self.mindelay
        self.floors = {
            key: float(conf.get("delay", self.default_floor))
            for key, conf in self.crawler.settings.getdict("DOWNLOAD_SLOTS").items()
        }

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        # The response is not tied to its request yet at this signal: read the slot from the request.
        self.mindelay = self.floors.get(request.meta.get("download_slot"), self.default_floor)
        super()._response_downloaded(response, request, spider)
