"""``python -m newscrawl reextract WARC... [--out DIR]``: rebuild a crawl's items offline from its WARC files.

Each archived article page is read back with the context the crawl archived beside it (site, discovered_via,
fetch time = the WARC-Date, rendered, the learned-boilerplate set in force; see newscrawl/warc.py) and built
by the same function the crawl uses (newscrawl.article_builder). The items then go through the crawl's own
pipelines (validate, dedup, near-duplicates, export in every format) in a Scrapy run without downloads, into
a fresh output folder with its own state. So the output is identical to the crawl's, ids, ``duplicate_of``
and ``cluster_id`` included, when the WARC files of every run that wrote the crawl output are given; with a
newer extractor it is the upgraded corpus, without re-crawling.

Pages are read in file-name order (``<run-id>-<serial>``: the order they were archived). A plain page that
the crawl fetched again through the browser (``render_fallback``) is skipped: the crawl replaced its item by
the rendered page's. A WARC written by another tool works too: the site is then the registry's owner of the
URL and discovered_via is ``start``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy

from newscrawl.article_builder import Built, PageContext, build_article, canonical_twin, charset_of
from newscrawl.registry import RegistryError, SiteProfile, load_registry, site_for_url
from newscrawl.stats import count
from newscrawl.urls import request_url
from newscrawl.warc import ArchivedPage, read_pages, warc_summary


def superseded_pages(paths: list[Path], ended_runs: set[str] | None = None) -> set[tuple[str, int]]:
    """(file, offset) of pages whose item the crawl replaced by a later page's (see ``archive_index``)."""
    return archive_index(paths, ended_runs)[0]


def archive_index(paths: list[Path], ended_runs: set[str] | None = None
                  ) -> tuple[set[tuple[str, int]], set[str]]:
    """One pass over the archive (bodies not read): the pages whose item the crawl replaced by a later
    page's, and the URLs of every archived page (``request_url`` form, for twins read from their canonical
    page). Replaced pages:

    - a plain page the crawl fetched again through the browser (``render_fallback``);
    - a page of a killed run (no run-end record among ``ended_runs``) that a later run archived again: it
      was in flight when the run died, never exported, and the next run fetched it anew.
    """
    pages = [(p.warc_file, p.warc_offset, p.url, p.metadata) for path in paths
             for p in read_pages(path, bodies=False)]
    archived = set()
    for _, _, url, _ in pages:
        try:
            archived.add(request_url(url))
        except ValueError:
            continue
    refetched: dict[str, int] = {}  # url -> index of the last browser re-fetch
    last_run: dict[str, tuple[int, str]] = {}  # requested url -> (index, run) of its last archived copy
    for i, (_, _, url, meta) in enumerate(pages):
        if meta.get("render_fallback"):
            refetched[meta.get("request_url") or url] = i
        last_run[meta.get("request_url") or url] = (i, str(meta.get("run_id") or ""))
    superseded = set()
    for i, (f, o, url, meta) in enumerate(pages):
        if not meta.get("rendered") and refetched.get(url, -1) > i:
            superseded.add((f, o))
            continue
        run = str(meta.get("run_id") or "")
        if ended_runs is not None and run and run not in ended_runs:
            later, later_run = last_run.get(meta.get("request_url") or url, (i, run))
            if later > i and later_run != run:
                superseded.add((f, o))
    return superseded, archived


def _is_html(page: ArchivedPage) -> bool:
    content_type = (page.header("Content-Type") or "").lower()
    return 200 <= page.status < 300 and (not content_type or "html" in content_type or "xml" in content_type)


class ReextractSpider(scrapy.Spider):
    """Yields the items of archived pages from ``start()``; no request is made."""

    name = "reextract"

    def __init__(self, paths: list[str], registry: dict[str, SiteProfile], **kwargs: Any):
        super().__init__(**kwargs)
        self.paths = sorted((Path(p) for p in paths), key=lambda p: p.name)
        self.registry = registry
        self.sites: dict[str, SiteProfile] = {}  # the sites met so far (validate and the manifest read it)
        self.since = self.until = None

    def _site(self, page: ArchivedPage) -> SiteProfile | None:
        key = page.metadata.get("site")
        site = self.registry.get(key) if key else site_for_url(self.registry, page.url)
        if site is not None:
            self.sites.setdefault(site.key, site)
        return site

    def built_pages(self) -> Iterator[Built]:
        ended: set[str] = set()
        for path in self.paths:
            ended.update(warc_summary(path)[1])
        skip, archived = archive_index(self.paths, ended)
        stats = self.crawler.stats
        for path in self.paths:
            for page in read_pages(path):
                site = self._site(page)
                if site is None:
                    self.logger.warning("%s@%d: no site in the registry for %s (pass --sites-dir)",
                                        page.warc_file, page.warc_offset, page.url)
                    count(stats, None, "reextract/unknown_site")
                    continue
                if (page.warc_file, page.warc_offset) in skip or not _is_html(page):
                    count(stats, site.key, "reextract/skipped")
                    continue
                count(stats, site.key, "requested")
                ctx = PageContext(
                    site=site, url=page.url, fetched_at=page.fetched_at,
                    discovered_via=page.metadata.get("discovered_via") or {"type": "start", "url": None},
                    rendered=bool(page.metadata.get("rendered")), http_charset=charset_of(page.header("Content-Type")),
                    learned_boilerplate=page.learned_boilerplate, warc_file=page.warc_file,
                    warc_offset=page.warc_offset)
                built = build_article(page.body, ctx)
                if built.rejected:
                    self.logger.warning("dropped %s: %s", page.url, built.detail)
                    count(stats, site.key, f"dropped/{built.rejected}")
                    continue
                if canonical_twin(built.article) in archived:  # the crawl read the canonical page instead
                    count(stats, site.key, "reextract/twin_skipped")
                    continue
                yield built

    async def start(self) -> AsyncIterator[Any]:
        for built in self.built_pages():
            yield built.article


def crawl_settings(out: Path, sites_dir: str | None, overrides: list[str]) -> Any:
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.set("NEWSCRAWL_OUTPUT_DIR", str(out), priority="cmdline")
    settings.set("NEWSCRAWL_WARC", False, priority="cmdline")  # the pages are archived already
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    if sites_dir:
        settings.set("NEWSCRAWL_SITES_DIR", sites_dir, priority="cmdline")
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"-s {item!r}: expected NAME=VALUE")
        settings.set(name, value, priority="cmdline")
    return settings


def _not_a_warc(path: Path) -> str | None:
    """Why a file cannot be a WARC archive (unreadable, or neither a WARC record nor gzip at its start)."""
    try:
        with path.open("rb") as stream:
            start = stream.read(4)
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    return None if start.startswith((b"WARC", b"\x1f\x8b")) else "not a WARC file (.warc or .warc.gz)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl reextract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("warc", nargs="+", help="WARC files written by a crawl (output/warc/*.warc.gz)")
    parser.add_argument("--out", help="output folder, best new or empty (default output/reextract-<time>)")
    parser.add_argument("--sites-dir", help="the crawl's NEWSCRAWL_SITES_DIR, if it used one")
    parser.add_argument("--formats", help="NEWSCRAWL_FORMATS for the output (default jsonl)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="any other setting, as for scrapy crawl")
    args = parser.parse_args(argv)

    missing = [p for p in args.warc if not Path(p).is_file()]
    if missing:
        print(f"no such WARC file: {', '.join(missing)}", file=sys.stderr)
        return 2
    for path in args.warc:
        problem = _not_a_warc(Path(path))
        if problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return 2
    out = Path(args.out or f"output/reextract-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    if (out / "state.sqlite3").exists():
        print(f"note: {out} already holds a crawl state: records it exported before are not exported again",
              file=sys.stderr)
    # The crawl's batch size (in its warcinfo), so the export's batches, sorted and linked, are the crawl's.
    commit_every = warc_summary(sorted(args.warc, key=lambda p: Path(p).name)[0])[0].get("commit-every")
    overrides = ([f"NEWSCRAWL_COMMIT_EVERY={commit_every}"] if commit_every and commit_every.isdigit() else [])
    overrides += args.settings + ([f"NEWSCRAWL_FORMATS={args.formats}"] if args.formats else [])
    settings = crawl_settings(out, args.sites_dir, overrides)
    try:
        registry = load_registry(settings.get("NEWSCRAWL_SITES_DIR") or None)
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReextractSpider)
    process.crawl(crawler, paths=args.warc, registry=registry)
    process.start()
    stats = crawler.stats.get_stats()
    print(f"re-extracted {stats.get('newscrawl/requested', 0)} page(s) from {len(args.warc)} WARC file(s): "
          f"{stats.get('newscrawl/exported', 0)} exported to {out}")
    return 0 if stats.get("finish_reason") == "finished" else 1
