"""Date-partitioned sitemap templates (``/sitemap.xml?yyyy={YYYY}&mm={MM}``) expanded over a range."""

from __future__ import annotations

from datetime import date, timedelta

from newscrawl.registry import Source


def fill(template: str, day: date) -> str:
    return (
        template.replace("{YYYY}", f"{day.year:04d}")
        .replace("{MM}", f"{day.month:02d}")
        .replace("{M}", str(day.month))
        .replace("{DD}", f"{day.day:02d}")
        .replace("{D}", str(day.day))
    )


def expand_partitions(source: Source, since: date | None, until: date | None, today: date) -> list[str]:
    """The source URL, or one URL per day/month/year partition from ``since`` to ``until``.

    Without ``since`` a scheduled run reads the current partition and the one before (so articles
    published just before midnight or month end are not missed).
    """
    if source.partition == "none":
        return [source.url]
    last = min(until or today, today)
    step = {"daily": 1, "monthly": 28, "yearly": 365}[source.partition]
    first = since or last - timedelta(days=step)
    urls: dict[str, None] = {}
    day = last
    while day >= first:
        urls.setdefault(fill(source.url, day), None)
        day -= timedelta(days=1 if source.partition == "daily" else 27)
    urls.setdefault(fill(source.url, first), None)
    return list(urls)
