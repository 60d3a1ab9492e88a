"""``python -m newscrawl extract PAGE.html --url URL [--site KEY] [--timezone TZ] [--debug]``: the record the
crawl would export for one saved page (the schema's fields, docs/schema.md), as JSON.

``--debug`` adds what only explains the record: the candidate blocks, the paragraphs, the decoding used.
A page of no registered site gets a stand-in site named after its host (country unknown).

Exit status: 0 with the record on stdout; 1 when the page holds no article (the reason on stderr, as the
crawl would count it: empty_body, not_html, too_complex, missing_text, mojibake…); 2 for a bad input (a
missing or unreadable file, a bad option value), on one line.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newscrawl.cli_args import InputError, Parser, encoding_label, fail, http_url, iso_time, read_input, timezone_name
from newscrawl.extract import no_article_reason
from newscrawl.extract.limits import MAX_BODY_BYTES

DEBUG_FIELDS = ("paragraphs", "blocks", "encoding", "mojibake", "canonical_url")
NO_ARTICLE = 1


def _site(key: str | None, url: str, tz: str | None) -> Any:
    from newscrawl.registry import RegistryError, load_registry, site_for_url

    try:
        registry = load_registry()
    except RegistryError as exc:
        raise InputError(f"error: {exc}") from None
    site = registry.get(key) if key else site_for_url(registry, url)
    if key and site is None:
        raise InputError(f"unknown site key {key!r}; known: {', '.join(sorted(registry))}")
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
    from newscrawl.items import record_of

    built = build_article(body, PageContext(site=site, url=url, fetched_at=fetched_at, http_charset=http_encoding))
    if built.article is None:
        return {}, built
    return record_of(built.article), built


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m newscrawl extract", description=__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, type=http_url, help="the URL the page was fetched from")
    parser.add_argument("--site", help="site key from the registry (default: the site owning --url, if any)")
    parser.add_argument("--timezone", type=timezone_name,
                        help="IANA timezone for dates without offset (default: the site's, or UTC)")
    parser.add_argument("--encoding", type=encoding_label, help="charset from the HTTP Content-Type header, if known")
    parser.add_argument("--fetched-at", type=iso_time,
                        help="ISO time the page was fetched (for relative dates; default: now)")
    parser.add_argument("--debug", action="store_true", help="add the extraction's internals (blocks, paragraphs…)")
    parser.add_argument("--no-blocks", action="store_true", help=argparse.SUPPRESS)  # the former default
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        body = read_input(args.page, MAX_BODY_BYTES)
        site = _site(args.site, args.url, args.timezone)
    except InputError as exc:
        fail(str(exc))
    fetched_at = (args.fetched_at or datetime.now(UTC)).replace(microsecond=0)
    record, built = exported_record(body, args.url, site, fetched_at, args.encoding)
    reason = built.rejected or (no_article_reason(built.extraction) if built.extraction is not None else None)
    if reason:
        detail = built.detail or ("no story text found" if reason == "missing_text" else "")
        print(f"no article: {reason}" + (f" ({detail})" if detail else ""), file=sys.stderr)
    if args.debug and built.extraction is not None:
        extraction = built.extraction.as_dict()
        record["debug"] = {name: extraction[name] for name in DEBUG_FIELDS}
        if reason:
            record["debug"]["rejected"] = reason
    if record and (args.debug or not reason):  # a page without article prints nothing unless asked to explain
        print(json.dumps(record, ensure_ascii=False, indent=1))
    return NO_ARTICLE if reason else 0
