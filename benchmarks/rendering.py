"""Plain vs browser fetching of the same pages: pages per second and peak memory, with ratios against plain.

``python -m benchmarks rendering [--articles N] [--modes plain,auto,browser]``. One outlet of the fixture site
(``sahel``: sitemap discovery, static article pages, N articles) is crawled by the real ``scrapy crawl news``
once per render mode, in this one run, so the ratios compare like with like on this machine; a plain warm-up
crawl comes first. The trap pages (a 500, a 6 MB page) are left out: the plain fetch refuses the 6 MB page at
DOWNLOAD_MAXSIZE while the browser would render it, which would not be "the same pages". Memory is the peak of
the summed PSS (RSS where PSS is unreadable) of the crawl process and all its children: Chromium is a dozen
processes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.fixture_site import FixtureNews
from tests.fixture_site.profiles import to_toml

ROOT = Path(__file__).resolve().parent.parent
OUTLET = "sahel"


class TreeMemory(threading.Thread):
    """Samples the memory of a process and its descendants every 50 ms; ``peak`` in bytes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    @staticmethod
    def _children() -> dict[int, list[int]]:
        tree: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
        return tree

    @staticmethod
    def _memory(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            return 0

    def run(self) -> None:
        while not self.done.is_set():
            tree, todo, total = self._children(), [self.pid], 0
            while todo:
                pid = todo.pop()
                total += self._memory(pid)
                todo.extend(tree.get(pid, ()))
            self.peak = max(self.peak, total)
            self.done.wait(0.05)


@dataclass
class Result:
    mode: str
    pages: int
    seconds: float
    peak_bytes: int
    browsers: int

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def write_profile(site: FixtureNews, folder: Path, mode: str) -> Path:
    """The outlet's site file with the given render mode and its trap pages denied."""
    site.write_profiles(folder, render={OUTLET: mode}, keys=[OUTLET])
    path = folder / f"{OUTLET}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    traps = [t["url"] for t in site.bad_routes() if t["site"] == OUTLET]
    data["articles"]["deny"] = data["articles"].get("deny", []) + [re.escape(u.split("://", 1)[1]) for u in traps]
    path.write_text(to_toml(data), encoding="utf-8")
    return folder


def crawl(site: FixtureNews, mode: str, work: Path) -> Result:
    """One crawl in a fresh folder (its own state: nothing is skipped as seen)."""
    work.mkdir(parents=True)
    sites = write_profile(site, work / "sites", mode)
    out = work / "out"
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SITES_DIR={sites}",
           "-s", f"NEWSCRAWL_OUTPUT_DIR={out}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    log = work / "crawl.log"
    with log.open("w") as fh:
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        sampler.start()
        status = process.wait()
        sampler.done.set()
        sampler.join()
    text = log.read_text(encoding="utf-8", errors="replace")
    if status != 0:
        raise SystemExit(f"{mode} crawl failed ({status}); log: {log}\n{text[-2000:]}")
    manifest = json.loads(next((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    stats = manifest["stats"]  # the stats dump is only logged at DEBUG
    return Result(mode, manifest["totals"].get("requested", 0), float(stats.get("elapsed_time_seconds", 0.0)),
                  sampler.peak, int(stats.get("playwright/browser_count", 0)))


def report(results: list[Result]) -> str:
    base = results[0]
    lines = [f"{'mode':<8} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'peak MB':>8} {'browsers':>8} "
             f"{'speed vs ' + base.mode:>16} {'memory vs ' + base.mode:>17}"]
    for r in results:
        speed = r.rate / base.rate if base.rate else 0.0
        memory = r.peak_bytes / base.peak_bytes if base.peak_bytes else 0.0
        lines.append(f"{r.mode:<8} {r.pages:>5} {r.seconds:>8.2f} {r.rate:>8.2f} {r.peak_bytes / 2**20:>8.0f} "
                     f"{r.browsers:>8} {speed:>15.2f}x {memory:>16.2f}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks rendering", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60, help=f"articles on {OUTLET} (default 60)")
    parser.add_argument("--modes", default="plain,auto,browser", help="render modes, the first is the baseline")
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    outlets = 5  # FixtureNews spreads extra articles round-robin over its outlets
    with FixtureNews(seed_dir=None, extra_articles=args.articles * outlets) as site, \
            tempfile.TemporaryDirectory(prefix="bench-rendering-") as tmp:
        # Warm-up, not counted: the fixture builds and caches each page on first request, and the first crawl
        # pays for imports; without it the baseline would look slower than it is.
        crawl(site, "plain", Path(tmp) / "warm-up")
        results = []
        for number, mode in enumerate(modes):
            started = time.monotonic()
            results.append(crawl(site, mode, Path(tmp) / f"{number}-{mode}"))
            print(f"  {mode}: done in {time.monotonic() - started:.1f}s wall", file=sys.stderr, flush=True)
    print(f"rendering: {OUTLET}, the same {results[0].pages} article pages fetched per mode "
          "(seconds: spider open to close)")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
