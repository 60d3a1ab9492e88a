"""Embed, picture and live-blog rules on the markup variants real pages use (provider fallbacks, stripped
classes, AMP, plugin iframes), and what never counts: ads, share buttons, sidebars, teaser thumbnails."""

from __future__ import annotations

import json

import lxml.html

from newscrawl.extract import extract_article
from newscrawl.extract.embeds import is_embed
from newscrawl.extract.images import split_credit

URL = "https://news.example/2026/11/26/story"
STORY = ["أعلنت الحكومة اليوم حزمة إجراءات جديدة لدعم المزارعين المتضررين من موجة الجفاف التي ضربت البلاد هذا الصيف.",
         "وقال وزير الزراعة في مؤتمر صحفي إن الحزمة تشمل قروضا ميسرة وتعويضات مباشرة عن المحاصيل التالفة.",
         "وأضاف أن التسجيل يبدأ الأسبوع المقبل عبر مكاتب المديريات في المحافظات كافة، ويستمر شهرا كاملا."]


def page(inside: str, sidebar: str = "", head: str = "") -> bytes:
    body = f"<p>{STORY[0]}</p>{inside}<p>{STORY[1]}</p><p>{STORY[2]}</p>"
    return (f'<html lang="ar"><head><meta charset="utf-8"><title>خبر</title>{head}</head><body>'
            f'<article><h1>الحكومة تعلن دعما للمزارعين</h1><div class="entry-content">{body}</div></article>'
            f'<aside class="sidebar">{sidebar}</aside></body></html>').encode()


def test_a_tweet_whose_class_the_cms_stripped_is_still_an_embed_and_not_text() -> None:
    tweet = ('<blockquote><p dir="rtl">عاجل | الوزير: صرف التعويضات خلال أسبوعين pic.twitter.com/Zx9</p>&mdash; '
             'وزارة الزراعة (@MoAgri) <a href="https://x.com/MoAgri/status/1861000000000000001">26 نوفمبر 2026</a>'
             '</blockquote>')
    result = extract_article(page(tweet), URL)
    assert result.embeds == [{"type": "x", "url": "https://x.com/MoAgri/status/1861000000000000001",
                              "text": "عاجل | الوزير: صرف التعويضات خلال أسبوعين pic.twitter.com/Zx9",
                              "author": "وزارة الزراعة (@MoAgri)"}]
    assert "pic.twitter.com" not in result.text and result.paragraphs == STORY


def test_plugin_iframes_and_amp_components_give_the_post_url() -> None:
    inside = ('<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2FMoAgri'
              '%2Fvideos%2F123%2F&show_text=false" width="560"></iframe>'
              '<amp-youtube data-videoid="AbCdEfGhIjk" layout="responsive" width="480" height="270"></amp-youtube>'
              '<iframe data-src="https://player.vimeo.com/video/42?h=1" title="Vimeo video player"></iframe>')
    result = extract_article(page(inside), URL)
    assert [(e["type"], e["url"], e["text"]) for e in result.embeds] == [
        ("facebook", "https://www.facebook.com/MoAgri/videos/123/", None),
        ("youtube", "https://www.youtube.com/watch?v=AbCdEfGhIjk", None),
        ("vimeo", "https://vimeo.com/42", None)]  # a player's generic title is no text


def test_ads_share_buttons_and_sidebar_widgets_are_not_embeds() -> None:
    inside = ('<iframe src="https://googleads.g.doubleclick.net/pagead/ads?client=1" width="300"></iframe>'
              '<iframe src="https://platform.twitter.com/widgets/tweet_button.html?url=x"></iframe>'
              '<iframe src="https://www.facebook.com/plugins/like.php?href=https://news.example/"></iframe>')
    sidebar = ('<blockquote class="twitter-tweet"><p>تغريدة في الشريط الجانبي</p>&mdash; الموقع (@site) '
               '<a href="https://twitter.com/site/status/1">1</a></blockquote>')
    assert extract_article(page(inside, sidebar), URL).embeds == []


def test_teaser_thumbnails_icons_and_author_photos_are_not_the_articles_pictures() -> None:
    inside = ('<div class="author-box"><img src="/writers/9.jpg" alt=""></div>'
              '<img src="/icons/whatsapp.svg" alt=""><img src="/pixel.gif" width="1" height="1">'
              '<div class="related"><a href="/2026/11/25/other"><img src="/thumbs/other.jpg"></a></div>'
              '<figure><img src="/uploads/farm.jpg"><figcaption>مزارع يتفقد أرضه في ريف المحافظة. '
              'عدسة - أحمد سالم</figcaption></figure>')
    head = '<meta property="og:image" content="https://news.example/uploads/lead.jpg">'
    result = extract_article(page(inside, head=head), URL)
    assert result.images == [
        {"url": "https://news.example/uploads/lead.jpg", "caption": None, "credit": None},
        {"url": "https://news.example/uploads/farm.jpg", "caption": "مزارع يتفقد أرضه في ريف المحافظة.",
         "credit": "أحمد سالم"}]
    assert "أحمد سالم" not in result.text and "يتفقد أرضه" not in result.text


def test_credits_as_captions_print_them() -> None:
    assert split_credit("الوزير خلال الجولة (أ ف ب)") == ("الوزير خلال الجولة", "أ ف ب")
    assert split_credit("الوزير خلال الجولة © Getty Images") == ("الوزير خلال الجولة", "Getty Images")
    assert split_credit("التعليق على الصورة، متظاهرون أمام البرلمان") == ("متظاهرون أمام البرلمان", None)
    assert split_credit("تصوير: محمد علي") == (None, "محمد علي")
    assert split_credit("وزير الصحة (يمين) يتحدث إلى طبيب في المستشفى الجديد") == (
        "وزير الصحة (يمين) يتحدث إلى طبيب في المستشفى الجديد", None)


def test_live_blog_from_json_ld_when_the_markup_has_no_update_classes() -> None:
    data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "تغطية مباشرة",
            "liveBlogUpdate": [
                {"@type": "BlogPosting", "datePublished": "2026-11-26T10:05:00+03:00", "articleBody": "التحديث الثاني"},
                {"@type": "BlogPosting", "datePublished": "2026-11-26T09:00:00+03:00", "articleBody": "التحديث الأول"}]}
    head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    result = extract_article(page("", head=head), URL)
    assert result.live_entries == [
        {"time": "2026-11-26T10:05:00+03:00", "time_shown": None, "text": "التحديث الثاني"},
        {"time": "2026-11-26T09:00:00+03:00", "time_shown": None, "text": "التحديث الأول"}]


def test_an_ordinary_article_has_no_live_entries_nor_embeds() -> None:
    result = extract_article(page(""), URL)
    assert result.live_entries == [] and result.embeds == [] and result.paragraphs == STORY


def test_a_div_is_a_facebook_embed_only_with_both_its_class_and_the_post_url() -> None:
    def kind(attributes: str) -> str | None:
        return is_embed(lxml.html.fragment_fromstring(f"<div {attributes}>منشور</div>"))

    assert kind('class="fb-post" data-href="https://www.facebook.com/p/1"') == "facebook"
    assert kind('class="note fb-video" data-href="https://www.facebook.com/v/1"') == "facebook"
    assert kind('class="fb-post"') is None and kind('class="fb-post" data-href=""') is None
    assert kind('class="fb-posts" data-href="https://www.facebook.com/p/1"') is None
    assert kind('data-href="https://www.facebook.com/p/1"') is None
