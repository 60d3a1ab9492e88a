"""Caption lines without class names: a box holding a picture and a short line and nothing else.

The pruning takes such boxes out of the tree: the line is the picture's caption or credit, never the story.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement


def _words(text: str) -> int:
    return len(text.split())


_CAPTION_BOX_TAGS = frozenset({"p", "div", "span", "center", "figure", "td"})
_ICON_WORDS = ("emoji", "smiley", "icon", "logo", "avatar")
_ICON_RE = re.compile("|".join(_ICON_WORDS), re.I)
_CAPTION_MAX_WORDS = 15
_SENTENCE_END_RE = re.compile(r"[.!؟?…»\"”]\s*$")


def _icon_marker(marker: str) -> bool:
    if marker.isascii():
        # no case variant outside ASCII ("ſ", "ı") to match: lower() and plain substring tests give the
        # regex's answer about ten times sooner, and nearly every class and src is ASCII
        low = marker.lower()
        return any(word in low for word in _ICON_WORDS)
    return bool(_ICON_RE.search(marker))


def _is_icon(img: HtmlElement) -> bool:
    if _icon_marker(f"{img.get('class') or ''} {img.get('src') or ''}"):
        return True
    sizes = [img.get("width") or "", img.get("height") or ""]
    return any(size.isdigit() and int(size) < 60 for size in sizes)


def image_captions(tree: HtmlElement) -> list[HtmlElement]:
    """Boxes holding a picture and a short line and nothing else (no class names to tell): the line is the
    caption or the credit ("<p><img …><br>وزير الصحة خلال جولته</p>"), never the story."""
    boxes = []
    for img in tree.iter("img"):
        if _is_icon(img):
            continue
        box = None
        node = img.getparent()
        for _ in range(2):  # the image's wrapper, or the wrapper around image + caption line
            if node is None or node.tag not in _CAPTION_BOX_TAGS:
                break
            if _words(node.text_content()) > _CAPTION_MAX_WORDS or node.find(".//p") is not None and node.tag != "p":
                break
            box = node
            node = node.getparent()
        text = box.text_content().strip() if box is not None else ""
        # a full sentence (closing punctuation, more than a few words) beside the picture is the story's
        # first line put in the same paragraph, not a caption
        if text and not (_words(text) > 6 and _SENTENCE_END_RE.search(text)):
            boxes.append(box)
    return boxes
