"""The article body: pruned tree -> trafilatura -> blocks -> Arabic boilerplate rules."""

from __future__ import annotations

import re
from collections.abc import Collection
from copy import deepcopy
from datetime import UTC, datetime
from functools import lru_cache

import lxml.html
from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, strip_prefix
from newscrawl.extract.blocks import Block, body_blocks
from newscrawl.extract.credits import source_credit
from newscrawl.extract.dates import parse_arabic_date
from newscrawl.extract.lexicon import BYLINE, boilerplate_reason, fold
from newscrawl.extract.prune import prune_tree
from newscrawl.extract.selectors import select_all

_ANY_NOW = datetime(2000, 1, 1, tzinfo=UTC)
_SENTENCE_END_RE = re.compile(r"[.!?؟…:\"'”»)]\s*$")
_DATE_RESIDUE_RE = re.compile(r"[\d:/.\-,،|()]+|\b(?:GMT|UTC|am|pm)\b", re.I)


# Within a page the same blocks are keyed again and again, and a site's boilerplate lines page after page;
# a story's own paragraphs never come back. An entry holds a paragraph twice (about 2 KB): over 2,500 pages of
# the throughput benchmark, 2,048 entries (4.4 MB) had every hit that 8,192 had, which grow to 17 MB a process.
@lru_cache(maxsize=2048)
def block_key(text: str) -> str:
    """Normalized form used to compare blocks across pages (learned boilerplate) and with the title."""
    return re.sub(r"[^\w]+", " ", fold(text)).strip()


def _is_headline_like(block: Block) -> bool:
    words = len(block.text.split())
    return words <= 25 and (block.link_density >= 0.5 or not _SENTENCE_END_RE.search(block.text))


def split_date_line(text: str) -> tuple[str, list[str]] | None:
    """A date line, possibly with a byline beside it ("٢٥ تشرين الثاني ٢٠٢٦ - ٠٦:٣٠ م | مراسل …"):
    (the date part, the other short parts), or None when the block is not a date line."""
    if len(text.split()) > 20 or not re.search(r"\d", text):
        return None
    parts = [p.strip() for p in re.split(r"\s[|｜•]\s|\s{2,}", text) if p.strip()]
    for i, part in enumerate(parts):
        if _is_date_line(part):
            others = [p for j, p in enumerate(parts) if j != i]
            if all(len(p.split()) <= 7 for p in others):
                return part, others
    return None


def _is_date_line(text: str) -> bool:
    if len(text.split()) > 12 or not re.search(r"\d", text):
        return False
    # any fixed "now" will do: this only asks whether the line is a date ("منذ 31 دقيقة" is one)
    if parse_arabic_date(text, "UTC", _ANY_NOW) is None:
        return False
    residue = _DATE_RESIDUE_RE.sub(" ", fold(text))
    return len(residue.split()) <= 6


def run_trafilatura(tree: HtmlElement, url: str | None, precision: bool = True, fast: bool = True) -> list[Block]:
    # no url: with metadata off it would only make trafilatura absolutize every link, which costs time and
    # changes nothing here (only the linked text matters, for link density)
    import trafilatura  # here, not at module level: a crawl that extracts nothing starts ~0.15 s sooner

    document = trafilatura.bare_extraction(
        tree, url=None, include_comments=False, include_links=True, include_tables=True,
        include_images=False, with_metadata=False, favor_precision=precision, fast=fast,
    )
    return body_blocks(document.body) if document is not None else []


# below this much text, precision mode probably cut the story: the balanced mode gets a second look
_SHORT_BODY_CHARS = 400


def _paragraph_chars(tree: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in tree.iter("p"))


def _needs_full_comparison(blocks: list[Block], tree: HtmlElement) -> bool:
    """Whether trafilatura's fast mode may have missed the story, so that its comparison with readability
    and jusText (which costs about as much as the extraction itself) is worth running.

    Those fallbacks only win when the main extractor's text is short, has no paragraph, or is under half
    of what a paragraph-based extractor would take (readability): the same tests, made cheaply here.
    """
    chars = sum(len(b.text) for b in blocks)
    if chars < _SHORT_BODY_CHARS or not any(b.tag == "p" for b in blocks):
        return True
    return 2 * chars < _paragraph_chars(tree)


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
    blocks = run_trafilatura(pruned, url)
    if _needs_full_comparison(blocks, pruned):
        blocks = run_trafilatura(pruned, url, fast=False)
    if sum(len(b.text) for b in blocks) < _SHORT_BODY_CHARS:
        balanced = run_trafilatura(pruned, url, precision=False, fast=False)
        if sum(len(b.text) for b in balanced) > 2 * sum(len(b.text) for b in blocks):
            blocks = balanced
    return blocks


def _after_headline(blocks: list[Block], title_keys: set[str]) -> list[Block]:
    """Drop page-header chrome that trafilatura kept before a repeated headline.

    When the headline itself shows up among the first blocks and only short blocks precede it (ticker
    items, a previous-article link, labels), the story starts after it.
    """
    for i, block in enumerate(blocks[:10]):
        if block_key(block.text) in title_keys:
            if all(len(b.text.split()) <= 25 for b in blocks[:i]):
                return blocks[i + 1:]
            return blocks
    return blocks


_CREDIT_EDGES_RE = re.compile(r"^[\s\-–—_:.()\[\]«»\"']+|[\s\-–—_:.()\[\]«»\"']+$")


def agency_credit(text: str) -> str | None:
    """A line that only credits a wire agency, as stories often end: "--(بترا)", "(وكالات)", "المصدر: رويترز"."""
    if len(text.split()) > 5:
        return None
    core = _CREDIT_EDGES_RE.sub("", strip_prefix(_CREDIT_EDGES_RE.sub("", text)))
    if core and agency_name(core):
        return core
    # the dateline form "الرياض - واس" / "القاهرة (أ ف ب)": a place of one or two words, then the agency
    place_agency = _PLACE_AGENCY_RE.match(text)
    if place_agency and agency_name(place_agency.group(1)):
        return agency_name(place_agency.group(1))
    return None


_PLACE_AGENCY_RE = re.compile(r"^\s*[^\d\s\-–—()]+(?:\s+[^\d\s\-–—()]+)?"  # one or two words of place
                              r"\s*(?:[-–—]+\s*\(?|\()\s*([^()\-–—]+?)\s*\)?\s*[:.]?\s*$")


def _is_dateline(text: str) -> bool:
    # "الحديدة، نيوزيمن:" / "القاهرة - أ ش أ:" alone on a line: place and source, not story text
    return len(text.split()) <= 4 and text.rstrip().endswith((":", "：")) and bool(re.search(r"[،,\-–]", text))


def filter_blocks(
    blocks: list[Block],
    titles: Collection[str] = (),
    learned: Collection[str] = (),
    dropped: list[tuple[str, str]] | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """(paragraphs, byline strings, date strings found in the body) after the lexicon and structure rules.

    ``dropped`` collects (block, reason) pairs, for debugging and tests.
    """
    title_keys = {block_key(t) for t in titles if t}
    title_keys.discard("")
    learned_keys = set(learned)
    kept: list[tuple[str, bool]] = []  # (text, looks like a headline)
    bylines: list[str] = []
    dates: list[str] = []
    seen: set[str] = set()
    skip_headlines = 0  # > 0: right after a bare teaser/prev-next label, counts the headlines dropped
    log = dropped if dropped is not None else []
    for block in _after_headline(blocks, title_keys):
        text = block.text
        key = block_key(text)
        if not key:
            log.append((text, "empty"))
            continue
        words = len(text.split())
        if skip_headlines:
            # the headline right after a bare label goes; further ones only when they are links (an
            # unlinked short block later on is more likely the story's next subheading)
            if _is_headline_like(block) and (skip_headlines == 1 or block.link_density >= 0.5):
                skip_headlines += 1
                log.append((text, "teaser-headline"))
                continue
            skip_headlines = 0
        reason = boilerplate_reason(text)
        if reason in ("teaser", "prev-next"):
            # a bare label ("اقرأ أيضا", "السابق"): the linked headline(s) after it go too, and for a bare
            # previous/next label, the headline right before it (templates put the label on either side)
            skip_headlines = 1 if words <= 4 else 0
            if reason == "prev-next" and words <= 2 and kept and kept[-1][1]:
                log.append((kept.pop()[0], "prev-next-headline"))
            log.append((text, reason))
            continue
        if reason is None:
            reason = (
                "learned" if key in learned_keys
                else "title" if key in title_keys
                or any(key.startswith(t) and len(key) < len(t) + 12 for t in title_keys)
                else "linked-headline" if block.link_density >= 0.6 and words <= 30
                else "credit" if agency_credit(text) or source_credit(text)
                else "byline" if words <= 8 and BYLINE.search(fold(text))
                else "dateline" if _is_dateline(text)
                else "date" if split_date_line(text)
                else "duplicate" if key in seen and words >= 3
                else None
            )
        if reason:
            if reason == "byline":
                bylines.append(text)
            elif reason == "credit":
                bylines.append(agency_credit(text) or text)  # a source credit line is read by the resolver
            elif reason == "date":
                date_part, others = split_date_line(text) or (text, [])
                dates.append(date_part)
                # the byline beside the date, unless it is a label ("آخر تحديث") or another date
                bylines.extend(o for o in others if not re.search(r"\d|تحديث|تعديل", o))
            log.append((text, reason))
            continue
        seen.add(key)
        kept.append((text, _is_headline_like(block)))
    # one- or two-word fragments before the first real paragraph: section labels, "مشاركة", a lone place
    first_long = next((i for i, (text, _) in enumerate(kept) if len(text.split()) >= 8), 0)
    for text, _ in kept[:first_long]:
        if len(text.split()) <= 2:
            log.append((text, "leading-fragment"))
    kept = [k for i, k in enumerate(kept) if i >= first_long or len(k[0].split()) > 2]
    return [text for text, _ in kept], bylines, dates
