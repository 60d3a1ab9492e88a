"""Near-duplicates: every item gets ``cluster_id``, the id of the first article of its near-duplicate cluster.

Wire copy republished with small edits by other outlets (a rewritten first line, an added sentence) lands in
the cluster of the first copy seen, across outlets and across runs (the index is in the crawl state; see
newscrawl/neardup.py and docs/neardup.md). By default near-duplicates are kept and flagged this way, since
who republishes whom is research data; ``NEWSCRAWL_NEARDUP_ACTION=drop`` drops them instead, counted as
``dropped/near_duplicate``. The index rows go into the state transaction the export pipeline commits with
its exported marks, so after a kill the index and the exported records agree.

Also fills the optional ``text_normalized`` field when ``NEWSCRAWL_TEXT_NORMALIZED`` is on: it is the very
normalized text the signatures are made from.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.neardup import DEFAULT_MAX_ARTICLES, DEFAULT_NUM_PERM, DEFAULT_SHINGLE, DEFAULT_THRESHOLD, NearDupIndex
from newscrawl.runtime import crawl_state
from newscrawl.stats import count
from newscrawl.textnorm import normalize_arabic
from pipelines import counted_drop

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
        self.index = NearDupIndex(
            self.state.db,
            threshold=settings.getfloat("NEWSCRAWL_NEARDUP_THRESHOLD", DEFAULT_THRESHOLD),
            num_perm=settings.getint("NEWSCRAWL_NEARDUP_NUM_PERM", DEFAULT_NUM_PERM),
            shingle=settings.getint("NEWSCRAWL_NEARDUP_SHINGLE", DEFAULT_SHINGLE),
            max_articles=settings.getint("NEWSCRAWL_NEARDUP_MAX_ARTICLES", DEFAULT_MAX_ARTICLES),
        ) if self.enabled else None

    @classmethod
    def from_crawler(cls, crawler: Any) -> NearDupPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        normalized = normalize_arabic(adapter.get("text") or "")
        if self.add_normalized:
            adapter["text_normalized"] = normalized
        if self.index is None:
            return item
        site = adapter.get("site")
        self.state.begin()  # committed with the exported marks (pipelines/export.py checkpoint)
        match = self.index.assign(adapter["id"], "", site, normalized=normalized)
        adapter["cluster_id"] = match.cluster_id
        if match.cluster_id == adapter["id"]:
            return item
        count(self.stats, site, "neardup/clustered")
        if self.action == "drop":
            raise counted_drop(self.stats, item, "near_duplicate", f"near-duplicate of {match.similar_to} "
                               f"(similarity {match.similarity:.2f}), cluster {match.cluster_id}")
        return item

    def close_spider(self) -> None:
        self.state.commit()
