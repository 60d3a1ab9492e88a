"""The Article record: the one schema every exported line follows (see docs/schema.md).

A plain dataclass, so extraction and re-extraction need no Scrapy import; pipelines reach it through
itemadapter and work the same with dicts or Scrapy Items.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from importlib import resources
from typing import Any

from itemadapter import ItemAdapter

SCHEMA_VERSION = "1.0"
SCHEMA_PATH: Any = resources.files("newscrawl") / "schema" / "article.schema.json"  # works inside eggs


@dataclass
class Article:
    id: str  # sha1 of the canonical URL, first 20 hex digits
    url: str  # the URL fetched
    canonical_url: str
    site: str
    site_name: str
    country: str
    language: str
    title: str
    text: str
    # optional (NEWSCRAWL_TEXT_NORMALIZED): the comparison form of text (newscrawl.textnorm.normalize_arabic);
    # omitted from exported records when unset
    text_normalized: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)  # wire agencies named in the byline (رويترز، واس…)
    published: str | None = None  # ISO 8601 with UTC offset
    published_raw: str | None = None  # the string the date was read from
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    # the article's anatomy (docs/schema.md): embedded posts and players, pictures, live-blog updates
    embeds: list[dict[str, Any]] = field(default_factory=list)  # {type, url, text, author}
    images: list[dict[str, Any]] = field(default_factory=list)  # {url, caption, credit}, the lead image first
    live_entries: list[dict[str, Any]] = field(default_factory=list)  # {time, time_shown, text}, page order
    word_count: int = 0
    fetched_at: str = ""
    discovered_via: dict[str, Any] = field(default_factory=dict)  # {"type": feed|sitemap|listing|start, "url"}
    content_hash: str = ""
    duplicate_of: str | None = None  # id of an earlier identical article from another site
    cluster_id: str | None = None  # id of the first article of its near-duplicate cluster
    rendered: bool = False  # fetched through the browser
    warc_file: str | None = None
    warc_offset: int | None = None
    schema_version: str = SCHEMA_VERSION
    # Not exported: the URLs requested for this page (the link as discovered, then any redirects), so that
    # the export can remember them as handled and later runs do not fetch them again.
    requested_urls: list[str] = field(default_factory=list)
    # Not exported either: work done in the process that built the page (newscrawl/crawl/page_task.py), so
    # the reactor does not spend its time on it: the text's near-duplicate signature, and the record's schema
    # violations as built (None: not checked there).
    neardup_signature: bytes | None = None
    schema_errors: list[str] | None = None


TRANSIENT_FIELDS: tuple[str, ...] = ("requested_urls", "neardup_signature", "schema_errors")  # never in a record
# Set on the reactor after the page was built (the WARC record's place): checked there, apart.
AFTER_BUILD_FIELDS: tuple[str, ...] = ("warc_file", "warc_offset")
OPTIONAL_FIELDS: tuple[str, ...] = ("text_normalized",)  # omitted from a record when unset
ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.name not in TRANSIENT_FIELDS)


def record_of(item: Any) -> dict[str, Any]:
    """The exported record of an item (an Article, a dict or an ItemAdapter): transient fields left out, and
    optional ones when unset. An Article's record shares its lists and dicts (it is serialized, not changed):
    itemadapter's deep ``asdict`` cost about 0.4 ms per article, for each record made."""
    article = item.item if isinstance(item, ItemAdapter) else item
    if isinstance(article, Article):
        record = {name: getattr(article, name) for name in ARTICLE_FIELDS}
    else:
        record = (item if isinstance(item, ItemAdapter) else ItemAdapter(item)).asdict()
        for name in TRANSIENT_FIELDS:
            record.pop(name, None)
    for name in OPTIONAL_FIELDS:
        if record.get(name) is None:
            record.pop(name, None)
    return record


def article_id(canonical_url: str) -> str:
    """Stable id of an article: a hash of its canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:20]


@cache
def json_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _validator(fields: tuple[str, ...] | None) -> Any:
    from jsonschema import Draft202012Validator  # ~0.1 s to import: at the first record checked

    schema = json_schema()
    if fields is not None:
        schema = {**schema, "required": [], "properties": {name: schema["properties"][name] for name in fields}}
    return Draft202012Validator(schema)


def schema_errors(record: Mapping[str, Any], fields: tuple[str, ...] | None = None) -> list[str]:
    """The record's violations of the schema, ``at [path]: message``, in path order ([] when valid);
    ``fields``: check only those, read from the record (an item's adapter will do)."""
    if fields is not None:
        record = {name: record.get(name) for name in fields}
    errors = sorted(_validator(fields).iter_errors(record), key=lambda e: [str(p) for p in e.path])
    return [f"at {list(e.path)}: {e.message[:200]}" for e in errors]
