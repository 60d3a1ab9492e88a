"""WARC archive: records written and read back, offsets that point at the response, rotation, cut files, and
the item built from an archived page identical to the one built from the live page."""

from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator

from newscrawl.crawl.article_builder import PageContext, build_article, charset_of
from newscrawl.registry import Selectors
from newscrawl.warc.records import ORIG_PREFIX, WarcWriterRotating, read_pages
from newscrawl.warc.reextract import superseded_pages

WHEN = datetime(2026, 11, 27, 9, 30, 5, tzinfo=UTC)
HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="windows-1256">
<title>وزراء الخارجية العرب يتفقون على خطة مشتركة - مثال</title>
<meta property="og:title" content="وزراء الخارجية العرب يتفقون على خطة مشتركة">
<meta property="article:published_time" content="2026-11-25T14:00:00+02:00"></head><body>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></nav><article>
<h1>وزراء الخارجية العرب يتفقون على خطة مشتركة</h1>
<p>أقر وزراء الخارجية العرب، في ختام اجتماعهم الطارئ بمقر الأمانة العامة لجامعة الدول العربية في القاهرة اليوم
الأربعاء، خطة عمل مشتركة لمواجهة أزمة شح المياه في المنطقة، تمتد على خمس سنوات.</p>
<p>وقال الأمين العام المساعد للجامعة، في مؤتمر صحفي عقب الجلسة الختامية، إن الخطة تتضمن إنشاء صندوق عربي
لتمويل مشروعات الأمن المائي برأسمال مبدئي يبلغ ملياري دولار.</p>
<p>تابعونا على تطبيق الأخبار</p></article></body></html>""".encode("cp1256")


class Site:
    key, name, country, language, timezone = "ex", "مثال", "EG", "ar", "Africa/Cairo"
    selectors = Selectors()

    def owns_url(self, url: str) -> bool:
        return url.startswith("https://example.com/")


def write(writer: WarcWriterRotating, n: int, **kw):
    meta = {"site": "ex", "discovered_via": {"type": "feed", "url": "https://example.com/rss"}, "rendered": False}
    meta.update(kw.pop("metadata", {}))
    return writer.write_page(
        url=f"https://example.com/news/{n}", method="GET", request_headers=[("User-Agent", "newscrawl-test")],
        status=200, protocol="HTTP/1.1",
        response_headers=[("Content-Type", "text/html; charset=windows-1256"), ("Content-Encoding", "gzip"),
                          ("Content-Length", "99")],
        body=HTML, fetched_at=WHEN, metadata=meta, **kw)


def test_pages_round_trip_with_context_and_offsets(tmp_path):
    writer = WarcWriterRotating(tmp_path, "run1")
    learned = {"تابعونا على تطبيق الاخبار"}
    name, offset = write(writer, 1, learned_boilerplate=learned)
    _, offset2 = write(writer, 2, learned_boilerplate=learned)
    writer.close()
    pages = list(read_pages(tmp_path / name))
    assert [p.url for p in pages] == ["https://example.com/news/1", "https://example.com/news/2"]
    page = pages[0]
    assert (page.warc_file, page.warc_offset) == (name, offset) and pages[1].warc_offset == offset2
    assert page.body == HTML and page.status == 200 and page.fetched_at == WHEN
    assert page.header("Content-Encoding") is None and page.header(ORIG_PREFIX + "Content-Encoding") == "gzip"
    assert page.header("Content-Length") == str(len(HTML))
    assert page.metadata["discovered_via"] == {"type": "feed", "url": "https://example.com/rss"}
    assert page.learned_boilerplate == frozenset(learned) == pages[1].learned_boilerplate
    # the offset points at the response record: a reader can seek straight to it
    with (tmp_path / name).open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_type == "response" and record.rec_headers.get_header("WARC-Date") == "2026-11-27T09:30:05Z"
    # request records are there too, tied to their response
    with (tmp_path / name).open("rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types == ["warcinfo", "metadata", "request", "response", "metadata", "request", "response", "metadata"]


def test_files_rotate_and_never_reuse_a_name(tmp_path):
    (tmp_path / "run1-00000.warc.gz").write_bytes(b"left by a killed run")
    writer = WarcWriterRotating(tmp_path, "run1", max_bytes=1)
    names = [write(writer, n)[0] for n in range(3)]
    writer.close()
    assert names == ["run1-00001.warc.gz", "run1-00002.warc.gz", "run1-00003.warc.gz"]
    assert (tmp_path / "run1-00000.warc.gz").read_bytes() == b"left by a killed run"
    assert [len(list(read_pages(tmp_path / n))) for n in names] == [1, 1, 1]


def two_pages(folder):
    """A WARC file of pages 1 and 2, and the offset of page 2's response record."""
    writer = WarcWriterRotating(folder, "run1")
    name = write(writer, 1)[0]
    _, second = write(writer, 2)
    writer.close()
    return folder / name, second


def test_a_file_cut_by_a_kill_yields_the_pages_before_the_cut(tmp_path):
    path, second = two_pages(tmp_path)
    path.write_bytes(path.read_bytes()[: second + 200])
    assert [p.url for p in read_pages(path)] == ["https://example.com/news/1"]


def test_a_cut_anywhere_never_yields_a_page_cut_short(tmp_path):
    path, second = two_pages(tmp_path)
    whole = path.read_bytes()
    first = "https://example.com/news/1"
    for cut in range(second - 300, len(whole), 7):  # from inside the first page's records to the file's end
        path.write_bytes(whole[:cut])
        pages = list(read_pages(path))
        assert [p.url for p in pages] in ([first], [first, "https://example.com/news/2"]), cut
        assert all(p.body == HTML for p in pages), cut
        assert [p.url for p in read_pages(path, bodies=False)] == [p.url for p in pages], cut


def test_item_from_the_archive_equals_the_item_from_the_live_page(tmp_path):
    learned = frozenset({"تابعونا على تطبيق الاخبار"})
    live_ctx = PageContext(site=Site(), url="https://example.com/news/1", fetched_at=WHEN,
                           discovered_via={"type": "feed", "url": "https://example.com/rss"},
                           http_charset=charset_of("text/html; charset=windows-1256"), learned_boilerplate=learned)
    writer = WarcWriterRotating(tmp_path, "run1")
    name, offset = write(writer, 1, learned_boilerplate=learned)
    writer.close()
    live = build_article(HTML, PageContext(**{**live_ctx.__dict__, "warc_file": name, "warc_offset": offset}))
    page = next(read_pages(tmp_path / name))
    archived = build_article(page.body, PageContext(
        site=Site(), url=page.url, fetched_at=page.fetched_at, discovered_via=page.metadata["discovered_via"],
        rendered=page.metadata["rendered"], http_charset=charset_of(page.header("Content-Type")),
        learned_boilerplate=page.learned_boilerplate, warc_file=page.warc_file, warc_offset=page.warc_offset))
    assert live.article is not None and live.article == archived.article
    assert "شح المياه" in live.article.text and "تابعونا" not in live.article.text  # decoded, learned block gone
    assert live.article.fetched_at == "2026-11-27T09:30:05+00:00"


def test_plain_pages_replaced_by_a_browser_refetch_are_skipped(tmp_path):
    writer = WarcWriterRotating(tmp_path, "run1")
    write(writer, 1)
    write(writer, 2)
    writer.write_page(url="https://example.com/news/1", method="GET", request_headers=[], status=200, protocol=None,
                      response_headers=[("Content-Type", "text/html")], body=b"<html>rendered</html>",
                      fetched_at=WHEN, metadata={"site": "ex", "rendered": True, "render_fallback": "short_text",
                                                 "request_url": "https://example.com/news/1"})
    writer.close()
    path = next(tmp_path.glob("*.warc.gz"))
    pages = list(read_pages(path))
    assert superseded_pages([path]) == {(pages[0].warc_file, pages[0].warc_offset)}
