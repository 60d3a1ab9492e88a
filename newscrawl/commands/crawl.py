"""``scrapy crawl``, with the spider's arguments and settings checked before anything starts.

Scrapy reports a spider that fails in ``from_crawler`` with an asyncio traceback ("Task exception was never
retrieved") and exit status 1, like any crash. A bad argument, an unknown ``-a`` name, a broken sites folder
or an out-of-range setting is the caller's mistake: one line on stderr saying what is wrong and what is
allowed, and exit status 2 (the usual status for bad usage), before any request. Spiders that define
``check_arguments(settings, arguments)`` get this; the others run as with Scrapy's own command.
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

USAGE_ERROR = 2


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: Any) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            try:
                spider_class = self.crawler_process.spider_loader.load(args[0])
            except KeyError:
                spider_class = None  # Scrapy's own message follows
            check = getattr(spider_class, "check_arguments", None)
            if check is not None:
                try:
                    check(self.settings, dict(opts.spargs))
                except ValueError as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    self.exitcode = USAGE_ERROR
                    return
        super().run(args, opts)
