"""The outcome rules (docs/outcomes.md), the per-site summary, and a dead host asked once per run."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.utils.test import get_crawler

from newscrawl.crawl.dead_hosts import ROBOTS_LOGGER, DeadHosts
from newscrawl.report import outcomes
from newscrawl.report.progress import site_progress, time_left
from newscrawl.report.summary import summary_table


@pytest.mark.parametrize(("counts", "expected"), [
    ({"errors/dns": 4}, "failed"),
    ({"errors/http_403": 2, "not_modified": 0}, "failed"),
    ({"answered": 10, "requested": 8, "exported": 7}, "ok"),
    ({}, "ok"),  # never reached, nothing failed
    ({"answered": 4, "requested": 6, "exported": 3, "errors/timeout": 3}, "degraded"),
    ({"answered": 50, "requested": 40, "exported": 35, "errors/http_404": 3}, "ok"),
    ({"answered": 6, "requested": 5, "exported": 0, "dropped/too_short": 5}, "degraded"),
    ({"exported": 2, "errors/dns": 1}, "ok"),  # the retry queue exported: something answered
])
def test_site_outcome(counts, expected):
    assert outcomes.site_outcome(counts)[0] == expected


@pytest.mark.parametrize(("reason", "sites", "expected"), [
    ("finished", {"a": "ok", "b": "degraded"}, "finished"),
    ("finished", {"a": "ok", "b": "failed"}, "partial"),
    ("finished", {"a": "failed", "b": "failed"}, "failed"),
    ("closespider_itemcount", {"a": "ok"}, "finished"),
    ("closespider_timeout", {"a": "ok"}, "finished"),
    ("shutdown", {"a": "ok"}, "killed"),
    ("cancelled", {"a": "ok"}, "failed"),
    ("closespider_errorcount", {"a": "ok"}, "failed"),
])
def test_run_outcome_keeps_graceful_limits_apart_from_failures(reason, sites, expected):
    assert outcomes.run_outcome(reason, sites) == expected


def test_exit_statuses_and_the_partial_setting():
    assert [outcomes.exit_status(o) for o in ("finished", "failed", "partial", "killed")] == [0, 1, 3, 4]
    assert outcomes.exit_status("partial", partial_is_success=True) == 0
    assert outcomes.exit_status("failed", partial_is_success=True) == 1


def test_offline_only_when_every_site_failed_on_the_network():
    dns = {"a": {"errors/dns": 3}, "b": {"errors/connection_refused": 1}}
    assert outcomes.looks_offline(dns, {"a": "failed", "b": "failed"})
    assert not outcomes.looks_offline({**dns, "b": {"errors/http_403": 2}}, {"a": "failed", "b": "failed"})
    assert not outcomes.looks_offline(dns, {"a": "failed", "b": "ok"})


def test_summary_table_lines_up_and_says_why():
    sites = {"wadi": {"outcome": "ok", "discovered": 54, "requested": 13, "exported": 10,
                      "dropped": {"language": 1}, "errors": {"http_404": 2}},
             "qadim": {"outcome": "failed", "why": "nothing answered (3 dns)", "errors": {"dns": 3}}}
    lines = summary_table(sites).splitlines()
    assert lines[0].split() == ["site", "outcome", "found", "fetched", "exported", "dropped", "errors"]
    assert lines[1].split() == ["qadim", "failed", "0", "0", "0", "0", "3"]
    assert lines[2].split() == ["wadi", "ok", "54", "13", "10", "1", "2"]
    assert len({len(line) for line in lines[:3]}) == 1
    assert lines[3] == "qadim failed: nothing answered (3 dns)"


def test_progress_counts_what_became_of_links():
    assert site_progress({"discovered": 9, "requested": 4, "skipped/seen": 2, "errors/dns": 1, "errors/x": 2}) == \
        {"found": 9, "done": 6, "exported": 0, "errors": 3}
    assert (time_left(30, 60.0), time_left(0, 0.0), time_left(5, 0.0), time_left(7200, 60.0)) == \
        ("0m30s", "0s", "?", "2h00m")


def test_a_host_that_did_not_resolve_is_not_retried_nor_asked_again():
    mw = DeadHosts.from_crawler(get_crawler(settings_dict={}))
    first = Request("http://gone.example/feed/")
    mw.process_request(first)  # nothing known yet: goes out
    mw.process_exception(first, CannotResolveHostError("no such host"))
    assert first.meta["dont_retry"] is True
    later = Request("http://gone.example/2026/01/01/a/")
    with pytest.raises(CannotResolveHostError, match="did not resolve earlier"):
        mw.process_request(later)
    assert later.meta["dont_retry"] is True
    mw.process_request(Request("http://other.example/"))  # other hosts unaffected
    refused = Request("http://down.example/")
    mw.process_exception(refused, DownloadConnectionRefusedError())  # refused may recover: Scrapy retries
    assert "dont_retry" not in refused.meta
    mw.process_request(Request("http://down.example/again"))


def test_robots_txt_network_errors_are_one_warning_line(caplog):
    DeadHosts.from_crawler(get_crawler(settings_dict={}))
    robots = logging.getLogger(ROBOTS_LOGGER)
    with caplog.at_level(logging.INFO, logger=ROBOTS_LOGGER):
        for exc in (DownloadConnectionRefusedError("refused"), ValueError("our bug")):
            try:
                raise exc
            except Exception:
                robots.error("Error downloading %s: %s", "http://x/robots.txt", exc, exc_info=True)
    refused, bug = caplog.records
    assert (refused.levelname, refused.exc_info) == ("WARNING", None)
    assert bug.levelname == "ERROR" and bug.exc_info  # not a network failure: left as Scrapy logs it
