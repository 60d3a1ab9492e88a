"""How a run went, from its counters and Scrapy's finish reason: the rules of docs/outcomes.md, in one place.

A site is

- ``failed`` when nothing of it answered (no feed, sitemap, listing or article page came back with a 2xx/3xx
  answer) and it had errors: the outlet is down, blocks us, or the machine is offline;
- ``degraded`` when it answered but at least a fifth of what was asked of it failed (and at least 3 requests),
  when article pages were fetched and none was exported, or when a drift alert names it;
- ``ok`` otherwise (a site the run never reached, with no errors, is ``ok`` with zero counts).

The run is ``killed`` on SIGINT/SIGTERM (Scrapy's reason ``shutdown``), ``failed`` on any other reason that is
not a graceful end or when every site failed, ``partial`` when some site failed, ``finished`` otherwise.
A graceful end is ``finished`` or a ``CLOSESPIDER_*`` limit reached (item count, page count, time out): the
run did what it was asked to do. Scrapy's reason is kept beside the outcome (``finish_reason``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OK, DEGRADED, FAILED = "ok", "degraded", "failed"
FINISHED, PARTIAL, KILLED = "finished", "partial", "killed"
GRACEFUL = frozenset({"finished", "closespider_itemcount", "closespider_pagecount", "closespider_timeout",
                      "closespider_timeout_no_item"})
# Exit statuses of `scrapy crawl` (newscrawl/commands/crawl.py). 1 is also Scrapy's own for a crawl that
# failed at start (a bad argument, the state locked by another run).
EXIT_STATUS = {FINISHED: 0, FAILED: 1, PARTIAL: 3, KILLED: 4}
# Failure kinds (newscrawl/crawl/failures.py) of a network that is not there, rather than of a site.
NETWORK_KINDS = frozenset({"dns", "connection", "connection_refused", "timeout", "connecterror", "connectionlost",
                           "norouteerror", "responseneverreceived", "downloadfailederror"})
ERROR_SHARE_DEGRADED = 0.2
MIN_ERRORS_DEGRADED = 3


def errors_of(counts: Mapping[str, Any]) -> dict[str, int]:
    """{kind: n} of every failed request of one site, articles and sources together, from its counters
    (``errors/<kind>``, ``source_errors/<kind>``) or a manifest's ``errors`` and ``source_errors`` fields."""
    found: dict[str, int] = {}
    for group in ("errors", "source_errors"):
        if isinstance(counts.get(group), Mapping):
            items = counts[group].items()
        else:
            items = ((name.split("/", 1)[1], n) for name, n in counts.items() if name.startswith(f"{group}/"))
        for kind, n in items:
            found[kind] = found.get(kind, 0) + n
    return found


def describe_errors(errors: Mapping[str, int], most: int = 3) -> str:
    top = sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))[:most]
    return ", ".join(f"{n} {kind}" for kind, n in top)


def site_outcome(counts: Mapping[str, Any]) -> tuple[str, str]:
    """(outcome, why) of one site from its counters (docs/stats.md names, e.g. ``answered``, ``errors/dns``)."""
    errors = errors_of(counts)
    n_errors = sum(errors.values())
    answered, requested, exported = (int(counts.get(k, 0)) for k in ("answered", "requested", "exported"))
    if answered == 0 and exported == 0 and n_errors:
        return FAILED, f"nothing answered ({describe_errors(errors)})"
    if n_errors >= MIN_ERRORS_DEGRADED and n_errors >= ERROR_SHARE_DEGRADED * (answered + n_errors):
        return DEGRADED, f"{n_errors} of {answered + n_errors} requests failed ({describe_errors(errors)})"
    if requested and not exported and answered:
        return DEGRADED, f"{requested} article pages fetched, none exported"
    return OK, ""


def run_outcome(reason: str, site_outcomes: Mapping[str, str]) -> str:
    """The run's outcome from Scrapy's finish reason and the sites' outcomes."""
    if reason == "shutdown":
        return KILLED
    if reason not in GRACEFUL:
        return FAILED
    failed = [site for site, outcome in site_outcomes.items() if outcome == FAILED]
    if failed and len(failed) == len(site_outcomes):
        return FAILED
    return PARTIAL if failed else FINISHED


def exit_status(outcome: str, *, partial_is_success: bool = False) -> int:
    if outcome == PARTIAL and partial_is_success:
        return 0
    return EXIT_STATUS.get(outcome, EXIT_STATUS[FAILED])


def looks_offline(per_site: Mapping[str, Mapping[str, Any]], outcomes: Mapping[str, str]) -> bool:
    """Every site failed, and only ever on DNS or connection errors: the machine, not the sites."""
    if not outcomes or any(outcome != FAILED for outcome in outcomes.values()):
        return False
    kinds = {kind for site in outcomes for kind in errors_of(per_site.get(site, {}))}
    return bool(kinds) and kinds <= NETWORK_KINDS
