"""The worker pool with real processes: same results as in-process, and a dead worker loses no page."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from dataclasses import asdict
from datetime import UTC, datetime
from io import BytesIO

import numpy as np
import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newscrawl.crawl.article_builder import PageContext
from newscrawl.crawl.page_task import PageTask, run_page
from newscrawl.items import record_of
from newscrawl.registry import load_registry
from newscrawl.state.neardup import NearDupIndex
from newscrawl.textnorm import normalize_arabic
from newscrawl.warc.encode import PageRecords
from newscrawl.workers import PageTimeout, WorkerDied, WorkerPool, workers_setting
from pipelines.validate import ValidatePipeline
from tests.unit.components import component_crawler
from tests.unit.test_extract_pages import STORY, STORY_SUBHEADINGS, STORY_TITLE, portal_page


def own_pid(_: object) -> int:
    return os.getpid()


def die(_: object) -> None:
    os._exit(9)  # as a segfault or the OOM killer would end the process: no exception, no cleanup


def die_once(marker: str) -> int:
    """Dies the first time it runs (in any process), then returns its pid."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return os.getpid()
    os.close(fd)
    os._exit(9)


def pool(workers: int, **settings: object) -> WorkerPool:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_WORKERS": workers, **settings})
    crawler.stats.open_spider()
    return WorkerPool.from_crawler(crawler)


def a_page() -> PageTask:
    site = next(iter(load_registry().values()))
    html = portal_page(STORY_TITLE, STORY, STORY_SUBHEADINGS).encode()
    url = f"https://{site.domains[0]}/news/2024/05/01/some-story"
    ctx = PageContext(site=site, url=url, fetched_at=datetime(2024, 5, 1, 12, tzinfo=UTC),
                      learned_boilerplate=frozenset({"اقرأ أيضا"}))
    records = PageRecords(url=url, method="GET", request_headers=[("Accept", "text/html")], status=200,
                          protocol="HTTP/1.1", response_headers=[("Content-Type", "text/html; charset=utf-8")],
                          body=html, when="2024-05-01T12:00:00Z", metadata={"site": site.key})
    return PageTask(html, ctx, records, level=6, signing=(128, 3))


def records_of(data: bytes) -> list[tuple[str, bytes]]:
    return [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(BytesIO(data))]


def test_workers_setting_defaults_to_the_cores_and_refuses_negatives():
    assert workers_setting(get_crawler().settings) >= 1
    assert workers_setting(get_crawler(settings_dict={"NEWSCRAWL_WORKERS": 0}).settings) == 0
    with pytest.raises(ValueError, match="NEWSCRAWL_WORKERS"):
        workers_setting(get_crawler(settings_dict={"NEWSCRAWL_WORKERS": -1}).settings)


def test_a_page_built_in_a_worker_equals_the_page_built_in_process():
    task = a_page()
    workers = pool(2)
    try:
        remote = asyncio.run(workers.run(run_page, task))
    finally:
        workers.close()
    local = run_page(task)
    assert local.built.article is not None and local.built.article.text
    assert asdict(remote.built.article) == asdict(local.built.article)
    assert remote.built.extraction.blocks == local.built.extraction.blocks
    # the same records (record ids are random, so compared after reading back)
    assert records_of(remote.encoded.data) == records_of(local.encoded.data)
    assert remote.encoded.data[remote.encoded.response_at:][:2] == b"\x1f\x8b"  # a gzip member starts there


def test_the_worker_signs_the_text_as_the_index_would_and_checks_the_schema(tmp_path):
    task = a_page()
    workers = pool(1)
    try:
        article = asyncio.run(workers.run(run_page, task)).built.article
    finally:
        workers.close()
    index = NearDupIndex(sqlite3.connect(":memory:"), num_perm=128, shingle=3)
    expected = index.signer.sign(normalize_arabic(article.text))
    assert article.neardup_signature == expected.tobytes() and article.schema_errors == []
    assert "neardup_signature" not in record_of(article) and "schema_errors" not in record_of(article)
    # the index takes the worker's signature for its own: a copy signed there joins the first one's cluster
    index.assign("a" * 20, article.text)
    assert index.assign("b" * 20, "", signature=np.frombuffer(article.neardup_signature, "<u4")).cluster_id == "a" * 20
    assert run_page(PageTask(task.body, task.ctx)).built.article.neardup_signature is None  # index off: unsigned


def test_the_validate_pipeline_trusts_the_workers_check_and_checks_what_was_set_since(tmp_path):
    validate = ValidatePipeline.from_crawler(component_crawler(tmp_path))
    article = run_page(a_page()).built.article
    article.text = article.text * 3  # long enough for the pipeline's other rules
    assert validate.process_item(article) is article
    article.schema_errors = ["at ['title']: 1 is not of type 'string'"]  # what a worker would report
    with pytest.raises(DropItem, match="schema at \\['title'\\]"):
        validate.process_item(article)
    article.schema_errors, article.warc_offset = [], -1  # set on the reactor, after the worker's check
    with pytest.raises(DropItem, match="warc_offset"):
        validate.process_item(article)
    article.schema_errors, article.title = None, 1  # not checked by a worker: the whole record here
    with pytest.raises(DropItem, match="title"):
        validate.process_item(article)


def test_a_dead_worker_is_replaced_and_its_page_built_again(tmp_path):
    workers = pool(2)
    try:
        pid = asyncio.run(workers.run(die_once, str(tmp_path / "died")))
    finally:
        workers.close()
    assert pid != os.getpid()  # built again in a process, not in the crawl's
    stats = workers.crawler.stats
    assert stats.get_value("newscrawl/workers/replaced") == 1
    assert stats.get_value("newscrawl/workers/retried") == 1


def test_pages_in_flight_when_a_worker_dies_are_all_built(tmp_path):
    async def crawl() -> list[int]:
        jobs = [workers.run(die_once, str(tmp_path / "died"))] + [workers.run(abs, -n) for n in range(1, 8)]
        return await asyncio.gather(*jobs)

    workers = pool(2)
    try:
        results = asyncio.run(crawl())
    finally:
        workers.close()
    assert results[1:] == list(range(1, 8))  # none lost, none doubled
    assert workers.crawler.stats.get_value("newscrawl/workers/replaced") == 1


def test_a_page_that_kills_every_process_it_runs_in_is_given_up():
    workers = pool(1)
    try:
        with pytest.raises(WorkerDied):
            asyncio.run(workers.run(die, None))
    finally:
        workers.close()


def test_a_page_over_the_timeout_is_retried_alone_then_given_up():
    workers = pool(2, NEWSCRAWL_PAGE_TIMEOUT=0.5)
    try:
        with pytest.raises(PageTimeout):
            asyncio.run(workers.run(time.sleep, 30))
        assert asyncio.run(workers.run(abs, -3)) == 3  # the pool replaced works
    finally:
        workers.close()
    assert workers.crawler.stats.get_value("newscrawl/workers/replaced") == 1


def frozen_objects(_: object) -> int:
    import gc

    return gc.get_freeze_count()


def test_the_warm_up_page_goes_through_the_whole_task():
    from newscrawl.crawl.warmup import warm_up

    result = warm_up()
    article = result.built.article
    assert article is not None and "افتتح وزير الثقافة" in article.text and "اقرأ أيضا" not in article.text
    assert article.neardup_signature and article.schema_errors == [] and result.encoded.data[:2] == b"\x1f\x8b"


def test_workers_start_from_a_warmed_and_frozen_forkserver():
    workers = pool(1)
    try:
        assert asyncio.run(workers.run(frozen_objects, None)) > 50_000  # the imports and the warm-up page
    finally:
        workers.close()
    assert frozen_objects(None) == 0  # the crawl process itself is left alone


def test_no_workers_runs_in_process():
    workers = pool(0)
    assert asyncio.run(workers.run(lambda _: os.getpid(), None)) == os.getpid()


def test_the_first_article_request_scheduled_launches_the_pool_in_the_background():
    from scrapy import Request, signals

    workers = pool(2)
    try:
        send = workers.crawler.signals.send_catch_log
        send(signals.request_scheduled, request=Request("https://example.org/feed", meta={"newscrawl_kind": "feed"}))
        assert workers._launch is None  # a run reading only its sources starts no process
        started = time.monotonic()
        send(signals.request_scheduled, request=Request("https://example.org/a", meta={"newscrawl_kind": "article"}))
        assert workers._launch is not None and time.monotonic() - started < 0.5  # not waiting for the processes
        executor = workers._launch.result(timeout=60)
        assert len(executor._processes) == 2  # started before any page asked for them
        assert asyncio.run(workers.run(own_pid, None)) != os.getpid()  # and the first page runs there
    finally:
        workers.close()
    assert workers.executor is None and workers._launch is None
