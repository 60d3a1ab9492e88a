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


def _overlap(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / max(1, min(len(ta), len(tb))) if ta and tb else 0.0


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """'الخبر - اليوم السابع' -> 'الخبر': drop a trailing/leading part naming the site."""
    parts = _SUFFIX_SPLIT_RE.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if _overlap(p, site_name) < 0.6]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return max(parts, key=len) if len(max(parts, key=len).split()) >= 3 else title


def choose_title(tree: HtmlElement, page: PageMeta) -> str | None:
    references = [r for r in (jsonld_field(page, "headline"), page.first("og:title", "twitter:title"),
                              page.title_tag) if r]
    headings = []
    for tag in ("h1", "h2"):
        for element in tree.iter(tag):
            text = clean_inline(element.text_content())
            if text and len(text.split()) >= 2 and is_shown(element):
                headings.append((tag, text))
        if headings and tag == "h1" and not references:
            break
    best, best_score = None, 0.0
    for tag, text in headings:
        score = max((_overlap(text, r) for r in references), default=0.5 if tag == "h1" else 0.0)
        score -= 0.1 if tag == "h2" else 0.0
        if score > best_score:
            best, best_score = text, score
    if best and best_score >= 0.5:
        return best
    for reference in references:
        return strip_site_suffix(reference, page.site_name)
    return best
