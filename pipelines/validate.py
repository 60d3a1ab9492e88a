"""Validate, first on the item path: required fields, enough text, the site's language (Arabic), within
-a since/until, and the record's JSON Schema.

A Persian, Urdu or English page on an Arabic site is dropped here, counted as ``dropped/language``; so is a
page whose text is too short to be an article. A record that breaks the schema (our bug) is dropped as
``dropped/schema_invalid`` before dedup has seen it (the check itself ran in the worker that built the page,
but for the fields set since), so a valid copy of the same article still passes; the
failure memory queues its URL for the next run, when a fixed version reads it.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.crawl.scope import RunScope
from newscrawl.items import AFTER_BUILD_FIELDS, record_of, schema_errors
from pipelines import counted_drop

REQUIRED = ("id", "url", "canonical_url", "site", "title", "text")


class ValidatePipeline:
    def __init__(self, scope: RunScope, stats: Any, min_text_chars: int):
        self.scope, self.stats, self.min_text_chars = scope, stats, min_text_chars

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(RunScope.of(crawler), crawler.stats, crawler.settings.getint("NEWSCRAWL_MIN_TEXT_CHARS", 200))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            if not adapter.get(name):
                raise counted_drop(self.stats, item, f"missing_{name}", f"no {name}")
        text = adapter["text"]
        if len(text) < self.min_text_chars:
            raise counted_drop(self.stats, item, "too_short", f"{len(text)} characters < {self.min_text_chars}")
        expected = self.scope.language(adapter["site"])
        if adapter.get("language") and adapter["language"] != expected:
            raise counted_drop(self.stats, item, "language", f"text is {adapter['language']!r}, site is {expected!r}")
        day = (adapter.get("published") or "")[:10]
        if day and not self.scope.in_range(day):
            raise counted_drop(self.stats, item, "out_of_range", f"published {day} outside -a since/until")
        checked = adapter.get("schema_errors")
        if checked is None:  # not built by the crawl's page task: the whole record
            errors = schema_errors(record_of(adapter))
        else:  # checked where it was built; what the crawl set since, here
            errors = checked + schema_errors(adapter, AFTER_BUILD_FIELDS)
        if errors:
            raise counted_drop(self.stats, item, "schema_invalid", f"record breaks the schema {errors[0]}")
        return item
