"""The byline slot as the page shows it, the names the page gives itself, and a prefixed byline anywhere."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, is_credit, strip_prefix
from newscrawl.extract.body import agency_credit
from newscrawl.extract.lexicon import BYLINE, fold
from newscrawl.extract.metadata import PageMeta
from newscrawl.extract.prune import is_shown
from newscrawl.extract.text import clean_inline

# byline slots: rel/itemprop author, or author/byline/writer/reporter/columnist classes (one regex over the class
# attribute in a single pass: an XPath with a dozen contains() is several times slower on big pages)
_BYLINE_CLASS_RE = re.compile(r"author|byline|writer|Author|reporter|write|Write|kateb|katib|columnist|Columnist")
_NOT_BYLINES = frozenset({"meta", "link", "script", "style", "body", "html"})


@lru_cache(maxsize=4096)
def _byline_class(marker: str) -> bool:
    # class lists repeat on every page of a site, and this test runs on every element of the page
    return bool(_BYLINE_CLASS_RE.search(marker))


def _byline_slots(tree: HtmlElement, descendants_only: bool = False):
    for element in tree.iterdescendants() if descendants_only else tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_BYLINES:
            continue
        get = element.get
        marker = get("class")
        if (get("rel") == "author" or get("itemprop") == "author" or (marker and _byline_class(marker))
                or "author" in (get("id") or "")):
            yield element


def visible_byline(tree: HtmlElement) -> list[str]:
    """Short texts from author/byline slots, first one found (document order)."""
    for element in _byline_slots(tree):
        if not is_shown(element):
            continue  # a display:none author card is template residue, not the byline the reader sees
        if element.get("itemprop") != "author" and _has_named_slot(element):
            continue  # a columnist's card (photo, name, bio): the name's own slot comes next
        if element.get("itemprop") == "author" and element.find(".//*[@itemprop='name']") is not None:
            element = element.find(".//*[@itemprop='name']")
        raw = element.get("content") or element.text_content()
        if len(raw.split()) > 20:
            continue  # a container that happens to carry an author class, not the byline itself
        text = clean_inline(raw)
        if is_credit(text):
            continue  # the photographer's slot: the writer's byline may come next
        # a person's name has two words at least; a single word here is a section or the outlet's logo
        name = strip_prefix(text)
        if 2 <= len(name.split()) <= 8 and not re.search(r"https?:|www\.|\d", text) or agency_name(name):
            return [text]
    return []


def _has_named_slot(element: HtmlElement) -> bool:
    return any(inner.text_content().strip() for inner in _byline_slots(element, descendants_only=True))


_TITLE_PARTS_RE = re.compile(r"\s+(?:[|\-–—»:]|::|\|\||//)\s+")


def site_names(page: PageMeta, headline: str | None) -> set[str]:
    """Folded names the page gives itself: og:site_name/application-name and the parts of <title> and
    og:title that are not the headline ("الخبر - المدينة نيوز", "المدينة نيوز - الخبر")."""
    names = {fold(n) for n in (page.site_name, page.first("application-name")) if n}
    head = fold(headline or "")
    for title in (page.title_tag, page.first("og:title", "twitter:title")):
        parts = [fold(p) for p in _TITLE_PARTS_RE.split(title or "") if p.strip()]
        if len(parts) >= 2 and head:
            names.update(p for p in parts if p not in head and head not in p and len(p.split()) <= 4)
    names.discard("")
    return names


def prefixed_byline(tree: HtmlElement) -> list[str]:
    """Last resort: the first short shown element that opens with a byline prefix ("كتب: …", "بقلم …") or
    only credits an agency ("المصدر: أ ف ب"), wherever the template put it (slots with no author class)."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_BYLINES or element.tag == "a":
            continue
        own = (element.text or "").strip()
        if not own or len(own) > 40:
            continue
        text = clean_inline(element.text_content())
        if not 2 <= len(text.split()) <= 8:
            continue
        if (BYLINE.search(fold(text)) and 2 <= len(strip_prefix(text).split()) <= 6 and not re.search(r"\d", text)
                or agency_credit(text)) and is_shown(element):
            return [text]
    return []
