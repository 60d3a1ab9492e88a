"""The article body: pruned tree -> trafilatura -> blocks -> Arabic boilerplate rules."""

from __future__ import annotations

import re
from collections.abc import Collection
from copy import deepcopy

import lxml.html
import trafilatura
from lxml.html import HtmlElement

from newscrawl.extract.blocks import Block, body_blocks
from newscrawl.extract.dates import parse_arabic_date
from newscrawl.extract.lexicon import BYLINE, boilerplate_reason, fold
from newscrawl.extract.prune import prune_tree
from newscrawl.extract.selectors import select_all

_SENTENCE_END_RE = re.compile(r"[.!?؟…:\"'”»)]\s*$")
_DATE_RESIDUE_RE = re.compile(r"[\d:/.\-,،|()]+|\b(?:GMT|UTC|am|pm)\b", re.I)


def block_key(text: str) -> str:
    """Normalized form used to compare blocks across pages (learned boilerplate) and with the title."""
    return re.sub(r"[^\w]+", " ", fold(text)).strip()


def _is_headline_like(block: Block) -> bool:
    words = len(block.text.split())
    return words <= 25 and (block.link_density >= 0.5 or not _SENTENCE_END_RE.search(block.text))


def _is_date_line(text: str) -> bool:
    if len(text.split()) > 12 or not re.search(r"\d", text):
        return False
    if parse_arabic_date(text, "UTC") is None:
        return False
    residue = _DATE_RESIDUE_RE.sub(" ", fold(text))
    return len(residue.split()) <= 6


def run_trafilatura(tree: HtmlElement, url: str | None) -> list[Block]:
    document = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, include_links=True, include_tables=True,
        include_images=False, with_metadata=False, favor_precision=True,
    )
    return body_blocks(document.body) if document is not None else []


def extract_blocks(tree: HtmlElement, url: str | None, prune_xpaths: tuple[str, ...] = (),
                   body_css: str | None = None) -> list[Block]:
    """Candidate blocks of the page's main text, before the Arabic rules.

    With ``body_css`` (a site's last-resort selector) only the selected elements are given to trafilatura.
    """
    pruned = deepcopy(tree)
    prune_tree(pruned, prune_xpaths)
    if body_css:
        chosen = select_all(pruned, body_css)
        if chosen:
            wrapper = lxml.html.document_fromstring("<html><body></body></html>")
            wrapper.body.extend(chosen)
            pruned = wrapper
    return run_trafilatura(pruned, url)


def filter_blocks(
    blocks: list[Block],
    titles: Collection[str] = (),
    learned: Collection[str] = (),
) -> tuple[list[str], list[str]]:
    """(paragraphs, byline strings found in the body) after the lexicon and structure rules."""
    title_keys = {block_key(t) for t in titles if t}
    learned_keys = set(learned)
    kept: list[str] = []
    bylines: list[str] = []
    seen: set[str] = set()
    skip_headlines = False
    for block in blocks:
        text = block.text
        key = block_key(text)
        if not key:
            continue
        words = len(text.split())
        if skip_headlines:
            if _is_headline_like(block):
                continue
            skip_headlines = False
        reason = boilerplate_reason(text)
        if reason in ("teaser", "prev-next"):
            # a bare label ("اقرأ أيضا", "السابق"): the linked headline(s) after it go too
            skip_headlines = words <= 4
            continue
        if reason:
            continue
        if key in learned_keys or key in title_keys:
            continue
        if any(key.startswith(t) and len(key) < len(t) + 12 for t in title_keys if t):
            continue  # headline + a label ("... صور")
        if block.link_density >= 0.6 and words <= 30:
            continue  # a linked headline
        if words <= 8 and BYLINE.search(fold(text)):
            bylines.append(text)
            continue
        if _is_date_line(text):
            continue
        if key in seen and words >= 3:
            continue
        seen.add(key)
        kept.append(text)
    return kept, bylines
