"""The one owner of the crawl state: opens it when the crawler is built, closes it when the engine stops.

A Scrapy extension. Its constructor opens the backend chosen by the settings (the SQLite file
``NEWSCRAWL_STATE_PATH``, default ``<output>/state.sqlite3``) and records the run in the state's run log,
which marks runs that never ended as killed; opening in the constructor (not on ``spider_opened``) makes the
state ready before the pipelines' ``open_spider`` and takes the run lock before anything is fetched.
``spider_closed`` gives the run's outcome; on ``engine_stopped`` (after the pipelines' last checkpoint and
every ``spider_closed`` handler) the run's end is recorded and the state closed, whether or not any other
extension is enabled.

Other components reach it with ``StateOwner.of(crawler)`` (``crawler.get_extension``) in their own
``from_crawler`` (pipelines, middlewares) or when the engine has started (extensions, the spider), and
receive the store as a constructor argument; nothing is hung on the crawler.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.report.outcomes import GRACEFUL
from newscrawl.state.protocol import CrawlState
from newscrawl.state.redis_client import is_redis_uri
from newscrawl.state.sqlite import SqliteState

logger = logging.getLogger(__name__)


def output_dir(settings: Any) -> Path:
    return Path(settings.get("NEWSCRAWL_OUTPUT_DIR") or "output")


def new_run_id() -> str:
    """A sortable id for a run, e.g. 20261129T083000Z-4711-9f3a."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{os.getpid()}-{secrets.token_hex(2)}"


def outcome_of(reason: str) -> str:
    """The run's end from Scrapy's close reason: ``finished`` (also a ``CLOSESPIDER_*`` limit reached),
    ``killed`` (SIGINT/SIGTERM) or ``failed``. The manifest's outcome adds ``partial`` (newscrawl/report/)."""
    if reason in GRACEFUL:
        return "finished"
    return "killed" if reason == "shutdown" else "failed"


def open_state(settings: Any) -> CrawlState:
    """The backend the settings choose: ``NEWSCRAWL_STATE=redis://…`` the shared Redis state of a distributed
    crawl (docs/distributed.md), else the SQLite file."""
    if is_redis_uri(settings.get("NEWSCRAWL_STATE")):
        from newscrawl.state.redis_state import RedisState

        return RedisState.from_settings(settings, output_dir(settings))
    path = settings.get("NEWSCRAWL_STATE_PATH") or output_dir(settings) / "state.sqlite3"
    return SqliteState(path)


class StateOwner:
    def __init__(self, crawler: Any, store: CrawlState | None = None):
        self.output_dir = output_dir(crawler.settings)
        self.run_id = new_run_id()
        self.manifest_path = self.output_dir / "runs" / f"{self.run_id}.json"
        self.store: CrawlState = store if store is not None else open_state(crawler.settings)
        # Recording the run marks every earlier run that never ended (SIGKILL, power cut) as killed.
        self.killed_runs = self.store.start_run(self.run_id, str(self.manifest_path))
        self.outcome = "failed"  # until spider_closed gives the reason
        self.closed = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> StateOwner:
        return cls(crawler)

    @staticmethod
    def of(crawler: Any) -> StateOwner:
        owner = crawler.get_extension(StateOwner)
        if owner is None:
            raise RuntimeError("the crawl state is off: keep newscrawl.state.owner.StateOwner in EXTENSIONS")
        return owner

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.outcome = outcome_of(reason)

    def close(self) -> None:
        """Record the run's end and close the store (once; later calls do nothing)."""
        if self.closed:
            return
        self.closed = True
        try:
            self.store.end_run(self.run_id, self.outcome)
        except Exception as exc:  # a state server gone away: the next run finds this one unended, as killed
            logger.error("the run's end could not be recorded in the crawl state (%s: %s); the next run will "
                         "treat it as killed and recover its files", type(exc).__name__, exc)
        try:
            self.store.close()
        except Exception as exc:
            logger.error("closing the crawl state failed (%s: %s)", type(exc).__name__, exc)
