"""Scrapy spiders of newscrawl: one generic spider, ``news``, driven by the site registry."""
