"""Spider arguments are validated up front: a bad one stops the crawl at start with a clear message."""

from __future__ import annotations

import pytest

from tests.e2e.crawling import read_records, run_crawl

pytestmark = pytest.mark.e2e


def assert_usage_error(result, message: str) -> None:
    """Exit status 2, the message as the last line of stderr, no traceback."""
    assert result.returncode == 2, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "Task exception" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("-a", "sites=wadi,nosuchsite"), "unknown site key(s): nosuchsite"),
    (("-a", "since=27/11/2026"), "-a since='27/11/2026': expected a date YYYY-MM-DD"),
    (("-a", "since=2026-11-27", "-a", "until=2026-11-01"), "is after -a until"),
    (("-a", "site=wadi"), "unknown spider argument(s): -a site; known: sites, since, until"),
    (("-s", "NEWSCRAWL_RETRY_RUNS=-1"), "NEWSCRAWL_RETRY_RUNS must be >= 0, not -1"),
    (("-s", "NEWSCRAWL_FORMATS=jsonl,xlsx"), "xlsx"),
    (("-s", "NEWSCRAWL_NEARDUP_ACTION=merge"), "choose one of flag, drop"),
])
def test_bad_argument_fails_at_start_before_any_request(fixture_news, tmp_path, args, message):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi"])
    fixture_news.reset_log()
    result = run_crawl(sites, tmp_path / "out", *args, timeout=120)
    assert_usage_error(result, message)
    assert fixture_news.requests_for("wadi") == []


@pytest.mark.parametrize(("make", "message"), [
    (lambda f: (f / "latin.toml").write_bytes('key = "x"\nname = "\u0645\u0648\u0642\u0639"\n'.encode("cp1256")),
     "latin.toml: not UTF-8 text"),
    (lambda f: (f / "folder.toml").mkdir(), "folder.toml: a folder, not a site file"),
    (lambda f: (f / "gone.toml").symlink_to(f / "nowhere.toml"), "gone.toml: cannot be read"),
    (lambda f: (f / "escape.toml").write_text('extends = "../../elsewhere"\n'), "must be the name of a base profile"),
])
def test_a_broken_sites_folder_is_one_line_naming_the_file(tmp_path, make, message):
    folder = tmp_path / "sites"
    folder.mkdir()
    make(folder)
    assert_usage_error(run_crawl(folder, tmp_path / "out", timeout=120), message)


def test_bad_site_file_fails_at_start_naming_file_and_field(tmp_path):
    folder = tmp_path / "sites"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = "x"\ndomains = ["x.com"]\ncountry = "EG"\n'
                                        'timezone = "Cairo/Egypt"\nsources = []\n[articles]\nallow = ["x"]\n')
    result = run_crawl(folder, tmp_path / "out", timeout=120)
    assert_usage_error(result, "broken.toml: field 'timezone'")


def test_subset_of_sites(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "qadim", "sahel"])
    result = run_crawl(sites, tmp_path / "out", "-a", "sites=qadim")
    assert result.returncode == 0, result.stderr[-2000:]
    assert {r["site"] for r in read_records(tmp_path / "out")} == {"qadim"}
