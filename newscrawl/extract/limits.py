"""What the extractor refuses, and the work budget of one page.

Any bytes may reach the extractor: an empty or binary body served as HTML, a page stuffed with control
characters, or one built to be expensive (hundreds of thousands of tiny paragraphs). Such a page must end in
a named rejection, quickly, never in an exception or in a megabyte of junk text. The rejection reasons are the
strings the crawl counts (``dropped/<reason>``); docs/security.md lists them with the thresholds below.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

# Rejection reasons (the names the crawl's failure taxonomy uses for the same faults).
EMPTY_BODY = "empty_body"  # no bytes, only whitespace, or no element at all (a lone comment or declaration)
NOT_HTML = "not_html"  # binary: control bytes no text document holds
TOO_LARGE = "too_large"  # more bytes than any article page
TOO_COMPLEX = "too_complex"  # over the element, attribute, class-name, link or block budget
TOO_LONG = "too_long"  # more text than any article
EXTRACTION_ERROR = "extraction_error"  # an exception inside the extractor: a bug to fix, never the page's fault

# Twice the crawl's article download limit (5 MB): the crawl's own limit applies first to fetched pages; this
# one guards the ``extract`` command and re-extraction, which read bytes from anywhere.
MAX_BODY_BYTES = 10 * 1024 * 1024
# Elements in the parsed page. Lighthouse already calls a page of more than 1,400 elements an excessive DOM
# (https://developer.chrome.com/docs/lighthouse/performance/dom-size); the largest real article page in the
# evaluation set has about 2,500. Every later step is linear in this count: at this bound, a page of nothing
# but paragraphs reaches the block bound below and is refused in about a second.
MAX_ELEMENTS = 20_000
# Attributes on one element: libxml2's parser slows down more than quadratically with them (20,000 on one
# element take seconds to parse, 40,000 most of a minute). Real pages have at most a few dozen (20 in the
# evaluation set); checked on the markup, since the damage is done while parsing.
MAX_ATTRIBUTES = 200
# Possessive quantifiers: every run here is followed by a character it cannot hold (a name by a space, a space
# by a name), and a skipped value leaves "=" where the next attribute's name would have to start, so giving
# back characters never finds a match the greedy pass missed; it only made each ordinary tag cost a
# backtracking search (the scan took ~0.8 ms of a real page, now ~0.3 ms).
_MANY_ATTRIBUTES_RE = re.compile(
    r"<[a-zA-Z][^\s/>]*+(?:\s++[^\s=>/]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'>]++))?+)"
    f"{{{MAX_ATTRIBUTES + 1}}}")
# Attributes in the whole page: the evaluation set's pages have 200 to 4,100. Copying the tree and
# trafilatura's passes over it grow with them (500,000 attributes took over ten seconds).
MAX_PAGE_ATTRIBUTES = 40_000
# Attribute values: class and id are matched against regexes for every element (here and in trafilatura's
# readability), so a megabyte-long class took seconds; real class lists are under a few hundred characters.
# Other values (an inline base64 image, an SVG path) carry no text: beyond this length they are only a cost
# (htmldate searches the serialized page). Such values are dropped from the tree, the page is kept.
MAX_NAME_ATTRIBUTE_CHARS = 1_000
MAX_ATTRIBUTE_CHARS = 100_000
_NAME_ATTRIBUTES = frozenset({"class", "id"})
# All class and id values of the page together: the evaluation set's pages have 400 to 107,000 characters (a
# utility-class CSS framework); 4,000 elements with a 950-character class each took 1.5 s.
MAX_PAGE_NAME_CHARS = 500_000
# Link text times its depth (the sum, over the page's links, of their text length times their ancestor count):
# trafilatura's link-density test reads, for every container, the text of the links inside it, so its cost
# is this sum. The evaluation set's pages have 7,000 to 490,000; broken markup nesting links inside links
# hundreds deep gave 67 to 103 million and took seconds.
MAX_LINK_TEXT_DEPTH = 5_000_000
# Characters of text in the parsed page, scripts and styles left out: the largest real page in the evaluation
# set has about 115,000. Every step after parsing (pruning, trafilatura, date search, folding) is linear in it.
MAX_PAGE_TEXT_CHARS = 1_000_000
# One script or style, as the htmldate fallback sees it: it runs its regexes over the serialized page, scripts
# included, and took over a second on a megabyte-long script. The largest real one seen is about 160 KB (a
# JavaScript app's state); longer ones are emptied in the copy given to htmldate.
MAX_SCRIPT_CHARS_FOR_DATES = 500_000
# Candidate blocks (paragraphs, list items, lines) out of the body extractor: the longest real article seen
# has under 40. A page with more is a listing, a dump or a trap; the per-block rules (date parsing, agency
# credits) would otherwise run on every one of them.
MAX_BLOCKS = 1_500
# Characters of article text: 150,000 is about 25,000 Arabic words, several times the longest long-read.
MAX_TEXT_CHARS = 150_000
# Binary sniffing: share of control bytes in the first 8 KB. Text documents have none (a stray one in a CMS
# field happens); random or compressed bytes have about 11% (28 of 256 byte values).
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.03

# C0 controls other than tab, newline and carriage return, surrogates and U+FFFE/U+FFFF: not allowed in XML,
# so lxml refuses them in any string set on the tree (the pruning step raised ValueError), and trafilatura,
# which serializes the tree, silently returned nothing for a page holding one. Browsers do not show them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])  # tab, LF, FF and CR are text


class Rejected(Exception):  # noqa: N818 - a named outcome, not an error
    """Raised inside the extractor to stop at the first limit a page breaks; extract_article returns it."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def check_body(body: bytes | str) -> None:
    """Refuse empty, oversized and binary input before any decoding or parsing."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    if len(raw) > MAX_BODY_BYTES:
        raise Rejected(TOO_LARGE, f"{len(raw)} bytes > {MAX_BODY_BYTES}")
    if not raw.strip():
        raise Rejected(EMPTY_BODY, "no content" if not raw else "only whitespace")
    head = raw[:_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    if controls > max(8, _MAX_CONTROL_SHARE * len(head)):
        raise Rejected(NOT_HTML, f"{controls} control bytes in the first {len(head)}: binary, not a page")


# The characters of _CONTROL_RE but the surrogates, looked for one at a time: each lookup is a memchr-speed
# scan, and all of them with the surrogate test below take less than half of one regex pass over the page.
_CONTROL_CHARS = tuple(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def _has_controls(html: str) -> bool:
    try:
        html.encode("utf-16-le")  # the codec refuses any surrogate
    except UnicodeEncodeError:
        return True
    return any(ch in html for ch in _CONTROL_CHARS)


def strip_controls(html: str) -> str:
    """The text without the characters lxml refuses (form feed and vertical tab become spaces)."""
    if not _has_controls(html):
        return html  # the common case: no regex pass, no copy
    return _CONTROL_RE.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "", html)


def check_markup(html: str) -> None:
    """Refuse markup that would stall the HTML parser itself."""
    if _MANY_ATTRIBUTES_RE.search(html):
        raise Rejected(TOO_COMPLEX, f"an element with more than {MAX_ATTRIBUTES} attributes")


_NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})

# The budget is read with XPath, which counts in C: walking the tree in Python cost more than a millisecond a
# page, for a check nearly every page passes. One link's weight: its ancestors times its text length.
_LINK_WEIGHT = etree.XPath("count(ancestor::*) * string-length(.)")
_NAME_VALUES = etree.XPath("//@class | //@id", smart_strings=False)
# tree.iter() yields elements, comments and processing instructions (an HTML parse makes no entity nodes)
_NODES = etree.XPath("count(descendant-or-self::*) + count(descendant::comment())"
                     " + count(descendant::processing-instruction())")
_ATTRIBUTES = etree.XPath("count(descendant-or-self::*/@*)")
_TEXT = etree.XPath("string-length(.)")  # all text nodes, script and style content included


def bound_tree(tree: HtmlElement) -> None:
    """Refuse a parsed page over the element or the text budget (counting stops at the first bound); drop
    over-long attribute values."""
    for value in tree.xpath(f"//@*[string-length(.) > {MAX_NAME_ATTRIBUTE_CHARS}]"):
        name = value.attrname
        if name in _NAME_ATTRIBUTES or len(value) > MAX_ATTRIBUTE_CHARS:
            del value.getparent().attrib[name]
    weight = 0
    for link in tree.iter("a"):  # stops at the bound, so the text read here stays within it too
        weight += int(_LINK_WEIGHT(link))
        if weight > MAX_LINK_TEXT_DEPTH:
            raise Rejected(TOO_COMPLEX, f"link text times depth over {MAX_LINK_TEXT_DEPTH} (links nested in links)")
    names = sum(map(len, _NAME_VALUES(tree)))
    if names > MAX_PAGE_NAME_CHARS:
        raise Rejected(TOO_COMPLEX, f"{names} characters of class and id values > {MAX_PAGE_NAME_CHARS}")
    # the page's totals; only a page over one of them is walked, to name the bound it reaches first
    chars = int(_TEXT(tree)) + len(tree.tail or "") - sum(len(e.text or "") for e in tree.iter(*_NO_TEXT_TAGS))
    if _NODES(tree) > MAX_ELEMENTS or _ATTRIBUTES(tree) > MAX_PAGE_ATTRIBUTES or chars > MAX_PAGE_TEXT_CHARS:
        _walk_budget(tree)


def _walk_budget(tree: HtmlElement) -> None:
    chars = attributes = 0
    for count, element in enumerate(tree.iter(), 1):
        if count > MAX_ELEMENTS:
            raise Rejected(TOO_COMPLEX, f"more than {MAX_ELEMENTS} elements")
        if isinstance(element.tag, str):
            attributes += len(element.attrib)
            if attributes > MAX_PAGE_ATTRIBUTES:
                raise Rejected(TOO_COMPLEX, f"more than {MAX_PAGE_ATTRIBUTES} attributes")
            if element.tag not in _NO_TEXT_TAGS:
                chars += len(element.text or "")
        chars += len(element.tail or "")
        if chars > MAX_PAGE_TEXT_CHARS:
            raise Rejected(TOO_LONG, f"more than {MAX_PAGE_TEXT_CHARS} characters of text in the page")


def check_blocks(texts: list[str]) -> None:
    """Refuse the body extractor's output when it is too many blocks or too much text to be an article
    (checked before the per-block rules, which cost far more per block than the check)."""
    if len(texts) > MAX_BLOCKS:
        raise Rejected(TOO_COMPLEX, f"{len(texts)} text blocks > {MAX_BLOCKS}")
    check_text_length(sum(len(t) for t in texts))


def check_text_length(chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise Rejected(TOO_LONG, f"{chars} characters of text > {MAX_TEXT_CHARS}")
