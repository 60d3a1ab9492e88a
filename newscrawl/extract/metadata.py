"""Page metadata: JSON-LD first, then OpenGraph/article:* and other <meta>, then the visible page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newscrawl.extract.jsonld import article_node, text_of
from newscrawl.extract.text import clean_inline


@dataclass
class PageMeta:
    """What the page says about itself, before any choice between competing values."""

    jsonld: dict[str, Any] | None = None
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property -> contents
    canonical: str | None = None
    title_tag: str | None = None
    site_name: str | None = None

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return clean_inline(value)
        return None

    def all(self, *names: str) -> list[str]:
        return [clean_inline(v) for n in names for v in self.meta.get(n, ()) if v.strip()]


_ENTITY_RE = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")


def _unescape_twice(value: str) -> str:
    """CMSs often escape metadata twice ("&amp;quot;الخبر&amp;quot;"): what the parser leaves as "&quot;" is
    an entity still, not text."""
    return html.unescape(value) if "&" in value and _ENTITY_RE.search(value) else value


def read_meta(tree: HtmlElement, url: str) -> PageMeta:
    page = PageMeta(jsonld=article_node(tree))
    for element in tree.iterfind(".//meta"):
        key = element.get("property") or element.get("name") or ""
        if not key and element.get("itemprop"):
            key = "itemprop:" + element.get("itemprop", "")  # microdata: kept apart from <meta name>
        content = element.get("content")
        if key and content is not None:
            page.meta.setdefault(key.strip().lower(), []).append(_unescape_twice(content))
    for link in tree.iterfind(".//link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            page.canonical = urljoin(url, link.get("href").strip())
            break
    if page.canonical is None and page.first("og:url"):
        page.canonical = urljoin(url, page.first("og:url") or "")
    title = tree.find(".//title")
    if title is not None and title.text_content():
        page.title_tag = clean_inline(_unescape_twice(title.text_content()))
    page.site_name = page.first("og:site_name", "application-name")
    return page


def jsonld_field(page: PageMeta, key: str) -> str | None:
    return text_of(page.jsonld.get(key)) if page.jsonld else None


def description_of(page: PageMeta) -> str | None:
    return page.first("og:description", "description", "twitter:description") or jsonld_field(page, "description")


def image_of(page: PageMeta, url: str) -> str | None:
    image = page.first("og:image", "og:image:url", "twitter:image") or jsonld_field(page, "image")
    return urljoin(url, image) if image else None


def section_of(page: PageMeta) -> str | None:
    return jsonld_field(page, "articleSection") or page.first("article:section", "section")


def tags_of(page: PageMeta) -> list[str]:
    raw = page.all("article:tag")
    if not raw and page.jsonld and page.jsonld.get("keywords"):
        keywords = page.jsonld["keywords"]
        raw = keywords if isinstance(keywords, list) else [str(keywords)]
    if not raw:
        raw = page.all("keywords", "news_keywords")
    tags: list[str] = []
    for item in raw:
        for tag in re.split(r"\s*[,،;؛]\s*", str(item)):
            tag = clean_inline(tag)
            if tag and tag not in tags and len(tag) < 80:
                tags.append(tag)
    return tags[:50]
