"""The crawl state: what earlier runs did. One interface (``protocol.CrawlState``), one owner
(``owner.StateOwner``, a Scrapy extension), one implementation per backend (``sqlite.SqliteState``)."""

from newscrawl.state.entries import ExportBatch, ExportMark, Retry, StateLocked, Validators, utc_iso
from newscrawl.state.protocol import CrawlState
from newscrawl.state.sqlite import SqliteState

__all__ = ["CrawlState", "ExportBatch", "ExportMark", "Retry", "SqliteState", "StateLocked", "Validators",
           "utc_iso"]
