"""Backfill: -a since/until restrict articles by date; date-partitioned sitemaps are walked over the range."""

from __future__ import annotations

import pytest

from tests.e2e.crawling import read_records, run_crawl

pytestmark = pytest.mark.e2e


def test_since_until_exports_only_articles_published_in_range(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "sahel", "qadim"])
    result = run_crawl(sites, tmp_path / "out", "-a", "since=2026-11-22", "-a", "until=2026-11-24")
    assert result.returncode == 0, result.stderr[-3000:]
    records = read_records(tmp_path / "out")
    assert records
    assert all("2026-11-22" <= r["published"][:10] <= "2026-11-24" for r in records)
    expected = {
        fixture_news.outlets[key].canonical_url(a)
        for key in ("wadi", "sahel", "qadim")
        for a in fixture_news.articles(key)
        if "2026-11-22" <= a.published.date().isoformat() <= "2026-11-24"
    } & set().union(*fixture_news.expected().values())
    assert {r["canonical_url"] for r in records} == expected


def test_partitioned_sitemap_walked_over_the_range(fixture_news, tmp_path):
    base = fixture_news.outlets["sahel"].base_url
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "sahel.toml").write_text(f"""
key = "sahel"
name = "الساحل"
domains = ["{base.split('//')[1]}"]
allow_private_addresses = true
country = "AE"
timezone = "Asia/Dubai"
sources = [{{ type = "sitemap", url = "{base}/sitemaps/{{YYYY}}-{{MM}}.xml", partition = "monthly" }}]
[articles]
allow = ['/news/\\d{{4}}/\\d{{2}}/\\d{{2}}/\\d+-']
[politeness]
delay = 0.0
concurrency = 4
""", encoding="utf-8")
    fixture_news.reset_log()
    result = run_crawl(folder, tmp_path / "out", "-a", "since=2026-09-15", "-a", "until=2026-11-30")
    assert result.returncode == 0, result.stderr[-3000:]
    asked = {r.path for r in fixture_news.requests_for("sahel")}  # months without a sitemap answer 404
    assert {"/sitemaps/2026-09.xml", "/sitemaps/2026-10.xml", "/sitemaps/2026-11.xml"} <= asked
    assert {r["site"] for r in read_records(tmp_path / "out")} == {"sahel"}
