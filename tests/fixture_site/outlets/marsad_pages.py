"""HTML templates of ``marsad``: a magazine theme whose bodies carry embeds, figures, live updates and a
columnist card, surrounded by the usual chrome (share bar, follow prompt, related box, footer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..anatomy import Embed, LiveEntry, Part, Picture
from ..corpus import TOPICS
from ..html import esc, iso, plain_date
from ..model import GOOD, Article

if TYPE_CHECKING:
    from .marsad import Marsad

PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def _head(o: Marsad, a: Article, canonical: str, author_meta: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(a.title)} | {esc(o.name)}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n"
        f'<meta name="description" content="{esc(a.summary)}">\n'
        f'<meta property="og:title" content="{esc(a.title)}">\n'
        f'<meta property="og:site_name" content="{esc(o.name)}">\n'
        f'<meta property="og:image" content="{o.url(o.lead_image(a))}">\n'
        f'<meta property="article:published_time" content="{iso(a.published)}">\n'
        f'<meta property="article:section" content="{esc(TOPICS[a.section]["label"])}">\n'
        f'<meta name="author" content="{esc(author_meta)}">\n</head>\n'
    )


def _figure(o: Marsad, picture: Picture, css: str = "article-figure") -> str:
    credit = ""
    if picture.credit_shown and picture.credit_class:
        credit = f' <span class="photo-credit">{esc(picture.credit_shown)}</span>'
    elif picture.credit_shown:
        credit = f" {esc(picture.credit_shown)}"
    caption = esc(picture.caption or "")
    inner = f"{caption}{credit}".strip()
    # lazy loading as themes do it: a placeholder in src, the real file in data-src
    return (f'<figure class="{css}"><img src="{PLACEHOLDER}" data-src="{o.url(picture.path)}"'
            f' alt="{caption}" width="800" height="533">'
            + (f"<figcaption>{inner}</figcaption>" if inner else "") + "</figure>")


def _entry(entry: LiveEntry) -> str:
    paragraphs = "".join(f"<p>{esc(t)}</p>" for t in entry.paragraphs)
    return (f'<div class="live-entry"><div class="live-entry-time"><time datetime="{iso(entry.when)}">'
            f"{entry.shown}</time></div><div class=\"live-entry-body\">{paragraphs}</div></div>")


def render_parts(o: Marsad, parts: list[Part]) -> str:
    out = []
    for kind, value in parts:
        if kind == "p":
            out.append(f"<p>{esc(value)}</p>")
        elif kind == "h":
            out.append(f"<h2>{esc(value)}</h2>")
        elif kind == "embed":
            assert isinstance(value, Embed)
            out.append(value.html)  # pasted into the body as the provider gives it, no wrapper
        elif kind == "figure":
            out.append(_figure(o, value))
        elif kind == "entry":
            out.append(_entry(value))
    return "\n".join(out)


def _chrome_top(o: Marsad) -> str:
    menu = "".join(f'<li><a href="{o.url("/section/" + k)}">{v["label"]}</a></li>' for k, v in TOPICS.items())
    return (f'<body>\n<header class="site-header"><a class="logo" href="{o.url("/")}"><img src="/static/logo.svg"'
            f' alt="{esc(o.name)}" width="180" height="40"></a><nav><ul>{menu}</ul></nav></header>\n')


def _chrome_bottom(o: Marsad, a: Article) -> str:
    others = [x for x in o.latest(kinds=(GOOD,)) if x is not a][:3]
    related = "".join(f'<li><a href="{o.url(x.path)}"><img src="{o.url(o.lead_image(x))}" alt="">{esc(x.title)}</a>'
                      "</li>" for x in others)
    return (
        '<div class="follow-box">تابعوا مرصد الخليج على واتساب لتصلكم آخر الأخبار</div>\n'
        f'<section class="related"><h3>اقرأ أيضاً</h3><ul>{related}</ul></section>\n</main>\n'
        '<footer class="site-footer"><p>جميع الحقوق محفوظة © 2026 مرصد الخليج</p></footer>\n</body>\n</html>\n'
    )


def _share(canonical: str) -> str:
    return ('<div class="share-bar"><span>شارك:</span> '
            f'<a href="https://www.facebook.com/sharer.php?u={canonical}">فيسبوك</a> '
            f'<a href="https://x.com/intent/post?url={canonical}">إكس</a></div>\n')


def render_article(o: Marsad, a: Article, parts: list[Part], story: str) -> str:
    """One article page; ``story`` is the kind of page (news, gallery, live, opinion)."""
    canonical = o.url(a.path)
    section = TOPICS[a.section]["label"]
    if story == "opinion":
        byline = ""
        top = (f'<div class="columnist-card"><img class="columnist-photo" src="{o.url("/media/writers/12.jpg")}" '
               f'alt="{esc(a.authors[0])}" width="96" height="96"><div class="columnist-info"><a class="columnist-name"'
               f' href="{o.url("/writers/12")}">{esc(a.authors[0])}</a><span class="columnist-bio">{esc(o.bio)}</span>'
               "</div></div>\n")
        author_meta = o.name  # the CMS puts the outlet in the author meta of columns
    else:
        top = ""
        byline = f'<div class="article-author">بقلم <a href="{o.url("/writers/3")}">{esc(a.authors[0])}</a></div>'
        author_meta = a.authors[0]
    badge = '<span class="live-badge">مباشر</span>' if story == "live" else ""
    body = render_parts(o, parts)
    if story == "live":
        body = f'<div class="live-blog">\n{body}\n</div>'
    return (
        _head(o, a, canonical, author_meta) + _chrome_top(o)
        + f'<main class="article-page {story}">\n<div class="breadcrumb"><a href="{o.url("/")}">الرئيسية</a> / '
        f'<a href="{o.url("/section/" + a.section)}">{section}</a></div>\n'
        f'<article class="article">\n{top}{badge}<h1 class="article-title">{esc(a.title)}</h1>\n'
        f'<div class="article-meta">{byline}<time datetime="{iso(a.published)}">{plain_date(a.published)}</time>'
        "</div>\n" + _share(canonical)
        + f'<div class="article-body">\n{body}\n</div>\n</article>\n' + _chrome_bottom(o, a)
    )


def render_home(o: Marsad) -> str:
    items = "".join(f'<li><a href="{o.url(a.path)}">{esc(a.title)}</a> <time>{plain_date(a.published)}</time></li>'
                    for a in o.latest(kinds=(GOOD,)))
    return (f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(o.name)}</title>'
            f"</head>\n{_chrome_top(o)}<main><h1>آخر الأخبار</h1><ul>{items}</ul></main></body></html>\n")


def render_feed(o: Marsad, items: list[Article]) -> str:
    from ..html import rfc822

    rows = "".join(f"<item><title>{esc(a.title)}</title><link>{o.url(a.path)}</link>"
                   f"<pubDate>{rfc822(a.published)}</pubDate></item>\n" for a in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{esc(o.name)}</title><link>{o.base_url}/</link><description>أخبار الخليج</description>\n"
            f"{rows}</channel></rss>\n")


def default_parts(a: Article, picture: Picture) -> list[Part]:
    """A composed story: its blocks with one captioned picture after the first paragraph."""
    parts: list[Part] = list(a.blocks)
    parts.insert(1, ("figure", picture))
    return parts


__all__ = ["default_parts", "render_article", "render_feed", "render_home", "render_parts"]
