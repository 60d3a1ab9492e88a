"""The report's charts, drawn with matplotlib and inlined as SVG (no script, no network: opens from file://).

Each data mark (a site's line, a bar segment) carries an ``id`` starting ``mark-``, so a reader (or a test)
can count what was drawn. Charts over runs put the runs' UTC days on the x axis; runs of one day add up.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
from matplotlib.ticker import MaxNLocator  # noqa: E402

from newscrawl.report.history import run_day  # noqa: E402

matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "newscrawl", "font.size": 9})
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)

Series = dict[str, dict[str, int]]  # name -> {day: value}


def per_day(manifests: list[Mapping[str, Any]], value: Any) -> tuple[list[str], Series]:
    """(days, {name: {day: total}}) where ``value(manifest)`` gives {name: n} for one run."""
    days: list[str] = []
    series: Series = {}
    for manifest in manifests:
        day = run_day(dict(manifest))
        if day not in days:
            days.append(day)
        for name, n in value(manifest).items():
            series.setdefault(name, {})
            series[name][day] = series[name].get(day, 0) + int(n or 0)
    return days, series


def exports_by_site(manifests: list[Mapping[str, Any]]) -> tuple[list[str], Series]:
    return per_day(manifests, lambda m: {k: s.get("exported", 0) for k, s in (m.get("sites") or {}).items()})


def totals_by_kind(manifests: list[Mapping[str, Any]], field: str) -> tuple[list[str], Series]:
    """Per day, the sites' ``dropped`` or ``errors`` added up by reason/kind."""
    def value(m: Mapping[str, Any]) -> dict[str, int]:
        out: dict[str, int] = {}
        for site in (m.get("sites") or {}).values():
            for name, n in (site.get(field) or {}).items():
                out[name] = out.get(name, 0) + n
        return out
    return per_day(manifests, value)


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1))


def _figure(title: str, ylabel: str, days: list[str]) -> tuple[Any, Any]:
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts
    ax.set_xticks(range(len(days)), days, rotation=45, ha="right")  # days as labels, evenly spaced
    return fig, ax


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)


def line_chart(title: str, days: list[str], series: Series, prefix: str) -> str:
    """One line per name over the days (a site's exports: a cliff shows as a drop to zero)."""
    fig, ax = _figure(title, "records", days)
    for name in sorted(series):
        (line,) = ax.plot(range(len(days)), [series[name].get(d, 0) for d in days], marker="o", label=name)
        line.set_gid(f"mark-{prefix}-{_slug(name)}")
    if series:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_ylim(bottom=0)
    return _svg(fig)


def stacked_bars(title: str, days: list[str], series: Series, prefix: str) -> str:
    """Bars per day stacked by reason or kind; one mark per non-zero segment."""
    fig, ax = _figure(title, "pages", days)
    bottom = [0] * len(days)
    for name in sorted(series, key=lambda n: -sum(series[n].values())):
        heights = [series[name].get(d, 0) for d in days]
        bars = ax.bar(range(len(days)), heights, bottom=bottom, label=name)
        for day, height, rect in zip(days, heights, bars, strict=True):
            if height:
                rect.set_gid(f"mark-{prefix}-{_slug(name)}-{day}")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    if series:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return _svg(fig)


def report_charts(manifests: list[Mapping[str, Any]]) -> dict[str, str]:
    """{chart name: inline SVG} over the given runs, oldest first."""
    return {
        "exports": line_chart("Records exported per site per day", *exports_by_site(manifests), "exports"),
        "dropped": stacked_bars("Pages dropped, by reason", *totals_by_kind(manifests, "dropped"), "dropped"),
        "errors": stacked_bars("Failed requests, by kind", *totals_by_kind(manifests, "errors"), "errors"),
    }
