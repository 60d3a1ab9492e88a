"""HTML templates of ``sahel`` (a modern, JSON-LD-first site): article, AMP twin, listing, the 6 MB page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..corpus import TOPICS
from ..html import esc, iso, plain_date
from ..model import GOOD, Article

if TYPE_CHECKING:
    from .sahel import Sahel

HUGE_BYTES = 6 * 1024 * 1024


def _jsonld(o: Sahel, a: Article) -> str:
    url = o.canonical_url(a)
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "description": a.summary,
        "datePublished": iso(a.published), "dateModified": iso(a.published),
        "author": [{"@type": "Person", "name": n, "url": o.url(f"/author/{i + 1}")} for i, n in enumerate(a.authors)],
        "articleSection": TOPICS[a.section]["label"], "keywords": a.tags, "inLanguage": "ar",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "image": {"@type": "ImageObject", "url": o.url(f"/media/{a.number}.jpg"), "width": 1200, "height": 675},
        "publisher": {"@type": "Organization", "name": o.name,
                      "logo": {"@type": "ImageObject", "url": o.url("/static/logo.png")}},
    }
    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "الرئيسية", "item": o.url("/")},
        {"@type": "ListItem", "position": 2, "name": TOPICS[a.section]["label"],
         "item": o.url(f"/section/{a.section}")}]}
    dump = json.dumps(data, ensure_ascii=False)
    return (f'<script type="application/ld+json">{dump}</script>\n'
            f'<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>\n')


def _nav(o: Sahel) -> str:
    items = "".join(f'<a href="{o.url(f"/section/{k}")}">{v["label"]}</a>' for k, v in TOPICS.items())
    return (f'<header class="topbar"><a class="brand" href="{o.url("/")}">{esc(o.name)}</a>'
            f'<nav aria-label="الأقسام">{items}</nav><button class="menu-toggle" aria-label="القائمة">☰</button>'
            "</header>\n")


def _footer(o: Sahel) -> str:
    return (f'<footer class="site-footer"><nav><a href="{o.url("/about")}">عن الساحل</a> · '
            f'<a href="{o.url("/about")}#privacy">الخصوصية</a> · <a href="{o.url("/about")}#ads">أعلن معنا</a></nav>'
            f"<p>© 2026 {esc(o.name)} للإعلام الرقمي. جميع الحقوق محفوظة.</p></footer>\n")


def render_article(o: Sahel, a: Article) -> str:
    url = o.canonical_url(a)
    others = [x for x in o.latest(kinds=(GOOD,)) if x is not a]
    blocks = []
    for i, (tag, text) in enumerate(a.blocks):
        blocks.append(f"<h2>{esc(text)}</h2>" if tag == "h" else f"<p>{esc(text)}</p>")
        if i == 2 and others:
            blocks.append(f'<aside class="inline-related"><span>ذات صلة</span><a href="{o.canonical_url(others[0])}">'
                          f"{esc(others[0].title)}</a></aside>")
    most_read = "".join(f'<li><a href="{o.canonical_url(x)}">{esc(x.title)}</a></li>' for x in others[:5])
    tags = "".join(f'<li><a href="{o.url("/tag/" + t)}">{esc(t)}</a></li>' for t in a.tags)
    authors = "، ".join(f'<a rel="author" href="{o.url(f"/author/{i + 1}")}">{esc(n)}</a>'
                       for i, n in enumerate(a.authors))
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(a.title)} | {esc(o.name)}</title>\n<meta name=\"description\" content=\"{esc(a.summary)}\">\n"
        f'<link rel="canonical" href="{url}">\n<link rel="amphtml" href="{o.url("/amp" + a.path)}">\n'
        f'<meta property="og:type" content="article">\n<meta property="og:title" content="{esc(a.title)}">\n'
        f'<meta property="og:description" content="{esc(a.summary)}">\n<meta property="og:url" content="{url}">\n'
        f'<meta property="og:image" content="{o.url(f"/media/{a.number}.jpg")}">\n'
        f'<meta property="og:site_name" content="{esc(o.name)}">\n<meta name="twitter:card" '
        f'content="summary_large_image">\n{_jsonld(o, a)}<link rel="stylesheet" href="/static/app.4f9c2.css">\n'
        '</head>\n<body>\n<div id="__app">\n' + _nav(o)
        + '<main class="layout"><article class="story" data-testid="article">\n'
        f'<a class="kicker" href="{o.url(f"/section/{a.section}")}">{TOPICS[a.section]["label"]}</a>\n'
        f'<h1 class="story__title">{esc(a.title)}</h1>\n'
        f'<div class="story__meta"><span class="authors">{authors}</span> · <time datetime="{iso(a.published)}">'
        f"{plain_date(a.published)} {a.published:%H:%M}</time></div>\n"
        f'<figure class="story__image"><img src="/media/{a.number}.jpg" alt="{esc(a.title)}" loading="lazy">'
        "<figcaption>صورة أرشيفية</figcaption></figure>\n"
        f'<div class="story__body" data-testid="article-body">\n{"".join(blocks)}\n</div>\n'
        f'<ul class="story__tags">{tags}</ul>\n'
        '<section class="newsletter-cta"><h3>النشرة الصباحية</h3><p>أهم أخبار اليوم في بريدك كل صباح.</p>'
        '<form><input type="email" placeholder="البريد الإلكتروني"><button>اشترك</button></form></section>\n'
        f'</article>\n<aside class="rail"><h3>الأكثر قراءة</h3><ol>{most_read}</ol></aside></main>\n'
        + _footer(o) + "</div>\n</body>\n</html>\n"
    )


def render_amp(o: Sahel, a: Article) -> str:
    body = "".join(f"<h2>{esc(t)}</h2>" if k == "h" else f"<p>{esc(t)}</p>" for k, t in a.blocks)
    return (
        f'<!doctype html>\n<html amp lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(a.title)} | {esc(o.name)}</title>\n<link rel=\"canonical\" href=\"{o.canonical_url(a)}\">\n"
        '<meta name="viewport" content="width=device-width">\n<script async src="https://cdn.ampproject.org/v0.js">'
        f"</script>\n{_jsonld(o, a)}<style amp-boilerplate>body{{visibility:hidden}}</style>\n</head>\n<body>\n"
        f'<header><a href="{o.url("/")}">{esc(o.name)}</a></header>\n<article><h1>{esc(a.title)}</h1>'
        f'<time datetime="{iso(a.published)}">{plain_date(a.published)}</time>\n{body}\n</article>\n'
        + _footer(o) + "</body>\n</html>\n"
    )


def render_listing(o: Sahel, heading: str, items: list[Article], intro: str = "") -> str:
    cards = "".join(
        f'<li class="card"><a href="{o.canonical_url(a)}"><h3>{esc(a.title)}</h3></a><p>{esc(a.summary)}</p>'
        f'<time datetime="{iso(a.published)}">{plain_date(a.published)}</time></li>\n' for a in items)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(heading)} | {esc(o.name)}</title>\n</head>\n<body>\n<div id=\"__app\">\n" + _nav(o)
        + f'<main class="layout"><h1>{esc(heading)}</h1>{f"<p>{esc(intro)}</p>" if intro else ""}'
        f'<ul class="cards">{cards}</ul></main>\n' + _footer(o) + "</div>\n</body>\n</html>\n"
    )


def render_huge(o: Sahel, a: Article) -> bytes:
    """The article page bloated to 6 MB by an inline app-state blob (as some front-end frameworks ship)."""
    page = render_article(o, a)
    head, _, tail = page.partition("</body>")
    filler_unit = json.dumps({"id": a.number, "blocks": a.paragraphs}, ensure_ascii=False)
    need = HUGE_BYTES - len(page.encode())
    units = need // len(filler_unit.encode()) + 1
    blob = '<script id="__STATE__" type="application/json">[' + ",".join([filler_unit] * units) + "]</script>"
    return (head + blob + "</body>" + tail).encode()
