"""A site answering 429 with Retry-After is given more time between requests, and nothing is lost."""

from __future__ import annotations

import pytest

from tests.e2e.crawling import manifests, read_records, run_crawl
from tests.fixture_site import FixtureNews

pytestmark = pytest.mark.e2e
SITE = "qadim"


def test_rate_limited_site_gets_backed_off_and_every_article_still_comes(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=[SITE])
        site.outlets[SITE].rate_limit(2, "1")  # its next two answers: 429, Retry-After: 1
        result = run_crawl(sites, tmp_path / "out", "-s", "NEWSCRAWL_BACKOFF_HOLD=3")  # 60 s by default
        assert result.returncode == 0, result.stderr[-3000:]
        limited = [r for r in site.requests_for(SITE) if r.status == 429]
        assert len(limited) == 2
        # each refused request was asked again and answered
        assert all(any(r.path == refused.path and r.status in (200, 304) for r in site.requests_for(SITE))
                   for refused in limited)
        assert "answered 429 (Retry-After 1 s): 1.0 s between its requests now" in result.stderr
        assert "answered 429 (Retry-After 1 s): 2.0 s between its requests now" in result.stderr
        run = manifests(tmp_path / "out")[-1]
        assert run["totals"]["throttle/backoff"] == 2
        assert {r["canonical_url"] for r in read_records(tmp_path / "out")} == site.expected()[SITE]
