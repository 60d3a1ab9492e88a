"""``python -m newscrawl extract PAGE.html --url URL [--site KEY] [--timezone TZ]``: one JSON object out."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.extract import extract_article


def _site(key: str | None, url: str, tz: str | None):
    from newscrawl.registry import load_registry, site_for_url

    registry = load_registry()
    site = registry.get(key) if key else site_for_url(registry, url)
    if key and site is None:
        raise SystemExit(f"unknown site key {key!r}; known: {', '.join(sorted(registry))}")
    if tz:
        if site is None:
            from newscrawl.registry import Selectors

            return _Bare(timezone=tz, selectors=Selectors(), key="")
        site = dataclasses.replace(site, timezone=tz)
    return site


@dataclasses.dataclass(frozen=True)
class _Bare:
    """A stand-in profile when only --timezone is given."""

    timezone: str
    selectors: object
    key: str


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl extract", description=__doc__)
    parser.add_argument("page", help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from")
    parser.add_argument("--site", help="site key from the registry (default: the site owning --url, if any)")
    parser.add_argument("--timezone", help="IANA timezone for dates without offset (default: the site's, or UTC)")
    parser.add_argument("--encoding", help="charset from the HTTP Content-Type header, if known")
    parser.add_argument("--fetched-at", help="ISO time the page was fetched (for relative dates)")
    parser.add_argument("--no-blocks", action="store_true", help="leave out the candidate blocks")
    args = parser.parse_args(argv)

    body = sys.stdin.buffer.read() if args.page == "-" else Path(args.page).read_bytes()
    fetched_at = datetime.fromisoformat(args.fetched_at) if args.fetched_at else None
    if fetched_at is not None and fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    site = _site(args.site, args.url, args.timezone)
    result = extract_article(body, args.url, site, http_encoding=args.encoding, fetched_at=fetched_at)
    record = {"url": args.url, "site": getattr(site, "key", None) or None, **result.as_dict()}
    record["word_count"] = len(result.text.split())
    if args.no_blocks:
        record.pop("blocks")
    print(json.dumps(record, ensure_ascii=False, indent=1))
    return 0
