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


def _loads(raw: str) -> Any:
    raw = _WRAPPER_RE.sub("", raw).strip().rstrip(";")
    for attempt in (raw, _TRAILING_COMMA_RE.sub(r"\1", _CONTROL_RE.sub(" ", raw.replace("\n", " ")))):
        try:
            return json.loads(attempt)
        except ValueError:
            continue
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
