"""Scheduling through a real Scrapyd: deploy the project with scrapyd-deploy, schedule a crawl, get items."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.crawling import ROOT, read_records

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(url: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path):
    if not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists():
        pytest.skip("scrapyd / scrapyd-client not installed (pip install -e '.[test]')")
    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\n"
        f"logs_dir = {home}/logs\nitems_dir =\ndbs_dir = {home}/dbs\nmax_proc = 1\npoll_interval = 0.5\n"
    )
    process = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=(home / "out.log").open("w"),
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            call(url + "daemonstatus.json")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("scrapyd did not start: " + (home / "out.log").read_text())
            time.sleep(0.3)
    yield url, home
    process.terminate()
    process.wait(timeout=30)


def wait_for(url: str, job_id: str) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        jobs = call(url + "listjobs.json?project=newscrawl")
        if any(j["id"] == job_id for j in jobs["finished"]):
            return
        time.sleep(1)
    pytest.fail(f"job did not finish: {jobs}")


def test_deploy_and_schedule_a_crawl_of_the_fixture_site(scrapyd, fixture_news, tmp_path):
    url, home = scrapyd
    # Deploy from a clean copy of the project, as a user would from their checkout.
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "output", "build", "*.egg-info",
                                                                 "__pycache__", ".pytest_cache"))
    deploy = subprocess.run([str(BIN / "scrapyd-deploy"), "env", "-p", "newscrawl", "-v", "test1"], cwd=project,
                            env={**os.environ, "SCRAPYD_URL": url}, capture_output=True, text=True, timeout=300)
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    assert json.loads(deploy.stdout)["status"] == "ok"
    assert "news" in call(url + "listspiders.json?project=newscrawl")["spiders"]

    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "qadim"])
    out = tmp_path / "out"
    job = call(url + "schedule.json", [("project", "newscrawl"), ("spider", "news"),
                                       ("setting", f"NEWSCRAWL_SITES_DIR={sites}"),
                                       ("setting", f"NEWSCRAWL_OUTPUT_DIR={out}")])
    assert job["status"] == "ok", job
    wait_for(url, job["jobid"])
    records = read_records(out)
    assert {r["site"] for r in records} == {"wadi", "qadim"}
    assert {r["canonical_url"] for r in records if r["site"] == "wadi"} == fixture_news.expected()["wadi"]
    run = json.loads(next((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    assert run["outcome"] == "finished"
    log = (home / "logs" / "newscrawl" / "news" / f"{job['jobid']}.log").read_text(encoding="utf-8")
    assert "run outcome: finished" in log and "exit status 0" in log

    # A job that fails (here at start, on a bad argument) is listed as finished like any other: its exit
    # status, which Scrapyd writes to its own log, tells it apart (docs/outcomes.md).
    bad = call(url + "schedule.json", [("project", "newscrawl"), ("spider", "news"), ("since", "yesterday"),
                                       ("setting", f"NEWSCRAWL_SITES_DIR={sites}"),
                                       ("setting", f"NEWSCRAWL_OUTPUT_DIR={tmp_path / 'bad'}")])
    wait_for(url, bad["jobid"])
    daemon_log = (home / "out.log").read_text(encoding="utf-8")
    assert re.search(rf"Process died: exitstatus=2 .*job='{bad['jobid']}'", daemon_log), daemon_log[-3000:]  # bad usage
    assert re.search(rf"Process finished: .*job='{job['jobid']}'", daemon_log)
