"""Drift alerts: a site whose yield or quality falls sharply against its own history.

A layout change shows as article pages fetched but no longer exported (the text or title is not found), a
block as requests that suddenly fail, a broken date or byline rule as records without them. Each signal is
compared with the median of the same site's earlier runs (at least ``MIN_HISTORY`` of them with enough
pages to judge, among the runs the report looks back over):

- ``yield``: share of fetched article pages exported falls below half its usual value (usual at least 20%);
- ``errors``: at least half of the requests fail, where usually at most a tenth did;
- ``no_date`` / ``no_author``: the share of exported records without a date / an author grows by 30 points.

A run is judged only with at least ``MIN_PAGES`` pages of the site (fetched, or exported for quality).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from statistics import median
from typing import Any

MIN_HISTORY = 3
MIN_PAGES = 5
YIELD_FLOOR, YIELD_FALL = 0.2, 0.5
ERRORS_USUAL_MAX, ERRORS_NOW_MIN = 0.1, 0.5
QUALITY_RISE = 0.3
JUDGED_OUTCOMES = ("finished", "partial")

Site = Mapping[str, Any]


def _yield(site: Site) -> float | None:
    requested = site.get("requested") or 0
    return (site.get("exported") or 0) / requested if requested >= MIN_PAGES else None


def _error_share(site: Site) -> float | None:
    errors = sum((site.get("errors") or {}).values())
    asked = (site.get("answered") or 0) + errors
    return errors / asked if asked >= MIN_PAGES else None


def _quality(name: str) -> Callable[[Site], float | None]:
    def share(site: Site) -> float | None:
        exported = site.get("exported") or 0
        return (site.get("quality") or {}).get(name, 0) / exported if exported >= MIN_PAGES else None
    return share


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def site_alerts(key: str, now: Site, earlier: list[Site]) -> list[dict[str, Any]]:
    found = []

    def judge(signal: str, measure: Callable[[Site], float | None], sharp: Callable[[float, float], bool],
              text: str) -> None:
        current = measure(now)
        past = [v for v in map(measure, earlier) if v is not None]
        if current is None or len(past) < MIN_HISTORY:
            return
        usual = median(past)
        if sharp(current, usual):
            found.append({"site": key, "signal": signal, "now": round(current, 3), "usual": round(usual, 3),
                          "message": f"{key}: {text} {_pct(current)}, usually {_pct(usual)} "
                                     f"(median of {len(past)} earlier runs)"})

    judge("yield", _yield, lambda c, u: u >= YIELD_FLOOR and c < YIELD_FALL * u,
          "share of fetched article pages exported fell to")
    judge("errors", _error_share, lambda c, u: u <= ERRORS_USUAL_MAX and c >= ERRORS_NOW_MIN,
          "share of failed requests rose to")
    for name, what in (("no_date", "without a date"), ("no_author", "without an author")):
        judge(name, _quality(name), lambda c, u: c - u >= QUALITY_RISE, f"share of records {what} rose to")
    return found


def drift_alerts(current: Mapping[str, Any], earlier: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Alerts for the run ``current`` (a manifest) against ``earlier`` manifests (oldest first)."""
    judged = [m for m in earlier if m.get("outcome") in JUDGED_OUTCOMES and m.get("run_id") != current.get("run_id")]
    alerts = []
    for key, site in sorted((current.get("sites") or {}).items()):
        history = [m["sites"][key] for m in judged if key in (m.get("sites") or {})]
        alerts.extend(site_alerts(key, site, history))
    return alerts
