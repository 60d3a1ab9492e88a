"""Where the article sits in the page: the page chrome around it, and the container of its body.

Embeds and pictures count as the article's only inside the article: a sidebar's X timeline, the footer's
app badges or the thumbnails of related stories are the site's, not the story's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

from newscrawl.extract.prune import is_shown

_CHROME_TAGS = frozenset({"header", "footer", "nav", "aside"})
# class/id words of page chrome; matched on whole words so "article-header" or "main-content" do not count
_CHROME_RE = re.compile(r"(?:^|[\s_-])(?:sidebar|side-bar|widget-area|site-footer|site-header|footer|navbar|menu|"
                        r"comments?|comment-list|related|most-read|ticker)(?:$|[\s_-])", re.I)


def in_chrome(element: HtmlElement, depth: int = 20) -> bool:
    """Inside a header, footer, nav, aside, sidebar, comments or related box, or hidden."""
    if not is_shown(element, depth):
        return True
    for ancestor in element.iterancestors():
        depth -= 1
        if depth < 0 or ancestor.tag in ("body", "html", "article", "main"):
            return False
        if ancestor.tag in _CHROME_TAGS:
            return True
        marker = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if marker.strip() and _CHROME_RE.search(marker):
            return True
    return False


def common_ancestor(elements: Iterable[HtmlElement]) -> HtmlElement | None:
    """The deepest element holding all of ``elements`` (None for none)."""
    path: list[HtmlElement] | None = None
    for element in elements:
        chain = [element, *element.iterancestors()][::-1]
        if path is None:
            path = chain
            continue
        shared = 0
        while shared < min(len(path), len(chain)) and path[shared] is chain[shared]:
            shared += 1
        path = path[:shared]
    return path[-1] if path else None
