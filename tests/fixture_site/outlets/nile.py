"""``nile``: an Egyptian portal on the seed page's CMS template (Cairo), discovered only via section pages.

Exercises: the headline three times (page header, h1, share box), the "google news" box above the body,
in-body subheadings (``<h3>`` and ``<p><strong>``), newsletter and social prompts, previous/next links
("السابق …"/"التالى …"), a sidebar of other headlines, a footer; byline "كتب …" and a visible date
"الأحد، 24 نوفمبر 2024 02:30 م" with no JSON-LD and no date meta. Sections ``/section/<n>`` paginate with
``?page=N`` (at most three pages, so depth matters: the seed page sits on page 2 of section 2).
Carries the seed article (../shared/seed) when present; the wire story's near-duplicate; traps: an article
whose HTML is truncated and a PDF served at an article URL.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import stories
from ..compose import arabic_slug
from ..model import GOOD, Article, Outlet, Page
from .nile_pages import PDF_BYTES, render_article, render_listing, render_truncated

TZ = ZoneInfo("Africa/Cairo")
SECTIONS = {1: "أخبار مصر", 2: "عرب وعالم", 3: "اقتصاد وبورصة", 4: "رياضة", 5: "فن وثقافة"}
SECTION_OF_TOPIC = {"politics": 2, "economy": 3, "sports": 4, "culture": 5, "health": 1, "tech": 1, "society": 1,
                    "environment": 1}
MIN_PER_PAGE, MAX_PAGES = 6, 3
_STORY = re.compile(r"^/story/\d{4}/\d{1,2}/\d{1,2}/[^/]+/(\d+)/?$")
_SECTION = re.compile(r"^/section/(\d+)$")


class Nile(Outlet):
    key = "nile"
    name = "بوابة النيل"
    name_en = "Nile Portal"
    country = "EG"
    timezone = "Africa/Cairo"
    first_number = 6800
    initial_articles = 14

    def populate(self) -> None:
        topics = ["politics"] * 7 + ["economy", "sports", "culture", "health", "society", "tech", "environment"]
        for i, topic in enumerate(topics[: self.initial_articles]):
            self.add(self.compose(datetime(2026, 11, 20 + i % 7, 9 + i % 12, 7 * i % 60, tzinfo=TZ), topic=topic))
        self.add(Article(self.key, self.new_number(), stories.NEARDUP_TITLE, list(stories.NEARDUP_BLOCKS),
                         datetime(2026, 11, 25, 16, 40, tzinfo=TZ), ["أ ش أ"], "politics",
                         ["جامعة الدول العربية", "المياه"], role="wire-neardup"))
        day = datetime(2024, 11, 24, tzinfo=TZ)
        bank = Article(self.key, self.new_number(), stories.BANK_TITLE, list(stories.BANK_BLOCKS),
                       day.replace(hour=14, minute=10), ["أحمد علي"], "economy", ["البنوك"])
        culture = Article(self.key, self.new_number(), stories.CULTURE_TITLE, list(stories.CULTURE_BLOCKS),
                          day.replace(hour=14, minute=45), ["محمد عبد الرحمن"], "culture", ["السينما"])
        self.add(bank)
        self.add(culture)
        if self.seed is not None:
            self.add(Article(self.key, self.new_number(), self.seed.title, list(self.seed.blocks),
                             day.replace(hour=14, minute=30), [], "politics", ["العراق", "داعش"], role="seed"))
        broken = self.compose(datetime(2026, 11, 26, 11, 0, tzinfo=TZ), topic="health")
        broken.kind = "broken"
        self.add(broken)
        pdf = self.compose(datetime(2026, 11, 26, 12, 15, tzinfo=TZ), topic="society")
        pdf.kind = "binary"
        self.add(pdf)

    def add(self, article: Article) -> Article:
        if not article.slug or article.slug.isascii():
            article.slug = arabic_slug(article.title, max_words=10)
        return super().add(article)

    def article_path(self, a: Article) -> str:
        p = a.published
        return f"/story/{p.year}/{p.month}/{p.day}/{a.slug}/{a.number}"

    def robots_txt(self) -> str:
        return "User-agent: *\nDisallow: /admin/\nDisallow: /search\n"

    def section_items(self, n: int) -> list[Article]:
        return [a for a in self.articles if SECTION_OF_TOPIC[a.section] == n and a.kind in (GOOD, "broken", "binary")]

    def neighbours(self, a: Article) -> tuple[Article | None, Article | None]:
        """(previous, next) article for the prev/next links: the seed page's are its two boilerplate lines."""
        if a.role == "seed":
            by_title = {x.title: x for x in self.articles}
            return by_title.get(self.seed.previous_title), by_title.get(self.seed.next_title)
        chain = [x for x in self.articles if x.kind == GOOD]
        if a not in chain:
            return None, None
        i = chain.index(a)  # newest first: previous = older = i + 1
        return (chain[i + 1] if i + 1 < len(chain) else None), (chain[i - 1] if i > 0 else None)

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            return self.html(render_listing(self, "الرئيسية", self.latest(kinds=(GOOD,))[:12], None, 1, 1), "listing")
        if path == "/page/about":
            return self.html(render_listing(self, "من نحن", [], None, 1, 1), "other")
        if m := _SECTION.match(path):
            n = int(m.group(1))
            if n not in SECTIONS:
                return None
            items = self.section_items(n)
            per_page = max(MIN_PER_PAGE, -(-len(items) // MAX_PAGES))
            pages = max(1, -(-len(items) // per_page))
            page = int(query.get("page", "1")) if query.get("page", "1").isdigit() else 1
            if not 1 <= page <= pages:
                return None
            chunk = items[(page - 1) * per_page: page * per_page]
            return self.html(render_listing(self, SECTIONS[n], chunk, n, page, pages), "listing")
        if _STORY.match(path):
            article = self.find(path.rstrip("/"))
            if article is None:
                return self.not_found("article")
            if article.kind == "binary":
                return Page(200, PDF_BYTES, "application/pdf", "article",
                            headers={"Content-Disposition": f'inline; filename="{article.number}.pdf"'})
            if article.kind == "broken":
                return Page(200, render_truncated(self, article), "text/html; charset=utf-8", "article")
            return self.html(render_article(self, article), "article")
        return None

    def html(self, text: str, kind: str) -> Page:
        return Page(200, text.encode(), "text/html; charset=utf-8", kind)

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "sources": [{"type": "listing", "url": self.url(f"/section/{n}"), "depth": 2} for n in SECTIONS],
            "articles": {
                "allow": [rf"^https?://{host}/story/\d{{4}}/\d{{1,2}}/\d{{1,2}}/[^/?#]+/\d+/?(?:[?#].*)?$"],
                "deny": [r"/(?:section|page|tags?|author)/"],
            },
        }
