"""From a fetched page to an Article: the one function both the crawl and WARC re-extraction call.

Extraction (newscrawl.extract) reads a page; this adds what only the crawl knows, gathered in a
``PageContext``: the site, how the URL was found, when it was fetched, whether a browser rendered it, the
boilerplate learned from the site's earlier pages, and where the page is archived. The crawl builds the
context from the live response; ``newscrawl.warc.reextract`` rebuilds the same context from the WARC records, so
both produce identical items. No Scrapy import.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newscrawl.extract import Extraction, extract_article
from newscrawl.items import Article, article_id
from newscrawl.textnorm import content_hash
from newscrawl.urls import canonicalize, request_url, url_key


@dataclass(frozen=True)
class PageContext:
    """Everything besides the page bytes that decides the item (archived beside the page in the WARC)."""

    site: Any  # a registry SiteProfile
    url: str  # the URL fetched (after redirects)
    fetched_at: datetime  # timezone-aware, whole seconds (the WARC record date)
    discovered_via: dict[str, Any] = field(default_factory=lambda: {"type": "start", "url": None})
    rendered: bool = False
    http_charset: str | None = None
    learned_boilerplate: Collection[str] = ()
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass
class Built:
    """The outcome of building one page: an article, or the reason there is none."""

    article: Article | None
    extraction: Extraction | None = None
    # "mojibake", or the extractor's own rejection (newscrawl.extract.limits: "empty_body", "not_html",
    # "too_large", "too_complex", "too_long", "extraction_error")
    rejected: str | None = None
    detail: str = ""


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    value = (content_type or "").partition("charset=")[2].split(";")[0].strip().strip('"')
    return value or None


def canonical_for(url: str, declared: str | None, site: Any) -> str:
    """The page's canonical URL: its rel=canonical when the site owns it, else the fetched URL."""
    canonical = canonicalize(url)
    if declared:
        try:
            target = canonicalize(declared, base=url)
        except ValueError:
            target = None
        # A canonical pointing at another outlet (syndicated copy) must not take that outlet's id, nor one
        # pointing at the home page or a section (a template bug that would give every article one id).
        if target and site.owns_url(target) and site.is_article_url(target):
            canonical = target
    return canonical


def build_article(body: bytes, ctx: PageContext) -> Built:
    """Extract one page and assemble its Article. Never raises for a bad page: see ``Built.rejected``."""
    try:
        extraction = extract_article(body, ctx.url, ctx.site, http_encoding=ctx.http_charset,
                                     fetched_at=ctx.fetched_at, learned_boilerplate=ctx.learned_boilerplate)
    except Exception as exc:  # extract_article returns every failure; this is the last line of defence
        return Built(None, rejected="extraction_error", detail=repr(exc))
    if extraction.rejected:
        return Built(None, extraction, extraction.rejected, extraction.detail)
    if extraction.mojibake:
        return Built(None, extraction, "mojibake", f"text is mojibake after decoding as {extraction.encoding}")
    site = ctx.site
    canonical = canonical_for(ctx.url, extraction.canonical_url, site)
    text = extraction.text or ""
    article = Article(
        id=article_id(url_key(canonical)),
        url=ctx.url,
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
        embeds=[dict(e) for e in extraction.embeds],
        images=[dict(i) for i in extraction.images],
        live_entries=[dict(e) for e in extraction.live_entries],
        word_count=len(text.split()),
        fetched_at=ctx.fetched_at.isoformat(timespec="seconds"),
        discovered_via=dict(ctx.discovered_via or {"type": "start", "url": None}),
        content_hash=content_hash(text) if text else "",
        rendered=ctx.rendered,
        warc_file=ctx.warc_file,
        warc_offset=ctx.warc_offset,
    )
    return Built(article, extraction)


def canonical_twin(article: Article) -> str | None:
    """The canonical URL to read the article from, when the page fetched is one of its twins (AMP, ``m.``,
    another spelling of the URL) rather than the canonical page itself; else None.

    A twin often carries less (AMP pages drop the byline, tags and section), and which twin a parallel
    crawl happens to fetch first would otherwise decide the record: the crawl reads the canonical page.
    """
    try:
        fetched, canonical = request_url(article.url), request_url(article.canonical_url)
    except ValueError:
        return None
    if fetched == canonical or url_key(fetched) != url_key(canonical):
        return None
    return canonical
