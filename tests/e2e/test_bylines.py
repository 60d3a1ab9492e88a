"""A real crawl of an outlet whose stories carry every class of byline: each record's ``authors`` and
``agencies`` are the people and the sources the page credits, and credit lines stay out of the text."""

from __future__ import annotations

import pytest

from newscrawl.textnorm import normalize_arabic
from tests.e2e.crawling import read_records, run_crawl
from tests.fixture_site import FixtureNews
from tests.fixture_site.outlets.rawi import BYLINE_OUTLET_CLASSES, CASES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("bylines")
    with FixtureNews(outlet_classes=BYLINE_OUTLET_CLASSES, seed_dir=None) as site:
        result = run_crawl(site.write_profiles(root / "sites"), root / "out")
        assert result.returncode == 0, result.stderr[-3000:]
        yield site, {r["canonical_url"]: r for r in read_records(root / "out")}


def test_every_byline_class_is_crawled(crawl) -> None:
    site, records = crawl
    assert set(records) == site.expected()["rawi"] and len(records) == len(CASES)


def test_authors_and_agencies_are_what_each_page_credits(crawl) -> None:
    site, records = crawl
    wrong = {}
    for url, record in records.items():
        article = site.article_for(url)
        got, want = (record["authors"], record["agencies"]), (article.authors, article.agencies)
        if got != want:
            wrong[url] = (got, want)
    assert wrong == {}


def test_every_class_is_present(crawl) -> None:
    site, records = crawl
    articles = [site.article_for(url) for url in records]
    # people only, sources only, both, and neither: the classes do not collapse into one outcome
    outcomes = {(bool(a.authors), bool(a.agencies)) for a in articles}
    assert outcomes == {(True, False), (False, True), (True, True), (False, False)}
    assert any(not any("\u0600" <= ch <= "\u06ff" for ch in name) for a in articles for name in a.authors)


def test_credit_lines_stay_out_of_the_text(crawl) -> None:
    site, records = crawl
    outlet = site.outlets["rawi"]
    for url, record in records.items():
        case = outlet.cases[site.article_for(url).number]
        text = normalize_arabic(record["text"])
        for line in (case.get("first"), case.get("last")):
            if line:
                assert normalize_arabic(line) not in text, (url, line)
        assert normalize_arabic(site.article_for(url).paragraphs[-1][:60]) in text
