"""Site CSS selectors (the registry's last resort), turned into XPath once and cached."""

from __future__ import annotations

from functools import lru_cache

from lxml.html import HtmlElement

from newscrawl.extract.text import clean_inline


@lru_cache(maxsize=512)
def css_to_xpath(css: str) -> str | None:
    try:
        from lxml.cssselect import CSSSelector

        return CSSSelector(css).path
    except Exception:  # cssselect missing or a selector it cannot read: ignore the selector
        return None


def css_xpaths(selectors: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    return tuple(x for x in (css_to_xpath(s) for s in selectors or ()) if x)


def select_all(tree: HtmlElement, css: str) -> list[HtmlElement]:
    xpath = css_to_xpath(css)
    if not xpath:
        return []
    try:
        return [e for e in tree.xpath(xpath) if isinstance(e, HtmlElement)]
    except Exception:
        return []


def select_text(tree: HtmlElement, css: str) -> str | None:
    """Text of the first element matching a CSS selector (its datetime/content attribute for dates)."""
    for element in select_all(tree, css):
        value = element.get("datetime") or element.get("content") or element.text_content()
        value = clean_inline(value or "")
        if value:
            return value
    return None
