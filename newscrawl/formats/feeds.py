"""Scrapy's feed exports (``-o``/``-O``, ``FEEDS``) holding the dataset's own records.

Scrapy's ``FeedExporter`` writes each item when it leaves the last pipeline. In newscrawl that item is not yet
the record: the export pipeline holds a batch, sorts and links it (``duplicate_of``, ``cluster_id``) and leaves
out the transient fields only at its checkpoint (docs/crash-safety.md). ``DatasetFeeds`` takes
``FeedExporter``'s place in ``EXTENSIONS_BASE`` and is handed the records by the export checkpoint once they are
written, fsynced and marked exported, instead of the items Scrapy passes on: a feed holds exactly the records
the run added to ``<output>/jsonl/`` (same ids, same fields, schema-valid), in the order they were written.
Storage, formats, batching and every ``FEED_*`` setting are Scrapy's own.

Records of a run killed before its last checkpoint reach neither the partitions nor the feed; records a later
run recovers from a killed run's files (newscrawl/state/recovery.py) are in the partitions only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy import signals
from scrapy.extensions.feedexport import FeedExporter


class DatasetFeeds(FeedExporter):
    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetFeeds:
        feeds = cls(crawler)  # NotConfigured without FEEDS, as Scrapy's
        crawler.signals.connect(feeds.open_spider, signals.spider_opened)
        crawler.signals.connect(feeds.close_spider, signals.spider_closed)
        # Not item_scraped: an item leaving the pipelines is not the exported record (see the module docstring).
        return feeds

    def exported(self, records: Iterable[dict[str, Any]]) -> None:
        """Records the export checkpoint has made durable and marked."""
        spider = self.crawler.spider
        for record in records:
            self.item_scraped(record, spider)
