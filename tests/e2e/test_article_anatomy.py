"""Article anatomy end to end: the real ``scrapy crawl news`` over the fixture site's ``marsad`` outlet (every
embed kind, a captioned gallery, a live blog, an opinion column), exported as JSONL, CSV and Parquet, then
re-extracted from its WARC files."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

from newscrawl.formats.csv import read_csv
from newscrawl.formats.layout import derived_path
from newscrawl.items import json_schema
from tests.e2e.crawling import ROOT, jsonl_files, read_records, run_crawl

pytestmark = pytest.mark.e2e
OUTLET = "marsad"


@pytest.fixture(scope="module")
def crawl(fixture_news, tmp_path_factory):
    root = tmp_path_factory.mktemp("anatomy")
    sites = fixture_news.write_profiles(root / "sites", keys=[OUTLET])
    result = run_crawl(sites, root / "out", "-s", "NEWSCRAWL_FORMATS=jsonl,csv,parquet",
                       "-s", "NEWSCRAWL_LEARN_BOILERPLATE_PAGES=0")
    assert result.returncode == 0, result.stderr[-3000:]
    return {"sites": sites, "out": root / "out", "records": read_records(root / "out")}


def test_every_page_exported_with_its_anatomy_and_only_the_story_as_text(fixture_news, crawl):
    outlet = fixture_news.outlets[OUTLET]
    records = {r["canonical_url"]: r for r in crawl["records"]}
    assert set(records) == fixture_news.expected()[OUTLET]
    validator = Draft202012Validator(json_schema())
    for url, record in records.items():
        expected = outlet.anatomy(url)
        assert not list(validator.iter_errors(record)), url
        assert record["text"] == expected["text"], url
        assert record["authors"] == expected["authors"], url
        assert record["embeds"] == expected["embeds"], url
        assert record["images"] == expected["images"], url
        assert record["live_entries"] == expected["live_entries"], url
    kinds = {e["type"] for r in records.values() for e in r["embeds"]}
    assert kinds == {"x", "instagram", "facebook", "youtube", "vimeo", "tiktok", "telegram", "iframe"}
    assert any(len(r["live_entries"]) >= 4 for r in records.values())


def test_csv_and_parquet_carry_the_same_anatomy(crawl):
    by_id = {r["id"]: r for r in crawl["records"]}
    for path in jsonl_files(crawl["out"]):
        for row in read_csv(derived_path(path, "csv")):
            for name in ("embeds", "images", "live_entries"):
                assert row[name] == by_id[row["id"]][name]
        table = pq.read_table(derived_path(path, "parquet"))
        assert str(table.schema.field("embeds").type).startswith("list<element: struct<type: string")
        for row in table.select(["id", "embeds", "images", "live_entries"]).to_pylist():
            for name in ("embeds", "images", "live_entries"):
                assert row[name] == by_id[row["id"]][name]


def test_reextracting_the_warc_files_gives_the_same_records(crawl, tmp_path):
    warcs = sorted((crawl["out"] / "warc").glob("*.warc.gz"))
    assert warcs
    result = subprocess.run([sys.executable, "-m", "newscrawl", "reextract", *map(str, warcs), "--out",
                             str(tmp_path / "re"), "--sites-dir", str(crawl["sites"])],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    crawl_files = {p.relative_to(crawl["out"]): p.read_bytes() for p in jsonl_files(crawl["out"])}
    again = {p.relative_to(tmp_path / "re"): p.read_bytes() for p in jsonl_files(tmp_path / "re")}
    assert again == crawl_files
