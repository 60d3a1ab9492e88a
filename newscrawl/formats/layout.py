"""Where each record lives: one folder per format, hive-partitioned by site, one file per publication day.

    <output>/jsonl/site=<key>/<YYYY-MM-DD>.jsonl
    <output>/csv/site=<key>/<YYYY-MM-DD>.csv
    <output>/parquet/site=<key>/<YYYY-MM-DD>.parquet

The ``site=<key>`` folder is the hive partition key that pandas, pyarrow.dataset, polars, DuckDB, Spark, R arrow
and Hugging Face ``datasets`` read as a column; every record also carries ``site`` itself, with the same value,
so a single file read on its own still says where it came from (docs/formats.md). Every path of the output is
made and parsed here, so that other readers of output folders (re-extraction, the dataset card, a merge of
worker folders) agree on it. The earlier layout, ``<output>/<key>/<day>.<ext>`` for every format side by side, is
recognised by :func:`legacy_files` and moved by ``newscrawl/formats/migrate.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

FORMATS = ("jsonl", "csv", "parquet")
PARTITION_KEY = "site"
# a day, and in a distributed crawl the worker that wrote the file: <day>.<worker> (newscrawl/distributed/)
DAY_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}|undated)(\.[A-Za-z0-9_-]+)?$")
# Folders of the output root that are not sites (the earlier layout put sites beside them).
RESERVED = frozenset({*FORMATS, "runs", "warc", "health", "demo", "sites"})


def format_dir(root: str | Path, fmt: str) -> Path:
    """``<root>/<fmt>``: the folder to hand a dataframe tool (``pd.read_parquet(format_dir(root, "parquet"))``)."""
    return Path(root) / fmt


def partition_path(root: str | Path, fmt: str, site: str, day: str) -> Path:
    """``<root>/<fmt>/site=<site>/<day>.<fmt>``."""
    return format_dir(root, fmt) / f"{PARTITION_KEY}={site}" / f"{day}.{fmt}"


def is_partition(path: Path) -> bool:
    """A file of the current layout (any format)."""
    fmt = path.suffix[1:]
    return (fmt in FORMATS and path.parent.parent.name == fmt and path.parent.name.startswith(f"{PARTITION_KEY}=")
            and DAY_NAME.match(path.stem) is not None)


def root_of(path: Path) -> Path:
    """The output root of a partition file."""
    return path.parent.parent.parent


def site_of(path: Path) -> str:
    """The site key of a partition file (current or earlier layout)."""
    name = path.parent.name
    return name.split("=", 1)[1] if name.startswith(f"{PARTITION_KEY}=") else name


def day_of(path: Path) -> str:
    """The file's day part, with its worker tag when it has one (``2026-11-27`` or ``2026-11-27.w1``)."""
    return path.stem


def publication_day(path: Path) -> str:
    """The publication day of a partition file, without a worker tag."""
    return path.stem.split(".")[0]


def derived_path(jsonl_path: Path, fmt: str) -> Path:
    """The ``fmt`` file of the same partition as a JSONL partition file."""
    return partition_path(root_of(jsonl_path), fmt, site_of(jsonl_path), day_of(jsonl_path))


def jsonl_of(path: Path) -> Path:
    """The JSONL partition a derived (CSV/Parquet) partition file is made from."""
    return partition_path(root_of(path), "jsonl", site_of(path), day_of(path))


def partitions(root: str | Path, fmt: str = "jsonl", site: str | None = None) -> list[Path]:
    """Every partition file of one format under an output root, sorted by site then day."""
    pattern = f"{PARTITION_KEY}={site if site is not None else '*'}/*.{fmt}"
    return sorted(p for p in format_dir(root, fmt).glob(pattern) if is_partition(p))


def formats_present(root: str | Path) -> list[str]:
    return [fmt for fmt in FORMATS if partitions(root, fmt)]


def legacy_path(path: Path) -> Path | None:
    """Where a file of the earlier layout (``<root>/<site>/<day>.<ext>``) goes now; None for any other file."""
    fmt = path.suffix[1:]
    site = path.parent.name
    untagged_day = DAY_NAME.match(path.stem) is not None and "." not in path.stem
    if fmt not in FORMATS or not untagged_day or not site or "=" in site or site in RESERVED:
        return None
    return partition_path(path.parent.parent, fmt, site, path.stem)


def legacy_files(root: str | Path) -> list[Path]:
    """Files of the earlier layout under an output root, JSONL first (the source of truth moves first)."""
    found = [p for p in Path(root).glob("*/*.*") if p.is_file() and legacy_path(p) is not None]
    return sorted(found, key=lambda p: (p.suffix != ".jsonl", str(p)))
