"""Each pipeline in isolation, built with scrapy.utils.test.get_crawler on a real SQLite state."""

import json
from dataclasses import replace

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from newscrawl.formats.layout import partition_path
from newscrawl.items import Article, article_id
from newscrawl.linking import BatchLinker
from newscrawl.state import SqliteState
from newscrawl.state.recovery import recover_killed_runs
from newscrawl.textnorm import content_hash
from newscrawl.urls import url_key
from pipelines.dedup import DedupPipeline
from pipelines.export import JsonlExportPipeline
from pipelines.validate import ValidatePipeline
from tests.unit.components import close, component_crawler, mark_exported, state_of

TEXT = ("قال وزير النقل إن المرحلة الأولى من تشغيل سيارات الأجرة الكهربائية تبدأ الأربعاء المقبل في العاصمة "
        "الإدارية، على أن تتوسع الخدمة تدريجياً لتشمل مدناً جديدة خلال العام المقبل.\n\n"
        "وأضاف أن الحجز يتم عبر تطبيق على الهاتف، وأن السيارات مزودة بكاميرات وأجهزة تتبع.") * 2


def make_article(url: str = "https://example.com/news/1", site: str = "ex", text: str = TEXT, **kw) -> Article:
    return Article(id=article_id(url_key(url)), url=url, canonical_url=url, site=site, site_name="مثال",
                   country="EG", language=kw.pop("language", "ar"), title="عنوان", text=text,
                   published=kw.pop("published", "2026-11-27T10:00:00+02:00"),
                   fetched_at="2026-11-28T00:00:00+00:00", discovered_via={"type": "feed", "url": "https://example.com/rss"},
                   content_hash=content_hash(text), **kw)


@pytest.fixture
def crawler(tmp_path):
    c = component_crawler(tmp_path, NEWSCRAWL_COMMIT_EVERY=2)
    yield c
    close(c)


def stat(crawler, name):
    return crawler.stats.get_value(f"newscrawl/{name}")


def test_validate_drops_short_and_non_arabic_counted(crawler):
    pipe = ValidatePipeline.from_crawler(crawler)
    assert pipe.process_item(make_article())
    with pytest.raises(DropItem, match="too_short"):
        pipe.process_item(make_article(text="قصير جداً"))
    with pytest.raises(DropItem, match="language"):
        pipe.process_item(make_article(language="fa"))
    with pytest.raises(DropItem, match="missing_title"):
        pipe.process_item(replace(make_article(), title=""))
    assert stat(crawler, "dropped/too_short") == 1
    assert stat(crawler, "dropped/language") == 1
    assert stat(crawler, "site/ex/dropped/missing_title") == 1


def test_dedup_url_variants_same_site_content_and_republication(crawler):
    pipe = DedupPipeline.from_crawler(crawler)
    first = make_article("https://example.com/news/1")
    assert pipe.process_item(first) is first
    with pytest.raises(DropItem, match="duplicate_url"):
        pipe.process_item(make_article("https://www.example.com/amp/news/1?utm_source=x"))
    with pytest.raises(DropItem, match="duplicate_content"):
        pipe.process_item(make_article("https://example.com/news/1-copy"))
    copy = pipe.process_item(make_article("https://other.com/wire/9", site="other",
                                          published="2026-11-27T12:00:00+02:00"))
    BatchLinker(state_of(crawler), None, crawler.stats).link([ItemAdapter(first), ItemAdapter(copy)])
    assert first.duplicate_of is None and copy.duplicate_of == first.id
    assert stat(crawler, "dropped/duplicate_url") == 1 and stat(crawler, "dropped/duplicate_content") == 1
    assert stat(crawler, "site/other/duplicates") == 1


def test_republication_linked_to_the_copy_published_first_whatever_the_arrival_order(tmp_path):
    """The crawl fetches outlets in parallel: the export pipeline sorts each batch by publication time."""
    crawler = component_crawler(tmp_path, NEWSCRAWL_COMMIT_EVERY=10)
    dedup, export = DedupPipeline.from_crawler(crawler), JsonlExportPipeline.from_crawler(crawler)
    later = make_article("https://second.com/a", site="second", published="2026-11-27T12:00:00+03:00")
    earlier = make_article("https://first.com/b", site="first", published="2026-11-27T10:30:00+02:00")
    for article in (later, earlier):  # the republication arrives first
        export.process_item(dedup.process_item(article))
    export.close_spider()
    assert earlier.duplicate_of is None and later.duplicate_of == earlier.id
    # A later run: a third copy links to the earliest copy exported before.
    close(crawler)
    again = component_crawler(tmp_path)
    dedup_again = DedupPipeline.from_crawler(again)
    third = dedup_again.process_item(make_article("https://third.com/c", site="third",
                                                 published="2026-11-28T09:00:00+03:00"))
    BatchLinker(state_of(again), None, again.stats).link([ItemAdapter(third)])
    assert third.duplicate_of == earlier.id
    close(again)


def test_dedup_remembers_earlier_runs_through_the_state(tmp_path):
    with SqliteState(tmp_path / "s.sqlite3") as state:
        a = make_article()
        mark_exported(state, url_key(a.canonical_url), a.id, "ex", a.content_hash, "f", "run0", a.published)
    c = component_crawler(tmp_path, NEWSCRAWL_STATE_PATH=str(tmp_path / "s.sqlite3"))
    pipe = DedupPipeline.from_crawler(c)
    with pytest.raises(DropItem):
        pipe.process_item(make_article())
    with pytest.raises(DropItem, match="duplicate_content"):  # same text, same site, new URL
        pipe.process_item(make_article("https://example.com/other-url"))
    copy = pipe.process_item(make_article("https://third.com/x", site="third"))
    BatchLinker(state_of(c), None, c.stats).link([ItemAdapter(copy)])
    assert copy.duplicate_of == a.id
    close(c)


def test_export_partitions_by_site_and_day_utf8_and_marks_state(crawler, tmp_path):
    pipe = JsonlExportPipeline.from_crawler(crawler)
    pipe.open_spider()
    for i in range(3):
        pipe.process_item(make_article(f"https://example.com/news/{i}", text=TEXT + str(i)))
    pipe.process_item(make_article("https://example.com/news/9", published="2026-11-26T23:00:00+02:00"))
    pipe.close_spider()
    day = partition_path(tmp_path, "jsonl", "ex", "2026-11-27")
    raw = day.read_bytes().decode("utf-8")
    assert "\\u" not in raw and "وزير النقل" in raw
    assert [json.loads(line)["url"] for line in raw.splitlines()] == [f"https://example.com/news/{i}" for i in range(3)]
    assert partition_path(tmp_path, "jsonl", "ex", "2026-11-26").exists()
    assert state_of(crawler).exported_count("ex") == 4
    assert stat(crawler, "exported") == 4


def test_validate_drops_records_breaking_the_schema_before_dedup_sees_them(crawler, tmp_path):
    """An invalid item followed by a valid copy of the same article: the valid copy is exported."""
    validate, dedup = ValidatePipeline.from_crawler(crawler), DedupPipeline.from_crawler(crawler)
    export = JsonlExportPipeline.from_crawler(crawler)
    export.open_spider()

    def through(item):  # the item path, in its order
        return export.process_item(dedup.process_item(validate.process_item(item)))

    with pytest.raises(DropItem, match="schema"):
        through(make_article(published="27/11/2026"))
    valid = through(make_article())
    export.close_spider()
    assert stat(crawler, "dropped/schema_invalid") == 1 and stat(crawler, "dropped/duplicate_url") is None
    day = partition_path(tmp_path, "jsonl", "ex", "2026-11-27")
    records = [json.loads(line) for line in day.read_text().splitlines()]
    assert [r["id"] for r in records] == [valid.id]


def test_recovery_after_kill_truncates_partial_line_and_marks_written_records(tmp_path):
    path = partition_path(tmp_path, "jsonl", "ex", "2026-11-27")
    path.parent.mkdir(parents=True)
    a, b = make_article("https://example.com/news/1"), make_article("https://example.com/news/2")
    lines = [json.dumps(dict(vars(x)), ensure_ascii=False) for x in (a, b)]
    path.write_text(lines[0] + "\n" + lines[1][:40], encoding="utf-8")  # killed mid-write
    with SqliteState(tmp_path / "s.sqlite3") as state:
        state.start_run("killed-run", str(tmp_path / "m.json"))
        state.record_files("killed-run", [("ex", str(path))])
    with SqliteState(tmp_path / "s.sqlite3") as state:
        assert state.start_run("next-run", str(tmp_path / "n.json")) == [("killed-run", str(tmp_path / "m.json"))]
        assert recover_killed_runs(state) == 1
        assert state.is_exported(url_key(a.canonical_url)) and not state.is_exported(url_key(b.canonical_url))
    assert path.read_text(encoding="utf-8") == lines[0] + "\n"
