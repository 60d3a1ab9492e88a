"""``rawi``: a WordPress news portal (Amman) whose stories carry every class of byline a new site may show.

Each article pairs one byline shape with what a correct crawl exports (``Article.authors`` and
``Article.agencies``): a CMS login slug in the metadata while the page shows the writer's name ("كتب: …"), or
a slug and a display name linking the same author page; words for the site, its staff and admin accounts,
and the outlet's own name, which are no one; sources credited at the end of the body ("المصدر: رويترز",
"المصدر: <another outlet>" on a syndicated story), in the dateline ("عمان (رويترز) -", "باريس - أ ف ب:") or in a
sources list; and authors only in hidden schema.org markup (a vcard, a ``rel=author`` link titled "Posts by …"),
some in Latin script. Discovery is the home page ``/`` listing ``/news/<id>/``.

Not in ``OUTLET_CLASSES``: tests serve it with ``FixtureNews(outlet_classes=BYLINE_OUTLET_CLASSES)``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ..corpus import TOPICS
from ..html import esc, iso, plain_date
from ..model import Article, Outlet, Page

TZ = ZoneInfo("Asia/Amman")
HTML = "text/html; charset=utf-8"
_ARTICLE = re.compile(r"^/news/\d+/$")
OWN = "منصة الراوي"


# (metadata: JSON-LD author and meta author, byline slot, first line, dateline, last line, after the story,
#  expected authors, expected agencies)
CASES: tuple[dict[str, Any], ...] = (
    {"ld": {"@type": "Person", "name": "ashraf"}, "meta_author": "ashraf", "first": "كتب: أشرف عبد الحميد",
     "authors": ["أشرف عبد الحميد"]},
    {"ld": [{"@type": "Person", "name": "saif", "url": "/author/saif/"}],
     "slot": '<span class="post-meta"><a href="/author/saif/">سيف الدين العمري</a></span>',
     "authors": ["سيف الدين العمري"]},
    {"ld": {"@type": "Person", "name": "محرر الموقع"}, "meta_author": "admin",
     "slot": '<span class="author">فريق التحرير</span>'},
    {"ld": {"@type": "Organization", "name": OWN}, "meta_author": "الموقع", "first": "بقلم: سلمى الحسيني",
     "authors": ["سلمى الحسيني"]},
    {"slot": '<span class="author">كتب: محمود الزعبي</span>', "last": "المصدر: رويترز",
     "authors": ["محمود الزعبي"], "agencies": ["رويترز"]},
    {"ld": {"@type": "Organization", "name": OWN}, "last": "المصدر: الجزيرة نت", "agencies": ["الجزيرة نت"]},
    {"meta_author": "editor", "dateline": "عمان (رويترز) - ", "agencies": ["رويترز"]},
    {"slot": '<span class="byline">By Sarah Johnson</span>', "dateline": "باريس - أ ف ب: ",
     "authors": ["Sarah Johnson"], "agencies": ["أ ف ب"]},
    {"after": '<div class="post-sources"><span>المصادر:</span><ul><li>رويترز</li><li>وكالة الأنباء الأردنية</li>'
              "</ul></div>", "last": "نقلا عن صحيفة الشرق الأوسط", "agencies": ["الشرق الأوسط", "رويترز", "بترا"]},
    {"slot": '<span class="author vcard" itemprop="author" itemscope itemtype="https://schema.org/Person" '
             'style="display:none"><span itemprop="name" class="fn">Karim Haddad</span></span>',
     "authors": ["Karim Haddad"]},
    {"meta_author": "rana", "slot": '<a rel="author" href="/author/rana/" title="Posts by رنا الخطيب" '
                                    'style="display:none">rana</a>', "authors": ["رنا الخطيب"]},
)


class Rawi(Outlet):
    key = "rawi"
    name = OWN
    name_en = "Al Rawi"
    country = "JO"
    timezone = "Asia/Amman"
    first_number = 7100
    def populate(self) -> None:
        self.cases: dict[int, dict[str, Any]] = {}  # article number -> its byline case
        topics = sorted(TOPICS)
        for i, case in enumerate(CASES):
            article = self.compose(datetime(2026, 11, 20 + i % 7, 8 + i, 10, tzinfo=TZ), topic=topics[i % len(topics)])
            article.authors = list(case.get("authors", []))
            article.agencies = list(case.get("agencies", []))
            if case.get("dateline"):  # the dateline opens the story's first paragraph
                tag, text = article.blocks[0]
                article.blocks[0] = (tag, case["dateline"] + text)
            self.cases[article.number] = case
            self.add(article)

    def article_path(self, a: Article) -> str:
        return f"/news/{a.number}/"

    def profile(self) -> dict[str, Any]:
        return {"sources": [{"type": "listing", "url": self.url("/"), "depth": 1}],
                "articles": {"allow": [rf"^https?://{re.escape(self.host)}/news/\d+/$"], "deny": [r"/author/"]}}

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path == "/":
            links = "".join(f'<li><a href="{self.article_path(a)}">{esc(a.title)}</a></li>' for a in self.articles)
            return Page(200, self.shell(OWN, f"<h1>آخر الأخبار</h1><ul>{links}</ul>").encode(), HTML, "listing")
        article = self.find(path) if _ARTICLE.match(path) else None
        return Page(200, self.render(article).encode(), HTML, "article") if article else None

    def shell(self, title: str, main: str, head: str = "") -> str:
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(title)}</title>'
                f'<meta property="og:site_name" content="{OWN}">{head}</head><body><header><a href="/">{OWN}</a>'
                f'<nav><a href="/">الرئيسية</a></nav></header><main>{main}</main>'
                f"<footer>جميع الحقوق محفوظة © {OWN}</footer></body></html>")

    def render(self, a: Article) -> str:
        case = self.cases[a.number]
        canonical = self.canonical_url(a)
        node: dict[str, Any] = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                                "datePublished": iso(a.published), "mainEntityOfPage": canonical}
        if "ld" in case:
            author = json.loads(json.dumps(case["ld"]).replace('"/author/', f'"{self.base_url}/author/'))
            node["author"] = author
        head = (f'<link rel="canonical" href="{canonical}"><meta property="article:published_time" '
                f'content="{iso(a.published)}"><script type="application/ld+json">'
                f"{json.dumps(node, ensure_ascii=False)}</script>")
        if case.get("meta_author"):
            head += f'<meta name="author" content="{esc(case["meta_author"])}">'
        lines = [case.get("first", ""), *[t for _, t in a.blocks], case.get("last", "")]
        body = "".join(f"<p>{esc(line)}</p>" for line in lines if line)
        main = (f'<article><h1 class="entry-title">{esc(a.title)}</h1><div class="entry-meta">{case.get("slot", "")}'
                f' <time datetime="{iso(a.published)}">{plain_date(a.published)}</time></div>'
                f'<div class="entry-content">{body}</div>{case.get("after", "")}</article>')
        return self.shell(f"{a.title} - {OWN}", main, head)


BYLINE_OUTLET_CLASSES: tuple[type[Outlet], ...] = (Rawi,)
