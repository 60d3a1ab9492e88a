"""Turning an article response into an Article item: the spider's only contact with extraction.

Extraction is a pure function (newscrawl.extract); here we add what only the crawl knows: the site,
how the URL was found, when it was fetched, and the boilerplate learned from the site's earlier pages.
Responses that are not HTML are dropped here, logged and counted, before extraction sees them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response, TextResponse

from newscrawl.crawl.article_builder import PageContext, canonical_twin, charset_of
from newscrawl.crawl.failures import RETRY_META, log_level
from newscrawl.crawl.page_task import PageTask, run_page
from newscrawl.extract.learned import DEFAULT_MIN_PAGES, BoilerplateLearner
from newscrawl.extract.limits import CONTROL_BYTES
from newscrawl.stats import count
from newscrawl.warc.encode import DEFAULT_LEVEL
from newscrawl.workers import PageTimeout, WorkerDied

logger = logging.getLogger(__name__)
LEARNED_BLOB = "learned_boilerplate"


def learn_pages(settings: Any) -> int:
    min_pages = settings.getint("NEWSCRAWL_LEARN_BOILERPLATE_PAGES", DEFAULT_MIN_PAGES)
    if min_pages < 0:
        raise ValueError(f"NEWSCRAWL_LEARN_BOILERPLATE_PAGES must be >= 0, not {min_pages}")
    return min_pages


class ArticleReader:
    """Callback for article responses, holding the site-boilerplate learner across the crawl.

    Its collaborators come in: the spider (sites, requests for canonical pages), the state, the failure
    memory, the WARC archive (None when off) and the stats."""

    def __init__(self, spider: Any, state: Any, failure_memory: Any, archive: Any, stats: Any, min_pages: int,
                 workers: Any = None, signing: tuple[int, int] | None = None):
        self.spider, self.state, self.failure_memory, self.archive, self.stats = (
            spider, state, failure_memory, archive, stats)
        self.workers = workers  # newscrawl.workers.WorkerPool (None: in-process)
        self.signing = signing  # (num_perm, shingle) of the near-duplicate index (None: it is off)
        # Off (0): no block is ever learned, so a page's text does not depend on which pages came before it.
        self.learner = BoilerplateLearner(min_pages=min_pages) if min_pages else None
        saved = self.state.get_blob(LEARNED_BLOB) if self.learner else None
        if saved:
            self.learner.load(saved)

    def save(self) -> None:
        """Persist what was learned (called at spider close)."""
        if self.learner is None:
            return
        self.state.put_blob(LEARNED_BLOB, self.learner.dump())

    async def parse_article(self, response: Response) -> Any:
        site = self.spider.sites[response.meta["site"]]
        try:
            item, failed_reason = await self._read(response, site)
        except (WorkerDied, PageTimeout) as exc:  # twice, in a process of its own: for a later run to retry
            reason = "worker_died" if isinstance(exc, WorkerDied) else "extraction_timeout"
            logger.log(log_level(reason, response.meta), "dropped %s: %s", response.url, exc)
            count(self.stats, site.key, f"dropped/{reason}")
            item, failed_reason = None, reason
        except Exception as exc:  # our bug must not lose the article: logged with its traceback, counted, queued
            logger.exception("dropped %s: %r", response.url, exc)
            count(self.stats, site.key, "dropped/callback_error")
            item, failed_reason = None, "callback_error"
        if failed_reason:
            self.failure_memory.record(failed_reason, site.key, [response.request.url],
                                       discovered_via=response.meta.get("discovered_via"))
        elif response.meta.get(RETRY_META):  # asked for again from the queue, and answered
            self.state.clear_retry(response.request.url)
        return item

    async def _read(self, response: Response, site: Any) -> tuple[Any, str | None]:
        """(the article or None, the failure kind to record for later runs, if any: newscrawl/crawl/failures.py)."""
        stats = self.stats
        if not response.meta.get("render_fallback"):  # a browser re-fetch is the same article requested once
            count(stats, site.key, "requested")
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if not response.body.strip():
            # An empty 200 is a server hiccup more often than an empty page: asked for again next run.
            logger.log(log_level("empty_body", response.meta), "dropped %s: empty body", response.url)
            count(stats, site.key, "dropped/empty_body")
            return None, "empty_body"
        if not isinstance(response, TextResponse) or (content_type and "html" not in content_type
                                                       and "xml" not in content_type) or looks_binary(response.body):
            logger.log(log_level("not_html", response.meta), "dropped %s: not an HTML page (%s)", response.url,
                       content_type or "no type")
            count(stats, site.key, "dropped/not_html")
            self.failure_memory.record("not_html", site.key, [response.url, response.request.url])
            return None, None
        if is_truncated(response.body):
            # Cut off mid-document (a server or proxy hiccup): the text would be partial. Queued, so the
            # next run fetches it again.
            logger.log(log_level("truncated_html", response.meta), "dropped %s: truncated HTML (no closing </body> or "
                       "</html>)", response.url)
            count(stats, site.key, "dropped/truncated_html")
            return None, "truncated_html"
        redirected_from = response.meta.get("redirect_urls") or []
        if redirected_from and not site.is_article_url(response.url):
            # A removed article sent to the home page or a section: not an article, and not one to remember
            # either (a site that moved its articles to new URLs shows up as this count growing).
            logger.warning("dropped %s: redirected to %s, not an article URL", redirected_from[0], response.url)
            count(stats, site.key, "dropped/redirected_away")
            return None, None
        fetched_at = datetime.now(UTC).replace(microsecond=0)

        def make_task() -> PageTask:  # when the pool has room for the page: the learned set in force then
            ctx = PageContext(
                site=site, url=response.url, fetched_at=fetched_at,
                discovered_via=dict(response.meta.get("discovered_via") or {"type": "start", "url": None}),
                rendered=bool(response.meta.get("playwright")),
                http_charset=charset_of(response.headers.get(b"Content-Type", b"").decode("latin-1")),
                learned_boilerplate=self.learner.known(site.key) if self.learner else frozenset(),
            )
            # Built and compressed in a worker process; archived here, in order, with the very context the
            # item is built from (docs/warc.md)
            records = self.archive.records_for(response, ctx) if self.archive is not None else None
            return PageTask(response.body, ctx, records, self.archive.level if records else DEFAULT_LEVEL,
                            self.signing)

        if self.workers is not None:
            task, result = await self.workers.run_made(run_page, make_task)
        else:
            task = make_task()
            result = run_page(task)
        ctx, records = task.ctx, task.records
        if records is not None:
            ctx = self.archive.append(result.encoded, records, ctx)
        built = result.built
        if built.article is not None:
            built.article.warc_file, built.article.warc_offset = ctx.warc_file, ctx.warc_offset
        if built.rejected:  # the extractor's rejections (docs/security.md), mojibake; the failure table decides
            logger.log(log_level(built.rejected, response.meta), "dropped %s: %s", response.url, built.detail)
            count(stats, site.key, f"dropped/{built.rejected}")
            return None, built.rejected
        article = built.article
        article.requested_urls = list(dict.fromkeys([*redirected_from, response.request.url]))
        twin_of = canonical_twin(article)
        if twin_of and "twin_item" not in response.meta:
            # An AMP (or other) twin: read the canonical page instead, keeping this item for when it fails
            # (spiders/news.py on_error). A canonical page already requested or exported filters the request.
            count(stats, site.key, "twin/canonical_requested")
            request = self.spider.article_request_for(twin_of, site, ctx.discovered_via)
            request.meta["twin_item"] = article
            return request, None  # not observed by the learner: the canonical page will be
        if self.learner is not None:
            self.learner.observe(site.key, built.extraction.blocks)
        return article, None


def looks_binary(body: bytes) -> bool:
    """A body that is not text whatever its Content-Type says: NUL bytes, or mostly control bytes, in its
    first 4 KB (HTML in any charset newscrawl reads has neither)."""
    head = body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark: text
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))  # in C: a Python loop cost ~0.1 ms a page
    return controls > len(head) * 0.1


def is_truncated(body: bytes) -> bool:
    """An HTML document that ends before its closing tags (checked on the tail: cheap on big pages)."""
    tail = body[-65536:].lower()
    return b"</body" not in tail and b"</html" not in tail
