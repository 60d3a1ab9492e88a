"""Choosing the publication date: JSON-LD, meta, <time>, visible byline, URL, htmldate, in that order."""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.dates import parse_arabic_date
from newscrawl.extract.jsonld import ISO_RE as _ISO_RE
from newscrawl.extract.jsonld import app_state_date as _app_state_date
from newscrawl.extract.lexicon import fold
from newscrawl.extract.limits import MAX_SCRIPT_CHARS_FOR_DATES
from newscrawl.extract.metadata import PageMeta, jsonld_field
from newscrawl.extract.text import clean_inline

PUBLISHED_META = (
    "article:published_time", "og:published_time", "itemprop:datepublished", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date", "dcterms.date",
    "dcterms.created", "sailthru.date", "parsely-pub-date", "article.published", "itemprop:datecreated",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "itemprop:datemodified", "datemodified", "lastmod")
# Date slots: <time datetime>, schema/RDFa/OpenGraph date attributes, date-ish classes and ids, or (no date
# class at all) a line that says it is the publication time ("تم نشره …", "نشر في …"). Matched in Python
# over one pass of the tree: the same test as an XPath with a dozen contains() is several times slower.
_DATE_PROPERTIES = frozenset({"dc:date", "dc:created", "article:published_time"})
_DATE_CLASS_RE = re.compile(r"date|Date|time|Time|publish|posted|meta|created|stamp")
_PUBLISHED_CUE_RE = re.compile(r"\s*(?:نشر|تم نشر|تاريخ النشر|نُشر|Published)")
_NOT_SLOTS = frozenset({"html", "body", "script", "style", "meta"})
_DIGIT_RE = re.compile(r"\d")
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


# the first character a published cue can open with, once leading white space is skipped
_CUE_STARTS = frozenset("نتP")


@lru_cache(maxsize=4096)
def _date_class(marker: str) -> bool:
    # class lists repeat on every page of a site, and this test runs on every element of the page
    return bool(_DATE_CLASS_RE.search(marker))


# the elements a date attribute makes a slot, found in C: the loop below then reads only class, id and text
# (through the attribute axis: a predicate tested on every element costs several times as much)
_ATTRIBUTE_SLOTS = etree.XPath(
    "(descendant-or-self::*/@datetime | descendant-or-self::*/@itemprop[. = 'datePublished'] | "
    "descendant-or-self::*/@property[" + " or ".join(f". = '{name}'" for name in sorted(_DATE_PROPERTIES)) + "])/..")


def _is_date_slot(element: HtmlElement) -> bool:
    # the attribute slots (_ATTRIBUTE_SLOTS) are taken before this is asked
    get = element.get
    marker = get("class")
    if marker and _date_class(marker):
        return True
    marker = get("id")
    if marker and "date" in marker:
        return True
    text = element.text
    # the regex only when the text can open with a cue: most elements' text cannot
    return bool(text and (text[0] in _CUE_STARTS or text[0].isspace()) and _PUBLISHED_CUE_RE.match(text))


def _visible_candidates(tree: HtmlElement, headline: HtmlElement | None = None) -> list[tuple[str, bool]]:
    """(text or attribute value, after the headline) for elements that look like date slots, in document
    order. ``headline`` is the element showing the headline; without it, the first h1."""
    h1 = headline if headline is not None else tree.find(".//h1")
    after = h1 is None
    found = []
    slots = set(_ATTRIBUTE_SLOTS(tree))
    for element in tree.iter(etree.Element):  # comments and processing instructions are skipped in C
        if element is h1:
            after = True
        if element.tag in _NOT_SLOTS or element not in slots and not _is_date_slot(element):
            continue
        value = element.get("datetime") or element.get("content") or ""
        if not value and element.tag in ("time", "abbr") and _ISO_RE.match(element.get("title") or ""):
            value = element.get("title") or ""  # hAtom: <abbr class="published" title="2025-07-03T11:20:00+01:00">
        raw = element.text_content()
        # a big container (class "meta", "post-date-wrapper" around the article) is not a date slot
        text = clean_inline(raw) if len(raw) <= 2000 else ""
        for candidate in (value, text):
            if candidate and len(candidate) <= 120 and _DIGIT_RE.search(candidate):
                found.append((candidate, after))
    return found


def find_dates(tree: HtmlElement, page: PageMeta, url: str, tz: str, now: datetime | None,
               body_dates: list[str] | tuple[str, ...] = (),
               headline: HtmlElement | None = None) -> tuple[datetime | None, str | None, datetime | None]:
    """(published, the raw string it was read from, modified).

    ``body_dates``: date lines the body extractor set aside (a date under the headline in a page without
    date markup), used like a visible date slot when no slot was found.
    """
    modified_raw = jsonld_field(page, "dateModified") or page.first(*MODIFIED_META)
    modified = parse_arabic_date(modified_raw, tz, now)
    structured = (source() for source in (lambda: jsonld_field(page, "datePublished"),
                                          lambda: jsonld_field(page, "dateCreated"),
                                          lambda: page.first(*PUBLISHED_META),
                                          lambda: _app_state_date(tree)))  # lazily: the app state is read last
    visible = None
    for raw in structured:
        value = parse_arabic_date(raw, tz, now)
        if value is not None:
            if raw and re.search(r"(?:Z|[+-]00:?00)\s*$", raw.strip()):
                visible = visible or _visible_date(tree, tz, now, headline)
                shown = visible[0].replace(tzinfo=None) if visible else None
                # a CMS writing local time with a bogus 'Z': the page shows the same wall clock
                if shown == value.replace(tzinfo=None) and tz not in ("UTC", "Etc/UTC"):
                    return visible[0], raw, modified  # type: ignore[index]
                # a true UTC instant that the page shows in its local time: keep the instant, at the offset
                # the page shows, so the day is the reader's ("23:59 UTC" shown as "01:59" the next day)
                local = _shown_offset(value.replace(tzinfo=None), shown)
                site_offset = _site_offset(value, tz)
                # with a known site timezone, only a page clock that agrees with it is trusted
                if local is not None and (site_offset is None or site_offset == local.utcoffset(None)):
                    return value.astimezone(local), raw, modified
            return value, raw, modified
    visible = visible or _visible_date(tree, tz, now, headline) or _first_date(body_dates, tz, now)
    from_url = url_date(url)
    if visible is not None:
        if not from_url or visible[0].date() == datetime(*from_url).date():
            return visible[0], visible[1], modified
    if from_url:
        local = parse_arabic_date("{:04d}-{:02d}-{:02d}".format(*from_url), tz)
        return local, None, modified
    return _htmldate(tree, tz), None, modified


def _site_offset(value: datetime, tz: str) -> timedelta | None:
    if tz in ("UTC", "Etc/UTC"):
        return None
    try:
        return value.astimezone(ZoneInfo(tz)).utcoffset()
    except (KeyError, ValueError):  # an unknown zone name in a site profile: no site offset to check against
        return None


def _shown_offset(utc_clock: datetime, shown: datetime | None) -> timezone | None:
    """The UTC offset at which the page shows ``utc_clock``: a whole or half hour between -12 and +14 h, the
    minutes agreeing (a date shown without its time tells nothing)."""
    if shown is None or (shown.hour, shown.minute) == (0, 0) or shown.minute != utc_clock.minute:
        return None
    delta = shown - utc_clock.replace(second=0, microsecond=0)
    minutes = round(delta.total_seconds() / 60)
    if minutes == 0 or minutes % 30 or not -12 * 60 <= minutes <= 14 * 60:
        return None
    return timezone(timedelta(minutes=minutes))


def _visible_date(tree: HtmlElement, tz: str, now: datetime | None,
                  headline: HtmlElement | None = None) -> tuple[datetime, str] | None:
    candidates = _visible_candidates(tree, headline)
    # prefer slots after the headline: a clock in the page header is the render time, not the story's
    for after_h1 in (True, False):
        for text, after in candidates:
            if after != after_h1 or _UPDATE_RE.search(fold(text)):
                continue
            value = parse_arabic_date(text, tz, now)
            if value is not None:
                return _with_time_of_day(value, text, candidates, after_h1, tz, now)
    return None


def _with_time_of_day(value: datetime, text: str, candidates: list[tuple[str, bool]], after_h1: bool, tz: str,
                      now: datetime | None) -> tuple[datetime, str]:
    """The slots right after the chosen one (its children, usually) refine it: a slot of the same day with the
    time too (a wrapper showing only the day, its <time>/<abbr> attribute carrying the instant), or a shorter
    slot with the same value (the date alone, not the whole meta line with byline and view counter)."""
    start = next((i for i, (t, a) in enumerate(candidates) if t == text and a == after_h1), len(candidates))
    for other, after in candidates[start + 1:start + 7]:  # bounded: a page can list dozens of dated teasers
        if after != after_h1 or other == text or _UPDATE_RE.search(fold(other)):
            continue
        precise = parse_arabic_date(other, tz, now)
        if precise is None or precise.date() != value.date():
            continue
        if (value.hour, value.minute) == (0, 0) and (precise.hour, precise.minute) != (0, 0):
            value, text = precise, other
        elif precise == value and len(other) < len(text):
            text = other
    return value, text


def _first_date(texts: list[str] | tuple[str, ...], tz: str, now: datetime | None) -> tuple[datetime, str] | None:
    for text in texts:
        if _UPDATE_RE.search(fold(text)):
            continue
        value = parse_arabic_date(text, tz, now)
        if value is not None:
            return value, text
    return None


def _without_huge_scripts(tree: HtmlElement) -> HtmlElement:
    """The tree, or a copy of it with scripts and styles over the bound emptied (see limits.py)."""
    def huge(element: HtmlElement) -> bool:
        return len(element.text or "") > MAX_SCRIPT_CHARS_FOR_DATES

    if not any(huge(e) for e in tree.iter("script", "style")):
        return tree
    copy = deepcopy(tree)
    for element in copy.iter("script", "style"):
        if huge(element):
            element.text = ""
    return copy


def _htmldate(tree: HtmlElement, tz: str) -> datetime | None:
    try:
        from htmldate import find_date

        found = find_date(_without_huge_scripts(tree), original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a last resort; its failures are not ours to raise
        return None
    return parse_arabic_date(found, tz) if found else None
