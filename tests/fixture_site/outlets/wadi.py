"""``wadi``: a WordPress news site (Jordan, +03:00).

Exercises: RSS 2.0 ``/feed/`` (dc:creator, RFC-822 pubDate, categories) listing RAW Arabic slug URLs
``/2026/11/26/<arabic-slug>/``; ``article:published_time`` meta; category ``/category/<x>/`` (paginated
``/page/N/``) and tag ``/tag/<x>/`` pages; an "اقرأ أيضا" box inside the body, share buttons, related posts,
comments, footer; an AMP twin ``<article>/amp/`` of every article.
Traps: the three-URL article (raw slug in the feed; percent-encoded + utm_* on listings; ``/amp/`` and
``#comments`` on its tag page), an English article at ``/en/2026/11/26/...`` (language check), a post still in
the feed that answers 404, and an embargoed post linked from listings but disallowed by robots.txt.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import stories
from ..compose import arabic_slug
from ..corpus import TOPICS
from ..html import esc, rfc822
from ..model import GOOD, Article, Outlet, Page, encode_path
from .wadi_pages import render_amp, render_article, render_listing, render_static

TZ = ZoneInfo("Asia/Amman")
PER_PAGE = 10
VARIANTS_TAG = "وادي الموجب"
UTM = "?utm_source=facebook&utm_medium=social"
_CATEGORY = re.compile(r"^/category/([a-z]+)/(?:page/(\d+)/)?$")
_TAG = re.compile(r"^/tag/([^/]+)/$")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=TZ)


class Wadi(Outlet):
    key = "wadi"
    name = "وادي الأخبار"
    name_en = "Wadi News"
    country = "JO"
    timezone = "Asia/Amman"
    first_number = 4100

    def populate(self) -> None:
        for i in range(self.initial_articles):
            self.add(self.compose(_at(20 + i % 7, 8 + i % 10, 5 * i % 60), topic=sorted(TOPICS)[i % len(TOPICS)]))
        self.add(Article(self.key, self.new_number(), stories.WIRE_TITLE, list(stories.WIRE_BLOCKS),
                         _at(25, 14, 20), ["وكالة أنباء الشرق الأوسط"], "politics",
                         ["المياه", "جامعة الدول العربية"], arabic_slug(stories.WIRE_TITLE), role="wire-first"))
        self.add(Article(self.key, self.new_number(), stories.VARIANTS_TITLE, list(stories.VARIANTS_BLOCKS),
                         _at(26, 11, 5), ["لينا الطراونة"], "environment", [VARIANTS_TAG, "السياحة"],
                         stories.VARIANTS_SLUG, role="variants", sticky=True))
        self.add(Article(self.key, self.new_number(), stories.ENGLISH_TITLE, list(stories.ENGLISH_BLOCKS),
                         _at(26, 9, 40), ["Rami Haddad"], "society", ["Amman"],
                         "amman-launches-electric-bus-line", kind="english", lang="en"))
        self.add(Article(self.key, self.new_number(), stories.EMBARGO_TITLE, list(stories.EMBARGO_BLOCKS),
                         _at(25, 23, 0), ["محرر الشؤون المحلية"], "politics", ["البرلمان"],
                         "embargoed-cabinet-reshuffle-draft", kind="disallowed", sticky=True))
        gone = self.compose(_at(24, 16, 45), topic="economy")
        gone.kind = "notfound"  # deleted after publication; still listed in the feed
        self.add(gone)

    def compose(self, when: datetime, topic: str | None = None) -> Article:
        article = super().compose(when, topic)
        article.slug = arabic_slug(article.title)
        return article

    def article_path(self, a: Article) -> str:
        lang = "en/" if a.lang == "en" else ""
        return f"/{lang}{a.published:%Y/%m/%d}/{a.slug}/"

    def robots_txt(self) -> str:
        return ("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
                "Disallow: /2026/11/25/embargoed-\n\nSitemap: " + self.url("/wp-sitemap.xml") + "\n")

    # ---- routing --------------------------------------------------------------------------------------------
    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            return self.listing("الرئيسية", self.latest(kinds=(GOOD,)), 1, "/")
        if path == "/feed/":
            return self.feed()
        if path == "/about/":
            return self.static("من نحن", "<p>وادي الأخبار موقع إخباري أردني مستقل تأسس عام 2009، يغطي الشأن المحلي"
                               " والعربي والدولي على مدار الساعة.</p>")
        if path == "/en/":
            return self.static("Wadi News in English", "<p>Selected stories from Wadi News, in English.</p>"
                               f'<ul><li><a href="{self.link(self._english())}">{stories.ENGLISH_TITLE}</a></li></ul>',
                               lang="en")
        if m := _CATEGORY.match(path):
            if m.group(1) not in TOPICS:
                return None
            items = self.latest(section=m.group(1), kinds=(GOOD,))
            return self.listing(TOPICS[m.group(1)]["label"], items, int(m.group(2) or 1), f"/category/{m.group(1)}/")
        if m := _TAG.match(path):
            return self.tag_page(m.group(1))
        amp = path.endswith("/amp/")
        article = self.find(path[: -len("amp/")] if amp else path)
        if article is None or article.kind == "notfound":
            return self.not_found("article") if re.match(r"^/(en/)?\d{4}/", path) else None
        body = render_amp(self, article) if amp else render_article(self, article)
        return Page(200, body.encode(), "text/html; charset=UTF-8", "article")

    def link(self, a: Article) -> str:
        """How listings print an article link: percent-encoded, as WordPress does."""
        return self.url(a.path)

    def variants(self) -> dict[str, Any]:
        """The three-URL article: canonical URL and how each discovery source links it."""
        a = next(a for a in self.articles if a.role == "variants")
        canonical = self.canonical_url(a)
        return {"site": self.key, "canonical": canonical, "title": a.title,
                "feed": self.base_url + a.path,  # raw Arabic slug
                "listing": canonical + UTM,  # percent-encoded + tracking parameters
                "amp": canonical + "amp/", "fragment": canonical + "#comments"}

    def _english(self) -> Article:
        return next(a for a in self.articles if a.kind == "english")

    def feed(self) -> Page:
        items = [a for a in self.articles if a.kind in (GOOD, "notfound")]
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
            'modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/'
            'Atom" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>\n'
            f"<title>{esc(self.name)}</title>\n"
            f'<atom:link href="{self.url("/feed/")}" rel="self" type="application/rss+xml" />\n'
            f"<link>{self.base_url}</link>\n<description>أخبار الأردن والعالم العربي</description>\n"
            f"<lastBuildDate>{rfc822(self.modified.astimezone(TZ))}</lastBuildDate>\n<language>ar</language>\n"
            "<generator>https://wordpress.org/?v=6.7.1</generator>\n"
        ]
        for a in items:
            raw = self.base_url + a.path  # the raw Arabic slug, as some WordPress feeds print it
            cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in [TOPICS[a.section]["label"], *a.tags])
            parts.append(
                f"<item>\n<title>{esc(a.title)}</title>\n<link>{raw}</link>\n<comments>{raw}#respond</comments>\n"
                f"<dc:creator><![CDATA[{a.authors[0]}]]></dc:creator>\n<pubDate>{rfc822(a.published)}</pubDate>\n"
                f"{cats}\n<guid isPermaLink=\"false\">{self.base_url}/?p={a.number}</guid>\n"
                f"<description><![CDATA[{a.summary}]]></description>\n<slash:comments>2</slash:comments>\n</item>\n"
            )
        parts.append("</channel>\n</rss>\n")
        return Page(200, "".join(parts).encode(), "application/rss+xml; charset=UTF-8", "feed", validators=True)

    def tag_page(self, tag: str) -> Page:
        items = [a for a in self.articles if tag in a.tags and a.kind == GOOD]
        if not items:
            return self.not_found("listing")
        extra = ""
        if tag == VARIANTS_TAG:  # the AMP twin and the #comments link of the three-URL article
            a = next(a for a in items if a.role == "variants")
            extra = (f'<div class="tag-highlights"><a href="{self.link(a)}amp/">{esc(a.title)} (نسخة الجوال)</a>'
                     f' <a href="{self.link(a)}#comments">التعليقات</a></div>')
        return self.listing(f"الوسم: {tag}", items, 1, encode_path(f"/tag/{tag}/"), extra=extra, featured=False)

    def listing(self, heading: str, items: list[Article], page: int, base: str, *, extra: str = "",
                featured: bool = True) -> Page | None:
        pages = max(1, -(-len(items) // PER_PAGE))
        if page > pages:
            return None
        chunk = items[(page - 1) * PER_PAGE: page * PER_PAGE]
        html = render_listing(self, heading, chunk, page, pages, base, extra=extra, featured=featured)
        return Page(200, html.encode(), "text/html; charset=UTF-8", "listing")

    def static(self, title: str, body: str, lang: str = "ar") -> Page:
        return Page(200, render_static(self, title, body, lang).encode(), "text/html; charset=UTF-8", "other")

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "sources": [
                {"type": "feed", "url": self.url("/feed/")},
                {"type": "listing", "url": self.url("/"), "depth": 1},
                {"type": "listing", "url": self.url("/category/politics/"), "depth": 1},
                {"type": "listing", "url": self.url(f"/tag/{VARIANTS_TAG}/"), "depth": 0},
            ],
            "articles": {
                "allow": [rf"^https?://{host}/(?:en/)?\d{{4}}/\d{{2}}/\d{{2}}/[^/?#]+/(?:amp/)?(?:[?#].*)?$"],
                "deny": [r"/(?:category|tag|author|page|feed)/", r"/wp-(?:admin|json|content)/"],
            },
        }
