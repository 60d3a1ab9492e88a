"""The fixture's data model: articles, served pages, and the base class every outlet template extends.

An outlet is one origin (its own port) with its own URL scheme, templates and discovery sources. The base
class owns what all outlets share: the article list, the logical publication clock, the page cache, robots.txt
and the 404 page. A subclass says how URLs look (``route``), how pages look (``render_*``) and what its site
profile is (``profile``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

if TYPE_CHECKING:
    from .compose import Composer

Block = tuple[str, str]  # ("p", paragraph) or ("h", in-body subheading)

# Article kinds: "ok" is exported by a correct crawl; the others are traps the crawler must drop (counted).
GOOD = "ok"
BAD_KINDS = ("english", "error500", "notfound", "broken", "binary", "huge", "disallowed")

# The logical clock: initial articles are published before it; add_articles() advances it, so new articles
# are always the newest and feed validators change even within one wall-clock second.
CLOCK_START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@dataclass
class Article:
    outlet: str
    number: int  # outlet-local id used in URLs (post id, news id)
    title: str
    blocks: list[Block]
    published: datetime  # timezone-aware, the outlet's local time
    authors: list[str]
    section: str  # topic key (politics, economy, ...)
    tags: list[str]
    slug: str = ""  # Arabic or Latin slug, depending on the outlet
    kind: str = GOOD
    role: str = ""  # cross-outlet role: wire-first, wire-second, wire-neardup, wire-other, variants, seed
    lang: str = "ar"
    sticky: bool = False  # pinned at the top of listings (stays reachable when new articles push it down)
    path: str = ""  # canonical path (decoded form), set by the outlet
    agencies: list[str] = field(default_factory=list)  # sources the page credits (what ``agencies`` must say)

    @property
    def paragraphs(self) -> list[str]:
        return [text for tag, text in self.blocks if tag == "p"]

    @property
    def text(self) -> str:
        return "\n\n".join(text for _, text in self.blocks)

    @property
    def summary(self) -> str:
        first = self.paragraphs[0] if self.paragraphs else ""
        return first if len(first) <= 220 else first[:217].rsplit(" ", 1)[0] + "…"


@dataclass
class Page:
    """One HTTP answer. ``validators`` pages (feeds, sitemaps) get ETag/Last-Modified and answer 304."""

    status: int
    body: bytes
    content_type: str
    kind: str  # article | feed | sitemap | listing | robots | other
    validators: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def encode_path(path: str) -> str:
    """Percent-encode a decoded path the way CMSs print links (UTF-8, uppercase hex)."""
    return quote(path, safe="/?=&:;,+@!$'()*~.-_%")


class Outlet:
    """Base of every outlet template. Subclasses set the class attributes and implement the hooks."""

    key: ClassVar[str]
    name: ClassVar[str]
    name_en: ClassVar[str]
    country: ClassVar[str]
    timezone: ClassVar[str]
    first_number: ClassVar[int] = 1000
    initial_articles: ClassVar[int] = 8  # composed articles besides the handwritten ones
    takes_extra_articles: ClassVar[bool] = True  # gets its share of FixtureNews(extra_articles=N)

    def __init__(self, composer: Composer, seed: Any | None = None) -> None:
        self.composer = composer
        self.seed = seed  # the seed article (nile) or None
        self.articles: list[Article] = []
        self.base_url = ""
        self.clock = CLOCK_START
        self.modified = CLOCK_START  # Last-Modified of feeds and sitemaps
        self._next_number = self.first_number
        self._cache: dict[str, Page] = {}
        self._lock = threading.RLock()
        self._rate_limited: tuple[int, str] = (0, "")  # requests still answered 429, their Retry-After
        self._by_path: dict[str, Article] = {}

    # ---- hooks --------------------------------------------------------------------------------------------
    def populate(self) -> None:
        """Create the outlet's initial articles (handwritten and composed)."""
        raise NotImplementedError

    def article_path(self, article: Article) -> str:
        """The canonical path (decoded, i.e. raw Arabic) of an article."""
        raise NotImplementedError

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        """A page for a decoded path and its query, or None for 404."""
        raise NotImplementedError

    def profile(self) -> dict[str, Any]:
        """The newscrawl site profile (registry TOML as a dict) for this outlet."""
        raise NotImplementedError

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /admin/\n"

    def bad_sources(self) -> list[tuple[str, str]]:
        """(url, kind) of deliberately broken discovery sources (e.g. an invalid feed)."""
        return []

    # ---- shared machinery -----------------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return self.base_url.split("://", 1)[1]

    def url(self, path: str) -> str:
        return self.base_url + encode_path(path)

    def canonical_url(self, article: Article) -> str:
        return self.url(article.path)

    def new_number(self) -> int:
        number = self._next_number
        self._next_number += 1
        return number

    def add(self, article: Article) -> Article:
        with self._lock:
            article.path = self.article_path(article)
            if article.path in self._by_path:  # same slug on the same day: suffix it, as WordPress does
                article.slug = f"{article.slug}-{article.number}"
                article.path = self.article_path(article)
            self.articles.append(article)
            self.articles.sort(key=lambda a: a.published, reverse=True)
            self._by_path[article.path] = article
            self._cache.clear()
        return article

    def find(self, path: str) -> Article | None:
        return self._by_path.get(path)

    def latest(self, *, section: str | None = None, kinds: tuple[str, ...] | None = None) -> list[Article]:
        """Articles newest first, optionally of one section / of some kinds."""
        return [
            a for a in self.articles
            if (section is None or a.section == section) and (kinds is None or a.kind in kinds)
        ]

    def publish(self, n: int) -> list[Article]:
        """n new composed articles, newest of all, dated by the advancing logical clock."""
        new = []
        for _ in range(n):
            self.clock += timedelta(minutes=10)
            new.append(self.add(self.compose(self.clock)))
        self.modified = self.clock
        return new

    def compose(self, when: datetime, topic: str | None = None) -> Article:
        number = self.new_number()
        return self.composer.article(self.key, self.name, number, when.astimezone(self.tz), topic=topic)

    @property
    def tz(self):  # noqa: ANN201 - a ZoneInfo
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    def rate_limit(self, requests: int, retry_after: str) -> None:
        """Answer the next ``requests`` requests (robots.txt aside) with 429 and this Retry-After."""
        with self._lock:
            self._rate_limited = (requests, retry_after)

    def expected_urls(self) -> set[str]:
        return {self.canonical_url(a) for a in self.articles if a.kind == GOOD}

    def serve(self, path: str, query: dict[str, str], raw_target: str) -> Page:
        """Answer one request (cached per exact target: pages are deterministic between publishes)."""
        if path != "/robots.txt":
            with self._lock:
                left, retry_after = self._rate_limited
                if left > 0:
                    self._rate_limited = (left - 1, retry_after)
                    return Page(429, b"<html><body><h1>429 Too Many Requests</h1></body></html>",
                                "text/html; charset=utf-8", "other", headers={"Retry-After": retry_after})
        cached = self._cache.get(raw_target)
        if cached is not None:
            return cached
        if path == "/robots.txt":
            page = Page(200, self.robots_txt().encode(), "text/plain; charset=utf-8", "robots")
        else:
            page = self.route(path, query) or self.not_found()
        if page.status in (200, 404) and len(page.body) < 1_000_000:
            self._cache[raw_target] = page
        return page

    def not_found(self, kind: str = "other") -> Page:
        body = (
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الصفحة غير موجودة'
            f" - {self.name}</title></head><body><h1>عذرا، الصفحة غير موجودة</h1>"
            f'<p>ربما حذفت هذه الصفحة أو تغير عنوانها. <a href="/">العودة إلى الرئيسية</a></p></body></html>'
        )
        return Page(404, body.encode(), "text/html; charset=utf-8", kind)
