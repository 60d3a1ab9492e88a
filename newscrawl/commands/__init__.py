"""Scrapy commands of the project (``COMMANDS_MODULE``): ``crawl`` checks the spider's arguments first and exits
with a status that says how the run went."""
