"""JavaScript sites end to end: the real ``scrapy crawl news`` with a real Chromium against the fixture site.

``lamha`` is a single-page app: its article pages are shells filled by JavaScript after load and its listing
links half of its stories only after scrolling. Chromium is launched through a wrapper script that logs each
launch, so "no browser was started" is a fact the test reads, not an inference from missing stats.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.crawling import ROOT, crawl_command, manifests, read_records
from tests.fixture_site import FixtureNews

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
JS = "lamha"
OTHERS = ["wadi", "sahel", "nile", "qadim"]
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NEWSCRAWL_RENDER_SCROLL_PAUSE=1.5")


@pytest.fixture(scope="module")
def site():
    with FixtureNews() as fixture:  # the seed page too, when ../shared/seed is there
        yield fixture


def wrapper(folder: Path, chromium: str) -> tuple[Path, Path]:
    """An executable that records each launch, then becomes the real Chromium (same pipes, same arguments)."""
    folder.mkdir(parents=True, exist_ok=True)
    launches = folder / "launches.log"
    script = folder / "chromium-logged"
    script.write_text(f'#!/bin/sh\necho "$$" >> "{launches}"\nexec "{chromium}" "$@"\n')
    script.chmod(0o755)
    return script, launches


def crawl(site: FixtureNews, root: Path, render: dict[str, str], keys: list[str], *args: str,
          env: dict[str, str] | None = None, status: int = 0) -> dict:
    site.write_profiles(root / "sites", render=render, keys=keys)
    site.reset_log()
    command = crawl_command(root / "sites", root / "out", *FAST, *args)
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
    assert result.returncode == status, result.stderr[-3000:]
    (manifest,) = manifests(root / "out")
    return {"log": result.stderr, "records": read_records(root / "out"), "manifest": manifest,
            "requests": [r.path for r in site.requests_for(JS)]}


def stat(run: dict, name: str) -> int | None:
    """A Scrapy stat of the run, from its manifest (the log's stats dump is at DEBUG)."""
    return run["manifest"]["stats"].get(name)


def scroll_only_urls(site: FixtureNews) -> set[str]:
    first, *later = site.outlets[JS].stream_pages()
    return {site.outlets[JS].canonical_url(a) for page in later for a in page}


def assert_full_articles(site: FixtureNews, run: dict) -> None:
    records = [r for r in run["records"] if r["site"] == JS]
    assert {r["canonical_url"] for r in records} == site.expected()[JS]
    assert scroll_only_urls(site) <= {r["canonical_url"] for r in records}  # found by scrolling only
    for record in records:
        article = site.article_for(record["canonical_url"])
        assert record["rendered"] is True
        assert record["title"] == article.title and record["published"] == article.published.isoformat()
        positions = [record["text"].find(text) for _, text in article.blocks]
        assert -1 not in positions and positions == sorted(positions), record["url"]  # the full text, in order
    counts = run["manifest"]["sites"][JS]
    assert counts["exported"] == len(records) and counts["requested"] == len(records)  # a re-fetch is no new request
    assert counts["rendered"] == len(records) + 1  # every article and the listing went through the browser
    assert not any(p.startswith("/media/") or p.endswith(".woff2") for p in run["requests"])  # blocked
    assert stat(run, "playwright/request_count/aborted") >= len(records)  # images, fonts, tag manager
    assert stat(run, "playwright/page_count") == stat(run, "playwright/page_count/closed")


def test_browser_mode_renders_articles_and_scrolls_the_listing(site, chromium, tmp_path):
    run = crawl(site, tmp_path, {JS: "browser"}, [JS])
    assert_full_articles(site, run)
    assert "render_fallback/short_text" not in run["manifest"]["totals"]  # no plain fetch to fall back from
    assert run["manifest"]["totals"]["scrolls"] == 2  # one scroll, one "load more" click, then nothing new


def test_auto_mode_falls_back_to_the_browser_for_shells(site, chromium, tmp_path):
    script, launches = wrapper(tmp_path / "bin", chromium)
    run = crawl(site, tmp_path, {JS: "auto"}, [JS], "-s", f"NEWSCRAWL_BROWSER_PATH={script}")
    assert_full_articles(site, run)
    n = len(site.expected()[JS])
    assert run["manifest"]["totals"]["render_fallback/short_text"] == n  # each shell fetched again, counted
    assert run["requests"].count("/api/stream?page=2") == 1
    assert len(launches.read_text().split()) == 1  # one Chromium for the whole crawl (the wrapper works)
    # one scrapy-playwright handler serves both schemes (newscrawl/rendering/handler.py), closed once
    assert run["log"].count("Starting download handler") == 1 and run["log"].count("Closing download handler") == 1


def test_plain_mode_drops_the_shells_as_too_short(site, chromium, tmp_path):
    run = crawl(site, tmp_path, {JS: "plain"}, [JS])
    counts = run["manifest"]["sites"][JS]
    first_batch = site.outlets[JS].stream_pages()[0]
    assert counts["exported"] == 0 and counts["rendered"] == 0
    assert counts["dropped"] == {"too_short": len(first_batch)}  # the static listing's four stories only
    assert not any(p.startswith(("/api/", "/static/")) for p in run["requests"])  # nothing ran the JavaScript
    assert "scrapy-playwright" not in run["log"] and stat(run, "playwright/page_count") is None


def test_other_sites_in_auto_mode_start_no_browser(site, chromium, tmp_path):
    script, launches = wrapper(tmp_path / "bin", chromium)
    run = crawl(site, tmp_path, dict.fromkeys(OTHERS, "auto"), OTHERS, "-s", f"NEWSCRAWL_BROWSER_PATH={script}")
    assert "Starting download handler" in run["log"]  # the browser handler was installed: auto may need it
    assert not launches.exists()  # ... and Chromium never started
    assert stat(run, "playwright/page_count") is None
    manifest = run["manifest"]
    assert all(manifest["sites"][key]["exported"] > 0 and manifest["sites"][key]["rendered"] == 0 for key in OTHERS)
    assert not any(r["rendered"] for r in run["records"])
    assert not any(k.startswith("render_fallback") for k in manifest["totals"])


def test_without_a_browser_the_rest_of_the_run_goes_on(site, tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    run = crawl(site, tmp_path, {JS: "browser", "sahel": "auto", "qadim": "plain"}, [JS, "sahel", "qadim"],
                "-s", f"NEWSCRAWL_BROWSER_SEARCH={empty / 'chromium'}", "-s", "NEWSCRAWL_BROWSER_PATH=",
                env={"PLAYWRIGHT_BROWSERS_PATH": str(empty)}, status=3)
    manifest = run["manifest"]
    assert manifest["outcome"] == "partial" and manifest["sites"][JS]["outcome"] == "failed"  # exit status 3
    assert manifest["sites"]["qadim"]["exported"] > 0 and manifest["sites"]["sahel"]["exported"] > 0
    js = manifest["sites"][JS]
    assert js["exported"] == 0 and js["source_errors"] == {"no_browser": 1} and js["errors"] == {}  # its listing
    errors = [line for line in run["log"].splitlines() if "ERROR" in line and "no Chromium found" in line]
    assert len(errors) == 1, run["log"][-3000:]  # said once, clearly
    assert "apt-get install chromium" in errors[0] and str(empty) in errors[0]


def test_shells_dropped_in_plain_mode_are_fetched_again_once_the_site_is_switched_to_auto(site, chromium, tmp_path):
    from tests.e2e.crawling import run_crawl

    site.write_profiles(tmp_path / "sites", render={JS: "plain"}, keys=[JS])
    first = run_crawl(tmp_path / "sites", tmp_path / "out", *FAST)
    assert first.returncode == 0, first.stderr[-2000:]
    assert read_records(tmp_path / "out") == []
    site.write_profiles(tmp_path / "sites", render={JS: "auto"}, keys=[JS])  # the researcher fixes the site file
    second = run_crawl(tmp_path / "sites", tmp_path / "out", *FAST)
    assert second.returncode == 0, second.stderr[-2000:]
    assert {r["canonical_url"] for r in read_records(tmp_path / "out")} == site.expected()[JS]


def test_sigterm_mid_render_launches_no_second_chromium(site, chromium, tmp_path):
    """SIGTERM to the crawl's process group (Ctrl-C, systemd's stop) reaches Chromium too: the stopping run
    must not launch another one for the pages still queued in the downloader; it leaves them for the next run."""
    import signal

    from tests.e2e.crawling import kill, start_crawl, wait_until

    script, launches = wrapper(tmp_path / "bin", chromium)
    browser_sites = ["wadi", "sahel"]
    site.write_profiles(tmp_path / "sites", render=dict.fromkeys(browser_sites, "browser"), keys=browser_sites)
    site.reset_log()
    out = tmp_path / "out"
    process = start_crawl(tmp_path / "sites", out, *FAST, "-s", f"NEWSCRAWL_BROWSER_PATH={script}",
                          log=tmp_path / "term.log")
    try:
        # a few articles rendered: the browser is up, and most pages are still to come
        rendered = wait_until(lambda: sum(len(site.requests_for(k, kind="article")) for k in browser_sites) >= 3,
                              timeout=180)
        assert rendered, (tmp_path / "term.log").read_text()[-3000:]
    finally:
        kill(process, signal.SIGTERM)
    log = (tmp_path / "term.log").read_text()
    assert process.returncode == 4, log[-3000:]  # killed, closed cleanly
    (manifest,) = manifests(out)
    assert manifest["outcome"] == "killed"
    records = read_records(out)  # whole lines only
    expected = sum(len(site.expected()[key]) for key in browser_sites)
    assert len(records) < expected  # stopped mid-crawl, with pages left
    assert len(launches.read_text().split()) == 1, log[-3000:]  # Chromium was launched once, never again
    assert manifest["stats"].get("playwright/browser_count") == 1
    assert all(s["errors"] == {} for s in manifest["sites"].values())  # pages left are not failures
