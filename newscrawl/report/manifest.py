"""The run manifest: ``output/runs/<run-id>.json``, what a run did, per site, from the crawl stats.

Written when the run opens (outcome ``running``) and when it closes, with the outcome of
newscrawl/report/run_outcome.py (``finished``, ``partial``, ``failed``, ``killed``; docs/outcomes.md), Scrapy's
``finish_reason``, each site's outcome, the drift alerts against earlier runs, and every stat. A run killed
with SIGKILL leaves ``running``; the next run rewrites that manifest's outcome to ``killed``. The run's end
in the state's run log is the state owner's (newscrawl/state/owner.py), so a run without this extension
still ends there. Then the run report is drawn from the manifests (``NEWSCRAWL_REPORT``).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.crawl.scope import RunScope
from newscrawl.datacard.extension import crawl_settings
from newscrawl.report.drift import drift_alerts
from newscrawl.report.history import load_manifests
from newscrawl.report.run_outcome import RunOutcome
from newscrawl.report.summary import site_fields
from newscrawl.state.owner import StateOwner, outcome_of
from newscrawl.stats import PREFIX, per_site

logger = logging.getLogger(__name__)


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


class RunManifest:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.started = datetime.now(UTC).isoformat(timespec="seconds")
        self.owner: StateOwner | None = None  # found when the spider opens (extensions are built one by one)
        self.scope: RunScope | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunManifest:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed, )
        return ext

    def _manifest(self, outcome: str, ended: str | None, judged: RunOutcome | None = None) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        owner, scope = self.owner, self.scope
        files: dict[str, list[str]] = {}
        for site, path in owner.store.files_of_run(owner.run_id):
            files.setdefault(site, []).append(path)
        sites = {}
        counts = per_site(stats)
        for key in scope.sites:
            judged_site = judged.sites.get(key) if judged else None
            sites[key] = dict(judged_site) if judged_site else site_fields(counts.get(key, {}))
            sites[key]["files"] = files.get(key, [])
        manifest = {
            "run_id": owner.run_id,
            "started": self.started,
            "ended": ended,
            "outcome": outcome,
            "finish_reason": judged.finish_reason if judged else None,
            "offline": judged.offline if judged else False,
            "killed_runs_recovered": [r for r, _ in owner.killed_runs],
            "arguments": scope.arguments(),
            "settings": crawl_settings(self.crawler.settings),  # the dataset card's settings per run
            "sites": sites,
            "unaccounted": sum(site.get("unaccounted", 0) for site in sites.values()),
            "totals": {k[len(PREFIX) + 1:]: v for k, v in stats.items()
                       if k.startswith(PREFIX + "/") and not k.startswith(PREFIX + "/site/")},
        }
        if judged:
            manifest["alerts"] = judged.alerts
            manifest["stats"] = dict(sorted(stats.items()))  # Scrapy's dump, logged at DEBUG only
        return manifest

    def spider_opened(self, spider: Any) -> None:
        self.owner, self.scope = StateOwner.of(self.crawler), RunScope.of(self.crawler)
        # Every killed run, not only those this run found: a run that failed at start after marking them
        # killed in the state never got to fix their manifests.
        for _old_id, old_manifest in self.owner.store.killed_runs():
            if not old_manifest:
                continue
            path = Path(old_manifest)
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("outcome") == "running":
                    data["outcome"] = "killed"
                    write_json_atomic(path, data)
        write_json_atomic(self.owner.manifest_path, self._manifest("running", None))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.owner is None:  # the spider never opened
            return
        ended = datetime.now(UTC).isoformat(timespec="seconds")
        judged = RunOutcome.of(self.crawler)
        if judged is None or judged.finish_reason is None:  # the core extension was removed
            write_json_atomic(self.owner.manifest_path, self._manifest(outcome_of(reason), ended))
            return
        look_back = self.crawler.settings.getint("NEWSCRAWL_REPORT_RUNS", 30)
        earlier = [m for m in load_manifests(self.owner.output_dir, look_back) if m["run_id"] != self.owner.run_id]
        judged.add_alerts(drift_alerts(self._manifest(judged.outcome, ended, judged), earlier))
        write_json_atomic(self.owner.manifest_path, self._manifest(judged.outcome, ended, judged))
        if self.crawler.settings.getbool("NEWSCRAWL_REPORT", True):
            self._write_report(judged, look_back)

    def _write_report(self, judged: RunOutcome, look_back: int) -> None:
        from newscrawl.report.cli import write_report

        try:
            path = write_report(self.owner.output_dir, look_back)
        except Exception as exc:  # the crawl's data is safe: a report that cannot be drawn is only said
            logger.error("run report not written: %s: %s", type(exc).__name__, exc)
            return
        judged.report_path = str(path) if path else None
