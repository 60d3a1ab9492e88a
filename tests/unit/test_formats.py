"""Output formats: CSV and Parquet written from records, read back with csv/pyarrow/pandas/DuckDB, kept in step
with JSONL by the export pipeline (regenerated at close, refreshed when stale, never partial)."""

import csv
import json
import os
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.formats import atomic_write, columns, parse_formats
from newscrawl.formats.csv import LIST_SEPARATOR, read_csv, write_csv
from newscrawl.formats.derive import regenerate, stale_partitions
from newscrawl.formats.jsonl import read_jsonl
from newscrawl.formats.layout import derived_path, partition_path
from newscrawl.formats.parquet import write_parquet
from newscrawl.items import Article, article_id
from newscrawl.textnorm import content_hash
from newscrawl.urls import url_key
from pipelines.export import JsonlExportPipeline
from tests.unit.components import close, component_crawler

TEXT = ("قال المتحدث باسم الوزارة، في بيان، إن \"الخطة\" تبدأ الأحد، وتشمل 12 محافظة.\n\n"
        "وأضاف أن المرحلة الثانية، التي تبدأ في مارس، تغطي القرى النائية.") * 3


def record(n: int = 1, **kw) -> dict:
    url = f"https://example.com/news/{n}"
    base = dict(id=article_id(url_key(url)), url=url, canonical_url=url, site="ex", site_name="مثال", country="EG",
                language="ar", title=f"عنوان، مع \"اقتباس\" {n}", text=TEXT + str(n), description=None,
                authors=["أحمد علي", "منى حسن"], agencies=["رويترز"], published="2026-11-27T10:00:00+02:00",
                published_raw="الجمعة 27 نوفمبر", modified=None, section="سياسة", tags=["مياه", "القاهرة"],
                image=None, word_count=40, fetched_at="2026-11-28T00:00:00+00:00",
                discovered_via={"type": "feed", "url": "https://example.com/rss"}, content_hash=content_hash(TEXT),
                duplicate_of=None, cluster_id=article_id(url_key(url)), rendered=False,
                warc_file="run-00000.warc.gz", warc_offset=1234 * n, schema_version="1.0")
    base.update(kw)
    return base


def test_parse_formats_always_has_jsonl_first_and_rejects_unknown():
    assert parse_formats("jsonl") == ("jsonl",)
    assert parse_formats("parquet, CSV") == ("jsonl", "csv", "parquet")
    assert parse_formats(["csv"]) == ("jsonl", "csv")
    with pytest.raises(ValueError, match="xlsx"):
        parse_formats("jsonl,xlsx")


def test_columns_follow_the_schema_and_optional_fields_only_when_present():
    cols = columns([record()])
    assert cols[:3] == ["id", "url", "canonical_url"] and "text_normalized" not in cols
    assert "text_normalized" in columns([record(), record(2, text_normalized="نص")])


def test_csv_has_bom_quotes_every_field_and_reads_back(tmp_path):
    via = {"type": "sitemap", "url": "https://e.com/s.xml", "lastmod": "2026-11-27"}
    records = [record(1), record(2, tags=[], authors=["واحد"], duplicate_of="a" * 20, discovered_via=via)]
    path = tmp_path / "2026-11-27.csv"
    write_csv(records, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Arabic"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3  # header + 2 records, although texts hold newlines, commas and quotes
    header = rows[0]
    assert "discovered_via_type" in header and "discovered_via" not in header
    first = dict(zip(header, rows[1], strict=True))
    assert first["text"] == records[0]["text"] and "\n\n" in first["text"]
    assert first["authors"] == LIST_SEPARATOR.join(records[0]["authors"])
    # every field quoted: each physical line of a record starts with a quote
    text = raw.decode("utf-8-sig")
    assert all(line.startswith('"') for line in text.split("\r\n") if line)
    back = read_csv(path)
    for original, loaded in zip(records, back, strict=True):
        for key, value in original.items():
            assert loaded[key] == value, key


def test_parquet_types_load_in_pyarrow_pandas_and_duckdb(tmp_path):
    records = [record(1), record(2, published=None, modified="2026-11-27T12:30:00+03:00")]
    path = tmp_path / "2026-11-27.parquet"
    write_parquet(records, path)
    table = pq.read_table(path)
    schema = table.schema
    assert schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("word_count").type == pa.int32()
    assert schema.field("rendered").type == pa.bool_()
    assert pa.types.is_struct(schema.field("discovered_via").type)
    assert schema.metadata[b"newscrawl.schema_version"] == b"1.0"
    assert schema.field("schema_version").type == pa.string() and table.column("schema_version")[0].as_py() == "1.0"
    assert "site" not in schema.names and "text_normalized" in schema.names  # the folder's key; every column
    rows = table.to_pylist()
    assert rows[0]["published"] == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # the same instant as +02:00
    assert rows[1]["published"] is None
    assert rows[0]["authors"] == ["أحمد علي", "منى حسن"] and rows[0]["text"] == records[0]["text"]
    assert rows[0]["discovered_via"] == {"type": "feed", "url": "https://example.com/rss", "lastmod": None,
                                         "news_date": None}

    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(path)
    assert frame["schema_version"].iloc[0] == "1.0"
    write_csv(records, tmp_path / "x.csv")
    as_text = pandas.read_csv(str(tmp_path / "x.csv"), encoding="utf-8-sig", dtype={"schema_version": str})
    assert as_text["schema_version"].iloc[0] == "1.0"  # as docs/formats.md says; untold, pandas reads 1.0
    assert pandas.read_csv(tmp_path / "x.csv", encoding="utf-8-sig")["schema_version"].iloc[0] == 1.0
    assert read_csv(str(tmp_path / "x.csv"))[0]["schema_version"] == "1.0"
    published = pandas.to_datetime(pandas.Series(["2026-11-27T10:00:00+02:00", "2026-11-27T10:00:00.5+03:00"]),
                                   utc=True, format="ISO8601")  # mixed offsets, as docs/formats.md says
    assert str(published.dt.tz) == "UTC" and published.iloc[1].hour == 7
    assert str(frame["published"].dtype).startswith("datetime64") and str(frame["published"].dt.tz) == "UTC"
    assert list(frame["tags"].iloc[0]) == ["مياه", "القاهرة"]

    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    count, first_tag, kind = con.execute(
        f"SELECT count(*), min(tags[1]), any_value(typeof(published)) FROM read_parquet('{path}')").fetchone()
    assert count == 2 and first_tag == "مياه" and kind.startswith("TIMESTAMP WITH TIME ZONE")


def test_atomic_write_leaves_the_old_file_and_no_part_file_on_failure(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"old")

    def broken(fh):
        fh.write(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        atomic_write(path, broken)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.parquet"]


def crawler_for(tmp_path, **settings):
    return component_crawler(tmp_path, NEWSCRAWL_COMMIT_EVERY=2, NEWSCRAWL_WARC=False, **settings)


def article(n: int) -> Article:
    r = record(n)
    for key in ("cluster_id", "warc_file", "warc_offset"):
        r.pop(key)
    return Article(**r)


def test_export_writes_every_format_with_the_same_records(tmp_path):
    crawler = crawler_for(tmp_path, NEWSCRAWL_FORMATS="jsonl,csv,parquet")
    pipe = JsonlExportPipeline.from_crawler(crawler)
    pipe.open_spider()
    for n in range(5):
        pipe.process_item(article(n))
    pipe.close_spider()
    close(crawler)
    def day(fmt):
        return partition_path(tmp_path, fmt, "ex", "2026-11-27")

    jsonl = read_jsonl(day("jsonl"))
    assert [r["id"] for r in read_csv(str(day("csv")))] == [r["id"] for r in jsonl]  # a str path as well
    table = pq.read_table(day("parquet")).to_pylist()
    assert [r["id"] for r in table] == [r["id"] for r in jsonl]
    assert [r["text"] for r in table] == [r["text"] for r in jsonl]
    assert not list(tmp_path.glob("*/site=ex/.*part"))


def test_stale_derived_files_are_regenerated_from_jsonl(tmp_path):
    part = partition_path(tmp_path, "jsonl", "ex", "2026-11-27")
    part.parent.mkdir(parents=True)
    part.write_text(json.dumps(record(1), ensure_ascii=False) + "\n", encoding="utf-8")
    assert set(regenerate(part, ("csv", "parquet"))) == {derived_path(part, "csv"), derived_path(part, "parquet")}
    assert stale_partitions(tmp_path) == []
    # a killed run appended to the JSONL after the derived files were made (and left a partial line)
    with part.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record(2), ensure_ascii=False) + "\n" + '{"id": "half')
    future = part.stat().st_mtime_ns + 10_000_000
    os.utime(part, ns=(future, future))
    assert stale_partitions(tmp_path) == [part]
    crawler = crawler_for(tmp_path)  # a run that asks only for JSONL still refreshes existing derived files
    pipe = JsonlExportPipeline.from_crawler(crawler)
    pipe.open_spider()
    pipe.close_spider()
    close(crawler)
    assert len(read_csv(derived_path(part, "csv"))) == 2
    assert pq.read_metadata(derived_path(part, "parquet")).num_rows == 2
