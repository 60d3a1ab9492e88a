import pytest

from newscrawl.state import StateLocked, StateStore, Validators


def test_second_run_on_the_same_state_refuses_with_a_clear_message(tmp_path):
    with StateStore(tmp_path / "state.sqlite3"):
        with pytest.raises(StateLocked, match="in use by pid"):
            StateStore(tmp_path / "state.sqlite3")
    StateStore(tmp_path / "state.sqlite3").close()  # free again once the first run ends


def test_validators_blobs_and_killed_runs(tmp_path):
    with StateStore(tmp_path / "s.sqlite3") as s:
        s.save_validators("https://e.com/feed", Validators('"abc"', "Fri, 27 Nov 2026 10:00:00 GMT", None))
        s.put_blob("learned", {"ex": ["تابعنا على فيسبوك"]})
        assert s.start_run("r1", "m1.json") == []
    with StateStore(tmp_path / "s.sqlite3") as s:
        assert s.validators("https://e.com/feed").etag == '"abc"'
        assert s.validators("https://e.com/other") == Validators()
        assert s.get_blob("learned") == {"ex": ["تابعنا على فيسبوك"]}
        assert s.start_run("r2", "m2.json") == [("r1", "m1.json")]
        s.end_run("r2", "finished")
    with StateStore(tmp_path / "s.sqlite3") as s:
        assert s.start_run("r3", "m3.json") == []
