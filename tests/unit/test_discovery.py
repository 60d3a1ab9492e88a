import gzip

import pytest

from newscrawl.crawl.sources import DiscoveryError, listing_links, parse_feed, parse_sitemap

RSS_1256 = """<?xml version="1.0" encoding="windows-1256"?>
<rss version="2.0"><channel><title>أخبار</title>
<item><title>عنوان الخبر الأول</title><link>https://example.com/news.php?id=1</link>
<pubDate>Fri, 27 Nov 2026 10:15:00 +0200</pubDate></item>
<item><title>الثاني</title><link>/news.php?id=2</link></item>
</channel></rss>""".encode("cp1256")

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://example.com/news/1</loc><lastmod>2026-11-27T09:00:00+03:00</lastmod>
  <news:news><news:publication><news:name>X</news:name><news:language>ar</news:language></news:publication>
  <news:publication_date>2026-11-27T08:00:00+03:00</news:publication_date><news:title>t</news:title></news:news>
 </url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/s1.xml</loc><lastmod>2026-11-01</lastmod></sitemap>
<sitemap><loc>https://example.com/s2.xml.gz</loc></sitemap></sitemapindex>"""


def test_windows_1256_feed_read_with_dates_and_relative_links():
    links = parse_feed(RSS_1256, "https://example.com/rss.xml")
    assert [link.url for link in links] == ["https://example.com/news.php?id=1", "https://example.com/news.php?id=2"]
    assert links[0].title == "عنوان الخبر الأول"
    assert links[0].published == "2026-11-27T10:15:00+02:00"  # in the feed's own offset: the publisher's day


def test_html_instead_of_feed_and_garbage_are_errors():
    with pytest.raises(DiscoveryError, match="HTML served"):
        parse_feed(b"<!DOCTYPE html><html><body>blocked</body></html>", "https://example.com/feed")
    with pytest.raises(DiscoveryError):
        parse_feed(b"\x00\x01 not a feed <<<", "https://example.com/feed")


def test_news_sitemap_keeps_publication_date_and_lastmod():
    doc = parse_sitemap(NEWS_SITEMAP, "https://example.com/news.xml")
    assert doc.kind == "urlset"
    assert doc.links[0].published == "2026-11-27T08:00:00+03:00"
    assert doc.links[0].lastmod == "2026-11-27T09:00:00+03:00"


def test_sitemap_index_and_gzip():
    doc = parse_sitemap(gzip.compress(INDEX), "https://example.com/sitemap.xml")
    assert doc.kind == "index"
    assert [(link.url, link.lastmod) for link in doc.links] == [
        ("https://example.com/s1.xml", "2026-11-01"), ("https://example.com/s2.xml.gz", None)]


def test_sitemap_errors():
    with pytest.raises(DiscoveryError, match="HTML served"):
        parse_sitemap(b"<html><body>hi</body></html>", "https://example.com/sitemap.xml")
    with pytest.raises(DiscoveryError):
        parse_sitemap(b"<rss></rss>", "https://example.com/sitemap.xml")


def test_listing_links_absolute_unique_without_assets():
    page = b"""<html><body><a href="/a/1">x</a><a href="/a/1#c">x</a><a href="https://e.com/b/2">y</a>
    <a href="/img/p.jpg">i</a><a href="mailto:x@y">m</a></body></html>"""
    assert listing_links(page, "https://e.com/section") == ["https://e.com/a/1", "https://e.com/b/2"]


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    b'<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
    b"<channel><title>t</title></channel></rdf:RDF>",
], ids=["rss2", "rss2-cp1256", "atom", "rss1"])
def test_valid_feed_without_items_is_empty_not_malformed(body):
    assert parse_feed(body, "https://example.com/feed") == []


def test_truncated_or_foreign_xml_is_still_an_error():
    with pytest.raises(DiscoveryError, match="malformed feed"):
        parse_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>', "https://example.com/feed")
    with pytest.raises(DiscoveryError, match="not an RSS or Atom feed"):
        parse_feed(b'<?xml version="1.0"?><urlset/>', "https://example.com/feed")
