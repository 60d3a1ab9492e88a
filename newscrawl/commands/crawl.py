"""``scrapy crawl`` whose exit status tells how the run went (docs/outcomes.md).

Scrapy's own command exits 0 unless the crawl failed at start (https://github.com/scrapy/scrapy/issues/1231),
so cron, systemd and Scrapyd would see a crawl that reached no site as a success. This one is the same
command, then sets the exit status from the run's outcome (newscrawl/report/run_outcome.py): 0 finished,
1 failed (also Scrapy's for a failure at start), 3 partial (0 with ``NEWSCRAWL_PARTIAL_EXIT_ZERO``), 4 killed.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.report.run_outcome import RunOutcome


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            super().run(args, opts)  # Scrapy's usage errors
            return
        if self.crawler_process is None:
            raise UsageError("no crawler process")
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        outcome = RunOutcome.of(crawler)
        if outcome is not None:
            self.exitcode = outcome.exit_status
