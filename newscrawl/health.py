"""The live health check behind ``python -m newscrawl sites check``: does each site still work?

Per site, one request at a time with the site's own delay: robots.txt allows the sources and the sampled
article; every feed and sitemap answers and parses (partition templates filled for today, the previous
partition tried when today's is not out yet; one child of a sitemap index followed); the links found
include article URLs; one article extracts with text, title and date. Each failure carries a short
reason (``HTTP 403``, ``feed empty``, ``HTML served instead of XML``…) so a morning cron mail says what
broke. Feeds, sitemaps and listings are read by the crawl's own readers (newscrawl.discovery), so the
check sees what the spider would see. Plain stdlib HTTP: it is a cron job, not the crawl.
"""

from __future__ import annotations

import gzip
import http.client
import socket
import ssl
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from lxml import etree
from protego import Protego

from newscrawl.discovery import DiscoveryError, Link, listing_links, parse_feed, parse_sitemap
from newscrawl.registry import SiteProfile, Source
from newscrawl.settings import ROBOTSTXT_USER_AGENT, USER_AGENT
from newscrawl.sitemaps import fill

MAX_BYTES = 20 * 1024 * 1024  # a feed, sitemap or article above this is a problem in itself
MAX_DELAY = 5.0  # a check makes a handful of requests per site; cap very slow profiles
MAX_INDEX_CHILDREN = 2  # children of a sitemap index read before giving up
_URI_SAFE = "/:@!$&'()*+,;%~"  # RFC 3986 characters left as they are (and existing %XX)
MAX_SAMPLES = 3  # article URLs tried before the article check fails


class FetchError(Exception):
    """A request failed; ``reason`` is the short text the report shows (``HTTP 403``, ``timeout…``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    body: bytes
    charset: str | None

    def text(self) -> str:
        return self.body.decode(self.charset or "utf-8", "replace")


def _network_reason(exc: BaseException, url: str, timeout: float) -> str:
    if isinstance(exc, socket.gaierror):
        return f"DNS error: {urlsplit(url).hostname} not found"
    if isinstance(exc, TimeoutError):
        return f"timeout after {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {getattr(exc, 'reason', None) or exc}"
    return f"connection error: {exc}"


def to_uri(url: str) -> str:
    """An IRI as sent on the wire: raw Arabic in path/query percent-encoded (UTF-8), IDN host in punycode."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        netloc = parts.netloc.replace(host, host.encode("idna").decode("ascii"))
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts._replace(path=quote(parts.path, safe=_URI_SAFE),
                                     query=quote(parts.query, safe=_URI_SAFE + "="), fragment=""))


def fetch(url: str, timeout: float = 20.0) -> Fetched:
    """GET with the crawl's User-Agent; HTTP errors come back as a status, network errors raise."""
    request = Request(to_uri(url), headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
    try:
        with urlopen(request, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            encoding = (resp.headers.get("Content-Encoding") or "").lower()
            status, final_url, charset = resp.status, resp.url, resp.headers.get_content_charset()
    except HTTPError as exc:
        return Fetched(exc.url or url, exc.code, b"", None)
    except URLError as exc:
        reason = exc.reason if isinstance(exc.reason, BaseException) else OSError(str(exc.reason))
        raise FetchError(_network_reason(reason, url, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(_network_reason(exc, url, timeout)) from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"response larger than {MAX_BYTES // 2**20} MB")
    try:
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
    except (OSError, zlib.error, EOFError) as exc:
        raise FetchError(f"broken {encoding} body: {exc}") from None
    return Fetched(final_url, status, body, charset)


@dataclass
class Check:
    kind: str  # robots | feed | sitemap | listing | article
    url: str
    ok: bool = True
    reason: str = ""  # why it failed (empty when ok)
    found: int = 0  # links read from the source
    matched: int = 0  # of them, article URLs of the site
    detail: str = ""  # what was read instead (e.g. the partition or index child used)


@dataclass
class SiteReport:
    key: str
    name: str
    ok: bool
    reasons: list[str]
    checks: list[Check]
    sample: dict[str, Any] = field(default_factory=dict)
    elapsed_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def feed_item_count(body: bytes) -> int | None:
    """Items of an RSS/RDF/Atom document, or None when it is not one (left to the feed parser)."""
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    if root is None or etree.QName(root).localname not in ("rss", "RDF", "feed"):
        return None
    return sum(1 for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("item", "entry"))


class SiteCheck:
    """One site's check: sequential, polite, every step recorded as a Check."""

    def __init__(self, site: SiteProfile, timeout: float = 20.0, delay: float | None = None,
                 now: datetime | None = None):
        self.site, self.timeout = site, timeout
        self.delay = min(site.delay if delay is None else delay, MAX_DELAY)
        self.now = (now or datetime.now(site.tz)).astimezone(site.tz)
        self.checks: list[Check] = []
        self.robots: dict[str, Protego | None] = {}
        self._last_request = 0.0

    # -- plumbing ---------------------------------------------------------------------------------
    def get(self, url: str) -> Fetched:
        wait = self._last_request + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return fetch(url, self.timeout)
        finally:
            self._last_request = time.monotonic()

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host, fetched once; none readable (404, 403, unreachable) = no rules,
        as in the crawl. Rules are matched against the URL as sent (Arabic percent-encoded)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            check = Check("robots", origin + "/robots.txt")
            try:
                got = self.get(check.url)
                self.robots[origin] = Protego.parse(got.text()) if got.status == 200 else None
                check.detail = "parsed" if got.status == 200 else f"HTTP {got.status}: no rules"
            except FetchError as exc:
                self.robots[origin] = None
                check.detail = f"unreachable ({exc.reason}): no rules"
            self.checks.append(check)
        rules = self.robots[origin]
        return rules is None or rules.can_fetch(to_uri(url), ROBOTSTXT_USER_AGENT)

    def fail(self, check: Check, reason: str) -> Check:
        check.ok, check.reason = False, reason
        return check

    def hint(self) -> str:
        if self.site.render == "plain":
            return ""
        return f" (render = {self.site.render}: the page may need a browser; the check reads plain HTML)"

    # -- sources ----------------------------------------------------------------------------------
    def candidate_urls(self, source: Source) -> list[str]:
        """The source URL, or today's partition then the previous one (not out yet early in the day)."""
        if source.partition == "none":
            return [source.url]
        step = {"daily": timedelta(days=1), "monthly": timedelta(days=self.now.day),
                "yearly": timedelta(days=self.now.timetuple().tm_yday)}[source.partition]
        today = self.now.date()
        return [fill(source.url, today), fill(source.url, today - step)]

    def read(self, kind: str, url: str, depth: int = 0) -> tuple[list[Link], str]:
        """Links of one feed/sitemap/listing; raises DiscoveryError/FetchError with the reason."""
        got = self.get(url)
        if got.status != 200:
            raise FetchError(f"HTTP {got.status}")
        if kind == "listing":
            return [Link(u) for u in listing_links(got.body, got.url, got.charset)], ""
        if looks_like_html(got.body):
            raise DiscoveryError("HTML served instead of XML")
        if kind == "feed":
            if feed_item_count(got.body) == 0:
                return [], ""  # a valid feed without items (parse_feed calls that malformed)
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
            if not self.allowed(child.url):
                continue
            links, _ = self.read(kind, child.url, depth + 1)
            read.append(child.url)
            if any(self.site.is_article_url(link.url) for link in links):
                break
        return links, f"index of {len(doc.links)}; read {', '.join(read) or 'nothing (robots.txt)'}"

    def check_source(self, source: Source) -> list[Link]:
        check, matched = Check(source.type, source.url), []
        urls = self.candidate_urls(source)
        for attempt, url in enumerate(urls):
            check.url, check.ok, check.reason = url, True, ""
            matched = self.read_into(check, source.type, url)
            if check.ok:
                if attempt:
                    check.detail = "previous partition (today's is not out yet)"
                break
            if check.reason not in ("HTTP 404", f"{source.type} empty"):
                break  # only a missing or empty current partition falls back to the previous one
            if attempt:
                check.url, check.detail = urls[0], f"previous partition {url} failed too"
        self.checks.append(check)  # after the robots.txt checks its reading made
        return matched

    def read_into(self, check: Check, kind: str, url: str) -> list[Link]:
        """Read one source URL into ``check``; the article links found."""
        if not self.allowed(url):
            self.fail(check, "robots.txt disallows")
            return []
        try:
            links, check.detail = self.read(kind, url)
        except FetchError as exc:
            self.fail(check, exc.reason)
            return []
        except DiscoveryError as exc:
            self.fail(check, str(exc) if "HTML served" in str(exc) else f"unreadable: {exc}")
            return []
        matched = [link for link in links if self.site.is_article_url(link.url)]
        check.found, check.matched = len(links), len(matched)
        if not links:
            self.fail(check, "listing has no links" if kind == "listing" else f"{kind} empty")
        elif not matched:
            self.fail(check, "no URL matches the article pattern" + self.hint())
        return matched

    # -- the sampled article ----------------------------------------------------------------------
    def check_article(self, links: list[Link]) -> dict[str, Any]:
        """Newest article URLs first, robots-allowed ones only; passes when one of MAX_SAMPLES extracts.

        Trying a few keeps one deleted or odd article from failing a healthy site; the first failure's
        reason is reported when none extracts.
        """
        check = Check("article", "")
        self.checks.append(check)
        newest_first = sorted(links, key=lambda link: link.published or link.lastmod or "", reverse=True)
        allowed = [link.url for link in newest_first if self.allowed(link.url)]
        if not links or not allowed:
            self.fail(check, "no article URL to sample" if not links else "robots.txt disallows every article URL")
            return {}
        first_failure: tuple[str, str, dict[str, Any]] | None = None
        for url in allowed[:MAX_SAMPLES]:
            check.found += 1
            reason, sample = self.extract_one(url)
            if not reason:
                check.url, check.ok, check.reason = url, True, ""
                return sample
            first_failure = first_failure or (url, reason, sample)
        check.url, reason, sample = first_failure
        self.fail(check, reason)
        return sample

    def extract_one(self, url: str) -> tuple[str, dict[str, Any]]:
        """(failure reason or "", sample) for one article URL."""
        try:
            got = self.get(url)
            if got.status != 200:
                raise FetchError(f"HTTP {got.status}")
        except FetchError as exc:
            return exc.reason, {"url": url}
        from newscrawl.extract import extract_article  # heavy import, only when an article is read

        try:
            art = extract_article(got.body, got.url, self.site, http_encoding=got.charset)
        except Exception as exc:  # an extractor crash is a site failure to report, not a check crash
            return f"extraction error: {type(exc).__name__}: {exc}", {"url": url}
        sample = {"url": url, "title": art.title, "published": art.published, "text_chars": len(art.text or "")}
        missing = [name for name, value in (("text", art.text), ("title", art.title), ("date", art.published))
                   if not (value or "").strip()]
        if "text" in missing:
            return "extraction empty" + self.hint(), sample
        if missing:
            return f"extraction has no {' and no '.join(missing)}" + self.hint(), sample
        return "", sample

    def run(self) -> SiteReport:
        started = time.monotonic()
        matched: dict[str, Link] = {}
        for source in self.site.sources:
            for link in self.check_source(source):
                matched.setdefault(link.url, link)
        sample = self.check_article(list(matched.values()))
        reasons = list(dict.fromkeys(c.reason for c in self.checks if not c.ok))
        return SiteReport(self.site.key, self.site.name, not reasons, reasons, self.checks, sample,
                          round(time.monotonic() - started, 2))


def check_sites(sites: list[SiteProfile], timeout: float = 20.0, workers: int = 8,
                delay: float | None = None) -> list[SiteReport]:
    """Check sites concurrently (a bounded pool; each site sequential and polite), in input order."""
    if not sites:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sites)))) as pool:
        return list(pool.map(lambda site: SiteCheck(site, timeout, delay).run(), sites))
