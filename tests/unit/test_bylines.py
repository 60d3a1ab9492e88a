"""The byline resolver on whole pages: each class of byline a site never seen before may carry."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.credits import dateline_agencies, source_credit
from newscrawl.extract.nonnames import is_generic, is_login_slug, is_own_name, own_names
from newscrawl.registry import SiteProfile

URL = "https://rawi.example/2026/11/27/story/"
TITLE = "افتتاح محطة جديدة لتحلية مياه البحر في المدينة الساحلية"
STORY = [
    "افتتح وزير المياه صباح اليوم محطة جديدة لتحلية مياه البحر في المدينة الساحلية بطاقة إنتاجية تبلغ مئة ألف"
    " متر مكعب يوميا، في خطوة تهدف إلى سد العجز المتزايد في مياه الشرب خلال أشهر الصيف.",
    "وقال الوزير في كلمة خلال حفل الافتتاح إن المحطة تعمل بالطاقة الشمسية جزئيا، وإن كلفتها بلغت نحو ثلاثمئة"
    " مليون دولار جرى تمويلها بقرض ميسر من صندوق التنمية الإقليمي.",
    "وأضاف أن الحكومة تخطط لإنشاء محطتين أخريين خلال السنوات الثلاث المقبلة، بما يرفع حصة المياه المحلاة إلى"
    " نحو ربع الاستهلاك المنزلي في البلاد.",
]
SITE = SiteProfile(key="rawi", name="منصة الراوي", name_en="Al Rawi", domains=("rawi.example",), country="JO",
                   language="ar", timezone="Asia/Amman", sources=(), allow=())


def page(*, head: str = "", meta: str = "", first: str = "", last: str = "", after: str = "",
         story: list[str] = STORY) -> str:
    """An article page: ``meta`` under the headline, ``first``/``last`` lines around the story paragraphs."""
    lines = [f"<p>{line}</p>" for line in (first, *story, last) if line]
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{TITLE} - منصة الراوي</title>'
            f'<meta property="og:site_name" content="منصة الراوي">{head}</head><body>'
            f'<header><a href="/">منصة الراوي</a></header><article><h1>{TITLE}</h1>{meta}'
            f'<div class="entry-content">{"".join(lines)}</div>{after}</article></body></html>')


def jsonld(author: object) -> str:
    node = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "author": author}
    return f'<script type="application/ld+json">{json.dumps(node, ensure_ascii=False)}</script>'


def byline(html: str) -> tuple[list[str], list[str]]:
    result = extract_article(html.encode(), URL, SITE)
    return result.authors, result.agencies


def test_a_login_slug_gives_way_to_the_name_the_page_shows() -> None:
    html = page(head=jsonld({"@type": "Person", "name": "ashraf"}) + '<meta name="author" content="ashraf">',
                first="كتب: أشرف عبد الحميد")
    assert byline(html) == (["أشرف عبد الحميد"], [])


def test_a_slug_and_a_display_name_on_the_same_author_page_are_one_author() -> None:
    author = [{"@type": "Person", "name": "ashraf", "url": "https://rawi.example/author/ashraf/"}]
    html = page(head=jsonld(author),
                meta='<div class="post-meta"><a href="/author/ashraf/">أشرف عبد الحميد</a> · 27 نوفمبر 2026</div>')
    assert byline(html) == (["أشرف عبد الحميد"], [])


def test_a_lone_login_slug_is_not_an_author() -> None:
    assert byline(page(head='<meta name="author" content="saif">')) == ([], [])


@pytest.mark.parametrize("non_name", ["الموقع", "محرر الموقع", "فريق التحرير", "admin", "editor", "منصة الراوي",
                                      "Al Rawi"])
def test_words_for_the_site_and_its_staff_are_not_names(non_name: str) -> None:
    html = page(head=jsonld({"@type": "Person", "name": non_name}) + f'<meta name="author" content="{non_name}">',
                meta=f'<span class="author">{non_name}</span>')
    assert byline(html) == ([], [])
    # the writer signing the story further down is found past them
    assert byline(html.replace(STORY[0], "بقلم: سلمى الحسيني</p><p>" + STORY[0])) == (["سلمى الحسيني"], [])


@pytest.mark.parametrize(("last", "agencies"), [
    ("المصدر: رويترز", ["رويترز"]),
    ("المصدر: الجزيرة نت", ["الجزيرة نت"]),
    ("نقلا عن صحيفة الشرق الأوسط", ["الشرق الأوسط"]),
])
def test_a_source_credited_at_the_end_of_the_body_is_an_agency(last: str, agencies: list[str]) -> None:
    html = page(meta='<span class="author">كتب: محمود الزعبي</span>', last=last)
    assert byline(html) == (["محمود الزعبي"], agencies)
    assert last not in extract_article(html.encode(), URL, SITE).text


def test_a_syndicated_story_credits_the_other_outlet_not_a_person() -> None:
    html = page(head=jsonld({"@type": "Organization", "name": "منصة الراوي"}), last="المصدر: الجزيرة نت")
    assert byline(html) == ([], ["الجزيرة نت"])


def test_an_organization_author_from_elsewhere_is_a_source() -> None:
    assert byline(page(head=jsonld({"@type": "Organization", "name": "نيوز يمن"}))) == ([], ["نيوز يمن"])


@pytest.mark.parametrize(("opening", "agency"), [
    ("عمان (رويترز) - ", "رويترز"), ("باريس - أ ف ب: ", "أ ف ب"), ("الرياض ـ واس - ", "واس")])
def test_the_agency_in_the_dateline_is_credited(opening: str, agency: str) -> None:
    html = page(meta='<span class="author">كتب: محمود الزعبي</span>', story=[opening + STORY[0], *STORY[1:]])
    assert byline(html) == (["محمود الزعبي"], [agency])


def test_a_sources_list_under_the_story_is_credited() -> None:
    sources = ('<div class="post-sources"><span>المصادر:</span><ul><li>رويترز</li>'
               '<li>وكالة الأنباء الأردنية</li></ul></div>')
    assert byline(page(after=sources)) == ([], ["رويترز", "بترا"])


def test_a_hidden_schema_org_vcard_names_the_writer_in_latin_script() -> None:
    vcard = ('<span class="author vcard" itemprop="author" itemscope itemtype="https://schema.org/Person" '
             'style="display:none"><span itemprop="name" class="fn">Karim Haddad</span></span>')
    assert byline(page(meta=vcard)) == (["Karim Haddad"], [])


def test_a_hidden_rel_author_link_is_named_by_its_title() -> None:
    link = '<a rel="author" href="/author/rana/" title="Posts by رنا الخطيب" style="display:none">rana</a>'
    assert byline(page(meta=link, head='<meta name="author" content="rana">')) == (["رنا الخطيب"], [])


def test_a_latin_script_byline_on_an_arabic_page() -> None:
    assert byline(page(meta='<span class="byline">By Sarah Johnson</span>')) == (["Sarah Johnson"], [])


def test_stop_list_and_slug_rules() -> None:
    assert is_login_slug("ashraf") and is_login_slug("m.saif") and not is_login_slug("Ashraf Hamdi")
    assert is_generic("wp_admin") and is_generic("News Desk") and is_generic("هيئة التحرير")
    assert not is_generic("محمد المحرر") and not is_generic("سارة الموقع")
    own = own_names(SITE, ["Sputnik Arabic"])
    assert is_own_name("Sputnik", own) and is_own_name("الراوي", own) is False and is_own_name("منصة الراوي", own)


def test_credit_lines_and_datelines_only_where_they_credit() -> None:
    assert source_credit("المصدر: (أبوظبي - البيان)") == ["البيان"]
    assert source_credit("المصادر: رويترز، أ ف ب") == ["رويترز", "أ ف ب"]
    assert source_credit("المصدر السابق ذكره.") is None
    assert dateline_agencies("قال الوزير (رويترز) إن") == []  # a bracket inside the sentence is no dateline
    assert dateline_agencies("عمان (الأردن) - قال الوزير") == []  # a place in brackets is not an agency
