"""Near-duplicates, in drop mode: ``NEWSCRAWL_NEARDUP_ACTION=drop`` drops a near-duplicate of an article
already kept, counted as ``dropped/near_duplicate``; the copy fetched first is the one kept.

In the default flag mode near-duplicates are kept, since who republishes whom is research data, and every
record gets ``cluster_id`` at the export checkpoint, on the batch sorted by publication time
(newscrawl/linking.py), so the cluster is named after the copy published first. Either way the index rows
wait in memory until the export commits them with the exported marks (newscrawl/state/neardup_match.py,
docs/neardup.md).

Also fills the optional ``text_normalized`` field when ``NEWSCRAWL_TEXT_NORMALIZED`` is on: it is the very
normalized text the signatures are made from.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from newscrawl.linking import signature_of
from newscrawl.off import off_by_design
from newscrawl.state.neardup_match import neardup_options
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count
from newscrawl.textnorm import normalize_arabic
from pipelines import counted_drop

ACTIONS = ("flag", "drop")


def neardup_action(settings: Any) -> str:
    action = (settings.get("NEWSCRAWL_NEARDUP_ACTION") or "flag").lower()
    if action not in ACTIONS:
        raise ValueError(f"NEWSCRAWL_NEARDUP_ACTION={action!r}: choose one of {', '.join(ACTIONS)}")
    return action


class NearDupPipeline:
    def __init__(self, index: Any | None, stats: Any, *, drop: bool, add_normalized: bool):
        self.index, self.stats, self.drop, self.add_normalized = index, stats, drop, add_normalized

    @classmethod
    def from_crawler(cls, crawler: Any) -> NearDupPipeline:
        settings = crawler.settings
        options = neardup_options(settings)
        drop = neardup_action(settings) == "drop" and options is not None
        add_normalized = settings.getbool("NEWSCRAWL_TEXT_NORMALIZED", False)
        if not (drop or add_normalized):
            raise off_by_design(cls, "flag mode: clusters are linked at the export checkpoint")
        index = StateOwner.of(crawler).store.neardup_index(**options) if drop else None
        return cls(index, crawler.stats, drop=drop, add_normalized=add_normalized)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        signature = signature_of(adapter)
        normalized = None
        if self.add_normalized or signature is None:
            normalized = normalize_arabic(adapter.get("text") or "")
        if self.add_normalized:
            adapter["text_normalized"] = normalized
        if not self.drop:
            return item
        match = self.index.assign(adapter["id"], "", adapter.get("site"), normalized=normalized, signature=signature)
        adapter["cluster_id"] = match.cluster_id
        if match.cluster_id == adapter["id"]:
            return item
        self.index.discard(adapter["id"])  # not exported: its row is never written
        count(self.stats, adapter.get("site"), "neardup/clustered")
        raise counted_drop(self.stats, item, "near_duplicate", f"near-duplicate of {match.similar_to} "
                           f"(similarity {match.similarity:.2f}), cluster {match.cluster_id}")
