"""HTML templates of ``nile``: the seed portal's article page (reproducing its boilerplate) and section pages.

The seed README describes the template: headline three times (page header, headline, share box), a
"follow us on Google News" box above the body, newsletter and social prompts below it, previous/next links
carrying other headlines, a sidebar of other headlines, a footer. The five boilerplate lines of the seed's
expected.json come out of this template verbatim.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..html import egyptian_date, esc
from ..model import GOOD, Article

if TYPE_CHECKING:
    from .nile import Nile

GOOGLE_NEWS = "تابع أحدث الأخبار عبر تطبيق google news"
NEWSLETTER = "اشترك فى النشرة البريدية لتحصل على اهم الاخبار بمجرد نشرها"
SOCIAL = "تابعنا على مواقع التواصل الاجتماعى"

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 72 770 Td (Press release) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R/Size 5>>\n%%EOF\n"
)


def _head(o: Nile, title: str, canonical: str, description: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta http-equiv="Content-Type" '
        'content="text/html; charset=utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} - {esc(o.name)}</title>\n<meta name=\"description\" content=\"{esc(description)}\">\n"
        f'<meta property="og:title" content="{esc(title)}">\n<meta property="og:url" content="{canonical}">\n'
        f'<meta property="og:site_name" content="{esc(o.name)}">\n<link rel="canonical" href="{canonical}">\n'
        '<link href="/Content/css/site.min.css?v=3.2" rel="stylesheet">\n</head>\n'
    )


def _header(o: Nile, current: int | None) -> str:
    from .nile import SECTIONS

    menu = "".join(f'<li{" class=active" if n == current else ""}><a href="{o.url(f"/section/{n}")}">{label}</a></li>'
                   for n, label in SECTIONS.items())
    ticker = " • ".join(esc(a.title) for a in o.latest(kinds=(GOOD,))[:4])
    return (
        f'<div class="top-bar"><span class="today">{egyptian_date(o.clock.astimezone(o.tz))}</span>'
        '<a href="/page/about">من نحن</a><a href="/page/about#contact">اتصل بنا</a></div>\n'
        f'<header class="site-header"><a class="logo" href="{o.url("/")}"><img src="/Content/images/logo.png" '
        f'alt="{esc(o.name)}"></a><nav class="main-menu"><ul>{menu}</ul></nav></header>\n'
        f'<div class="breaking-news"><span class="label">عاجل</span><marquee>{ticker}</marquee></div>\n'
    )


def _sidebar(o: Nile, exclude: Article | None) -> str:
    items = [a for a in o.latest(kinds=(GOOD,)) if a is not exclude][:6]
    lis = "".join(f'<li><a href="{o.canonical_url(a)}">{esc(a.title)}</a></li>' for a in items)
    return (f'<aside class="sidebar"><div class="most-read"><h4>الأكثر قراءة</h4><ul>{lis}</ul></div>'
            '<div class="ad-box"><span>مساحة إعلانية</span></div></aside>\n')


def _footer(o: Nile) -> str:
    return (
        '<footer class="site-footer"><div class="footer-links"><a href="/page/about">من نحن</a>'
        '<a href="/page/about#contact">اتصل بنا</a><a href="/page/about#privacy">سياسة الخصوصية</a></div>'
        f'<p class="copyright">جميع الحقوق محفوظة لـ{esc(o.name)} © 2026</p></footer>\n</body>\n</html>\n'
    )


def _body(a: Article) -> str:
    out, subheads = [], 0
    for tag, text in a.blocks:
        if tag == "h":  # the CMS prints subheadings either as <h3> or as a bold paragraph
            out.append(f"<h3>{esc(text)}</h3>" if subheads % 2 == 0 else f"<p><strong>{esc(text)}</strong></p>")
            subheads += 1
        else:
            out.append(f"<p>{esc(text)}</p>")
    return "\n".join(out)


def render_article(o: Nile, a: Article) -> str:
    from .nile import SECTION_OF_TOPIC, SECTIONS

    url = o.canonical_url(a)
    n = SECTION_OF_TOPIC[a.section]
    prev, nxt = o.neighbours(a)
    writer = f'<span class="writer">كتب {esc("، ".join(a.authors))}</span>' if a.authors else ""
    share = "".join(f'<a class="share-{k}" href="{u}{url}" rel="nofollow"><i class="icon-{k}"></i></a>'
                    for k, u in (("facebook", "https://www.facebook.com/sharer.php?u="),
                                 ("twitter", "https://twitter.com/intent/tweet?url="),
                                 ("whatsapp", "https://wa.me/?text=")))
    links = ""
    if prev is not None:
        links += f'<a class="prev-news" href="{o.canonical_url(prev)}"><span>السابق</span> {esc(prev.title)}</a>\n'
    if nxt is not None:
        links += f'<a class="next-news" href="{o.canonical_url(nxt)}"><span>التالى</span> {esc(nxt.title)}</a>\n'
    return (
        _head(o, a.title, url, a.summary) + "<body>\n" + _header(o, n)
        + f'<div class="container"><div class="page-header"><h2 class="page-title">{esc(a.title)}</h2></div>\n'
        f'<div class="breadcrumb"><a href="{o.url("/")}">الرئيسية</a> » <a href="{o.url(f"/section/{n}")}">'
        f"{SECTIONS[n]}</a></div>\n<div class=\"article-container\">\n"
        f'<div class="article-header"><h1 class="article-title">{esc(a.title)}</h1>'
        f'<div class="article-meta">{writer}<span class="date">{egyptian_date(a.published)}</span></div></div>\n'
        f'<div class="share-box"><span class="share-title">{esc(a.title)}</span>{share}</div>\n'
        f'<div class="main-image"><img src="/Upload/{a.number}.jpg" alt="{esc(a.title)}"></div>\n'
        f'<div class="google-news-box"><a href="https://news.google.com/publications/CAAqBwgKMNnKlQswrNSsAw" '
        f'target="_blank" rel="nofollow"><span>{GOOGLE_NEWS}</span></a></div>\n'
        f'<div class="article-body" id="articleBody">\n{_body(a)}\n</div>\n'
        f'<div class="newsletter-box"><p>{NEWSLETTER}</p><form action="/newsletter" method="post">'
        '<input type="email" name="email"><button type="submit">اشترك</button></form></div>\n'
        f'<div class="social-follow"><p>{SOCIAL}</p><ul><li><a href="https://facebook.com/">'
        '<i class="icon-facebook"></i></a></li><li><a href="https://x.com/"><i class="icon-twitter"></i></a></li>'
        '<li><a href="https://youtube.com/"><i class="icon-youtube"></i></a></li></ul></div>\n'
        f'<div class="prev-next">\n{links}</div>\n</div>\n' + _sidebar(o, a) + "</div>\n" + _footer(o)
    )


def render_truncated(o: Nile, a: Article) -> bytes:
    """The article page cut off mid-way (a CMS that died while streaming): no closing tags, little text."""
    page = render_article(o, a).encode()
    cut = page.index(b'<div class="article-body"')
    return page[: cut + len(b'<div class="article-body" id="articleBody">\n<p>') + 60]


def render_listing(o: Nile, heading: str, items: list[Article], section: int | None, page: int,
                   pages: int) -> str:
    rows = "".join(
        f'<div class="news-item"><a href="{o.canonical_url(a)}"><img src="/Upload/small/{a.number}.jpg" alt="">'
        f'<h3>{esc(a.title)}</h3></a><span class="date">{egyptian_date(a.published)}</span></div>\n'
        for a in items)
    nav = ""
    if section is not None and pages > 1:
        base = o.url(f"/section/{section}")
        prev = f'<a href="{base}?page={page - 1}">السابق</a>' if page > 1 else ""
        nxt = f'<a rel="next" href="{base}?page={page + 1}">التالي</a>' if page < pages else ""
        nav = f'<div class="pagination">{prev} <span class="current">{page}</span> {nxt}</div>\n'
    canonical = o.url(f"/section/{section}") if section else o.url("/")
    return (
        _head(o, heading, canonical) + "<body>\n" + _header(o, section)
        + f'<div class="container"><div class="page-header"><h1 class="page-title">{esc(heading)}</h1></div>\n'
        f'<div class="news-list">\n{rows}</div>\n{nav}' + _sidebar(o, None) + "</div>\n" + _footer(o)
    )
