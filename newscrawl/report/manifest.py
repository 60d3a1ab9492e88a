"""The run manifest: ``output/runs/<run-id>.json``, what a run did, per site, from the crawl stats.

Written when the run opens (outcome ``running``) and when it closes (``finished``, ``killed`` for a
SIGINT/SIGTERM shutdown, ``failed`` otherwise). A run killed with SIGKILL leaves ``running``; the next
run rewrites that manifest's outcome to ``killed``. The run's end in the state's run log is the state
owner's (newscrawl/state/owner.py), so a run without this extension still ends ``finished`` there.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.crawl.scope import RunScope
from newscrawl.datacard.extension import crawl_settings
from newscrawl.report.balance import unaccounted
from newscrawl.state.owner import StateOwner, outcome_of
from newscrawl.stats import PREFIX, per_site

# manifest field -> counter (docs/stats.md)
SITE_COUNTERS = {"discovered": "discovered", "requested": "requested", "exported": "exported",
                 "duplicates": "duplicates", "skipped_seen": "skipped/seen", "skipped_dropped": "skipped/dropped",
                 "skipped_out_of_range": "skipped/out_of_range",
                 "skipped_duplicate_request": "skipped/duplicate_request", "not_modified": "not_modified",
                 "rendered": "rendered", "retried": "retried"}


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

    def _manifest(self, outcome: str, ended: str | None) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        owner, scope = self.owner, self.scope
        files: dict[str, list[str]] = {}
        for site, path in owner.store.files_of_run(owner.run_id):
            files.setdefault(site, []).append(path)
        sites = {}
        counts = per_site(stats)
        for key in scope.sites:
            c = counts.get(key, {})
            sites[key] = {field: c.get(counter, 0) for field, counter in SITE_COUNTERS.items()}
            for group in ("dropped", "errors", "source_errors", "refused"):
                sites[key][group] = {n.split("/", 1)[1]: v for n, v in c.items() if n.startswith(f"{group}/")}
            sites[key]["unaccounted"] = unaccounted(c)
            sites[key]["files"] = files.get(key, [])
        return {
            "run_id": owner.run_id,
            "started": self.started,
            "ended": ended,
            "outcome": outcome,
            "killed_runs_recovered": [r for r, _ in owner.killed_runs],
            "arguments": scope.arguments(),
            "settings": crawl_settings(self.crawler.settings),  # the dataset card's settings per run
            "sites": sites,
            "unaccounted": sum(site["unaccounted"] for site in sites.values()),
            "totals": {k[len(PREFIX) + 1:]: v for k, v in stats.items()
                       if k.startswith(PREFIX + "/") and not k.startswith(PREFIX + "/site/")},
        }

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
        write_json_atomic(self.owner.manifest_path, self._manifest(outcome_of(reason), ended))
