"""The run report: one self-contained HTML page (inline CSS and SVG, no script, no external URL) and its JSON
twin, built from run manifests alone, so ``python -m newscrawl report`` can rebuild it at any time.

The latest run's per-site table (outcome, found, fetched, exported, dropped by reason, rendered, errors,
quality shares), its drift alerts, and charts over the runs the report looks back over.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from newscrawl.report.charts import exports_by_site, report_charts, totals_by_kind
from newscrawl.report.drift import drift_alerts
from newscrawl.report.summary import quality_shares

CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}
td:first-child,th:first-child,td.l{text-align:left}.failed{background:#fdd}.degraded{background:#ffe9c4}
.alert{color:#900;font-weight:bold}figure{margin:1.5em 0}small{color:#666}"""
RUN_FIELDS = ("run_id", "started", "ended", "outcome", "finish_reason", "offline")


def report_data(manifests: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The JSON twin: the latest run, its sites and alerts, and the series the charts draw."""
    latest = manifests[-1]
    alerts = latest.get("alerts")
    if alerts is None:  # a manifest written before drift alerts existed
        alerts = drift_alerts(latest, list(manifests[:-1]))
    sites = {}
    for key, site in sorted((latest.get("sites") or {}).items()):
        sites[key] = {**{k: v for k, v in site.items() if k != "files"},
                      "quality_shares": quality_shares(site)}
    days, exports = exports_by_site(manifests)
    return {
        "run": {k: latest.get(k) for k in RUN_FIELDS},
        "sites": sites,
        "alerts": alerts,
        "runs": [{"run_id": m["run_id"], "started": m.get("started"), "outcome": m.get("outcome"),
                  "exported": sum(s.get("exported", 0) for s in m["sites"].values())} for m in manifests],
        "series": {"days": days, "exports": exports,
                   "dropped": totals_by_kind(manifests, "dropped")[1],
                   "errors": totals_by_kind(manifests, "errors")[1]},
    }


def _share(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _kinds(counts: Mapping[str, int]) -> str:
    return escape(", ".join(f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "–")


def _site_row(key: str, s: Mapping[str, Any]) -> str:
    q = s["quality_shares"]
    cells = [f'<td class="l">{escape(key)}</td>', f'<td class="l">{escape(str(s.get("outcome", "?")))}</td>',
             *(f"<td>{int(s.get(f, 0))}</td>" for f in ("discovered", "requested", "exported", "rendered")),
             f'<td class="l">{_kinds(s.get("dropped") or {})}</td>',
             f'<td class="l">{_kinds(s.get("errors") or {})}</td>',
             *(f"<td>{_share(q[name])}</td>" for name in ("no_date", "no_author", "short_text")),
             f'<td class="l">{escape(str(s.get("why") or ""))}</td>']
    return f'<tr class="{escape(str(s.get("outcome", "")))}">{"".join(cells)}</tr>'


def render_html(data: Mapping[str, Any], charts: Mapping[str, str]) -> str:
    run = data["run"]
    head = ("site outcome found fetched exported rendered dropped errors no&nbsp;date no&nbsp;author short "
            "why").split()
    alerts = "".join(f'<li class="alert">{escape(a["message"])}</li>' for a in data["alerts"])
    figures = "".join(f'<figure data-chart="{escape(name)}">{svg}</figure>' for name, svg in charts.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newscrawl run {escape(run["run_id"])}</title>
<style>{CSS}</style></head><body>
<h1>Run {escape(run["run_id"])}: {escape(str(run.get("outcome")))}</h1>
<p>started {escape(str(run.get("started")))}, ended {escape(str(run.get("ended")))}, Scrapy's finish reason
<code>{escape(str(run.get("finish_reason")))}</code>{"; <b>every site failed on the network: offline?</b>"
                                                     if run.get("offline") else ""}</p>
<h2>Drift alerts</h2>{f"<ul>{alerts}</ul>" if alerts else "<p>none</p>"}
<h2>Sites</h2><table><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr>
{"".join(_site_row(k, s) for k, s in data["sites"].items())}</table>
<p><small>found: article links discovered; fetched: article pages requested; quality columns: share of the
exported records.</small></p>
<h2>Over the last {len(data["runs"])} runs</h2>{figures}
</body></html>
"""


def build(manifests: list[Mapping[str, Any]]) -> tuple[str, dict[str, Any]]:
    """(html, json twin) for the last of ``manifests`` (oldest first) against the others."""
    data = report_data(manifests)
    return render_html(data, report_charts(manifests)), data
