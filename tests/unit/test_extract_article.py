"""extract_article on whole pages: a common Arabic portal template, the seed article, metadata sources."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawl.extract import extract_article
from newscrawl.registry import Selectors, load_registry
from tests.unit.test_extract_pages import STORY, STORY_SUBHEADINGS, STORY_TITLE, portal_page

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "expected.json"
URL = "https://portal.example/news/2024/5/13/123456"
PREV = "بنك التعمير والإسكان يؤكد أهمية دور البنوك في تحقيق نمو اقتصادي مستدام"
NEXT = "وزير الثقافة يلتقي وفد مهرجان بورسعيد السينمائي"
CHROME = [
    "تابع أحدث الأخبار عبر تطبيق google news", "اشترك فى النشرة البريدية", "تابعنا على مواقع التواصل",
    PREV, NEXT, "اقرأ أيضاً", "ارتفاع أسعار الذهب", "الأكثر قراءة", "الكلمات المفتاحية", "صورة أرشيفية",
    "جميع الحقوق محفوظة", "الرئيسية",
]


def test_portal_template_body_is_exactly_the_story() -> None:
    result = extract_article(portal_page(STORY_TITLE, STORY, STORY_SUBHEADINGS, prev_title=PREV,
                                         next_title=NEXT).encode(), URL)
    assert result.paragraphs == STORY  # subheadings kept as their own paragraphs, in order
    assert result.text == "\n\n".join(STORY)
    assert result.title == STORY_TITLE
    assert not result.text.startswith(STORY_TITLE)
    for chrome in CHROME:
        assert chrome not in result.text
    assert result.authors == ["أحمد محمود"] and result.agencies == []
    assert result.canonical_url == URL
    assert result.language == "ar" and result.encoding == "utf-8" and not result.mojibake


def test_site_timezone_applies_to_dates_without_offset() -> None:
    html = portal_page(STORY_TITLE, STORY, STORY_SUBHEADINGS).encode()
    youm7 = load_registry()["youm7"]
    assert extract_article(html, URL, youm7).published == "2024-05-13T06:00:00+03:00"
    assert extract_article(html, URL).published == "2024-05-13T06:00:00+00:00"


def test_relative_visible_date_uses_fetch_time() -> None:
    html = portal_page(STORY_TITLE, STORY, date_line="منذ 3 ساعات").encode()
    fetched = datetime(2024, 5, 13, 12, 0, tzinfo=UTC)
    url = "https://portal.example/news/123456"
    assert extract_article(html, url, fetched_at=fetched).published == "2024-05-13T09:00:00+00:00"


def test_agency_byline() -> None:
    html = portal_page(STORY_TITLE, STORY, byline="القاهرة - أ ش أ").encode()
    result = extract_article(html, URL)
    assert result.authors == [] and result.agencies == ["أ ش أ"]


def test_jsonld_first_for_metadata() -> None:
    jsonld = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "WebSite", "name": "x"}, {
            "@type": "ReportageNewsArticle", "headline": STORY_TITLE, "datePublished": "2024-05-12T22:15:00+03:00",
            "dateModified": "2024-05-13T08:00:00+03:00", "author": {"@type": "Person", "name": "سارة علي ومنى حسن"},
            "articleSection": "اقتصاد", "keywords": "نقل، قطارات", "image": {"url": "/img/1.jpg"},
        }],
    }
    html = portal_page(STORY_TITLE, STORY).replace(
        "</head>", f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script></head>')
    result = extract_article(html, URL)
    assert result.published == "2024-05-12T22:15:00+03:00"
    assert result.modified == "2024-05-13T08:00:00+03:00"
    assert result.authors == ["سارة علي", "منى حسن"]
    assert result.section == "اقتصاد" and result.tags == ["نقل", "قطارات"]
    assert result.image == "https://portal.example/img/1.jpg"


def test_meta_z_with_same_visible_clock_is_local_time() -> None:
    # a CMS writing Cairo time with a 'Z' in meta while the byline shows the same clock
    html = portal_page(STORY_TITLE, STORY).replace(
        "</head>", '<meta property="article:published_time" content="2024-05-13T06:00:00Z"></head>')
    youm7 = load_registry()["youm7"]
    assert extract_article(html, URL, youm7).published == "2024-05-13T06:00:00+03:00"
    other = html.replace("06:00 ص", "09:00 ص")
    # a true UTC instant shown at the site's offset: the same instant, written at that offset
    assert extract_article(other, URL, youm7).published == "2024-05-13T09:00:00+03:00"
    # a page clock that disagrees with the site's timezone is not trusted: the UTC value stays as it is
    assert extract_article(html.replace("06:00 ص", "08:00 ص"), URL, youm7).published == "2024-05-13T06:00:00+00:00"


def test_url_date_when_page_has_none() -> None:
    html = portal_page(STORY_TITLE, STORY, date_line="")
    result = extract_article(html, "https://portal.example/2013/middle_east/8/3/story/index.html")
    assert result.published is not None and result.published.startswith("2013-08-03")


def test_site_selectors_as_last_resort() -> None:
    html = "<html><body><div id='x'><span class='t'>عنوان الخبر الكامل هنا</span></div></body></html>"

    class Site:
        timezone = "Asia/Riyadh"
        selectors = Selectors(title="span.t")

    assert extract_article(html, "https://a.example/1", Site()).title == "عنوان الخبر الكامل هنا"


def test_pure_and_deterministic() -> None:
    html = portal_page(STORY_TITLE, STORY, STORY_SUBHEADINGS).encode()
    assert extract_article(html, URL) == extract_article(html, URL)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is absent")
def test_seed_article_in_its_template() -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    subheadings = frozenset({"مراجعة الخطط الأمنية", "تعطيل القدرات الإرهابية"})
    prev_title = seed["boilerplate"][3].removeprefix("السابق ")
    next_title = seed["boilerplate"][4].removeprefix("التالى ")
    html = portal_page(seed["title"], seed["paragraphs"], subheadings, prev_title=prev_title,
                       next_title=next_title, byline="").encode()
    result = extract_article(html, "https://portal.example/news/1")
    assert result.title == seed["title"]
    assert result.paragraphs == [" ".join(p.split()) for p in seed["paragraphs"]]
    for boilerplate in seed["boilerplate"]:
        assert boilerplate not in result.text
