"""HTML and RSS of ``qadim``: a table layout from the 2000s, encoded as windows-1256 by the caller."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from ..corpus import TOPICS
from ..html import esc, levantine_date, rfc822
from ..model import GOOD, Article

if TYPE_CHECKING:
    from .qadim import Qadim

META_CHARSET = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
JPEG_BYTES = base64.b64decode(  # a 1x1 JPEG
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////"
    "////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)


def _page(o: Qadim, title: str, main: str) -> str:
    cats = " | ".join(f'<a href="list.php?cat={i}">{v["label"]}</a>' for i, v in enumerate(TOPICS.values(), 1))
    latest = "".join(f'<tr><td class="side"><a href="news.php?id={a.number}">{esc(a.title)}</a></td></tr>'
                     for a in o.latest(kinds=(GOOD,))[:6])
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html dir="rtl">\n<head>\n'
        f"{META_CHARSET}\n<title>{esc(o.name)} :: {esc(title)}</title>\n"
        '<link rel="alternate" type="application/rss+xml" href="rss.php">\n'
        '<style>body{font-family:Tahoma;font-size:12px} .side{font-size:11px}</style>\n</head>\n'
        '<body bgcolor="#FFFFFF" topmargin="0">\n<table width="960" align="center" border="0" cellpadding="0">\n'
        f'<tr><td colspan="2" class="banner"><a href="index.php"><img src="images/banner.gif" alt="{esc(o.name)}">'
        f'</a><br><font size="1">{cats} | <a href="about.php">من نحن</a></font></td></tr>\n'
        f'<tr><td width="720" valign="top">{main}</td>\n<td width="240" valign="top"><table width="100%">'
        f'<tr><td><b>آخر الأخبار</b></td></tr>{latest}</table></td></tr>\n'
        '<tr><td colspan="2" align="center"><font size="1" color="#666666">جميع الحقوق محفوظة © صدى الشام'
        " 2003-2026 | تصميم وبرمجة: مكتب الشبكة</font></td></tr>\n</table>\n</body>\n</html>\n"
    )


# A closing line the site puts under every article, inside the text cell: no generic rule knows it, so only
# boilerplate learned across the site's pages removes it (tests/e2e/test_learned_boilerplate.py).
SITE_NOTE = "تنشر هذه المادة بالتعاون مع شبكة صحفيي الساحل السوري لتغطية الشؤون المحلية"


def render_article(o: Qadim, a: Article) -> str:
    paras = "\n".join(
        f'<p align="justify"><b>{esc(t)}</b></p>' if k == "h" else f'<p align="justify">{esc(t)}</p>'
        for k, t in a.blocks)
    main = (
        f'<table width="100%" cellpadding="4"><tr><td class="path"><a href="index.php">الرئيسية</a> &gt; '
        f'{TOPICS[a.section]["label"]}</td></tr>\n'
        f'<tr><td><font size="4" color="#990000"><b>{esc(a.title)}</b></font></td></tr>\n'
        f'<tr><td><font size="1" color="#666666">{levantine_date(a.published)} | {esc("، ".join(a.authors))}'
        "</font></td></tr>\n"
        f'<tr><td class="text">\n{paras}\n<p align="justify">{SITE_NOTE}</p>\n</td></tr>\n'
        f'<tr><td><a href="print.php?id={a.number}"><img src="images/print.gif" border="0"> طباعة</a> | '
        f'<a href="mailto:?subject={a.number}">أرسل لصديق</a> | عدد القراءات: {a.number * 7 % 9000}</td></tr>\n'
        "</table>"
    )
    return _page(o, a.title, main)


def render_listing(o: Qadim, items: list[Article], page: int, pages: int, heading: str = "الأخبار") -> str:
    rows = "".join(
        f'<tr><td><a href="news.php?id={a.number}"><b>{esc(a.title)}</b></a> '
        f'<font size="1">({levantine_date(a.published)})</font> <a href="print.php?id={a.number}">[طباعة]</a>'
        "</td></tr>\n" for a in items)
    nav = ""
    if pages > 1:
        links = " ".join(f"<b>{i}</b>" if i == page else f'<a href="list.php?page={i}">{i}</a>'
                         for i in range(1, pages + 1))
        nxt = f' <a rel="next" href="list.php?page={page + 1}">التالي &gt;&gt;</a>' if page < pages else ""
        nav = f'<tr><td class="pagination" align="center">{links}{nxt}</td></tr>\n'
    return _page(o, heading, f'<table width="100%"><tr><td><h2>{esc(heading)}</h2></td></tr>\n{rows}{nav}</table>')


def render_feed(o: Qadim, items: list[Article]) -> bytes:
    rows = "".join(
        f"<item>\n<title>{esc(a.title)}</title>\n<link>{o.canonical_url(a).replace('&', '&amp;')}</link>\n"
        f"<description>{esc(a.summary)}</description>\n<pubDate>{rfc822(a.published)}</pubDate>\n"
        f"<category>{TOPICS[a.section]['label']}</category>\n</item>\n" for a in items)
    text = (
        '<?xml version="1.0" encoding="windows-1256"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{esc(o.name)}</title>\n<link>{o.url('/')}</link>\n<description>أخبار سوريا والمنطقة</description>\n"
        f"<language>ar</language>\n<lastBuildDate>{rfc822(o.modified.astimezone(o.tz))}</lastBuildDate>\n"
        f"{rows}</channel>\n</rss>\n"
    )
    return text.encode("cp1256", "xmlcharrefreplace")
