"""``python -m newscrawl sites list|check``: the registry as a table, and the live morning health check.

The sites folder is ``--sites-dir``, else the NEWSCRAWL_SITES_DIR environment variable (the crawl's
setting of the same name), else the bundled registry. Exit status: 0 all good, 1 a site failed its
check, 2 a usage or registry error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from newscrawl.registry import RegistryError, SiteProfile, load_registry, select_sites


def _registry(sites_dir: str | None) -> dict[str, SiteProfile]:
    return load_registry(sites_dir or os.environ.get("NEWSCRAWL_SITES_DIR") or None)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [headers, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)


def site_summary(site: SiteProfile) -> dict[str, Any]:
    """One row of ``sites list --json``."""
    counts = Counter(source.type for source in site.sources)
    return {
        "key": site.key, "name": site.name, "name_en": site.name_en, "country": site.country,
        "domains": list(site.domains), "sources": {t: counts.get(t, 0) for t in ("feed", "sitemap", "listing")},
        "mode": site.render, "cms": site.cms, "enabled": site.enabled, "verified": site.verified,
        "terms_url": site.terms_url,
    }


def cmd_list(args: argparse.Namespace) -> int:
    sites = list(_registry(args.sites_dir).values())
    if args.country:
        wanted = {c.strip().upper() for c in args.country.split(",") if c.strip()}
        sites = [s for s in sites if s.country.upper() in wanted]
    if args.missing_terms:
        sites = [s for s in sites if not s.terms_url]
    rows = [site_summary(s) for s in sorted(sites, key=lambda s: (s.country, s.key))]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    headers = ["key", "name", "country", "feeds", "sitemaps", "listings", "mode", "enabled", "verified", "terms",
               "الاسم"]
    # "MISSING": no terms-of-use URL was found for the outlet; read its site before crawling it.
    table = [[r["key"], r["name_en"] or r["name"], r["country"], *map(str, r["sources"].values()), r["mode"],
              "yes" if r["enabled"] else "no", r["verified"] or "-", "yes" if r["terms_url"] else "MISSING",
              r["name"]] for r in rows]
    print(_table(headers, table))
    missing = sum(1 for r in rows if not r["terms_url"])
    print(f"\n{len(rows)} sites, {len({r['country'] for r in rows})} countries, {missing} without a terms-of-use URL")
    return 0


def mark_verified(path: str, day: date) -> None:
    """Set ``verified = "YYYY-MM-DD"`` in a site file (after a passing check), keeping the rest as is."""
    text = Path(path).read_text(encoding="utf-8")
    line = f'verified = "{day.isoformat()}"'
    new, count = re.subn(r"""(?m)^verified\s*=\s*("[^"\n]*"|'[^'\n]*')[ \t]*$""", line, text, count=1)
    if not count:
        new = re.sub(r'(?m)^(key\s*=.*)$', lambda m: f"{m.group(1)}\n{line}", text, count=1)
    Path(path).write_text(new, encoding="utf-8")


def cmd_check(args: argparse.Namespace) -> int:
    from newscrawl.registry.health import check_sites  # imports discovery and protego; keep `sites list` light
    from newscrawl.registry.health.report import REPORT_HEADERS, report_rows

    registry = _registry(args.sites_dir)
    sites = select_sites(registry, args.keys)
    started = datetime.now(UTC)
    reports = check_sites(sites, timeout=args.timeout, workers=args.workers)
    failed = [r for r in reports if not r.ok]
    record = {
        "checked_at": started.isoformat(timespec="seconds"),
        "sites_checked": len(reports), "sites_failed": len(failed),
        "sites": [r.as_dict() for r in reports],
    }
    output_dir = Path(os.environ.get("NEWSCRAWL_OUTPUT_DIR") or "output")
    out = args.json or str(output_dir / "health" / f"sites-check-{started:%Y%m%dT%H%M%SZ}.json")
    if out == "-":
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(_table(REPORT_HEADERS, report_rows(reports)))
        print(f"\n{len(reports) - len(failed)}/{len(reports)} sites ok; report written to {out}")
    if args.mark_verified:
        today = datetime.now(UTC).date()
        for report in reports:
            if report.ok:
                mark_verified(registry[report.key].path, today)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newscrawl sites", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--sites-dir", help="folder of site files (default: $NEWSCRAWL_SITES_DIR or bundled)")
    ls = sub.add_parser("list", parents=[common], help="the registry as a table")
    ls.add_argument("--country", help="only these ISO country codes, comma-separated (e.g. MA,DZ)")
    ls.add_argument("--json", action="store_true", help="print a JSON list instead of the table")
    ls.add_argument("--missing-terms", action="store_true",
                    help="only sites without a terms-of-use URL (terms_url), to review before a crawl")
    ls.set_defaults(run=cmd_list)
    ck = sub.add_parser("check", parents=[common], help="check sites live (robots, sources, one article)")
    ck.add_argument("keys", nargs="*", help="site keys (default: every enabled site)")
    ck.add_argument("--json", metavar="OUT", help="write the JSON report here ('-' prints it instead of the "
                    "table; default <NEWSCRAWL_OUTPUT_DIR or output>/health/sites-check-<time>.json)")
    ck.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    ck.add_argument("--workers", type=int, default=8, help="sites checked at once (default 8)")
    ck.add_argument("--mark-verified", action="store_true",
                    help="write today's date into the `verified` field of every site that passed")
    ck.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return args.run(args)
    except RegistryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `sites list | head`: the reader has gone, which is fine
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
