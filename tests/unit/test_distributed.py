"""The pieces of a distributed crawl on a real Redis: claims, the Bloom dupefilter, merging worker folders."""

from __future__ import annotations

import json

import pytest
from scrapy import Request

from newscrawl.distributed.frontier import BloomDupeFilter, bloom_size
from newscrawl.distributed.merge import merge, merged_path
from newscrawl.formats.layout import derived_path, partition_path
from newscrawl.state import ExportBatch, ExportMark
from newscrawl.state.redis_state import RedisState


def test_bloom_filter_size_follows_the_formula():
    bits, hashes = bloom_size(5_000_000, 1e-4)
    assert 95_000_000 < bits < 96_500_000 and hashes == 13  # 12 MB of Redis
    with pytest.raises(ValueError):
        bloom_size(10, 1.5)


def test_bloom_dupefilter_sees_a_request_once_and_never_deletes_the_shared_key(redis_url):
    state = RedisState(redis_url, worker="w1")
    try:
        filter_ = BloomDupeFilter(state.r, "newscrawl:dupefilter:test", capacity=1000, error_rate=0.001)
        first, again = Request("https://e.com/a"), Request("https://e.com/a")
        assert filter_.request_seen(first) is False
        assert filter_.request_seen(again) is True
        assert filter_.request_seen(Request("https://e.com/b")) is False
        filter_.close("finished")
        assert state.r.exists("newscrawl:dupefilter:test") and state.r.ttl("newscrawl:dupefilter:test") > 0
    finally:
        state.close()


def test_an_article_is_claimed_and_exported_by_one_worker_only(tmp_path, redis_url):
    one = RedisState(redis_url, worker="w1", lock_dir=tmp_path / "w1")
    two = RedisState(redis_url, worker="w2", lock_dir=tmp_path / "w2")
    try:
        one.start_run("r1", "m1")
        two.start_run("r2", "m2")
        article = ("a" * 20, "e.com/a", ["e.com/amp/a"])
        assert one.claim("r1", [article]) == set()
        assert two.claim("r2", [("a" * 20, "e.com/a", [])]) == {"a" * 20}  # being written by w1
        assert one.claim("r1", [article]) == set()  # its own claim holds
        one.commit_batch(ExportBatch("r1", [ExportMark("e.com/a", "a" * 20, "ex", None, "f", None,
                                                       frozenset({"e.com/amp/a"}))]))
        assert two.claim("r2", [("b" * 20, "e.com/b", ["e.com/amp/a"])]) == {"b" * 20}  # an alias is exported
        assert one.claim("r1", [("c" * 20, "e.com/c", [])]) == set()
        one.end_run("r1", "finished")  # the run's end releases what it still held
        assert two.claim("r2", [("c" * 20, "e.com/c", [])]) == set()
        assert one.exported_by_file() == [("ex", "f", 1)] and two.exported_by_file() == []
    finally:
        one.close()
        two.close()


def write_partition(folder, day: str, records: list[dict]) -> None:
    path = partition_path(folder, "jsonl", "ex", day)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + '{"partial', encoding="utf-8")


def test_merge_keeps_each_article_once_sorted_and_drops_the_worker_id(tmp_path):
    def record(n: int, published: str) -> dict:
        return {"id": f"{n:020d}", "site": "ex", "canonical_url": f"https://e.com/{n}", "published": published,
                "fetched_at": "2026-11-28T00:00:00+00:00", "cluster_id": f"{n:020d}", "title": "عنوان"}

    write_partition(tmp_path / "w1", "2026-11-27.w1", [record(2, "2026-11-27T12:00:00+02:00"),
                                                              record(1, "2026-11-27T09:00:00+00:00")])
    write_partition(tmp_path / "w2", "2026-11-27.w2", [record(3, "2026-11-27T08:00:00+00:00"),
                                                              record(1, "2026-11-27T09:00:00+00:00")])
    partition_path(tmp_path / "w2", "csv", "ex", "2026-11-27.w2").parent.mkdir(parents=True)
    partition_path(tmp_path / "w2", "csv", "ex", "2026-11-27.w2").write_text("", encoding="utf-8")  # w2 wrote CSV
    summary = merge([tmp_path / "w1", tmp_path / "w2"], tmp_path / "out", card=False)
    merged = partition_path(tmp_path / "out", "jsonl", "ex", "2026-11-27")
    ids = [json.loads(line)["id"] for line in merged.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"{3:020d}", f"{1:020d}", f"{2:020d}"]  # by UTC time: 08:00, 09:00, 12:00+02:00
    assert summary["records"] == 3 and summary["duplicates_dropped"] == 1
    assert derived_path(merged, "csv").exists() and summary["formats"] == ["jsonl", "csv"]
    worker_file = partition_path(tmp_path / "w3", "jsonl", "ex", "2026-11-27.host-1a2b")
    assert merged_path(tmp_path / "out", worker_file) == merged
