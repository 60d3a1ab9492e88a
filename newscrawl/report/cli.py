"""``python -m newscrawl report [--last N] [--output DIR]``: rebuild the latest run's report from the run
manifests (``<output>/runs/``), writing ``<output>/reports/<run-id>.html`` and its JSON twin."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from newscrawl.cli_args import Parser
from newscrawl.report.history import load_manifests

DEFAULT_RUNS = 30


def write_report(output: Path, last: int = DEFAULT_RUNS) -> Path | None:
    """Write the report of the newest run among the last ``last``; its path (None: no run manifest)."""
    manifests = load_manifests(output, last)
    if not manifests:
        return None
    from newscrawl.report.html import build  # matplotlib: imported only when a report is drawn

    page, data = build(manifests)
    folder = Path(output) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['run']['run_id']}.html"
    for target, text in ((path, page), (path.with_suffix(".json"),
                                         json.dumps(data, ensure_ascii=False, indent=1, default=str))):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m newscrawl report", description=__doc__)
    parser.add_argument("--last", type=int, default=DEFAULT_RUNS, metavar="N",
                        help=f"runs the charts and drift alerts look back over (default {DEFAULT_RUNS})")
    parser.add_argument("--output", type=Path, default=Path("output"), help="the crawl's output folder")
    args = parser.parse_args(argv)
    if args.last < 1:
        parser.error("--last must be at least 1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    path = write_report(args.output, args.last)
    if path is None:
        print(f"no run manifest in {args.output / 'runs'}")
        return 1
    print(path)
    return 0
