"""Crawlers for testing components alone: Scrapy's get_crawler with the state's owner and the run's scope
enabled, as in a crawl, so pipelines and middlewares find them through crawler.get_extension()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.utils.test import get_crawler

from newscrawl.state import ExportBatch, ExportMark
from newscrawl.state.owner import StateOwner

EXTENSIONS = {"newscrawl.state.owner.StateOwner": 0, "newscrawl.crawl.scope.RunScope": 10,
              "newscrawl.crawl.failure_memory.FailureMemory": 30}


def component_crawler(output: Path | None = None, **settings: Any) -> Any:
    """A crawler whose extensions are built (the state is open); close it with ``close(crawler)``."""
    if output is not None:
        settings.setdefault("NEWSCRAWL_OUTPUT_DIR", str(output))
    crawler = get_crawler(settings_dict={"EXTENSIONS": EXTENSIONS, **settings})
    crawler.stats.open_spider()
    return crawler


def state_of(crawler: Any) -> Any:
    return StateOwner.of(crawler).store


def close(crawler: Any) -> None:
    StateOwner.of(crawler).close()


def mark_exported(state: Any, url_key: str, article_id: str, site: str, content_hash: str | None, file: str,
                  run_id: str, published: str | None = None) -> None:
    """One article marked exported, as an export checkpoint commits it."""
    state.commit_batch(ExportBatch(run_id, [ExportMark(url_key, article_id, site, content_hash, file, published)]))
