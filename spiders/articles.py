"""Turning an article response into an Article item: the spider's only contact with extraction.

Extraction is a pure function (newscrawl.extract); here we add what only the crawl knows: the site,
how the URL was found, when it was fetched, and the boilerplate learned from the site's earlier pages.
Responses that are not HTML are dropped here, logged and counted, before extraction sees them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from newscrawl.extract.learned import BoilerplateLearner
from scrapy.http import Response, TextResponse

from newscrawl.extract import extract_article
from newscrawl.items import Article, article_id
from newscrawl.runtime import crawl_state
from newscrawl.stats import count
from newscrawl.textnorm import content_hash
from newscrawl.urls import canonicalize, url_key

logger = logging.getLogger(__name__)
LEARNED_BLOB = "learned_boilerplate"


class ArticleReader:
    """Callback for article responses, holding the site-boilerplate learner across the crawl."""

    def __init__(self, crawler: Any, spider: Any):
        self.crawler, self.spider = crawler, spider
        self.state = crawl_state(crawler)
        self.learner = BoilerplateLearner()
        saved = self.state.get_blob(LEARNED_BLOB)
        if saved:
            self.learner.load(saved)

    def save(self) -> None:
        """Persist what was learned (called at spider close)."""
        self.state.put_blob(LEARNED_BLOB, self.learner.dump())

    def parse_article(self, response: Response) -> Any:
        site = self.spider.sites[response.meta["site"]]
        stats = self.crawler.stats
        if not response.meta.get("render_fallback"):  # a browser re-fetch is the same article requested once
            count(stats, site.key, "requested")
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (content_type and "html" not in content_type
                                                       and "xml" not in content_type):
            logger.warning("dropped %s: not an HTML page (%s)", response.url, content_type or "no type")
            count(stats, site.key, "dropped/not_html")
            return None
        fetched_at = datetime.now(UTC)
        http_encoding = response.headers.get(b"Content-Type", b"").decode("latin-1")
        http_charset = http_encoding.partition("charset=")[2].split(";")[0].strip() or None
        try:
            extraction = extract_article(
                response.body, response.url, site, http_encoding=http_charset, fetched_at=fetched_at,
                learned_boilerplate=self.learner.known(site.key),
            )
        except Exception as exc:  # a page that breaks the extractor must not stop the crawl
            logger.warning("dropped %s: extraction failed: %r", response.url, exc)
            count(stats, site.key, "dropped/extraction_error")
            return None
        if extraction.mojibake:
            logger.warning("dropped %s: text is mojibake after decoding as %s", response.url, extraction.encoding)
            count(stats, site.key, "dropped/mojibake")
            return None
        self.learner.observe(site.key, extraction.blocks)

        canonical = canonicalize(response.url)
        if extraction.canonical_url:
            try:
                declared = canonicalize(extraction.canonical_url, base=response.url)
            except ValueError:
                declared = None
            # A canonical pointing at another outlet (syndicated copy) must not take that outlet's id.
            if declared and site.owns_url(declared):
                canonical = declared
        text = extraction.text or ""
        return Article(
            id=article_id(url_key(canonical)),
            url=response.url,
            canonical_url=canonical,
            site=site.key,
            site_name=site.name,
            country=site.country,
            language=extraction.language or site.language,
            title=extraction.title or "",
            text=text,
            description=extraction.description,
            authors=list(extraction.authors),
            agencies=list(extraction.agencies),
            published=extraction.published,
            published_raw=extraction.published_raw,
            modified=extraction.modified,
            section=extraction.section,
            tags=list(extraction.tags),
            image=extraction.image,
            word_count=len(text.split()),
            fetched_at=fetched_at.isoformat(timespec="seconds"),
            discovered_via=dict(response.meta.get("discovered_via") or {"type": "start", "url": None}),
            content_hash=content_hash(text) if text else "",
            rendered=bool(response.meta.get("playwright")),
        )
