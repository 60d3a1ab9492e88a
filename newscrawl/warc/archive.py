"""The crawl's WARC archive: every article response, with the context that decides its item.

Created on first use by the article callback (``WarcArchive.of(crawler)``), so the records are written with
exactly the context the item is built from (the fetch time and the learned boilerplate in force), and closed
when the spider closes. ``NEWSCRAWL_WARC=False`` switches it off; ``NEWSCRAWL_WARC_MAX_MB`` sets the size at
which a new file starts. Files: ``<output>/warc/<run-id>-<nnnnn>.warc.gz`` (format in newscrawl/warc/records.py).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from scrapy import signals

from newscrawl import __version__
from newscrawl.crawl.article_builder import PageContext
from newscrawl.report.manifest import outcome_of
from newscrawl.runtime import output_dir, run_id
from newscrawl.stats import count
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
        settings = crawler.settings
        self.writer = WarcWriterRotating(
            output_dir(settings) / WARC_SUBDIR, run_id(crawler),
            max_bytes=int(settings.getfloat("NEWSCRAWL_WARC_MAX_MB", 1000) * 1_000_000),
            info={"run-id": run_id(crawler), "newscrawl-version": __version__,
                  "http-header-user-agent": settings.get("USER_AGENT"),
                  "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                  # reextract replays the export's batches (their sort and links) with the same size
                  "commit-every": settings.getint("NEWSCRAWL_COMMIT_EVERY", 200),
                  "description": "article pages fetched by newscrawl; see docs/warc.md"})
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler: Any) -> WarcArchive | None:
        """The crawl's archive, created on first use; None when ``NEWSCRAWL_WARC`` is off."""
        if not crawler.settings.getbool("NEWSCRAWL_WARC", True):
            return None
        archive = getattr(crawler, "_newscrawl_warc", None)
        if archive is None:
            archive = crawler._newscrawl_warc = cls(crawler)
        return archive

    def archive(self, response: Any, ctx: PageContext) -> PageContext:
        """Write the request/response/metadata records; return the context with warc_file/warc_offset."""
        request = response.request
        name, offset = self.writer.write_page(
            url=response.url, method=request.method if request is not None else "GET",
            request_headers=_headers(request.headers) if request is not None else [],
            status=response.status, protocol=getattr(response, "protocol", None),
            response_headers=_headers(response.headers), body=response.body, fetched_at=ctx.fetched_at,
            metadata={"site": ctx.site.key, "discovered_via": ctx.discovered_via, "rendered": ctx.rendered,
                      # a browser re-fetch replaces the plain page's item (newscrawl/rendering/policy.py): reextract
                      # skips the plain page when it finds its re-fetch
                      "render_fallback": response.meta.get("render_fallback"),
                      "request_url": request.url if request is not None else response.url,
                      "run_id": run_id(self.crawler), "newscrawl_version": __version__},
            learned_boilerplate=ctx.learned_boilerplate)
        count(self.crawler.stats, ctx.site.key, "warc/archived")
        return dataclasses.replace(ctx, warc_file=name, warc_offset=offset)

    def sync(self) -> None:
        self.writer.sync()

    def close(self, reason: str = "finished") -> None:
        """At spider close: the run's end goes into its last file, so reextract can tell a killed run."""
        self.writer.close(run_end={"run_id": run_id(self.crawler), "outcome": outcome_of(reason)})


def sync_archive(crawler: Any) -> None:
    """fsync the open WARC file if the crawl has one (called before exported records are marked)."""
    archive = getattr(crawler, "_newscrawl_warc", None)
    if archive is not None:
        archive.sync()
