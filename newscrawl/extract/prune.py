"""Structural pruning of the page tree before the body extractor sees it.

Removes what no article body holds but generic extractors often keep: hidden elements, captions and
picture credits, embedded posts and players (their text is data of its own: ``embeds``), and teaser boxes
("اقرأ أيضا" + linked headlines) even when they sit inside the body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.caption_boxes import image_captions
from newscrawl.extract.embeds import is_embed
from newscrawl.extract.lexicon import is_teaser_heading

_HIDDEN_CLASSES = {"d-none", "hidden", "hide", "sr-only", "visually-hidden", "screen-reader-text", "visuallyhidden"}
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CAPTION_RE = re.compile(r"caption|credit|copyright|photo-?desc|img-?desc|image-?desc|wp-caption-text", re.I)
_MEDIA_RE = re.compile(r"(?:^|[-_\s])(?:img|image|images|photo|photos|pic|picture|figure|media|gallery|thumb)", re.I)
_SKIP_TAGS = {"html", "head", "body", "main", "article"}
_EMBED_TAGS = frozenset({"blockquote", "div", "iframe", "script", "amp-twitter", "amp-instagram", "amp-facebook",
                         "amp-youtube", "amp-vimeo", "amp-tiktok", "amp-iframe"})


def _words(text: str) -> int:
    return len(text.split())


def _link_text_len(element: HtmlElement) -> int:
    return sum(len(a.text_content().strip()) for a in element.iter("a"))


def _remove(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is not None and element.tag not in _SKIP_TAGS:
        element.drop_tree()  # keeps the tail text, which belongs to the parent


_HIDDEN_CLASS_RE = re.compile(r"(?:^|\s)(?:" + "|".join(map(re.escape, sorted(_HIDDEN_CLASSES))) + r")(?=\s|$)", re.I)


def _is_hidden(element: HtmlElement) -> bool:
    get = element.get
    marker = get("class")
    if marker and _HIDDEN_CLASS_RE.search(marker):
        return True
    if get("hidden") is not None:
        return True
    marker = get("style")
    return bool(marker and _HIDDEN_STYLE_RE.search(marker))


def is_shown(element: HtmlElement, depth: int = 6) -> bool:
    """False when the element or one of its nearest ancestors is hidden (template residue, not what the
    reader sees: a display:none author vcard, a duplicate headline kept for scripts)."""
    node: HtmlElement | None = element
    for _ in range(depth):
        if node is None:
            return True
        if _is_hidden(node):
            return False
        node = node.getparent()
    return True


# A teaser box is its label and a wrapper or two around the links; real templates nest it a few levels
# deep. Climbing further, and for every label, measured the text of ever bigger ancestors: a page of nested
# elements and repeated labels made that quadratic (seconds for a 90 KB page).
_TEASER_BOX_LEVELS = 8
_MAX_TEASER_LABELS = 50  # a real page has a handful


def _teaser_box(label: HtmlElement) -> HtmlElement:
    """The element to remove for a teaser label: the label, or the small link-dense box around it."""
    box = label
    for _ in range(_TEASER_BOX_LEVELS):
        parent = box.getparent()
        if parent is None or parent.tag in _SKIP_TAGS:
            return box
        text = parent.text_content()
        words = _words(text)
        if words > 120 or _link_text_len(parent) < 0.4 * len(text.strip()) - len(label.text_content()):
            return box
        box = parent
    return box


# a substring of every class/id word the checks below look for (hidden tokens, caption/credit, media box):
# most elements have none, and one search for plain words rules them out far faster than the regexes would
_MARKER_WORDS_RE = re.compile("hid|none|sr-only|visually|screen-reader|caption|credit|copyright|desc|img|image|photo|"
                              "pic|figure|media|gallery|thumb")
_HIDDEN, _CAPTION, _MEDIA = 1, 2, 3
# the few elements hidden by an attribute or a style, and figcaptions: found in C, so that the loop below reads
# no more than class and id of every other element
# (through the attribute axis: a predicate tested on every element costs three times as much)
_ATTRIBUTE_MARKED = etree.XPath("descendant-or-self::*/@hidden/.. | descendant-or-self::*/@style/.. | "
                                "descendant-or-self::figcaption")


def _marked(element: HtmlElement, tag: str, flagged: bool) -> bool:
    """Hidden, or a caption/credit box (the element's own attributes; figcaption is a caption). ``flagged``:
    the element is one of _ATTRIBUTE_MARKED."""
    get = element.get
    if flagged:
        if get("hidden") is not None or tag == "figcaption":
            return True
        style = get("style")
        if style and _HIDDEN_STYLE_RE.search(style):
            return True
    classes, ident = get("class"), get("id")
    kind = _marker_kind(classes, ident) if classes or ident else None
    if kind is None:
        return False
    if kind == _CAPTION:
        return _words(element.text_content()) <= 40
    if kind == _MEDIA:
        # an image box: its short text is the caption, never the story
        return element.find(".//img") is not None and (
            _words(element.text_content()) <= 25 and element.find(".//p") is None
            or _words(element.text_content()) <= 12)
    return True


# A page repeats its class lists (every menu item, every teaser card) and a site repeats them page after page.
@lru_cache(maxsize=4096)
def _marker_kind(classes: str | None, ident: str | None) -> int | None:
    """What class and id alone say: a hidden element, a caption or credit box, a media box, or nothing."""
    marker = f"{classes or ''} {ident or ''}"
    if not _MARKER_WORDS_RE.search(marker.lower()):
        return None
    if classes and _HIDDEN_CLASS_RE.search(classes):
        return _HIDDEN
    if _CAPTION_RE.search(marker):
        return _CAPTION
    return _MEDIA if _MEDIA_RE.search(marker) else None


_INLINE_TAGS = frozenset({"span", "font", "strong", "b", "em", "i", "u", "a", "small", "big", "sub", "sup", "mark",
                          "abbr", "cite", "q", "time", "bdi", "bdo", "br"})
_LOOSE_MIN_WORDS = 8


def _loose_words(run_text: str | None, run: list[HtmlElement]) -> int:
    return _words(run_text or "") + sum(
        (_words(e.text_content()) if isinstance(e.tag, str) else 0) + _words(e.tail or "") for e in run)


def wrap_loose_text(tree: HtmlElement) -> None:
    """Give loose story text its own <p>: text and inline elements (spans) standing directly in a container
    beside its paragraphs, as editors and broken markup leave them ("<p>…</p><span>sentence</span><br>").
    Body extractors treat such runs unevenly and may drop a whole paragraph of the story."""
    for parent in {p.getparent() for p in tree.iter("p")}:
        if parent is None or parent.tag in ("p", "head", "html"):
            continue
        run_text: str | None = parent.text
        anchor: HtmlElement | None = None  # the block element the run follows (None: the parent's start)
        run: list[HtmlElement] = []
        for child in [*parent, None]:
            inline = child is not None and (not isinstance(child.tag, str) or child.tag in _INLINE_TAGS)
            if inline:
                run.append(child)
                continue
            if (run_text and run_text.strip() or run) and _loose_words(run_text, run) >= _LOOSE_MIN_WORDS:
                wrapper = parent.makeelement("p", {})
                wrapper.text = run_text
                if anchor is None:
                    parent.text = None
                    parent.insert(0, wrapper)
                else:
                    anchor.tail = None
                    anchor.addnext(wrapper)
                wrapper.extend(run)
            if child is not None:
                anchor, run_text, run = child, child.tail, []


def prune_tree(tree: HtmlElement, extra_xpaths: tuple[str, ...] = ()) -> None:
    """Prune in place (the caller passes a copy); then wrap loose story text in paragraphs."""
    doomed: list[HtmlElement] = []
    labels = 0
    # elements only (comments and processing instructions are skipped in C), and each tag read once: lxml
    # makes a new string at every read of .tag
    flagged = set(_ATTRIBUTE_MARKED(tree))
    for element in tree.iter(etree.Element):
        tag = element.tag
        if tag in _SKIP_TAGS:
            continue
        if _marked(element, tag, element in flagged) or tag in _EMBED_TAGS and is_embed(element):
            doomed.append(element)
            continue
        own = element.text
        # a teaser label is a few words: skip long text before splitting and folding it
        if own and len(own) <= 500 and _words(own) <= 8 and labels < _MAX_TEASER_LABELS and is_teaser_heading(own):
            labels += 1
            box = _teaser_box(element)
            doomed.append(box)
            nxt = box.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()  # skip comments and processing instructions
            # the headline list right after a bare label
            if nxt is not None and _words(box.text_content()) <= 8:
                text = nxt.text_content().strip()
                if text and _words(text) <= 120 and _link_text_len(nxt) >= 0.5 * len(text):
                    doomed.append(nxt)
    doomed.extend(image_captions(tree))
    for xpath in extra_xpaths:
        try:
            doomed.extend(e for e in tree.xpath(xpath) if isinstance(e, HtmlElement))
        except Exception:  # a bad selector in a site file must not kill extraction
            continue
    for element in doomed:
        if element.getparent() is not None:
            _remove(element)
    wrap_loose_text(tree)
