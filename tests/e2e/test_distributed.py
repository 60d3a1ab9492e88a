"""Many machines, one crawl: real ``scrapy crawl news`` workers sharing a real redis-server.

Two workers crawl the fixture site together; after ``python -m newscrawl merge`` every article is there exactly
once and each worker exported a share. One worker SIGKILLed mid-crawl: the other finishes, the killed one run
again adds nothing twice. ``python -m newscrawl seed`` queues the sources for workers to come. Redis restarting
mid-crawl: the worker waits and finishes; Redis gone longer than NEWSCRAWL_REDIS_WAIT: the worker stops,
``failed``, and its next run completes the dataset.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

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
from tests.redis_server import RedisServer, redis_server_binary

pytestmark = pytest.mark.e2e
OUTLETS = ["wadi", "sahel", "nile", "qadim"]


@pytest.fixture(scope="module")
def big_site():
    with FixtureNews(extra_articles=240) as site:
        yield site


def worker_args(url: str, *extra: str) -> tuple[str, ...]:
    return ("-s", f"NEWSCRAWL_STATE={url}", "-s", "NEWSCRAWL_IDLE_EXIT=60", "-s", "NEWSCRAWL_HEARTBEAT=6",
            "-s", "NEWSCRAWL_COMMIT_EVERY=10", *extra)


def paced_profiles(site: FixtureNews, folder: Path) -> Path:
    """The outlets' site files with a delay between requests: a crawl then lasts longer than the engine's
    5-second idle poll, so a worker that joined while the queue was still empty gets its share."""
    folder = site.write_profiles(folder, keys=OUTLETS)
    for path in folder.glob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace("delay = 0.0", "delay = 0.25"), encoding="utf-8")
    return folder




def finish(process: subprocess.Popen, log: Path, timeout: float = 300, status: int = 0) -> str:
    """Wait for a worker; its exit status says how its run went (0 finished, 1 failed: docs/outcomes.md)."""
    process.wait(timeout=timeout)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert process.returncode == status, text[-3000:]
    return text


def merge(out: Path, *folders: Path, sites: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "newscrawl", "merge", *map(str, folders), "--out", str(out),
                             "--sites-dir", str(sites), "--formats", "jsonl,csv"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out / "merge.json").read_text(encoding="utf-8"))


def assert_exactly_once(site: FixtureNews, out: Path) -> list[dict]:
    records = read_records(out)
    counts = Counter((r["site"], r["canonical_url"]) for r in records)
    assert [k for k, n in counts.items() if n > 1] == []
    expected = site.expected()
    for key in OUTLETS:
        assert {u for s, u in counts if s == key} == expected[key], key
    return records


def test_two_workers_share_the_crawl_and_merge_gives_every_article_once(big_site, tmp_path, redis_url):
    sites = paced_profiles(big_site, tmp_path / "sites")
    folders = [tmp_path / "w1", tmp_path / "w2"]
    workers = [start_crawl(sites, folder, *worker_args(redis_url), log=tmp_path / f"{folder.name}.log")
               for folder in folders]
    logs = [finish(process, tmp_path / f"{folder.name}.log") for process, folder in zip(workers, folders, strict=True)]
    assert sum("seeding generation" in log for log in logs) == 1  # the first worker seeds, the other pulls
    assert sum("joined generation" in log for log in logs) == 1
    for folder in folders:
        [run] = manifests(folder)
        assert run["outcome"] == "finished"
        assert sum(s["exported"] for s in run["sites"].values()) > 0, f"{folder.name} exported no share"
        worker = (folder / "worker-id").read_text().strip()
        assert {p.name.split(".")[1] for p in jsonl_files(folder)} == {worker}  # file names carry the worker id
    summary = merge(tmp_path / "merged", *folders, sites=sites)
    records = assert_exactly_once(big_site, tmp_path / "merged")
    assert summary["duplicates_dropped"] == 0 and summary["records"] == len(records)
    assert summary["sites"]["wadi"]["exported"] == sum(1 for r in records if r["site"] == "wadi")
    assert (tmp_path / "merged" / "DATACARD.md").exists()
    card = json.loads((tmp_path / "merged" / "datacard.json").read_text(encoding="utf-8"))
    assert card["records"] == len(records) and "csv" in card["formats"]
    assert all(derived_path(p, "csv").exists() for p in jsonl_files(tmp_path / "merged"))


def test_a_worker_killed_mid_crawl_the_other_finishes_and_its_rerun_adds_nothing_twice(big_site, tmp_path, redis_url):
    sites = paced_profiles(big_site, tmp_path / "sites")
    one, two = tmp_path / "w1", tmp_path / "w2"
    first = start_crawl(sites, one, *worker_args(redis_url), log=tmp_path / "w1.log")
    second = start_crawl(sites, two, *worker_args(redis_url), log=tmp_path / "w2.log")
    assert wait_until(lambda: exported_lines(one) >= 25, timeout=180)
    kill(first, signal.SIGKILL)
    finish(second, tmp_path / "w2.log")
    assert manifests(two)[-1]["outcome"] == "finished"
    before = read_records(one)
    result = run_crawl(sites, one, *worker_args(redis_url))  # the killed worker, started again the same way
    assert result.returncode == 0, result.stderr[-3000:]
    runs = manifests(one)
    assert runs[-1]["outcome"] == "finished" and len(runs[-1]["killed_runs_recovered"]) == 1
    assert len({r["id"] for r in read_records(one)} & {r["id"] for r in read_records(two)}) == 0
    assert len(read_records(one)) >= len(before)
    summary = merge(tmp_path / "merged", one, two, sites=sites)
    assert_exactly_once(big_site, tmp_path / "merged")
    assert summary["duplicates_dropped"] == 0


def test_seed_command_queues_the_sources_for_workers_to_come(fixture_news, tmp_path, redis_url):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["qadim", "nile"])
    seeded = subprocess.run([sys.executable, "-m", "newscrawl", "seed", *worker_args(redis_url),
                             "-s", f"NEWSCRAWL_SITES_DIR={sites}"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "Spider closed (finished)" in seeded.stderr
    result = run_crawl(sites, tmp_path / "w1", *worker_args(redis_url))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "joined generation" in result.stderr  # seeded already: this worker only pulls
    urls = {r["canonical_url"] for r in read_records(tmp_path / "w1")}
    expected = fixture_news.expected()
    assert urls == expected["qadim"] | expected["nile"]


@pytest.fixture
def persistent_redis(tmp_path):
    if redis_server_binary() is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with RedisServer(tmp_path / "redis", persistent=True) as server:
        yield server


def test_redis_restarting_mid_crawl_the_worker_waits_and_finishes(big_site, tmp_path, persistent_redis):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "w1"
    worker = start_crawl(sites, out, *worker_args(persistent_redis.url), log=tmp_path / "w1.log")
    assert wait_until(lambda: exported_lines(out) >= 20, timeout=180)
    persistent_redis.stop()  # SIGTERM: Redis writes its append-only file (fsynced at every write) and exits
    time.sleep(2)
    persistent_redis.start()  # same port, same data
    log = finish(worker, tmp_path / "w1.log")
    assert "does not answer" in log and "answers again" in log
    assert manifests(out)[-1]["outcome"] == "finished"
    assert_exactly_once(big_site, out)


def test_redis_gone_longer_than_the_wait_stops_the_worker_failed_and_the_rerun_completes(
        big_site, tmp_path, persistent_redis):
    sites = big_site.write_profiles(tmp_path / "sites", keys=OUTLETS)
    out = tmp_path / "w1"
    args = worker_args(persistent_redis.url, "-s", "NEWSCRAWL_REDIS_WAIT=3")
    worker = start_crawl(sites, out, *args, log=tmp_path / "w1.log")
    assert wait_until(lambda: exported_lines(out) >= 20, timeout=180)
    persistent_redis.stop()
    log = finish(worker, tmp_path / "w1.log", timeout=120, status=1)
    assert "Closing spider (redis_unavailable)" in log
    assert manifests(out)[-1]["outcome"] == "failed"
    persistent_redis.start()
    result = run_crawl(sites, out, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert manifests(out)[-1]["outcome"] == "finished"
    assert_exactly_once(big_site, out)
