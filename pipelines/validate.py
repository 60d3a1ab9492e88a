"""Validate: required fields present, enough text, the site's language (Arabic), within -a since/until.

A Persian, Urdu or English page on an Arabic site is dropped here, counted as
``newscrawl/dropped/language``; so is a page whose text is too short to be an article.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from pipelines import counted_drop

REQUIRED = ("id", "url", "canonical_url", "site", "title", "text")


class ValidatePipeline:
    def __init__(self, crawler: Any, min_text_chars: int):
        self.crawler, self.stats, self.min_text_chars = crawler, crawler.stats, min_text_chars

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler, crawler.settings.getint("NEWSCRAWL_MIN_TEXT_CHARS", 200))

    def _site_language(self, site: str) -> str:
        sites = getattr(self.crawler.spider, "sites", None) or {}
        return sites[site].language if site in sites else "ar"

    def _drop(self, adapter: ItemAdapter, reason: str, detail: str) -> DropItem:
        return counted_drop(self.stats, adapter.item, reason, detail)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            if not adapter.get(name):
                raise self._drop(adapter, f"missing_{name}", f"no {name}")
        text = adapter["text"]
        if len(text) < self.min_text_chars:
            raise self._drop(adapter, "too_short", f"{len(text)} characters < {self.min_text_chars}")
        expected = self._site_language(adapter["site"])
        if adapter.get("language") and adapter["language"] != expected:
            raise self._drop(adapter, "language", f"text is {adapter['language']!r}, site is {expected!r}")
        day = (adapter.get("published") or "")[:10]
        since, until = getattr(self.crawler.spider, "since", None), getattr(self.crawler.spider, "until", None)
        if day and ((since and day < since.isoformat()) or (until and day > until.isoformat())):
            raise self._drop(adapter, "out_of_range", f"published {day} outside -a since/until")
        return item
