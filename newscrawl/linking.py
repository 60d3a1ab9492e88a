"""Linking a batch of records to what came before: ``duplicate_of`` (republications) and ``cluster_id``
(near-duplicates). The export checkpoint calls :meth:`BatchLinker.link` on each batch sorted by publication
time, so the copy published first is the one the others point to, whatever order the parallel crawl fetched
them in; its collaborators (the state, the near-duplicate index, the stats) are given to it.

Reads only. New near-duplicate rows wait in the index (``pending``) and the copies' content hashes wait for
the checkpoint's marks: both are committed by the export's one transaction, after the fsync.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.state import utc_iso
from newscrawl.stats import count
from newscrawl.textnorm import normalize_arabic


class BatchLinker:
    def __init__(self, state: Any, neardup_index: Any | None, stats: Any):
        self.state, self.index, self.stats = state, neardup_index, stats
        self.firsts: dict[str, tuple[str, str | None]] = {}  # content hash -> (id, UTC published) this run

    def link(self, batch: Iterable[ItemAdapter]) -> None:
        for adapter in batch:
            self.link_republication(adapter)
            if self.index is not None:
                self.link_cluster(adapter)

    def link_republication(self, adapter: ItemAdapter) -> None:
        """Set ``duplicate_of`` to the id of the copy of the same text published first (on another site: the
        dedup pipeline dropped same-site copies)."""
        digest = adapter.get("content_hash")
        if not digest:
            return
        published = utc_iso(adapter.get("published"))
        first = self.firsts.get(digest)
        if first is None:
            copies = self.state.copies_of(digest)
            first = (copies[0][0], copies[0][2]) if copies else None
        if first is not None and first[0] == adapter["id"]:
            return  # linked before (a record a failed write left in the batch)
        if first is None or (published and first[1] and published < first[1]):
            self.firsts[digest] = (adapter["id"], published)  # the original, as far as we know
            return
        adapter["duplicate_of"] = first[0]
        count(self.stats, adapter["site"], "duplicates")

    def link_cluster(self, adapter: ItemAdapter) -> None:
        """Set ``cluster_id``: the id of the first article of its near-duplicate cluster (docs/neardup.md)."""
        signature = signature_of(adapter)
        normalized = None if signature is not None else (
            adapter.get("text_normalized") or normalize_arabic(adapter.get("text") or ""))
        match = self.index.assign(adapter["id"], "", adapter.get("site"), normalized=normalized, signature=signature)
        adapter["cluster_id"] = match.cluster_id
        if match.cluster_id != adapter["id"] and match.similar_to:
            count(self.stats, adapter.get("site"), "neardup/clustered")


def signature_of(adapter: ItemAdapter) -> Any:
    """The signature made in the worker that built the page (newscrawl/crawl/page_task.py), or None."""
    raw = adapter.get("neardup_signature")
    if not raw:
        return None
    import numpy as np

    return np.frombuffer(raw, dtype="<u4")
