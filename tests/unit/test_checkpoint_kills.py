"""SIGKILL at every point of an export checkpoint: the state never claims an article the output lacks.

A child process runs the real item path (dedup, near-dup, export with its linker) on a real SQLite state and
kills itself with SIGKILL at one point of its second checkpoint. The state it leaves must hold no exported
mark and no near-duplicate row for an article that is not in the output files, and no record may carry the
``cluster_id`` of an article nobody exported. Then the next run's recovery makes state and output agree.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.formats.layout import partitions
from newscrawl.state import SqliteState
from tests.unit.components import close, component_crawler, state_of

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import os, signal, sys
from pathlib import Path

from newscrawl.formats.jsonl import JsonlAppender
from newscrawl.state.neardup import NearDupIndex
from newscrawl.state.sqlite import SqliteState
from pipelines.dedup import DedupPipeline
from pipelines.export import JsonlExportPipeline
from tests.unit.components import component_crawler
from tests.unit.test_neardup import EDITED, OTHER, WIRE, article

out, point = Path(sys.argv[1]), sys.argv[2]
checkpoints = {"n": 0}


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def kill_at(cls, name, when):
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        second = checkpoints["n"] == 2
        if second and when == "before":
            die()
        result = original(self, *args, **kwargs)
        if second and when == "after":
            die()
        return result

    setattr(cls, name, wrapper)


original_checkpoint = JsonlExportPipeline.checkpoint


def counting_checkpoint(self):
    checkpoints["n"] += 1
    return original_checkpoint(self)


JsonlExportPipeline.checkpoint = counting_checkpoint
writes = {"n": 0}
if point == "before_file_records":
    kill_at(SqliteState, "record_files", "before")
elif point == "after_file_records":
    kill_at(SqliteState, "record_files", "after")
elif point == "mid_lines":
    original_write = JsonlAppender.write

    def write(self, record):
        if checkpoints["n"] == 2:
            writes["n"] += 1
            if writes["n"] == 3:
                die()
        return original_write(self, record)

    JsonlAppender.write = write
elif point == "after_fsync":
    kill_at(SqliteState, "commit_batch", "before")
elif point == "mid_commit":  # marks inserted, transaction open: the near-duplicate rows are being written
    kill_at(NearDupIndex, "flush", "before")
elif point == "after_commit":
    kill_at(SqliteState, "commit_batch", "after")

crawler = component_crawler(out, NEWSCRAWL_COMMIT_EVERY=4, NEWSCRAWL_WARC=False)
dedup, export = DedupPipeline.from_crawler(crawler), JsonlExportPipeline.from_crawler(crawler)
export.open_spider()
texts = [WIRE, OTHER, EDITED, WIRE]
for n in range(12):  # wire copies across sites: near-duplicate clusters spanning the batches
    text = texts[n % 4] + ("" if n % 4 in (0, 2) else f" {n}")
    item = article(n, text, ["wadi", "nile", "sahel"][n % 3])
    item.published = f"2026-11-{n // 4 + 1:02d}T10:00:00+02:00"  # each batch writes new partition files
    export.process_item(dedup.process_item(item))
export.close_spider()
print("not killed")
"""

POINTS = ["before_file_records", "after_file_records", "mid_lines", "after_fsync", "mid_commit", "after_commit"]


def output_records(root: Path) -> list[dict]:
    records = []
    for path in partitions(root):
        for line in path.read_bytes().split(b"\n"):
            try:
                records.append(json.loads(line))
            except ValueError:  # a partial last line: not in the dataset (recovery cuts it)
                continue
    return records


def state_rows(path: Path) -> tuple[set[str], set[str]]:
    with SqliteState(path, lock=False) as state:
        marks = {r[0] for r in state.db.execute("SELECT article_id FROM exported")}
        try:
            rows = {r[0] for r in state.db.execute("SELECT article_id FROM neardup_docs")}
        except Exception:  # the index tables do not exist yet
            rows = set()
    return marks, rows


@pytest.mark.parametrize("point", POINTS)
def test_a_kill_anywhere_in_a_checkpoint_leaves_no_state_for_articles_not_in_the_output(tmp_path, point):
    child = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), point], capture_output=True, text=True,
                           cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr[-3000:]
    records = output_records(tmp_path)
    written = {r["id"] for r in records}
    marks, rows = state_rows(tmp_path / "state.sqlite3")
    assert len(marks) >= 4  # the first checkpoint committed before the kill
    assert marks <= written and rows <= written
    assert {r["cluster_id"] for r in records} <= written  # no cluster named after an article nobody exported
    if point == "after_commit":
        assert marks == written == rows and len(written) == 8
    # The next run recovers: the state agrees with the output, marks and index rows alike.
    crawler = component_crawler(tmp_path, NEWSCRAWL_WARC=False)
    from pipelines.export import JsonlExportPipeline

    JsonlExportPipeline.from_crawler(crawler).open_spider()
    state = state_of(crawler)
    recovered = {r[0] for r in state.db.execute("SELECT article_id FROM exported")}
    indexed = {r[0] for r in state.db.execute("SELECT article_id FROM neardup_docs")}
    close(crawler)
    assert recovered == indexed == {r["id"] for r in output_records(tmp_path)}
