"""Articles that fail for a passing reason are asked for again by later runs, without re-reading the sources.

The fixture outlet ``sahel`` lists, in its sitemaps, one article page that answers 500. Before the retry
queue, any such failure kept the site's sitemap validators from being saved, so every later run read all of
its sitemaps in full; now the failed URL is queued in the crawl state and requested directly, and the
sitemaps answer 304.
"""

from __future__ import annotations

import pytest

from tests.e2e.crawling import manifests, read_records, run_crawl
from tests.fixture_site import FixtureNews

pytestmark = pytest.mark.e2e
SITE = "sahel"


def failing_url(site: FixtureNews) -> str:
    return next(r["url"] for r in site.bad_routes() if r["site"] == SITE and r["kind"] == "error500")


def crawl(site: FixtureNews, sites, out, *args: str) -> dict:
    site.reset_log()
    result = run_crawl(sites, out, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return manifests(out)[-1]


def asked_articles(site: FixtureNews) -> set[str]:
    outlet = site.outlets[SITE]
    return {outlet.url(r.path) for r in site.requests_for(SITE, kind="article")}


def test_failed_article_is_retried_directly_and_exported_once_the_server_recovers(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=[SITE])
        out = tmp_path / "out"
        broken = failing_url(site)

        first = crawl(site, sites, out)
        assert first["sites"][SITE]["errors"].get("http_500") == 1
        assert broken not in {r["canonical_url"] for r in read_records(out)}

        second = crawl(site, sites, out)
        sitemaps = site.requests_for(SITE, kind="sitemap")
        assert sitemaps and {r.status for r in sitemaps} == {304}  # the index is unchanged: nothing re-read
        assert asked_articles(site) == {broken}  # asked for directly, from the queue
        assert second["sites"][SITE]["retried"] == 1 and second["sites"][SITE]["exported"] == 0

        site.repair(broken)
        third = crawl(site, sites, out)
        assert asked_articles(site) == {broken}
        assert third["sites"][SITE]["exported"] == 1
        records = read_records(out)
        assert [r["canonical_url"] for r in records].count(broken) == 1
        exported = next(r for r in records if r["canonical_url"] == broken)
        assert exported["discovered_via"]["type"] == "sitemap"  # how it was found, kept through the queue

        fourth = crawl(site, sites, out)
        assert asked_articles(site) == set() and fourth["sites"][SITE]["retried"] == 0


def test_a_url_failing_run_after_run_is_given_up_and_not_asked_again(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=[SITE])
        out = tmp_path / "out"
        broken = failing_url(site)
        limit = ("-s", "NEWSCRAWL_RETRY_RUNS=2")

        crawl(site, sites, out, *limit)  # failed in 1 run
        assert broken in asked_articles(site)
        crawl(site, sites, out, *limit)  # failed in 2 runs
        assert asked_articles(site) == {broken}
        third = crawl(site, sites, out, *limit)
        assert asked_articles(site) == set()
        assert third["totals"].get("retry/given_up") == 1
        assert crawl(site, sites, out, *limit)["totals"].get("retry/given_up") is None  # left the queue


def test_retry_runs_must_not_be_negative(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=[SITE])
        result = run_crawl(sites, tmp_path / "out", "-s", "NEWSCRAWL_RETRY_RUNS=-1")
        assert result.returncode != 0
        assert "NEWSCRAWL_RETRY_RUNS must be >= 0" in result.stderr
        assert site.requests_for(SITE) == []
