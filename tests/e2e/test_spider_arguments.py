"""Spider arguments are validated up front: a bad one stops the crawl at start with a clear message."""

from __future__ import annotations

import pytest

from tests.e2e.crawling import read_records, run_crawl

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("args", "message"), [
    (("-a", "sites=wadi,nosuchsite"), "unknown site key(s): nosuchsite"),
    (("-a", "since=27/11/2026"), "-a since='27/11/2026': expected a date YYYY-MM-DD"),
    (("-a", "since=2026-11-27", "-a", "until=2026-11-01"), "is after -a until"),
])
def test_bad_argument_fails_at_start_before_any_request(fixture_news, tmp_path, args, message):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi"])
    fixture_news.reset_log()
    result = run_crawl(sites, tmp_path / "out", *args, timeout=120)
    assert result.returncode != 0
    assert message in result.stderr
    assert fixture_news.requests_for("wadi") == []


def test_bad_site_file_fails_at_start_naming_file_and_field(tmp_path):
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = "x"\ndomains = ["x.com"]\ncountry = "EG"\n'
                                        'timezone = "Cairo/Egypt"\nsources = []\n[articles]\nallow = ["x"]\n')
    result = run_crawl(folder, tmp_path / "out", timeout=120)
    assert result.returncode != 0
    assert "broken.toml: field 'timezone'" in result.stderr


def test_subset_of_sites(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "qadim", "sahel"])
    result = run_crawl(sites, tmp_path / "out", "-a", "sites=qadim")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r["site"] for r in read_records(tmp_path / "out")} == {"qadim"}
