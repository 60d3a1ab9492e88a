"""WARC archives: the record format and reader (``records``), the crawl's archive (``archive``) and offline
re-extraction (``reextract``). See docs/warc.md."""
