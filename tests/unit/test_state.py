import pytest

from newscrawl.state import Retry, SqliteState, StateLocked, Validators


def test_second_run_on_the_same_state_refuses_with_a_clear_message(tmp_path):
    with SqliteState(tmp_path / "state.sqlite3"):
        with pytest.raises(StateLocked, match="in use by pid"):
            SqliteState(tmp_path / "state.sqlite3")
    SqliteState(tmp_path / "state.sqlite3").close()  # free again once the first run ends


def test_validators_blobs_and_killed_runs(tmp_path):
    with SqliteState(tmp_path / "s.sqlite3") as s:
        s.save_validators("https://e.com/feed", Validators('"abc"', "Fri, 27 Nov 2026 10:00:00 GMT", None))
        s.put_blob("learned", {"ex": ["تابعنا على فيسبوك"]})
        assert s.start_run("r1", "m1.json") == []
    with SqliteState(tmp_path / "s.sqlite3") as s:
        assert s.validators("https://e.com/feed").etag == '"abc"'
        assert s.validators("https://e.com/other") == Validators()
        urls = ["https://e.com/other", "https://e.com/feed"] + [f"https://e.com/{n}" for n in range(900)]
        many = s.validators_many(urls)  # more URLs than one query takes
        assert many == {"https://e.com/feed": s.validators("https://e.com/feed")}  # only the URLs with any
        assert s.get_blob("learned") == {"ex": ["تابعنا على فيسبوك"]}
        assert s.start_run("r2", "m2.json") == [("r1", "m1.json")]
        s.end_run("r2", "finished")
    with SqliteState(tmp_path / "s.sqlite3") as s:
        assert s.start_run("r3", "m3.json") == []


def test_retry_queue_counts_failed_runs_keeps_how_it_was_found_and_forgets(tmp_path):
    via = {"type": "sitemap", "url": "https://example.com/sitemap.xml"}
    with SqliteState(tmp_path / "s.sqlite3") as state:
        state.mark_retry("https://example.com/a", "ex", "http_503", via)
        state.mark_retry("https://example.com/a", "ex", "timeout", via)
        state.mark_retry("https://example.com/js", "ex", "no_browser", None, attempt=False)
        state.mark_retry("https://example.com/js", "ex", "no_browser", None, attempt=False)
        state.mark_retry("https://other.com/b", "other", "http_500", None)
    with SqliteState(tmp_path / "s.sqlite3") as state:  # committed on close, read back by the next run
        entries = {e.url: e for e in state.retries("ex")}
        assert entries["https://example.com/a"] == Retry("https://example.com/a", "timeout", 2, via)
        assert entries["https://example.com/js"].attempts == 0  # this machine's failure: never given up
        assert [e.url for e in state.retries("other")] == ["https://other.com/b"]
        state.clear_retry("https://example.com/a")
        assert [e.url for e in state.retries("ex")] == ["https://example.com/js"]
