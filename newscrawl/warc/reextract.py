"""``python -m newscrawl reextract WARC... [--out DIR]``: rebuild a crawl's items offline from its WARC files.

The command and the archive index live here; the spider that yields the items is spiders/reextract.py.

Each archived article page is read back with the context the crawl archived beside it (site, discovered_via,
fetch time = the WARC-Date, rendered, the learned-boilerplate set in force; see newscrawl/warc/records.py) and built
by the same function the crawl uses (newscrawl.crawl.article_builder). The items then go through the crawl's own
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.cli_args import Parser
from newscrawl.registry import RegistryError, SiteProfile, load_registry, site_for_url
from newscrawl.urls import request_url
from newscrawl.warc.records import ArchivedPage, read_pages, warc_summary


def superseded_pages(paths: list[Path], ended_runs: set[str] | None = None) -> set[tuple[str, int]]:
    """(file, offset) of pages whose item the crawl replaced by a later page's (see ``archive_index``)."""
    return archive_index(paths, ended_runs)[0]


def archived_sites(paths: list[Path], registry: dict[str, SiteProfile]) -> dict[str, SiteProfile]:
    """The registry's sites that pages of the archive belong to (their metadata, else their URL's owner)."""
    sites: dict[str, SiteProfile] = {}
    for hint in archive_index(paths)[2]:
        site = registry.get(hint) or site_for_url(registry, hint)
        if site is not None:
            sites.setdefault(site.key, site)
    return sites


def archive_index(paths: list[Path], ended_runs: set[str] | None = None
                  ) -> tuple[set[tuple[str, int]], set[str], set[str]]:
    """One pass over the archive (bodies not read): the pages whose item the crawl replaced by a later
    page's, the URLs of every archived page (``request_url`` form, for twins read from their canonical
    page), and each page's site key (its URL where the metadata has none). Replaced pages:

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
    site_hints = {meta.get("site") or url for _, _, url, meta in pages}
    for i, (f, o, url, meta) in enumerate(pages):
        if not meta.get("rendered") and refetched.get(url, -1) > i:
            superseded.add((f, o))
            continue
        run = str(meta.get("run_id") or "")
        if ended_runs is not None and run and run not in ended_runs:
            later, later_run = last_run.get(meta.get("request_url") or url, (i, run))
            if later > i and later_run != run:
                superseded.add((f, o))
    return superseded, archived, site_hints


def is_html_page(page: ArchivedPage) -> bool:
    content_type = (page.header("Content-Type") or "").lower()
    return 200 <= page.status < 300 and (not content_type or "html" in content_type or "xml" in content_type)


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
    parser = Parser(prog="python -m newscrawl reextract", description=__doc__,
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

    from spiders.reextract import ReextractSpider

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ReextractSpider)
    process.crawl(crawler, paths=args.warc, registry=registry)
    process.start()
    stats = crawler.stats.get_stats()
    print(f"re-extracted {stats.get('newscrawl/requested', 0)} page(s) from {len(args.warc)} WARC file(s): "
          f"{stats.get('newscrawl/exported', 0)} exported to {out}")
    return 0 if stats.get("finish_reason") == "finished" else 1
