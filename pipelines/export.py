"""Export: each record appended to ``output/<site>/<YYYY-MM-DD>.jsonl`` (day of publication), exactly once.

Protocol (see docs/crash-safety.md): a file is recorded in the state before its first line; each record
is one ``write`` of a full line, flushed; every ``NEWSCRAWL_COMMIT_EVERY`` records and at close the files
are fsynced and only then the articles are marked exported in the state. A run killed at any point leaves
at most one partial last line per file and some lines not yet marked: the next run, before writing,
truncates the partial line and marks what the killed run's files hold, so nothing is lost (unmarked and
unwritten articles are fetched again) and nothing is written twice.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, BinaryIO

from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem
from scrapy.exporters import JsonLinesItemExporter

from newscrawl.items import json_schema
from newscrawl.recovery import recover_killed_runs
from newscrawl.runtime import crawl_state, output_dir, run_id
from newscrawl.stats import count
from newscrawl.urls import url_key

logger = logging.getLogger(__name__)


class JsonlExportPipeline:
    def __init__(self, crawler: Any):
        self.crawler, self.stats = crawler, crawler.stats
        self.state = crawl_state(crawler)
        self.run_id = run_id(crawler)
        self.root = output_dir(crawler.settings)
        self.commit_every = crawler.settings.getint("NEWSCRAWL_COMMIT_EVERY", 50)
        self.validator = Draft202012Validator(json_schema())
        self.files: dict[Path, tuple[BinaryIO, JsonLinesItemExporter]] = {}
        self.pending: list[tuple[str, str, str, str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> JsonlExportPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        recovered = recover_killed_runs(self.state, self.crawler)
        if recovered:
            count(self.stats, None, "recovered_records", recovered)

    @staticmethod
    def partition_day(record: dict[str, Any]) -> str:
        """The publication day as the page gave it (site-local), else the fetch day."""
        return (record.get("published") or record.get("fetched_at") or "undated")[:10]

    def _file(self, site: str, day: str) -> JsonLinesItemExporter:
        path = self.root / site / f"{day}.jsonl"
        if path not in self.files:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.state.record_file(self.run_id, site, str(path))
            fh = path.open("ab")
            self.files[path] = (fh, JsonLinesItemExporter(fh, ensure_ascii=False))
        return self.files[path][1]

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        record = adapter.asdict()
        errors = sorted(self.validator.iter_errors(record), key=lambda e: list(e.path))
        if errors:
            count(self.stats, record.get("site"), "dropped/schema_invalid")
            raise DropItem(f"record breaks the schema at {list(errors[0].path)}: {errors[0].message[:200]}")
        exporter = self._file(record["site"], self.partition_day(record))
        exporter.export_item(record)
        self.files[Path(exporter.file.name)][0].flush()
        self.pending.append((url_key(record["canonical_url"]), record["id"], record["site"],
                             record["content_hash"], exporter.file.name))
        count(self.stats, record["site"], "exported")
        if len(self.pending) >= self.commit_every:
            self.checkpoint()
        return item

    def checkpoint(self) -> None:
        """fsync the files, then mark their records exported: the order that makes a kill safe."""
        for fh, _ in self.files.values():
            fh.flush()
            os.fsync(fh.fileno())
        for key, article, site, digest, path in self.pending:
            self.state.mark_exported(key, article, site, digest, path, self.run_id)
        self.state.commit()
        self.pending.clear()

    def close_spider(self) -> None:
        self.checkpoint()
        for fh, _ in self.files.values():
            fh.close()
        logger.info("exported to %d file(s) under %s", len(self.files), self.root)
