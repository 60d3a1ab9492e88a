"""What was not collected, and under which terms: the card's coverage, settings per run, and terms of use.

Coverage is read from the run manifests (``<output>/runs/<run-id>.json``, newscrawl/report/manifest.py), one
per run that wrote into the folder: per site, the article links discovered, the records exported, the pages
or items dropped by reason (``dropped``) and the requests that failed by kind (``failed``, the manifest's
``errors``); per run and summed over all runs. The figures are the manifests' own, so the card never says
more than the runs recorded. Each run's settings come from its manifest too (``not recorded`` for manifests
written before they held them).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
COUNTS = ("discovered", "exported")
BY_REASON = {"dropped": "dropped", "failed": "errors"}  # card key -> manifest key


def read_manifests(output: Path) -> list[dict[str, Any]]:
    """Every run manifest of an output folder, oldest first; one that cannot be read is skipped with a line."""
    manifests = []
    for path in sorted((output / "runs").glob("*.json")):
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            logger.warning("datacard: run manifest %s not read: %s", path, exc)
    return manifests


def _site_figures(entry: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {name: int(entry.get(name) or 0) for name in COUNTS}
    for key, source in BY_REASON.items():
        figures[key] = {reason: int(n) for reason, n in sorted((entry.get(source) or {}).items())}
    return figures


def _add(total: dict[str, Any], figures: dict[str, Any]) -> None:
    for name in COUNTS:
        total[name] = total.get(name, 0) + figures[name]
    for key in BY_REASON:
        reasons = total.setdefault(key, {})
        for reason, n in figures[key].items():
            reasons[reason] = reasons.get(reason, 0) + n


def coverage(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    """``{"runs": [...], "all_runs": {site: figures}}``; figures are discovered, exported, dropped and failed."""
    runs, total = [], {}
    for manifest in manifests:
        sites = {key: _site_figures(entry) for key, entry in sorted((manifest.get("sites") or {}).items())}
        for key, figures in sites.items():
            _add(total.setdefault(key, {}), figures)
        runs.append({"run_id": manifest.get("run_id"), "started": manifest.get("started"),
                     "ended": manifest.get("ended"), "outcome": manifest.get("outcome"),
                     "arguments": manifest.get("arguments"), "settings": manifest.get("settings") or "not recorded",
                     "sites": sites})
    all_runs = {key: {**figures, **{k: dict(sorted(figures[k].items())) for k in BY_REASON}}
                for key, figures in sorted(total.items())}
    return {"runs": runs, "all_runs": all_runs}


DATASET_TERMS = (
    "No licence is granted for the articles' text, titles, descriptions, captions or images: their copyright "
    "stays with each outlet, under its own terms of use (listed per source; \"unknown\" where none was found). "
    "The derived fields (ids, URLs, dates, counts, hashes, duplicate and cluster links) and this card were "
    "produced with newscrawl, software under the MIT licence. Whether you may share the records depends on "
    "each outlet's terms and on the law where you work (text and data mining exceptions differ by country); "
    "this card is not legal advice.")


def source_terms(name: str, terms_url: str | None) -> str:
    where = f"terms of use: {terms_url}" if terms_url else "terms of use: unknown (none recorded in its site file)"
    return f"Text and images © {name}; {where}. This dataset grants no licence to them."
