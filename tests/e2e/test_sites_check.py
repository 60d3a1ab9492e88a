"""``python -m newscrawl sites check`` offline: the fixture news site's healthy outlets pass, and outlets
broken on purpose (tests/fixture_site/outlets/broken.py) each fail with the reason a cron mail should show.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.registry import cli as sites_cli
from newscrawl.registry import load_registry
from newscrawl.registry.health import SiteCheck
from tests.fixture_site import FixtureNews
from tests.fixture_site.outlets import BROKEN_OUTLET_CLASSES

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]  # lamha needs a browser: see test_browser_site_*


@pytest.fixture(scope="module")
def broken():
    with FixtureNews(outlet_classes=BROKEN_OUTLET_CLASSES, seed_dir=None) as fixture:
        yield fixture


def run_check(capsys: pytest.CaptureFixture[str], tmp_path: Path, sites_dir: Path, *args: str) -> tuple[int, dict]:
    out = tmp_path / "report.json"
    status = sites_cli.main(["check", "--sites-dir", str(sites_dir), "--json", str(out), *args])
    report = json.loads(out.read_text(encoding="utf-8"))
    report["table"] = capsys.readouterr().out
    return status, report


def test_healthy_outlets_pass(fixture_news: FixtureNews, tmp_path: Path, capsys) -> None:
    sites_dir = fixture_news.write_profiles(tmp_path / "sites", keys=PLAIN_OUTLETS)
    status, report = run_check(capsys, tmp_path, sites_dir)
    by_key = {site["key"]: site for site in report["sites"]}
    assert status == 0, report["table"]
    assert set(by_key) == set(PLAIN_OUTLETS) and report["sites_failed"] == 0
    for key, site in by_key.items():
        assert site["ok"] and site["reasons"] == [], (key, site["reasons"])
        kinds = [c["kind"] for c in site["checks"]]
        assert "robots" in kinds and kinds[-1] == "article"
        sources = [c for c in site["checks"] if c["kind"] in ("feed", "sitemap", "listing")]
        assert len(sources) == len(load_registry(sites_dir)[key].sources)
        assert all(c["matched"] > 0 for c in sources)
        sample = site["sample"]
        assert sample["title"] and sample["published"] and sample["text_chars"] > 200
    sahel_index = next(c for c in by_key["sahel"]["checks"] if c["kind"] == "sitemap")
    assert "index of" in sahel_index["detail"]  # the sitemap index was followed to a child
    for key in PLAIN_OUTLETS:
        assert f"{key} " in report["table"] and " ok " in report["table"]


def test_robots_disallowed_article_is_never_sampled(fixture_news: FixtureNews, tmp_path: Path) -> None:
    sites_dir = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi"])
    site = load_registry(sites_dir)["wadi"]
    disallowed = {urlsplit(r["url"]).path for r in fixture_news.bad_routes() if r["kind"] == "disallowed"}
    fixture_news.reset_log()
    report = SiteCheck(site, timeout=10).run()
    fetched = {urlsplit(entry.path).path for entry in fixture_news.requests_for("wadi")}
    assert report.ok and disallowed and not disallowed & fetched


@pytest.mark.parametrize("outlet", BROKEN_OUTLET_CLASSES, ids=lambda cls: cls.key)
def test_broken_outlet_fails_with_its_reason(broken: FixtureNews, tmp_path: Path, capsys, outlet) -> None:
    sites_dir = broken.write_profiles(tmp_path / "sites", keys=[outlet.key])
    status, report = run_check(capsys, tmp_path, sites_dir, "--timeout", "1")
    (site,) = report["sites"]
    assert status == 1 and not site["ok"]
    assert site["reasons"][0] == outlet.broken, site["reasons"]
    failed = [c for c in site["checks"] if not c["ok"]]
    assert failed[0]["reason"] == outlet.broken and failed[0]["url"].startswith(broken.outlets[outlet.key].base_url)
    assert "FAIL" in report["table"] and outlet.broken in report["table"]


def test_partitioned_sitemap_is_filled_for_today(broken: FixtureNews, tmp_path: Path) -> None:
    site = load_registry(broken.write_profiles(tmp_path / "sites", keys=["drift"]))["drift"]
    report = SiteCheck(site, timeout=5).run()
    sitemap = next(c for c in report.checks if c.kind == "sitemap")
    today = SiteCheck(site).now
    assert sitemap.url.endswith(f"/sitemaps/{today:%Y-%m}.xml") and sitemap.found == 3 and sitemap.matched == 0


def test_all_failures_in_one_run_exit_nonzero(broken: FixtureNews, tmp_path: Path) -> None:
    """The cron form: every enabled site, through ``python -m newscrawl``, a JSON report and exit status 1."""
    keys = [c.key for c in BROKEN_OUTLET_CLASSES if c.key != "slow"]
    sites_dir = broken.write_profiles(tmp_path / "sites", keys=keys)
    out = tmp_path / "health.json"
    proc = subprocess.run([sys.executable, "-m", "newscrawl", "sites", "check", "--sites-dir", str(sites_dir),
                           "--json", str(out), "--timeout", "5"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert proc.returncode == 1, proc.stderr
    assert report["sites_checked"] == report["sites_failed"] == len(BROKEN_OUTLET_CLASSES) - 1
    assert "\\u" not in out.read_text(encoding="utf-8")  # Arabic names and titles unescaped
    assert "0/6 sites ok" in proc.stdout


def test_browser_site_fails_plain_check_with_a_hint(fixture_news: FixtureNews, tmp_path: Path) -> None:
    """lamha builds its articles with JavaScript: the plain-HTML check says so instead of passing it."""
    site = load_registry(fixture_news.write_profiles(tmp_path / "sites", keys=["lamha"]))["lamha"]
    report = SiteCheck(site, timeout=10).run()
    assert not report.ok and "browser" in report.reasons[0]


def test_mark_verified_only_for_passing_sites(broken: FixtureNews, fixture_news: FixtureNews, tmp_path: Path,
                                              capsys) -> None:
    sites_dir = tmp_path / "sites"
    fixture_news.write_profiles(sites_dir, keys=["sahel"])
    broken.write_profiles(sites_dir, keys=["hollow"])
    status, _ = run_check(capsys, tmp_path, sites_dir, "--mark-verified")
    registry = load_registry(sites_dir)
    assert status == 1 and registry["hollow"].verified == ""
    assert registry["sahel"].verified  # today's date, written into the file
