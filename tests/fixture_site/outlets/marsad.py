"""``marsad``: a Gulf news magazine (Dubai, +04:00) whose pages carry an article's anatomy.

Exercises what lies inside an article body besides its text: a story with every kind of embedded post and
player (X, Instagram, Facebook, YouTube, Vimeo, TikTok, Telegram, a chart iframe), a photo gallery with
captions and credits printed three ways (own element, plain text, none), a live blog (updates newest first,
each with its time) and an opinion column (the columnist's card above the headline, the outlet's name in the
author meta). Composed stories get one lazy-loaded captioned picture each. URLs ``/news/<id>``,
``/gallery/<id>``, ``/live/<id>``, ``/opinion/<id>``; discovery from the RSS feed ``/rss.xml``.
``anatomy(url)`` gives what a correct extraction finds on a page (embeds, images, live entries).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import anatomy
from ..anatomy import Part, Picture
from ..corpus import TOPICS
from ..html import iso
from ..model import GOOD, Article, Outlet, Page
from .marsad_pages import default_parts, render_article, render_feed, render_home

TZ = ZoneInfo("Asia/Dubai")
HTML_TYPE = "text/html; charset=utf-8"
_ARTICLE = re.compile(r"^/(news|gallery|live|opinion)/(\d+)$")


class Marsad(Outlet):
    key = "marsad"
    name = "مرصد الخليج"
    name_en = "Marsad al-Khaleej"
    country = "AE"
    timezone = "Asia/Dubai"
    first_number = 9100
    initial_articles = 3
    takes_extra_articles = False  # its pages are about anatomy, not volume: the big-site tests' spread is unchanged
    bio = anatomy.COLUMNIST_BIO

    def populate(self) -> None:
        self.story: dict[int, str] = {}  # article number -> page kind (news, gallery, live, opinion)
        self.parts: dict[int, list[Part]] = {}
        topics = sorted(TOPICS)
        for i in range(self.initial_articles):
            self.add(self.compose(datetime(2026, 11, 23 + i, 9 + i, 10, tzinfo=TZ), topic=topics[i % len(topics)]))
        handwritten = (
            ("news", anatomy.EMBEDS_TITLE, anatomy.EMBEDS_PARTS, "عائشة الزعابي", "environment", 26, 9),
            ("gallery", anatomy.GALLERY_TITLE, anatomy.GALLERY_PARTS, "مريم النقبي", "culture", 26, 13),
            ("live", anatomy.LIVE_TITLE, anatomy.live_parts(TZ), "فريق التغطية المباشرة", "environment", 26, 7),
            ("opinion", anatomy.OPINION_TITLE, anatomy.OPINION_PARTS, anatomy.COLUMNIST, "society", 27, 8),
        )
        for story, title, parts, author, section, day, hour in handwritten:
            self.composer.reserve(title)
            article = Article(self.key, self.new_number(), title, anatomy.story_blocks(parts),
                              datetime(2026, 11, day, hour, 0, tzinfo=TZ), [author], section, [],
                              role=f"anatomy-{story}")
            self.story[article.number] = story
            self.parts[article.number] = parts
            self.add(article)

    def article_path(self, a: Article) -> str:
        return f"/{getattr(self, 'story', {}).get(a.number, 'news')}/{a.number}"

    def _parts(self, a: Article) -> list[Part]:
        return self.parts.get(a.number) or default_parts(a, self._picture(a))

    def _picture(self, a: Article) -> Picture:
        return Picture(f"/media/{a.number}.jpg", f"من أجواء الحدث: {a.title}", "مرصد الخليج", "تصوير: مرصد الخليج")

    def lead_image(self, a: Article) -> str:
        """The og:image path: the story's first picture, else the site's card image."""
        pictures = [v for k, v in self._parts(a) if k == "figure"]
        return pictures[0].path if pictures else "/static/card.jpg"

    def anatomy(self, url: str) -> dict[str, Any]:
        """What a correct extraction finds on the page at ``url``: embeds, images and live entries."""
        a = next(x for x in self.articles if self.url(x.path) == url)
        parts = self._parts(a)
        pictures = [v for k, v in parts if k == "figure"]
        images = [{"url": self.url(p.path), "caption": p.caption, "credit": p.credit} for p in pictures]
        if not images:
            images = [{"url": self.url(self.lead_image(a)), "caption": None, "credit": None}]
        entries = [{"time": iso(v.when), "time_shown": v.shown, "text": "\n\n".join(v.paragraphs)}
                   for k, v in parts if k == "entry"]
        return {"embeds": [v.expected for k, v in parts if k == "embed"], "images": images, "live_entries": entries,
                "text": a.text, "authors": a.authors[:1], "story": self.story.get(a.number, "news")}

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            return Page(200, render_home(self).encode(), HTML_TYPE, "listing")
        if path == "/rss.xml":
            body = render_feed(self, self.latest(kinds=(GOOD,)))
            return Page(200, body.encode(), "application/rss+xml; charset=utf-8", "feed", validators=True)
        match = _ARTICLE.match(path)
        article = self.find(path) if match else None
        if article is None:
            return None
        html = render_article(self, article, self._parts(article), self.story.get(article.number, "news"))
        return Page(200, html.encode(), HTML_TYPE, "article")

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "sources": [{"type": "feed", "url": self.url("/rss.xml")}],
            "articles": {"allow": [rf"^https?://{host}/(?:news|gallery|live|opinion)/\d+$"]},
        }
