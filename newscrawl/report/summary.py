"""One site's figures in the manifest's field names, and the short per-site table printed at the end of a run.

The table replaces Scrapy's stats dump (which goes to DEBUG, and whole into the manifest): one line per site
with its outcome, what was found, fetched and exported, what was dropped and what failed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscrawl.report.balance import unaccounted
from newscrawl.report.outcomes import describe_errors

# manifest field -> counter (docs/stats.md)
SITE_COUNTERS = {"discovered": "discovered", "requested": "requested", "answered": "answered",
                 "exported": "exported", "duplicates": "duplicates", "skipped_seen": "skipped/seen",
                 "skipped_dropped": "skipped/dropped", "skipped_out_of_range": "skipped/out_of_range",
                 "skipped_duplicate_request": "skipped/duplicate_request",
                 "not_modified": "not_modified", "rendered": "rendered", "retried": "retried"}
QUALITY_COUNTERS = {"no_date": "quality/no_date", "no_author": "quality/no_author",
                    "short_text": "quality/short_text"}


def site_fields(counts: Mapping[str, int]) -> dict[str, Any]:
    """The manifest's per-site fields from one site's counters (``per_site(stats)[site]``)."""
    fields: dict[str, Any] = {field: counts.get(counter, 0) for field, counter in SITE_COUNTERS.items()}
    for group in ("dropped", "errors", "source_errors", "refused"):
        fields[group] = {n.split("/", 1)[1]: v for n, v in counts.items() if n.startswith(f"{group}/")}
    fields["unaccounted"] = unaccounted(counts)
    fields["quality"] = {field: counts.get(counter, 0) for field, counter in QUALITY_COUNTERS.items()}
    return fields


def quality_shares(site: Mapping[str, Any]) -> dict[str, float | None]:
    """Share of the site's exported records without a date, without an author, with a short text."""
    exported = site.get("exported") or 0
    quality = site.get("quality") or {}
    return {name: (quality.get(name, 0) / exported if exported else None) for name in QUALITY_COUNTERS}


COLUMNS = ("site", "outcome", "found", "fetched", "exported", "dropped", "errors")


def summary_rows(sites: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, ...]]:
    rows = []
    for key in sorted(sites):
        s = sites[key]
        dropped, errors = s.get("dropped") or {}, s.get("errors") or {}
        rows.append((key, s.get("outcome", "?"), str(s.get("discovered", 0)), str(s.get("requested", 0)),
                     str(s.get("exported", 0)), str(sum(dropped.values())), str(sum(errors.values()))))
    return rows


def summary_table(sites: Mapping[str, Mapping[str, Any]]) -> str:
    """A plain-text table, one line per site, then the reasons of sites not ``ok``."""
    rows = [COLUMNS, *summary_rows(sites)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))) for row in rows]
    for key in sorted(sites):
        s = sites[key]
        if s.get("outcome") not in (None, "ok"):
            why = s.get("why") or describe_errors(s.get("errors") or {})
            lines.append(f"{key} {s.get('outcome')}: {why}")
    return "\n".join(lines)
