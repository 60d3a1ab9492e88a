"""The fixture news site serves what the crawler's tests rely on."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from newscrawl.registry import load_registry
from tests.fixture_site import FixtureNews
from tests.fixture_site.seed import default_seed_dir

CANONICAL = re.compile(rb'<link rel="?canonical"? href="([^"]+)"')


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def test_start_stop_frees_ports() -> None:
    site = FixtureNews(seed_dir=None).start()
    urls = [o.base_url for o in site.outlets.values()]
    assert len(set(urls)) == len(urls) == len(site.outlets) >= 4
    assert fetch(urls[0] + "/robots.txt")[0] == 200
    site.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(urls[0] + "/robots.txt", timeout=2)


def test_profiles_load_with_the_registry(fixture_news: FixtureNews, tmp_path: Path) -> None:
    folder = fixture_news.write_profiles(tmp_path / "sites", render={"nile": "auto"})
    registry = load_registry(folder)
    assert set(registry) == set(fixture_news.outlets)
    assert registry["nile"].render == "auto"
    for key, site in registry.items():
        assert site.language == "ar" and site.delay == 0 and site.concurrency >= 4
        expected = fixture_news.expected()[key]
        assert expected and all(site.is_article_url(u) and site.owns_url(u) for u in expected), key
    wadi = registry["wadi"]
    assert not wadi.is_article_url(fixture_news.outlets["wadi"].url("/category/politics/"))
    assert not wadi.is_article_url(fixture_news.outlets["wadi"].url("/tag/الأردن/"))
    assert not registry["sahel"].is_article_url(fixture_news.outlets["sahel"].url("/section/economy"))
    assert not registry["nile"].is_article_url(fixture_news.outlets["nile"].url("/section/2?page=2"))
    only = fixture_news.write_profiles(tmp_path / "one", keys=["qadim"])
    assert set(load_registry(only)) == {"qadim"}


def test_windows_1256_page_without_header_charset(fixture_news: FixtureNews) -> None:
    url = fixture_news.wire_story()["different"]
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"] == "text/html"
    assert b'content="text/html; charset=windows-1256"' in body
    text = body.decode("cp1256")
    assert "دمشق تطالب بآلية ملزمة" in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "&#1634;&#1637; تشرين الثاني" in text  # ٢٥ in Eastern digits, as character references
    status, _, feed = fetch(fixture_news.outlets["qadim"].url("/rss.php"))
    assert feed.startswith(b'<?xml version="1.0" encoding="windows-1256"?>')


def test_feed_answers_304_and_changes_after_add_articles(tmp_path: Path) -> None:
    with FixtureNews(seed_dir=None) as site:
        feed = site.outlets["wadi"].url("/feed/")
        status, headers, body = fetch(feed)
        assert status == 200 and headers["ETag"] and headers["Last-Modified"]
        assert fetch(feed, {"If-None-Match": headers["ETag"]})[0] == 304
        assert fetch(feed, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        new = site.add_articles("wadi", 2)
        status2, headers2, body2 = fetch(feed, {"If-None-Match": headers["ETag"]})
        assert status2 == 200 and headers2["ETag"] != headers["ETag"]
        assert headers2["Last-Modified"] != headers["Last-Modified"]
        assert all(site.outlets["wadi"].articles[i].title.encode() in body2 for i in range(2))
        assert new[0] in site.expected()["wadi"]
        sitemap = site.outlets["sahel"].url("/sitemaps/news.xml")
        etag = fetch(sitemap)[1]["ETag"]
        assert fetch(sitemap, {"If-None-Match": etag})[0] == 304
        added = site.add_articles("sahel", 1)[0]
        assert added.encode() in fetch(sitemap, {"If-None-Match": etag})[2]
        kinds = {k for k in ("feed", "sitemap") if site.requests_for(kind=k)}
        assert kinds == {"feed", "sitemap"}


def test_seed_page(fixture_news: FixtureNews) -> None:
    if default_seed_dir() is None:
        pytest.skip("../shared/seed is absent: the fixture serves only its own articles")
    expected = json.loads((default_seed_dir() / "expected.json").read_text(encoding="utf-8"))
    url = fixture_news.seed_url()
    assert url and fixture_news.seed_served
    status, _, body = fetch(url)
    html = body.decode("utf-8")
    assert status == 200 and html.count(expected["title"]) >= 3
    positions = [html.index(block.replace('"', "&quot;")) for block in expected["paragraphs"]]
    assert positions == sorted(positions)
    for line in expected["boilerplate"]:
        assert re.sub(r"<[^>]+>", "", html).count(line) == 1, line
    assert "<h3>مراجعة الخطط الأمنية</h3>" in html
    assert "<strong>تعطيل القدرات الإرهابية</strong>" in html
    page1 = fetch(fixture_news.outlets["nile"].url("/section/2"))[2]
    page2 = fetch(fixture_news.outlets["nile"].url("/section/2?page=2"))[2]
    assert url.encode() not in page1 and url.encode() in page2  # depth matters


def test_url_variants_serve_one_canonical(fixture_news: FixtureNews) -> None:
    v = fixture_news.variants()
    wadi = fixture_news.outlets["wadi"]
    raw_feed = fetch(wadi.url("/feed/"))[2].decode()
    assert f"<link>{v['feed']}</link>" in raw_feed
    listing = fetch(wadi.url("/category/politics/"))[2].decode()
    assert v["listing"].replace("&", "&amp;") in listing or v["listing"] in listing
    tag_page = fetch(wadi.url("/tag/وادي الموجب/"))[2].decode()
    assert v["amp"] in tag_page and v["fragment"] in tag_page
    for url in (v["feed"], v["listing"], v["amp"], v["fragment"]):
        status, _, body = fetch(urllib.request.quote(url, safe=":/?&=#%"))
        assert status == 200, url
        assert CANONICAL.search(body).group(1).decode() == v["canonical"], url


def test_expected_excludes_traps_and_bad_routes_answer_as_documented(fixture_news: FixtureNews) -> None:
    expected = set().union(*fixture_news.expected().values())
    bad = fixture_news.bad_routes()
    assert {b["kind"] for b in bad} == {"english", "error500", "notfound", "broken", "binary", "huge",
                                        "disallowed", "bad-feed"}
    for trap in bad:
        assert trap["url"] not in expected
        status, headers, body = fetch(trap["url"])
        kind = trap["kind"]
        if kind == "error500":
            assert status == 500
        elif kind == "notfound":
            assert status == 404
        elif kind == "binary":
            assert headers["Content-Type"] in ("application/pdf", "image/jpeg")
        elif kind == "huge":
            assert len(body) >= 6 * 1024 * 1024
        elif kind == "broken":
            assert b"</html>" not in body
        elif kind == "bad-feed":
            assert b"</rss>" not in body
    robots = fetch(fixture_news.outlets["wadi"].url("/robots.txt"))[2].decode()
    disallowed = next(b["url"] for b in bad if b["kind"] == "disallowed")
    assert "Disallow: /2026/11/25/embargoed-" in robots and "/2026/11/25/embargoed-" in disallowed
    wire = fixture_news.wire_story()
    first, second = (fixture_news.article_for(wire[k]) for k in ("first", "second"))
    assert first.text == second.text and first.published < second.published
    assert fixture_news.article_for(wire["near_duplicate"]).text != first.text


def test_request_log_records_kinds(fixture_news: FixtureNews) -> None:
    fixture_news.reset_log()
    fetch(fixture_news.outlets["sahel"].url("/robots.txt"))
    fetch(fixture_news.outlets["sahel"].url("/sitemap.xml"))
    fetch(next(iter(fixture_news.expected()["sahel"])))
    assert [r.path for r in fixture_news.requests_for("sahel", "robots")] == ["/robots.txt"]
    assert len(fixture_news.requests_for("sahel", "sitemap")) == 1
    assert len(fixture_news.requests_for("sahel", "article")) == 1
    outlet, method, path, status, headers = fixture_news.request_log[-1]
    assert (outlet, method, status) == ("sahel", "GET", 200) and isinstance(headers, dict)


def test_extra_articles_are_distinct_and_reachable() -> None:
    with FixtureNews(seed_dir=None, extra_articles=200) as site:
        texts = [a.text for o in site.outlets.values() for a in o.articles if a.role != "wire-second"]
        assert len(set(texts)) == len(texts)
        for key, urls in site.expected().items():
            assert len(urls) == len(site.articles(key)), key  # one URL per article, no collisions
        assert sum(len(v) for v in site.expected().values()) >= 200
        nile = site.outlets["nile"]
        listed = set()
        for n in range(1, 6):
            for page in (1, 2, 3):
                listed.update(re.findall(r'href="([^"]+/story/[^"]+)"', fetch(nile.url(f"/section/{n}?page={page}"))[2]
                                         .decode()))
        assert site.expected()["nile"] <= listed


def test_composed_articles_are_not_near_duplicates_of_each_other() -> None:
    """Only the wire story's copies may look alike (near-duplicate clustering is tested on them)."""
    site = FixtureNews(seed_dir=None, extra_articles=160)

    def shingles(text: str) -> set[str]:
        words = re.findall(r"\w+", text)
        return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}

    articles = [(a, shingles(a.text)) for o in site.outlets.values() for a in o.articles if not a.role]
    worst = max(len(x & y) / len(x | y) for i, (a, x) in enumerate(articles) for b, y in articles[i + 1:]
                if a.section == b.section)
    assert worst < 0.45
    wire = {a.role: shingles(a.text) for o in site.outlets.values() for a in o.articles if "wire" in a.role}
    assert len(wire["wire-first"] & wire["wire-neardup"]) / len(wire["wire-first"] | wire["wire-neardup"]) > 0.6


def test_content_is_deterministic() -> None:
    def snapshot() -> dict[str, list[tuple[str, str]]]:
        site = FixtureNews(extra_articles=20)
        return {k: [(a.path, a.text) for a in o.articles] for k, o in site.outlets.items()}

    assert snapshot() == snapshot()


def test_command_line_serves_until_sigterm(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    port_file = tmp_path / "ports.json"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "tests.fixture_site", "--sites-dir", str(tmp_path / "sites"),
                             "--extra-articles", "8", "--port-file", str(port_file)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not port_file.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        urls = json.loads(port_file.read_text(encoding="utf-8"))
        assert {"wadi", "sahel", "nile", "qadim"} <= set(urls)
        assert set(load_registry(tmp_path / "sites")) == set(urls)
        assert fetch(urls["wadi"] + "/feed/")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0 and b"wadi" in out
