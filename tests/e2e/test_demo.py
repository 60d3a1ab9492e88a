"""``make demo`` end to end (two outlets, to stay quick): everything lands in its own folder, a second demo
starts clean, and nothing of it touches a real crawl's output beside it."""

from __future__ import annotations

import json

import pytest

from tests.demo import run_demo
from tests.e2e.crawling import jsonl_files, read_records

pytestmark = pytest.mark.e2e


def test_demo_writes_feeds_state_archive_and_card_in_its_own_folder(tmp_path):
    real = tmp_path / "output"
    (real / "runs").mkdir(parents=True)
    (real / "DATACARD.md").write_text("the real crawl's card\n", encoding="utf-8")
    demo = real / "demo"
    args = ["-a", "sites=wadi,qadim", "-s", "LOG_LEVEL=WARNING"]
    assert run_demo(demo, args) == 0
    records = read_records(demo)
    assert {r["site"] for r in records} == {"wadi", "qadim"}
    assert (demo / "state.sqlite3").exists() and list((demo / "warc").glob("*.warc.gz"))
    assert json.loads(next((demo / "runs").glob("*.json")).read_text(encoding="utf-8"))["outcome"] == "finished"
    assert (demo / "DATACARD.md").exists()
    # The real crawl's files beside it are untouched.
    assert (real / "DATACARD.md").read_text(encoding="utf-8") == "the real crawl's card\n"
    assert list((real / "runs").iterdir()) == []

    assert run_demo(demo, args) == 0  # starts clean: the same export again, not an empty incremental run
    assert len(read_records(demo)) == len(records)
    assert len(list((demo / "runs").glob("*.json"))) == 1 and jsonl_files(demo)
