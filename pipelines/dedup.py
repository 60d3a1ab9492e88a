"""Dedup: one article under many URLs is exported once; nothing an earlier run exported comes again.

Two keys. The URL key (newscrawl.urls.url_key of the canonical URL: scheme, www./m./AMP twins, tracking
parameters, fragments and raw/percent-encoded Arabic slugs folded) catches the same page under several
URLs. The content hash of the normalized text catches the same text at a URL the first key misses: on
the same site it is a duplicate and dropped; on another site it is a republication, exported with
``duplicate_of`` set to the id of the copy published first, since who republishes whom is research data.

Drops are decided here, as items arrive. ``duplicate_of`` is not: the crawl fetches outlets in parallel,
so the republication often arrives before the original. The export pipeline holds each batch of records,
sorts it by publication time and calls :meth:`DedupPipeline.link` on each in that order (see
pipelines/export.py); a copy published before everything exported so far is itself the original.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.runtime import crawl_state
from newscrawl.state import StateStore, utc_iso
from newscrawl.stats import count
from newscrawl.urls import alias_keys, url_key
from pipelines import counted_drop

LINKERS_ATTR = "newscrawl_linkers"
RECOVERY_ATTR = "newscrawl_recovery_hooks"


def register_linker(crawler: Any, linker: Any) -> None:
    """Ask the export pipeline to call ``linker(adapter)`` on each record, in publication order."""
    linkers = getattr(crawler, LINKERS_ATTR, None)
    if linkers is None:
        linkers = []
        setattr(crawler, LINKERS_ATTR, linkers)
    linkers.append(linker)


def register_recovery(crawler: Any, hook: Any) -> None:
    """Ask the export pipeline to call ``hook(record)`` on each record it recovers from a killed run's files
    (written, but killed before the state learnt of it: newscrawl/state/recovery.py)."""
    hooks = getattr(crawler, RECOVERY_ATTR, None)
    if hooks is None:
        hooks = []
        setattr(crawler, RECOVERY_ATTR, hooks)
    hooks.append(hook)


class DedupPipeline:
    def __init__(self, state: StateStore, stats: Any):
        self.state, self.stats = state, stats
        self.run_urls: set[str] = set()
        self.run_texts: set[tuple[str, str]] = set()  # (content hash, site) passed on this run
        self.run_firsts: dict[str, tuple[str, str | None]] = {}  # hash -> (id, UTC published) linked this run

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupPipeline:
        pipeline = cls(crawl_state(crawler), crawler.stats)
        register_linker(crawler, pipeline.link)
        return pipeline

    def _seen_url(self, key: str) -> bool:
        return key in self.run_urls or self.state.is_exported(key)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        site = adapter["site"]
        keys = {url_key(adapter["canonical_url"]), url_key(adapter["url"])}
        if any(self._seen_url(k) for k in keys):
            self._remember_aliases(adapter, keys)
            count(self.stats, site, "dedup/url")
            raise counted_drop(self.stats, item, "duplicate_url", f"canonical {adapter['canonical_url']} seen")
        digest = adapter.get("content_hash")
        if digest and ((digest, site) in self.run_texts
                       or any(s == site for _, s, _ in self.state.copies_of(digest))):
            count(self.stats, site, "dedup/content")
            raise counted_drop(self.stats, item, "duplicate_content", "same text as another article of this site")
        if digest:
            self.run_texts.add((digest, site))
        self.run_urls.update(keys)
        return item

    def _remember_aliases(self, adapter: ItemAdapter, keys: set[str]) -> None:
        """A URL leading to an article an earlier run exported: remember it, so it is not fetched every night
        (not for one exported in this run: that one may still sit in the uncommitted export batch)."""
        exported = next((a for a in map(self.state.exported_id, keys) if a), None)
        if exported is None:
            return
        for key in keys | alias_keys(adapter["canonical_url"], adapter.get("requested_urls") or ()):
            if not self.state.is_exported(key):
                self.state.mark_alias(key, exported)

    def link(self, adapter: ItemAdapter) -> None:
        """Set ``duplicate_of`` (called by the export pipeline in publication order)."""
        digest = adapter.get("content_hash")
        if not digest:
            return
        published = utc_iso(adapter.get("published"))
        first = self.run_firsts.get(digest)
        if first is None:
            copies = self.state.copies_of(digest)
            first = (copies[0][0], copies[0][2]) if copies else None
        if first is None or (published and first[1] and published < first[1]):
            self.run_firsts[digest] = (adapter["id"], published)  # the original, as far as we know
            return
        adapter["duplicate_of"] = first[0]
        count(self.stats, adapter["site"], "duplicates")
