"""The article's media: its embedded posts and players, and its pictures, found inside the article only.

Pictures are those of the article's region (the deepest element holding the headline and the body's
paragraphs) that are neither page chrome, nor thumbnails linking elsewhere, nor icons, avatars or a byline's
photo; the lead image (og:image) comes first unless a picture already stands before the body.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extract.embeds import AMP_KINDS, describe, is_embed
from newscrawl.extract.images import describe_image
from newscrawl.extract.lexicon import fold
from newscrawl.extract.region import common_ancestor, in_chrome

# boxes whose pictures are not the story's: the byline's photo, logos and icons, share and social buttons,
# breadcrumbs and tag lists, and teaser cards or thumbnails of other stories
_NOT_STORY_BOX_RE = re.compile(r"author|byline|writer|columnist|avatar|profile|logo|icon|emoji|share|social|bread|"
                               r"(?:^|[\s_-])(?:tags?|cards?|card-module|teaser|thumbs?|thumbnails?|more-news)"
                               r"(?:$|[\s_-])", re.I)
_ICON_SRC_RE = re.compile(r"emoji|smiley|icon|logo|avatar|\.svg(?:$|\?)", re.I)
_IMAGE_FILE_RE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)(?:$|\?)", re.I)
_KEY_RE = re.compile(r"\W+")
_HTTP_RE = re.compile(r"^https?://", re.I)  # what the record's schema accepts as a media URL
_THUMBNAIL_PX = 150  # a picture this small (its width or height attribute) is an icon or a teaser's thumbnail
_PROBE = 30  # characters of a paragraph's folded start that identify it


def find_embeds(tree: HtmlElement, base_url: str) -> list[dict[str, Any]]:
    """Every embed of ``tree`` (the article's region, else the page), in page order, each URL once; page
    chrome (header, sidebar, footer, comments) and hidden elements are not the article's."""
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for element in tree.iter("blockquote", "div", "script", "iframe", *AMP_KINDS):
        kind = is_embed(element)
        if kind is None or in_chrome(element) or _inside_embed(element):
            continue
        embed = describe(element, kind, base_url)
        if embed and _HTTP_RE.match(embed["url"]) and embed["url"] not in seen:
            seen.add(embed["url"])
            found.append(embed)
    return found


def _inside_embed(element: HtmlElement) -> bool:
    # an Instagram or TikTok script-free fallback may hold an iframe or a nested blockquote of its own
    return any(is_embed(ancestor) for ancestor in element.iterancestors("blockquote", "div"))


def _key(text: str) -> str:
    return _KEY_RE.sub(" ", fold(text)).strip()


def article_region(tree: HtmlElement, paragraphs: list[str], headline: HtmlElement | None) -> HtmlElement | None:
    """The deepest element holding the body's paragraphs (and the headline, when it is not the whole page)."""
    # matched on the first words of an element's own text: folding every element's whole text would cost
    # more than the rest of the media search together
    wanted = {_key(p)[:_PROBE] for p in paragraphs[:40]}
    wanted = {w for w in wanted if len(w) == _PROBE}
    matched = []
    for element in tree.iter("p", "h2", "h3", "h4", "li", "div", "span"):
        own = element.text
        if own and len(own) >= _PROBE and _key(own[:3 * _PROBE])[:_PROBE] in wanted:
            matched.append(element)
    region = common_ancestor(matched)
    if region is None:
        return None
    if headline is not None:
        wider = common_ancestor([region, headline])
        if wider is not None and wider.tag not in ("body", "html"):
            region = wider
    return None if region.tag in ("body", "html") and len(matched) < 2 else region


def _file(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()


def _is_decoration(img: HtmlElement) -> bool:
    if _ICON_SRC_RE.search(f"{img.get('class') or ''} {img.get('src') or ''}"):
        return True
    sizes = [img.get("width") or "", img.get("height") or ""]
    if any(size.isdigit() and int(size) <= _THUMBNAIL_PX for size in sizes):
        return True
    for depth, ancestor in enumerate(img.iterancestors()):
        if depth >= 6:
            break
        if depth < 4 and ancestor.tag == "a" and not _IMAGE_FILE_RE.search(ancestor.get("href") or ""):
            return True  # a thumbnail linking to another page
        if _NOT_STORY_BOX_RE.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


def find_images(region: HtmlElement | None, base_url: str, lead_image: str | None,
                first_paragraph: str | None) -> list[dict[str, Any]]:
    """The lead image and the article's pictures, in page order, each file once."""
    found: list[dict[str, Any]] = []
    lead_before_body = False
    body_started = False
    probe = _key(first_paragraph or "")[:60]
    for element in region.iter() if region is not None else ():
        if not isinstance(element.tag, str):
            continue
        if not body_started and probe and element.text and _key(element.text).startswith(probe[:30]):
            body_started = True
        if element.tag != "img" or in_chrome(element) or _is_decoration(element) or _inside_embed(element):
            continue
        image = describe_image(element, base_url)
        if image and _HTTP_RE.match(image["url"]) and all(image["url"] != f["url"] for f in found):
            lead_before_body = lead_before_body or (not found and not body_started)
            found.append(image)
    # the lead image is often a resized copy of the first picture ("…/styles/featured/…/photo.jpg")
    same_file = any(_file(lead_image or "") == _file(f["url"]) for f in found)
    if lead_image and _HTTP_RE.match(lead_image) and not lead_before_body and not same_file:
        found.insert(0, {"url": lead_image, "caption": None, "credit": None})
    return found
