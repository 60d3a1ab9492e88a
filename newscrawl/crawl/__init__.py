"""Crawl machinery the news spider uses to decide what to request and to read what comes back.

Sources (feeds, sitemaps, listings) and their partitions, the scope of a run, politeness and back-off,
conditional requests, incremental skipping, the retry queue and the drop memory, the one table of failure
kinds, and turning an article response into an item. Spiders live in ``spiders/``; pipelines in
``pipelines/``.
"""
