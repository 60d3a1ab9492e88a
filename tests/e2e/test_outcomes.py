"""How a run went, end to end with the real ``scrapy crawl news``: outcome, exit status, the offline line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from newscrawl.state import SqliteState
from tests.e2e.crawling import manifests, read_records, run_crawl

pytestmark = pytest.mark.e2e


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released): connections to it are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreachable(fixture_news, sites: Path, *keys: str) -> None:
    """Point the site files of ``keys`` at a closed port, as if the outlet (or the network) were down."""
    dead = f"127.0.0.1:{closed_port()}"
    for key in keys:
        path = sites / f"{key}.toml"
        host = fixture_news.outlets[key].base_url.split("://", 1)[1]
        path.write_text(path.read_text(encoding="utf-8").replace(host, dead), encoding="utf-8")


def test_a_crawl_that_reaches_nothing_fails_with_one_offline_line(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "qadim"])
    unreachable(fixture_news, sites, "wadi", "qadim")
    result = run_crawl(sites, tmp_path / "out", "-s", "RETRY_TIMES=0")
    assert result.returncode == 1, result.stderr[-3000:]
    (run,) = manifests(tmp_path / "out")
    assert run["outcome"] == "failed" and run["finish_reason"] == "finished" and run["offline"] is True
    assert {key: site["outcome"] for key, site in run["sites"].items()} == {"wadi": "failed", "qadim": "failed"}
    assert result.stderr.count("offline?") == 1
    assert "Traceback" not in result.stderr  # robots.txt over a refused connection: one line, no traceback
    assert "Dumping Scrapy stats" not in result.stderr and run["stats"]["finish_reason"] == "finished"
    assert "run outcome: failed" in result.stderr.splitlines()[-1]


def test_a_crawl_where_one_site_fails_is_partial_and_names_it(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi", "qadim"])
    unreachable(fixture_news, sites, "qadim")
    result = run_crawl(sites, tmp_path / "out", "-s", "RETRY_TIMES=0")
    assert result.returncode == 3, result.stderr[-3000:]
    (run,) = manifests(tmp_path / "out")
    assert run["outcome"] == "partial" and not run["offline"]
    with SqliteState(tmp_path / "out" / "state.sqlite3", lock=False) as state:  # the run log says the same
        assert state.db.execute("SELECT outcome FROM runs").fetchall() == [("partial",)]
    assert run["sites"]["qadim"]["outcome"] == "failed" and "connection" in run["sites"]["qadim"]["why"]
    assert run["sites"]["wadi"]["outcome"] != "failed" and run["sites"]["wadi"]["answered"] > 0
    assert {r["site"] for r in read_records(tmp_path / "out")} == {"wadi"}
    assert "offline?" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert "run outcome: partial" in last and "failed sites: qadim" in last and "exit status 3" in last
    summary = result.stderr[result.stderr.rfind("per-site summary:"):]
    assert "qadim failed: nothing answered" in summary


def test_an_item_count_limit_keeps_its_reason_and_is_not_a_failure(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["wadi"])
    result = run_crawl(sites, tmp_path / "out", "-s", "CLOSESPIDER_ITEMCOUNT=3")
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = manifests(tmp_path / "out")
    assert run["finish_reason"] == "closespider_itemcount"
    assert run["outcome"] == "finished" and run["sites"]["wadi"]["outcome"] != "failed"
    assert (tmp_path / "out" / "reports" / f"{run['run_id']}.html").exists()
