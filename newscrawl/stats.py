"""Crawl-stat names in one place: a global counter and a per-site one, for the run manifest."""

from __future__ import annotations

from scrapy.statscollectors import StatsCollector

PREFIX = "newscrawl"


def count(stats: StatsCollector | None, site: str | None, name: str, n: int = 1) -> None:
    """Increment ``newscrawl/<name>`` and ``newscrawl/site/<site>/<name>``."""
    if stats is None:
        return
    stats.inc_value(f"{PREFIX}/{name}", n)
    if site:
        stats.inc_value(f"{PREFIX}/site/{site}/{name}", n)


def per_site(stats: dict[str, object]) -> dict[str, dict[str, int]]:
    """{site: {counter: value}} from a stats dict (nested names such as dropped/language kept)."""
    sites: dict[str, dict[str, int]] = {}
    marker = f"{PREFIX}/site/"
    for key, value in stats.items():
        if key.startswith(marker) and isinstance(value, int):
            site, _, name = key[len(marker):].partition("/")
            sites.setdefault(site, {})[name] = value
    return sites
