"""Edge cases of real sites, each one a bug found in review, crawled end to end on a tiny local site."""

from __future__ import annotations

import pytest

from tests.e2e.crawling import manifests, read_records, run_crawl
from tests.e2e.edge_site import Answer, EdgeSite

pytestmark = pytest.mark.e2e
MAY_1 = "Wed, 01 May 2024 12:00:00 +0300"


def crawl(site: EdgeSite, sites, out, *args: str) -> dict:
    site.reset_log()
    result = run_crawl(sites, out, *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return manifests(out)[-1]


def article_requests(site: EdgeSite) -> list[str]:
    return [r.path for r in site.log if r.path.startswith(("/news/", "/go/"))]


def test_links_that_lead_to_an_exported_article_are_not_fetched_again(tmp_path):
    """Feed links without the slug (canonical has it), a link that redirects, a link with utm parameters."""
    with EdgeSite() as site:
        site.article("/news/1/slug-1", 1, canonical="/news/1/slug-1")
        site.routes["/news/1"] = site.routes["/news/1/slug-1"]  # served under both; canonical has the slug
        site.article("/news/2/slug-2", 2, canonical="/news/2/slug-2")
        site.redirect("/go/2", "/news/2/slug-2")
        site.article("/news/3", 3)
        site.feed("/rss.xml", [("/news/1", MAY_1), ("/go/2", MAY_1), ("/news/3?utm_source=rss&utm_medium=feed", MAY_1)])
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/(news|go)/\d+(/[^/?#]+)?$")
        out = tmp_path / "out"

        first = crawl(site, sites, out)
        assert first["sites"]["edge"]["exported"] == 3  # the utm link is an article link too
        assert {r["canonical_url"] for r in read_records(out)} == {
            f"{site.base}/news/1/slug-1", f"{site.base}/news/2/slug-2", f"{site.base}/news/3"}

        second = crawl(site, sites, out)
        assert article_requests(site) == []  # none of the three links is fetched again
        assert second["sites"]["edge"]["skipped_seen"] == 3


def test_a_canonical_pointing_at_the_home_page_does_not_merge_articles(tmp_path):
    with EdgeSite() as site:
        for n in (1, 2):
            site.article(f"/news/{n}", n, canonical="/")  # a template bug seen on real sites
        site.feed("/rss.xml", [("/news/1", MAY_1), ("/news/2", MAY_1)])
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/news/\d+$")
        crawl(site, sites, tmp_path / "out")
        records = read_records(tmp_path / "out")
        assert sorted(r["canonical_url"] for r in records) == [f"{site.base}/news/1", f"{site.base}/news/2"]
        assert len({r["id"] for r in records}) == 2


def test_a_feed_that_moved_still_answers_304(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1)
        site.feed("/rss.xml", [("/news/1", MAY_1)], etag='"v1"')
        site.redirect("/old-rss.xml", "/rss.xml")
        sites = site.write_profile(tmp_path / "sites", [("feed", "/old-rss.xml")], r"/news/\d+$")
        crawl(site, sites, tmp_path / "out")
        second = crawl(site, sites, tmp_path / "out")
        assert [r.status for r in site.requests("/rss.xml")] == [304]
        assert second["sites"]["edge"]["not_modified"] == 1


def test_a_sitemap_index_listing_itself_is_read_once(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1)
        site.xml("/sitemap.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                 'sitemap/0.9"><sitemap><loc>BASE/sitemap.xml</loc></sitemap><sitemap><loc>BASE/s1.xml</loc>'
                 "</sitemap></sitemapindex>")
        site.xml("/s1.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 "<url><loc>BASE/news/1</loc></url></urlset>")
        sites = site.write_profile(tmp_path / "sites", [("sitemap", "/sitemap.xml")], r"/news/\d+$")
        first = crawl(site, sites, tmp_path / "out", "-s", "CLOSESPIDER_PAGECOUNT=30")
        assert len(site.requests("/sitemap.xml")) == 1 and len(site.requests("/s1.xml")) == 1
        assert first["sites"]["edge"]["exported"] == 1


def test_a_challenge_page_in_place_of_a_sitemap_is_read_again_next_run(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1)
        site.xml("/sitemap.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                 'sitemap/0.9"><sitemap><loc>BASE/2024-01.xml</loc><lastmod>2024-02-01</lastmod></sitemap>'
                 "</sitemapindex>")
        site.routes["/2024-01.xml"] = Answer(
            200, b"<!doctype html><html><body>Checking your browser...</body></html>")
        sites = site.write_profile(tmp_path / "sites", [("sitemap", "/sitemap.xml")], r"/news/\d+$")
        first = crawl(site, sites, tmp_path / "out")
        assert first["sites"]["edge"]["source_errors"] == {"bad_sitemap": 1}
        site.xml("/2024-01.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 "<url><loc>BASE/news/1</loc></url></urlset>")
        second = crawl(site, sites, tmp_path / "out")  # same index lastmod: the month must still be read
        assert len(site.requests("/2024-01.xml")) == 1 and second["sites"]["edge"]["exported"] == 1


def test_a_date_range_run_does_not_hide_articles_from_the_next_full_run(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1, published="2024-05-01T12:00:00+03:00")
        site.article("/news/2", 2, published="2024-05-02T01:30:00+03:00")
        site.feed("/rss.xml", [("/news/1", MAY_1), ("/news/2", "Thu, 02 May 2024 01:30:00 +0300")], etag='"v1"')
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/news/\d+$")
        out = tmp_path / "out"
        # 01:30 on the 2nd in Cairo-ahead time is still the 1st in UTC: the publisher's day decides.
        ranged = crawl(site, sites, out, "-a", "since=2024-05-02", "-a", "until=2024-05-02")
        assert ranged["sites"]["edge"]["exported"] == 1
        assert {r["canonical_url"] for r in read_records(out)} == {f"{site.base}/news/2"}
        full = crawl(site, sites, out)
        assert [r.status for r in site.requests("/rss.xml")] == [200]  # no 304 from the ranged run's validators
        assert full["sites"]["edge"]["exported"] == 1 and article_requests(site) == ["/news/1"]


def test_a_page_that_comes_out_as_mojibake_is_dropped_counted_and_asked_for_again(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1)
        # stored mis-decoded by the site, with the C1 characters lost: no decoding can repair it
        lossy = site.routes["/news/1"].body.decode("utf-8").encode("utf-8").decode("latin-1")
        lossy = "".join("?" if "\x80" <= ch <= "\x9f" else ch for ch in lossy)
        site.routes["/news/2"] = Answer(200, lossy.encode("utf-8"))
        site.feed("/rss.xml", [("/news/1", MAY_1), ("/news/2", MAY_1)], etag='"v1"')
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/news/\d+$")
        first = crawl(site, sites, tmp_path / "out")
        assert first["sites"]["edge"]["dropped"] == {"mojibake": 1} and first["sites"]["edge"]["exported"] == 1
        second = crawl(site, sites, tmp_path / "out")
        assert [r.status for r in site.requests("/rss.xml")] == [304]
        assert article_requests(site) == ["/news/2"] and second["sites"]["edge"]["retried"] == 1


def test_an_amp_twin_is_read_from_its_canonical_page_or_kept_when_that_fails(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1, canonical="/news/1")
        site.article("/news/1/amp", 1, canonical="/news/1")
        full = site.routes["/news/1"].body.replace(b"<article>", '<article><p class="author">كتب: محمد علي حسن</p>'
                                                   .encode())
        site.routes["/news/1"] = Answer(200, full)  # the AMP page lacks the byline
        site.article("/news/2/amp", 2, canonical="/news/2")  # its canonical page answers 404
        site.feed("/rss.xml", [("/news/1/amp", MAY_1), ("/news/2/amp", MAY_1)])
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/news/\d+(/amp)?$")
        run = crawl(site, sites, tmp_path / "out")
        records = {r["canonical_url"]: r for r in read_records(tmp_path / "out")}
        first, second = records[f"{site.base}/news/1"], records[f"{site.base}/news/2"]
        assert first["url"] == f"{site.base}/news/1" and first["authors"] == ["محمد علي حسن"]  # the canonical page
        assert second["url"] == f"{site.base}/news/2/amp"  # no canonical page to read: the twin's item
        assert run["totals"]["twin/canonical_requested"] == 2 and run["totals"]["twin/kept"] == 1
        assert run["sites"]["edge"]["exported"] == 2


def test_a_sitemap_lastmod_only_proves_an_article_too_old_never_too_new(tmp_path):
    with EdgeSite() as site:
        site.article("/news/1", 1, published="2024-05-02T10:00:00+03:00")  # edited a month later
        site.article("/news/2", 2, published="2024-03-30T10:00:00+03:00")  # last edited before the range
        site.xml("/sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 "<url><loc>BASE/news/1</loc><lastmod>2024-06-01</lastmod></url>"
                 "<url><loc>BASE/news/2</loc><lastmod>2024-04-01</lastmod></url></urlset>")
        sites = site.write_profile(tmp_path / "sites", [("sitemap", "/sitemap.xml")], r"/news/\d+$")
        run = crawl(site, sites, tmp_path / "out", "-a", "since=2024-05-02", "-a", "until=2024-05-02")
        assert article_requests(site) == ["/news/1"]  # /news/2 skipped from its lastmod alone, unfetched
        assert run["sites"]["edge"]["exported"] == 1 and run["sites"]["edge"]["skipped_out_of_range"] == 1
