"""What the health check records: one Check per step, one SiteReport per site, and the cron table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Check:
    kind: str  # robots | feed | sitemap | listing | article
    url: str
    ok: bool = True
    reason: str = ""  # why it failed (empty when ok)
    found: int = 0  # links read from the source
    matched: int = 0  # of them, article URLs of the site
    detail: str = ""  # what was read instead (e.g. the partition or index child used)
    rendered: bool = False  # read through Chromium, as the crawl reads it (render = auto/browser)
    refused: int = 0  # requests of the rendered page refused for leaving the site

    def fail(self, reason: str) -> Check:
        self.ok, self.reason = False, reason
        return self


@dataclass
class SiteReport:
    key: str
    name: str
    ok: bool
    reasons: list[str]
    checks: list[Check]
    sample: dict[str, Any] = field(default_factory=dict)
    elapsed_s: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


REPORT_HEADERS = ["key", "status", "sources ok", "article urls", "sample chars", "rendered", "reason"]


def report_rows(reports: list[SiteReport]) -> list[list[str]]:
    """One table row per site: sources passing, article URLs matched, sample size, distinct failures."""
    rows = []
    for r in reports:
        sources = [c for c in r.checks if c.kind in ("feed", "sitemap", "listing")]
        rows.append([r.key, "ok" if r.ok else "FAIL", f"{sum(c.ok for c in sources)}/{len(sources)}",
                     str(sum(c.matched for c in sources)), str(r.sample.get("text_chars", "-")),
                     ",".join(dict.fromkeys(c.kind for c in r.checks if c.rendered)) or "-",
                     "; ".join(dict.fromkeys(f"{c.kind}: {c.reason}" for c in r.checks if not c.ok)) or "-"])
    return rows
