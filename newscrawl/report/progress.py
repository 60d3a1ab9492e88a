"""Progress while the crawl runs: per site, links found, done, exported, errors and rate; overall, the
requests still queued and the time left at the current rate.

Every ``NEWSCRAWL_PROGRESS_INTERVAL`` seconds (default 30; 0 turns it off) one INFO line per site that moved
since the last one, and one overall line, so logs and cron mail stay short. On a terminal (stderr is a TTY,
no ``LOG_FILE``) and with ``NEWSCRAWL_PROGRESS_LIVE`` (default on), a live table drawn by rich instead,
refreshed in place.
Shaped like Scrapy's LogStats: started on ``spider_opened`` with ``create_looping_call``, stopped with a last
snapshot on ``spider_closed``. "done" is what became of discovered links: fetched, or skipped as seen or
dropped by an earlier run. A link found by several sources is found more than once but done once, so the
time left comes from Scrapy's queue (``scheduler/enqueued`` less ``scheduler/dequeued``), not per site.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.utils.asyncio import create_looping_call

from newscrawl.off import off_by_design
from newscrawl.stats import per_site

logger = logging.getLogger(__name__)
COLUMNS = ("site", "found", "done", "exported", "errors", "pages/min")


def site_progress(counts: dict[str, int]) -> dict[str, int]:
    done = sum(counts.get(k, 0) for k in ("requested", "skipped/seen", "skipped/dropped"))
    errors = sum(v for k, v in counts.items() if k.startswith("errors/"))
    return {"found": counts.get("discovered", 0), "done": done, "exported": counts.get("exported", 0),
            "errors": errors}


def time_left(remaining: int, per_minute: float) -> str:
    if remaining <= 0:
        return "0s"
    if per_minute <= 0:
        return "?"
    seconds = int(60 * remaining / per_minute)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    def __init__(self, crawler: Any, interval: float, live: bool):
        self.crawler = crawler
        self.interval = interval
        self.live_wanted = live
        self.task: Any = None
        self.live: Any = None
        self.last: dict[str, dict[str, int]] = {}
        self.last_time = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        interval = crawler.settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 30.0)
        if interval <= 0:
            raise off_by_design(cls, "NEWSCRAWL_PROGRESS_INTERVAL is 0")
        live = (crawler.settings.getbool("NEWSCRAWL_PROGRESS_LIVE", True) and not crawler.settings.get("LOG_FILE")
                and sys.stderr.isatty())
        ext = cls(crawler, interval, live)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def rows(self) -> list[tuple[bool, tuple[str, ...]]]:
        """(moved since the last snapshot, row) per site, with the rate since then; remembers this one."""
        now = time.monotonic()
        minutes = max(now - self.last_time, 1e-6) / 60
        rows = []
        for site, counts in sorted(per_site(self.crawler.stats.get_stats()).items()):
            p = site_progress(counts)
            rate = (p["done"] - self.last.get(site, {}).get("done", 0)) / minutes
            row = (site, *(str(p[k]) for k in ("found", "done", "exported", "errors")), f"{rate:.1f}")
            rows.append((p != self.last.get(site), row))
            self.last[site] = p
        self.last_time = now
        return rows

    def overall(self, rows: list[tuple[bool, tuple[str, ...]]]) -> str:
        stats = self.crawler.stats
        queued = stats.get_value("scheduler/enqueued", 0) - stats.get_value("scheduler/dequeued", 0)
        rate = sum(float(row[-1]) for _, row in rows)
        return f"{queued} requests queued, {rate:.1f} pages/min, about {time_left(queued, rate)} left"

    def spider_opened(self, spider: Any) -> None:
        if self.live_wanted:
            from rich.console import Console
            from rich.live import Live

            self.live = Live(console=Console(stderr=True), auto_refresh=False, transient=False)
            self.live.start()
        self.task = create_looping_call(self.tick)
        self.task.start(self.interval, now=False)

    def tick(self) -> None:
        rows = self.rows()
        if self.live is not None:
            from rich.table import Table

            table = Table(*COLUMNS, title="newscrawl progress", caption=self.overall(rows))
            for _, row in rows:
                table.add_row(*row)
            self.live.update(table, refresh=True)
            return
        for moved, row in rows:
            if moved:
                logger.info("progress %s: found %s, done %s, exported %s, errors %s, %s pages/min", *row)
        logger.info("progress: %s", self.overall(rows))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.tick()  # the last snapshot
        if self.live is not None:
            self.live.stop()
