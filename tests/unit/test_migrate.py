"""Moving an output of the earlier layout (``<output>/<site>/<day>.<ext>``): nothing lost, nothing written twice.

The earlier layout is made from a real export (the pipeline, the SQLite state), moved back file by file with
the state pointed at the old paths, as an older newscrawl left it; a killed run's file is among them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.formats.csv import read_csv
from newscrawl.formats.jsonl import read_jsonl
from newscrawl.formats.layout import FORMATS, jsonl_of, legacy_files, partitions
from newscrawl.formats.migrate import MigrationConflict, migrate_output, relocated
from newscrawl.state.sqlite import SqliteState
from pipelines.export import JsonlExportPipeline
from tests.e2e.crawling import ROOT
from tests.unit.components import close, component_crawler
from tests.unit.test_pipelines import TEXT, make_article


def old_place(path: Path) -> Path:
    """``<root>/<fmt>/site=<key>/<day>.<fmt>`` -> ``<root>/<key>/<day>.<fmt>``."""
    return path.parents[2] / path.parent.name.split("=", 1)[1] / path.name


def export(tmp_path: Path, urls: list[str], **settings) -> dict:
    crawler = component_crawler(tmp_path, NEWSCRAWL_COMMIT_EVERY=2, NEWSCRAWL_WARC=False, **settings)
    pipe = JsonlExportPipeline.from_crawler(crawler)
    pipe.open_spider()
    for n, url in enumerate(urls):
        day = f"2026-11-{26 + n % 2}T10:00:00+02:00"
        pipe.process_item(make_article(url, site="ex" if n % 3 else "wadi", text=TEXT + url, published=day))
    pipe.close_spider()
    stats = crawler.stats.get_stats()
    close(crawler)
    return stats


def earlier_layout(tmp_path: Path) -> dict[Path, bytes]:
    """Export 6 records in JSONL and CSV, then put the output back in the earlier layout (files and state)."""
    export(tmp_path, [f"https://example.com/news/{n}" for n in range(6)], NEWSCRAWL_FORMATS="jsonl,csv")
    current = [p for fmt in FORMATS for p in partitions(tmp_path, fmt)]
    back = {str(p): str(old_place(p)) for p in current}
    with SqliteState(tmp_path / "state.sqlite3") as state:
        assert state.relocate_files(back.get) > 0
        # A run killed after writing one more line that it never marked exported.
        state.start_run("killed-run", str(tmp_path / "runs" / "killed-run.json"))
        killed_file = back[str(partitions(tmp_path, "jsonl", "ex")[0])]
        state.record_files("killed-run", [("ex", killed_file)])
    for new, old in back.items():
        Path(old).parent.mkdir(exist_ok=True)
        Path(new).rename(old)
    extra = make_article("https://example.com/news/killed", text=TEXT + "killed", published="2026-11-27T10:00:00+02:00")
    with open(killed_file, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({**vars(extra), "requested_urls": None} | {"cluster_id": extra.id}, ensure_ascii=False)
                 + "\n")
    (tmp_path / "runs").mkdir(exist_ok=True)
    (tmp_path / "runs" / "killed-run.json").write_text(
        json.dumps({"run_id": "killed-run", "outcome": "running", "sites": {"ex": {"files": [killed_file]}}}),
        encoding="utf-8")
    return {Path(old): Path(old).read_bytes() for old in back.values()}


def test_a_run_moves_the_earlier_layout_keeps_every_byte_and_the_exactly_once_marks(tmp_path):
    before = earlier_layout(tmp_path)
    assert sorted(legacy_files(tmp_path)) == sorted(before)

    stats = export(tmp_path, ["https://example.com/news/new"])

    assert legacy_files(tmp_path) == [] and not (tmp_path / "ex").exists() and not (tmp_path / "wadi").exists()
    assert stats["newscrawl/formats/migrated_files"] == len(before)
    assert stats["newscrawl/recovery/records"] == 1  # the killed run's line, found at its new place
    for old, data in before.items():
        new = Path(relocated(str(old)))
        assert new.exists()
        if new.suffix == ".jsonl":  # appended to, never rewritten (CSV is regenerated from it)
            assert new.read_bytes()[:len(data)] == data
        else:
            assert [r["id"] for r in read_csv(new)] == [r["id"] for r in read_jsonl(jsonl_of(new))]
    ids = [json.loads(line)["id"] for p in partitions(tmp_path) for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == 6 + 1 + 1  # earlier runs', the killed run's, this run's
    with SqliteState(tmp_path / "state.sqlite3") as state:
        assert state.exported_count() == len(ids)
        files = {file for _, file, _ in state.exported_by_file()}
        assert files == {str(p) for p in partitions(tmp_path)}
        assert all(Path(path).exists() for _, path in state.files_of_run("killed-run"))
    manifest = json.loads((tmp_path / "runs" / "killed-run.json").read_text(encoding="utf-8"))
    assert manifest["sites"]["ex"]["files"] == [str(partitions(tmp_path, "jsonl", "ex")[0])]


def test_a_migration_killed_after_the_state_moved_finishes_at_the_next_start(tmp_path):
    before = earlier_layout(tmp_path)
    with SqliteState(tmp_path / "state.sqlite3") as state:
        state.relocate_files(relocated)  # killed here: the state names the new paths, the files are not moved
        assert migrate_output(tmp_path, state) == len(before)
        assert migrate_output(tmp_path, state) == 0
        assert {file for _, file, _ in state.exported_by_file()} <= {str(p) for p in partitions(tmp_path)}
    assert all(Path(relocated(str(old))).read_bytes() == data for old, data in before.items())


def test_a_taken_target_stops_the_migration_before_anything_moves(tmp_path):
    before = earlier_layout(tmp_path)
    taken = Path(relocated(str(next(iter(before)))))
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_text("another file\n", encoding="utf-8")
    with SqliteState(tmp_path / "state.sqlite3") as state, pytest.raises(MigrationConflict, match="cannot move"):
        migrate_output(tmp_path, state)
    assert sorted(legacy_files(tmp_path)) == sorted(before)
    result = subprocess.run([sys.executable, "-m", "newscrawl", "migrate-output", "--output", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and len(result.stdout.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    taken.unlink()
    result = subprocess.run([sys.executable, "-m", "newscrawl", "migrate-output", "--output", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and f"moved {len(before)} file(s)" in result.stdout
    assert legacy_files(tmp_path) == []
