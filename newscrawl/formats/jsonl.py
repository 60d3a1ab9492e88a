"""JSONL: one record per line, UTF-8 without ``\\u`` escapes, written with Scrapy's JsonLinesItemExporter."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from scrapy.exporters import JsonLinesItemExporter


class JsonlAppender:
    """Appends whole lines to one partition file; ``sync`` makes them durable (see docs/crash-safety.md).

    Each record is serialized first and written with unbuffered writes; if the write fails (disk full, file
    size limit) the file is cut back to where the line began, so a failed write never leaves half a line.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fh = path.open("ab", buffering=0)
        self._line = io.BytesIO()
        self.exporter = JsonLinesItemExporter(self._line, ensure_ascii=False)

    def write(self, record: dict[str, Any]) -> None:
        self._line.seek(0)
        self._line.truncate()
        self.exporter.export_item(record)
        data = memoryview(self._line.getvalue())
        fd = self.fh.fileno()
        start = os.fstat(fd).st_size  # append mode: the line goes at the end
        try:
            while data:
                data = data[self.fh.write(data):]
        except OSError:
            os.ftruncate(fd, start)
            raise

    def sync(self) -> None:
        os.fsync(self.fh.fileno())

    def close(self) -> None:
        """fsync, then close: a closed partition's lines are durable."""
        if not self.fh.closed:
            self.sync()
            self.fh.close()


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The complete records of a partition (a partial last line, left by a killed run, is skipped)."""
    records = []
    with Path(path).open("rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                records.append(json.loads(line))
    return records
