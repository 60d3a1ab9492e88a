"""CSV: for Excel, R and anything else that reads tables.

- UTF-8 **with a BOM**, so Excel shows Arabic instead of mojibake; CRLF row ends (RFC 4180).
- **Every field quoted** (``csv.QUOTE_ALL``), so commas, quotes and the newlines between paragraphs of
  ``text`` stay inside their cell.
- Lists (``authors``, ``agencies``, ``tags``) joined with ``LIST_SEPARATOR`` (`` | ``); empty list = empty cell.
- Lists of objects (``embeds``, ``images``, ``live_entries``) as one JSON array per cell (UTF-8, unescaped
  Arabic); empty list = empty cell.
- ``discovered_via`` flattened into ``discovered_via_type``, ``discovered_via_url``,
  ``discovered_via_lastmod``, ``discovered_via_news_date``.
- Null = empty cell; booleans ``true``/``false``; timestamps as in JSONL (ISO 8601 with the site's offset).

``read_csv`` turns such a file back into records (used by the tests; handy for users).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, BinaryIO

from newscrawl.formats import atomic_write, columns

LIST_SEPARATOR = " | "
LIST_FIELDS = ("authors", "agencies", "tags")
OBJECT_LIST_FIELDS = ("embeds", "images", "live_entries")
VIA_PARTS = ("type", "url", "lastmod", "news_date")
INT_FIELDS = ("word_count", "warc_offset")
BOOL_FIELDS = ("rendered",)


def header(cols: list[str]) -> list[str]:
    out: list[str] = []
    for col in cols:
        if col == "discovered_via":
            out.extend(f"discovered_via_{p}" for p in VIA_PARTS)
        else:
            out.append(col)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def row(record: dict[str, Any], cols: list[str]) -> list[str]:
    cells: list[str] = []
    for col in cols:
        value = record.get(col)
        if col == "discovered_via":
            via = value or {}
            cells.extend(_cell(via.get(p)) for p in VIA_PARTS)
        elif col in OBJECT_LIST_FIELDS:
            cells.append(json.dumps(value, ensure_ascii=False) if value else "")
        else:
            cells.append(_cell(value))
    return cells


def write_csv(records: list[dict[str, Any]], path: str | Path) -> None:
    """Write one partition atomically (temporary file, fsync, rename)."""
    cols = columns(records)

    def write(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header(cols))
        for record in records:
            writer.writerow(row(record, cols))
        text.flush()
        text.detach()

    atomic_write(Path(path), write)


def read_csv(path: str | Path) -> list[dict[str, Any]]:
    """Records back from a CSV partition (lists split, discovered_via rebuilt, types restored; every other
    value, ``schema_version`` included, stays a string)."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    records = []
    for raw in rows:
        record: dict[str, Any] = {}
        via: dict[str, Any] = {}
        for key, value in raw.items():
            if key.startswith("discovered_via_"):
                part = key[len("discovered_via_"):]
                if value or part in ("type", "url"):
                    via[part] = value or None
            elif key in LIST_FIELDS:
                record[key] = value.split(LIST_SEPARATOR) if value else []
            elif key in OBJECT_LIST_FIELDS:
                record[key] = json.loads(value) if value else []
            elif key in INT_FIELDS:
                record[key] = int(value) if value else None
            elif key in BOOL_FIELDS:
                record[key] = value == "true"
            else:
                record[key] = value if value != "" else None
        record["discovered_via"] = via
        records.append(record)
    return records
