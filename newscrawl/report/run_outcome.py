"""The run's outcome, decided when the spider closes and said at the very end of the log.

A core extension (``EXTENSIONS_BASE``): the exit status of ``scrapy crawl`` (newscrawl/commands/crawl.py)
comes from it, so it works with the reports switched off. While the crawl runs it counts what it needs:
``answered`` (responses with a 2xx/3xx status, per site) and the quality of exported records
(``quality/no_date``, ``quality/no_author``, ``quality/short_text``). On ``spider_closed`` it applies the
rules of newscrawl/report/outcomes.py; on ``engine_stopped``, after Scrapy's own closing lines, it logs the
per-site summary, any drift alert (ERROR) and one line with the outcome and exit status.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.crawl.scope import RunScope
from newscrawl.report import outcomes
from newscrawl.report.summary import site_fields, summary_table
from newscrawl.state.owner import StateOwner
from newscrawl.stats import count, per_site

logger = logging.getLogger(__name__)


class RunOutcome:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.partial_is_success = crawler.settings.getbool("NEWSCRAWL_PARTIAL_EXIT_ZERO", False)
        self.short_text = 2 * crawler.settings.getint("NEWSCRAWL_MIN_TEXT_CHARS", 200)
        self.finish_reason: str | None = None
        self.outcome = outcomes.FAILED  # until the spider closes: a crawl that never opened failed
        self.sites: dict[str, dict[str, Any]] = {}
        self.offline = False
        self.alerts: list[dict[str, Any]] = []
        self.report_path: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunOutcome:
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    @staticmethod
    def of(crawler: Any) -> RunOutcome | None:
        return crawler.get_extension(RunOutcome) if getattr(crawler, "extensions", None) else None

    @property
    def exit_status(self) -> int:
        return outcomes.exit_status(self.outcome, partial_is_success=self.partial_is_success)

    def response_received(self, response: Any, request: Any, spider: Any = None) -> None:
        site = request.meta.get("site")
        if site and response.status < 400:
            count(self.crawler.stats, site, "answered")

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        adapter = ItemAdapter(item)
        site, stats = adapter.get("site"), self.crawler.stats
        if not adapter.get("published"):
            count(stats, site, "quality/no_date")
        if not adapter.get("authors"):
            count(stats, site, "quality/no_author")
        if len(adapter.get("text") or "") < self.short_text:
            count(stats, site, "quality/short_text")

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.finish_reason = reason
        counts = per_site(self.crawler.stats.get_stats())
        for key in RunScope.of(self.crawler).sites or counts:
            fields = site_fields(counts.get(key, {}))
            fields["outcome"], fields["why"] = outcomes.site_outcome(counts.get(key, {}))
            self.sites[key] = fields
        site_outcomes = {key: s["outcome"] for key, s in self.sites.items()}
        self.outcome = outcomes.run_outcome(reason, site_outcomes)
        owner = self.crawler.get_extension(StateOwner)
        if owner is not None:  # the state's run log records the same outcome as the manifest (partial included)
            owner.outcome = self.outcome
        self.offline = outcomes.looks_offline(counts, site_outcomes)
        if self.offline:
            logger.error("offline? every site failed on DNS or connection errors: check this machine's network "
                         "(or proxy) before blaming the sites")

    def add_alerts(self, alerts: list[dict[str, Any]]) -> None:
        """Drift alerts (newscrawl/report/drift.py): an ``ok`` site they name becomes ``degraded``."""
        self.alerts = list(alerts)
        for alert in alerts:
            site = self.sites.get(alert["site"])
            if site is not None and site["outcome"] == outcomes.OK:
                site["outcome"], site["why"] = outcomes.DEGRADED, alert["message"]

    def engine_stopped(self) -> None:
        if self.finish_reason is None:  # the spider never opened
            return
        if self.sites:
            logger.info("per-site summary:\n%s", summary_table(self.sites))
        for alert in self.alerts:
            logger.error("drift: %s", alert["message"])
        failed = sorted(k for k, s in self.sites.items() if s["outcome"] == outcomes.FAILED)
        logger.log(logging.INFO if self.outcome == outcomes.FINISHED else logging.ERROR,
                   "run outcome: %s (finish reason %s)%s%s; exit status %d", self.outcome, self.finish_reason,
                   f"; failed sites: {', '.join(failed)}" if failed else "",
                   f"; report: {self.report_path}" if self.report_path else "", self.exit_status)
