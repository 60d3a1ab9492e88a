"""An article's anatomy on the fixture site's marsad pages (served on 127.0.0.1): embeds, pictures with their
captions and credits, live-blog updates and a columnist's byline, none of it leaking into the text."""

from __future__ import annotations

import urllib.request

import pytest
from jsonschema import Draft202012Validator

from newscrawl.crawl.article_builder import PageContext, build_article
from newscrawl.extract import extract_article
from newscrawl.items import ARTICLE_FIELDS, json_schema
from newscrawl.registry import load_registry
from newscrawl.textnorm import normalize_arabic
from tests.fixture_site import FixtureNews


@pytest.fixture(scope="module")
def marsad(fixture_news: FixtureNews):
    return fixture_news.outlets["marsad"]


def page(outlet, story: str) -> tuple[str, bytes, dict]:
    """The handwritten page of one kind (news: the story with every embed), or a composed one ("composed")."""
    article = next(a for a in outlet.articles if a.role == (f"anatomy-{story}" if story != "composed" else ""))
    url = outlet.url(article.path)
    with urllib.request.urlopen(url) as answer:
        return url, answer.read(), outlet.anatomy(url)


@pytest.mark.parametrize("story", ["news", "gallery", "live", "opinion", "composed"])
def test_text_is_the_story_alone(marsad, story: str) -> None:
    url, body, expected = page(marsad, story)
    result = extract_article(body, url)
    assert result.text == expected["text"]
    assert result.authors == expected["authors"]


def test_every_embed_kind_with_its_url_text_and_author(marsad) -> None:
    url, body, expected = page(marsad, "news")
    result = extract_article(body, url)
    assert {e["type"] for e in result.embeds} == {"x", "instagram", "facebook", "youtube", "vimeo", "tiktok",
                                                  "telegram", "iframe"}
    assert result.embeds == expected["embeds"]
    text = normalize_arabic(result.text)
    for embed in result.embeds:
        for value in (embed["text"], embed["author"]):
            assert not value or normalize_arabic(value) not in text, value


def test_gallery_pictures_with_caption_and_credit_out_of_the_text(marsad) -> None:
    url, body, expected = page(marsad, "gallery")
    result = extract_article(body, url)
    assert result.images == expected["images"]
    assert len(result.images) == 5 and result.images[0]["credit"] == "خالد المهيري"
    assert [i["credit"] for i in result.images[1:]] == ["رويترز", "وام", None, "سارة الحمادي"]
    text = normalize_arabic(result.text)
    for image in result.images:
        for value in (image["caption"], image["credit"]):
            assert not value or normalize_arabic(value) not in text, value


def test_composed_story_picture_is_found_behind_its_lazy_loading_placeholder(marsad) -> None:
    url, body, expected = page(marsad, "composed")
    result = extract_article(body, url)
    assert result.images == expected["images"]
    assert "data:" not in result.images[0]["url"] and result.images[0]["url"].endswith(".jpg")
    assert result.images[0]["credit"] == "مرصد الخليج"


def test_live_blog_updates_in_page_order_with_their_times(marsad) -> None:
    url, body, expected = page(marsad, "live")
    result = extract_article(body, url)
    assert result.live_entries == expected["live_entries"]
    assert [e["time_shown"] for e in result.live_entries] == ["11:40", "10:05", "08:30", "07:15"]
    assert result.live_entries[0]["time"] == "2026-11-26T11:40:00+04:00"
    assert "11:40" not in result.text


def test_opinion_column_author_is_the_columnist_not_the_outlet_or_the_bio(marsad) -> None:
    url, body, _ = page(marsad, "opinion")
    result = extract_article(body, url)
    assert result.authors == ["د. سلمى الكعبي"]
    assert not result.images or all("writers" not in i["url"] for i in result.images)  # not the columnist's photo


def test_built_records_validate_against_the_schema(marsad, fixture_news, tmp_path) -> None:
    from datetime import UTC, datetime

    site = load_registry(fixture_news.write_profiles(tmp_path / "sites", keys=["marsad"]))["marsad"]
    validator = Draft202012Validator(json_schema())
    for story in ("news", "gallery", "live", "opinion"):
        url, body, expected = page(marsad, story)
        built = build_article(body, PageContext(site=site, url=url, fetched_at=datetime(2026, 11, 28, tzinfo=UTC)))
        record = {name: getattr(built.article, name) for name in ARTICLE_FIELDS if name != "text_normalized"}
        assert not list(validator.iter_errors(record)), story
        assert record["embeds"] == expected["embeds"] and record["live_entries"] == expected["live_entries"]
