"""``qadim``: a legacy PHP news site (Damascus) served as windows-1256.

Exercises: HTTP ``Content-Type: text/html`` WITHOUT a charset, the charset only in
``<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">``; URLs ``/news.php?id=123``;
a visible date with Levantine month names and Eastern Arabic digits ("٢٧ تشرين الثاني ٢٠٢٦ - ١٠:١٥ ص"; the
digits are not in windows-1256, so they are sent as numeric character references, as such sites do);
discovery from ``/list.php`` (``?page=N``) and the windows-1256 RSS ``/rss.php`` (XML declaration encoding).
Traps: a second feed ``/rss2.php`` that is not well-formed XML, a JPEG served at ``/news.php?id=…``, links to
``/print.php`` (robots.txt disallowed, not article-shaped). Carries the different story on the wire event.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import stories
from ..corpus import TOPICS
from ..model import GOOD, Article, Outlet, Page
from .qadim_pages import JPEG_BYTES, render_article, render_feed, render_listing

TZ = ZoneInfo("Asia/Damascus")
HTML_TYPE = "text/html"  # deliberately no charset: the page's <meta> is the only declaration
MIN_PER_PAGE, MAX_PAGES = 8, 3


class Qadim(Outlet):
    key = "qadim"
    name = "صدى الشام"
    name_en = "Sada al-Sham"
    country = "SY"
    timezone = "Asia/Damascus"
    first_number = 3000

    def populate(self) -> None:
        topics = sorted(TOPICS)
        for i in range(self.initial_articles):
            when = datetime(2026, 11, 20 + (i + 5) % 7, 8 + i, 15, tzinfo=TZ)
            self.add(self.compose(when, topic=topics[(i + 5) % len(topics)]))
        self.add(Article(self.key, self.new_number(), stories.OTHER_TITLE, list(stories.OTHER_BLOCKS),
                         datetime(2026, 11, 25, 18, 30, tzinfo=TZ), ["مراسل صدى الشام في القاهرة"], "politics",
                         ["المياه", "الفرات"], role="wire-other"))
        photo = self.compose(datetime(2026, 11, 26, 10, 15, tzinfo=TZ), topic="culture")
        photo.kind = "binary"  # the CMS serves the story's photo at the story URL
        self.add(photo)

    def article_path(self, a: Article) -> str:
        return f"/news.php?id={a.number}"

    def find_id(self, query: dict[str, str]) -> Article | None:
        raw = query.get("id", "")
        return self.find(f"/news.php?id={int(raw)}") if raw.isdigit() else None

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /admin/\nDisallow: /print.php\n"

    def bad_sources(self) -> list[tuple[str, str]]:
        return [(self.url("/rss2.php"), "bad-feed")]

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path in ("/", "/index.php", "/list.php"):
            items = [a for a in self.articles if a.kind in (GOOD, "binary")]
            per_page = max(MIN_PER_PAGE, -(-len(items) // MAX_PAGES))
            pages = max(1, -(-len(items) // per_page))
            page = int(query["page"]) if query.get("page", "").isdigit() else 1
            if not 1 <= page <= pages:
                return None
            chunk = items[(page - 1) * per_page: page * per_page]
            return self.legacy(render_listing(self, chunk, page, pages), "listing")
        if path == "/rss.php":
            return Page(200, render_feed(self, self.latest(kinds=(GOOD,))[:30]), "application/rss+xml", "feed",
                        validators=True)
        if path == "/rss2.php":  # cut mid-item, with a bare '&': not well-formed XML
            whole = render_feed(self, self.latest(kinds=(GOOD,))[:5])
            body = whole[: len(whole) // 2].replace(b"<title>", b"<title>R&D ", 1)
            return Page(200, body, "application/rss+xml", "feed", validators=True)
        if path == "/about.php":
            return self.legacy(render_listing(self, [], 1, 1, heading="من نحن"), "other")
        if path == "/news.php":
            article = self.find_id(query)
            if article is None:
                return self.legacy(render_listing(self, [], 1, 1, heading="الخبر غير موجود"), "article", 404)
            if article.kind == "binary":
                return Page(200, JPEG_BYTES, "image/jpeg", "article")
            return self.legacy(render_article(self, article), "article")
        if path == "/print.php":
            article = self.find_id(query)
            return self.legacy(render_article(self, article), "other") if article else None
        return None

    def legacy(self, text: str, kind: str, status: int = 200) -> Page:
        return Page(status, text.encode("cp1256", "xmlcharrefreplace"), HTML_TYPE, kind)

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "sources": [
                {"type": "feed", "url": self.url("/rss.php")},
                {"type": "feed", "url": self.url("/rss2.php")},
                {"type": "listing", "url": self.url("/list.php"), "depth": 2},
            ],
            "articles": {"allow": [rf"^https?://{host}/news\.php\?id=\d+$"], "deny": [r"/print\.php"]},
        }
