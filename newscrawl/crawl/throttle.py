"""AutoThrottle with each site's own delay as its floor, and back-off when a site says "slow down".

Scrapy's AutoThrottle never goes below the global DOWNLOAD_DELAY, whatever a slot's configured delay:
a site file asking for 3 s between requests would be throttled down to the global floor, and a fixture
site asking for none would be held at it. Here the floor of a slot is the delay its site file gives
(``DOWNLOAD_SLOTS``, set by the spider); other slots keep the global floor.

AutoThrottle adjusts the delay to the response *latency* only, and a 429 or 503 usually comes back fast:
left alone, the retry middleware would ask again at once. So on 429/503 the site's delay at least doubles,
and is at least the ``Retry-After`` the server gave (seconds or an HTTP date), up to AUTOTHROTTLE_MAX_DELAY;
logged, and counted per site as ``throttle/backoff``. That delay is the site's floor for the next
``NEWSCRAWL_BACKOFF_HOLD`` seconds (default 60), since AutoThrottle would otherwise halve it at the next quick
200; then the usual latency-based adjustment brings it back down.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.extensions.throttle import AutoThrottle

from newscrawl.stats import count

logger = logging.getLogger(__name__)
SLOW_DOWN = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class SiteAutoThrottle(AutoThrottle):
    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self.hold = crawler.settings.getfloat("NEWSCRAWL_BACKOFF_HOLD", 60.0)  # seconds a backed-off delay lasts
        self.held: dict[str | None, tuple[float, float]] = {}  # slot -> (backed-off delay, held until)

    def _spider_opened(self, spider: Any) -> None:
        super()._spider_opened(spider)
        self.default_floor = self.mindelay
        self.floors = {
            key: float(conf.get("delay", self.default_floor))
            for key, conf in self.crawler.settings.getdict("DOWNLOAD_SLOTS").items()
        }

    def _response_downloaded(self, response: Any, request: Any, spider: Any) -> None:
        # The response is not tied to its request yet at this signal: read the slot from the request.
        key = request.meta.get("download_slot")
        self.mindelay = self.floors.get(key, self.default_floor)
        held, until = self.held.get(key, (0.0, 0.0))
        if held > self.mindelay and time.monotonic() < until:
            self.mindelay = held
        if response.status in SLOW_DOWN:
            key, slot = self._get_slot(request, spider)
            if slot is not None:
                self.back_off(key, slot, response)
                return
        super()._response_downloaded(response, request, spider)

    def back_off(self, key: str | None, slot: Any, response: Any) -> float:
        """Raise the slot's delay after a 429/503; the new delay."""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        new_delay = max(slot.delay * 2, asked or 0.0, self.mindelay, 1.0)
        slot.delay = min(new_delay, max(self.maxdelay, self.mindelay))
        self.held[key] = (slot.delay, time.monotonic() + self.hold)
        logger.info("%s answered %d%s: %.1f s between its requests now", key, response.status,
                    f" (Retry-After {asked:.0f} s)" if asked is not None else "", slot.delay)
        count(self.crawler.stats, key, "throttle/backoff")
        return slot.delay
