"""Site-independent rules found by scoring extraction on pages of sites the rules were not written for.

Each test is a small page written for the rule (no real page is copied): the template slot or the line
shape that the rule recognises, with enough story text around it for the body extractor to work.
"""

from __future__ import annotations

from html import escape

from newscrawl.extract import extract_article
from newscrawl.extract.authors import split_byline
from newscrawl.extract.body import agency_credit

URL = "https://news.example/article/1001-story"
TITLE = "الحكومة تعلن خطة جديدة لتطوير شبكة الطرق في المحافظات الشمالية"
BODY = [
    "أعلنت الحكومة اليوم خطة جديدة لتطوير شبكة الطرق في المحافظات الشمالية، تشمل توسعة الطرق الرئيسية "
    "وإنشاء جسور جديدة فوق التقاطعات المزدحمة خلال العامين المقبلين.",
    "وقال وزير الأشغال في مؤتمر صحفي إن الخطة تتضمن صيانة أكثر من ألف كيلومتر من الطرق الفرعية، وإن "
    "العمل سيبدأ في المناطق الأكثر تضررا من أمطار الشتاء الماضي.",
    "وأضاف أن تمويل المشروع يأتي من الموازنة العامة ومن قروض ميسرة، مشيرا إلى أن الوزارة ستنشر جدولا "
    "زمنيا مفصلا لكل مرحلة على موقعها الإلكتروني خلال الأسبوع المقبل.",
]


def page(*, head: str = "", before_body: str = "", body_html: str | None = None, after_body: str = "",
         title_tag: str | None = None) -> bytes:
    paragraphs = body_html if body_html is not None else "".join(f"<p>{escape(p)}</p>" for p in BODY)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title_tag or TITLE)}</title>{head}</head><body>
<nav><a href="/">الرئيسية</a> <a href="/s/1">محليات</a> <a href="/s/2">اقتصاد</a></nav>
<div class="story"><h1>{escape(TITLE)}</h1>{before_body}
<div class="story-body">{paragraphs}</div>{after_body}</div>
<footer><p>موقع الأخبار الإلكتروني</p></footer></body></html>""".encode()


def test_closing_agency_credit_line_leaves_the_body_and_becomes_the_agency() -> None:
    body = "".join(f"<p>{escape(p)}</p>" for p in BODY) + "<p>--(بترا)</p>"
    result = extract_article(page(body_html=body), URL)
    assert result.paragraphs == BODY
    assert result.agencies == ["بترا"] and result.authors == []


def test_agency_credit_shapes() -> None:
    assert agency_credit("(وكالات)") == "وكالات"
    assert agency_credit("المصدر: رويترز") == "رويترز"
    assert agency_credit("- أ ف ب") == "أ ف ب"
    assert agency_credit("قالت رويترز إن الاجتماع انتهى") is None  # a sentence, not a credit
    assert agency_credit("(أحمد علي)") is None  # a person is not a wire credit


def test_meta_author_naming_the_site_itself_is_the_publisher() -> None:
    head = '<meta name="author" content="أخبار المدينة">'
    result = extract_article(page(head=head, title_tag=f"{TITLE} - أخبار المدينة"), URL)
    assert result.authors == [] and result.agencies == []
    # a real person in the same slot stays
    head = '<meta name="author" content="سامر خليل">'
    assert extract_article(page(head=head, title_tag=f"{TITLE} - أخبار المدينة"), URL).authors == ["سامر خليل"]


def test_hidden_author_card_is_not_the_byline() -> None:
    hidden = ('<div style="display:none" class="vcard author"><span class="fn">'
              '<a rel="author" href="/author/admin">Site Admin</a></span></div>')
    assert extract_article(page(after_body=hidden), URL).authors == []
    shown = '<div class="author"><a rel="author" href="/author/x">منى عادل</a></div>'
    assert extract_article(page(before_body=shown), URL).authors == ["منى عادل"]


def test_reporter_then_dateline_city() -> None:
    assert split_byline("حسام محمود - القاهرة") == (["حسام محمود"], [])
    assert split_byline("كتب: خالد يوسف - رويترز") == (["خالد يوسف"], ["رويترز"])  # an agency stays
    assert split_byline("(الرياض - اليوم)") == (["اليوم"], [])  # place first, source second


def test_date_slot_named_created_or_saying_published() -> None:
    created = '<div class="article_created">الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</div>'
    result = extract_article(page(before_body=created), URL)
    assert result.published == "2020-04-24T21:22:00+00:00"
    said = '<div class="info">تم نشره الأحد 3 أيار / مايو 2020 10:05 صباحاً</div>'
    assert extract_article(page(before_body=said), URL).published == "2020-05-03T10:05:00+00:00"


def test_fast_extraction_falls_back_to_the_full_comparison_when_it_may_have_missed_the_story() -> None:
    import lxml.html

    from newscrawl.extract.blocks import Block
    from newscrawl.extract.body import _needs_full_comparison

    story = "".join(f"<p>{escape(p)}</p>" for p in BODY)
    tree = lxml.html.document_fromstring(f"<html><body><div>{story}</div></body></html>")
    whole = [Block(p, "p", 0) for p in BODY]
    assert not _needs_full_comparison(whole, tree)  # the story, in paragraphs: fast mode is enough
    assert _needs_full_comparison(whole[:1], tree)  # under half of the page's paragraph text
    assert _needs_full_comparison([Block(BODY[0][:120], "p", 0)], lxml.html.document_fromstring("<p>x</p>"))  # short
    assert _needs_full_comparison([Block(p, "item", 0) for p in BODY], tree)  # no paragraph at all


def _without_h1(html: bytes) -> bytes:
    return html.replace(b"<h1>", b'<div class="post-title">').replace(b"</h1>", b"</div>")


def test_headline_shown_in_a_titled_element_when_the_page_has_no_h1() -> None:
    head = f'<meta property="og:title" content="{escape(TITLE)} | أخبار المدينة">'
    related = '<div class="news-title"><a href="/n/2">وزير الأشغال يتفقد مشروعات الطرق</a></div>'
    result = extract_article(_without_h1(page(head=head, after_body=related)), URL)
    assert result.title == TITLE
    # a box holding the headline and more (a date, a label) is not the headline
    boxed = page(head=head).replace(f"<h1>{escape(TITLE)}</h1>".encode(),
                                    f'<div class="title-box">{escape(TITLE)} عاجل 2020/05/03</div>'.encode())
    assert extract_article(boxed, URL).title == TITLE  # from og:title, without the site name


def test_lead_and_date_are_read_under_the_headline_element_even_without_h1() -> None:
    head = f'<meta property="og:title" content="{escape(TITLE)}">'
    clock = '<div class="top-date">الأحد 3 مايو 2020 01:00 ص</div>'  # render clock above the headline
    date = '<div class="date">الخميس 30 أبريل 2020 06:00 م</div>'
    lead = '<p class="lead">الحكومة تخصص مليار دولار لتطوير الطرق الشمالية خلال عامين وتبدأ بالمناطق المتضررة</p>'
    html = page(head=head, before_body=date + lead).replace(b"<nav>", clock.encode() + b"<nav>")
    result = extract_article(_without_h1(html), URL)
    assert result.published == "2020-04-30T18:00:00+00:00"
    assert result.paragraphs[0].startswith("الحكومة تخصص مليار دولار")


def test_metadata_escaped_twice_is_unescaped() -> None:
    head = '<meta property="og:title" content="&amp;quot;طرق جديدة&amp;quot; للمحافظات الشمالية">'
    html = page(head=head).replace(f"<h1>{escape(TITLE)}</h1>".encode(), b"")
    assert extract_article(html, URL).title == '"طرق جديدة" للمحافظات الشمالية'


def test_bare_related_label_takes_its_headline_list_with_it() -> None:
    related = ('<div class="box"><span>ذات صلة</span><ul><li><a href="/n/7">انخفاض أسعار الوقود في الأسواق المحلية</a>'
               '</li><li><a href="/n/8">افتتاح جسر جديد على الطريق الدائري</a></li></ul></div>')
    body = f"<p>{escape(BODY[0])}</p>{related}" + "".join(f"<p>{escape(p)}</p>" for p in BODY[1:])
    result = extract_article(page(body_html=body), URL)
    assert result.paragraphs == BODY


def test_loose_text_beside_paragraphs_is_kept_as_a_paragraph() -> None:
    # an editor left the second paragraph as a bare <span> after a closed <p>, next to a removed teaser
    body = (f"<p>{escape(BODY[0])}</p>"
            '<p>اقرأ أيضاً: <a href="/n/9">وزير المالية يعلن موازنة العام المقبل</a></p>'
            f"<span>{escape(BODY[1])}</span><br>{escape(BODY[2])}")
    result = extract_article(page(body_html=body), URL)
    assert result.paragraphs == BODY


def test_wrap_loose_text_leaves_short_fragments_alone() -> None:
    import lxml.html
    from lxml import etree

    from newscrawl.extract.prune import wrap_loose_text

    tree = lxml.html.document_fromstring(
        "<html><body><div><p>فقرة</p><span>نص طليق طويل بما يكفي ليكون فقرة من فقرات الخبر نفسه</span>"
        "<div>قسم</div> | <p>فقرة ثانية</p></div></body></html>")
    wrap_loose_text(tree)
    html = etree.tostring(tree, encoding="unicode")
    assert "<p><span>نص طليق" in html and "</div> | <p>" in html


def test_standfirst_slot_sharing_lines_with_a_byline_or_label() -> None:
    lead = "الحكومة تخصص مليار دولار لتطوير الطرق الشمالية خلال عامين وتبدأ بالمناطق المتضررة"
    slot = f'<div class="article-summary"><p>عاجل</p><p>كتب - سامر خليل</p><p>{escape(lead)}</p></div>'
    result = extract_article(page(before_body=slot), URL)
    assert result.paragraphs == [lead, *BODY]


def test_picture_box_without_class_names_loses_its_caption_line() -> None:
    caption = '<p style="text-align:center"><img src="/up/1.jpg"><br>وزير الأشغال خلال جولته في موقع المشروع</p>'
    body = f"<p>{escape(BODY[0])}</p>{caption}" + "".join(f"<p>{escape(p)}</p>" for p in BODY[1:])
    assert extract_article(page(body_html=body), URL).paragraphs == BODY
    # the story's first sentence put beside the lead picture is not a caption
    first = "القاهرة - أعلنت الوزارة اليوم افتتاح المشروع الجديد للطرق."
    body = f'<p><img src="/up/2.jpg">{escape(first)}</p>' + "".join(f"<p>{escape(p)}</p>" for p in BODY)
    assert extract_article(page(body_html=body), URL).paragraphs[0] == first


def test_title_tag_with_section_trail_gives_the_headline() -> None:
    from newscrawl.extract.title import strip_site_suffix

    title = "الحكومة تعلن خطة جديدة لتطوير الطرق - محليات - أخبار وتقارير - صحيفة المدينة"
    assert strip_site_suffix(title, "صحيفة المدينة") == "الحكومة تعلن خطة جديدة لتطوير الطرق"
    # one remaining dash belongs to the headline itself
    assert strip_site_suffix("السيسي - ماكرون: قمة في باريس - صحيفة المدينة", "صحيفة المدينة") == (
        "السيسي - ماكرون: قمة في باريس")


def test_headline_repeated_inside_the_standfirst_slot() -> None:
    lead = "الحكومة تخصص مليار دولار لتطوير الطرق الشمالية خلال عامين وتبدأ بالمناطق المتضررة"
    slot = (f'<div class="subtitle"><p><a href="/self">{escape(TITLE)}</a></p>'
            f"<p>{escape(lead)}</p></div>")
    result = extract_article(page(before_body=slot), URL)
    assert result.paragraphs == [lead, *BODY] and not result.text.startswith(TITLE)


def test_utc_instant_shown_in_local_time_keeps_the_readers_day() -> None:
    head = '<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
    shown = '<div class="jeg_meta_date">2020/12/25 - 1:59 صباحًا</div>'
    result = extract_article(page(head=head, before_body=shown), URL)
    assert result.published == "2020-12-25T01:59:50+02:00"  # the same instant, at the offset the page shows
    unrelated = '<div class="post-date">2020/12/25</div>'  # a date without its time tells nothing
    assert extract_article(page(head=head, before_body=unrelated), URL).published == "2020-12-24T23:59:50+00:00"


def test_bare_title_tag_does_not_outrank_the_pages_h1() -> None:
    """A <title> that is only the site or section name, and nothing else naming the story: the h1 is the
    headline, and it never opens the text."""
    body = "".join(f"<p>{escape(p)}</p>" for p in BODY)
    for bare in ("خبر", "موقع الأخبار العربية اليومية"):
        html = (f'<html><head><meta charset="utf-8"><title>{escape(bare)}</title></head><body><article>'
                f"<h1>{escape(TITLE)}</h1>{body}</article></body></html>").encode()
        result = extract_article(html, URL)
        assert result.title == TITLE, bare
        assert result.paragraphs == BODY


def test_place_and_agency_dateline_line_leaves_the_body_and_becomes_the_agency() -> None:
    assert agency_credit("الرياض - واس") == "واس"
    assert agency_credit("القاهرة (أ ف ب)") == "أ ف ب"
    assert agency_credit("رام الله - وفا:") == "وفا"
    assert agency_credit("الرياض - محمد") is None  # a place and a person's name: not a credit
    body = "<p>الرياض - واس</p>" + "".join(f"<p>{escape(p)}</p>" for p in BODY)
    result = extract_article(page(body_html=body), URL)
    assert result.paragraphs == BODY
    assert result.agencies == ["واس"]


def test_blog_name_h1_does_not_outrank_the_post_title() -> None:
    """Blog templates put the blog's name in the h1 and the post title in an h3: the <title> part that is
    the site's name never makes a headline."""
    body = "".join(f"<p>{escape(p)}</p>" for p in BODY)
    html = (f'<html><head><meta charset="utf-8"><title>{escape(TITLE)} - مدونة الأخبار</title></head><body>'
            f'<header><h1 class="title"><a href="/">مدونة الأخبار</a></h1></header><div class="post">'
            f'<h3 class="post-title entry-title">{escape(TITLE)}</h3><div class="post-body">{body}</div>'
            f"</div></body></html>").encode()
    result = extract_article(html, URL)
    assert result.title == TITLE
    assert result.paragraphs == BODY


def test_byline_prefix_in_an_unclassed_slot_names_the_author() -> None:
    """No author class, no metadata: a short element opening with "كتب:" (or only crediting an agency,
    "المصدر: أ ف ب") is the byline."""
    meta = '<div class="node-meta"><span>كتب: محمد بن عيسى</span> <span>الأربعاء 12 فيفري 2025</span></div>'
    result = extract_article(page(before_body=meta), URL)
    assert result.authors == ["محمد بن عيسى"]
    assert result.paragraphs == BODY
    source = '<div class="meta"><span class="source-x">المصدر: أ ف ب</span></div>'
    result = extract_article(page(before_body=source), URL)
    assert result.agencies == ["أ ف ب"] and result.authors == []


def test_app_state_json_gives_the_date_when_no_metadata_does() -> None:
    """A Next.js page ships its record in <script id="__NEXT_DATA__">, no JSON-LD or meta date."""
    state = ('{"props":{"pageProps":{"article":{"headline":"x","publishedAt":"2025-09-16T14:05:00+03:00"},'
             '"related":[{"publishedAt":"2025-09-01T08:00:00+03:00"}]}}}')
    after = f'<script id="__NEXT_DATA__" type="application/json">{state}</script>'
    result = extract_article(page(after_body=after), URL)
    assert result.published == "2025-09-16T14:05:00+03:00"


def test_day_only_slot_gives_way_to_the_same_days_timestamp() -> None:
    """hAtom/Blogger: the wrapper shows only the day, the <time>/<abbr> inside carries the instant in title."""
    shown = ('<span class="post-timestamp"><a href="#"><time class="published" title="2025-07-03T11:20:00+01:00">'
             "الخميس 3 يوليوز 2025</time></a></span>")
    assert extract_article(page(before_body=shown), URL).published == "2025-07-03T11:20:00+01:00"
    other_day = ('<span class="post-timestamp">الخميس 3 يوليوز 2025 <time title="2025-07-04T11:20:00+01:00">'
                 "</time></span>")
    assert extract_article(page(before_body=other_day), URL).published.startswith("2025-07-03")


def test_published_raw_is_the_date_slot_not_the_whole_meta_line() -> None:
    meta = ('<p class="post-meta"><span class="post-meta-author">إعداد: ليلى العمري</span> '
            '<span class="tie-date">12 آب أغسطس 2025 - 08:30 م</span> <span class="views">456 مشاهدة</span></p>')
    result = extract_article(page(before_body=meta), URL)
    assert result.published == "2025-08-12T20:30:00+00:00"
    assert result.published_raw == "12 آب أغسطس 2025 - 08:30 م"
    assert result.authors == ["ليلى العمري"]


def test_photographer_credit_line_leaves_the_body() -> None:
    for credit in ("تصوير: علي حسن", "عدسة - محمد الخالدي"):
        body = "".join(f"<p>{escape(p)}</p>" for p in BODY) + f"<p>{escape(credit)}</p>"
        result = extract_article(page(body_html=body), URL)
        assert result.paragraphs == BODY, credit
        assert result.authors == []
    story = "تصوير المشهد استغرق ثلاثة أيام كاملة في الصحراء بحسب المخرج الذي تحدث للصحفيين أمس."
    body = "".join(f"<p>{escape(p)}</p>" for p in [*BODY, story])
    assert extract_article(page(body_html=body), URL).paragraphs == [*BODY, story]
