"""The crawl state has one owner: a run ends in the state's run log whichever reporting extension is on."""

from __future__ import annotations

import pytest

from newscrawl.state import SqliteState
from tests.e2e.crawling import read_records, run_crawl

pytestmark = pytest.mark.e2e

NO_REPORTS = ('EXTENSIONS={"newscrawl.report.manifest.RunManifest": null, '
              '"newscrawl.datacard.extension.DatasetCard": null}')


def run_log(out) -> list[tuple[str, str | None]]:
    with SqliteState(out / "state.sqlite3", lock=False) as state:
        return state.db.execute("SELECT outcome, ended FROM runs ORDER BY started, rowid").fetchall()


def test_a_crawl_without_manifest_or_card_ends_finished_and_the_next_run_is_not_told_of_a_kill(fixture_news, tmp_path):
    sites = fixture_news.write_profiles(tmp_path / "sites", keys=["qadim"])
    out = tmp_path / "out"
    first = run_crawl(sites, out, "-s", NO_REPORTS)
    assert first.returncode == 0, first.stderr[-3000:]
    assert not (out / "runs").exists() and not (out / "DATACARD.md").exists()  # the extensions were off
    assert read_records(out)
    [(outcome, ended)] = run_log(out)
    assert outcome == "finished" and ended
    second = run_crawl(sites, out, "-s", NO_REPORTS)
    assert second.returncode == 0, second.stderr[-3000:]
    assert [outcome for outcome, _ in run_log(out)] == ["finished", "finished"]
    assert "killed" not in second.stderr
