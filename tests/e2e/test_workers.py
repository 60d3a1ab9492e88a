"""Worker processes end to end: the real ``scrapy crawl news`` on the fixture site, side by side, with the
pages built in-process (``NEWSCRAWL_WORKERS=0``), in two worker processes, and in two worker processes one of
which is SIGKILLed mid-crawl. All three export the same records; the workers' WARC files re-extract to the very
same JSONL; the killed worker loses no page and doubles none.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.warc.records import read_pages
from tests.e2e.crawling import ROOT, jsonl_files, manifests, read_records, start_crawl

pytestmark = pytest.mark.e2e
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]
PER_CRAWL = ("fetched_at", "warc_file", "warc_offset")  # differ between two crawls of the same pages
ORDER_DEPENDENT = ("duplicate_of", "cluster_id", "discovered_via")  # which copy or source came first
RUNS = {"in_process": "0", "workers": "2", "killed": "2", "learning": "2"}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def kill_a_worker(crawl: subprocess.Popen, timeout: float = 120) -> int | None:
    """SIGKILL one worker process (a child of the crawl's forkserver) as soon as one runs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and crawl.poll() is None:
        for server in children(crawl.pid):
            for worker in children(server):
                os.kill(worker, signal.SIGKILL)
                return worker
        time.sleep(0.05)
    return None


@pytest.fixture(scope="module")
def crawls(fixture_news, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("workers")
    sites = fixture_news.write_profiles(root / "sites", keys=PLAIN_OUTLETS)
    # Learning boilerplate makes the text of a site's first pages depend on the order pages are read: off in the
    # crawls compared record for record, on in the one re-extracted (the set in force goes with each task).
    processes = {name: start_crawl(sites, root / name, "-s", f"NEWSCRAWL_WORKERS={workers}",
                                   "-s", f"NEWSCRAWL_LEARN_BOILERPLATE_PAGES={3 if name == 'learning' else 0}",
                                   log=root / f"{name}.log")
                 for name, workers in RUNS.items()}
    killed = kill_a_worker(processes["killed"])
    for name, process in processes.items():
        try:
            process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"the {name} crawl hung:\n" + (root / f"{name}.log").read_text()[-3000:])
        assert process.returncode == 0, (root / f"{name}.log").read_text()[-3000:]
    return {"sites": sites, "root": root, "killed_pid": killed, **{name: root / name for name in RUNS}}


def stable(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: {k: v for k, v in r.items() if k not in PER_CRAWL + ORDER_DEPENDENT} for r in records}


def test_worker_built_records_equal_the_in_process_ones(crawls):
    in_process = read_records(crawls["in_process"])
    assert len(in_process) > 20
    assert stable(read_records(crawls["workers"])) == stable(in_process)


def test_worker_warc_with_learned_boilerplate_reextracts_to_the_same_jsonl(crawls, tmp_path):
    out, crawl = tmp_path / "re", crawls["learning"]
    result = subprocess.run([sys.executable, "-m", "newscrawl", "reextract",
                             *map(str, sorted((crawl / "warc").glob("*.warc.gz"))), "--out", str(out),
                             "--sites-dir", str(crawls["sites"])],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    learned = [page.learned_boilerplate for warc in (crawl / "warc").glob("*.warc.gz")
               for page in read_pages(warc, bodies=False)]
    assert any(learned), "the crawl learned no boilerplate: nothing shows the set in force travels with the task"
    crawled = {p.relative_to(crawl): p.read_bytes() for p in jsonl_files(crawl)}
    again = {p.relative_to(out): p.read_bytes() for p in jsonl_files(out)}
    assert crawled and again == crawled


def test_a_killed_worker_loses_no_page_and_doubles_none(crawls):
    assert crawls["killed_pid"], "no worker process to kill appeared"
    (run,) = manifests(crawls["killed"])
    assert run["totals"].get("workers/replaced") == 1
    assert run["totals"].get("workers/retried", 0) >= 1
    records = read_records(crawls["killed"])
    assert len({r["id"] for r in records}) == len(records)
    assert stable(records) == stable(read_records(crawls["in_process"]))
