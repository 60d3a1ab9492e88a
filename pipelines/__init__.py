"""Item pipelines, one concern per module; their order is explicit in newscrawl/settings.py."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.stats import count


class CountedDrop(DropItem):
    """A drop with a machine-readable ``reason``, already counted as ``dropped/<reason>``."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason


def counted_drop(stats: Any, item: Any, reason: str, message: str) -> CountedDrop:
    """Count ``dropped/<reason>`` (globally and for the item's site) and return the exception to raise."""
    adapter = ItemAdapter(item)
    count(stats, adapter.get("site"), f"dropped/{reason}")
    return CountedDrop(reason, f"{message} <{adapter.get('url')}>")
