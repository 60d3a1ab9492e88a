"""``python -m newscrawl extract PAGE.html --url URL [--site KEY] [--timezone TZ] [--debug]``: the record the
crawl would export for one saved page (the schema's fields, docs/schema.md), as JSON.

``--debug`` adds what only explains the record: the candidate blocks, the paragraphs, the decoding used.
A page of no registered site gets a stand-in site named after its host (country unknown).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEBUG_FIELDS = ("paragraphs", "blocks", "encoding", "mojibake", "canonical_url")


def _site(key: str | None, url: str, tz: str | None) -> Any:
    from newscrawl.registry import load_registry, site_for_url

    registry = load_registry()
    site = registry.get(key) if key else site_for_url(registry, url)
    if key and site is None:
        raise SystemExit(f"unknown site key {key!r}; known: {', '.join(sorted(registry))}")
    if site is None:
        site = _stand_in(url, tz or "UTC")
    return dataclasses.replace(site, timezone=tz) if tz else site


def _stand_in(url: str, tz: str) -> Any:
    """A site profile for a page of no registered site: its host as key and name, any URL an article."""
    from newscrawl.registry import SiteProfile

    host = (urlsplit(url).hostname or "page").removeprefix("www.")
    key = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "page"
    return SiteProfile(key=key, name=host, domains=(host,), country="", language="ar", timezone=tz, sources=(),
                       allow=(re.compile("."),))


def exported_record(body: bytes, url: str, site: Any, fetched_at: datetime,
                    http_encoding: str | None = None) -> tuple[dict[str, Any], Any]:
    """(the record as the export writes it, the extraction behind it); the record is {} for a rejected page."""
    from newscrawl.crawl.article_builder import PageContext, build_article
    from newscrawl.formats import OPTIONAL_FIELDS
    from newscrawl.items import ARTICLE_FIELDS

    built = build_article(body, PageContext(site=site, url=url, fetched_at=fetched_at, http_charset=http_encoding))
    if built.article is None:
        return {}, built
    record = {name: getattr(built.article, name) for name in ARTICLE_FIELDS}
    for name in OPTIONAL_FIELDS:
        if record.get(name) is None:
            record.pop(name, None)
    return record, built


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from")
    parser.add_argument("--site", help="site key from the registry (default: the site owning --url, if any)")
    parser.add_argument("--timezone", help="IANA timezone for dates without offset (default: the site's, or UTC)")
    parser.add_argument("--encoding", help="charset from the HTTP Content-Type header, if known")
    parser.add_argument("--fetched-at", help="ISO time the page was fetched (for relative dates; default: now)")
    parser.add_argument("--debug", action="store_true", help="add the extraction's internals (blocks, paragraphs…)")
    parser.add_argument("--no-blocks", action="store_true", help=argparse.SUPPRESS)  # the former default
    args = parser.parse_args(argv)

    body = sys.stdin.buffer.read() if args.page == "-" else Path(args.page).read_bytes()
    fetched_at = datetime.fromisoformat(args.fetched_at) if args.fetched_at else datetime.now(UTC)
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    site = _site(args.site, args.url, args.timezone)
    record, built = exported_record(body, args.url, site, fetched_at.replace(microsecond=0), args.encoding)
    if not record:
        print(f"no record: {built.rejected} {built.detail}".strip(), file=sys.stderr)
    if args.debug and built.extraction is not None:
        extraction = built.extraction.as_dict()
        record["debug"] = {name: extraction[name] for name in DEBUG_FIELDS}
        if built.rejected:
            record["debug"]["rejected"] = built.rejected
    print(json.dumps(record, ensure_ascii=False, indent=1))
    return 0 if built.article is not None else 1
