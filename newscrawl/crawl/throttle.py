"""Per-site throttling: each site's own delay as its floor, latency-based adjustment, and back-off when a
site says "slow down".

Scrapy's AutoThrottle never goes below the global DOWNLOAD_DELAY, whatever a slot's configured delay, and
adjusting it means overriding its private methods. This extension replaces it (Scrapy's is switched off in
newscrawl/settings.py) and uses only public API: the ``response_downloaded`` signal, the downloader's
``slots`` and each slot's ``delay``. The floor of a slot is the delay its site file gives (``DOWNLOAD_SLOTS``,
set by the spider); other slots keep the global ``DOWNLOAD_DELAY``. After each response the delay moves
towards latency / ``AUTOTHROTTLE_TARGET_CONCURRENCY`` (AutoThrottle's policy), within floor and
``AUTOTHROTTLE_MAX_DELAY``; ``AUTOTHROTTLE_ENABLED=False`` switches it off.

Latency alone would not slow a site down when it answers 429 or 503 (those come back fast), so on 429/503 the
site's delay at least doubles and is at least the ``Retry-After`` the server gave (seconds or an HTTP date),
up to ``AUTOTHROTTLE_MAX_DELAY``; logged and counted per site as ``throttle/backoff``. That delay is the
site's floor for the next ``NEWSCRAWL_BACKOFF_HOLD`` seconds (default 60); then the latency-based
adjustment brings it back down.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawl.off import off_by_design
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


class SiteThrottle:
    def __init__(self, crawler: Any):
        settings = crawler.settings
        if not settings.getbool("AUTOTHROTTLE_ENABLED"):
            raise off_by_design(self, "AUTOTHROTTLE_ENABLED is off")
        self.crawler = crawler
        self.target = settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY", 1.0)
        if self.target <= 0:
            raise NotConfigured(f"AUTOTHROTTLE_TARGET_CONCURRENCY must be > 0, not {self.target}")
        self.maxdelay = settings.getfloat("AUTOTHROTTLE_MAX_DELAY", 60.0)
        self.default_floor = settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self.hold = settings.getfloat("NEWSCRAWL_BACKOFF_HOLD", 60.0)  # seconds a backed-off delay lasts
        self.held: dict[str | None, tuple[float, float]] = {}  # slot -> (backed-off delay, held until)
        self._floors: dict[str, float] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SiteThrottle:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        return ext

    def floor(self, key: str | None) -> float:
        """The slot's lowest delay: its site's, raised by a back-off still held."""
        if self._floors is None:  # DOWNLOAD_SLOTS is complete once the spider exists
            self._floors = {name: float(conf.get("delay", self.default_floor))
                            for name, conf in self.crawler.settings.getdict("DOWNLOAD_SLOTS").items()}
        floor = self._floors.get(key or "", self.default_floor)
        held, until = self.held.get(key, (0.0, 0.0))
        return held if held > floor and time.monotonic() < until else floor

    def response_downloaded(self, response: Any, request: Any, spider: Any = None) -> None:
        key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        if slot is None:
            return
        if response.status in SLOW_DOWN:
            self.back_off(key, slot, response)
            return
        latency = request.meta.get("download_latency")
        if latency is not None:
            self.adjust(key, slot, latency, response.status)

    def adjust(self, key: str | None, slot: Any, latency: float, status: int) -> float:
        """AutoThrottle's policy: towards latency / target concurrency, never below the floor, and never down
        on a non-200 answer (error pages are small and fast)."""
        target = latency / self.target
        new_delay = max(target, (slot.delay + target) / 2.0)
        floor = self.floor(key)
        new_delay = min(max(floor, new_delay), max(self.maxdelay, floor))
        if status != 200 and new_delay <= slot.delay:
            return slot.delay
        slot.delay = new_delay
        return new_delay

    def back_off(self, key: str | None, slot: Any, response: Any) -> float:
        """Raise the slot's delay after a 429/503; the new delay."""
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        floor = self.floor(key)
        new_delay = max(slot.delay * 2, asked or 0.0, floor, 1.0)
        slot.delay = min(new_delay, max(self.maxdelay, floor))
        self.held[key] = (slot.delay, time.monotonic() + self.hold)
        logger.info("%s answered %d%s: %.1f s between its requests now", key, response.status,
                    f" (Retry-After {asked:.0f} s)" if asked is not None else "", slot.delay)
        count(self.crawler.stats, key, "throttle/backoff")
        return slot.delay
