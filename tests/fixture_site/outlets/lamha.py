"""``lamha``: a single-page-app news site (Riyadh, +03:00) that shows nothing without JavaScript.

Exercises the browser: an article page's static HTML is only a shell (a loading skeleton with a few words,
``<div id="root"></div>``, a "please enable JavaScript" ``<noscript>``, ``rel=canonical``); after ``load``,
``/static/app.js`` fetches ``/api/article/<id>.json`` and, a moment later, builds the article (headline,
byline, time, JSON-LD, body paragraphs, hero image). The listing ``/latest`` is server-rendered with the first
four stories only; scrolling to the bottom makes ``/static/stream.js`` fetch ``/api/stream?page=2``, after
which a "تحميل المزيد" button loads page 3: half the articles are linked only after scrolling. The profile
says ``render = "auto"``, ``scroll = 5``, ``selectors.wait_for`` the rendered body. Images, a web font and a
Google Tag Manager script are referenced so that blocking them shows in the request log and the stats.
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

TZ = ZoneInfo("Asia/Riyadh")
FIRST_BATCH, API_PAGES = 4, 2  # stories in the static listing; pages reachable only through JavaScript
_ARTICLE = re.compile(r"^/news/(\d+)/[a-z0-9-]+$")
_API_ARTICLE = re.compile(r"^/api/article/(\d+)\.json$")
JSON_TYPE = "application/json; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"

CSS = """@font-face{font-family:Kufi;src:url(/static/kufi.woff2) format("woff2")}
body{font-family:Kufi,sans-serif;margin:0} header,footer{padding:12px;background:#123}
#stream li{min-height:420px;list-style:none;border-bottom:1px solid #ddd}
.article-body p{line-height:1.9}"""

APP_JS = r"""(function () {
  var m = location.pathname.match(/^\/news\/(\d+)\//);
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls;
    if (text) e.textContent = text; return e; }
  function render(a) {
    document.querySelector('.skeleton').remove();
    var root = document.getElementById('root'), art = el('article', 'story'), head = el('header', 'story-head');
    head.appendChild(el('span', 'section', a.section_label)); head.appendChild(el('h1', 'headline', a.title));
    var by = el('div', 'byline', 'بقلم ' + a.authors.join(' و') + ' · ');
    var t = el('time', null, a.date_label); t.setAttribute('datetime', a.published); by.appendChild(t);
    head.appendChild(by); art.appendChild(head);
    var fig = el('figure'), img = el('img'); img.src = '/media/' + a.id + '.jpg'; img.alt = a.title;
    fig.appendChild(img); art.appendChild(fig);
    var body = el('div', 'article-body');
    a.blocks.forEach(function (b) { body.appendChild(el(b[0] === 'h' ? 'h2' : 'p', null, b[1])); });
    art.appendChild(body);
    var ld = el('script'); ld.type = 'application/ld+json'; ld.textContent = JSON.stringify(a.jsonld);
    document.head.appendChild(ld);
    root.appendChild(art); document.title = a.title + ' | لمحة';
  }
  window.addEventListener('load', function () {
    fetch('/api/article/' + m[1] + '.json').then(function (r) { return r.json(); })
      .then(function (a) { setTimeout(function () { render(a); }, 200); });
  });
})();"""

STREAM_JS = r"""(function () {
  var next = 2, busy = false, auto = true, list = document.getElementById('stream');
  var more = document.getElementById('more');
  function load() {
    if (busy || !next) return; busy = true;
    fetch('/api/stream?page=' + next).then(function (r) { return r.json(); }).then(function (data) {
      data.items.forEach(function (it) {
        var li = document.createElement('li'), a = document.createElement('a');
        a.href = it.url; a.textContent = it.title; li.appendChild(a);
        var p = document.createElement('p'); p.textContent = it.summary; li.appendChild(p); list.appendChild(li);
      });
      next = data.next; busy = false;
      more.style.display = next ? 'block' : 'none';
    });
  }
  window.addEventListener('scroll', function () {  // the first extra page comes by scrolling, then the button
    if (auto && innerHeight + scrollY >= document.body.scrollHeight - 300) { auto = false; load(); }
  });
  more.addEventListener('click', load);
})();"""


class Lamha(Outlet):
    key = "lamha"
    name = "لمحة"
    name_en = "Lamha"
    country = "SA"
    timezone = "Asia/Riyadh"
    first_number = 8800
    initial_articles = 10

    def populate(self) -> None:
        topics = sorted(TOPICS)
        for i in range(self.initial_articles):
            when = datetime(2026, 11, 20 + i % 7, 8 + i, 5 * i, tzinfo=TZ)
            self.add(self.compose(when, topic=topics[(i + 4) % len(topics)]))

    def article_path(self, a: Article) -> str:
        return f"/news/{a.number}/{a.slug}"

    def _page(self, title: str, body: str, canonical: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n"
            '<link rel="stylesheet" href="/static/app.css">\n'
            '<script async src="https://www.googletagmanager.com/gtag/js?id=G-LAMHA0001"></script>\n'
            f"</head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def render_shell(self, a: Article) -> str:
        # The server prints a loading skeleton (the lead's first words); the story itself comes later.
        lead = a.paragraphs[0][:60].rsplit(" ", 1)[0] + "…"
        body = (f'<div class="skeleton"><p class="lead">{esc(lead)}</p></div>\n'
                '<div id="root"></div>\n'
                '<noscript>يرجى تفعيل جافا سكريبت في متصفحك لعرض محتوى لمحة.</noscript>\n'
                '<script defer src="/static/app.js"></script>')
        return self._page(f"{a.title} | {self.name}", body, self.canonical_url(a))

    def _item(self, a: Article) -> dict[str, str]:
        return {"url": self.canonical_url(a), "title": a.title, "summary": a.summary}

    def stream_pages(self) -> list[list[Article]]:
        """The static first batch, then API_PAGES pages served as JSON to the scrolling script."""
        items = self.latest()
        rest = items[FIRST_BATCH:]
        size = max(1, -(-len(rest) // API_PAGES))
        return [items[:FIRST_BATCH]] + [rest[i * size:(i + 1) * size] for i in range(API_PAGES)]

    def render_listing(self) -> str:
        cards = "".join(f'<li><a href="{esc(i["url"])}">{esc(i["title"])}</a><p>{esc(i["summary"])}</p></li>\n'
                        for i in map(self._item, self.stream_pages()[0]))
        body = (f'<header><a href="/">{self.name}</a></header>\n<main><h1>آخر الأخبار</h1>\n'
                f'<ul id="stream">\n{cards}</ul>\n<button id="more" style="display:none">تحميل المزيد</button>\n'
                '</main>\n<footer>© 2026 لمحة للإعلام الرقمي</footer>\n<script src="/static/stream.js"></script>')
        return self._page(f"آخر الأخبار | {self.name}", body, self.url("/latest"))

    def article_json(self, a: Article) -> dict[str, Any]:
        return {
            "id": a.number, "title": a.title, "published": iso(a.published), "date_label": plain_date(a.published),
            "authors": a.authors, "section_label": TOPICS[a.section]["label"], "blocks": a.blocks,
            "jsonld": {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
                       "datePublished": iso(a.published), "articleSection": TOPICS[a.section]["label"],
                       "author": [{"@type": "Person", "name": n} for n in a.authors], "keywords": a.tags,
                       "mainEntityOfPage": self.canonical_url(a)},
        }

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        if path in ("/", "/latest"):
            return Page(200, self.render_listing().encode(), HTML_TYPE, "listing")
        if _ARTICLE.match(path):
            article = self.find(path)
            return Page(200, self.render_shell(article).encode(), HTML_TYPE, "article") if article else None
        if path == "/api/stream":
            pages = self.stream_pages()
            n = int(query["page"]) if query.get("page", "").isdigit() else 0
            if not 2 <= n <= len(pages):
                return None
            data = {"items": [self._item(a) for a in pages[n - 1]], "next": n + 1 if n < len(pages) else None}
            return Page(200, json.dumps(data, ensure_ascii=False).encode(), JSON_TYPE, "other")
        if match := _API_ARTICLE.match(path):
            article = next((a for a in self.articles if a.number == int(match.group(1))), None)
            body = json.dumps(self.article_json(article), ensure_ascii=False).encode() if article else None
            return Page(200, body, JSON_TYPE, "other") if body else None
        static = {"/static/app.js": (APP_JS, "text/javascript"), "/static/stream.js": (STREAM_JS, "text/javascript"),
                  "/static/app.css": (CSS, "text/css")}
        if path in static:
            text, ctype = static[path]
            return Page(200, text.encode(), ctype + "; charset=utf-8", "other")
        if path.startswith("/media/") or path.endswith(".woff2"):  # never fetched when the crawler blocks them
            return Page(200, b"\xff\xd8\xff\xd9", "image/jpeg" if path.startswith("/media/") else "font/woff2",
                        "other")
        return None

    def profile(self) -> dict[str, Any]:
        host = re.escape(self.host)
        return {
            "render": "auto",
            "sources": [{"type": "listing", "url": self.url("/latest"), "depth": 0, "scroll": 5}],
            "articles": {"allow": [rf"^https?://{host}/news/\d+/[a-z0-9-]+$"]},
            "selectors": {"wait_for": "article.story .article-body p"},
        }
