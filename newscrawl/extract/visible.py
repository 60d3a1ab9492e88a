"""The byline as the page shows it, when the metadata names no author."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, strip_prefix
from newscrawl.extract.metadata import PageMeta, author_candidates
from newscrawl.extract.text import clean_inline

_BYLINE_XPATH = (
    ".//*[@rel='author' or @itemprop='author' or contains(@class,'author') or contains(@class,'byline') "
    "or contains(@class,'writer') or contains(@id,'author') or contains(@class,'Author') "
    "or contains(@class,'reporter') or contains(@class,'write') or contains(@class,'Write') "
    "or contains(@class,'kateb') or contains(@class,'katib')]"
)


def visible_byline(tree: HtmlElement) -> list[str]:
    """Short texts from author/byline slots, first one found (document order)."""
    for element in tree.xpath(_BYLINE_XPATH):
        if element.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        if element.get("itemprop") == "author" and element.find(".//*[@itemprop='name']") is not None:
            element = element.find(".//*[@itemprop='name']")
        text = clean_inline(element.get("content") or element.text_content())
        # a person's name has two words at least; a single word here is a section or the outlet's logo
        name = strip_prefix(text)
        if 2 <= len(name.split()) <= 8 and not re.search(r"https?:|www\.|\d", text) or agency_name(name):
            return [text]
    return []


_JUNK_AUTHOR_RE = re.compile(r"https?:|www\.|\.(?:com|net|org)\b|developed|powered|designed|admin|webmaster|editor$",
                             re.I)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")


def choose_byline(page: PageMeta, tree: HtmlElement, body_bylines: list[str]) -> list[str]:
    """Author strings: JSON-LD author, then the visible byline, then <meta name=author>, then a byline line
    found in the body ("كتب: …"). Meta authors naming the web developer or the site's handle are skipped."""
    names, _ = author_candidates(page)
    if page.jsonld and page.jsonld.get("author") and names:
        return names
    visible = visible_byline(tree)
    if visible:
        return visible
    meta = [n for n in names if not _JUNK_AUTHOR_RE.search(n)]
    # a Latin one-word handle on an Arabic page ("akhbarelyom") is the site, not a person
    meta = [n for n in meta if _ARABIC_RE.search(n) or len(n.split()) >= 2 or agency_name(n)]
    if meta:
        return meta
    return [b for b in body_bylines if not re.match(r"(?i)\s*(?:role|تصوير)", b)]
