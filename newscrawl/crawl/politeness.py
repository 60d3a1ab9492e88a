"""Per-site politeness as Scrapy download slots: each site's delay and concurrency, whatever hosts it spans."""

from __future__ import annotations

from typing import Any

from newscrawl.registry import SiteProfile

JITTER = 0.5  # ±50% around each delay, so requests do not arrive like a metronome


def download_slots(sites: list[SiteProfile], existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """``DOWNLOAD_SLOTS`` for the sites: one slot per site key (the spider's requests carry it), plus the
    sites' hosts for requests Scrapy makes itself (robots.txt), which use host slots. Where hosts are
    shared (the fixture site's 127.0.0.1), the most patient site wins."""
    slots = dict(existing or {})
    for site in sites:
        politeness = {"concurrency": site.concurrency, "delay": site.delay, "jitter": JITTER}
        slots.setdefault(site.key, politeness)
        for domain in site.domains:
            host = domain.split("/")[0].split(":")[0]
            for name in (host, f"www.{host}"):
                current = slots.get(name)
                if current is None or current.get("delay", 0) < site.delay:
                    slots[name] = politeness
    return slots


def connections_per_host(sites: list[SiteProfile], current: int) -> int:
    """``CONCURRENT_REQUESTS_PER_DOMAIN`` for the sites: Scrapy's HTTP/1.1 pool keeps that many idle
    connections per host (scrapy/core/downloader/handlers/http11.py), so a site allowed more requests at once
    than it would open a new connection, TLS handshake included, for every request past it."""
    return max([current, *(site.concurrency for site in sites)])
