"""Earlier runs, read back from their manifests (``output/runs/<run-id>.json``), oldest first.

Run ids start with the UTC start time (newscrawl/state/owner.py), so their order is the runs' order. A
manifest that cannot be read (cut off, edited by hand) is left out with a one-line warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def runs_dir(output: Path) -> Path:
    return Path(output) / "runs"


def load_manifests(output: Path, last: int | None = None) -> list[dict[str, Any]]:
    """The last ``last`` run manifests under ``output`` (all when None), oldest first."""
    paths = sorted(runs_dir(output).glob("*.json"))
    manifests = []
    for path in reversed(paths):
        if last is not None and len(manifests) >= last:
            break
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("run manifest %s left out: %s", path.name, exc)
            continue
        if isinstance(data, dict) and isinstance(data.get("sites"), dict) and data.get("run_id"):
            manifests.append(data)
        else:
            logger.warning("run manifest %s left out: not a run manifest", path.name)
    return manifests[::-1]


def run_day(manifest: dict[str, Any]) -> str:
    """The UTC day a run started, ``YYYY-MM-DD``."""
    return str(manifest.get("started") or manifest["run_id"])[:10]
