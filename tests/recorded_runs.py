"""Run manifests as a crawl records them, written for report tests: steady runs, then a simulated cliff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def site(exported: int, requested: int, *, dropped: dict[str, int] | None = None,
         errors: dict[str, int] | None = None, no_date: int = 0) -> dict[str, Any]:
    errs = errors or {}
    return {"discovered": requested + 5, "requested": requested, "answered": requested + 3 - sum(errs.values()),
            "exported": exported, "rendered": 0, "dropped": dropped or {}, "errors": errs,
            "quality": {"no_date": no_date, "no_author": 0, "short_text": 0}, "outcome": "ok", "why": "",
            "files": []}


def write_runs(output: Path, days: int = 6, cliff: bool = True) -> list[dict[str, Any]]:
    """``days`` daily runs of three sites; on the last day ``wadi`` yields nothing (a layout change)."""
    runs = []
    for day in range(1, days + 1):
        last = day == days
        wadi = (site(0, 40, dropped={"missing_text": 40}) if cliff and last
                else site(36, 40, dropped={"too_short": 4}))
        sites = {"wadi": wadi, "qadim": site(20, 22, dropped={"language": 2}, errors={"timeout": 1}),
                 "sahel": site(12, 12)}
        run_id = f"202611{day:02d}T030000Z-1-abcd"
        runs.append({"run_id": run_id, "started": f"2026-11-{day:02d}T03:00:00+00:00",
                     "ended": f"2026-11-{day:02d}T03:20:00+00:00", "outcome": "finished",
                     "finish_reason": "finished", "offline": False, "sites": sites, "totals": {}})
    folder = output / "runs"
    folder.mkdir(parents=True, exist_ok=True)
    for run in runs:
        (folder / f"{run['run_id']}.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    return runs


def expected_marks(runs: list[dict[str, Any]]) -> dict[str, int]:
    """Marks each chart must draw: a line per site; a bar segment per day and reason (or kind) above zero."""
    def segments(field: str) -> int:
        return sum(len({name for s in run["sites"].values() for name, n in s[field].items() if n}) for run in runs)
    return {"exports": len(runs[-1]["sites"]), "dropped": segments("dropped"), "errors": segments("errors")}
