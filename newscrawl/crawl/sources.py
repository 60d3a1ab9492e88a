"""Reading discovery sources: feeds, sitemaps and listing pages into candidate article links.

Pure functions of (bytes, URL): the spider decides what to request, these only read. Feeds go through
feedparser (RSS 0.9x/1.0/2.0, Atom, any declared encoding such as windows-1256); sitemaps through lxml
with ``recover`` so a slightly broken file still yields its URLs; gzip sitemaps are unpacked with a size cap.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree, html

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


class DiscoveryError(ValueError):
    """A source could not be read; the message says why (logged and counted by the spider)."""


@dataclass(frozen=True)
class Link:
    url: str
    published: str | None = None  # ISO 8601 from the feed or news sitemap
    lastmod: str | None = None  # sitemap lastmod
    title: str | None = None


@dataclass(frozen=True)
class SitemapDoc:
    kind: Literal["index", "urlset"]
    links: list[Link]


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def parse_feed(body: bytes, url: str) -> list[Link]:
    """Entries of an RSS/Atom feed, newest information kept (published date)."""
    if _looks_like_html(body):
        raise DiscoveryError("HTML served instead of a feed")
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    if parsed.bozo and not parsed.entries:
        problem = parsed.get("bozo_exception")
        # Without HTTP headers feedparser flags every document "no Content-type specified" (a warning
        # class, not a parse error): a well-formed RSS/Atom document with zero items is an empty feed.
        if isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe):
            if parsed.get("version"):
                return []
            raise DiscoveryError("not an RSS or Atom feed")
        raise DiscoveryError(f"malformed feed: {problem!s:.200}")
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or entry.get("id")
        if not href or not href.startswith(("http://", "https://", "/")):
            continue
        links.append(Link(urljoin(url, href.strip()), published=_entry_date(entry), title=entry.get("title")))
    return links


def _entry_date(entry: Any) -> str | None:
    """An entry's date in ISO 8601 with the feed's own UTC offset, so that its day is the publisher's day
    (feedparser's parsed dates are UTC: 01:30 +03:00 on the 2nd would become the 1st)."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = (entry.get(raw_key) or "").strip()
        if raw:
            for parse in (parsedate_to_datetime, datetime.fromisoformat):
                try:
                    moment = parse(raw.replace("Z", "+00:00") if parse is datetime.fromisoformat else raw)
                except (TypeError, ValueError, IndexError):
                    continue
                return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
        when = entry.get(parsed_key)
        if when:
            return datetime(*when[:6], tzinfo=UTC).isoformat()
    return None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_sitemap(body: bytes, url: str) -> SitemapDoc:
    """A sitemap index (child sitemaps) or a urlset (pages; news:publication_date kept)."""
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as gz:
                body = gz.read(MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise DiscoveryError(f"broken gzip sitemap: {exc}") from None
        if len(body) > MAX_SITEMAP_BYTES:
            raise DiscoveryError("sitemap larger than 50 MB uncompressed")
    if _looks_like_html(body):
        raise DiscoveryError("HTML served instead of a sitemap")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"malformed sitemap: {exc}") from None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise DiscoveryError("not a sitemap (no urlset or sitemapindex root)")
    kind: Literal["index", "urlset"] = "index" if _local(root.tag) == "sitemapindex" else "urlset"
    links = []
    for node in root:
        fields: dict[str, str] = {}
        for child in node.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "publication_date", "title") and child.text and name not in fields:
                fields[name] = child.text.strip()
        if fields.get("loc"):
            links.append(
                Link(
                    urljoin(url, fields["loc"]),
                    published=fields.get("publication_date"),
                    lastmod=fields.get("lastmod"),
                    title=fields.get("title"),
                )
            )
    return SitemapDoc(kind, links)


_SKIP_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp[34]|zip|css|js|ico|woff2?)$", re.IGNORECASE)


def listing_links(body: bytes | str, url: str, encoding: str | None = None) -> list[str]:
    """Absolute http(s) links of a listing page, in page order, without repeats or asset files."""
    if not body:
        return []
    parser = html.HTMLParser(encoding=encoding) if isinstance(body, bytes) and encoding else None
    try:
        doc = html.fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    base = doc.xpath("string(//base/@href)") or url
    seen: dict[str, None] = {}
    for href in doc.xpath("//a/@href"):
        absolute = urljoin(base, href.strip())
        if urlsplit(absolute).scheme in ("http", "https") and not _SKIP_EXT.search(urlsplit(absolute).path):
            seen.setdefault(absolute.split("#", 1)[0], None)
    return list(seen)


def next_page_links(body: bytes | str, url: str) -> list[str]:
    """Pagination links (rel=next, 'التالي'/'المزيد' buttons, ?page=N) of a listing page."""
    try:
        doc = html.fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    hrefs = doc.xpath(
        "//link[@rel='next']/@href | //a[@rel='next']/@href | //a[contains(@class,'next')]/@href"
        " | //*[contains(@class,'pagination')]//a/@href"
    )
    return [urljoin(url, h.strip()) for h in hrefs if h.strip() and not h.startswith("#")]
