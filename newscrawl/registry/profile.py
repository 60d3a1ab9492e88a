"""What a site is, once its file is read: typed, immutable profiles (see newscrawl/registry.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.urls import request_url

SOURCE_TYPES = ("feed", "sitemap", "listing")
RENDER_MODES = ("plain", "browser", "auto")
PARTITIONS = ("none", "daily", "monthly", "yearly")


class RegistryError(ValueError):
    """A site file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Source:
    """Where articles are discovered: a feed, a sitemap (index/news/urlset) or a listing page."""

    type: str
    url: str
    depth: int = 1  # listing pages: how many listing hops to follow
    partition: str = "none"  # date-partitioned sitemap template: {YYYY} {MM} {DD} in url
    scroll: int = 0  # browser listings: how many times to scroll for more links


@dataclass(frozen=True)
class Selectors:
    """Optional CSS selectors: a last resort where generic extraction cannot read the page."""

    title: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    prune: tuple[str, ...] = ()
    wait_for: str | None = None  # browser: the element whose presence means the article is rendered


@dataclass(frozen=True)
class SiteProfile:
    key: str
    name: str
    domains: tuple[str, ...]
    country: str
    language: str
    timezone: str
    sources: tuple[Source, ...]
    allow: tuple[re.Pattern[str], ...]
    deny: tuple[re.Pattern[str], ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    render: str = "plain"
    delay: float = 1.0
    concurrency: int = 2
    enabled: bool = True
    verified: str = ""
    terms_url: str = ""
    feed_hosts: tuple[str, ...] = ()
    asset_hosts: tuple[str, ...] = ()  # hosts a rendered page may load scripts and data from (CDNs)
    # loopback and private-network addresses are refused (docs/security.md) unless the site lives there
    allow_private_addresses: bool = False
    name_en: str = ""
    cms: str = ""
    path: str = ""

    def is_article_url(self, url: str) -> bool:
        """True when the URL matches an allow pattern and no deny pattern, as given or without its tracking
        parameters and fragment (feeds add ``?utm_source=rss``; patterns end at the slug)."""
        if self._allowed(url):
            return True
        if "?" not in url and "#" not in url:
            return False
        try:
            cleaned = request_url(url)
        except ValueError:
            return False
        return cleaned != url and self._allowed(cleaned)

    def _allowed(self, url: str) -> bool:
        return any(p.search(url) for p in self.allow) and not any(p.search(url) for p in self.deny)

    def owns_url(self, url: str) -> bool:
        """True when the URL's host is one of the site's domains (or a subdomain of one)."""
        parts = urlsplit(url)
        host = (parts.netloc or "").lower()
        for domain in self.domains:
            dom_host, _, dom_path = domain.partition("/")
            if (host == dom_host or host.endswith("." + dom_host)) and parts.path.startswith(
                "/" + dom_path if dom_path else "/"
            ):
                return True
        return False

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
