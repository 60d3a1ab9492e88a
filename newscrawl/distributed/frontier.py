"""The shared frontier: scrapy-redis' scheduler and dupefilter, bounded and made safe for many workers.

``Frontier`` is scrapy-redis' ``Scheduler`` (a priority queue in a Redis sorted set, requests pickled with
``Request.to_dict``), built by its ``from_crawler`` with the dupefilter instance below, so scrapy-redis'
``from_settings`` path (which fails on Scrapy 2.19 with Scrapy's own dupefilter) is never taken. It never
blocks: a pop is one non-blocking script call (``SCHEDULER_IDLE_BEFORE_CLOSE=0``); an idle worker waits in
the coordinator's ``spider_idle`` handler (newscrawl/distributed/coordinator.py), polled by Scrapy's engine
every few seconds. Persisting (``SCHEDULER_PERSIST=True``): a worker's close never empties the shared queue.

``BloomDupeFilter`` is scrapy-redis' ``RFPDupeFilter`` with a bounded memory: a Bloom filter in one Redis
bitmap per run of the frontier (a *generation*, see the coordinator), sized for
``NEWSCRAWL_DUPEFILTER_CAPACITY`` requests (default 5,000,000) at a false-positive rate of
``NEWSCRAWL_DUPEFILTER_ERROR`` (default 1e-4): 12 MB, whatever the number of requests. A false positive skips
one request for the rest of that generation; the article is not exported, so the next run finds it again.
The key expires ``NEWSCRAWL_DUPEFILTER_TTL`` seconds (default 7 days) after the generation began, and the last
worker of a generation deletes it; its ``close`` never deletes the shared key (scrapy-redis' does). It
fingerprints requests with the crawler's request fingerprinter (Scrapy's), not scrapy-redis' own SHA1; the
crawl state's article keys (``newscrawl.urls.url_key``) are another matter and stay in the state.
"""

from __future__ import annotations

import hashlib
import logging
import math
from typing import Any

from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.state.redis_client import RedisUnavailable

logger = logging.getLogger(__name__)

DEFAULT_CAPACITY = 5_000_000
DEFAULT_ERROR = 1e-4
DEFAULT_TTL = 7 * 86400
MAX_BITS = 2**32  # a Redis string holds at most 512 MB

BLOOM_ADD = """
local seen = 1
for i = 2, #ARGV do
  if redis.call('SETBIT', KEYS[1], ARGV[i], 1) == 0 then seen = 0 end
end
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return seen
"""

# KEYS: queue, this worker's idle flag. The highest-priority request, removed; the worker is busy again.
POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0)
if #top == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('DEL', KEYS[2])
return top[1]
"""


def bloom_size(capacity: int, error_rate: float) -> tuple[int, int]:
    """(bits, hash functions) of a Bloom filter holding ``capacity`` items at ``error_rate`` false positives."""
    if capacity < 1 or not 0 < error_rate < 1:
        raise ValueError("NEWSCRAWL_DUPEFILTER_CAPACITY must be >= 1 and NEWSCRAWL_DUPEFILTER_ERROR in (0, 1)")
    bits = min(MAX_BITS, math.ceil(-capacity * math.log(error_rate) / math.log(2) ** 2))
    return bits, max(1, round(bits / capacity * math.log(2)))


class BloomDupeFilter(RFPDupeFilter):
    def __init__(self, server: Any, key: str, *, capacity: int = DEFAULT_CAPACITY, error_rate: float = DEFAULT_ERROR,
                 ttl: int = DEFAULT_TTL, fingerprinter: Any = None, waiting: Any = None, stats: Any = None,
                 debug: bool = False):
        super().__init__(server, key, debug=debug)
        self.bits, self.hashes = bloom_size(capacity, error_rate)
        self.ttl, self.fingerprinter, self.stats = ttl, fingerprinter, stats
        self.waiting = waiting or (lambda fn, *a, **kw: fn(*a, **kw))
        self.script = server.register_script(BLOOM_ADD)

    def request_fingerprint(self, request: Any) -> bytes:
        if self.fingerprinter is not None:
            return self.fingerprinter.fingerprint(request)
        return super().request_fingerprint(request).encode()

    def positions(self, fingerprint: bytes) -> list[int]:
        """The filter's bits for one fingerprint (double hashing over a 128-bit blake2b digest)."""
        digest = hashlib.blake2b(fingerprint, digest_size=16).digest()
        h1, h2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1
        return [(h1 + i * h2) % self.bits for i in range(self.hashes)]

    def request_seen(self, request: Any) -> bool:
        args = [self.ttl, *self.positions(self.request_fingerprint(request))]
        return self.waiting(self.script, keys=[self.key], args=args) == 1

    def log(self, request: Any, spider: Any) -> None:
        super().log(request, spider)
        if self.stats is not None:
            self.stats.inc_value("dupefilter/filtered")

    def close(self, reason: str = "") -> None:
        """Nothing: the filter is the generation's, shared by every worker (the coordinator deletes it)."""


class Frontier(Scheduler):
    @classmethod
    def from_crawler(cls, crawler: Any) -> Frontier:
        from newscrawl.distributed.coordinator import Coordinator

        coordinator = Coordinator.of(crawler)
        coordinator.join()  # decides the generation (and whether this worker seeds) before anything is queued
        store, settings = coordinator.store, crawler.settings
        dupefilter = BloomDupeFilter(
            store.r, coordinator.dupefilter_key,
            capacity=settings.getint("NEWSCRAWL_DUPEFILTER_CAPACITY", DEFAULT_CAPACITY),
            error_rate=settings.getfloat("NEWSCRAWL_DUPEFILTER_ERROR", DEFAULT_ERROR),
            ttl=settings.getint("NEWSCRAWL_DUPEFILTER_TTL", DEFAULT_TTL),
            fingerprinter=crawler.request_fingerprinter, waiting=store.waiting, stats=crawler.stats,
            debug=settings.getbool("DUPEFILTER_DEBUG"))
        scheduler = cls(server=store.r, persist=True, flush_on_start=False, queue_key=coordinator.queue_key,
                        queue_cls=f"{PriorityQueue.__module__}.{PriorityQueue.__name__}", dupefilter=dupefilter,
                        idle_before_close=0)
        scheduler.stats, scheduler.coordinator, scheduler.waiting = crawler.stats, coordinator, store.waiting
        scheduler.pop = store.r.register_script(POP)
        return scheduler

    def open(self, spider: Any) -> None:
        self.waiting(super().open, spider)

    # Redis gone for longer than NEWSCRAWL_REDIS_WAIT: the coordinator is closing the crawl (outcome failed);
    # the engine is given nothing more, and a request that could not be queued is logged and counted.
    def enqueue_request(self, request: Any) -> bool:
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.waiting(self.queue.push, request)
        except RedisUnavailable:
            logger.error("not queued (Redis unavailable): %s", request)
            self.stats.inc_value("scheduler/unqueued/redis_unavailable")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Any:
        if self.coordinator.seed_only:
            return None
        try:
            data = self.waiting(self.pop, keys=[self.queue.key, self.coordinator.idle_key])
        except RedisUnavailable:
            return None
        if not data:
            return None
        self.coordinator.worked()
        self.stats.inc_value("scheduler/dequeued/redis")
        return self.queue._decode_request(data)

    def has_pending_requests(self) -> bool:
        if self.coordinator.seed_only:
            return False
        try:
            return self.waiting(len, self.queue) > 0
        except RedisUnavailable:
            return False
