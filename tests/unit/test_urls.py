from urllib.parse import quote

import pytest

from newscrawl.urls import canonicalize, is_same_site, request_url, url_key

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


# Old ASP/PHP Arabic sites percent-encode slugs in windows-1256: bytes that are not UTF-8.
CP1256_SLUG = quote("العرب".encode("cp1256"))  # %C7%E1%DA%D1%C8
CP1256_OTHER = quote("الغرب".encode("cp1256"))  # same length, one letter different


def test_windows_1256_slug_in_path_keeps_its_bytes_and_its_identity():
    url = f"http://old.example.com/news/{CP1256_SLUG}.asp"
    assert request_url(url) == url
    assert canonicalize(url.lower().replace("http://old.example.com", "http://OLD.example.com")) == url
    assert url_key(url) != url_key(f"http://old.example.com/news/{CP1256_OTHER}.asp")


def test_windows_1256_value_in_query_keeps_its_bytes_and_its_identity():
    url = f"http://old.example.com/show.asp?title={CP1256_SLUG}"
    assert request_url(f"{url}&utm_source=x") == url
    assert url_key(url) == f"old.example.com/show.asp?title={CP1256_SLUG}"
    assert url_key(url) != url_key(f"http://old.example.com/show.asp?title={CP1256_OTHER}")


def test_arabic_query_value_folds_raw_and_percent_encoded_alike():
    raw = f"https://example.com/search.php?q={SLUG}"
    assert url_key(raw) == url_key(raw.replace(SLUG, ENCODED)) == url_key(raw.replace(SLUG, ENCODED.lower()))
    assert canonicalize(raw) == f"https://example.com/search.php?q={ENCODED}"


@pytest.mark.parametrize("name", ["cid", "eid", "uid", "sessionid", "gallery_id", "game", "globalid", "refid"])
def test_article_ids_that_look_like_trackers_to_courlan_are_kept(name):
    url = f"https://example.com/view.php?{name}=101"
    assert request_url(url) == url
    assert url_key(url) != url_key(f"https://example.com/view.php?{name}=102")


def test_bare_query_id_is_kept_bare():
    assert request_url("https://example.com/article.php?12345#c") == "https://example.com/article.php?12345"
    assert url_key("https://example.com/article.php?12345") != url_key("https://example.com/article.php?12346")


def test_only_the_projects_noise_parameters_are_removed():
    url = "https://example.com/view.php?utm_source=fb&cid=7&fbclid=x&gclid=y&utm_medium=z&page=2"
    assert canonicalize(url) == request_url(url) == "https://example.com/view.php?cid=7&page=2"


def test_parameter_names_that_start_like_html_entities_are_not_unescaped():
    # html.unescape reads "&region" as "®ion"; only a double-escaped "&amp;" is folded.
    assert request_url("https://example.com/a.php?id=1&region=eg") == "https://example.com/a.php?id=1&region=eg"
    assert request_url("https://example.com/a.php?id=1&amp;region=eg") == "https://example.com/a.php?id=1&region=eg"
