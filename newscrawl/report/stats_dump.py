"""Scrapy's stats collector, with the end-of-run dump of every stat at DEBUG instead of INFO.

The dump is some 150 lines that bury how the run went; the per-site summary (newscrawl/report/summary.py)
takes its place at INFO, and every stat is still written to the run manifest (``stats``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector

logger = logging.getLogger("scrapy.statscollectors")


class DebugDumpStatsCollector(MemoryStatsCollector):
    def __init__(self, crawler: Any):
        super().__init__(crawler)
        self._dump_at_debug = self._dump
        self._dump = False  # Scrapy's INFO dump off; ours below

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        if self._dump_at_debug:
            logger.debug("Dumping Scrapy stats:\n%s", self, extra={"spider": self._crawler.spider})
        super().close_spider(spider, reason)
