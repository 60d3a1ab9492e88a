"""Throughput against trafilatura: ``python -m benchmarks throughput [--articles N] [--big N] [--sample N]``.

Everything from one run, on a local site of real-size Arabic article pages built from ``../shared/realworld``
(benchmarks/_realsite.py), served on 127.0.0.1, politeness off:

1. bare ``trafilatura.bare_extraction(favor_precision=True, with_metadata=True)``, one core, over ``--sample``
   pages of the site; 2. newscrawl's page building (``build_article``) in-process over the same pages;
3. ``scrapy crawl news`` of ``--articles`` pages with ``NEWSCRAWL_WORKERS=0``, then (``--repeat`` rounds) with
   the default (one worker per core), between two measures of bare trafilatura whose mean is the round's
   baseline: articles/s, CPU used per core, peak RSS of the crawl process and of its process tree;
4. in each round, trafilatura's CLI (``-i urls.txt --parallel <cores>``, sleep time 0) on the same URLs;
5. a crawl of ``--big`` pages: peak RSS and articles/s over time (Scrapy's LogStats lines).

Rates are wall-clock. The machine may be shared: the load average before and after is printed, and how busy
the whole machine was while each crawl ran.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._procs import TreeSampler, machine_busy  # noqa: E402
from benchmarks._realsite import REALWORLD, RealSite  # noqa: E402
from tests.e2e.crawling import crawl_command, read_records  # noqa: E402

CORES = len(os.sched_getaffinity(0))
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_DELAY_JITTER=0",
        "-s", "CONCURRENT_REQUESTS=16", "-s", "LOG_LEVEL=INFO", "-s", "LOGSTATS_INTERVAL=10"]
LOGSTATS = re.compile(r"^(\S+ \S+) \[scrapy\.extensions\.logstats\] INFO: .*scraped (\d+) items", re.M)


def bare_trafilatura(site: RealSite, sample: int) -> float:
    import trafilatura

    pages = [site.page(n) for n in range(sample)]
    started = time.perf_counter()
    for n, page in enumerate(pages):
        trafilatura.bare_extraction(page.decode("utf-8"), url=site.url(n), favor_precision=True, with_metadata=True)
    return sample / (time.perf_counter() - started)


def newscrawl_extractor(site: RealSite, sample: int, sites_dir: Path) -> float:
    from newscrawl.crawl.article_builder import PageContext, build_article
    from newscrawl.registry import load_registry

    profile = load_registry(sites_dir)["realsite"]
    pages = [site.page(n) for n in range(sample)]
    when = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    for n, page in enumerate(pages):
        build_article(page, PageContext(site=profile, url=site.url(n), fetched_at=when, http_charset="utf-8"))
    return sample / (time.perf_counter() - started)


def crawl(sites_dir: Path, out: Path, workers: str | None, log: Path) -> dict:
    extra = ["-s", f"NEWSCRAWL_WORKERS={workers}"] if workers is not None else []
    busy_before = machine_busy()
    with log.open("w") as fh:
        started = time.perf_counter()
        process = subprocess.Popen(crawl_command(sites_dir, out, *FAST, *extra), cwd=ROOT, stdout=fh,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        sampler = TreeSampler(process.pid)
        while process.poll() is None:
            sampler.sample()
            time.sleep(0.25)
        wall = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"crawl failed (exit status {process.returncode}); its log ends:\n{text[-3000:]}")
    busy = machine_busy(busy_before)
    manifest = json.loads(max((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    elapsed = float(manifest["stats"]["elapsed_time_seconds"])
    articles = len(read_records(out))
    return {"articles": articles, "wall": wall, "elapsed": elapsed, "rate": articles / elapsed,
            "cpu": sampler.cpu_seconds(), "main_cpu": sampler.cpu_seconds(process.pid),
            "rss_main": sampler.peak_main, "rss_tree": sampler.peak_tree, "pss_tree": sampler.peak_tree_pss,
            "machine_busy": busy,
            "timeline": [(t, int(n)) for t, n in LOGSTATS.findall(text)]}


def trafilatura_cli(urls: list[str], tmp: Path) -> float:
    config = tmp / "trafilatura.cfg"
    defaults = (Path(__import__("trafilatura").__file__).parent / "settings.cfg").read_text()
    config.write_text(re.sub(r"(?m)^SLEEP_TIME = .*$", "SLEEP_TIME = 0", defaults)
                      .replace("SSRF_PROTECTION = on", "SSRF_PROTECTION = off"))  # our pages are on 127.0.0.1
    (tmp / "urls.txt").write_text("\n".join(urls) + "\n")
    cli = Path(sys.executable).parent / "trafilatura"
    started = time.perf_counter()
    result = subprocess.run([str(cli), "-i", str(tmp / "urls.txt"), "--parallel", str(CORES), "--precision",
                             "--with-metadata", "--json", "--config-file", str(config)],
                            capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - started
    done = sum(line.startswith("{") for line in result.stdout.splitlines())  # one JSON document per page
    if result.returncode != 0 or done < len(urls) * 0.9:
        raise SystemExit(f"trafilatura CLI wrote {done} of {len(urls)}: {result.stderr[-2000:]}")
    return done / elapsed


def show_crawl(name: str, run: dict) -> None:
    per_core = 100 * run["cpu"] / run["elapsed"] / CORES
    print(f"{name:28s} {run['articles']:6d} articles in {run['elapsed']:6.1f} s = {run['rate']:6.1f} articles/s;"
          f" CPU {per_core:5.1f}% per core ({CORES} cores; crawl process {100 * run['main_cpu'] / run['elapsed']:.0f}%"
          f" of one); peak RSS {run['rss_main'] / 1e6:.0f} MB (process tree: RSS {run['rss_tree'] / 1e6:.0f} MB,"
          f" PSS {run['pss_tree'] / 1e6:.0f} MB);"
          f" machine busy {run['machine_busy']:.0f}% (crawl included)")


def show_timeline(run: dict) -> None:
    points = run["timeline"]
    rates = []
    for (t0, n0), (t1, n1) in zip(points, points[1:], strict=False):
        seconds = (datetime.fromisoformat(t1) - datetime.fromisoformat(t0)).total_seconds()
        if seconds > 0 and n1 > n0:
            rates.append((n1, (n1 - n0) / seconds))
    print("  articles/s over time (items scraped so far: rate over the last interval):")
    print("  " + ", ".join(f"{n}: {r:.1f}" for n, r in rates))
    if len(rates) >= 4:
        quarter = len(rates) // 4
        first = sum(r for _, r in rates[:quarter]) / quarter
        last = sum(r for _, r in rates[-quarter:]) / quarter
        print(f"  first quarter {first:.1f}/s, last quarter {last:.1f}/s: last/first {last / first:.2f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks throughput")
    parser.add_argument("--articles", type=int, default=1000, help="pages of the crawls compared (>= 1000)")
    parser.add_argument("--big", type=int, default=20000, help="pages of the long crawl (0: skip it)")
    parser.add_argument("--sample", type=int, default=200, help="pages for the one-core extraction rates")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the default crawl and its baselines")
    args = parser.parse_args(argv)
    if not REALWORLD.is_dir():
        print(f"skipped: the real-world pages ({REALWORLD}) are not beside the checkout")
        return 0
    print(f"cores {CORES}; load average before {os.getloadavg()[0]:.2f}")
    site = RealSite(max(args.articles, args.big))
    with site.serving(), tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        sites_dir = site.write_profile(tmp / "sites")
        print(f"site: {len(site.templates)} real pages, {site.mean_size() / 1000:.0f} KB mean, served as "
              f"{site.count} distinct pages")
        bare = bare_trafilatura(site, args.sample)
        ours = newscrawl_extractor(site, args.sample, sites_dir)
        print(f"{'bare trafilatura, one core':28s} {bare:6.1f} pages/s")
        print(f"{'newscrawl build_article':28s} {ours:6.1f} pages/s   ({ours / bare:.2f}x bare trafilatura)")
        small = RealSite(args.articles)
        with small.serving():
            small_sites = small.write_profile(tmp / "small-sites")
            inproc = crawl(small_sites, tmp / "w0", "0", tmp / "w0.log")
            show_crawl("crawl, NEWSCRAWL_WORKERS=0", inproc)
            print(f"  / bare trafilatura {inproc['rate'] / bare:.2f}")
            to_bare, to_cli = [], []
            for round_ in range(1, args.repeat + 1):
                # the baseline measured right before and right after the crawl, and the crawl compared with
                # their mean: a shared host's speed drifts by 10-15% over minutes, which a baseline taken
                # once, minutes earlier, would count as the crawl's
                before = bare_trafilatura(site, args.sample // 2)
                pooled = crawl(small_sites, tmp / f"wd{round_}", None, tmp / f"wd{round_}.log")
                after = bare_trafilatura(site, args.sample // 2)
                cli = trafilatura_cli(small.urls(), tmp)
                baseline = (before + after) / 2
                to_bare.append(pooled["rate"] / baseline)
                to_cli.append(pooled["rate"] / cli)
                show_crawl(f"crawl, default ({CORES} workers)", pooled)
                print(f"  bare trafilatura {before:.1f} pages/s before the crawl, {after:.1f} after; trafilatura CLI "
                      f"{cli:.1f} pages/s (--parallel {CORES})")
                print(f"  ratios: / bare trafilatura {to_bare[-1]:.2f} (target >= 1.8); / trafilatura CLI "
                      f"{to_cli[-1]:.2f} (target >= 2); / in-process crawl {pooled['rate'] / inproc['rate']:.2f}")
        if args.repeat > 1:
            print(f"over {args.repeat} rounds: / bare trafilatura min {min(to_bare):.2f}, median "
                  f"{statistics.median(to_bare):.2f}; / trafilatura CLI min {min(to_cli):.2f}, median "
                  f"{statistics.median(to_cli):.2f}")
        if args.big:
            # the machine's own speed may drift over a long run (a shared host): measured before and after, so
            # that a fall in the crawl's rate can be told apart from a slower machine
            before = bare_trafilatura(site, 60)
            big = crawl(sites_dir, tmp / "big", None, tmp / "big.log")
            after = bare_trafilatura(site, 60)
            show_crawl(f"crawl of {args.big}", big)
            print(f"  machine speed (bare trafilatura, 60 pages): {before:.1f} pages/s before the crawl, {after:.1f} "
                  f"after ({after / before:.2f})")
            print(f"  peak RSS of the crawl process {big['rss_main'] / 1e6:.0f} MB, peak PSS of the crawl and its "
                  f"workers {big['pss_tree'] / 1e6:.0f} MB (target <= 300 MB)")
            show_timeline(big)
    print(f"load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
