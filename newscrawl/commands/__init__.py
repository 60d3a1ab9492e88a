"""Project commands for ``scrapy`` (``COMMANDS_MODULE``): ``crawl`` checks the news spider's arguments first."""
