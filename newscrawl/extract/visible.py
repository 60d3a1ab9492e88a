"""The byline as the page shows it, when the metadata names no author."""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.extract.text import clean_inline

_BYLINE_XPATH = (
    ".//*[@rel='author' or @itemprop='author' or contains(@class,'author') or contains(@class,'byline') "
    "or contains(@class,'writer') or contains(@id,'author') or contains(@class,'Author') "
    "or contains(@class,'reporter')]"
)


def visible_byline(tree: HtmlElement) -> list[str]:
    """Short texts from author/byline slots, first one found (document order)."""
    for element in tree.xpath(_BYLINE_XPATH):
        if element.tag in ("meta", "link", "script", "style", "body", "html"):
            continue
        if element.get("itemprop") == "author" and element.find(".//*[@itemprop='name']") is not None:
            element = element.find(".//*[@itemprop='name']")
        text = clean_inline(element.get("content") or element.text_content())
        if text and 1 <= len(text.split()) <= 8:
            return [text]
    return []
