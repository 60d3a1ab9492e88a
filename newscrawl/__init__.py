"""newscrawl: Arabic news sites into clean, deduplicated, research-grade datasets."""

__version__ = "0.1.0"
