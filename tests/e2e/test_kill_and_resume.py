"""Crash safety: SIGKILL the crawl at several points, run it again, and every article is there exactly once.

The kill points: before anything is exported (right after start), mid-way (some records written), and
during file writes (while the partition files are growing). A graceful SIGTERM finishes cleanly. A second
crawl on the same state while one runs refuses to start.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newscrawl.formats.csv import read_csv
from newscrawl.formats.layout import derived_path
from tests.e2e.crawling import (
    ROOT,
    exported_lines,
    jsonl_files,
    kill,
    manifests,
    read_records,
    run_crawl,
    start_crawl,
    wait_until,
)
from tests.fixture_site import FixtureNews

pytestmark = pytest.mark.e2e
OUTLETS = ["wadi", "sahel", "nile", "qadim"]
EXTRA = 240


@pytest.fixture(scope="module")
def big_site():
    with FixtureNews(extra_articles=EXTRA) as site:
        yield site




def assert_exactly_once(site: FixtureNews, out: Path) -> None:
    records = read_records(out)  # fails on any partial or invalid line
    counts = Counter((r["site"], r["canonical_url"]) for r in records)
    assert [k for k, n in counts.items() if n > 1] == []
    expected = site.expected()
    for key in OUTLETS:
        assert {u for s, u in counts if s == key} == expected[key], key


@pytest.mark.parametrize("kill_point", ["before_export", "midway", "during_writes"])
def test_sigkill_then_rerun_exports_every_article_exactly_once(big_site, tmp_path, kill_point, backend):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    # Small checkpoints so a kill lands between fsync+mark batches too. On each state backend (SQLite, Redis).
    args = ("-s", "NEWSCRAWL_COMMIT_EVERY=7", *backend.args())
    process = start_crawl(sites, out, *args, log=tmp_path / "killed.log")
    if kill_point == "before_export":
        assert wait_until(lambda: any((out / "runs").glob("*.json")) if (out / "runs").exists() else False)
    elif kill_point == "midway":
        assert wait_until(lambda: exported_lines(out) >= 60)
    else:
        assert wait_until(lambda: exported_lines(out) >= 20)
        before = exported_lines(out)
        assert wait_until(lambda: exported_lines(out) > before, step=0.001)  # files are growing right now
    kill(process, signal.SIGKILL)
    killed_lines = exported_lines(out)

    result = run_crawl(sites, out, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_exactly_once(big_site, out)
    runs = manifests(out)
    assert runs[-1]["outcome"] == "finished"
    killed = runs[-1]["killed_runs_recovered"]
    assert len(killed) == 1, "the next run recognises the killed run"
    # A run killed before writing its manifest has none; one that wrote it now says "killed".
    assert all(r["outcome"] == "killed" for r in runs if r["run_id"] in killed)
    if kill_point != "before_export":
        assert killed_lines > 0


def test_graceful_sigterm_closes_files_and_a_rerun_completes(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    process = start_crawl(sites, out, log=tmp_path / "term.log")
    assert wait_until(lambda: exported_lines(out) >= 30)
    kill(process, signal.SIGTERM)
    assert process.returncode == 4  # closed cleanly, but killed: docs/outcomes.md
    first = manifests(out)[-1]
    assert first["outcome"] == "killed" and first["ended"]
    assert read_records(out)  # whole lines only
    result = run_crawl(sites, out)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_exactly_once(big_site, out)
    assert manifests(out)[-1]["killed_runs_recovered"] == []  # closed cleanly: nothing to recover


def test_second_crawl_on_the_same_state_refuses_while_the_first_runs(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    process = start_crawl(sites, out, log=tmp_path / "first.log")
    try:
        assert wait_until(lambda: (out / "state.sqlite3.lock").exists())
        second = run_crawl(sites, out, timeout=120)
        assert second.returncode != 0
        assert "is in use by pid" in second.stderr
    finally:
        kill(process, signal.SIGKILL)


def test_jobdir_pause_and_resume_keeps_working(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out, jobdir = tmp_path / "out", tmp_path / "job"
    # Small batches, so lines appear early, and two requests at a time, so the Ctrl-C comes while most requests
    # are still queued (the downloader would otherwise take the whole queue while the pages are being built).
    process = start_crawl(sites, out, "-s", f"JOBDIR={jobdir}", "-s", "NEWSCRAWL_COMMIT_EVERY=10",
                          "-s", "CONCURRENT_REQUESTS=2", log=tmp_path / "paused.log")
    assert wait_until(lambda: exported_lines(out) >= 30)
    kill(process, signal.SIGINT)  # one Ctrl-C: Scrapy pauses, the queue stays in JOBDIR
    log = (tmp_path / "paused.log").read_text()
    assert "Error while" not in log and "Unable to serialize" not in log, log[-2000:]
    assert (jobdir / "requests.queue").exists()
    result = run_crawl(sites, out, "-s", f"JOBDIR={jobdir}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Resuming crawl" in result.stderr
    assert_exactly_once(big_site, out)


def test_a_killed_runs_manifest_is_fixed_even_when_the_next_run_fails_at_start(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    process = start_crawl(sites, out, log=tmp_path / "killed.log")
    assert wait_until(lambda: exported_lines(out) >= 10)
    kill(process, signal.SIGKILL)
    assert manifests(out)[-1]["outcome"] == "running"  # killed before it could say anything
    typo = run_crawl(sites, out, "-s", "NEWSCRAWL_FORMATS=jsonl,parqet")  # fails at start, after the run log
    assert typo.returncode != 0
    result = run_crawl(sites, out)
    assert result.returncode == 0, result.stderr[-3000:]
    outcomes = [m["outcome"] for m in manifests(out)]
    assert "running" not in outcomes and outcomes[-1] == "finished"
    assert_exactly_once(big_site, out)


def test_after_a_kill_every_partition_gets_its_csv(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    formats = ("-s", "NEWSCRAWL_FORMATS=jsonl,csv")
    process = start_crawl(sites, out, *formats, log=tmp_path / "killed.log")
    assert wait_until(lambda: exported_lines(out) >= 40)
    kill(process, signal.SIGKILL)  # CSV is derived at close: the killed run wrote none
    result = run_crawl(sites, out, *formats)
    assert result.returncode == 0, result.stderr[-3000:]
    partitions = jsonl_files(out)
    assert partitions and [p for p in partitions if not derived_path(p, "csv").exists()] == []
    for partition in partitions:
        assert len(read_csv(derived_path(partition, "csv"))) == len(partition.read_text(encoding="utf-8").splitlines())


def reextract_matches_the_crawl(sites: Path, out: Path, tmp_path: Path) -> None:
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    result = subprocess.run([sys.executable, "-m", "newscrawl", "reextract", *map(str, warcs), "--out",
                             str(tmp_path / "re"), "--sites-dir", str(sites)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    crawl = {p.relative_to(out): p.read_bytes() for p in jsonl_files(out)}
    again = {p.relative_to(tmp_path / "re"): p.read_bytes() for p in jsonl_files(tmp_path / "re")}
    assert sorted(again) == sorted(crawl)
    assert [name for name in crawl if again[name] != crawl[name]] == []


def test_reextracting_two_runs_gives_the_same_files(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    first = run_crawl(sites, out, "-s", "CLOSESPIDER_ITEMCOUNT=37")  # a run that stops part-way, cleanly
    assert first.returncode == 0, first.stderr[-3000:]
    result = run_crawl(sites, out)
    assert result.returncode == 0, result.stderr[-3000:]
    reextract_matches_the_crawl(sites, out, tmp_path)


def test_reextracting_a_killed_run_and_its_rerun_gives_the_same_files(big_site, tmp_path):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "out"
    process = start_crawl(sites, out, log=tmp_path / "killed.log")
    assert wait_until(lambda: exported_lines(out) >= 30)
    kill(process, signal.SIGKILL)  # pages in flight are archived but never exported: the rerun fetches them
    result = run_crawl(sites, out)
    assert result.returncode == 0, result.stderr[-3000:]
    reextract_matches_the_crawl(sites, out, tmp_path)
