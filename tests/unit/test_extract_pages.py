"""Synthetic article pages for the extraction tests (no tests here), built like common Arabic news CMS templates."""

from __future__ import annotations

from html import escape


def portal_page(title: str, paragraphs: list[str], subheadings: frozenset[str] = frozenset(), *,
                charset_meta: str | None = "utf-8", date_line: str = "الإثنين، 13 مايو 2024 06:00 ص",
                byline: str = "كتب أحمد محمود", extra_footer: str = "", prev_title: str = "",
                next_title: str = "") -> str:
    """A news-portal template: header with ticker, headline three times, share and follow boxes, body with
    subheadings, an inline "اقرأ أيضا" box, a caption, newsletter and social prompts, previous/next links,
    a tag line, a sidebar of other headlines and a footer."""
    body = []
    for i, paragraph in enumerate(paragraphs):
        if paragraph in subheadings:
            body.append(f"<h3>{escape(paragraph)}</h3>")
        else:
            body.append(f"<p>{escape(paragraph)}</p>")
        if i == 1:
            body.append('<div class="related-box"><h4>اقرأ أيضاً</h4><ul>'
                        '<li><a href="/n/1">ارتفاع أسعار الذهب في ختام تعاملات اليوم</a></li>'
                        '<li><a href="/n/2">الأرصاد تحذر من موجة حارة تضرب البلاد غدا</a></li></ul></div>')
        if i == 2:
            body.append('<div class="img-container"><img src="/p.jpg" alt=""><span>صورة أرشيفية للاجتماع</span></div>')
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head>{meta}
<title>{escape(title)} - بوابة الأخبار</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="بوابة الأخبار">
<link rel="canonical" href="/news/2024/5/13/123456">
</head><body>
<header><div class="logo"><a href="/">بوابة الأخبار</a></div>
<nav><ul><li><a href="/sec/1">سياسة</a></li><li><a href="/sec/2">اقتصاد</a></li>
<li><a href="/sec/3">رياضة</a></li></ul></nav>
<div class="ticker"><a href="/n/9">{escape(title)}</a></div></header>
<div class="breadcrumb"><a href="/">الرئيسية</a> / <a href="/sec/1">سياسة</a></div>
<article>
<h1>{escape(title)}</h1>
<div class="meta"><span class="writer">{escape(byline)}</span> <span class="date">{escape(date_line)}</span></div>
<div class="share-box"><span>{escape(title)}</span> <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div class="follow-box"><a href="https://news.google.com/">تابع أحدث الأخبار عبر تطبيق google news</a></div>
<div class="article-body">{''.join(body)}</div>
<div class="newsletter">اشترك فى النشرة البريدية لتحصل على اهم الاخبار بمجرد نشرها</div>
<div class="social">تابعنا على مواقع التواصل الاجتماعى</div>
<div class="tags">الكلمات المفتاحية: <a href="/t/1">العراق</a> <a href="/t/2">داعش</a></div>
<div class="prev-next"><a href="/n/3">السابق {escape(prev_title)}</a>
<a href="/n/4">التالى {escape(next_title)}</a></div>
</article>
<aside><h3>الأكثر قراءة</h3><ul>
<li><a href="/n/5">وزير الصحة يتفقد مستشفيات المحافظة ويوجه بسرعة إنجاز الأعمال</a></li>
<li><a href="/n/6">منتخب الشباب يفوز على نظيره في التصفيات المؤهلة للبطولة</a></li>
<li><a href="/n/7">انخفاض درجات الحرارة مع نشاط الرياح على المناطق الساحلية</a></li></ul></aside>
{extra_footer}
<footer><p>جميع الحقوق محفوظة © 2024 بوابة الأخبار</p></footer>
</body></html>"""


STORY_TITLE = "وزير النقل يفتتح محطة جديدة للقطار الكهربائي في العاصمة.. ويعلن مواعيد التشغيل"
STORY = [
    "افتتح وزير النقل اليوم محطة جديدة للقطار الكهربائي الخفيف في العاصمة، ضمن خطة الحكومة لتطوير منظومة "
    "النقل الجماعي وربط المدن الجديدة بشبكة حديثة من المواصلات الصديقة للبيئة.",
    "وقال الوزير في كلمة خلال الافتتاح إن المحطة تخدم نحو خمسين ألف راكب يوميا، وإن القطار سيعمل من "
    "السادسة صباحا حتى منتصف الليل طوال أيام الأسبوع.",
    "مواعيد التشغيل",
    "وأوضح أن المرحلة الأولى تشمل اثنتي عشرة محطة، على أن تكتمل المرحلة الثانية قبل نهاية العام المقبل، "
    "مشيرا إلى أن أسعار التذاكر ستعلن خلال الأيام القادمة بعد مراجعتها مع الجهات المختصة.",
    "وأضاف أن الوزارة تعمل على ربط المحطة بخطوط الحافلات الكهربائية لتسهيل وصول الركاب من الأحياء "
    "المجاورة، مع توفير مواقف للسيارات ومسارات آمنة للمشاة.",
    "خطة التوسع",
    "وأكد الوزير أن خطة التوسع تتضمن إنشاء ثلاثة خطوط جديدة خلال السنوات الخمس المقبلة، بتكلفة تقديرية "
    "تتجاوز مليار دولار، بتمويل مشترك من الحكومة والقطاع الخاص.",
]
STORY_SUBHEADINGS = frozenset({"مواعيد التشغيل", "خطة التوسع"})
