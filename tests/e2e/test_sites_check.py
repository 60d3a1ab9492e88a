"""``python -m newscrawl sites check`` offline: the fixture news site's healthy outlets pass, and outlets
broken on purpose (tests/fixture_site/outlets/broken.py) each fail with the reason a cron mail should show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.registry import cli as sites_cli
from newscrawl.registry import load_registry
from newscrawl.registry.health import SiteCheck
from newscrawl.registry.health.browser import NO_BROWSER
from tests.e2e.edge_site import Answer, EdgeSite
from tests.fixture_site import FixtureNews
from tests.fixture_site.outlets import BROKEN_OUTLET_CLASSES

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]  # lamha needs a browser: see test_javascript_outlet_*


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


@pytest.mark.browser
def test_javascript_outlet_passes_rendered_and_fails_as_plain_html(fixture_news: FixtureNews, tmp_path: Path,
                                                                   capsys, chromium) -> None:
    """lamha builds its articles (and half its listing) with JavaScript: its ``auto`` profile passes because
    the check renders what the crawl renders; the same outlet read as plain HTML fails, saying why."""
    plain_dir = fixture_news.write_profiles(tmp_path / "plain", keys=["lamha"], render={"lamha": "plain"})
    status, report = run_check(capsys, tmp_path, plain_dir)
    (plain,) = report["sites"]
    assert status == 1 and not plain["ok"] and "JavaScript" in plain["reasons"][0], plain["reasons"]
    assert not any(c["rendered"] for c in plain["checks"])
    sites_dir = fixture_news.write_profiles(tmp_path / "sites", keys=["lamha"])  # its own profile: auto
    status, report = run_check(capsys, tmp_path, sites_dir)
    (site,) = report["sites"]
    assert status == 0 and site["ok"], site["reasons"]
    checks = {c["kind"]: c for c in site["checks"]}
    assert checks["listing"]["rendered"] and checks["article"]["rendered"] and not checks["robots"]["rendered"]
    plain_listing = next(c for c in plain["checks"] if c["kind"] == "listing")
    assert checks["listing"]["matched"] > plain_listing["matched"]  # links only scrolling reveals
    assert site["sample"]["rendered"] and site["sample"]["text_chars"] > 200 and site["sample"]["published"]
    assert "listing,article" in report["table"]  # the table's rendered column


@pytest.mark.browser
def test_a_rendered_check_fetches_nothing_off_the_site(tmp_path: Path, chromium) -> None:
    """The page's own requests (a script, a frame, a fetch) to another host are refused in Chromium."""
    with EdgeSite() as site, EdgeSite() as offsite:
        off = offsite.base
        for n in (1, 2):
            site.article(f"/news/{n}", n)
        site.routes["/news/1"].body = site.routes["/news/1"].body.replace(b"</body>", (
            f'<script src="{off}/tracker.js"></script><iframe src="{off}/frame"></iframe>'
            f'<script>fetch("{off}/api").catch(() => null)</script></body>').encode())
        site.routes["/section/"] = Answer(body=(
            f'<html><body><a href="{site.base}/news/1">1</a><a href="{site.base}/news/2">2</a>'
            f'<img src="{off}/pixel.gif"><script src="{off}/listing.js"></script></body></html>').encode())
        site.feed("/rss.xml", [("/news/1", "Wed, 01 May 2024 12:00:00 +0300")])
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml"), ("listing", "/section/")],
                                   r"/news/\d+$", key="hostile")
        profile = sites / "hostile.toml"
        profile.write_text(profile.read_text().replace('render = "plain"', 'render = "browser"'))
        report = SiteCheck(load_registry(sites)["hostile"], timeout=10).run()
        assert report.ok, report.reasons
        assert offsite.log == []
        checks = {c.kind: c for c in report.checks}
        assert checks["listing"].rendered and checks["article"].rendered and not checks["feed"].rendered
        assert checks["article"].url.endswith("/news/1") and checks["article"].refused >= 3


def test_without_chromium_a_browser_site_fails_in_one_line(fixture_news: FixtureNews, tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    sites_dir = fixture_news.write_profiles(tmp_path / "sites", keys=["lamha", "sahel"], render={"lamha": "browser"})
    out = tmp_path / "health.json"
    env = {**os.environ, "NEWSCRAWL_BROWSER_PATH": "", "NEWSCRAWL_BROWSER_SEARCH": str(empty / "chromium"),
           "PLAYWRIGHT_BROWSERS_PATH": str(empty)}
    proc = subprocess.run([sys.executable, "-m", "newscrawl", "sites", "check", "--sites-dir", str(sites_dir),
                           "--json", str(out), "--timeout", "5"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    by_key = {s["key"]: s for s in json.loads(out.read_text(encoding="utf-8"))["sites"]}
    assert by_key["sahel"]["ok"]  # a plain site never notices
    assert by_key["lamha"]["reasons"][0] == NO_BROWSER
    assert f"listing: {NO_BROWSER}" in proc.stdout


def test_mark_verified_only_for_passing_sites(broken: FixtureNews, fixture_news: FixtureNews, tmp_path: Path,
                                              capsys) -> None:
    sites_dir = tmp_path / "sites"
    fixture_news.write_profiles(sites_dir, keys=["sahel"])
    broken.write_profiles(sites_dir, keys=["hollow"])
    status, _ = run_check(capsys, tmp_path, sites_dir, "--mark-verified")
    registry = load_registry(sites_dir)
    assert status == 1 and registry["hollow"].verified == ""
    assert registry["sahel"].verified  # today's date, written into the file
