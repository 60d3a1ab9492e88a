"""JSON-LD article objects: parsed leniently, @graph and nesting flattened, the article node picked."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
    "scholarlyarticle", "techarticle", "report",
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# HTML comment and CDATA wrappers, also behind JavaScript line comments: "//<![CDATA[" ... "//]]>"
_WRAPPER_RE = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
_TRAILING_COMMA_RE = re.compile(r",\s*([}\]])")


# Real JSON-LD is a few kilobytes (an articleBody copy makes some tens) and a handful of levels deep. Bigger or
# deeper is not metadata: Python's json raises RecursionError a thousand levels down, and the readers below
# (text_of, names_of) recurse too, so a document nested deeper than this is ignored as a whole.
MAX_JSON_CHARS = 1_000_000
MAX_JSON_DEPTH = 32


def _depth_within(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests no deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return False
                stack.append((child, depth + 1))
    return True


def load_json(raw: str) -> Any:
    """Parsed JSON, or None when it is not JSON, too big or too deep."""
    if len(raw) > MAX_JSON_CHARS:
        return None
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if _depth_within(value, MAX_JSON_DEPTH) else None


def _loads(raw: str) -> Any:
    raw = _WRAPPER_RE.sub("", raw).strip().rstrip(";")
    for attempt in (raw, _TRAILING_COMMA_RE.sub(r"\1", _CONTROL_RE.sub(" ", raw.replace("\n", " ")))):
        value = load_json(attempt)
        if value is not None:
            return value
    return None


def _walk(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(node, list):
        for child in node:
            _walk(child, out, depth + 1)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(node.get(key), (list, dict)):
                _walk(node[key], out, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", ())
    return {str(t).lower().rsplit("/", 1)[-1] for t in (raw if isinstance(raw, list) else [raw])}


def article_node(tree: HtmlElement) -> dict[str, Any] | None:
    """The first JSON-LD object typed as an article (NewsArticle, ReportageNewsArticle, BlogPosting...)."""
    nodes: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        _walk(_loads(script.text), nodes)
    articles = [n for n in nodes if _types(n) & ARTICLE_TYPES]
    # prefer the node carrying a headline and a date (a page may also describe related articles)
    articles.sort(key=lambda n: (not n.get("headline"), not n.get("datePublished")))
    return articles[0] if articles else None


def text_of(value: Any) -> str | None:
    """A string from a JSON-LD value that may be a string, a list or a typed object with a name/url."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((t for t in map(text_of, value) if t), None)
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("url") or value.get("@id"))
    return None


def names_of(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (string, Person, Organization or a list of them)."""
    if isinstance(value, list):
        return [n for v in value for n in names_of(v)]
    if isinstance(value, dict):
        name = value.get("name")
        return names_of(name) if name else []
    if isinstance(value, str) and value.strip() and not value.strip().startswith("http"):
        return [value.strip()]
    return []


def is_organization(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(isinstance(v, dict) and _types(v) & {"organization", "newsmediaorganization"}
                               for v in items)


# the page state a JavaScript app ships (Next.js __NEXT_DATA__, Nuxt): the story's own record comes first
_APP_STATE_XPATH = "//script[@id='__NEXT_DATA__' or @id='__NUXT_DATA__'][1]"
_PUBLISHED_KEYS = frozenset({"datepublished", "publishedat", "published_at", "publishdate", "publish_date",
                             "publisheddate", "firstpublished", "firstpublishdate", "first_publish_date"})
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")


def app_state_date(tree: HtmlElement) -> str | None:
    """The first ISO date under a publication-date key in the app's state JSON (depth first, key order)."""
    scripts = tree.xpath(_APP_STATE_XPATH)
    if not scripts or not scripts[0].text:
        return None
    # an app's state can be megabytes (a whole page of data): parsed only within the bound, never deeper
    state = load_json(scripts[0].text)
    stack = [state]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and key.lower() in _PUBLISHED_KEYS and ISO_RE.match(value):
                    return value
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))
    return None
