"""Blocks out of trafilatura's output tree: one per paragraph, heading, list item or <br>-separated line."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.etree import _Element

from newscrawl.extract.text import clean_block

_BLOCK_TAGS = {"p", "head", "item", "quote", "cell", "list", "table", "row", "div", "code"}


@dataclass
class Block:
    text: str
    tag: str  # trafilatura's tag: p, head, item, quote, cell...
    link_chars: int  # characters inside links (<ref>)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _flat(text: str) -> str:
    # a raw newline in the HTML source is just whitespace; only <lb/> (a <br>) breaks a line
    return text.replace("\n", " ").replace("\r", " ")


def _collect(element: _Element, parts: list[tuple[str, bool]], in_link: bool = False) -> None:
    """(text, inside a link) pieces in document order; "\n" pieces mark line and block breaks."""
    linked = in_link or element.tag == "ref"
    if element.tag == "lb":
        parts.append(("\n", False))
    elif element.text and element.tag != "graphic":
        parts.append((_flat(element.text), linked))
    for child in element:
        block = child.tag in _BLOCK_TAGS
        if block:
            parts.append(("\n", False))
        _collect(child, parts, linked)
        if block:
            parts.append(("\n", False))
        if child.tail:
            parts.append((_flat(child.tail), linked))


def _lines(parts: list[tuple[str, bool]]) -> list[tuple[str, int]]:
    lines: list[tuple[str, int]] = []
    text, link_chars = "", 0
    for piece, linked in [*parts, ("\n", False)]:
        chunks = piece.split("\n")
        for i, chunk in enumerate(chunks):
            if i:
                cleaned = clean_block(text)
                if cleaned:
                    lines.append((cleaned, min(link_chars, len(cleaned))))
                text, link_chars = "", 0
            text += chunk
            if linked:
                link_chars += len(chunk.strip())
    return lines


def body_blocks(body: _Element | None) -> list[Block]:
    """Flatten the extracted body; line breaks inside a paragraph start a new block, like the page shows."""
    if body is None:
        return []
    blocks: list[Block] = []
    # text loose in the body, before or between its elements ("<p>…</p>loose sentence<p>…</p>", as old
    # templates with unclosed or nested <p> produce), is story text like any paragraph
    if body.text and body.text.strip():
        blocks.extend(Block(line, "p", 0) for line, _ in _lines([(_flat(body.text), False)]))
    for element in body:
        if element.tag in ("list", "table") or (element.tag in ("quote", "div") and len(element)):
            children = [c for c in element.iter("item", "cell", "p", "head") if c is not element]
            leaves = [c for c in children if not any(True for _ in c.iter("item", "p", "head") if _ is not c)]
            targets = leaves or [element]
        else:
            targets = [element]
        for target in targets:
            parts: list[tuple[str, bool]] = []
            _collect(target, parts)
            blocks.extend(Block(line, target.tag, link_chars) for line, link_chars in _lines(parts))
        if element.tail and element.tail.strip():
            blocks.extend(Block(line, "p", 0) for line, _ in _lines([(_flat(element.tail), False)]))
    return blocks
