"""Outlets that are broken on purpose, one way each, for the health check (``python -m newscrawl sites check``).

Not in ``OUTLET_CLASSES``: a crawl of them exports nothing by design. Tests serve them with
``FixtureNews(outlet_classes=BROKEN_OUTLET_CLASSES, seed_dir=None)``. Each has three articles at
``/news/<id>``, a feed at ``/feed.xml`` and the profile pattern ``/news/\\d+$``; what breaks:

- ``forbidden``: every page but robots.txt answers 403 (a bot wall).
- ``hollow``: the feed is valid RSS without a single item.
- ``portal``: the feed URL serves the HTML home page (a consent page or a moved feed).
- ``drift``: a monthly sitemap (``/sitemaps/{YYYY}-{MM}.xml``, any month) lists the articles under a new URL
  shape, ``/articles/<slug>-<id>.html``, that the profile's pattern does not match; there is no feed.
- ``shell``: feed and URLs are fine, but article pages carry a headline, a date and no text.
- ``closed``: robots.txt disallows everything.
- ``slow``: the feed answers after ``SLOW_SECONDS`` (check it with a shorter timeout).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from ..html import esc, iso, rfc822
from ..model import Article, Outlet, Page

TZ = ZoneInfo("Africa/Cairo")
HTML = "text/html; charset=utf-8"
SLOW_SECONDS = 3.0
_ARTICLE = re.compile(r"^/news/(\d+)$")


class BrokenOutlet(Outlet):
    """A small healthy outlet (feed + articles); each subclass breaks one thing."""

    country = "EG"
    timezone = "Africa/Cairo"
    initial_articles = 3
    broken: ClassVar[str] = ""  # what the health check should say

    def populate(self) -> None:
        for i in range(self.initial_articles):
            self.add(self.compose(datetime(2026, 11, 24 + i, 9, 15, tzinfo=TZ), topic=None))

    def article_path(self, a: Article) -> str:
        return f"/news/{a.number}"

    def profile(self) -> dict[str, Any]:
        return {"sources": [{"type": "feed", "url": self.url("/feed.xml")}],
                "articles": {"allow": [rf"^https?://{re.escape(self.host)}/news/\d+$"]}}

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            return Page(200, self.home().encode(), HTML, "listing")
        if path == "/feed.xml":
            return self.feed()
        match = _ARTICLE.match(path)
        article = self.find(path) if match else None
        return Page(200, self.article_page(article).encode(), HTML, "article") if article else None

    def page(self, title: str, body: str, head: str = "") -> str:
        return (f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{esc(title)}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n")

    def home(self) -> str:
        items = "".join(f'<li><a href="{self.canonical_url(a)}">{esc(a.title)}</a></li>' for a in self.articles)
        return self.page(self.name, f"<h1>{esc(self.name)}</h1>\n<ul>{items}</ul>")

    def feed_items(self) -> list[Article]:
        return self.articles

    def feed(self) -> Page:
        items = "".join(
            f"<item><title>{esc(a.title)}</title><link>{self.canonical_url(a)}</link>"
            f"<pubDate>{rfc822(a.published)}</pubDate><description>{esc(a.summary)}</description></item>\n"
            for a in self.feed_items()
        )
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{esc(self.name)}'
                f"</title><link>{self.base_url}/</link><description>أخبار</description>\n{items}</channel></rss>\n")
        return Page(200, body.encode(), "application/rss+xml; charset=utf-8", "feed")

    def article_body(self, a: Article) -> str:
        return "".join(f"<p>{esc(text)}</p>" if tag == "p" else f"<h2>{esc(text)}</h2>" for tag, text in a.blocks)

    def article_page(self, a: Article) -> str:
        head = (f'<link rel="canonical" href="{self.canonical_url(a)}">\n'
                f'<meta property="og:title" content="{esc(a.title)}">\n'
                f'<meta property="article:published_time" content="{iso(a.published)}">\n')
        body = (f'<article><h1>{esc(a.title)}</h1><time datetime="{iso(a.published)}">{a.published:%Y-%m-%d}'
                f'</time><div class="article-body">{self.article_body(a)}</div></article>')
        return self.page(f"{a.title} - {self.name}", body, head)


class Forbidden(BrokenOutlet):
    key, name, name_en, first_number, broken = "forbidden", "المحجوب", "Forbidden", 9100, "HTTP 403"

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        return Page(403, self.page("403 Forbidden", "<h1>Access denied</h1>").encode(), HTML, "other")


class Hollow(BrokenOutlet):
    key, name, name_en, first_number, broken = "hollow", "الخاوي", "Hollow", 9200, "feed empty"

    def feed_items(self) -> list[Article]:
        return []


class Portal(BrokenOutlet):
    key, name, name_en, first_number, broken = "portal", "البوابة", "Portal", 9300, "HTML served instead of XML"

    def feed(self) -> Page:
        return Page(200, self.home().encode(), HTML, "feed")


class Drift(BrokenOutlet):
    key, name, name_en, first_number = "drift", "المنجرف", "Drift", 9400
    broken = "no URL matches the article pattern"

    def profile(self) -> dict[str, Any]:
        # placeholders written raw: Outlet.url() would percent-encode the braces
        return {**super().profile(),
                "sources": [{"type": "sitemap", "url": self.base_url + "/sitemaps/{YYYY}-{MM}.xml",
                             "partition": "monthly"}]}

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if not re.fullmatch(r"/sitemaps/\d{4}-\d{2}\.xml", path):
            return super().route(path, query)
        urls = "".join(f"<url><loc>{self.url(f'/articles/news-{a.number}.html')}</loc>"
                       f"<lastmod>{iso(a.published)}</lastmod></url>\n" for a in self.articles)
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">\n{urls}</urlset>\n')
        return Page(200, body.encode(), "application/xml; charset=utf-8", "sitemap")


class Shell(BrokenOutlet):
    key, name, name_en, first_number, broken = "shell", "القشرة", "Shell", 9500, "extraction empty"

    def article_body(self, a: Article) -> str:
        return '<div class="player" data-src="/media/live.m3u8"></div><img src="/media/cover.jpg" alt="">'


class Closed(BrokenOutlet):
    key, name, name_en, first_number, broken = "closed", "المغلق", "Closed", 9600, "robots.txt disallows"

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /\n"


class Slow(BrokenOutlet):
    key, name, name_en, first_number, broken = "slow", "البطيء", "Slow", 9700, "timeout after 1 s"

    def feed(self) -> Page:
        time.sleep(SLOW_SECONDS)
        return super().feed()


BROKEN_OUTLET_CLASSES: tuple[type[Outlet], ...] = (Forbidden, Hollow, Portal, Drift, Shell, Closed, Slow)
