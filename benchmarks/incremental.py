"""Incremental crawling: wall time of an unchanged second run as a ratio of the first (target ≤ 0.1).

``python -m benchmarks incremental [--articles N]`` serves the fixture news site with at least N articles
(default 1,200) on 127.0.0.1, crawls it once into a fresh output folder, then again with nothing new, and
prints both wall times, the article requests each made and the ratio. Both runs are whole ``scrapy crawl``
processes, measured in the same session, so start-up cost is in both. The machine may be busy: each run is
repeated (``--repeat``, fresh output for first runs) and the fastest kept.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.crawling import read_records, run_crawl  # noqa: E402
from tests.fixture_site import FixtureNews  # noqa: E402

OUTLETS = ["wadi", "sahel", "nile", "qadim"]


def timed_crawl(site: FixtureNews, sites: Path, out: Path) -> tuple[float, int, int]:
    """Wall time, article requests and distinct article URLs requested."""
    site.reset_log()
    started = time.perf_counter()
    result = run_crawl(sites, out, "-s", "LOG_LEVEL=WARNING", timeout=3600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"crawl failed:\n{result.stderr[-2000:]}")
    requests = site.requests_for(kind="article")
    return elapsed, len(requests), len({(r.outlet, r.path) for r in requests})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks incremental")
    parser.add_argument("--articles", type=int, default=1200, help="articles on the fixture site (at least)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each kind; the fastest is kept")
    args = parser.parse_args(argv)
    with FixtureNews(extra_articles=args.articles) as site, tempfile.TemporaryDirectory() as tmp:
        sites = site.write_profiles(Path(tmp) / "sites", keys=OUTLETS)
        total = sum(len(v) for k, v in site.expected().items() if k in OUTLETS)
        firsts = [timed_crawl(site, sites, Path(tmp) / f"out{i}") for i in range(args.repeat)]
        first, first_requests, _ = min(firsts)
        exported = len(read_records(Path(tmp) / "out0"))
        second, second_requests, retried = min(timed_crawl(site, sites, Path(tmp) / "out0")
                                               for _ in range(args.repeat))
    print(f"fixture articles expected      {total}")
    print(f"first run   {first:8.1f} s   article requests {first_requests:6d}   exported {exported}")
    print(f"second run  {second:8.1f} s   article requests {second_requests:6d}   (nothing new; the retry queue "
          f"asks again for the {retried} fixture pages that fail on purpose: a 500 and a truncated body)")
    print(f"ratio second/first  {second / first:.3f}   (target <= 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
