"""The add-on that turns a crawl into a worker of a distributed crawl when ``NEWSCRAWL_STATE`` is a Redis URL.

Listed in ``ADDONS`` (newscrawl/settings.py); does nothing otherwise, so a crawl on one machine keeps Scrapy's
scheduler and the SQLite state. Sets, at add-on priority (``-s`` on the command line still wins):
``SCHEDULER`` (scrapy-redis' scheduler, newscrawl.distributed.frontier.Frontier), ``DUPEFILTER_CLASS`` (its
RFPDupeFilter, bounded: frontier.BloomDupeFilter), ``SCHEDULER_PERSIST=True``, ``SCHEDULER_IDLE_BEFORE_CLOSE=0``
(never a blocking pop on the reactor), and enables the coordinator extension. scrapy-redis'
``RedisStatsCollector`` and ``RedisPipeline`` are not used: each worker keeps Scrapy's stats and writes its own
manifest (``merge`` sums them).
"""

from __future__ import annotations

from typing import Any

from newscrawl.state.redis_client import is_redis_uri


class Distributed:
    @classmethod
    def from_crawler(cls, crawler: Any) -> Distributed:
        return cls()

    def update_settings(self, settings: Any) -> None:
        url = settings.get("NEWSCRAWL_STATE")
        if not is_redis_uri(url):
            return
        from newscrawl.distributed.coordinator import Coordinator

        for name, value in (("SCHEDULER", "newscrawl.distributed.frontier.Frontier"),
                            ("DUPEFILTER_CLASS", "newscrawl.distributed.frontier.BloomDupeFilter"),
                            ("SCHEDULER_PERSIST", True), ("SCHEDULER_IDLE_BEFORE_CLOSE", 0), ("REDIS_URL", url)):
            settings.set(name, value, priority="addon")
        settings.set_in_component_priority_dict("EXTENSIONS", Coordinator, 5)  # after the state's owner (0)
