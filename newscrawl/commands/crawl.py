"""``scrapy crawl`` that checks the spider's arguments first, and whose exit status tells how the run went
(docs/outcomes.md).

A bad argument, an unknown ``-a`` name, a broken sites folder or an out-of-range setting is the caller's
mistake, not a crash: Scrapy would report a spider failing in ``from_crawler`` with an asyncio traceback
("Task exception was never retrieved"). Spiders that define ``check_arguments(settings, arguments)`` get one
line on stderr saying what is wrong and what is allowed, and exit status 2 (bad usage), before any request.

Scrapy's own command exits 0 unless the crawl failed at start (https://github.com/scrapy/scrapy/issues/1231),
so cron, systemd and Scrapyd would see a crawl that reached no site as a success. This one is the same
command, then sets the exit status from the run's outcome (newscrawl/report/run_outcome.py): 0 finished,
1 failed (also Scrapy's for a failure at start), 3 partial (0 with ``NEWSCRAWL_PARTIAL_EXIT_ZERO``), 4 killed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.report.run_outcome import RunOutcome

USAGE_ERROR = 2


class Command(ScrapyCrawl):
    def _arguments_ok(self, spider_name: str, arguments: dict[str, Any]) -> bool:
        try:
            spider_class = self.crawler_process.spider_loader.load(spider_name)
        except KeyError:
            return True  # Scrapy's own message follows
        check = getattr(spider_class, "check_arguments", None)
        if check is None:
            return True
        try:
            check(self.settings, arguments)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return False
        return True

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        if self.crawler_process is None:
            raise UsageError("no crawler process")
        if not self._arguments_ok(args[0], dict(opts.spargs)):
            self.exitcode = USAGE_ERROR
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        outcome = RunOutcome.of(crawler)
        if outcome is not None:
            self.exitcode = outcome.exit_status
