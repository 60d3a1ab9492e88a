"""Near-duplicates: every item gets ``cluster_id``, the id of the first article of its near-duplicate cluster.

Wire copy republished with small edits by other outlets (a rewritten first line, an added sentence) lands in
the cluster of the first copy seen, across outlets and across runs (the index is in the crawl state; see
newscrawl/state/neardup.py and docs/neardup.md). By default near-duplicates are kept and flagged this way, since
who republishes whom is research data; ``NEWSCRAWL_NEARDUP_ACTION=drop`` drops them instead, counted as
``dropped/near_duplicate``. The index rows go into the state transaction the export pipeline commits with
its exported marks, so after a kill the index and the exported records agree.

Also fills the optional ``text_normalized`` field when ``NEWSCRAWL_TEXT_NORMALIZED`` is on: it is the very
normalized text the signatures are made from.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.runtime import crawl_state
from newscrawl.state.neardup import (
    DEFAULT_MAX_ARTICLES,
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE,
    DEFAULT_THRESHOLD,
    Match,
    NearDupIndex,
)
from newscrawl.stats import count
from newscrawl.textnorm import normalize_arabic
from pipelines import counted_drop
from pipelines.dedup import register_linker, register_recovery

ACTIONS = ("flag", "drop")


class NearDupPipeline:
    def __init__(self, crawler: Any):
        settings = crawler.settings
        self.stats = crawler.stats
        self.action = (settings.get("NEWSCRAWL_NEARDUP_ACTION") or "flag").lower()
        if self.action not in ACTIONS:
            raise ValueError(f"NEWSCRAWL_NEARDUP_ACTION={self.action!r}: choose one of {', '.join(ACTIONS)}")
        self.enabled = settings.getbool("NEWSCRAWL_NEARDUP", True)
        self.add_normalized = settings.getbool("NEWSCRAWL_TEXT_NORMALIZED", False)
        self.state = crawl_state(crawler)
        self.index_options = {
            "threshold": settings.getfloat("NEWSCRAWL_NEARDUP_THRESHOLD", DEFAULT_THRESHOLD),
            "num_perm": settings.getint("NEWSCRAWL_NEARDUP_NUM_PERM", DEFAULT_NUM_PERM),
            "shingle": settings.getint("NEWSCRAWL_NEARDUP_SHINGLE", DEFAULT_SHINGLE),
            "max_articles": settings.getint("NEWSCRAWL_NEARDUP_MAX_ARTICLES", DEFAULT_MAX_ARTICLES),
        }
        self._index: NearDupIndex | None = None

    @property
    def index(self) -> NearDupIndex | None:
        """The index, opened at the first article: a run with nothing new never pays for it."""
        if self._index is None and self.enabled:
            self._index = NearDupIndex(self.state.db, **self.index_options)
        return self._index

    @classmethod
    def from_crawler(cls, crawler: Any) -> NearDupPipeline:
        pipeline = cls(crawler)
        register_linker(crawler, pipeline.link)
        register_recovery(crawler, pipeline.restore)
        return pipeline

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if self.add_normalized:
            adapter["text_normalized"] = normalize_arabic(adapter.get("text") or "")
        if not self.enabled or self.action != "drop":
            return item  # flag mode: clusters are assigned by link(), in publication order
        match = self._assign(adapter)
        if match.cluster_id == adapter["id"]:
            return item
        # Drop mode decides as items arrive: the copy fetched first is the one kept.
        raise counted_drop(self.stats, item, "near_duplicate", f"near-duplicate of {match.similar_to} "
                           f"(similarity {match.similarity:.2f}), cluster {match.cluster_id}")

    def _assign(self, adapter: ItemAdapter) -> Match:
        self.state.begin()  # committed with the exported marks (pipelines/export.py checkpoint)
        normalized = adapter.get("text_normalized") or normalize_arabic(adapter.get("text") or "")
        match = self.index.assign(adapter["id"], "", adapter.get("site"), normalized=normalized)
        adapter["cluster_id"] = match.cluster_id
        if match.cluster_id != adapter["id"]:
            count(self.stats, adapter.get("site"), "neardup/clustered")
        return match

    def link(self, adapter: ItemAdapter) -> None:
        """Set ``cluster_id`` (called by the export pipeline on each batch sorted by publication time, so the
        cluster is named after the copy published first, not the one the parallel crawl fetched first)."""
        if self.enabled and self.action != "drop":
            self._assign(adapter)

    def restore(self, record: dict[str, Any]) -> None:
        """Index a record recovered from a killed run's file under the cluster it was written with: the
        index rows of its batch died with the run's uncommitted transaction."""
        if not self.enabled:
            return
        normalized = record.get("text_normalized") or normalize_arabic(record.get("text") or "")
        self.index.restore(record["id"], normalized, record.get("site"), record.get("cluster_id") or record["id"])

    def close_spider(self) -> None:
        self.state.commit()
