"""The export under real OS failures: a write refused by the kernel (file size limit, as a full disk would)
leaves no partial line; a checkpoint that fails half-way (too many open files) writes no record twice;
partition files stay under the open-files bound."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from newscrawl.formats.layout import partitions
from pipelines.export import JsonlExportPipeline
from tests.unit.components import close, component_crawler, state_of
from tests.unit.test_pipelines import TEXT, make_article

ROOT = Path(__file__).resolve().parents[2]


def articles(n: int, days: int) -> list:
    return [make_article(f"https://example.com/news/{i}", text=f"{TEXT} {i}",
                         published=f"2026-10-{i % days + 1:02d}T10:{i % 60:02d}:00+02:00") for i in range(n)]


def test_partition_files_beyond_the_bound_are_closed_and_every_record_written_once(tmp_path):
    crawler = component_crawler(tmp_path, **{"NEWSCRAWL_COMMIT_EVERY": 4,
                                         "NEWSCRAWL_MAX_OPEN_FILES": 2, "NEWSCRAWL_WARC": False})
    export = JsonlExportPipeline.from_crawler(crawler)
    export.open_spider()
    most_open = 0
    for article in articles(30, days=7):
        export.process_item(article)
        most_open = max(most_open, len(export.files))
    export.close_spider()
    assert most_open == 2
    ids = [json.loads(line)["id"] for p in partitions(tmp_path) for line in p.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 30 and len(partitions(tmp_path)) == 7
    assert state_of(crawler).exported_count() == 30
    close(crawler)


SCRIPT = r"""
import json, resource, signal, sys
from pathlib import Path
from newscrawl.formats.jsonl import JsonlAppender

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
path = Path(sys.argv[1])
appender = JsonlAppender(path)
record = {"id": 0, "text": "نص عربي طويل " * 40}
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (5000, hard))  # as a full disk would: room for a few lines only
written = refused = 0
for n in range(20):
    try:
        appender.write({**record, "id": n})
        written += 1
    except OSError:
        refused += 1
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space again
appender.write({**record, "id": 99})
appender.close()
print(json.dumps({"written": written, "refused": refused}))
"""


def test_a_refused_write_leaves_no_partial_line(tmp_path):
    path = tmp_path / "day.jsonl"
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["refused"] > 0 and outcome["written"] > 0  # the limit really refused writes
    lines = path.read_bytes().decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [*range(outcome["written"]), 99]  # every line whole


def test_a_checkpoint_failing_half_way_writes_nothing_twice(tmp_path):
    crawler = component_crawler(tmp_path, **{"NEWSCRAWL_COMMIT_EVERY": 3,
                                         "NEWSCRAWL_WARC": False})
    export = JsonlExportPipeline.from_crawler(crawler)
    export.open_spider()
    items = articles(40, days=20)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 6, hard))  # like ulimit -n
    failures = 0
    try:
        for article in items[:30]:
            try:
                export.process_item(article)
            except OSError:
                failures += 1
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    for article in items[30:]:
        export.process_item(article)
    export.close_spider()
    assert failures > 0  # the limit really refused to open partition files
    ids = [json.loads(line)["id"] for p in partitions(tmp_path) for line in p.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 40 == state_of(crawler).exported_count()
    close(crawler)
