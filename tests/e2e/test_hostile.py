"""The hostile web, crawled end to end: one loopback site with a fault per URL, and a second loopback site that
is off-site for it and must never be asked anything.

One crawl for the module; each test checks one class of fault: its counted outcome, and that the normal
articles of the same crawl were exported exactly once, with every article request accounted for.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.e2e.crawling import manifests, read_records, run_crawl
from tests.e2e.edge_site import Answer, EdgeSite

pytestmark = pytest.mark.e2e
NORMAL = [f"/news/{n}" for n in range(1, 6)]
LONG = "/news/15-" + "a" * 2100  # over Scrapy's URLLENGTH_LIMIT (2083)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    with EdgeSite() as site, EdgeSite() as offsite:
        off = offsite.base
        for n, path in enumerate(NORMAL, 1):
            site.article(path, n)
        offsite.article("/news/10", 10)
        offsite.xml("/sitemap-x.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                      'sitemap/0.9"><url><loc>BASE/news/3</loc></url></urlset>')
        # scope: a sitemap index whose children point off the site, at local files and at another scheme
        site.xml("/sitemap.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                 'sitemap/0.9"><sitemap><loc>BASE/sitemap-news.xml</loc></sitemap>'
                 '<sitemap><loc>file:///etc/hostname</loc></sitemap><sitemap><loc>file:///dev/zero</loc></sitemap>'
                 f'<sitemap><loc>ftp://127.0.0.1/s.xml</loc></sitemap><sitemap><loc>{off}/sitemap-x.xml</loc>'
                 '</sitemap><sitemap><loc>BASE/sitemap-big.xml</loc></sitemap></sitemapindex>')
        faulty = ["/news/10", "/news/11", "/news/12", "/news/13", LONG, "/news/16", "/news/17", "/news/18",
                  "/news/19"]
        urls = "".join(f"<url><loc>BASE{p}</loc></url>" for p in NORMAL[:4] + faulty)
        site.xml("/sitemap-news.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                 f'sitemap/0.9">{urls}</urlset>')
        # limits: a plain sitemap over the 5 MB article limit and under the 50 MB sitemap limit
        padding = "<!-- " + "x" * (6 * 1024 * 1024) + " -->"
        site.xml("/sitemap-big.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                 f'sitemap/0.9">{padding}<url><loc>BASE/news/5</loc></url></urlset>')
        # a listing whose pagination leads off the site and to a local file
        site.routes["/section/"] = Answer(body=(
            f'<html><body><a href="{site.base}/news/1">1</a><a href="{off}/section/?page=2" rel="next">2</a>'
            '<a href="file:///etc/passwd">x</a></body></html>').encode())
        site.routes["/news/10"] = Answer(302, headers={"Location": f"{off}/news/10"})  # redirect off the site
        site.routes["/news/11"] = Answer(302, headers={"Location": "file:///etc/hostname"})
        site.routes["/news/12"] = Answer(302, headers={"Location": f"{site.base}/news/12"})  # A -> A
        site.routes["/news/13"] = Answer(302, headers={"Location": f"{site.base}/news/14"})  # A -> B -> A
        site.routes["/news/14"] = Answer(302, headers={"Location": f"{site.base}/news/13"})
        site.routes["/news/16"] = Answer(body=b"<html></html>", delay=4)  # slower than DOWNLOAD_TIMEOUT
        site.routes["/news/17"] = Answer(body=b"<html><body>" + b"<p>x</p>" * 800_000, no_length=True)  # 6.4 MB
        site.routes["/news/18"] = Answer(body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
        site.routes["/news/19"] = Answer(body=b"")
        sites = site.write_profile(root / "sites", [("sitemap", "/sitemap.xml"), ("listing", "/section/")],
                                   r"/news/\d+(-a+)?$", key="hostile")
        result = run_crawl(sites, root / "out", "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0", timeout=300)
        yield {"result": result, "manifest": manifests(root / "out")[-1], "records": read_records(root / "out"),
               "site": site, "offsite": offsite, "log": result.stderr}


def test_the_crawl_finishes_without_a_traceback_and_exports_every_normal_article_once(crawl):
    assert crawl["result"].returncode == 0, crawl["log"][-3000:]
    assert "Traceback" not in crawl["log"], crawl["log"][-3000:]
    urls = Counter(r["url"].removeprefix(crawl["site"].base) for r in crawl["records"])
    assert urls == Counter(NORMAL)
    assert crawl["manifest"]["sites"]["hostile"]["unaccounted"] == 0


def test_nothing_outside_the_site_is_fetched(crawl):
    assert crawl["offsite"].log == []  # no sitemap child, pagination link or redirect reached the other port
    site = crawl["manifest"]["sites"]["hostile"]
    assert site["errors"]["off_site"] == 1 and site["errors"]["bad_scheme"] == 1  # the two redirects
    sources = site["source_errors"]
    assert sources["bad_scheme"] == 3 and sources["off_site"] == 2  # file:, file:, ftp:; sitemap, pagination


def test_redirect_loops_and_over_long_urls_are_counted(crawl):
    errors = crawl["manifest"]["sites"]["hostile"]["errors"]
    assert errors["redirect_loop"] == 2 and errors["url_too_long"] == 1


def test_failures_are_named_by_what_happened(crawl):
    site = crawl["manifest"]["sites"]["hostile"]
    assert site["errors"]["timeout"] == 1 and site["errors"]["too_large"] == 1
    assert site["dropped"]["not_html"] == 1 and site["dropped"]["empty_body"] == 1
    assert not any(kind.endswith("error") for kind in site["errors"])  # no exception class names


def test_a_sitemap_over_the_article_limit_is_read(crawl):
    site = crawl["manifest"]["sites"]["hostile"]
    assert "too_large" not in site["source_errors"]
    assert any(r["url"].endswith("/news/5") for r in crawl["records"])  # listed only by the 6 MB sitemap


@pytest.mark.browser
def test_a_rendered_page_cannot_reach_outside_its_site(tmp_path):
    """What the page asks for itself (a script, data, a frame) goes through the same rule in Chromium."""
    import os

    from newscrawl.rendering.chromium import BrowserNotFoundError, find_browser

    try:
        find_browser(os.environ.get("NEWSCRAWL_BROWSER_PATH"))
    except BrowserNotFoundError as exc:
        pytest.skip(f"needs Chromium (.ci/run and `make install` install it as root): {exc}")
    with EdgeSite() as site, EdgeSite() as offsite:
        off = offsite.base
        site.article("/news/1", 1)
        page = site.routes["/news/1"].body.replace(b"</body>", (
            f'<script src="{off}/tracker.js"></script><iframe src="{off}/frame"></iframe>'
            f'<script>fetch("{off}/api").catch(() => null)</script></body>').encode())
        site.routes["/news/1"] = Answer(body=page)
        site.feed("/rss.xml", [("/news/1", "Wed, 01 May 2024 12:00:00 +0300")])
        sites = site.write_profile(tmp_path / "sites", [("feed", "/rss.xml")], r"/news/\d+$", key="hostile")
        profile = sites / "hostile.toml"
        profile.write_text(profile.read_text().replace('render = "plain"', 'render = "browser"'))
        result = run_crawl(sites, tmp_path / "out", "-s", "NEWSCRAWL_RENDER_WAIT=3", timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        run = manifests(tmp_path / "out")[-1]["sites"]["hostile"]
        assert offsite.log == []
        assert run["rendered"] == 1 and run["exported"] == 1
        assert run["refused"].get("off_site", 0) >= 3  # the script, the frame and the fetch
