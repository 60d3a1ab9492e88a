"""Source credits: the wire agency or the outlet a story is taken from, wherever the page credits it.

"المصدر: رويترز" or "نقلا عن صحيفة …" closing the body, a sources list under it, "المصدر: (أبوظبي - البيان)" in the
byline slot, "القاهرة (رويترز) -" or "باريس - أ ف ب:" opening the first paragraph. These go to ``agencies``,
apart from the people who wrote the story.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, split_byline
from newscrawl.extract.prune import is_shown
from newscrawl.extract.text import clean_inline

# "المصدر:", "المصادر:", "مصدر الخبر:", "Source:" (the colon is required: "المصدر السابق" opens a sentence)
_SOURCE_RE = re.compile(r"^\s*[-–—(]*\s*(?:المصدر|المصادر|مصدر الخبر|مصادر|source|sources)\s*[:：]\s*(.+)$", re.I)
# "نقلا عن …", "نقلاً عن …", "نقل عن …"
_VIA_RE = re.compile(r"^\s*[-–—(]*\s*نقل(?:ا|اً|ً)?\s+عن\s+(.+)$")
# the kind of outlet before its name: "صحيفة الشرق الأوسط" is credited as "الشرق الأوسط"
_KIND_RE = re.compile(r"^(?:موقع|صحيفة|صحيفه|جريدة|جريده|قناة|قناه|مجلة|مجله)\s+(?=\S)")
# "(أبوظبي - البيان)": a place and the source, bracketed, as a whole byline
_PLACE_SOURCE_RE = re.compile(r"^\s*\(\s*[^()\-–—]{2,25}?\s+[-–—]\s+([^()\-–—]{2,30}?)\s*\)\s*$")
# the dateline opening a story: "القاهرة (رويترز) -", "دمشق، سوريا (أ ف ب) --", "(رويترز) -"
_DATELINE_PAREN_RE = re.compile(r"^[^()\d.]{0,40}?\(([^()]{2,30})\)\s*(?:[-–—:]|$)")
# "باريس - أ ف ب:", "واشنطن - د ب أ -", "الرياض ـ واس -"
_DATELINE_DASH_RE = re.compile(r"^[^\s\d()\-–—]+(?:[،,]?\s+[^\s\d()\-–—]+)?"  # one or two words of place
                               r"\s*[-–—ـ]\s*([^:：\-–—()\d]{2,30}?)\s*[:：\-–—]")
_SOURCES_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:sources?|masdar|almasdar)(?:$|[\s_-])", re.I)
_NOT_SOURCES_RE = re.compile(r"image|photo|img|caption|video|media", re.I)
# XPath narrows the walk in C; the regex above then checks the word boundaries. Selecting the attributes and
# then their elements is the same set, in the same order, in half the time of testing every element's
_SOURCES_XPATH = etree.XPath("//@class[contains(., 'source') or contains(., 'Source') or contains(., 'masdar')]/.."
                             " | //@id[contains(., 'source')]/..")
_SOURCES_TAGS = frozenset({"div", "section", "aside", "p", "ul", "span", "footer"})


def _names(text: str) -> list[str]:
    """Every name in a credit, people or agencies alike: a credited outlet is a source, not a writer."""
    text = clean_inline(text).rstrip(" .،,")
    parts = [_KIND_RE.sub("", p.strip()) for p in re.split(r"\s*[،,؛;]\s*", text) if p.strip()]
    names: list[str] = []
    for part in parts:
        people, agencies = split_byline(part)
        for name in agencies + people:
            if name not in names:
                names.append(name)
    return names


def source_credit(text: str) -> list[str] | None:
    """The sources a short credit line names ("المصدر: رويترز" -> ['رويترز'], "نقلا عن موقع الجزيرة نت" ->
    ['الجزيرة نت'], "(أبوظبي - البيان)" -> ['البيان']), or None when the line is not a credit."""
    text = clean_inline(text)
    if not text or len(text.split()) > 10:
        return None
    match = _SOURCE_RE.match(text) or _VIA_RE.match(text)
    if match:
        inner = match.group(1)
        if len(inner.split()) > 7 or re.search(r"\d{3}|https?:", inner):
            return None
        return _names(inner) or None
    place_source = _PLACE_SOURCE_RE.match(text)
    if place_source and len(place_source.group(1).split()) <= 3:
        return _names(place_source.group(1)) or None
    return None


def dateline_agencies(paragraph: str) -> list[str]:
    """The wire agency in the dateline opening a story ("القاهرة (رويترز) - قال …"): known agencies only, so
    a bracket or a dash later in the sentence is never taken for a credit."""
    head = paragraph[:80]
    for pattern in (_DATELINE_PAREN_RE, _DATELINE_DASH_RE):
        match = pattern.match(head)
        if match:
            agency = agency_name(match.group(1).strip())
            if agency:
                return [agency]
    return []


def sources_list(tree: HtmlElement) -> list[str]:
    """Names in a shown sources box (class "sources", "post-source"...): its list items, or its text after a
    "المصادر:" label."""
    found: list[str] = []
    for element in _SOURCES_XPATH(tree):
        if element.tag not in _SOURCES_TAGS:
            continue
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not _SOURCES_CLASS_RE.search(marker) or _NOT_SOURCES_RE.search(marker):
            continue
        text = clean_inline(element.text_content())
        if not text or len(text.split()) > 30 or not is_shown(element):
            continue
        items = [clean_inline(li.text_content()) for li in element.iter("li")]
        if items:
            names = [n for item in items if len(item.split()) <= 6 for n in _names(item)]
        else:
            names = source_credit(text if _SOURCE_RE.match(text) else f"المصدر: {text}") or []
        found.extend(n for n in names if n not in found)
    return found
