"""Output formats: JSONL (the exactly-once source of truth), CSV and Parquet derived from it.

``NEWSCRAWL_FORMATS=jsonl,csv,parquet`` chooses them per run (JSONL is always written). Each format has its
own folder, partitioned the same way, ``<output>/<fmt>/site=<key>/<YYYY-MM-DD>.<fmt>`` (``layout.py``, where
every output path is made), and holds the same records in the same order.

JSONL is appended record by record under the crash-safety protocol (docs/crash-safety.md). CSV and Parquet
cannot be appended safely (a Parquet footer is written last; a killed CSV append leaves a broken row), so
each is **regenerated whole from its JSONL partition** into a temporary file beside it, fsynced and renamed
over the final name: a reader never sees a partial file under a final name. When: at the close of every
run for the partitions it wrote to, and at the start of every run for any derived file older than its JSONL
(a run killed before its close). See docs/formats.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from newscrawl.formats.layout import FORMATS, derived_path
from newscrawl.items import ARTICLE_FIELDS, OPTIONAL_FIELDS

__all__ = ["DERIVED", "FORMATS", "atomic_write", "columns", "derived_path", "parse_formats"]
DERIVED = ("csv", "parquet")


def parse_formats(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The formats of a run, JSONL first and always; an unknown name raises ValueError."""
    names = value.split(",") if isinstance(value, str) else list(value or [])
    wanted = [n.strip().lower() for n in names if n and n.strip()]
    unknown = [n for n in wanted if n not in FORMATS]
    if unknown:
        raise ValueError(f"NEWSCRAWL_FORMATS: unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return ("jsonl", *[f for f in DERIVED if f in wanted])


def columns(records: list[dict[str, Any]]) -> list[str]:
    """Column order for tabular formats: the schema's fields, optional ones only when some record has them."""
    present = set().union(*(r.keys() for r in records)) if records else set()
    cols = [f for f in ARTICLE_FIELDS if f not in OPTIONAL_FIELDS or f in present]
    return cols + sorted(present - set(cols))


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a file under a temporary name beside it, fsync, then rename it over ``path`` (and fsync the dir)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with tmp.open("wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
