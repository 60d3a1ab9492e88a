"""Every date form the extractor reads, each with the ISO value it must give."""

from datetime import UTC, datetime
from html import escape

import lxml.html
import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.dates import normalize_date_text, parse_arabic_date, to_iso
from newscrawl.extract.published import _visible_candidates
from newscrawl.registry import load_registry

NOW = datetime(2024, 5, 13, 12, 0, tzinfo=UTC)  # 15:00 in Cairo (UTC+3, summer 2024)

CASES = [
    # (text, timezone, expected ISO)
    ("الإثنين، 13 مايو 2024 06:00 ص", "Africa/Cairo", "2024-05-13T06:00:00+03:00"),
    ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", "Africa/Cairo", "2020-10-07T12:09:00+02:00"),
    ("الأربعاء 07 أكتوبر 2020 - 01:30 م", "Africa/Cairo", "2020-10-07T13:30:00+02:00"),
    ("الخميس 3 يناير 2019 12:15 ص", "Africa/Cairo", "2019-01-03T00:15:00+02:00"),
    ("10:45 صباحاً 5 مارس 2023", "Asia/Riyadh", "2023-03-05T10:45:00+03:00"),
    ("5 مارس 2023 - 8:20 مساءً", "Asia/Riyadh", "2023-03-05T20:20:00+03:00"),
    ("5 مارس 2023 الساعة 8:20 مساء", "Asia/Riyadh", "2023-03-05T20:20:00+03:00"),
    # Eastern Arabic and Persian digits
    ("١٣ مايو ٢٠٢٤ - ٠٦:٠٠ ص", "Africa/Cairo", "2024-05-13T06:00:00+03:00"),
    ("۱۳ مايو ۲۰۲۴", "Africa/Cairo", "2024-05-13T00:00:00+03:00"),
    # Levantine month names
    ("3 كانون الثاني 2024", "Asia/Beirut", "2024-01-03T00:00:00+02:00"),
    ("14 شباط 2023", "Asia/Beirut", "2023-02-14T00:00:00+02:00"),
    ("٣ آذار ٢٠٢٤", "Asia/Damascus", "2024-03-03T00:00:00+03:00"),
    ("20 نيسان 2022 10:00", "Asia/Amman", "2022-04-20T10:00:00+03:00"),
    ("1 أيار 2021", "Asia/Beirut", "2021-05-01T00:00:00+03:00"),
    ("15 حزيران 2020", "Asia/Beirut", "2020-06-15T00:00:00+03:00"),
    ("4 تموز 2019", "Asia/Beirut", "2019-07-04T00:00:00+03:00"),
    ("9 آب 2018", "Asia/Baghdad", "2018-08-09T00:00:00+03:00"),
    ("11 أيلول 2017", "Asia/Baghdad", "2017-09-11T00:00:00+03:00"),
    ("6 تشرين الأول 2023", "Asia/Baghdad", "2023-10-06T00:00:00+03:00"),
    ("11 تشرين الثاني 2023 الساعة 5:30 مساءً", "Asia/Beirut", "2023-11-11T17:30:00+02:00"),
    ("25 كانون الأول 2022", "Asia/Beirut", "2022-12-25T00:00:00+02:00"),
    # Algerian / Tunisian
    ("الجمعة 8 فيفري 2019", "Africa/Tunis", "2019-02-08T00:00:00+01:00"),
    ("12 جانفي 2020", "Africa/Algiers", "2020-01-12T00:00:00+01:00"),
    ("3 أفريل 2021", "Africa/Algiers", "2021-04-03T00:00:00+01:00"),
    ("7 ماي 2022 14:05", "Africa/Tunis", "2022-05-07T14:05:00+01:00"),
    ("18 جوان 2022", "Africa/Tunis", "2022-06-18T00:00:00+01:00"),
    ("15 جويلية 2021", "Africa/Algiers", "2021-07-15T00:00:00+01:00"),
    ("1 أوت 2020", "Africa/Tunis", "2020-08-01T00:00:00+01:00"),
    ("2 سبتمبر 2020", "Africa/Tunis", "2020-09-02T00:00:00+01:00"),
    ("30 ديسمبر 2020", "Africa/Tunis", "2020-12-30T00:00:00+01:00"),
    # Moroccan
    ("5 يوليوز 2022 - 10:15", "Africa/Casablanca", "2022-07-05T10:15:00+01:00"),
    ("12 غشت 2023", "Africa/Casablanca", "2023-08-12T00:00:00+01:00"),
    ("20 شتنبر 2021", "Africa/Casablanca", "2021-09-20T00:00:00+01:00"),
    ("14 نونبر 2019", "Africa/Casablanca", "2019-11-14T00:00:00+01:00"),
    ("31 دجنبر 2018", "Africa/Casablanca", "2018-12-31T00:00:00+01:00"),
    # spellings without hamza
    ("1 ابريل 2020", "Africa/Cairo", "2020-04-01T00:00:00+02:00"),
    ("9 اكتوبر 2021", "Africa/Cairo", "2021-10-09T00:00:00+02:00"),
    ("16 اغسطس 2022", "Africa/Cairo", "2022-08-16T00:00:00+02:00"),
    ("2 ايلول 2022", "Asia/Beirut", "2022-09-02T00:00:00+03:00"),
    # double month names
    ("9 آب أغسطس 2021", "Asia/Baghdad", "2021-08-09T00:00:00+03:00"),
    ("3 أغسطس (آب) 2021", "Asia/Beirut", "2021-08-03T00:00:00+03:00"),
    ("3 مارس/ آذار 2024", "UTC", "2024-03-03T00:00:00+00:00"),
    ("الأربعاء، 28 آب/اغسطس 2013، 14:00 (GMT+0400)", "UTC", "2013-08-28T14:00:00+04:00"),
    # Hijri beside Gregorian: the Hijri part is ignored
    ("الخميس 12 رمضان 1445 هـ الموافق 21 مارس 2024", "Asia/Riyadh", "2024-03-21T00:00:00+03:00"),
    ("1445/09/12هـ - 21 مارس 2024م", "Asia/Riyadh", "2024-03-21T00:00:00+03:00"),
    # machine formats
    ("2024-05-13T06:00:00Z", "Africa/Cairo", "2024-05-13T06:00:00+00:00"),
    ("2020-06-03T03:01+0400", "UTC", "2020-06-03T03:01:00+04:00"),
    ("2024-07-16 09:10:22 +03:00", "UTC", "2024-07-16T09:10:22+03:00"),
    ("2024-03-03T13:52:13.299Z", "UTC", "2024-03-03T13:52:13+00:00"),
    ("2024/07/16 09:10", "Asia/Aden", "2024-07-16T09:10:00+03:00"),
    ("16/07/2024", "Asia/Aden", "2024-07-16T00:00:00+03:00"),
    ("GMT 17:27 17.03.2020", "Europe/Moscow", "2020-03-17T17:27:00+00:00"),
    ("May 13, 2024 6:00 PM", "UTC", "2024-05-13T18:00:00+00:00"),
    ("2024-01-08", "Asia/Beirut", "2024-01-08T00:00:00+02:00"),
    # dashed day-month-year: the year is not a UTC offset ("-2024" is not "-20:24")
    ("12-3-2024", "Asia/Amman", "2024-03-12T00:00:00+03:00"),
    ("تاريخ النشر: 22-03-2024", "Asia/Riyadh", "2024-03-22T00:00:00+03:00"),
    ("2024-03-22T17:30:00.1+02:00", "Asia/Riyadh", "2024-03-22T17:30:00+02:00"),
    ("Fri, 22 Mar 2024 17:30:00 +0300", "UTC", "2024-03-22T17:30:00+03:00"),
    # the publication cue, double month names with a slash, Gregorian "م" after the year, Maghrebi "على الساعة"
    ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "Asia/Amman", "2020-04-24T21:22:00+03:00"),
    ("الجمعة 22 مارس 2024م 10:30", "Asia/Riyadh", "2024-03-22T10:30:00+03:00"),
    ("22 مارس 2024 على الساعة 10:30", "Africa/Casablanca", "2024-03-22T10:30:00+00:00"),
    # numeric Hijri dates beside the Gregorian one, with or without هـ, in either digit set
    ("1446/05/22 هـ الموافق 2024/11/24 م", "Asia/Riyadh", "2024-11-24T00:00:00+03:00"),
    ("١٤٤٦/٥/٢٢ هـ - ٢٠٢٤/١١/٢٤ م", "Asia/Riyadh", "2024-11-24T00:00:00+03:00"),
    ("22/05/1446 - 24/11/2024", "Asia/Riyadh", "2024-11-24T00:00:00+03:00"),
    # ليلا: the night on both sides of midnight
    ("24 نوفمبر 2024 12:30 ليلا", "Africa/Cairo", "2024-11-24T00:30:00+02:00"),
    ("24 نوفمبر 2024 1:30 ليلاً", "Africa/Cairo", "2024-11-24T01:30:00+02:00"),
    ("24 نوفمبر 2024 4:59 ليلا", "Africa/Cairo", "2024-11-24T04:59:00+02:00"),
    ("24 نوفمبر 2024 10:30 ليلاً", "Africa/Cairo", "2024-11-24T22:30:00+02:00"),
    ("24 نوفمبر 2024 12:30 م", "Africa/Cairo", "2024-11-24T12:30:00+02:00"),
    ("24 نوفمبر 2024 12:30 ص", "Africa/Cairo", "2024-11-24T00:30:00+02:00"),
    # a dash before a date is not an offset; dashes between day, month and year; Greenwich in Arabic is UTC
    ("14:30 -2024/11/24", "Africa/Cairo", "2024-11-24T14:30:00+02:00"),
    ("نشر بتاريخ: 25 - نوفمبر - 2024", "Africa/Cairo", "2024-11-25T00:00:00+02:00"),
    ("24 نوفمبر 2024 13:00 غرينتش", "Africa/Cairo", "2024-11-24T13:00:00+00:00"),
    ("24 نوفمبر 2024 13:00 ت.غ", "Africa/Cairo", "2024-11-24T13:00:00+00:00"),
    ("24 نوفمبر 2024 13:00 بتوقيت غرينتش", "Africa/Cairo", "2024-11-24T13:00:00+00:00"),
    ("24 نوفمبر 2024 13:00 بتوقيت غرينتش +3", "UTC", "2024-11-24T13:00:00+03:00"),
]


@pytest.mark.parametrize(("text", "tz", "expected"), CASES)
def test_absolute_dates(text: str, tz: str, expected: str) -> None:
    assert to_iso(parse_arabic_date(text, tz)) == expected


RELATIVE = [
    ("منذ 3 ساعات", "2024-05-13T12:00:00+03:00"),
    ("منذ ٣ ساعات", "2024-05-13T12:00:00+03:00"),
    ("قبل ساعتين", "2024-05-13T13:00:00+03:00"),
    ("منذ دقيقة", "2024-05-13T14:59:00+03:00"),
    ("منذ 31 دقيقة", "2024-05-13T14:29:00+03:00"),
    ("منذ يومين", "2024-05-11T15:00:00+03:00"),
    ("قبل 5 أيام", "2024-05-08T15:00:00+03:00"),
    ("أمس", "2024-05-12T00:00:00+03:00"),
    ("أمس 10:30 م", "2024-05-12T22:30:00+03:00"),
    ("اليوم 09:15 ص", "2024-05-13T09:15:00+03:00"),
    ("اليوم 10:30", "2024-05-13T10:30:00+03:00"),
    ("أمس الساعة 5 م", "2024-05-12T17:00:00+03:00"),
    ("نشر أمس، 10:30 م", "2024-05-12T22:30:00+03:00"),
    ("منذ ساعتين", "2024-05-13T13:00:00+03:00"),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_dates_against_fetch_time(text: str, expected: str) -> None:
    assert to_iso(parse_arabic_date(text, "Africa/Cairo", NOW)) == expected


@pytest.mark.parametrize("text", ["اليوم السابع", "المصري اليوم | 3 تعليقات", "رأي اليوم", "صحيفة أمس الأولى",
                                  "عرب الآن"])
def test_outlet_names_with_a_day_word_are_not_dates(text: str) -> None:
    assert parse_arabic_date(text, "Africa/Cairo", NOW) is None


def test_outlet_name_in_a_meta_slot_does_not_hide_the_real_date() -> None:
    story = "".join(f"<p>{escape(p)}</p>" for p in (
        "أعلنت وزارة النقل خطة جديدة لتطوير شبكة القطارات في المحافظات، تشمل تجديد المحطات الرئيسية وشراء "
        "عربات حديثة خلال العامين المقبلين.",
        "وقال الوزير في مؤتمر صحفي إن الخطة تتضمن صيانة مئات الكيلومترات من القضبان، وإن العمل سيبدأ في "
        "الخطوط الأكثر ازدحاما مطلع العام المقبل.",
        "وأضاف أن تمويل المشروع يأتي من الموازنة العامة ومن قروض ميسرة، مشيرا إلى أن الوزارة ستنشر جدولا "
        "زمنيا مفصلا لكل مرحلة على موقعها الإلكتروني.",
    ))
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزارة النقل تعلن خطة لتطوير القطارات</title></head><body>
<div class="story"><h1>وزارة النقل تعلن خطة لتطوير القطارات</h1>
<div class="article-meta">المصري اليوم | 3 تعليقات</div>
<span class="date">الأحد 24 نوفمبر 2024 10:30 ص</span>
<div class="story-body">{story}</div></div></body></html>"""
    fetched = datetime(2024, 11, 26, 9, 0, tzinfo=UTC)
    result = extract_article(html.encode(), "https://portal.example/news/987654", load_registry()["youm7"],
                             fetched_at=fetched)
    assert result.published == "2024-11-24T10:30:00+02:00"


def test_relative_dates_need_a_fetch_time() -> None:
    assert parse_arabic_date("منذ 3 ساعات", "Africa/Cairo", None) is None


def test_no_offset_defaults_to_utc() -> None:
    assert to_iso(parse_arabic_date("13 مايو 2024 06:00 ص")) == "2024-05-13T06:00:00+00:00"


@pytest.mark.parametrize("text", ["", "   ", "لا يوجد تاريخ هنا", "اقرأ أيضا", None])
def test_not_a_date(text: str | None) -> None:
    assert parse_arabic_date(text, "UTC") is None


def test_normalization_of_month_names_and_digits() -> None:
    assert normalize_date_text("٣ آذار ٢٠٢٤") == "3 M03M 2024"
    assert normalize_date_text("28 آب/اغسطس 2013") == "28 M08M2013"


def test_to_iso_shape() -> None:
    assert to_iso(None) is None
    assert to_iso(datetime(2024, 1, 2, 3, 4, 5, 678)) == "2024-01-02T03:04:05+00:00"


def test_every_kind_of_visible_date_slot_is_found_in_page_order() -> None:
    tree = lxml.html.document_fromstring(
        '<html><head><meta property="dc:date" content="2024-05-01"></head><body><!-- 2024-05-02 -->'
        '<span itemprop="datePublished">3 مايو 2024</span><span itemprop="dateModified">4 مايو 2024</span>'
        '<h1>العنوان</h1><div property="dc:created" content="2024-05-05">تاريخ</div>'
        '<time datetime="">6 مايو 2024</time>'
        '<i property="og:title">7 مايو 2024</i><b class="post-date">8 مايو 2024</b><b id="date-line">9 مايو 2024</b>'
        "<p>نشر في 10 مايو 2024</p><p>11 مايو 2024</p></body></html>")
    assert _visible_candidates(tree) == [("3 مايو 2024", False), ("2024-05-05", True), ("6 مايو 2024", True),
                                         ("8 مايو 2024", True), ("9 مايو 2024", True), ("نشر في 10 مايو 2024", True)]
