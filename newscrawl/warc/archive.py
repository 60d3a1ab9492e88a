"""The crawl's WARC archive: every article response, with the context that decides its item.

A Scrapy extension and the archive's one owner: the article callback writes each page through it (so the
records carry exactly the context the item is built from: the fetch time and the learned boilerplate in
force), the export checkpoint has it fsync the open file before marking the items that point into it, and it
closes itself on ``spider_closed``, after the pipelines' last checkpoint. Both reach it with
``crawler.get_extension(WarcArchive)``. ``NEWSCRAWL_WARC=False`` switches it off; ``NEWSCRAWL_WARC_MAX_MB``
sets the size at which a new file starts, ``NEWSCRAWL_WARC_LEVEL`` the gzip level. Files:
``<output>/warc/<run-id>-<nnnnn>.warc.gz`` (format in newscrawl/warc/records.py); the first file is opened
with the first page. Pages come encoded (newscrawl/warc/encode.py, in the worker processes) and are appended
here, on the reactor thread, in the order they come: only here are files and offsets known.
"""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Any

from scrapy import signals

from newscrawl import __version__
from newscrawl.crawl.article_builder import PageContext
from newscrawl.off import off_by_design
from newscrawl.state.owner import StateOwner, outcome_of
from newscrawl.stats import count
from newscrawl.warc.encode import DEFAULT_LEVEL, EncodedPage, PageRecords
from newscrawl.warc.records import WarcWriterRotating

WARC_SUBDIR = "warc"


def _headers(headers: Any) -> list[tuple[str, str]]:
    """Scrapy Headers (bytes, multi-valued) as (name, value) text pairs, in order."""
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


class WarcArchive:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcArchive:
        if not crawler.settings.getbool("NEWSCRAWL_WARC", True):
            raise off_by_design(cls, "NEWSCRAWL_WARC is off")
        return cls(crawler)

    @cached_property
    def run_id(self) -> str:
        return StateOwner.of(self.crawler).run_id

    @cached_property
    def writer(self) -> WarcWriterRotating:
        settings = self.crawler.settings
        owner = StateOwner.of(self.crawler)
        return WarcWriterRotating(
            owner.output_dir / WARC_SUBDIR, self.run_id,
            max_bytes=int(settings.getfloat("NEWSCRAWL_WARC_MAX_MB", 1000) * 1_000_000),
            info={"run-id": self.run_id, "newscrawl-version": __version__,
                  "http-header-user-agent": settings.get("USER_AGENT"),
                  "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  # reextract replays the export's batches (their sort and links) with the same size
                  "commit-every": settings.getint("NEWSCRAWL_COMMIT_EVERY", 200),
                  "description": "article pages fetched by newscrawl; see docs/warc.md"},
            level=settings.getint("NEWSCRAWL_WARC_LEVEL", DEFAULT_LEVEL))

    @property
    def level(self) -> int:
        return self.writer.level

    def records_for(self, response: Any, ctx: PageContext) -> PageRecords:
        """What the page's request/response/metadata records are made from (encoded by newscrawl/crawl/page_task.py,
        in a worker process or in-process)."""
        request = response.request
        return self.writer.page_records(
            url=response.url, method=request.method if request is not None else "GET",
            request_headers=_headers(request.headers) if request is not None else [],
            status=response.status, protocol=getattr(response, "protocol", None),
            response_headers=_headers(response.headers), body=response.body, fetched_at=ctx.fetched_at,
            metadata={"site": ctx.site.key, "discovered_via": ctx.discovered_via, "rendered": ctx.rendered,
                      # a browser re-fetch replaces the plain page's item (newscrawl/rendering/policy.py): reextract
                      # skips the plain page when it finds its re-fetch
                      "render_fallback": response.meta.get("render_fallback"),
                      "request_url": request.url if request is not None else response.url,
                      "run_id": self.run_id, "newscrawl_version": __version__},
            learned_boilerplate=ctx.learned_boilerplate)

    def append(self, encoded: EncodedPage, records: PageRecords, ctx: PageContext) -> PageContext:
        """Append the page's encoded records; return the context with warc_file/warc_offset."""
        name, offset = self.writer.append_page(encoded, ctx.site.key, records.when, ctx.learned_boilerplate)
        count(self.crawler.stats, ctx.site.key, "warc/archived")
        return dataclasses.replace(ctx, warc_file=name, warc_offset=offset)

    def sync(self) -> None:
        """fsync the open file (the export checkpoint, before it marks items that point into it)."""
        if "writer" in self.__dict__:
            self.writer.sync()

    def close(self, reason: str = "finished") -> None:
        """At spider close: the run's end goes into its last file, so reextract can tell a killed run."""
        if "writer" in self.__dict__:
            self.writer.close(run_end={"run_id": self.run_id, "outcome": outcome_of(reason)})
