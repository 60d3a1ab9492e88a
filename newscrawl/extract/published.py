"""Choosing the publication date: JSON-LD, meta, <time>, visible byline, URL, htmldate, in that order."""

from __future__ import annotations

import re
from datetime import datetime

from lxml.html import HtmlElement

from newscrawl.extract.dates import parse_arabic_date
from newscrawl.extract.lexicon import fold
from newscrawl.extract.metadata import PageMeta, jsonld_field
from newscrawl.extract.text import clean_inline

PUBLISHED_META = (
    "article:published_time", "og:published_time", "itemprop:datepublished", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date", "dcterms.date",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "itemprop:datecreated",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "itemprop:datemodified", "datemodified", "lastmod")
_DATE_MARKER_XPATH = (
    ".//*[@datetime or @itemprop='datePublished' or @property='dc:date' or @property='dc:created' "
    "or @property='article:published_time' or contains(@class,'date') or contains(@class,'Date') "
    "or contains(@class,'time') or contains(@class,'Time') or contains(@id,'date') or contains(@class,'publish') "
    "or contains(@class,'posted') or contains(@class,'meta') or contains(@class,'created') "
    "or contains(@class,'stamp') "
    # no date class at all: a short line that says it is the publication time ("تم نشره …", "نشر في …")
    "or starts-with(normalize-space(text()),'نشر') or starts-with(normalize-space(text()),'تم نشر') "
    "or starts-with(normalize-space(text()),'تاريخ النشر') or starts-with(normalize-space(text()),'نُشر') "
    "or starts-with(normalize-space(text()),'Published')]"
)
_UPDATE_RE = re.compile(r"تحديث|تعديل|محدث|updated|modified", re.I)
_URL_DATE_RES = (
    re.compile(r"/((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?:/|[-_]|$)"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)\d*(?:[-_/]|$)"),
    re.compile(r"/((?:19|20)\d\d)/([a-z_]+/)?(\d{1,2})/(\d{1,2})/"),
)


def url_date(url: str) -> tuple[int, int, int] | None:
    for regex in _URL_DATE_RES:
        match = regex.search(url)
        if not match:
            continue
        groups = [g for g in match.groups() if g and not g.endswith("/")]
        y, m, d = (int(g) for g in groups[:3])
        if 1 <= m <= 12 and 1 <= d <= 31:
            return y, m, d
    return None


def _visible_candidates(tree: HtmlElement) -> list[tuple[str, bool]]:
    """(text or attribute value, after the h1) for elements that look like date slots, in document order."""
    h1 = tree.find(".//h1")
    order = {el: i for i, el in enumerate(tree.iter())} if h1 is not None else {}
    h1_pos = order.get(h1, -1)
    found = []
    for element in tree.xpath(_DATE_MARKER_XPATH):
        if element.tag in ("html", "body", "script", "style", "meta"):
            continue
        value = element.get("datetime") or element.get("content") or ""
        text = clean_inline(element.text_content())
        for candidate in (value, text):
            if candidate and len(candidate) <= 120 and re.search(r"\d", candidate):
                found.append((candidate, order.get(element, 0) > h1_pos))
    return found


def find_dates(tree: HtmlElement, page: PageMeta, url: str, tz: str, now: datetime | None,
               body_dates: list[str] | tuple[str, ...] = ()) -> tuple[datetime | None, str | None, datetime | None]:
    """(published, the raw string it was read from, modified).

    ``body_dates``: date lines the body extractor set aside (a date under the headline in a page without
    date markup), used like a visible date slot when no slot was found.
    """
    modified_raw = jsonld_field(page, "dateModified") or page.first(*MODIFIED_META)
    modified = parse_arabic_date(modified_raw, tz, now)
    structured = [jsonld_field(page, "datePublished"), jsonld_field(page, "dateCreated"), page.first(*PUBLISHED_META)]
    visible = None
    for raw in structured:
        value = parse_arabic_date(raw, tz, now)
        if value is not None:
            if raw and re.search(r"(?:Z|[+-]00:?00)\s*$", raw.strip()) and tz not in ("UTC", "Etc/UTC"):
                visible = visible or _visible_date(tree, tz, now)
                # a CMS writing local time with a bogus 'Z': the page shows the same wall clock
                if visible and visible[0].replace(tzinfo=None) == value.replace(tzinfo=None):
                    return visible[0], raw, modified
            return value, raw, modified
    visible = visible or _visible_date(tree, tz, now) or _first_date(body_dates, tz, now)
    from_url = url_date(url)
    if visible is not None:
        if not from_url or visible[0].date() == datetime(*from_url).date():
            return visible[0], visible[1], modified
    if from_url:
        local = parse_arabic_date("{:04d}-{:02d}-{:02d}".format(*from_url), tz)
        return local, None, modified
    return _htmldate(tree, tz), None, modified


def _visible_date(tree: HtmlElement, tz: str, now: datetime | None) -> tuple[datetime, str] | None:
    candidates = _visible_candidates(tree)
    # prefer slots after the headline: a clock in the page header is the render time, not the story's
    for after_h1 in (True, False):
        for text, after in candidates:
            if after != after_h1 or _UPDATE_RE.search(fold(text)):
                continue
            value = parse_arabic_date(text, tz, now)
            if value is not None:
                return value, text
    return None


def _first_date(texts: list[str] | tuple[str, ...], tz: str, now: datetime | None) -> tuple[datetime, str] | None:
    for text in texts:
        if _UPDATE_RE.search(fold(text)):
            continue
        value = parse_arabic_date(text, tz, now)
        if value is not None:
            return value, text
    return None


def _htmldate(tree: HtmlElement, tz: str) -> datetime | None:
    try:
        from htmldate import find_date

        found = find_date(tree, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a last resort; its failures are not ours to raise
        return None
    return parse_arabic_date(found, tz) if found else None
