"""``sahel``: a modern news site (UAE, +04:00) discovered through sitemaps only.

Exercises: JSON-LD ``NewsArticle`` (headline, datePublished with offset, author Person list, articleSection,
keywords) + OpenGraph; sitemap INDEX ``/sitemap.xml`` -> Google News sitemap ``/sitemaps/news.xml``
(news:publication_date), monthly ``/sitemaps/2026-11.xml`` (lastmod) and ``/sitemaps/sections.xml`` (section
pages only: URLs the article patterns must reject); articles ``/news/2026/11/27/<id>-<latin-slug>`` with an AMP
twin ``/amp/news/...`` (rel=canonical to the main URL).
Traps: the wire story republished word for word (after ``wadi``), an article answering 500 and a 6 MB article
page, both listed in the monthly sitemap.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import stories
from ..corpus import TOPICS
from ..html import esc, iso
from ..model import GOOD, Article, Outlet, Page
from .sahel_pages import render_amp, render_article, render_huge, render_listing

TZ = ZoneInfo("Asia/Dubai")
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
_MONTHLY = re.compile(r"^/sitemaps/(\d{4})-(\d{2})\.xml$")
_SECTION = re.compile(r"^/section/([a-z]+)$")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


class Sahel(Outlet):
    key = "sahel"
    name = "الساحل"
    name_en = "Al Sahel"
    country = "AE"
    timezone = "Asia/Dubai"
    first_number = 20100

    def populate(self) -> None:
        topics = sorted(TOPICS)
        for i in range(self.initial_articles):
            self.add(self.compose(_at(20 + (i + 3) % 7, 7 + i, 10 + i), topic=topics[(i + 2) % len(topics)]))
        self.add(Article(self.key, self.new_number(), stories.WIRE_TITLE, list(stories.WIRE_BLOCKS),
                         _at(25, 19, 5), ["محرر الشؤون العربية"], "politics", ["المياه", "جامعة الدول العربية"],
                         "arab-ministers-water-scarcity-plan", role="wire-second"))
        failing = self.compose(_at(24, 13, 30), topic="economy")
        failing.kind = "error500"
        self.add(failing)
        huge = self.compose(_at(23, 18, 0), topic="tech")
        huge.kind = "huge"
        self.add(huge)

    def article_path(self, a: Article) -> str:
        return f"/news/{a.published:%Y/%m/%d}/{a.number}-{a.slug}"

    def robots_txt(self) -> str:
        return ("User-agent: *\nDisallow: /search\nDisallow: /api/\n\n"
                f"Sitemap: {self.url('/sitemap.xml')}\n")

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            return self.html(render_listing(self, "آخر الأخبار", self.latest(kinds=(GOOD,))[:15]), "listing")
        if path == "/about":
            return self.html(render_listing(self, "عن الساحل", [], intro="الساحل منصة إخبارية رقمية تأسست عام"
                                            " 2018 وتقدم الأخبار والتحليلات من الإمارات والخليج والعالم."), "other")
        if m := _SECTION.match(path):
            if m.group(1) not in TOPICS:
                return None
            items = self.latest(section=m.group(1), kinds=(GOOD,))[:20]
            return self.html(render_listing(self, TOPICS[m.group(1)]["label"], items), "listing")
        if path == "/sitemap.xml":
            return self.sitemap_index()
        if path == "/sitemaps/news.xml":
            return self.news_sitemap()
        if path == "/sitemaps/sections.xml":
            urls = [self.url("/"), self.url("/about")] + [self.url(f"/section/{k}") for k in TOPICS]
            body = "".join(f"<url><loc>{u}</loc><changefreq>hourly</changefreq></url>\n" for u in urls)
            return self.xml(f'<urlset {SITEMAP_NS}>\n{body}</urlset>\n')
        if m := _MONTHLY.match(path):
            return self.monthly_sitemap(int(m.group(1)), int(m.group(2)))
        amp = path.startswith("/amp/news/")
        article = self.find(path[len("/amp"):] if amp else path)
        if article is None:
            return self.not_found("article") if path.startswith(("/news/", "/amp/")) else None
        if article.kind == "error500":
            return Page(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                        "text/html; charset=utf-8", "article")
        if article.kind == "huge":  # built once: too big for the page cache, too slow to rebuild per request
            key = "\0huge"  # not a request target; the cache is emptied on start() and on publishing
            if key not in self._cache:
                self._cache[key] = Page(200, render_huge(self, article), "text/html; charset=utf-8", "article")
            return self._cache[key]
        return self.html(render_amp(self, article) if amp else render_article(self, article), "article")

    def html(self, text: str, kind: str) -> Page:
        return Page(200, text.encode(), "text/html; charset=utf-8", kind)

    def xml(self, text: str) -> Page:
        return Page(200, ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode(),
                    "application/xml; charset=utf-8", "sitemap", validators=True)

    def _listed(self) -> list[Article]:
        return [a for a in self.articles if a.kind in (GOOD, "error500", "huge")]

    def _months(self) -> dict[str, datetime]:
        months: dict[str, datetime] = {}
        for a in self._listed():
            key = f"{a.published:%Y-%m}"
            months[key] = max(months.get(key, a.published), a.published)
        return months

    def sitemap_index(self) -> Page:
        children = [("/sitemaps/news.xml", self.modified), ("/sitemaps/sections.xml", self.modified)]
        children += [(f"/sitemaps/{m}.xml", last) for m, last in sorted(self._months().items(), reverse=True)]
        body = "".join(f"<sitemap><loc>{self.url(p)}</loc><lastmod>{iso(t.astimezone(TZ))}</lastmod></sitemap>\n"
                       for p, t in children)
        return self.xml(f"<sitemapindex {SITEMAP_NS}>\n{body}</sitemapindex>\n")

    def news_sitemap(self) -> Page:
        """Google News sitemap: articles of the last two days (of the logical clock)."""
        since = self.clock - timedelta(days=2)
        rows = [
            f"<url><loc>{self.canonical_url(a)}</loc><news:news><news:publication><news:name>{esc(self.name)}"
            f"</news:name><news:language>ar</news:language></news:publication><news:publication_date>"
            f"{iso(a.published)}</news:publication_date><news:title>{esc(a.title)}</news:title></news:news></url>\n"
            for a in self._listed() if a.published >= since
        ]
        return self.xml(f"<urlset {SITEMAP_NS} {NEWS_NS}>\n{''.join(rows[:1000])}</urlset>\n")

    def monthly_sitemap(self, year: int, month: int) -> Page | None:
        items = [a for a in self._listed() if (a.published.year, a.published.month) == (year, month)]
        if not items:
            return None
        rows = "".join(f"<url><loc>{self.canonical_url(a)}</loc><lastmod>{iso(a.published)}</lastmod></url>\n"
                       for a in items)
        return self.xml(f"<urlset {SITEMAP_NS}>\n{rows}</urlset>\n")

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "sources": [{"type": "sitemap", "url": self.url("/sitemap.xml")}],
            "articles": {
                "allow": [rf"^https?://{host}/(?:amp/)?news/\d{{4}}/\d{{2}}/\d{{2}}/\d+-[a-z0-9-]+/?(?:[?#].*)?$"],
                "deny": [r"/(?:section|tag|author|video)/"],
            },
        }
