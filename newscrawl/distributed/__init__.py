"""Many machines, one crawl: the frontier and the crawl state on Redis (``NEWSCRAWL_STATE=redis://…``).

``addon.Distributed`` switches a crawl to scrapy-redis' scheduler (``frontier.Frontier``) and the bounded
dupefilter (``frontier.BloomDupeFilter``) and enables ``coordinator.Coordinator`` (who seeds, who is alive,
when to stop); the crawl state is ``newscrawl.state.redis_state.RedisState``; ``claims`` makes each article
exported by one worker; ``worker`` names a worker and locks its output folder; ``merge`` and ``seed`` are
the CLI commands. See docs/distributed.md.
"""
