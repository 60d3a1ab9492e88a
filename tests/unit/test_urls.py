from urllib.parse import quote

import pytest

from newscrawl.urls import canonicalize, is_same_site, url_key

SLUG = "وزارة-النقل-تشغل-10-سيارات"
ENCODED = quote(SLUG, safe="-")  # uppercase hex, as browsers send it


def test_raw_and_percent_encoded_arabic_slugs_are_one_url():
    raw = f"https://www.youm7.com/story/2024/5/13/{SLUG}/6573469"
    enc = f"https://www.youm7.com/story/2024/5/13/{ENCODED}/6573469"
    lower = f"https://www.youm7.com/story/2024/5/13/{ENCODED.lower()}/6573469"
    assert canonicalize(raw) == canonicalize(enc) == canonicalize(lower)
    assert canonicalize(raw) == enc.replace("%d", "%D")


def test_tracking_parameters_and_fragment_dropped_but_real_parameters_kept():
    url = "https://Example.COM/news.php?utm_source=fb&id=12&fbclid=abc&utm_campaign=x#comments"
    assert canonicalize(url) == "https://example.com/news.php?id=12"


@pytest.mark.parametrize(
    "amp",
    [
        "https://example.com/amp/news/2026/11/27/12-slug",
        "https://example.com/news/2026/11/27/12-slug/amp/",
        "https://example.com/news/2026/11/27/12-slug?amp=1",
        "https://example.com/news/2026/11/27/12-slug?outputType=amp",
        "https://amp.example.com/news/2026/11/27/12-slug",
    ],
)
def test_amp_twins_fold_onto_the_article(amp):
    assert url_key(amp) == url_key("https://example.com/news/2026/11/27/12-slug")


def test_www_and_mobile_twins_share_a_key_but_keep_their_host():
    assert url_key("https://m.hespress.com/a-1.html") == url_key("http://www.hespress.com/a-1.html")
    assert canonicalize("https://m.hespress.com/a-1.html").startswith("https://m.hespress.com/")
    assert is_same_site("https://m.hespress.com/x", "https://www.hespress.com/y")
    assert not is_same_site("https://hespress.com/x", "https://youm7.com/x")


def test_different_articles_keep_different_keys():
    assert url_key("https://example.com/news.php?id=12") != url_key("https://example.com/news.php?id=13")
    assert url_key("https://example.com/a/1") != url_key("https://other.com/a/1")


def test_relative_url_resolved_against_base_and_non_http_rejected():
    assert canonicalize("/x/1?utm_medium=a", base="https://example.com/list") == "https://example.com/x/1"
    with pytest.raises(ValueError):
        canonicalize("mailto:someone@example.com")


def test_request_url_keeps_amp_so_no_url_is_invented():
    from newscrawl.urls import request_url

    amp = "https://example.com/2026/11/26/%D8%B3/amp/?utm_source=x#top"
    assert request_url(amp) == "https://example.com/2026/11/26/%D8%B3/amp/"
    assert canonicalize(amp) == "https://example.com/2026/11/26/%D8%B3/"  # WordPress keeps its slash
    assert url_key(request_url(amp)) == url_key(canonicalize(amp))
