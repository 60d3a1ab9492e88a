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
            return " - ".join(kept)
    return max(parts, key=len) if len(max(parts, key=len).split()) >= 3 else title


def choose_title(tree: HtmlElement, page: PageMeta) -> str | None:
    references = [r for r in (jsonld_field(page, "headline"), page.first("og:title", "twitter:title"),
                              page.title_tag) if r]
    reference_tokens = [_tokens(r) for r in references]
    best, best_score = None, 0.0
    for tag in ("h1", "h2"):
        if tag == "h2" and best is not None and (not references or best_score >= 0.9):
            break  # an h2 scores 0.1 under an equal h1, so it cannot beat an h1 that matched this well
        for element in tree.iter(tag):
            text = clean_inline(element.text_content())
            if not text or len(text.split()) < 2 or not is_shown(element):
                continue
            tokens = _tokens(text)
            score = max((_token_overlap(tokens, r) for r in reference_tokens), default=0.5 if tag == "h1" else 0.0)
            score -= 0.1 if tag == "h2" else 0.0
            if score > best_score:
                best, best_score = text, score
    if best and best_score >= 0.5:
        return best
    for reference in references:
        return strip_site_suffix(reference, page.site_name)
    return best
