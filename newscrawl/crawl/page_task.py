"""The CPU work of one article page as a task: build the item and compress the page's WARC records.

A pure function of picklable inputs, so the crawl runs it in a worker process (newscrawl/workers.py) or, with
``NEWSCRAWL_WORKERS=0``, in-process: the same function either way, hence the same items. What depends on the
crawl's order (the learned boilerplate in force, the WARC file and offset) is decided on the reactor side:
the set goes in with the task, the page's place in the archive is given when its bytes are appended.
No Scrapy import.
"""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.crawl.article_builder import Built, PageContext, build_article
from newscrawl.warc.encode import EncodedPage, PageRecords, encode_page


@dataclass(frozen=True)
class PageTask:
    body: bytes
    ctx: PageContext
    records: PageRecords | None = None  # None: the archive is off
    level: int = 6  # gzip level of the records


@dataclass(frozen=True)
class PageResult:
    built: Built
    encoded: EncodedPage | None


def run_page(task: PageTask) -> PageResult:
    """Build the page's item and encode its records (both never raise for a bad page)."""
    encoded = encode_page(task.records, task.level) if task.records is not None else None
    return PageResult(build_article(task.body, task.ctx), encoded)
