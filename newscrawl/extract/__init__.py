"""Pure article extraction: (HTML bytes, URL, site profile, learned boilerplate) -> Extraction.

No Scrapy import and no I/O, so the crawl, the ``extract`` command, WARC re-extraction and the evaluation
all get identical results. See docs/extraction.md for the rules and their order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import lxml.html
from lxml.etree import ElementDefaultClassLookup, ParserError
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

from newscrawl.extract.authors import split_byline
from newscrawl.extract.body import block_key, extract_blocks, filter_blocks
from newscrawl.extract.byline import resolve_byline
from newscrawl.extract.dates import to_iso
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.language import detect_language
from newscrawl.extract.lead import find_lead
from newscrawl.extract.limits import (
    EMPTY_BODY,
    EXTRACTION_ERROR,
    Rejected,
    bound_tree,
    check_blocks,
    check_body,
    check_markup,
    check_text_length,
    strip_controls,
)
from newscrawl.extract.liveblog import find_live_entries
from newscrawl.extract.media import article_region, find_embeds, find_images
from newscrawl.extract.metadata import (
    description_of,
    image_of,
    jsonld_field,
    read_meta,
    section_of,
    tags_of,
)
from newscrawl.extract.published import find_dates
from newscrawl.extract.selectors import css_xpaths, select_text
from newscrawl.extract.text import clean_inline, repair_mojibake
from newscrawl.extract.title import find_headline, first_visible_h1

__all__ = ["Extraction", "extract_article", "block_key", "no_article_reason"]


@dataclass
class Extraction:
    title: str | None
    text: str  # paragraphs joined by "\n\n"; the headline is never repeated at the start
    paragraphs: list[str]
    description: str | None
    authors: list[str]
    agencies: list[str]  # wire agencies (رويترز، أ ف ب، وكالات، واس…), apart from people
    published: str | None  # ISO 8601 with UTC offset
    published_raw: str | None
    modified: str | None
    section: str | None
    tags: list[str]
    image: str | None
    canonical_url: str | None
    language: str | None
    encoding: str
    mojibake: bool  # the text looked mis-decoded and could not be repaired
    embeds: list[dict[str, Any]] = field(default_factory=list)  # {type, url, text, author}, kept out of text
    images: list[dict[str, Any]] = field(default_factory=list)  # {url, caption, credit}, the lead image first
    live_entries: list[dict[str, Any]] = field(default_factory=list)  # {time, time_shown, text} of a live blog
    blocks: list[str] = field(default_factory=list)  # normalized candidate blocks, for learned boilerplate
    rejected: str | None = None  # why the page yields nothing (newscrawl.extract.limits); None: extracted
    detail: str = ""  # the rejection's particulars, for the log

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def rejection(cls, reason: str, detail: str, encoding: str = "") -> Extraction:
        return cls(title=None, text="", paragraphs=[], description=None, authors=[], agencies=[], published=None,
                   published_raw=None, modified=None, section=None, tags=[], image=None, canonical_url=None,
                   language=None, encoding=encoding, mojibake=False, rejected=reason, detail=detail)


def no_article_reason(extraction: Extraction) -> str | None:
    """Why an extraction holds no article (the reason the crawl would drop it under), or None."""
    if extraction.rejected:
        return extraction.rejected
    if extraction.mojibake:
        return "mojibake"
    return None if extraction.text else "missing_text"


# lxml.html's own parser picks each element's Python class in a Python callback (for its form-element
# subclasses), called for every element the extraction touches: about a tenth of a page's time. Nothing here
# uses those subclasses, so the same HtmlElement API comes from a lookup done in C.
_PARSER = lxml.html.HTMLParser()
_PARSER.set_element_class_lookup(ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


def _parse(html: str) -> HtmlElement:
    # lxml refuses str input carrying an XML encoding declaration
    if html.lstrip().startswith("<?xml"):
        html = html.split("?>", 1)[-1]
    try:
        # a document of only whitespace, comments or declarations has no element: lxml raises ParserError
        return lxml.html.document_fromstring(html, parser=_PARSER)
    except ParserError as exc:
        raise Rejected(EMPTY_BODY, f"no element in the document ({exc})") from None


def extract_article(
    body: bytes | str,
    url: str,
    site: Any | None = None,
    *,
    http_encoding: str | None = None,
    fetched_at: datetime | None = None,
    learned_boilerplate: Collection[str] = (),
) -> Extraction:
    """Extract one article page. ``site`` is a registry SiteProfile (timezone, optional selectors).

    Never raises: a page over a limit (newscrawl.extract.limits) comes back with ``rejected`` set to the
    reason, and so does any exception inside the extractor (as ``extraction_error``, a bug to fix).
    """
    encoding = ""
    try:
        check_body(body)
        html, encoding = decode_html(body, http_encoding)
        return _extract(html, encoding, url, site, fetched_at, learned_boilerplate)
    except Rejected as rejected:
        return Extraction.rejection(rejected.reason, rejected.detail, encoding)
    except Exception as exc:  # RecursionError and MemoryError included: the crawl must go on
        return Extraction.rejection(EXTRACTION_ERROR, repr(exc)[:500], encoding)


def _extract(html: str, encoding: str, url: str, site: Any | None, fetched_at: datetime | None,
             learned_boilerplate: Collection[str]) -> Extraction:
    html = strip_controls(html)
    check_markup(html)
    html, broken = repair_mojibake(html)
    tree = _parse(html)
    bound_tree(tree)
    tz = getattr(site, "timezone", None) or "UTC"
    selectors = getattr(site, "selectors", None)

    page = read_meta(tree, url)
    title, headline = find_headline(tree, page)
    if selectors is not None and selectors.title and not title:
        title = select_text(tree, selectors.title)

    prune = css_xpaths(selectors.prune) if selectors is not None else ()
    candidates = extract_blocks(tree, url, prune)
    if selectors is not None and selectors.body and len(candidates) < 2:
        candidates = extract_blocks(tree, url, prune, body_css=selectors.body)
    check_blocks([b.text for b in candidates])
    titles = [t for t in (title, first_visible_h1(tree), jsonld_field(page, "headline"), page.first("og:title")) if t]
    paragraphs, body_bylines, body_dates = filter_blocks(candidates, titles, learned_boilerplate)
    lead = find_lead(tree, paragraphs[0] if paragraphs else None, description_of(page), headline)
    if lead and block_key(lead) not in {block_key(p) for p in paragraphs} and block_key(lead) not in {
        block_key(t) for t in titles
    }:
        paragraphs.insert(0, lead)

    published, published_raw, modified = find_dates(tree, page, url, tz, fetched_at, body_dates, headline)
    if published is None and selectors is not None and selectors.date:
        from newscrawl.extract.dates import parse_arabic_date

        published_raw = select_text(tree, selectors.date)
        published = parse_arabic_date(published_raw, tz, fetched_at)

    authors, agencies = resolve_byline(page, tree, body_bylines, title, site, paragraphs[0] if paragraphs else "")
    if not authors and selectors is not None and selectors.author:
        authors, credited = split_byline(select_text(tree, selectors.author))
        agencies += [a for a in credited if a not in agencies]

    text = "\n\n".join(paragraphs)
    check_text_length(len(text))  # the lead put back may add a paragraph
    _, still_broken = repair_mojibake(text)
    image = image_of(page, url)
    region = article_region(tree, paragraphs, headline)
    return Extraction(
        title=clean_inline(title) if title else None,
        text=text,
        paragraphs=paragraphs,
        description=description_of(page),
        authors=authors,
        agencies=agencies,
        published=to_iso(published),
        published_raw=published_raw,
        modified=to_iso(modified),
        section=section_of(page),
        tags=tags_of(page),
        image=image,
        canonical_url=page.canonical,
        language=detect_language(text or title),
        encoding=encoding,
        mojibake=broken or still_broken,
        embeds=find_embeds(region if region is not None else tree, url),
        images=find_images(region, url, image, paragraphs[0] if paragraphs else None),
        live_entries=find_live_entries(tree, page.jsonld),
        blocks=[block_key(b.text) for b in candidates],
    )
