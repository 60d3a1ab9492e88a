"""Export: each record appended to ``output/<site>/<YYYY-MM-DD>.jsonl`` (day of publication), exactly once.

Protocol (see docs/crash-safety.md): records are held in a batch of ``NEWSCRAWL_COMMIT_EVERY``; at each
checkpoint the batch is sorted by publication time and linked (``duplicate_of``, ``cluster_id``), a file is
recorded in the state before its first line, each record is one ``write`` of a full line, then the files
(and the open WARC file, whose records the items point to) are fsynced and only then the articles are
marked exported in the state. A run killed at any point leaves at most one partial last line per file and
some lines not yet marked: the next run, before writing, truncates the partial line and marks what the
killed run's files hold, so nothing is lost (unmarked and unwritten articles are fetched again) and nothing
is written twice.

CSV and Parquet (``NEWSCRAWL_FORMATS``) are derived from the JSONL partitions, never appended: at close the
partitions this run wrote to are regenerated whole and renamed into place; at open any derived file older
than its JSONL (a killed run's) is regenerated first. See newscrawl/formats and docs/formats.md.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from functools import cached_property
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.formats import OPTIONAL_FIELDS, parse_formats
from newscrawl.formats.derive import refresh, stale_partitions
from newscrawl.formats.jsonl import JsonlAppender
from newscrawl.items import TRANSIENT_FIELDS, json_schema
from newscrawl.runtime import crawl_state, output_dir, run_id
from newscrawl.state import utc_iso
from newscrawl.state.recovery import recover_killed_runs
from newscrawl.stats import count
from newscrawl.urls import alias_keys, url_key
from newscrawl.warc.archive import sync_archive
from pipelines.dedup import LINKERS_ATTR, RECOVERY_ATTR

logger = logging.getLogger(__name__)


class JsonlExportPipeline:
    def __init__(self, crawler: Any):
        self.crawler, self.stats = crawler, crawler.stats
        self.formats = parse_formats(crawler.settings.get("NEWSCRAWL_FORMATS") or "jsonl")
        self.state = crawl_state(crawler)
        self.run_id = run_id(crawler)
        self.root = output_dir(crawler.settings)
        self.commit_every = crawler.settings.getint("NEWSCRAWL_COMMIT_EVERY", 200)
        # Open partition files, least recently used first: a backfill over years of days and many sites would
        # otherwise run into the open-files limit (1024 under systemd).
        self.files: OrderedDict[Path, JsonlAppender] = OrderedDict()
        self.max_open = max(1, crawler.settings.getint("NEWSCRAWL_MAX_OPEN_FILES", 64))
        self.paths: set[Path] = set()  # every partition this run wrote to
        self.batch_run = ""  # the run whose WARC file the batch's items came from (see process_item)
        self.batch: list[ItemAdapter] = []  # validated, not yet written (see checkpoint)

    @classmethod
    def from_crawler(cls, crawler: Any) -> JsonlExportPipeline:
        return cls(crawler)

    @cached_property
    def validator(self) -> Any:
        """The record schema's validator, built at the first item (jsonschema costs ~0.1 s to import)."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(json_schema())

    def open_spider(self) -> None:
        killed_partitions = {Path(p) for _, _, p in self.state.unrecovered_killed_files() if p.endswith(".jsonl")}
        hooks = getattr(self.crawler, RECOVERY_ATTR, ())
        recovered = recover_killed_runs(self.state, self.crawler,
                                        on_record=(lambda record: [hook(record) for hook in hooks]) if hooks else None)
        if recovered:
            count(self.stats, None, "recovered_records", recovered)
        # Derived files a killed run left behind their JSONL, or never wrote (it never reached its close): in
        # this run's formats, plus any derived file the partition already has.
        refreshed = refresh(sorted(killed_partitions | set(stale_partitions(self.root))), self.formats[1:])
        if refreshed:
            count(self.stats, None, "formats/refreshed_stale", refreshed)

    @staticmethod
    def partition_day(record: dict[str, Any]) -> str:
        """The publication day as the page gave it (site-local), else the fetch day."""
        return (record.get("published") or record.get("fetched_at") or "undated")[:10]

    def _file(self, site: str, day: str) -> JsonlAppender:
        path = self.root / site / f"{day}.jsonl"
        if path in self.files:
            self.files.move_to_end(path)
            return self.files[path]
        if path not in self.paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.state.record_file(self.run_id, site, str(path))
            self.paths.add(path)
        if len(self.files) >= self.max_open:
            self.files.popitem(last=False)[1].close()  # fsynced as it closes: its lines stay durable
        self.files[path] = JsonlAppender(path)
        return self.files[path]

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        errors = sorted(self.validator.iter_errors(self._record(adapter)), key=lambda e: list(e.path))
        if errors:
            count(self.stats, adapter.get("site"), "dropped/schema_invalid")
            if self.crawler.settings.getint("NEWSCRAWL_RETRY_RUNS", 5) > 0:  # our bug: a fixed version reads it
                self.state.mark_retry(adapter["url"], adapter["site"], "schema_invalid", adapter.get("discovered_via"))
            raise DropItem(f"record breaks the schema at {list(errors[0].path)}: {errors[0].message[:200]}")
        # Re-extracting several runs' WARC files: a run's last batch ended with the run, so one starts here
        # too (in a crawl every item has the same run). Same batches, same sort and links as the crawl's.
        run = (adapter.get("warc_file") or "").rsplit("-", 1)[0]
        if run != self.batch_run and self.batch:
            self.checkpoint()
        self.batch_run = run
        self.batch.append(adapter)
        if len(self.batch) >= self.commit_every:
            self.checkpoint()
        return item

    @staticmethod
    def _record(adapter: ItemAdapter) -> dict[str, Any]:
        record = adapter.asdict()
        for name in TRANSIENT_FIELDS:
            record.pop(name, None)
        for name in OPTIONAL_FIELDS:
            if record.get(name) is None:
                record.pop(name, None)
        return record

    def checkpoint(self) -> None:
        """Write the batch in publication order, fsync, then mark it exported: the order that makes a kill safe.

        Linkers (republication and near-duplicate links, registered by earlier pipelines) run here, on the
        sorted batch, so the copy published first is the one the others point to whatever order the
        parallel crawl fetched them in.
        """
        self.batch.sort(key=lambda a: (utc_iso(a.get("published")) or "9999", a.get("fetched_at") or ""))
        pending = []
        written = 0
        try:
            for adapter in self.batch:
                for link in getattr(self.crawler, LINKERS_ATTR, ()):
                    link(adapter)
                record = self._record(adapter)
                appender = self._file(record["site"], self.partition_day(record))
                appender.write(record)  # a failed write leaves no partial line (JsonlAppender)
                written += 1
                count(self.stats, record["site"], "exported")
                requested = [record["url"], *(adapter.get("requested_urls") or ())]
                pending.append((url_key(record["canonical_url"]), record["id"], record["site"],
                                record["content_hash"], str(appender.path), record.get("published"),
                                alias_keys(record["canonical_url"], requested)))
        finally:
            # What was written is made durable and marked even when a write failed (disk full, too many
            # open files): those records leave the batch, the others stay for the next checkpoint. Never
            # written twice, never marked unwritten.
            del self.batch[:written]
            sync_archive(self.crawler)  # the WARC records exported items point to, first
            for appender in self.files.values():
                appender.sync()
            for key, article, site, digest, path, published, aliases in pending:
                self.state.mark_exported(key, article, site, digest, path, self.run_id, published)
                for alias in aliases:  # the links and redirects that led here: not fetched again by later runs
                    self.state.mark_alias(alias, article)
            self.state.commit()

    def close_spider(self) -> None:
        self.checkpoint()
        for appender in self.files.values():
            appender.close()
        derived = refresh(sorted(self.paths), self.formats[1:])
        if derived:
            count(self.stats, None, "formats/derived_files", derived)
        logger.info("exported to %d JSONL file(s) under %s (formats: %s)", len(self.paths), self.root,
                    ", ".join(self.formats))
