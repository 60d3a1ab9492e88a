"""``make demo``: serve the fixture news site on 127.0.0.1 and crawl it with the real spider.

Everything the demo writes goes to ``output/demo/`` (feeds, state, WARC files, run manifests, dataset card),
so it never mixes fixture pages into a real crawl's archive, state or dataset card in ``output/``. The demo
starts clean each time (that folder is emptied) so a newcomer always sees the full export; extra arguments go
to ``scrapy crawl news``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from newscrawl.formats.layout import FORMATS, partitions
from newscrawl.report.history import load_manifests
from newscrawl.report.summary import summary_table
from tests.fixture_site import FixtureNews

ROOT = Path(__file__).resolve().parent.parent
DEMO_OUTPUT = ROOT / "output" / "demo"


def run_demo(output: Path, scrapy_args: list[str]) -> int:
    """Serve the fixture site, crawl it into ``output`` (emptied first); the crawl's exit status."""
    shutil.rmtree(output, ignore_errors=True)
    with FixtureNews() as site:
        sites_dir = site.write_profiles(output / "sites")
        for outlet in site.outlets.values():
            print(f"serving {outlet.key:<8} {outlet.base_url}", flush=True)
        cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SITES_DIR={sites_dir}",
               "-s", f"NEWSCRAWL_OUTPUT_DIR={output}", *scrapy_args]
        status = subprocess.call(cmd, cwd=ROOT)
    files = [p.relative_to(output) for fmt in FORMATS for p in partitions(output, fmt)]
    print(f"\nexported files in {output}:\n  " + "\n  ".join(map(str, files)) if files else "\nno files exported")
    runs = load_manifests(output, last=1)
    if runs:  # the run's per-site summary and its report, last, where a newcomer looks
        run = runs[-1]
        print(f"\nrun {run['run_id']}: {run['outcome']}\n{summary_table(run['sites'])}")
        report = output / "reports" / f"{run['run_id']}.html"
        print(f"\nreport: {report}" if report.exists() else "\nno report written")
    return status


if __name__ == "__main__":
    sys.exit(run_demo(DEMO_OUTPUT, sys.argv[1:]))
