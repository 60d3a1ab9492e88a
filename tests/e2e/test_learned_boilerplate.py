"""Boilerplate learned during a crawl: a line the site repeats under every article, which no generic rule
knows, is removed from the site's later articles, and the lesson is kept in the crawl state for later runs."""

from __future__ import annotations

import sqlite3

import pytest

from newscrawl.extract.learned import DEFAULT_MIN_PAGES
from tests.e2e.crawling import read_records, run_crawl
from tests.fixture_site import FixtureNews
from tests.fixture_site.outlets.qadim_pages import SITE_NOTE

pytestmark = pytest.mark.e2e


def test_recurring_site_line_learned_removed_and_persisted(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=["qadim"])
        out = tmp_path / "out"
        # One page at a time, built in-process, so "later" articles are really extracted after the earlier ones
        # were seen (worker processes build a few pages at once, each with the set in force when it started).
        result = run_crawl(sites, out, "-s", "CONCURRENT_REQUESTS=1", "-s", "NEWSCRAWL_WORKERS=0")
        assert result.returncode == 0, result.stderr[-3000:]
        first = read_records(out)
        assert len(first) > DEFAULT_MIN_PAGES + 2
        with_note = [r for r in first if SITE_NOTE in r["text"]]
        assert 0 < len(with_note) <= DEFAULT_MIN_PAGES  # kept only until seen on K pages
        assert all(r["text"].strip() for r in first)

        db = sqlite3.connect(out / "state.sqlite3")
        assert db.execute("SELECT COUNT(*) FROM blobs WHERE name='learned_boilerplate'").fetchone()[0] == 1
        db.close()

        new = set(site.add_articles("qadim", 2))
        result = run_crawl(sites, out)
        assert result.returncode == 0, result.stderr[-3000:]
        later = [r for r in read_records(out) if r["canonical_url"] in new]
        assert len(later) == 2
        assert not any(SITE_NOTE in r["text"] for r in later)  # known from the first run's state


def test_learning_off_keeps_every_page_as_printed_and_stores_nothing(tmp_path):
    with FixtureNews() as site:
        sites = site.write_profiles(tmp_path / "sites", keys=["qadim"])
        out = tmp_path / "out"
        result = run_crawl(sites, out, "-s", "CONCURRENT_REQUESTS=1", "-s", "NEWSCRAWL_LEARN_BOILERPLATE_PAGES=0")
        assert result.returncode == 0, result.stderr[-3000:]
        records = read_records(out)
        assert len(records) > DEFAULT_MIN_PAGES + 2
        assert all(SITE_NOTE in r["text"] for r in records)
        db = sqlite3.connect(out / "state.sqlite3")
        assert db.execute("SELECT COUNT(*) FROM blobs WHERE name='learned_boilerplate'").fetchone()[0] == 0
        db.close()
