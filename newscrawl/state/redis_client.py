"""The Redis connection of a distributed crawl: one client per worker, and what happens when Redis is away.

``NEWSCRAWL_STATE=redis://HOST:PORT/DB`` (or ``rediss://``, ``unix://``) names the server. Every call goes
through :class:`Waiting`: when Redis does not answer (restarting, network cut) the call is tried again with
a growing pause, for at most ``NEWSCRAWL_REDIS_WAIT`` seconds (default 60), then :class:`RedisUnavailable` is
raised and the ``on_unavailable`` callback (set by the distributed coordinator) closes the crawl with the
reason ``redis_unavailable``, so the run ends ``failed`` (never a silent loss: what was written and not yet
marked is recovered by the worker's next run, as after a kill). The wait blocks the reactor: without its state
a worker can do nothing useful, and Redis restarts take seconds. See docs/distributed.md.

No Scrapy import.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")
SCHEMES = ("redis://", "rediss://", "unix://")
DEFAULT_WAIT = 60.0


def _down() -> tuple[type[BaseException], ...]:
    """The errors that mean "Redis does not answer" (redis is imported only by a distributed crawl)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class RedisUnavailable(RuntimeError):
    """Redis did not answer within NEWSCRAWL_REDIS_WAIT seconds."""


def is_redis_uri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without a password, for logs."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://(redacted)@{rest.rsplit('@', 1)[1]}"
    return url


def connect(url: str, *, socket_timeout: float = 10.0) -> Any:
    """A binary-safe client (values are bytes): signatures and pickled requests are not text."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout,
                                health_check_interval=30, decode_responses=False)


class Waiting:
    """Runs Redis calls, waiting for a server that went away (up to ``wait`` seconds per call)."""

    def __init__(self, url: str, wait: float = DEFAULT_WAIT,
                 on_unavailable: Callable[[Exception], None] | None = None):
        self.url, self.wait, self.on_unavailable = url, wait, on_unavailable
        self.failed: Exception | None = None  # set once a call gave up: later calls give up at once

    def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.failed is not None:
            raise RedisUnavailable(f"Redis at {redact(self.url)} is unavailable: {self.failed}") from self.failed
        down = _down()
        deadline = time.monotonic() + self.wait
        pause, warned = 0.05, False
        while True:
            try:
                result = fn(*args, **kwargs)
            except down as exc:
                if time.monotonic() + pause > deadline:
                    self.failed = exc
                    logger.error("Redis at %s did not answer for %.0f s: %s; stopping", redact(self.url), self.wait,
                                 exc)
                    if self.on_unavailable is not None:
                        self.on_unavailable(exc)
                    raise RedisUnavailable(f"Redis at {redact(self.url)} is unavailable: {exc}") from exc
                if not warned:
                    logger.warning("Redis at %s does not answer (%s); waiting up to %.0f s", redact(self.url), exc,
                                   self.wait)
                    warned = True
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            if warned:
                logger.warning("Redis at %s answers again", redact(self.url))
            return result
