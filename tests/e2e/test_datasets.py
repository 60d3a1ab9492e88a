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
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.formats.csv import read_csv
from newscrawl.formats.layout import derived_path, formats_present, site_of
from tests.e2e.crawling import ROOT, jsonl_files, manifests, read_records, start_crawl

pytestmark = pytest.mark.e2e
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]
RUNS = {
    "jsonl": ["-s", "NEWSCRAWL_FORMATS=jsonl"],
    "csv": ["-s", "NEWSCRAWL_FORMATS=jsonl,csv"],
    "parquet": ["-s", "NEWSCRAWL_FORMATS=jsonl,parquet", "-O", "{root}/items.jsonl"],  # Scrapy's own feed too
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
    processes = {name: start_crawl(sites, root / name, *[a.format(root=root / name) for a in args], "-s",
                                   "NEWSCRAWL_LEARN_BOILERPLATE_PAGES=0", log=root / f"{name}.log")
                 for name, args in RUNS.items()}
    for name, process in processes.items():
        assert process.wait(timeout=600) == 0, (root / f"{name}.log").read_text()[-3000:]
    return {"sites": sites, **{name: root / name for name in RUNS}}


def stable(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in PER_CRAWL + ORDER_DEPENDENT}


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


def test_jsonl_run_writes_no_other_format(crawls):
    assert read_records(crawls["jsonl"])
    assert formats_present(crawls["jsonl"]) == ["jsonl"]
    assert sorted(p.name for p in crawls["jsonl"].iterdir() if p.is_dir()) == ["jsonl", "reports", "runs", "warc"]


def test_csv_loads_with_the_csv_module_and_holds_the_same_records(crawls):
    out = crawls["csv"]
    partitions = jsonl_files(out)
    assert partitions and all(derived_path(p, "csv").exists() for p in partitions)
    for part in partitions:
        path = derived_path(part, "csv")
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
    assert partitions and all(derived_path(p, "parquet").exists() for p in partitions)
    total = 0
    for part in partitions:
        table = pq.read_table(derived_path(part, "parquet"))
        assert table.schema.field("published").type == pa.timestamp("us", tz="UTC")
        assert table.schema.field("authors").type == pa.list_(pa.string())
        assert table.schema.field("word_count").type == pa.int32()
        jsonl = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
        rows = table.to_pylist()
        total += len(rows)
        for row, record in zip(rows, jsonl, strict=True):
            assert "site" not in row and site_of(part) == record["site"]  # the folder's hive key
            for key, value in record.items():
                if key == "site":
                    continue
                if key in ("published", "modified", "fetched_at") and value:
                    assert row[key] == datetime.fromisoformat(value), key
                elif key == "discovered_via":
                    assert {k: v for k, v in row[key].items() if v is not None} == value
                else:
                    assert row[key] == value, key
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
    runs = card["coverage"]["runs"]
    assert [r["run_id"] for r in runs] == [m["run_id"] for m in manifests(out)] and len(runs) == 1
    for run, manifest in zip(runs, manifests(out), strict=True):
        assert set(run["sites"]) == set(manifest["sites"])
        for site, entry in manifest["sites"].items():
            figures = run["sites"][site]
            assert (figures["discovered"], figures["exported"]) == (entry["discovered"], entry["exported"])
            assert figures["dropped"] == entry["dropped"] and figures["failed"] == entry["errors"]
        assert run["settings"]["NEWSCRAWL_FORMATS"] == "jsonl,parquet"
    assert sum(f["exported"] for f in card["coverage"]["all_runs"].values()) == len(records)
    assert sum(f["discovered"] for f in card["coverage"]["all_runs"].values()) >= len(records)
    page = (out / "DATACARD.md").read_text(encoding="utf-8")
    assert "## Coverage: what was collected and what was not" in page and "## Terms and licence" in page
    assert "## How to cite" in page and "@misc{" in page and card["sources"][0]["terms_url"] in page


def expected(records: list[dict]) -> dict[str, tuple]:
    """What every loader must give for each record, by id: a few fields of each type."""
    return {r["id"]: (r["site"], r["title"], r["text"], list(r["authors"]), list(r["tags"]), r["schema_version"],
                      r["word_count"], utc_instant(r["published"])) for r in records}


def utc_instant(value) -> str | None:
    if value is None or str(value) in ("NaT", "None"):
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).isoformat()


def loaded(rows: list[dict]) -> dict[str, tuple]:
    return {r["id"]: (r.get("site"), r["title"], r["text"], list(r["authors"]), list(r["tags"]), r["schema_version"],
                      r["word_count"], utc_instant(r["published"])) for r in rows}


def test_the_whole_parquet_folder_loads_in_one_call_in_every_tool(crawls, tmp_path, monkeypatch):
    out = crawls["parquet"]
    folder = out / "parquet"
    want = expected(read_records(out))
    assert len(want) > 20

    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(folder)
    assert str(frame["fetched_at"].dt.tz) == "UTC" and isinstance(frame["schema_version"].iloc[0], str)
    assert loaded(frame.to_dict("records")) == want  # site from the hive key, lists as arrays turned to lists

    import pyarrow.dataset as ds

    table = ds.dataset(folder, partitioning="hive").to_table()
    assert table.schema.field("site").type == pa.string() and table.schema.field("schema_version").type == pa.string()
    assert loaded(table.to_pylist()) == want

    polars = pytest.importorskip("polars")
    glob = polars.scan_parquet(f"{folder}/**/*.parquet").collect()
    assert loaded(glob.to_dicts()) == {i: (None, *w[1:]) for i, w in want.items()}  # the glob reads no hive key
    assert loaded(polars.scan_parquet(f"{folder}/**/*.parquet", hive_partitioning=True).collect().to_dicts()) == want

    duckdb = pytest.importorskip("duckdb")
    result = duckdb.connect().execute(
        f"SELECT * FROM read_parquet('{folder}/**/*.parquet', hive_partitioning=true)")
    names = [d[0] for d in result.description]
    assert loaded([dict(zip(names, row, strict=True)) for row in result.fetchall()]) == want

    # Hugging Face datasets, offline: its packaged Parquet builder, no hub, a cache in the test's folder.
    for name in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = pytest.importorskip("datasets")
    train = datasets.load_dataset("parquet", data_dir=str(folder), cache_dir=str(tmp_path / "hf"))["train"]
    assert "site" not in train.column_names  # the builder reads no hive key: site_name and url say the outlet
    assert loaded(list(train)) == {i: (None, *w[1:]) for i, w in want.items()}


def test_a_scrapy_feed_holds_exactly_the_exported_records(crawls):
    out = crawls["parquet"]
    feed = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "\\u" not in (out / "items.jsonl").read_text(encoding="utf-8")
    assert sorted(feed, key=lambda r: r["id"]) == sorted(read_records(out), key=lambda r: r["id"])
    assert all("requested_urls" not in r and r["cluster_id"] for r in feed)
    assert any(r["duplicate_of"] for r in feed)  # linked, as the partitions are
