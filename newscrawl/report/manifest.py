"""The run manifest: ``output/runs/<run-id>.json``, what a run did, per site, from the crawl stats.

Written when the run opens (outcome ``running``) and when it closes (``finished``, ``killed`` for a
SIGINT/SIGTERM shutdown, ``failed`` otherwise). A run killed with SIGKILL leaves ``running``; the next
run rewrites that manifest's outcome to ``killed``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.runtime import crawl_state, manifest_path, run_id
from newscrawl.stats import PREFIX, per_site

SITE_COUNTERS = ("discovered", "requested", "exported", "duplicates", "skipped_seen", "skipped_dropped",
                 "skipped_out_of_range", "not_modified", "rendered", "retried")


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


def outcome_of(reason: str) -> str:
    return {"finished": "finished", "shutdown": "killed"}.get(reason, "failed")


class RunManifest:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.path = manifest_path(crawler)
        self.started = datetime.now(UTC).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunManifest:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed, )
        return ext

    def _manifest(self, outcome: str, ended: str | None) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        state = crawl_state(self.crawler)
        files: dict[str, list[str]] = {}
        for site, path in state.files_of_run(run_id(self.crawler)):
            files.setdefault(site, []).append(path)
        sites = {}
        spider_sites = getattr(self.crawler.spider, "sites", {}) or {}
        counts = per_site(stats)
        for key in spider_sites:
            c = counts.get(key, {})
            sites[key] = {name: c.get(name, 0) for name in SITE_COUNTERS}
            sites[key]["dropped"] = {n.split("/", 1)[1]: v for n, v in c.items() if n.startswith("dropped/")}
            sites[key]["errors"] = {n.split("/", 1)[1]: v for n, v in c.items() if n.startswith("errors/")}
            sites[key]["files"] = files.get(key, [])
        return {
            "run_id": run_id(self.crawler),
            "started": self.started,
            "ended": ended,
            "outcome": outcome,
            "killed_runs_recovered": [r for r, _ in getattr(self.crawler, "_newscrawl_killed_runs", [])],
            "arguments": {name: str(getattr(self.crawler.spider, attr))
                          for name, attr in (("sites", "site_keys"), ("since", "since"), ("until", "until"))
                          if getattr(self.crawler.spider, attr, None)},
            "sites": sites,
            "totals": {k[len(PREFIX) + 1:]: v for k, v in stats.items()
                       if k.startswith(PREFIX + "/") and not k.startswith(PREFIX + "/site/")},
        }

    def spider_opened(self, spider: Any) -> None:
        # Every killed run, not only those this run found: a run that failed at start after marking them
        # killed in the state never got to fix their manifests.
        for _old_id, old_manifest in crawl_state(self.crawler).killed_runs():
            if not old_manifest:
                continue
            path = Path(old_manifest)
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("outcome") == "running":
                    data["outcome"] = "killed"
                    write_json_atomic(path, data)
        write_json_atomic(self.path, self._manifest("running", None))

    def spider_closed(self, spider: Any, reason: str) -> None:
        outcome = outcome_of(reason)
        ended = datetime.now(UTC).isoformat(timespec="seconds")
        write_json_atomic(self.path, self._manifest(outcome, ended))
        state = crawl_state(self.crawler)
        state.end_run(run_id(self.crawler), outcome)
        state.close()
