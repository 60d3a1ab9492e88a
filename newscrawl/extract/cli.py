"""``python -m newscrawl extract PAGE.html --url URL [--site KEY] [--timezone TZ]``: one JSON object out.

Exit status: 0 with the record on stdout; 1 when the page holds no article (the reason on stderr, as the
crawl would count it: empty_body, not_html, too_complex, missing_text, mojibake…); 2 for a bad input (a
missing or unreadable file, a bad option value), on one line.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from newscrawl.cli_args import InputError, Parser, encoding_label, fail, http_url, iso_time, read_input, timezone_name
from newscrawl.extract import extract_article, no_article_reason
from newscrawl.extract.limits import MAX_BODY_BYTES

NO_ARTICLE = 1


def _site(key: str | None, url: str, tz: str | None):
    from newscrawl.registry import RegistryError, load_registry, site_for_url

    try:
        registry = load_registry()
    except RegistryError as exc:
        raise InputError(f"error: {exc}") from None
    site = registry.get(key) if key else site_for_url(registry, url)
    if key and site is None:
        raise InputError(f"unknown site key {key!r}; known: {', '.join(sorted(registry))}")
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


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m newscrawl extract", description=__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, type=http_url, help="the URL the page was fetched from")
    parser.add_argument("--site", help="site key from the registry (default: the site owning --url, if any)")
    parser.add_argument("--timezone", type=timezone_name,
                        help="IANA timezone for dates without offset (default: the site's, or UTC)")
    parser.add_argument("--encoding", type=encoding_label, help="charset from the HTTP Content-Type header, if known")
    parser.add_argument("--fetched-at", type=iso_time, help="ISO time the page was fetched (for relative dates)")
    parser.add_argument("--no-blocks", action="store_true", help="leave out the candidate blocks")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        body = read_input(args.page, MAX_BODY_BYTES)
        site = _site(args.site, args.url, args.timezone)
    except InputError as exc:
        fail(str(exc))
    result = extract_article(body, args.url, site, http_encoding=args.encoding, fetched_at=args.fetched_at)
    reason = no_article_reason(result)
    if reason:
        detail = result.detail or ("no story text found" if reason == "missing_text" else "")
        print(f"no article: {reason}" + (f" ({detail})" if detail else ""), file=sys.stderr)
        return NO_ARTICLE
    record = {"url": args.url, "site": getattr(site, "key", None) or None, **result.as_dict()}
    record["word_count"] = len(result.text.split())
    for internal in ("rejected", "detail") + (("blocks",) if args.no_blocks else ()):
        record.pop(internal)
    print(json.dumps(record, ensure_ascii=False, indent=1))
    return 0
