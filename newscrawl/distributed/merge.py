"""``python -m newscrawl merge DIR… --out DIR``: the workers' output folders as one dataset.

Each worker of a distributed crawl writes its own folder, partition files named ``<day>.<worker>.jsonl``.
Merging reads every folder's JSONL partitions (the source of truth; a partial last line left by a kill is
not read), keeps each article once (by ``id``: the shared state lets one worker export it, and a duplicate
could only come from a worker that came back after ``NEWSCRAWL_CLAIM_TTL``; it is counted and left out),
writes one ``jsonl/site=<key>/<day>.jsonl`` per partition (newscrawl/formats/layout.py) sorted as the export
sorts (publication time, fetch time),
derives the other formats (those any worker wrote, plus ``--formats``), copies the WARC files and run
manifests, sums the manifests into ``merge.json`` and writes the dataset card. Run it again after later runs:
the merged folder is rebuilt from the worker folders.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

from newscrawl.cli_args import Parser
from newscrawl.formats import DERIVED, atomic_write, parse_formats
from newscrawl.formats.derive import regenerate
from newscrawl.formats.layout import derived_path, partition_path, partitions, publication_day, site_of
from newscrawl.state.entries import utc_iso

logger = logging.getLogger(__name__)
COUNTERS = ("discovered", "requested", "exported", "duplicates", "skipped_seen", "skipped_dropped",
            "skipped_out_of_range", "not_modified", "rendered", "retried")


def merged_path(out: Path, path: Path) -> Path:
    """Where a worker's ``<day>.<worker>.jsonl`` partition goes in the merged folder: ``<day>.jsonl``."""
    return partition_path(out, "jsonl", site_of(path), publication_day(path))


def read_whole_lines(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1  # a last line without its newline is a kill's partial write
    return [json.loads(line) for line in data[:end].decode("utf-8").splitlines() if line.strip()]


def _sort_key(record: dict[str, Any]) -> tuple[str, str, str]:
    return (utc_iso(record.get("published")) or "9999", record.get("fetched_at") or "", record.get("id") or "")


def _link_or_copy(source: Path, target: Path) -> None:
    if target.exists():
        if target.stat().st_size != source.stat().st_size:
            raise SystemExit(f"merge: {target} exists and differs from {source}")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def sum_manifests(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    sites: dict[str, dict[str, Any]] = {}
    for manifest in manifests:
        for key, counts in manifest.get("sites", {}).items():
            site = sites.setdefault(key, {**{c: 0 for c in COUNTERS}, "dropped": {}, "errors": {}})
            for name in COUNTERS:
                site[name] += counts.get(name, 0)
            for group in ("dropped", "errors"):
                for reason, n in counts.get(group, {}).items():
                    site[group][reason] = site[group].get(reason, 0) + n
    outcomes: dict[str, int] = defaultdict(int)
    for manifest in manifests:
        outcomes[manifest.get("outcome", "unknown")] += 1
    return {"runs": len(manifests), "outcomes": dict(outcomes), "sites": sites}


class MergedCounts:
    """What the dataset card reads from a state, taken from the merged files instead."""

    def __init__(self, files: list[tuple[str, str, int]], clusters: tuple[int, int] | None):
        self.files, self.clusters = files, clusters

    def exported_by_file(self) -> list[tuple[str, str, int]]:
        return self.files

    def neardup_summary(self) -> tuple[int, int] | None:
        return self.clusters


def merge(inputs: list[Path], out: Path, formats: tuple[str, ...] = ("jsonl",), sites_dir: str | None = None,
          card: bool = True) -> dict[str, Any]:
    out = out.resolve()
    if any(out == d.resolve() for d in inputs):
        raise SystemExit("merge: --out must not be one of the input folders")
    groups: dict[Path, list[Path]] = defaultdict(list)
    wanted = set(formats)
    for folder in inputs:
        if not folder.is_dir():
            raise SystemExit(f"merge: {folder} is not a folder")
        for path in partitions(folder, "jsonl"):
            groups[merged_path(out, path)].append(path)
            wanted.update(f for f in DERIVED if derived_path(path, f).exists())
    seen: set[str] = set()
    dropped, written_files, clusters = 0, [], set()
    for target in sorted(groups):
        records = []
        for path in groups[target]:
            for record in read_whole_lines(path):
                if record["id"] in seen:
                    dropped += 1
                    continue
                seen.add(record["id"])
                records.append(record)
                clusters.add(record.get("cluster_id") or record["id"])
        records.sort(key=_sort_key)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        atomic_write(target, lambda fh, data=lines: fh.write(data))
        regenerate(target, [f for f in DERIVED if f in wanted])
        site = records[0]["site"] if records else site_of(target)
        written_files.append((site, str(target), len(records)))
    manifests = []
    for folder in inputs:
        for path in sorted((folder / "warc").glob("*.warc.gz")):
            _link_or_copy(path, out / "warc" / path.name)
        for path in sorted((folder / "runs").glob("*.json")):
            _link_or_copy(path, out / "runs" / path.name)
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
    summary = {"inputs": [str(d) for d in inputs], "records": len(seen), "duplicates_dropped": dropped,
               "partitions": len(written_files), "formats": ["jsonl", *sorted(wanted & set(DERIVED))],
               **sum_manifests(manifests)}
    atomic_write(out / "merge.json", lambda fh: fh.write(json.dumps(summary, ensure_ascii=False, indent=1).encode()))
    if card:
        write_card(out, written_files, (len(seen), len(clusters)) if seen else None, summary, sites_dir)
    return summary


def write_card(out: Path, files: list[tuple[str, str, int]], clusters: tuple[int, int] | None,
               summary: dict[str, Any], sites_dir: str | None) -> None:
    from newscrawl.datacard.collect import collect
    from newscrawl.datacard.markdown import render_markdown

    try:
        from newscrawl.registry import load_registry

        sites = dict(load_registry(sites_dir))
    except Exception as exc:  # the card names the outlets it can; counts come from the files
        logger.warning("merge: registry not loaded (%s); the card lists site keys only", exc)
        sites = {}
    run = {"run_id": "merge", "outcome": "merged", "exported": summary["records"],
           "sites": {key: site["exported"] for key, site in summary["sites"].items()}}
    data = collect(output=out, state=MergedCounts(files, clusters), sites=sites, settings={}, run=run)
    atomic_write(out / "datacard.json", lambda fh: fh.write(json.dumps(data, ensure_ascii=False, indent=1).encode()))
    atomic_write(out / "DATACARD.md", lambda fh: fh.write(render_markdown(data).encode("utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m newscrawl merge", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="the workers' output folders")
    parser.add_argument("--out", type=Path, required=True, help="the merged dataset's folder")
    parser.add_argument("--formats", default="jsonl", help="formats to write besides those the workers wrote")
    parser.add_argument("--sites-dir", default=None, help="site files for the dataset card (default: the registry)")
    parser.add_argument("--no-card", action="store_true", help="do not write DATACARD.md / datacard.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    summary = merge(args.inputs, args.out, parse_formats(args.formats), args.sites_dir, not args.no_card)
    print(f"merged {len(args.inputs)} folder(s) into {args.out}: {summary['records']} records in "
          f"{summary['partitions']} partition(s), formats {', '.join(summary['formats'])}; "
          f"{summary['duplicates_dropped']} duplicate(s) left out")
    return 0
