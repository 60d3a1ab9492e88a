"""One picture of an article: its file URL, its caption and its credit (``{url, caption, credit}``).

The caption is the picture's ``figcaption``, a caption-classed element of its box, or the short line beside it
in a box of its own; the credit is an element with a credit class inside that, or the credit as captions print
it ("تصوير: …", "عدسة …", "© …", "(رويترز)", "صدر الصورة، …", "Photo: …"), taken off the caption.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from newscrawl.extract.text import clean_block

_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-full-src", "src")
_PLACEHOLDER_RE = re.compile(r"^data:|placeholder|blank\.(?:gif|png)|spacer|lazy[-_]?load|loading\.", re.I)
_CAPTION_CLASS_RE = re.compile(r"caption|desc|legend|image-?text|photo-?text", re.I)
_CREDIT_CLASS_RE = re.compile(r"credit|copyright|photographer|(?:photo|image|img)-?source", re.I)
_BOX_TAGS = frozenset({"div", "span", "p", "td", "center", "a", "picture"})
_SHORT_LINE_WORDS = 15
# credits as captions print them: a label and a name at the end, a copyright sign, or a source in brackets
_CREDIT_LABEL = r"(?:تصوير|عدسة|بعدسة|المصور|صدر الصورة|مصدر الصورة|حقوق الصورة|photo|credit|image|picture|foto)"
_TRAILING_CREDIT_RES = (
    re.compile(rf"(?:^|[\s\-–—|،,.])\(?{_CREDIT_LABEL}\s*[:：،,\-–—]\s*(?P<credit>[^:：()]{{2,60}}?)\)?\s*$", re.I),
    re.compile(r"(?:^|\s)©\s*(?P<credit>[^©]{2,60}?)\s*$"),
    re.compile(r"(?:^|\s)\((?P<credit>[^()]{2,30})\)\s*$"),
)
# a label some templates print before the caption itself ("التعليق على الصورة، …")
_CAPTION_LABEL_RE = re.compile(r"^(?:التعليق على الصورة|تعليق الصورة|شرح الصورة|الصورة|صورة|caption)\s*[:：،,]\s*",
                               re.I)
_CREDIT_EDGES_RE = re.compile(rf"^\s*(?:{_CREDIT_LABEL}\s*[:：،,\-–—]?|©|\()\s*|[\s)\-–—.،,]+$", re.I)


def image_url(img: HtmlElement, base_url: str) -> str | None:
    """The picture's file: a lazy-loading attribute before a placeholder ``src``, made absolute."""
    for attr in _SRC_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not _PLACEHOLDER_RE.search(value):
            return urljoin(base_url, value)
    srcset = (img.get("data-srcset") or img.get("srcset") or "").strip()
    if srcset:
        return urljoin(base_url, srcset.split(",")[-1].split()[0])  # the last candidate is the largest
    return None


def clean_credit(text: str) -> str | None:
    """A credit without its label, copyright sign or brackets: "تصوير: خالد" -> "خالد", "(رويترز)" -> "رويترز"."""
    credit = _CREDIT_EDGES_RE.sub("", clean_block(text))
    credit = _CREDIT_EDGES_RE.sub("", credit)
    return credit or None


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption line that ends with its credit, or is only a credit."""
    caption = _CAPTION_LABEL_RE.sub("", clean_block(caption))
    for pattern in _TRAILING_CREDIT_RES:
        match = pattern.search(caption)
        if match and len(match.group("credit").split()) <= 6:
            rest = caption[: match.start()].strip(" -–—|،,")
            return rest or None, clean_credit(match.group("credit"))
    return caption or None, None


def _own_text(element: HtmlElement, without: HtmlElement | None) -> str:
    """Text of ``element`` leaving out the subtree ``without`` (its credit)."""
    if without is None:
        return element.text_content()
    parts = [element.text or ""]
    for child in element:
        if child is not without:
            parts.append(_own_text(child, without) if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return " ".join(parts)


def _caption_box(img: HtmlElement) -> tuple[HtmlElement | None, HtmlElement | None]:
    """(the picture's box, its caption element) — the caption element is None for a bare short line."""
    node = img.getparent()
    for _ in range(4):
        if node is None:
            break
        if node.tag == "figure":
            caption = node.find(".//figcaption")
            if caption is None:
                caption = next((e for e in node.iter() if e is not node and isinstance(e.tag, str)
                                and _CAPTION_CLASS_RE.search(e.get("class") or "")), None)
            return node, caption
        if node.tag not in _BOX_TAGS:
            break
        caption = next((e for e in node.iter() if e is not node and e is not img and isinstance(e.tag, str)
                        and _CAPTION_CLASS_RE.search(f"{e.get('class') or ''} {e.get('id') or ''}")), None)
        if caption is not None:
            return node, caption
        words = len(node.text_content().split())
        if 2 <= words <= _SHORT_LINE_WORDS and node.find(".//p") is None and len(node.findall(".//img")) == 1:
            return node, node  # "<p><img …><br>وزير الصحة خلال جولته</p>"
        node = node.getparent()
    return None, None


_CREDIT_LINE_RE = re.compile(rf"^(?:{_CREDIT_LABEL}\s*[:：،,\-–—]|©)", re.I)


def _credit_line(box: HtmlElement, caption_element: HtmlElement | None) -> str | None:
    """A credit printed on a line of its own beside the picture ("<p>صدر الصورة، EPA</p>" above the caption)."""
    for element in box.iter("p", "span", "div", "small", "cite"):
        if caption_element is not None and (element is caption_element or any(
                a is caption_element for a in element.iterancestors())):
            continue
        text = clean_block(element.text_content())
        if text and len(text.split()) <= 10 and _CREDIT_LINE_RE.match(text):
            return clean_credit(text)
    return None


def describe_image(img: HtmlElement, base_url: str) -> dict[str, Any] | None:
    """``{url, caption, credit}`` of one picture, or None when it has no usable file URL."""
    url = image_url(img, base_url)
    if not url:
        return None
    box, caption_element = _caption_box(img)
    caption = credit = None
    if caption_element is not None and box is not None:
        credit_element = next((e for e in box.iter() if isinstance(e.tag, str) and e is not box
                               and _CREDIT_CLASS_RE.search(f"{e.get('class') or ''} {e.get('id') or ''}")), None)
        if credit_element is not None:
            credit = clean_credit(credit_element.text_content())
        text = _own_text(caption_element, credit_element)
        caption, printed_credit = split_credit(text)
        credit = credit or printed_credit
    if credit is None and box is not None:
        credit = _credit_line(box, caption_element)
    return {"url": url, "caption": caption, "credit": credit}
