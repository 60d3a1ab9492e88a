"""Checking one site's discovery sources: every feed and sitemap answers and parses, and lists article URLs.

Partition templates are filled for today, the previous partition tried when today's is not out yet; one
child of a sitemap index is followed. Feeds, sitemaps and listings are read by the crawl's own readers
(newscrawl.crawl.sources), so the check sees what the spider would see. A listing is rendered where the
crawl renders it (``browser`` sites; ``auto`` sites that scroll it, or whose plain copy has no article link
and a client-side-rendering marker: newscrawl/rendering/policy.py), through the run's shared Chromium.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from newscrawl.crawl.partitions import fill
from newscrawl.crawl.sources import DiscoveryError, Link, listing_links, parse_feed, parse_sitemap
from newscrawl.registry import SiteProfile, Source
from newscrawl.registry.health.http import FetchError
from newscrawl.registry.health.report import Check
from newscrawl.registry.health.session import PoliteSession
from newscrawl.rendering.policy import could_be_shell, csr_marker, listing_fallback_reason, wants_browser

MAX_INDEX_CHILDREN = 2  # children of a sitemap index read before giving up


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def render_hint(site: SiteProfile, html: bytes = b"") -> str:
    """Appended to pattern and extraction failures of a plain site whose page looks built by JavaScript
    (``auto``/``browser`` sites were rendered as the crawl renders them: nothing to hint)."""
    if site.render != "plain" or not (html and could_be_shell(html) and csr_marker(html)):
        return ""
    return ' (the page looks built by JavaScript: render = "auto" or "browser" would render it)'


def candidate_urls(source: Source, now: datetime) -> list[str]:
    """The source URL, or today's partition then the previous one (not out yet early in the day)."""
    if source.partition == "none":
        return [source.url]
    step = {"daily": timedelta(days=1), "monthly": timedelta(days=now.day),
            "yearly": timedelta(days=now.timetuple().tm_yday)}[source.partition]
    today = now.date()
    return [fill(source.url, today), fill(source.url, today - step)]


class SourceChecker:
    """Reads a site's sources through its polite session; each source becomes one Check."""

    def __init__(self, site: SiteProfile, session: PoliteSession, now: datetime):
        self.site, self.session, self.now = site, session, now

    def read(self, kind: str, url: str, depth: int = 0) -> tuple[list[Link], str]:
        """Links of one feed/sitemap/listing; raises DiscoveryError/FetchError with the reason."""
        got = self.session.get(url)
        if got.status != 200:
            raise FetchError(f"HTTP {got.status}")
        if looks_like_html(got.body):
            raise DiscoveryError("HTML served instead of XML")
        if kind == "feed":
            return parse_feed(got.body, got.url), ""
        doc = parse_sitemap(got.body, got.url)
        if doc.kind == "urlset" or depth >= 2:
            return doc.links, ""
        # An index: read the newest child (by lastmod, else the first and last listed).
        children = sorted(doc.links, key=lambda link: link.lastmod or "", reverse=True)
        if not any(link.lastmod for link in doc.links) and len(doc.links) > 1:
            children = [doc.links[0], doc.links[-1]]
        links: list[Link] = []
        read = []
        for child in children[:MAX_INDEX_CHILDREN]:
            if not self.session.allowed(child.url):
                continue
            links, _ = self.read(kind, child.url, depth + 1)
            read.append(child.url)
            if any(self.site.is_article_url(link.url) for link in links):
                break
        return links, f"index of {len(doc.links)}; read {', '.join(read) or 'nothing (robots.txt)'}"

    def check_source(self, source: Source) -> list[Link]:
        """Check one source (falling back to the previous partition); the article links it gave."""
        check, matched = Check(source.type, source.url), []
        urls = candidate_urls(source, self.now)
        for attempt, url in enumerate(urls):
            check.url, check.ok, check.reason = url, True, ""
            matched = self.read_into(check, source.type, url, source.scroll)
            if check.ok:
                if attempt:
                    check.detail = "previous partition (today's is not out yet)"
                break
            if check.reason not in ("HTTP 404", f"{source.type} empty"):
                break  # only a missing or empty current partition falls back to the previous one
            if attempt:
                check.url, check.detail = urls[0], f"previous partition {url} failed too"
        self.session.checks.append(check)  # after the robots.txt checks its reading made
        return matched

    def read_listing(self, check: Check, url: str, scroll: int) -> list[Link]:
        """A listing's links, rendered where the crawl renders it (``check.rendered`` says whether)."""
        check.rendered = wants_browser(self.site, "listing", scroll)
        got = self.session.render(url, self.site, "listing", scroll) if check.rendered else self.session.get(url)
        if got.status != 200:
            raise FetchError(f"HTTP {got.status}")
        links = [Link(u) for u in listing_links(got.body, got.url, got.charset)]
        articles = sum(self.site.is_article_url(link.url) for link in links)
        if not check.rendered and self.site.render == "auto" and listing_fallback_reason(got.body, articles):
            check.rendered = True
            got = self.session.render(url, self.site, "listing", scroll)
            links = [Link(u) for u in listing_links(got.body, got.url, got.charset)]
        check.refused += got.refused
        return links

    def read_into(self, check: Check, kind: str, url: str, scroll: int = 0) -> list[Link]:
        """Read one source URL into ``check``; the article links found."""
        if not self.session.allowed(url):
            check.fail("robots.txt disallows")
            return []
        try:
            if kind == "listing":
                links = self.read_listing(check, url, scroll)
            else:
                links, check.detail = self.read(kind, url)
        except FetchError as exc:
            check.fail(exc.reason)
            return []
        except DiscoveryError as exc:
            check.fail(str(exc) if "HTML served" in str(exc) else f"unreadable: {exc}")
            return []
        matched = [link for link in links if self.site.is_article_url(link.url)]
        check.found, check.matched = len(links), len(matched)
        if not links:
            check.fail("listing has no links" if kind == "listing" else f"{kind} empty")
        elif not matched:
            check.fail("no URL matches the article pattern" + render_hint(self.site))
        return matched
