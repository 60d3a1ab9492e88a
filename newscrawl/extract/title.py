"""The headline as the page's h1 shows it, checked against what the metadata calls the title."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.lexicon import fold
from newscrawl.extract.metadata import PageMeta, jsonld_field
from newscrawl.extract.prune import is_shown
from newscrawl.extract.text import clean_block as clean_inline

_SUFFIX_SPLIT_RE = re.compile(r"\s+(?:[|\-–—»:]|::|\|\||//)\s+")


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _token_overlap(ta: set[str], tb: set[str]) -> float:
    return len(ta & tb) / max(1, min(len(ta), len(tb))) if ta and tb else 0.0


def _overlap(a: str, b: str) -> float:
    return _token_overlap(_tokens(a), _tokens(b))


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """'الخبر - اليوم السابع' -> 'الخبر': drop a trailing/leading part naming the site."""
    parts = _SUFFIX_SPLIT_RE.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if _overlap(p, site_name) < 0.6]
        if kept and len(kept) < len(parts):
            longest = max(kept, key=len)
            if len(kept) >= 3 and all(len(p.split()) <= 4 for p in kept if p is not longest):
                return longest  # "الخبر - القسم - القسم الفرعي - الموقع": section names around the headline
            return " - ".join(kept)
    return max(parts, key=len) if len(max(parts, key=len).split()) >= 3 else title


# a headline shown outside h1/h2: itemprop=headline, or a title/headline class or id ("post-title",
# "article-headline", "news_title"), but not a subtitle, a section title or a widget heading
_HEADLINE_MARKER_RE = re.compile(r"headline|title", re.I)
_NOT_HEADLINE_RE = re.compile(r"sub|section|widget|block|sidebar|related|footer|menu|nav|site|logo", re.I)
_HEADLINE_TAGS = frozenset({"div", "span", "p", "h3", "strong", "header", "a"})


def _headline_like(tree: HtmlElement):
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag not in _HEADLINE_TAGS:
            continue
        if element.get("itemprop") == "headline":
            yield element
            continue
        marker = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _HEADLINE_MARKER_RE.search(marker) and not _NOT_HEADLINE_RE.search(marker):
            yield element


def find_headline(tree: HtmlElement, page: PageMeta) -> tuple[str | None, HtmlElement | None]:
    """(the headline, the element showing it): the visible h1 (then h2, then an element marked as the
    headline) that best matches JSON-LD headline / og:title / <title>; otherwise og:title without the
    site-name part, and no element."""
    references = [r for r in (jsonld_field(page, "headline"), page.first("og:title", "twitter:title"),
                              page.title_tag) if r]
    reference_tokens = [_tokens(r) for r in references]
    site_parts = _site_parts(references, page.site_name)
    best, best_element, best_score = None, None, 0.0
    first_h1: tuple[str, HtmlElement] | None = None
    for kind in ("h1", "h2", "marked"):
        if kind != "h1" and best is not None and (not references or best_score >= 0.9):
            break  # the others score 0.1 under an equal h1, so they cannot beat an h1 that matched this well
        if kind == "marked" and not references:
            break  # a classed element is only taken as the headline when the metadata confirms it
        elements = tree.iter(kind) if kind != "marked" else _headline_like(tree)
        for element in elements:
            text = clean_inline(element.text_content())
            words = len(text.split()) if text else 0
            if words < 2 or (kind == "marked" and words > 40) or not is_shown(element):
                continue
            if fold(text) in site_parts:
                continue  # the blog or site name in an h1 ("الخبر - اسم الموقع" in <title>): the masthead
            if kind == "h1" and first_h1 is None and words >= 3:
                first_h1 = (text, element)
            tokens = _tokens(text)
            if kind == "marked":
                # a classed box may hold the headline and more (date, label, the next story): nearly all of
                # its words must be the metadata title's, and it must cover most of that title
                # (a box of punctuation only has no token: it matches nothing, rather than dividing by zero)
                score = max((len(tokens & r) / max(len(tokens), len(r)) if len(tokens & r) >= 0.9 * len(tokens)
                             else 0.0 for r in reference_tokens), default=0.0) if tokens else 0.0
            else:
                score = max((_token_overlap(tokens, r) for r in reference_tokens),
                            default=0.5 if kind == "h1" else 0.0)
            score -= 0.1 if kind != "h1" else 0.0
            if score > best_score:
                best, best_element, best_score = text, element, score
    if best and best_score >= 0.5:
        return best, best_element
    # Nothing matched. A <title> tag alone (often just the site or section name) does not outrank the page's
    # own h1; an explicit article headline (JSON-LD, og:title) that could be one does.
    explicit = [r for r in (jsonld_field(page, "headline"), page.first("og:title", "twitter:title")) if r]
    if first_h1 and not any(_could_be_headline(r, page.site_name) for r in explicit):
        return first_h1
    for reference in references:
        return strip_site_suffix(reference, page.site_name), None
    return best, best_element


def _site_parts(references: list[str], site_name: str | None) -> set[str]:
    """Folded site-name parts of the metadata titles: in "الخبر - اسم الموقع" every part but the longest,
    when the longest has three words or more (so a two-part headline is not split)."""
    parts_found = {fold(site_name)} if site_name else set()
    for reference in references:
        parts = [p.strip() for p in _SUFFIX_SPLIT_RE.split(reference) if p.strip()]
        longest = max(parts, key=len) if parts else ""
        if len(parts) >= 2 and len(longest.split()) >= 3:
            parts_found.update(fold(p) for p in parts if p is not longest and len(p.split()) <= 4)
    parts_found.discard("")
    return parts_found


def _could_be_headline(reference: str, site_name: str | None) -> bool:
    """A metadata title of three words or more that is not just the site's name."""
    text = strip_site_suffix(reference, site_name)
    return len(text.split()) >= 3 and not (site_name and _overlap(text, site_name) >= 0.8)


def first_visible_h1(tree: HtmlElement) -> str | None:
    """The page's first shown h1 of three words or more (so it can never open the text)."""
    for element in tree.iter("h1"):
        text = clean_inline(element.text_content())
        if text and len(text.split()) >= 3 and is_shown(element):
            return text
    return None


def choose_title(tree: HtmlElement, page: PageMeta) -> str | None:
    return find_headline(tree, page)[0]
