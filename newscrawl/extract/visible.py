"""The byline as the page shows it, when the metadata names no author."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, strip_prefix
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
