"""The workers of a distributed crawl: who seeds, who is alive, when to stop (a Scrapy extension).

Every worker is started the same way. The workers of one crawl share a **generation**: the frontier's
queue, its dupefilter and a member list in Redis. A worker joins (one script, atomic) when its scheduler is
built: if a generation has a live member (or was seeded by ``python -m newscrawl seed`` for the workers to
come) it joins it and pulls; otherwise it starts a new generation and is the one that **seeds** it (the
spider's ``start()`` yields the sources only there, see :func:`seeds_here`). So the first worker of each run
seeds, hourly runs each start a fresh dupefilter, and a worker started after all others died (SIGKILL)
seeds again: the requests they left queued stay queued, and those they had in flight are found again.

Liveness: each worker keeps ``<p>:alive:<run>`` (expiring after ``NEWSCRAWL_HEARTBEAT`` seconds, default 30,
refreshed every third of it). An idle worker sets ``<p>:idle:<run>``; popping a request clears it atomically.

Stopping: on ``spider_idle`` the worker closes (outcome ``finished``) when the queue is empty and every other
live member is idle too (nobody can queue anything more), or when it has been idle for
``NEWSCRAWL_IDLE_EXIT`` seconds (default 180, measured on the monotonic clock); until then it raises
``DontCloseSpider`` and Scrapy's engine polls the queue every few seconds: nothing blocks the reactor. The
last member to leave a generation ends it (and deletes its dupefilter). Redis unavailable for longer than
``NEWSCRAWL_REDIS_WAIT``: the crawl is closed with reason ``redis_unavailable`` (outcome ``failed``).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider

from newscrawl.off import off_by_design
from newscrawl.state.redis_client import RedisUnavailable, is_redis_uri

logger = logging.getLogger(__name__)
DEFAULT_IDLE_EXIT = 180.0
DEFAULT_HEARTBEAT = 30.0

# ARGV: prefix, run, heartbeat ttl, queue key, seed-only (1/0). Returns {generation, 1 if this one seeds}.
# A generation is joined while one of its workers is alive, or when `python -m newscrawl seed` seeded it for the
# workers to come (flag `seeded`). Otherwise a new one starts: its first worker seeds it; requests still queued
# by dead workers stay queued, and what those had in flight is found again through the sources.
JOIN = """
local p, run, ttl, queue, seeding = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5] == '1'
local gen = redis.call('GET', p..':generation')
if gen then
  local live = 0
  for _, m in ipairs(redis.call('SMEMBERS', p..':gen:'..gen..':members')) do
    if redis.call('EXISTS', p..':alive:'..m) == 1 then live = live + 1
    else  -- died without leaving: remembered, so no worker of the generation saves source validators
      redis.call('SREM', p..':gen:'..gen..':members', m)
      redis.call('SET', p..':gen:'..gen..':lost', 1, 'EX', 86400)
    end
  end
  if live > 0 or redis.call('EXISTS', p..':gen:'..gen..':seeded') == 1 then
    if not seeding then
      redis.call('DEL', p..':gen:'..gen..':seeded')
      redis.call('SADD', p..':gen:'..gen..':members', run)
      redis.call('SET', p..':alive:'..run, 1, 'EX', ttl)
    end
    return {gen, seeding and 1 or 0}
  end
  redis.call('DEL', p..':gen:'..gen..':members', p..':dupefilter:'..gen)
end
gen = run
redis.call('SET', p..':generation', gen)
if seeding then
  redis.call('SET', p..':gen:'..gen..':seeded', 1, 'EX', 86400)
else
  redis.call('SADD', p..':gen:'..gen..':members', run)
  redis.call('SET', p..':alive:'..run, 1, 'EX', ttl)
end
return {gen, 1}
"""

# ARGV: prefix, generation, run, heartbeat ttl, queue key. Marks this worker idle; returns {queued requests,
# other live members that are busy}.
IDLE = """
local p, gen, run, ttl, queue = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
redis.call('SET', p..':idle:'..run, 1, 'EX', ttl)
local busy = 0
for _, m in ipairs(redis.call('SMEMBERS', p..':gen:'..gen..':members')) do
  if m ~= run and redis.call('EXISTS', p..':alive:'..m) == 1 and redis.call('EXISTS', p..':idle:'..m) == 0 then
    busy = busy + 1
  end
end
return {redis.call('ZCARD', queue), busy}
"""

# ARGV: prefix, generation, run, queue key. Leaves; the last live member of an emptied generation ends it.
LEAVE = """
local p, gen, run, queue = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.call('SREM', p..':gen:'..gen..':members', run)
redis.call('DEL', p..':alive:'..run, p..':idle:'..run)
for _, m in ipairs(redis.call('SMEMBERS', p..':gen:'..gen..':members')) do
  if redis.call('EXISTS', p..':alive:'..m) == 1 then return 0 end
end
if redis.call('ZCARD', queue) == 0 and redis.call('GET', p..':generation') == gen then
  redis.call('DEL', p..':generation', p..':gen:'..gen..':members', p..':dupefilter:'..gen, p..':gen:'..gen..':lost')
  return 1
end
return 0
"""


def seeds_here(crawler: Any) -> bool:
    """Whether this process yields the crawl's sources: always on one machine; in a distributed crawl only
    the worker that started the generation (or ``python -m newscrawl seed``)."""
    coordinator = crawler.get_extension(Coordinator)
    return coordinator is None or coordinator.seeder


class Coordinator:
    def __init__(self, crawler: Any):
        settings = crawler.settings
        self.crawler = crawler
        self.idle_exit = settings.getfloat("NEWSCRAWL_IDLE_EXIT", DEFAULT_IDLE_EXIT)
        self.heartbeat = max(3.0, settings.getfloat("NEWSCRAWL_HEARTBEAT", DEFAULT_HEARTBEAT))
        self.seed_only = settings.getbool("NEWSCRAWL_SEED_ONLY", False)
        self.store: Any = None
        self.run_id = ""
        self.generation: str | None = None
        self.seeder = False
        self.idle_since: float | None = None
        self.looping: Any = None
        self.failed = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Coordinator:
        if not is_redis_uri(crawler.settings.get("NEWSCRAWL_STATE")):
            raise off_by_design(cls, "not a distributed crawl (NEWSCRAWL_STATE is not redis://…)")
        return cls(crawler)

    @staticmethod
    def of(crawler: Any) -> Coordinator:
        coordinator = crawler.get_extension(Coordinator)
        if coordinator is None:
            raise RuntimeError("keep newscrawl.distributed.coordinator.Coordinator in EXTENSIONS")
        return coordinator

    def key(self, *parts: str) -> str:
        return self.store.key(*parts)

    @property
    def queue_key(self) -> str:
        return self.key(self.crawler.spidercls.name, "requests")

    @property
    def dupefilter_key(self) -> str:
        return self.key("dupefilter", self.generation or "none")

    @property
    def idle_key(self) -> str:
        return self.key("idle", self.run_id)

    def _call(self, script: str, *args: Any) -> Any:
        return self.store.waiting(self.store.r.eval, script, 0, self.store.p, *args)

    def join(self) -> None:
        """Join the current generation or start one (then this worker seeds it). Once, when the scheduler is
        built: the state is open by then (its owner is built first)."""
        if self.generation is not None:
            return
        from newscrawl.state.owner import StateOwner

        owner = StateOwner.of(self.crawler)
        self.store, self.run_id = owner.store, owner.run_id
        self.store.waiting.on_unavailable = self.unavailable
        gen, seeds = self._call(JOIN, self.run_id, int(self.heartbeat), self.queue_key, int(self.seed_only))
        self.generation, self.seeder = gen.decode(), bool(seeds)
        logger.info("distributed crawl: worker %s, run %s, %s generation %s", self.store.worker, self.run_id,
                    "seeding" if self.seeder else "joined", self.generation)

    # -- signals
    def spider_opened(self, spider: Any) -> None:
        if self.seed_only:
            return
        from scrapy.utils.asyncio import create_looping_call

        self.looping = create_looping_call(self.beat)
        self.looping.start(self.heartbeat / 3, now=False)

    def beat(self) -> None:
        """Refresh this worker's alive key (and its idle flag while idle)."""
        ttl = int(self.heartbeat)
        try:
            self.store._roundtrip(lambda pipe: pipe.set(self.key("alive", self.run_id), 1, ex=ttl),
                                  *([lambda pipe: pipe.set(self.idle_key, 1, ex=ttl)] if self.idle_since else []))
        except RedisUnavailable:
            pass  # the crawl is being closed

    def members_lost(self) -> bool:
        """Whether a worker of this generation died without leaving it (SIGKILL): what it had in flight is
        found again only through the sources, so no worker of the generation may save their validators."""
        if self.generation is None or self.store is None:
            return False
        try:
            members = [m.decode() for m in self.store.waiting(self.store.r.smembers,
                                                              self.key("gen", self.generation, "members"))]
            others = [m for m in members if m != self.run_id]
            alive = self.store.waiting(self.store.r.exists, *[self.key("alive", m) for m in others]) if others else 0
            lost = self.store.waiting(self.store.r.exists, self.key("gen", self.generation, "lost"))
        except RedisUnavailable:
            return True  # cannot tell: keep the sources to be read again
        return bool(lost) or alive < len(others)

    def worked(self) -> None:
        self.idle_since = None

    def spider_idle(self, spider: Any) -> None:
        if self.seed_only or self.failed:
            return  # the seeder closes once its sources are queued
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        try:
            queued, busy = self._call(IDLE, self.generation, self.run_id, int(self.heartbeat), self.queue_key)
        except RedisUnavailable:
            return
        if queued:
            self.idle_since = None
            raise DontCloseSpider  # the engine pops it at its next heartbeat
        if not busy:
            logger.info("distributed crawl: the queue is empty and no other worker is busy; closing")
            return
        if now - self.idle_since >= self.idle_exit:
            logger.info("distributed crawl: idle for %.0f s (NEWSCRAWL_IDLE_EXIT); closing", now - self.idle_since)
            return
        raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.looping is not None and self.looping.running:
            self.looping.stop()
        if self.generation is None or self.failed:
            return
        try:
            if self.seed_only:
                pass  # the generation waits for its workers (flag `seeded`)
            elif self._call(LEAVE, self.generation, self.run_id, self.queue_key):
                logger.info("distributed crawl: generation %s ended (last worker out)", self.generation)
        except RedisUnavailable:
            pass

    def unavailable(self, exc: Exception) -> None:
        """Redis stayed away longer than NEWSCRAWL_REDIS_WAIT: close the crawl (outcome failed)."""
        if self.failed:
            return
        self.failed = True
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason="redis_unavailable"))
