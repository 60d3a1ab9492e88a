"""Export: each record appended to ``output/jsonl/site=<site>/<YYYY-MM-DD>.jsonl`` (day of publication), exactly
once (the paths: newscrawl/formats/layout.py).

Last on the item path (validate -> dedup -> near-dup -> export). Protocol (see docs/crash-safety.md): records
are held in a batch of ``NEWSCRAWL_COMMIT_EVERY``; at each checkpoint the batch is sorted by publication
time and linked (``duplicate_of``, ``cluster_id``: newscrawl/linking.py, reads only), the files it will
write are recorded in the state before their first line, each record is one ``write`` of a full line, then
the files (and the open WARC file, whose records the items point to) are fsynced and only then one state
transaction marks the articles exported with their near-duplicate rows (``CrawlState.commit_batch``: the
only commit of batch data). A run killed at any point leaves at most one partial last line per file and
some lines not yet marked: the next run, before writing, truncates the partial line and marks what the
killed run's files hold, so nothing is lost (unmarked and unwritten articles are fetched again) and nothing
is written twice.

CSV and Parquet (``NEWSCRAWL_FORMATS``) are derived from the JSONL partitions, never appended: at close the
partitions this run wrote to are regenerated whole and renamed into place; at open any derived file older
than its JSONL (a killed run's) is regenerated first. See newscrawl/formats and docs/formats.md. An output
folder of the earlier layout is moved first of all (newscrawl/formats/migrate.py). The records of each
checkpoint, once marked, go to Scrapy's feeds (``-O items.jsonl``) through ``DatasetFeeds``
(newscrawl/formats/feeds.py).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.distributed.claims import claimed, file_tag
from newscrawl.formats import parse_formats
from newscrawl.formats.derive import refresh, stale_partitions
from newscrawl.formats.feeds import DatasetFeeds
from newscrawl.formats.jsonl import JsonlAppender
from newscrawl.formats.layout import partition_path
from newscrawl.formats.migrate import migrate_output
from newscrawl.items import record_of
from newscrawl.linking import BatchLinker
from newscrawl.state import ExportBatch, ExportMark, utc_iso
from newscrawl.state.neardup_match import neardup_options
from newscrawl.state.owner import StateOwner
from newscrawl.state.recovery import recover_killed_runs
from newscrawl.stats import count
from newscrawl.urls import alias_keys, url_key
from newscrawl.warc.archive import WarcArchive
from pipelines.neardup import neardup_action

logger = logging.getLogger(__name__)


class JsonlExportPipeline:
    def __init__(self, state: Any, run_id: str, root: Path, stats: Any, *, linker: BatchLinker,
                 neardup_index: Any | None = None, archive: Any | None = None, formats: tuple[str, ...] = ("jsonl",),
                 commit_every: int = 200, max_open: int = 64, feeds: DatasetFeeds | None = None):
        self.state, self.run_id, self.root, self.stats = state, run_id, root, stats
        self.feeds = feeds
        self.linker, self.neardup_index, self.archive = linker, neardup_index, archive
        self.formats, self.commit_every = formats, commit_every
        # Open partition files, least recently used first: a backfill over years of days and many sites would
        # otherwise run into the open-files limit (1024 under systemd).
        self.files: OrderedDict[Path, JsonlAppender] = OrderedDict()
        self.max_open = max(1, max_open)
        self.paths: set[Path] = set()  # every partition this run wrote to
        self.batch_run = ""  # the run whose WARC file the batch's items came from (see process_item)
        self.batch: list[ItemAdapter] = []  # validated, not yet written (see checkpoint)
        self.file_tag = file_tag(state)  # ".<worker>" in a distributed crawl: one file per worker and partition

    @classmethod
    def from_crawler(cls, crawler: Any) -> JsonlExportPipeline:
        settings = crawler.settings
        owner = StateOwner.of(crawler)
        options = neardup_options(settings)
        index = owner.store.neardup_index(**options) if options is not None else None
        flag = index is not None and neardup_action(settings) == "flag"  # drop mode assigns in its pipeline
        return cls(owner.store, owner.run_id, owner.output_dir, crawler.stats,
                   linker=BatchLinker(owner.store, index if flag else None, crawler.stats),
                   neardup_index=index, archive=crawler.get_extension(WarcArchive),
                   formats=parse_formats(settings.get("NEWSCRAWL_FORMATS") or "jsonl"),
                   commit_every=settings.getint("NEWSCRAWL_COMMIT_EVERY", 200),
                   max_open=settings.getint("NEWSCRAWL_MAX_OPEN_FILES", 64),
                   feeds=crawler.get_extension(DatasetFeeds))

    def open_spider(self) -> None:
        moved = migrate_output(self.root, self.state)
        if moved:
            count(self.stats, None, "formats/migrated_files", moved)
        killed_partitions = {Path(p) for _, _, p in self.state.unrecovered_killed_files() if p.endswith(".jsonl")}
        recovered = recover_killed_runs(self.state, self.neardup_index)
        if recovered:
            count(self.stats, None, "recovery/records", recovered)
        # Derived files a killed run left behind their JSONL, or never wrote (it never reached its close): in
        # this run's formats, plus any derived file the partition already has.
        refreshed = refresh(sorted(killed_partitions | set(stale_partitions(self.root))), self.formats[1:])
        if refreshed:
            count(self.stats, None, "formats/refreshed_stale", refreshed)

    @staticmethod
    def partition_day(record: dict[str, Any]) -> str:
        """The publication day as the page gave it (site-local), else the fetch day."""
        return (record.get("published") or record.get("fetched_at") or "undated")[:10]

    def _file(self, path: Path) -> JsonlAppender:
        if path in self.files:
            self.files.move_to_end(path)
            return self.files[path]
        if len(self.files) >= self.max_open:
            self.files.popitem(last=False)[1].close()  # fsynced as it closes: its lines stay durable
        path.parent.mkdir(parents=True, exist_ok=True)
        self.files[path] = JsonlAppender(path)
        return self.files[path]

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
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

    def checkpoint(self) -> None:
        """Link, record the files, write, fsync, then mark in one transaction: the order that makes a kill safe."""
        # A distributed crawl: articles another worker exports are left out (newscrawl/distributed/claims.py).
        self.batch[:] = claimed(self.state, self.run_id, self.batch, self.stats, self.neardup_index)
        self.batch.sort(key=lambda a: (utc_iso(a.get("published")) or "9999", a.get("fetched_at") or ""))
        self.linker.link(self.batch)
        records = [record_of(adapter) for adapter in self.batch]
        # ".<worker>" after the day in a distributed crawl: one file per worker and partition
        targets = [partition_path(self.root, "jsonl", r["site"], self.partition_day(r) + self.file_tag)
                   for r in records]
        new = {path: record["site"] for path, record in zip(targets, records, strict=True) if path not in self.paths}
        if new:  # durable before their first line, so that recovery after a kill finds them
            self.state.record_files(self.run_id, [(site, str(path)) for path, site in new.items()])
            self.paths.update(new)
        batch = ExportBatch(self.run_id)
        written = 0
        try:
            for adapter, record, path in zip(self.batch, records, targets, strict=True):
                self._file(path).write(record)  # a failed write leaves no partial line (JsonlAppender)
                written += 1
                count(self.stats, record["site"], "exported")
                requested = [record["url"], *(adapter.get("requested_urls") or ())]
                batch.marks.append(ExportMark(
                    url_key(record["canonical_url"]), record["id"], record["site"], record["content_hash"],
                    str(path), record.get("published"), frozenset(alias_keys(record["canonical_url"], requested))))
        finally:
            # What was written is made durable and marked even when a write failed (disk full, too many
            # open files): those records leave the batch, the others stay for the next checkpoint. Never
            # written twice, never marked unwritten.
            del self.batch[:written]
            if self.archive is not None:
                self.archive.sync()  # the WARC records exported items point to, first
            for appender in self.files.values():
                appender.sync()
            self.state.commit_batch(batch)
            if self.feeds is not None:
                self.feeds.exported(records[:written])

    def close_spider(self) -> None:
        self.checkpoint()
        for appender in self.files.values():
            appender.close()
        derived = refresh(sorted(self.paths), self.formats[1:])
        if derived:
            count(self.stats, None, "formats/derived_files", derived)
        logger.info("exported to %d JSONL file(s) under %s (formats: %s)", len(self.paths), self.root,
                    ", ".join(self.formats))
