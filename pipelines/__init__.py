"""Item pipelines, one concern per module; their order is explicit in newscrawl/settings.py."""

from scrapy.exceptions import DropItem


class CountedDrop(DropItem):
    """A drop whose reason is already counted in the crawl stats (logged at debug level)."""
