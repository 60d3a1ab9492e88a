"""Every place a byline lives, read without judging: schema.org authors (JSON-LD and microdata), links to
author pages (their text, their title, their URL slug) and meta author. The choice is ``byline.py``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.jsonld import is_organization, names_of
from newscrawl.extract.metadata import PageMeta
from newscrawl.extract.prune import is_shown
from newscrawl.extract.text import clean_inline


@dataclass(frozen=True)
class Candidate:
    name: str  # as written, prefixes and all ("كتب: …", "ashraf")
    page: str | None = None  # the author page it points at (see ``author_page``), linking a login to a name
    organization: bool = False  # schema.org Organization: the publisher or a source, never a writer
    shown: bool = True
    rel_author: bool = False  # from a rel=author link


# the path segment before an author's slug: /author/ashraf/, /writers/12-ahmed, /كتاب/…
_AUTHOR_DIR_RE = re.compile(r"^(?:authors?|writers?|kuttab|kottab|columnists?|reporters?|profile|journalists?|"
                            r"user|members?|staff|كتاب|الكتاب|كاتب)$", re.I)
# "Posts by X", "View all posts by X", "مقالات X", "كل مقالات X", "جميع مواضيع X", "المزيد من مقالات X"
_TITLE_PREFIX_RE = re.compile(
    r"^(?:(?:view\s+)?(?:all\s+)?(?:posts|articles|stories|entries)\s+by|more\s+from|"
    r"(?:المزيد\s+من\s+|كل\s+|جميع\s+)?(?:مقالات|مواضيع|موضوعات|أخبار|اخبار|كتابات|مشاركات)(?:\s+بواسطة|\s+الكاتب)?|"
    r"بواسطة)\s*[:：]?\s+", re.I)


# a cheap look at the raw href first: most links of a page go nowhere near an author page
_AUTHOR_HINT_RE = re.compile(r"/(?:authors?|writers?|kuttab|kottab|columnists?|reporters?|profile|journalists?|user|"
                             r"members?|staff|%D9%83%D8%AA|كت|الكت)", re.I)


def author_page(href: str | None) -> str | None:
    """The author-page key of a URL: the slug after /author/ (decoded, lower case), or None."""
    if not href or not _AUTHOR_HINT_RE.search(href):
        return None
    segments = [unquote(s) for s in urlsplit(href.strip()).path.split("/") if s]
    for i, segment in enumerate(segments[:-1]):
        if _AUTHOR_DIR_RE.match(segment):
            return segments[i + 1].lower()
    return None


def slug_name(key: str) -> str | None:
    """A human-readable name from an author-page slug written in Arabic ("أحمد-علي" -> "أحمد علي"); a Latin
    slug is a login, not the name the page shows."""
    words = [w for w in re.split(r"[-_+\s]+", key) if w and not w.isdigit()]
    if len(words) >= 2 and all(re.search("[\u0600-\u06ff]", w) for w in words):
        return " ".join(words)
    return None


def _jsonld_entries(value: Any) -> list[Candidate]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            url = item.get("url") or item.get("@id")
            page = author_page(url if isinstance(url, str) else None)
            out += [Candidate(n, page, is_organization(item)) for n in names_of(item)]
            if not names_of(item) and page:
                out.append(Candidate(page, page))
        elif isinstance(item, str) and item.strip().startswith("http"):
            page = author_page(item)
            out += [Candidate(page, page)] if page else []
        else:
            out += [Candidate(n) for n in names_of(item)]
    return out


def jsonld_authors(page: PageMeta) -> list[Candidate]:
    """JSON-LD ``author`` of the article node: names, their author pages, Person or Organization."""
    return _jsonld_entries(page.jsonld.get("author")) if page.jsonld and page.jsonld.get("author") else []


def meta_authors(page: PageMeta) -> list[Candidate]:
    """<meta name=author>, article:author and the like; a URL there is an author page."""
    out = []
    for value in page.all("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        if value.startswith("http"):
            key = author_page(value)
            out += [Candidate(key, key)] if key else []
        else:
            out.append(Candidate(value))
    return out


# the attributes first, then their elements: the same elements as ".//*[contains(@itemprop, 'author')]", in
# the same order, without testing every element of the page in XPath
_AUTHOR_PROPS = etree.XPath(".//*/@itemprop[contains(., 'author')]/..")


def microdata_authors(tree: HtmlElement) -> list[Candidate]:
    """``itemprop="author"`` elements, shown or hidden (a vcard the template hides still names the writer)."""
    out = []
    for element in _AUTHOR_PROPS(tree):
        if "author" not in (element.get("itemprop") or "").split() or element.tag in ("meta", "link"):
            continue
        name_el = element.find(".//*[@itemprop='name']")
        holder = name_el if name_el is not None else element
        name = clean_inline(holder.get("content") or holder.text_content())
        url_el = element.find(".//*[@itemprop='url']")
        href = (url_el.get("href") or url_el.get("content")) if url_el is not None else None
        link = element if element.tag == "a" else element.find(".//a[@href]")
        href = href or (link.get("href") if link is not None else None)
        if name and len(name.split()) <= 8:
            out.append(Candidate(name, author_page(href), "organization" in (element.get("itemtype") or "").lower(),
                                 is_shown(element)))
    return out


def author_links(tree: HtmlElement) -> list[Candidate]:
    """Links to author pages and ``rel=author`` links: their text, and the name their title gives ("Posts by
    رنا الخطيب"), keyed by the author page so a login slug and the shown name are one author."""
    out = []
    for element in tree.iter("a", "link"):
        href = element.get("href")
        rel = "author" in (element.get("rel") or "").lower().split()
        key = author_page(href)
        if not rel and not key:
            continue
        shown = element.tag == "a" and is_shown(element)
        text = clean_inline(element.text_content()) if element.tag == "a" else ""
        title = clean_inline(element.get("title") or "")
        named = _TITLE_PREFIX_RE.sub("", title) if title and _TITLE_PREFIX_RE.match(title) else ""
        for name in (text, named):
            if name and len(name.split()) <= 6 and not name.startswith("http"):
                out.append(Candidate(name, key, shown=shown, rel_author=rel))
        if key and not text and not named:
            out.append(Candidate(key, key, shown=shown, rel_author=rel))
    return out
