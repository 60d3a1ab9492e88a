"""Writes the dataset card, ``<output>/DATACARD.md`` and ``<output>/datacard.json``, at the end of every run.

Runs on ``spider_closed``, after the pipelines have closed (so the export's last checkpoint is in the state),
reading the state its owner keeps open until the engine stops. ``NEWSCRAWL_DATACARD=False`` switches it off.
Both files are replaced atomically. See docs/datacard.md.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from scrapy import signals

from newscrawl.crawl.scope import RunScope
from newscrawl.datacard.collect import SETTING_NAMES, collect
from newscrawl.datacard.markdown import render_markdown
from newscrawl.formats import atomic_write
from newscrawl.off import off_by_design
from newscrawl.state.owner import StateOwner, outcome_of
from newscrawl.stats import PREFIX, per_site

logger = logging.getLogger(__name__)
_SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|CREDENTIAL|API_KEY", re.I)
_USERINFO = re.compile(r"(//)[^/@\s]+@")


def _redact(name: str, value: Any) -> Any:
    if _SECRET_NAME.search(name):
        return "(redacted)"
    if isinstance(value, str):
        return _USERINFO.sub(r"\1(redacted)@", value)
    return value


def crawl_settings(settings: Any) -> dict[str, Any]:
    """The newscrawl settings and the politeness settings of a run, as JSON-ready values."""
    names = sorted(n for n in settings.attributes if n.startswith("NEWSCRAWL_")) + list(SETTING_NAMES)
    out = {}
    for name in names:
        value = settings.get(name)
        if hasattr(value, "copy_to_dict"):
            value = value.copy_to_dict()
        out[name] = _redact(name, json.loads(json.dumps(value, default=str)))
    return out


class DatasetCard:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.started = datetime.now(UTC).isoformat(timespec="seconds")

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatasetCard:
        if not crawler.settings.getbool("NEWSCRAWL_DATACARD", True):
            raise off_by_design(cls, "NEWSCRAWL_DATACARD is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _sites(self) -> dict[str, Any]:
        sites = dict(RunScope.of(self.crawler).sites)
        try:  # sites of earlier runs that this run did not select
            from newscrawl.registry import load_registry

            for key, site in load_registry(self.crawler.settings.get("NEWSCRAWL_SITES_DIR") or None).items():
                sites.setdefault(key, site)
        except Exception as exc:  # the card must not fail a run whose data is written
            logger.debug("datacard: registry not loaded: %r", exc)
        return sites

    def _run(self, run_id: str, reason: str) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        return {"run_id": run_id, "started": self.started,
                "ended": datetime.now(UTC).isoformat(timespec="seconds"),
                "outcome": outcome_of(reason),
                "exported": stats.get(f"{PREFIX}/exported", 0),
                "sites": {k: v.get("exported", 0) for k, v in per_site(stats).items()}}

    def spider_closed(self, spider: Any, reason: str) -> None:
        settings = self.crawler.settings
        owner = StateOwner.of(self.crawler)
        out = owner.output_dir
        try:
            card = collect(output=out, state=owner.store, sites=self._sites(),
                           settings=crawl_settings(settings), run=self._run(owner.run_id, reason))
            data = json.dumps(card, ensure_ascii=False, indent=1).encode("utf-8")
            atomic_write(out / "datacard.json", lambda fh: fh.write(data))
            page = render_markdown(card).encode("utf-8")
            atomic_write(out / "DATACARD.md", lambda fh: fh.write(page))
        except Exception:  # the card must not fail a run whose data is written
            logger.exception("could not write the dataset card under %s", out)
            return
        logger.info("dataset card: %s (%d records from %d source(s))", out / "DATACARD.md", card["records"],
                    len(card["sources"]))
