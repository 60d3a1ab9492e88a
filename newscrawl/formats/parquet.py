"""Parquet: a typed columnar file per partition, for pandas, polars, DuckDB, R arrow and Spark.

Types (``ARROW_TYPES``): strings as ``string``; ``authors``, ``agencies``, ``tags`` as ``list<string>``;
``published``, ``modified``, ``fetched_at`` as ``timestamp[us, tz=UTC]`` (the instant; the site's own UTC
offset is in the JSONL/CSV and in ``published_raw``); ``word_count`` int32, ``warc_offset`` int64,
``rendered`` bool; ``discovered_via`` as ``struct<type, url, lastmod, news_date: string>``; ``embeds``, ``images``,
``live_entries`` as lists of structs (``list<struct<type, url, text, author: string>>``,
``list<struct<url, caption, credit: string>>``, ``list<struct<time, time_shown, text: string>>``). The file's
key-value metadata holds ``newscrawl.schema_version``; ``schema_version`` is a string column. Snappy
compression (every reader has it).

Every file has the same columns (``parquet_columns``: every field of the schema, optional ones null when
unset), so that a reader of the whole folder, which takes its schema from one file, misses none. ``site`` is
not a column of the files: it is the hive partition key of their folder (``site=<key>``), which every dataset
reader turns into the column; stored in the file as well, pyarrow-based readers refuse the folder, because
pandas infers the key as a dictionary and ``pyarrow.dataset`` as a string, and neither type unifies with the
other (docs/formats.md).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from newscrawl.formats import atomic_write
from newscrawl.formats.layout import PARTITION_KEY
from newscrawl.items import ARTICLE_FIELDS, SCHEMA_VERSION

TIMESTAMP = pa.timestamp("us", tz="UTC")
VIA_TYPE = pa.struct([("type", pa.string()), ("url", pa.string()), ("lastmod", pa.string()),
                      ("news_date", pa.string())])
EMBED_TYPE = pa.list_(pa.struct([(k, pa.string()) for k in ("type", "url", "text", "author")]))
IMAGE_TYPE = pa.list_(pa.struct([(k, pa.string()) for k in ("url", "caption", "credit")]))
LIVE_ENTRY_TYPE = pa.list_(pa.struct([(k, pa.string()) for k in ("time", "time_shown", "text")]))
ARROW_TYPES: dict[str, pa.DataType] = {
    "authors": pa.list_(pa.string()),
    "agencies": pa.list_(pa.string()),
    "tags": pa.list_(pa.string()),
    "published": TIMESTAMP,
    "modified": TIMESTAMP,
    "fetched_at": TIMESTAMP,
    "word_count": pa.int32(),
    "warc_offset": pa.int64(),
    "rendered": pa.bool_(),
    "discovered_via": VIA_TYPE,
    "embeds": EMBED_TYPE,
    "images": IMAGE_TYPE,
    "live_entries": LIVE_ENTRY_TYPE,
    "schema_version": pa.string(),  # "1.0" is a version name, not a number
}


def parquet_columns() -> list[str]:
    """The columns of every Parquet file: the schema's fields but the partition key."""
    return [f for f in ARTICLE_FIELDS if f != PARTITION_KEY]


def _timestamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _via(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {k: (None if value.get(k) is None else str(value.get(k))) for k in ("type", "url", "lastmod", "news_date")}


def arrow_schema(cols: list[str]) -> pa.Schema:
    fields = [pa.field(c, ARROW_TYPES.get(c, pa.string())) for c in cols]
    return pa.schema(fields, metadata={"newscrawl.schema_version": SCHEMA_VERSION})


def to_table(records: list[dict[str, Any]]) -> pa.Table:
    cols = parquet_columns()
    schema = arrow_schema(cols)
    data: dict[str, list[Any]] = {}
    for col in cols:
        values = [r.get(col) for r in records]
        kind = ARROW_TYPES.get(col)
        if kind == TIMESTAMP:
            values = [_timestamp(v) for v in values]
        elif kind == VIA_TYPE:
            values = [_via(v) for v in values]
        elif kind is None:  # a field without a declared type: text (JSON-like values as their str)
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
        data[col] = values
    return pa.Table.from_pydict(data, schema=schema)


def write_parquet(records: list[dict[str, Any]], path: str | Path) -> None:
    """Write one partition atomically (temporary file, fsync, rename)."""
    table = to_table(records)

    def write(fh: BinaryIO) -> None:
        pq.write_table(table, fh, compression="snappy")

    atomic_write(Path(path), write)
