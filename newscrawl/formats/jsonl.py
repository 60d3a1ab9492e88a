"""JSONL: one record per line, UTF-8 without ``\\u`` escapes, written with Scrapy's JsonLinesItemExporter."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from scrapy.exporters import JsonLinesItemExporter


class JsonlAppender:
    """Appends whole lines to one partition file; ``sync`` makes them durable (see docs/crash-safety.md)."""

    def __init__(self, path: Path):
        self.path = path
        self.fh = path.open("ab")
        self.exporter = JsonLinesItemExporter(self.fh, ensure_ascii=False)

    def write(self, record: dict[str, Any]) -> None:
        self.exporter.export_item(record)
        self.fh.flush()

    def sync(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        self.fh.close()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The complete records of a partition (a partial last line, left by a killed run, is skipped)."""
    records = []
    with path.open("rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                records.append(json.loads(line))
    return records
