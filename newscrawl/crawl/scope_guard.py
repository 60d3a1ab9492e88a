"""The scope guard: nothing outside a site's own hosts is ever fetched.

A downloader middleware placed before every other, so every request passes it whatever made it: sources,
sitemap-index children, pagination and listing links, article links, redirects (a redirect is a new request
and comes through here before it is sent), retries from the queue, canonical pages of twins, browser
re-fetches, robots.txt. A request is refused when

- ``bad_scheme``: its scheme is not http or https (no ``file:``, ``ftp:``, ``data:``, ``s3:``; Scrapy's own
  handlers for those are switched off in newscrawl/settings.py too);
- ``off_site``: its host is not one of its site's ``domains`` (sources may also use ``feed_hosts``); a request
  of no site (robots.txt) must belong to a site of the run;
- ``private_address``: its host is a loopback, private, link-local or reserved address literal, or
  ``localhost``, and the site file does not say ``allow_private_addresses = true``;
- ``url_too_long``: it is longer than ``URLLENGTH_LIMIT`` (Scrapy's own filter drops such requests silently;
  it is switched off and replaced by this check, which ends in the request's errback);
- ``redirect_loop``: a redirect leads back to a URL of its own redirect chain.

A refused request raises ``RefusedRequest`` (an ``IgnoreRequest``): the spider's errback counts it like any
failure (``errors/<reason>`` for articles, ``source_errors/<reason>`` for sources); requests without an
errback (robots.txt) are counted here as ``refused/<reason>``. The browser applies the same rule to its own
navigations and sub-requests (newscrawl/rendering/page_guard.py). Names that resolve to private addresses
are not looked up here: see docs/security.md.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from newscrawl.crawl.scope import RunScope
from newscrawl.registry import SiteProfile
from newscrawl.stats import count

SCHEMES = ("http", "https")


class RefusedRequest(IgnoreRequest):
    def __init__(self, reason: str, url: str):
        super().__init__(f"refused ({reason}): {url[:300]}")
        self.reason = reason


def is_private_host(host: str) -> bool:
    """A loopback, private, link-local, reserved or unspecified address literal, or localhost."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def site_hosts_allow(site: SiteProfile, url: str, *, source: bool = False) -> bool:
    """Whether the URL is on one of the site's domains (or, for a source, one of its feed hosts)."""
    if site.owns_url(url):
        return True
    return source and urlsplit(url).netloc.lower() in site.feed_hosts


def refusal(url: str, site: SiteProfile | None, sites: dict[str, SiteProfile], *, source: bool = False,
            max_length: int = 0) -> str | None:
    """Why the URL must not be fetched for the site (None: it may be)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        return "bad_scheme"
    if max_length and len(url) > max_length:
        return "url_too_long"
    owners = [site] if site is not None else [s for s in sites.values() if site_hosts_allow(s, url, source=True)]
    if not owners or not any(site_hosts_allow(s, url, source=source or site is None) for s in owners):
        return "off_site"
    if is_private_host(parts.hostname or "") and not any(s.allow_private_addresses for s in owners):
        return "private_address"
    return None


class ScopeGuard:
    def __init__(self, scope: RunScope, stats: Any, max_length: int):
        self.scope, self.stats, self.max_length = scope, stats, max_length

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopeGuard:
        return cls(RunScope.of(crawler), crawler.stats, crawler.settings.getint("URLLENGTH_LIMIT", 2083))

    def process_request(self, request: Any) -> None:
        key = request.meta.get("site")
        site = self.scope.sites.get(key) if key else None
        reason = refusal(request.url, site, self.scope.sites, max_length=self.max_length,
                         source=request.meta.get("newscrawl_kind") in ("feed", "sitemap"))
        if reason is None and request.url in (request.meta.get("redirect_urls") or ()):
            reason = "redirect_loop"  # a request the dupefilter lets through (sources); articles: outcomes.py
        if reason is None:
            return None
        if not request.meta.get("newscrawl_kind"):  # no errback will count it
            count(self.stats, key, f"refused/{reason}")
        raise RefusedRequest(reason, request.url)
