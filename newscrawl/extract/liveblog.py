"""Live blogs: the updates of a live page in page order, each with its time where the page shows one.

From JSON-LD (``LiveBlogPosting.liveBlogUpdate``) when the page has it, else from the markup: elements whose
class names a live update (``live-entry``, ``liveblog-post``, ``live-update``, ``timeline-item``…), at least
two of them, each read as its time (a ``<time>`` or time-classed element) and its paragraphs.
``{time, time_shown, text}``: ``time`` is ISO 8601 with offset when the page gives the instant, ``time_shown``
the time as printed, ``text`` the update's paragraphs joined by a blank line.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extract.dates import to_iso
from newscrawl.extract.region import in_chrome
from newscrawl.extract.text import clean_block

_ENTRY_CLASS_RE = re.compile(r"^(?:live|liveblog|live-blog|lb|timeline)[-_]?(?:entry|update|post|item|event)s?$",
                             re.I)
_TIME_CLASS_RE = re.compile(r"time|date|stamp", re.I)
_MIN_ENTRIES = 2


def _is_entry(element: HtmlElement) -> bool:
    classes = element.get("class")
    return bool(classes) and _entry_classes(classes)


# asked of every div, li and section of the page, whose class lists repeat within a page and across a site
@lru_cache(maxsize=4096)
def _entry_classes(classes: str) -> bool:
    return any(_ENTRY_CLASS_RE.match(c) for c in classes.split())


def _instant(value: str | None) -> str | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return to_iso(when) if when.tzinfo is not None else None


def _time_element(entry: HtmlElement) -> HtmlElement | None:
    found = entry.find(".//time")
    if found is not None:
        return found
    return next((e for e in entry.iter() if e is not entry and isinstance(e.tag, str)
                 and _TIME_CLASS_RE.search(e.get("class") or "") and len(e.text_content().split()) <= 6), None)


def _entry_text(entry: HtmlElement, time_element: HtmlElement | None) -> str:
    paragraphs = [clean_block(p.text_content()) for p in entry.iter("p", "h2", "h3", "h4", "li")
                  if time_element is None or not _within(p, time_element)]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        return "\n\n".join(paragraphs)
    text = clean_block(entry.text_content())
    shown = clean_block(time_element.text_content()) if time_element is not None else ""
    return text[len(shown):].strip() if shown and text.startswith(shown) else text


def _within(element: HtmlElement, container: HtmlElement) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _from_markup(tree: HtmlElement) -> list[dict[str, Any]]:
    entries = []
    for element in tree.iter("div", "article", "li", "section"):
        if not _is_entry(element) or any(_is_entry(a) for a in element.iterancestors()) or in_chrome(element):
            continue
        time_element = _time_element(element)
        shown = clean_block(time_element.text_content()) if time_element is not None else None
        instant = _instant(time_element.get("datetime")) if time_element is not None else None
        text = _entry_text(element, time_element)
        if text:
            entries.append({"time": instant, "time_shown": shown or None, "text": text})
    return entries if len(entries) >= _MIN_ENTRIES else []


def _from_jsonld(node: dict[str, Any] | None) -> list[dict[str, Any]]:
    updates = (node or {}).get("liveBlogUpdate") or []
    entries = []
    for update in updates if isinstance(updates, list) else [updates]:
        if not isinstance(update, dict):
            continue
        body = update.get("articleBody") or update.get("headline") or ""
        text = "\n\n".join(clean_block(p) for p in str(body).split("\n") if p.strip())
        if text:
            entries.append({"time": _instant(update.get("datePublished")), "time_shown": None, "text": text})
    return entries


def find_live_entries(tree: HtmlElement, jsonld: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The live blog's updates (empty for a page that is not a live blog)."""
    return _from_markup(tree) or _from_jsonld(jsonld)
