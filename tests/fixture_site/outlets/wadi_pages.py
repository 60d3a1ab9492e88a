"""HTML templates of ``wadi`` (a typical WordPress news theme): article, AMP twin, listing, static page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import stories
from ..corpus import TOPICS
from ..html import esc, iso, plain_date
from ..model import GOOD, Article

if TYPE_CHECKING:
    from .wadi import Wadi

UTM = "?utm_source=facebook&utm_medium=social"


def _head(o: Wadi, title: str, canonical: str, extra: str = "", lang: str = "ar") -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    return (
        f'<!DOCTYPE html>\n<html dir="{direction}" lang="{lang}">\n<head>\n<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} &#8211; {esc(o.name)}</title>\n<link rel=\"canonical\" href=\"{canonical}\" />\n"
        f'<link rel="alternate" type="application/rss+xml" title="{esc(o.name)} &raquo; الخلاصة" '
        f'href="{o.url("/feed/")}" />\n<link rel="stylesheet" href="/wp-content/themes/newspaper/style.css?ver=6.7.1">'
        f"\n{extra}</head>\n"
    )


def _masthead(o: Wadi) -> str:
    menu = "".join(f'<li class="menu-item"><a href="{o.url(f"/category/{k}/")}">{v["label"]}</a></li>'
                   for k, v in TOPICS.items())
    return (
        '<header id="masthead" class="site-header"><div class="site-branding">'
        f'<p class="site-title"><a href="{o.url("/")}" rel="home">{esc(o.name)}</a></p>'
        '<p class="site-description">أخبار الأردن والعالم العربي على مدار الساعة</p></div>'
        f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>'
        '<form role="search" class="search-form" action="/"><input type="search" name="s" placeholder="بحث …">'
        "</form></header>\n"
    )


def _sidebar(o: Wadi) -> str:
    recent = "".join(f'<li><a href="{o.link(a)}">{esc(a.title)}</a></li>' for a in o.latest(kinds=(GOOD,))[:5])
    return (
        '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
        f'<h2 class="widget-title">أحدث المقالات</h2><ul>{recent}</ul></section>'
        '<section class="widget widget_text"><h2 class="widget-title">حمّل تطبيقنا</h2>'
        "<p>تابع آخر الأخبار لحظة بلحظة عبر تطبيق وادي الأخبار على هاتفك.</p></section></aside>\n"
    )


def _footer(o: Wadi) -> str:
    english = next(a for a in o.articles if a.kind == "english")
    return (
        '<footer id="colophon" class="site-footer"><div class="footer-links">'
        f'<a href="{o.url("/about/")}">من نحن</a> | <a href="{o.url("/about/")}#contact">اتصل بنا</a> | '
        f'<a href="{o.url("/en/")}">English</a> | <a href="{o.link(english)}">{esc(english.title)}</a></div>'
        f'<div class="site-info">© 2026 {esc(o.name)}. جميع الحقوق محفوظة. '
        '<a href="https://wordpress.org/">يعمل بواسطة ووردبريس</a></div></footer>\n</body>\n</html>\n'
    )


def _body_html(a: Article, read_also: str) -> str:
    out = []
    for i, (tag, text) in enumerate(a.blocks):
        out.append(f"<h2>{esc(text)}</h2>" if tag == "h" else f"<p>{esc(text)}</p>")
        if i == 1 and read_also:
            out.append(read_also)
    return "\n".join(out)


def render_article(o: Wadi, a: Article) -> str:
    canonical = o.canonical_url(a)
    others = [x for x in o.latest(kinds=(GOOD,)) if x is not a]
    related = [x for x in others if x.section == a.section][:3] or others[:3]
    read_also = ""
    if a.lang == "ar" and others:
        read_also = (f'<div class="read-also"><strong>اقرأ أيضا:</strong> <a href="{o.link(others[0])}">'
                     f"{esc(others[0].title)}</a></div>")
    label = TOPICS[a.section]["label"] if a.lang == "ar" else "News"
    meta = (
        f'<meta property="og:locale" content="{"ar_AR" if a.lang == "ar" else "en_US"}" />\n'
        f'<meta property="og:type" content="article" />\n<meta property="og:title" content="{esc(a.title)}" />\n'
        f'<meta property="og:description" content="{esc(a.summary)}" />\n'
        f'<meta property="og:url" content="{canonical}" />\n'
        f'<meta property="og:site_name" content="{esc(o.name)}" />\n'
        f'<meta property="article:published_time" content="{iso(a.published)}" />\n'
        f'<meta property="article:modified_time" content="{iso(a.published)}" />\n'
        f'<meta property="article:section" content="{esc(label)}" />\n'
        + "".join(f'<meta property="article:tag" content="{esc(t)}" />\n' for t in a.tags)
        + f'<meta name="author" content="{esc(a.authors[0])}" />\n<link rel="amphtml" href="{canonical}amp/" />\n'
    )
    share = "".join(
        f'<li><a class="share-{k}" href="{u}{canonical}" target="_blank" rel="nofollow noopener">{label_}</a></li>'
        for k, u, label_ in (("facebook", "https://www.facebook.com/sharer.php?u=", "فيسبوك"),
                             ("x", "https://x.com/intent/post?url=", "إكس"),
                             ("whatsapp", "https://api.whatsapp.com/send?text=", "واتساب"),
                             ("telegram", "https://t.me/share/url?url=", "تيليغرام")))
    tags = " ".join(f'<a href="{o.url(f"/tag/{t}/")}" rel="tag">{esc(t)}</a>' for t in a.tags)
    rel = "".join(f'<li><a href="{o.link(x)}">{esc(x.title)}</a></li>' for x in related)
    comments = "".join(
        f'<li class="comment"><div class="comment-author vcard"><b class="fn">{esc(n)}</b></div>'
        f'<div class="comment-metadata">{plain_date(a.published)}</div><div class="comment-content"><p>{esc(c)}</p>'
        "</div></li>" for n, c in stories.COMMENTS[a.number % 3: a.number % 3 + 2])
    return (
        _head(o, a.title, canonical, meta, a.lang)
        + f'<body class="post-template-default single single-post postid-{a.number} single-format-standard">\n'
        + _masthead(o)
        + '<div id="content" class="site-content"><main id="main" class="site-main">\n'
        f'<article id="post-{a.number}" class="post-{a.number} post type-post status-publish">\n'
        f'<header class="entry-header"><div class="cat-links"><a href="{o.url(f"/category/{a.section}/")}" '
        f'rel="category tag">{esc(label)}</a></div><h1 class="entry-title">{esc(a.title)}</h1>'
        f'<div class="entry-meta"><span class="byline">بقلم <span class="author vcard"><a class="url fn n" '
        f'href="{o.url("/author/" + str(a.number % 7) + "/")}">{esc(a.authors[0])}</a></span></span> '
        f'<span class="posted-on"><time class="entry-date published" datetime="{iso(a.published)}">'
        f"{plain_date(a.published)}</time></span></div></header>\n"
        f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">شارك هذا:</h3><ul>{share}</ul></div>\n'
        f'<div class="entry-content">\n{_body_html(a, read_also)}\n</div>\n'
        f'<footer class="entry-footer"><span class="tags-links">الوسوم: {tags}</span></footer>\n</article>\n'
        f'<section class="related-posts"><h3 class="related-title">مقالات ذات صلة</h3><ul>{rel}</ul></section>\n'
        f'<div id="comments" class="comments-area"><h2 class="comments-title">تعليقان على &ldquo;{esc(a.title)}'
        f'&rdquo;</h2><ol class="comment-list">{comments}</ol><div id="respond" class="comment-respond">'
        '<h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3><form action="/wp-comments-post.php" '
        'method="post"><textarea name="comment" placeholder="التعليق"></textarea><input name="author" '
        'placeholder="الاسم"><input type="submit" value="إرسال التعليق"></form></div></div>\n'
        "</main>\n" + _sidebar(o) + "</div>\n" + _footer(o)
    )


def render_amp(o: Wadi, a: Article) -> str:
    canonical = o.canonical_url(a)
    body = "\n".join(f"<h2>{esc(t)}</h2>" if k == "h" else f"<p>{esc(t)}</p>" for k, t in a.blocks)
    return (
        f'<!doctype html>\n<html ⚡ lang="{a.lang}" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(a.title)}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n"
        '<meta name="viewport" content="width=device-width">\n'
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n<style amp-boilerplate>body{visibility:'
        "hidden}</style>\n"
        f'<meta property="article:published_time" content="{iso(a.published)}" />\n</head>\n<body>\n'
        f'<header class="amp-wp-header"><a href="{o.url("/")}">{esc(o.name)}</a></header>\n'
        f'<article class="amp-wp-article"><h1 class="amp-wp-title">{esc(a.title)}</h1>'
        f'<div class="amp-wp-meta">{esc(a.authors[0])} · {plain_date(a.published)}</div>\n'
        f'<div class="amp-wp-article-content">\n{body}\n</div></article>\n'
        f'<footer class="amp-wp-footer"><p>© 2026 {esc(o.name)}</p><a href="#top">العودة إلى الأعلى</a></footer>\n'
        "</body>\n</html>\n"
    )


def render_listing(o: Wadi, heading: str, items: list[Article], page: int, pages: int, base: str, *,
                   extra: str = "", featured: bool = True) -> str:
    feat = ""
    if featured:  # sticky posts: the three-URL article as a shared (utm) link, and the embargoed post
        links = "".join(
            f'<li><a href="{o.link(a)}{UTM if a.role == "variants" else ""}">{esc(a.title)}</a></li>'
            for a in o.articles if a.sticky)
        feat = f'<section class="featured-posts"><h2>مختارات المحرر</h2><ul>{links}</ul></section>\n'
    posts = "".join(
        f'<article class="post-{a.number} post"><h2 class="entry-title"><a href="{o.link(a)}" rel="bookmark">'
        f'{esc(a.title)}</a></h2><div class="entry-meta"><time datetime="{iso(a.published)}">'
        f'{plain_date(a.published)}</time></div><div class="entry-summary"><p>{esc(a.summary)}</p></div></article>\n'
        for a in items)
    nav = ""
    if pages > 1:
        prev = (f'<a class="prev page-numbers" href="{o.base_url}{base}page/{page - 1}/">« السابق</a>'
                if page > 1 else "")
        nxt = (f'<a class="next page-numbers" rel="next" href="{o.base_url}{base}page/{page + 1}/">التالي »</a>'
               if page < pages else "")
        nav = f'<nav class="navigation pagination"><div class="nav-links">{prev} {nxt}</div></nav>\n'
    return (
        _head(o, heading, o.base_url + base) + '<body class="archive category">\n' + _masthead(o)
        + f'<div id="content" class="site-content"><main id="main" class="site-main">\n<header class="page-header">'
        f'<h1 class="page-title">{esc(heading)}</h1></header>\n{feat}{extra}{posts}{nav}</main>\n'
        + _sidebar(o) + "</div>\n" + _footer(o)
    )


def render_static(o: Wadi, title: str, body: str, lang: str) -> str:
    return (
        _head(o, title, o.base_url, lang=lang) + '<body class="page">\n' + _masthead(o)
        + f'<div id="content"><main id="main"><article class="page"><h1 class="entry-title">{esc(title)}</h1>'
        f'<div class="entry-content">{body}</div></article></main></div>\n' + _footer(o)
    )


__all__ = ["render_amp", "render_article", "render_listing", "render_static", "stories"]
