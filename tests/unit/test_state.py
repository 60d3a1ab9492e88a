"""The crawl-state protocol, once per backend (``backend``: SQLite and a real Redis server, tests/conftest.py):
the same calls, the same answers, whichever store a crawl uses."""

import pytest

from newscrawl.state import ExportBatch, ExportMark, Retry, StateLocked, Validators
from tests.unit.test_neardup import EDITED, OTHER, WIRE


def mark(key: str, aid: str, site: str = "ex", content_hash: str | None = None, file: str = "f.jsonl",
         published: str | None = None, aliases=()) -> ExportMark:
    return ExportMark(key, aid, site, content_hash, file, published, frozenset(aliases))


def test_second_run_on_the_same_state_refuses_with_a_clear_message(tmp_path, backend):
    with backend.open(tmp_path):
        with pytest.raises(StateLocked, match="in use by pid"):
            backend.open(tmp_path)
    backend.open(tmp_path).close()  # free again once the first run ends


def test_validators_blobs_and_killed_runs(tmp_path, backend):
    with backend.open(tmp_path) as s:
        s.save_validators("https://e.com/feed", Validators('"abc"', "Fri, 27 Nov 2026 10:00:00 GMT", None))
        s.put_blob("learned", {"ex": ["تابعنا على فيسبوك"]})
        assert s.start_run("r1", "m1.json") == []
    with backend.open(tmp_path) as s:
        assert s.validators("https://e.com/feed").etag == '"abc"'
        assert s.validators("https://e.com/other") == Validators()
        urls = ["https://e.com/other", "https://e.com/feed"] + [f"https://e.com/{n}" for n in range(900)]
        many = s.validators_many(urls)  # more URLs than one query takes
        assert many == {"https://e.com/feed": s.validators("https://e.com/feed")}  # only the URLs with any
        assert s.get_blob("learned") == {"ex": ["تابعنا على فيسبوك"]}
        assert s.start_run("r2", "m2.json") == [("r1", "m1.json")]
        assert s.killed_runs() == [("r1", "m1.json")]
        s.end_run("r2", "finished")
    with backend.open(tmp_path) as s:
        assert s.start_run("r3", "m3.json") == []


def test_retry_queue_counts_failed_runs_keeps_how_it_was_found_and_forgets(tmp_path, backend):
    via = {"type": "sitemap", "url": "https://example.com/sitemap.xml"}
    with backend.open(tmp_path) as state:
        state.mark_retry("https://example.com/a", "ex", "http_503", via)
        state.mark_retry("https://example.com/a", "ex", "timeout", via)
        state.mark_retry("https://example.com/js", "ex", "no_browser", None, attempt=False)
        state.mark_retry("https://example.com/js", "ex", "no_browser", None, attempt=False)
        state.mark_retry("https://other.com/b", "other", "http_500", None)
    with backend.open(tmp_path) as state:  # committed on close, read back by the next run
        entries = {e.url: e for e in state.retries("ex")}
        assert entries["https://example.com/a"] == Retry("https://example.com/a", "timeout", 2, via)
        assert entries["https://example.com/js"].attempts == 0  # this machine's failure: never given up
        assert [e.url for e in state.retries("other")] == ["https://other.com/b"]
        state.clear_retry("https://example.com/a")
        assert [e.url for e in state.retries("ex")] == ["https://example.com/js"]


def test_exported_marks_aliases_copies_and_counts(tmp_path, backend):
    with backend.open(tmp_path) as state:
        state.start_run("r1", "m1.json")
        state.commit_batch(ExportBatch("r1", [
            mark("e.com/a", "a" * 20, "ex", "h1", "ex/2026-11-27.jsonl", "2026-11-27T12:00:00+02:00",
                 {"e.com/a?utm=x", "e.com/a"}),
            mark("o.com/b", "b" * 20, "other", "h1", "other/2026-11-27.jsonl", "2026-11-27T09:00:00+00:00"),
            mark("o.com/c", "c" * 20, "other", None, "other/2026-11-26.jsonl")]))
        state.mark_alias("e.com/amp/a", "a" * 20)  # bookkeeping: another URL of an exported article
        state.mark_dropped("https://e.com/pdf", "ex", "not_html")
    with backend.open(tmp_path) as state:
        assert state.exported_ids(["e.com/a", "e.com/a?utm=x", "e.com/amp/a", "o.com/b", "nope"]) == {
            "e.com/a": "a" * 20, "e.com/a?utm=x": "a" * 20, "e.com/amp/a": "a" * 20, "o.com/b": "b" * 20}
        assert state.is_exported("o.com/c") and not state.is_exported("o.com/d")
        assert state.exported_id("e.com/a") == "a" * 20
        assert state.exported_count() == 3 and state.exported_count("other") == 2
        # earliest publication first, whatever the offsets
        assert state.copies_of("h1") == [("a" * 20, "ex", "2026-11-27T10:00:00+00:00"),
                                         ("b" * 20, "other", "2026-11-27T09:00:00+00:00")][::-1]
        assert state.copies_of("unknown") == []
        assert sorted(state.exported_by_file()) == [("ex", "ex/2026-11-27.jsonl", 1),
                                                    ("other", "other/2026-11-26.jsonl", 1),
                                                    ("other", "other/2026-11-27.jsonl", 1)]
        assert state.dropped_reasons(["https://e.com/pdf", "https://e.com/x"]) == {"https://e.com/pdf": "not_html"}
        assert state.dropped_reason("https://e.com/pdf") == "not_html"
        # marking again (a recovery that finds them) changes nothing
        state.commit_batch(ExportBatch("r2", [mark("e.com/a", "a" * 20, "ex", "h1", "ex/2026-11-27.jsonl")]))
        assert state.exported_count() == 3 and len(state.copies_of("h1")) == 2


def test_file_records_of_killed_runs_until_recovered(tmp_path, backend):
    with backend.open(tmp_path) as state:
        state.start_run("r1", "m1.json")
        state.record_files("r1", [("ex", str(tmp_path / "ex" / "b.jsonl")), ("ex", str(tmp_path / "ex" / "a.jsonl"))])
        assert state.files_of_run("r1") == [("ex", str(tmp_path / "ex" / "a.jsonl")),
                                            ("ex", str(tmp_path / "ex" / "b.jsonl"))]
    with backend.open(tmp_path) as state:  # r1 never ended: killed
        state.start_run("r2", "m2.json")
        assert [(r, p.rsplit("/", 1)[1]) for r, _, p in state.unrecovered_killed_files()] == [
            ("r1", "a.jsonl"), ("r1", "b.jsonl")]
        state.mark_run_recovered("r1")
        assert state.unrecovered_killed_files() == []
        assert state.killed_runs() == [("r1", "m1.json")]


def test_near_duplicate_index_rows_wait_for_the_batch_and_persist(tmp_path, backend):
    with backend.open(tmp_path) as state:
        index = state.neardup_index()
        first = index.assign("a" * 20, WIRE, "wadi")
        assert first.cluster_id == "a" * 20 and first.similar_to is None
        assert index.assign("b" * 20, EDITED, "nile").cluster_id == "a" * 20  # found among the pending rows
        other = index.assign("c" * 20, OTHER, "qadim")
        assert other.cluster_id == "c" * 20
        index.discard("c" * 20)  # not exported: never written
        assert list(index.pending) == ["a" * 20, "b" * 20]
        state.commit_batch(ExportBatch("r1", [mark("w.com/a", "a" * 20, "wadi")]))  # b's batch never committed
        assert list(index.pending) == ["b" * 20] and index.size == 1
        assert state.neardup_summary() == (1, 1)
    with backend.open(tmp_path) as state:
        index = state.neardup_index()
        assert index.size == 1 and index.cluster_of("a" * 20) == "a" * 20 and index.cluster_of("b" * 20) is None
        assert index.assign("d" * 20, EDITED, "sahel").cluster_id == "a" * 20  # next run, another outlet
        assert index.assign("a" * 20, WIRE).cluster_id == "a" * 20  # fetched again after a kill
        assert index.restore("e" * 20, "", "x", "e" * 20) is False  # no text, no signature
        assert index.restore("a" * 20, WIRE, "wadi", "a" * 20) is False  # already indexed
        assert index.flush(["d" * 20]) == 1 and index.size == 2 and not index.pending


def test_near_duplicate_index_is_bounded_oldest_evicted_first(tmp_path, backend):
    with backend.open(tmp_path) as state:
        index = state.neardup_index(max_articles=10)
        for n in range(25):
            index.assign(f"{n:020d}", f"{OTHER} رقم {n} " + " ".join(f"كلمة{n}_{i}" for i in range(40)))
            index.flush([f"{n:020d}"])
        assert index.size <= 10
        assert index.cluster_of(f"{24:020d}") and index.cluster_of(f"{0:020d}") is None
        assert state.neardup_summary()[0] == index.size


def test_near_duplicate_lookups_stay_flat_on_a_site_of_near_duplicates(tmp_path, backend):
    """Hundreds of light edits of one story: each joins the first one's cluster, and what a lookup reads stays
    about one index row per cluster and band, not one per member (docs/neardup.md)."""
    words = WIRE.split()
    with backend.open(tmp_path) as state:
        index = state.neardup_index()
        read: list[int] = []
        candidates = index._candidates
        index._candidates = lambda signature: read.append(len(found := candidates(signature))) or found
        for n in range(300):
            edited = list(words)
            edited[n % len(words)] = f"رقم{n}"  # one word changed per copy: every copy its own text
            match = index.assign(f"{n:020d}", " ".join(edited), "wadi")
            assert match.cluster_id == f"{0:020d}"
            if n % 20 == 19:  # the export's checkpoints
                index.flush(list(index.pending))
        index.flush(list(index.pending))
        assert index.size == 300
        assert read[-1] <= index.bands and max(read[200:]) <= max(read[:60]) + 5
        # the other story still starts its own cluster, and a copy of it joins that one
        assert index.assign("o" * 20, OTHER, "qadim").cluster_id == "o" * 20
        assert index.assign("p" * 20, OTHER + " وأضاف", "nile").cluster_id == "o" * 20
