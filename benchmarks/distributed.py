"""Distributed crawl: articles/s with 1 and 2 workers on one Redis, and Redis memory per 10,000 articles.

``python -m benchmarks distributed [--articles N] [--memory-articles M]`` starts its own redis-server on
127.0.0.1 (no persistence) and the fixture news site with at least N articles (default 1,200), then:

1. crawls it with one worker, then (fresh Redis database) with two workers started together, each a whole
   ``scrapy crawl news`` process with its own output folder; prints wall time (first start to last exit) and
   articles/s. Both workers run on this machine's cores, fetching from the same fixture server, so the
   figure says how the shared frontier scales here, not on N machines.
2. writes M synthetic articles (default 10,000: URL key, one alias, content hash, per-file count, a
   near-duplicate row of a 300-word text) through ``RedisState.commit_batch`` in batches of 200, as the
   export checkpoint does, and prints Redis ``used_memory`` growth per 10,000 articles, split into the
   state proper and the near-duplicate index, plus the Bloom dupefilter's fixed size.
   The structures grow linearly (hash fields, listpack buckets), so per million = per 10,000 × 100 up to the
   index's bound (NEWSCRAWL_NEARDUP_MAX_ARTICLES); docs/distributed.md records the measured figures.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.crawling import crawl_command, read_records  # noqa: E402
from tests.fixture_site import FixtureNews  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402

OUTLETS = ["wadi", "sahel", "nile", "qadim"]


def crawl_with(workers: int, site_dir: Path, root: Path, url: str) -> tuple[float, int]:
    """Wall time and records exported by ``workers`` workers sharing ``url``."""
    args = ("-s", f"NEWSCRAWL_STATE={url}", "-s", "LOG_LEVEL=WARNING", "-s", "NEWSCRAWL_IDLE_EXIT=30")
    started = time.perf_counter()
    processes = [subprocess.Popen(crawl_command(site_dir, root / f"w{n}", *args), cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                 for n in range(workers)]
    for process in processes:
        _, err = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit(f"worker failed:\n{err[-2000:]}")
    elapsed = time.perf_counter() - started
    return elapsed, sum(len(read_records(root / f"w{n}")) for n in range(workers))


def used_memory(client) -> int:
    return int(client.info("memory")["used_memory"])


def memory_per_articles(url: str, articles: int, folder: Path, fast: bool = False) -> dict[str, float]:
    import numpy as np

    from newscrawl.state import ExportBatch, ExportMark
    from newscrawl.state.redis_state import RedisState

    rng = random.Random(7)
    vocabulary = [f"كلمة{n}" for n in range(20000)]
    figures = {}
    for with_index in (False, True):
        state = RedisState(url, worker="bench", lock_dir=folder / f"lock{with_index}")
        state.r.flushdb()
        index = state.neardup_index() if with_index else None
        base = used_memory(state.r)
        for start in range(0, articles, 200):
            batch = ExportBatch("bench-run")
            for n in range(start, min(start + 200, articles)):
                article = f"{n:020x}"
                key = f"www.example-news.com/news/2026/11/27/{n}-{rng.getrandbits(32):x}"
                if index is not None and fast:  # a random signature, no MinHash and no lookup: same rows
                    signature = np.frombuffer(rng.randbytes(4 * index.signer.num_perm), dtype="<u4")
                    index.pending[article] = ("example", article, signature)
                elif index is not None:
                    index.assign(article, " ".join(rng.choices(vocabulary, k=300)), "example")
                batch.marks.append(ExportMark(key, article, "example", f"{rng.getrandbits(160):040x}",
                                              f"/data/w1/example/2026-11-{n % 28 + 1:02d}.bench.jsonl",
                                              "2026-11-27T10:00:00+02:00", frozenset({f"amp.{key}"})))
            state.commit_batch(batch)
        figures["with_index" if with_index else "state"] = (used_memory(state.r) - base) / articles * 10_000
        state.close()
    return figures


def crawls(articles: int, tmp: Path, server: RedisServer) -> None:
    with FixtureNews(extra_articles=articles) as site:
        sites = site.write_profiles(tmp / "sites", keys=OUTLETS)
        rows = []
        for workers, db in ((1, 1), (2, 2)):
            elapsed, exported = crawl_with(workers, sites, tmp / f"run{workers}", server.db_url(db))
            rows.append((workers, elapsed, exported))
    for workers, elapsed, exported in rows:
        print(f"{workers} worker(s)   {elapsed:7.1f} s   exported {exported:5d}   {exported / elapsed:6.1f} articles/s")
    print(f"speed-up 2 vs 1 worker   {rows[0][1] / rows[1][1]:.2f}x")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks distributed")
    parser.add_argument("--articles", type=int, default=1200, help="articles on the fixture site (at least)")
    parser.add_argument("--memory-articles", type=int, default=10_000, help="synthetic articles for the memory figure")
    parser.add_argument("--memory-only", action="store_true", help="skip the crawls")
    parser.add_argument("--fast-signatures", action="store_true",
                        help="random signatures instead of MinHash of random texts (same memory; for 1,000,000)")
    args = parser.parse_args(argv)
    from newscrawl.distributed.frontier import DEFAULT_CAPACITY, DEFAULT_ERROR, bloom_size

    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as server:
        if not args.memory_only:
            crawls(args.articles, Path(tmp), server)
        figures = memory_per_articles(server.db_url(3), args.memory_articles, Path(tmp), args.fast_signatures)
    state, total = figures["state"], figures["with_index"]
    bits, hashes = bloom_size(DEFAULT_CAPACITY, DEFAULT_ERROR)
    print(f"measured over {args.memory_articles:,} articles")
    print(f"Redis memory per 10,000 articles: state {state / 1e6:.2f} MB, with the near-duplicate index "
          f"{total / 1e6:.2f} MB (index {(total - state) / 1e6:.2f} MB)")
    print(f"per million articles (x100): state {state * 100 / 1e9:.2f} GB, with the index {total * 100 / 1e9:.2f} GB")
    print(f"Bloom dupefilter per live run: {bits / 8 / 1e6:.1f} MB fixed ({DEFAULT_CAPACITY:,} requests, "
          f"{hashes} hashes, false-positive rate {DEFAULT_ERROR})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
