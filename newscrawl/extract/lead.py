"""The standfirst (lead) shown between the headline and the body, which body extractors often skip.

GOLD_SPEC: a lead shown directly under the headline as part of the article is the first paragraph. It is
recognised by its slot (class/id such as lead, standfirst, subtitle, summary, excerpt; itemprop=description)
or by repeating the page's meta description, and only between the h1 and the first body paragraph.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.body import agency_credit, split_date_line
from newscrawl.extract.lexicon import BYLINE, boilerplate_reason, fold
from newscrawl.extract.text import clean_block

_LEAD_MARKER_RE = re.compile(
    r"lead|standfirst|sub-?title|sub_title|subheadline|summary|excerpt|intro|brief|abstract|chapo|chapeau|"
    r"strapline|teaser-text|nabza|description",
)


# how far after the h1 a standfirst may sit (share bars, images and bylines come between); past it, and
# certainly past the body, a "summary" box is something else
_MAX_ELEMENTS_AFTER_H1 = 300


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", fold(text)).strip()


_LINE_TAGS = frozenset({"p", "div", "br", "li", "h2", "h3", "h4", "h5", "h6", "section", "blockquote", "ul", "ol",
                        "table", "tr"})


def _slot_text(element: HtmlElement, title_key: str = "") -> tuple[str, int]:
    """The standfirst's text and how much of it is link text, line by line: lines that are the headline, a
    byline, a date, a credit or a label ("كتب …", "12 مارس 2024", "(وكالات)", "عاجل") sharing the slot are left
    out, the rest joined."""
    parts: list[tuple[str, bool]] = []

    def walk(node: HtmlElement, linked: bool) -> None:
        block = node.tag in _LINE_TAGS
        linked = linked or node.tag == "a"
        if block:
            parts.append(("\n", False))
        if node.text:
            parts.append((node.text, linked))
        for child in node:
            if isinstance(child.tag, str):
                walk(child, linked)
            if child.tail:
                parts.append((child.tail, linked))
        if block:
            parts.append(("\n", False))

    walk(element, False)
    lines: list[tuple[str, int]] = []
    text, link_chars = "", 0
    for piece, linked in [*parts, ("\n", False)]:
        for i, chunk in enumerate(piece.split("\n")):
            if i:
                lines.append((clean_block(text), link_chars))
                text, link_chars = "", 0
            text += chunk
            link_chars += len(chunk.strip()) if linked else 0
    kept = [(line, links) for line, links in lines if line and not _not_lead_line(line, title_key)]
    return " ".join(line for line, _ in kept), sum(links for _, links in kept)


def _not_lead_line(line: str, title_key: str) -> bool:
    key = _key(line)
    if title_key and (key == title_key or (key.startswith(title_key) and len(key) < len(title_key) + 12)):
        return True  # the headline repeated ("… - صور", "… (فيديو)")
    return bool(boilerplate_reason(line) or BYLINE.search(fold(line)) or agency_credit(line) or split_date_line(line))


def _words_in(words: list[str], raw: str) -> bool:
    """Cheap pre-check on raw element text before any normalization: all these words occur in it."""
    return bool(words) and all(w in raw for w in words)


def find_lead(tree: HtmlElement, first_block: str | None, description: str | None,
              headline: HtmlElement | None = None) -> str | None:
    """The standfirst between the headline (``headline``, else the first h1) and the body, if any."""
    if not first_block:
        return None
    body_probe = _key(first_block)[:40]
    # the first words of the body and of the description, to skip most elements without normalizing them
    body_words = first_block.split()[:3]
    description_key = _key(description or "")
    description_words = (description or "").split()[:3]
    title_key = _key(headline.text_content()) if headline is not None else ""
    h1_seen = False
    budget = _MAX_ELEMENTS_AFTER_H1
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element is headline or (headline is None and element.tag == "h1"):
            h1_seen = True
            continue
        if not h1_seen or element.tag in ("script", "style", "meta", "link", "noscript"):
            continue
        budget -= 1
        if budget < 0:
            return None  # a standfirst sits right under the headline, not pages further down
        raw_own = element.text or ""
        if raw_own and _words_in(body_words, raw_own):
            own = _key(raw_own)
            if body_probe and own and body_probe[:20] in own and body_probe.startswith(own[:20]):
                return None  # reached the body without meeting a lead
        classes, ident = element.get("class"), element.get("id")
        is_slot = bool((classes or ident) and _LEAD_MARKER_RE.search(f"{classes or ''} {ident or ''}".lower())) or (
            element.get("itemprop") == "description")
        if not is_slot and not (description_key and _words_in(description_words, raw_own)):
            continue
        text, links = _slot_text(element, title_key)
        key = _key(text)
        if not key or not (is_slot or (description_key and key == description_key)):
            continue
        if body_probe and body_probe in key:
            return None  # a container that holds the body too, not a lead
        words = len(text.split())
        if 6 <= words <= 120 and links < 0.3 * len(text) and not boilerplate_reason(text) and not BYLINE.search(
            fold(text)
        ):
            return text
    return None
