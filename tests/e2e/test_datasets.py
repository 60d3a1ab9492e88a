"""Research datasets end to end: the real ``scrapy crawl news`` against the fixture site, once per format.

Four crawls run side by side (one fixture site, separate output folders): ``jsonl``, ``csv``, ``parquet``, and
one with near-duplicates dropped and ``text_normalized`` on. Their files are loaded back with the csv module,
pyarrow, pandas and DuckDB; the WARC files of the JSONL crawl are re-extracted offline and must give the very
same JSONL; the wire story's copies share one ``cluster_id``; the dataset card describes the output.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.formats.csv import read_csv
from tests.e2e.crawling import ROOT, jsonl_files, manifests, read_records, start_crawl

pytestmark = pytest.mark.e2e
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]
RUNS = {
    "jsonl": ["-s", "NEWSCRAWL_FORMATS=jsonl"],
    "csv": ["-s", "NEWSCRAWL_FORMATS=jsonl,csv"],
    "parquet": ["-s", "NEWSCRAWL_FORMATS=jsonl,parquet"],
    "drop": ["-s", "NEWSCRAWL_NEARDUP_ACTION=drop", "-s", "NEWSCRAWL_TEXT_NORMALIZED=True"],
}
PER_CRAWL = ("fetched_at", "warc_file", "warc_offset")  # differ between two crawls of the same pages
ORDER_DEPENDENT = ("duplicate_of", "cluster_id", "discovered_via")  # which copy or source came first


@pytest.fixture(scope="module")
def crawls(fixture_news, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("datasets")
    sites = fixture_news.write_profiles(root / "sites", keys=PLAIN_OUTLETS)
    # Boilerplate learning makes the text of a site's first pages depend on fetch order (docs/extraction.md);
    # these crawls run side by side and must agree record for record, so it is off here.
    processes = {name: start_crawl(sites, root / name, *args, "-s", "NEWSCRAWL_LEARN_BOILERPLATE_PAGES=0",
                                   log=root / f"{name}.log") for name, args in RUNS.items()}
    for name, process in processes.items():
        assert process.wait(timeout=600) == 0, (root / f"{name}.log").read_text()[-3000:]
    return {"sites": sites, **{name: root / name for name in RUNS}}


def stable(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in PER_CRAWL + ORDER_DEPENDENT}


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def test_jsonl_run_writes_no_other_format(crawls):
    assert read_records(crawls["jsonl"])
    assert not list(crawls["jsonl"].glob("*/*.csv")) and not list(crawls["jsonl"].glob("*/*.parquet"))


def test_csv_loads_with_the_csv_module_and_holds_the_same_records(crawls):
    out = crawls["csv"]
    partitions = jsonl_files(out)
    assert partitions and all(p.with_suffix(".csv").exists() for p in partitions)
    for part in partitions:
        path = part.with_suffix(".csv")
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 BOM"
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        jsonl = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in rows] == [r["id"] for r in jsonl]
        assert [r["text"] for r in rows] == [r["text"] for r in jsonl]  # paragraphs' newlines kept in the cell
        assert read_csv(path) == jsonl  # every field, lists and discovered_via rebuilt
    assert {i: stable(r) for i, r in by_id(read_records(out)).items()} == \
           {i: stable(r) for i, r in by_id(read_records(crawls["jsonl"])).items()}


def test_parquet_loads_typed_in_pyarrow_pandas_and_duckdb_with_the_same_records(crawls):
    out = crawls["parquet"]
    partitions = jsonl_files(out)
    assert partitions and all(p.with_suffix(".parquet").exists() for p in partitions)
    total = 0
    for part in partitions:
        table = pq.read_table(part.with_suffix(".parquet"))
        assert table.schema.field("published").type == pa.timestamp("us", tz="UTC")
        assert table.schema.field("authors").type == pa.list_(pa.string())
        assert table.schema.field("word_count").type == pa.int32()
        jsonl = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
        rows = table.to_pylist()
        total += len(rows)
        for row, record in zip(rows, jsonl, strict=True):
            for key, value in record.items():
                if key in ("published", "modified", "fetched_at") and value:
                    assert row[key] == datetime.fromisoformat(value), key
                elif key == "discovered_via":
                    assert {k: v for k, v in row[key].items() if v is not None} == value
                else:
                    assert row[key] == value, key
    pandas = pytest.importorskip("pandas")
    frame = pandas.concat([pandas.read_parquet(p.with_suffix(".parquet")) for p in partitions])
    assert len(frame) == total and str(frame["fetched_at"].dt.tz) == "UTC"
    duckdb = pytest.importorskip("duckdb")
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}/*/*.parquet')").fetchone()[0] == total
    assert {i: stable(r) for i, r in by_id(read_records(out)).items()} == \
           {i: stable(r) for i, r in by_id(read_records(crawls["jsonl"])).items()}


def test_reextracting_the_warc_files_gives_the_same_jsonl(crawls, tmp_path):
    out = crawls["jsonl"]
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    assert warcs, "the crawl archived nothing"
    records = read_records(out)
    assert all(r["warc_file"] == warcs[0].name or r["warc_file"] in {w.name for w in warcs} for r in records)
    result = subprocess.run([sys.executable, "-m", "newscrawl", "reextract", *map(str, warcs), "--out",
                             str(tmp_path / "re"), "--sites-dir", str(crawls["sites"])],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    crawl_files = {p.relative_to(out): p.read_bytes() for p in jsonl_files(out)}
    again = {p.relative_to(tmp_path / "re"): p.read_bytes() for p in jsonl_files(tmp_path / "re")}
    assert sorted(again) == sorted(crawl_files)
    for name, data in crawl_files.items():
        assert again[name] == data, f"{name} differs after re-extraction"


def test_wire_story_copies_share_a_cluster_and_another_story_does_not(fixture_news, crawls):
    wire = fixture_news.wire_story()
    records = {r["canonical_url"]: r for r in read_records(crawls["jsonl"])}
    first, second, edited, other = (records[wire[k]] for k in ("first", "second", "near_duplicate", "different"))
    cluster = first["cluster_id"]
    assert second["cluster_id"] == edited["cluster_id"] == cluster
    assert cluster in (first["id"], second["id"], edited["id"])  # the id of the first copy exported
    assert other["cluster_id"] == other["id"] and other["cluster_id"] != cluster
    assert sum(1 for r in records.values() if r["cluster_id"] == cluster) == 3


def test_drop_setting_removes_near_duplicates_counted_and_adds_text_normalized(fixture_news, crawls):
    wire = fixture_news.wire_story()
    kept = read_records(crawls["drop"])
    urls = {r["canonical_url"] for r in kept}
    assert wire["different"] in urls
    copies = [u for u in (wire["first"], wire["second"], wire["near_duplicate"]) if u in urls]
    assert len(copies) == 1  # the first of the cluster only
    assert all(r["cluster_id"] == r["id"] for r in kept)
    assert all(r["text_normalized"] and "\u064b" not in r["text_normalized"] for r in kept)
    assert manifests(crawls["drop"])[-1]["totals"].get("dropped/near_duplicate") == 2
    assert len(kept) == len(read_records(crawls["jsonl"])) - 2


def test_dataset_card_describes_the_output(crawls):
    out = crawls["parquet"]
    card = json.loads((out / "datacard.json").read_text(encoding="utf-8"))
    records = read_records(out)
    assert card["records"] == len(records)
    assert {s["key"] for s in card["sources"]} == set(PLAIN_OUTLETS)
    assert all(s["terms_url"] for s in card["sources"])
    assert sum(sum(days.values()) for days in card["counts_per_site_day"].values()) == len(records)
    days = sorted(r["published"][:10] for r in records if r.get("published"))
    assert card["date_range"]["last"] == max(days)
    assert set(card["formats"]) == {"jsonl", "parquet"} and card["warc_files"] >= 1
    assert card["settings"]["NEWSCRAWL_FORMATS"] == "jsonl,parquet"
    page = (out / "DATACARD.md").read_text(encoding="utf-8")
    assert "## How to cite" in page and "@misc{" in page and card["sources"][0]["terms_url"] in page
