"""Regenerating CSV/Parquet partitions from their JSONL partition (the source of truth)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newscrawl.formats import DERIVED
from newscrawl.formats.csv import write_csv
from newscrawl.formats.jsonl import read_jsonl
from newscrawl.formats.layout import derived_path, jsonl_of, partitions

logger = logging.getLogger(__name__)

def write_parquet(records: list[dict[str, Any]], path: Path) -> None:
    # pyarrow is imported only when a run asks for Parquet: a JSONL-only run does not pay for it.
    from newscrawl.formats.parquet import write_parquet as write

    write(records, path)


WRITERS: dict[str, Callable[[list[dict[str, Any]], Path], None]] = {"csv": write_csv, "parquet": write_parquet}


def regenerate(jsonl_path: Path, formats: Iterable[str]) -> list[Path]:
    """Rewrite the given derived formats of one partition, plus any derived file it already has."""
    wanted = [f for f in DERIVED if f in set(formats) or derived_path(jsonl_path, f).exists()]
    if not wanted or not jsonl_path.exists():
        return []
    records = read_jsonl(jsonl_path)
    written = []
    for fmt in wanted:
        target = derived_path(jsonl_path, fmt)
        WRITERS[fmt](records, target)
        written.append(target)
    return written


def stale_partitions(root: Path) -> list[Path]:
    """JSONL partitions with a derived file older than themselves (left behind by a killed run)."""
    stale = set()
    for fmt in DERIVED:
        for derived in partitions(root, fmt):
            jsonl = jsonl_of(derived)
            if jsonl.exists() and derived.stat().st_mtime_ns < jsonl.stat().st_mtime_ns:
                stale.add(jsonl)
    return sorted(stale)


def refresh(jsonl_paths: Iterable[Path], formats: Iterable[str]) -> int:
    """Regenerate derived files for each partition; the number of files written."""
    formats = tuple(formats)
    written = 0
    for path in jsonl_paths:
        written += len(regenerate(path, formats))
    if written:
        logger.info("wrote %d derived file(s) (%s) from JSONL", written, ", ".join(f for f in formats) or "stale")
    return written
