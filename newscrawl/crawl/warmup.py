"""A first page for a new process: one small Arabic page through the whole page task, so that what the work
loads at its first page (imports made inside functions, dateparser's Arabic data, compiled patterns, the
JSON Schema validator, the default MinHash permutations) is loaded before any real page waits for it.

The crawl's forkserver runs it once (newscrawl/crawl/forkserver_preload.py), and every worker inherits the
result: loaded once, not once per worker, and a new worker's first page costs no more than the others.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newscrawl.crawl.article_builder import PageContext
from newscrawl.crawl.page_task import PageResult, PageTask, run_page
from newscrawl.registry.profile import SiteProfile
from newscrawl.state.neardup_match import DEFAULT_NUM_PERM, DEFAULT_SHINGLE
from newscrawl.warc.encode import PageRecords

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>افتتاح معرض الكتاب في دورته الجديدة - موقع تجريبي</title>
<meta property="og:title" content="افتتاح معرض الكتاب في دورته الجديدة">
<meta property="article:published_time" content="2026-03-04T10:15:00+02:00">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "افتتاح معرض الكتاب في دورته الجديدة",
"datePublished": "2026-03-04T10:15:00+02:00", "author": {"@type": "Person", "name": "سارة أحمد"}}</script>
</head><body><nav><a href="/">الرئيسية</a> <a href="/culture">ثقافة</a></nav><article>
<h1>افتتاح معرض الكتاب في دورته الجديدة</h1><div class="byline">كتبت: سارة أحمد</div>
<time datetime="2026-03-04T10:15:00+02:00">الأربعاء 4 مارس 2026 - 10:15 ص</time>
<p>افتتح وزير الثقافة صباح اليوم الأربعاء الدورة الجديدة من معرض الكتاب الدولي، بمشاركة أكثر من ألف دار نشر
من ثلاثين دولة عربية وأجنبية، وسط إقبال كبير من الزوار منذ الساعات الأولى.</p>
<p>وقال رئيس الهيئة العامة للكتاب في كلمته خلال حفل الافتتاح إن المعرض يقدم هذا العام برنامجا ثقافيا يضم
أكثر من مئتي ندوة وأمسية شعرية، إلى جانب ورش للأطفال وحفلات توقيع للكتب الجديدة.</p>
<p>وأضاف أن إدارة المعرض خصصت قاعة جديدة للترجمة، تعرض فيها أحدث الأعمال المترجمة إلى العربية في مجالات
الأدب والعلوم والفلسفة، مشيرا إلى أن أسعار التذاكر بقيت كما كانت في الدورة الماضية.</p>
<p>اقرأ أيضا: <a href="/culture/2">جوائز الرواية العربية تعلن قائمتها القصيرة</a></p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


def warm_up() -> PageResult:
    """Run the page task once on ``PAGE``: an article built, signed and checked, its records compressed."""
    url = "https://example.com/culture/1"
    site = SiteProfile(key="warmup", name="موقع تجريبي", domains=("example.com",), country="EG", language="ar",
                       timezone="Africa/Cairo", sources=(), allow=())
    headers = [("Content-Type", "text/html; charset=utf-8")]
    records = PageRecords(url, "GET", [], 200, "HTTP/1.1", headers, PAGE, "2026-03-04T08:20:00Z", {})
    context = PageContext(site=site, url=url, fetched_at=datetime(2026, 3, 4, 8, 20, tzinfo=UTC),
                          http_charset="utf-8")
    return run_page(PageTask(PAGE, context, records, signing=(DEFAULT_NUM_PERM, DEFAULT_SHINGLE)))

