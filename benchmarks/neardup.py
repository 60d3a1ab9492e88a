"""Near-duplicate index cost: time per article and index size for N synthetic Arabic articles (default 100,000).

The articles are random draws from a Zipf-distributed vocabulary of Arabic-letter words, 250-450 words each;
one in ten is a planted near-duplicate of an earlier article (first sentence rewritten, a sentence added,
a few words changed), as wire copy republished by another outlet. The index runs exactly as in the crawl:
in an SQLite file in WAL mode with ``synchronous=FULL``, committed every 50 articles (the export's
checkpoint). Reported: milliseconds per article (normalize + MinHash, and index lookup + insert), the index's
bytes per article on disk and extrapolated per million articles, the process's memory growth, and how many
planted near-duplicates were found (recall) and how many other articles were wrongly clustered.

``--families K``: a site full of near-duplicates instead (every text after the first K an edited copy of one of
them), the case where band buckets fill with members of the same clusters; lookups must stay flat.

``python -m benchmarks neardup [--articles N] [--families K] [--threshold T] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np

from newscrawl.state.neardup import NearDupIndex
from newscrawl.state.neardup_match import DEFAULT_THRESHOLD
from newscrawl.textnorm import normalize_arabic

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآؤئ"
COMMIT_EVERY = 50


def vocabulary(rng: np.random.Generator, size: int = 30_000) -> list[str]:
    letters = np.array(list(LETTERS))[rng.integers(0, len(LETTERS), size * 8)]
    lengths = rng.integers(2, 9, size)
    return ["".join(letters[8 * i:8 * i + n]) for i, n in enumerate(lengths)]


def synthesize(n: int, seed: int = 7, families: int = 0) -> tuple[list[str], dict[int, int]]:
    """n texts and {index of a planted near-duplicate: index of its source}. With ``families`` > 0, a site full
    of near-duplicates: after the first ``families`` stories every text is an edited copy of one of them."""
    rng = np.random.default_rng(seed)
    vocab = np.array(vocabulary(rng))
    cdf = np.cumsum(1.0 / np.arange(1, len(vocab) + 1))
    cdf /= cdf[-1]

    def draw(k: int) -> list[str]:  # Zipf-like word frequencies, as in running text
        return list(vocab[np.minimum(np.searchsorted(cdf, rng.random(k)), len(vocab) - 1)])

    texts: list[str] = []
    planted: dict[int, int] = {}
    for i in range(n):
        if (families and i >= families) or (not families and i > 100 and rng.random() < 0.1):
            source = int(rng.integers(0, families)) if families else int(rng.integers(max(0, i - 5000), i))
            words = texts[source].split()
            words[:15] = draw(15)  # a rewritten first sentence
            cut = int(rng.integers(20, len(words)))
            words[cut:cut] = draw(18)  # an added sentence
            for pos in rng.integers(0, len(words), 3):  # a few words changed
                words[pos] = draw(1)[0]
            texts.append(" ".join(words))
            planted[i] = source
        else:
            texts.append(" ".join(draw(int(rng.integers(250, 450)))))
    return texts, planted


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks neardup", description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--families", type=int, default=0,
                        help="a site full of near-duplicates: every text an edited copy of one of N stories")
    parser.add_argument("--keep", help="folder to keep the SQLite index in (default: a temporary folder)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    texts, planted = synthesize(args.articles, families=args.families)
    print(f"synthesized {len(texts):,} articles ({len(planted):,} planted near-duplicates) "
          f"in {time.perf_counter() - started:.1f} s")

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="neardup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "state.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    index = NearDupIndex(db, threshold=args.threshold, max_articles=max(args.articles, 1))
    rss_before = rss_mb()

    sign_s = index_s = 0.0
    clusters: list[str] = []
    window: list[float] = []
    lookups: list[float] = []
    db.execute("BEGIN")
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        signature = index.signer.sign(normalize_arabic(text))
        t1 = time.perf_counter()
        match = index.assign_signed(f"{i:020d}", signature)
        t2 = time.perf_counter()
        sign_s += t1 - t0
        index_s += t2 - t1
        window.append(t2 - t0)
        lookups.append(t2 - t1)
        clusters.append(match.cluster_id)
        if (i + 1) % COMMIT_EVERY == 0:  # as the export checkpoint does: pending rows written, committed
            index.flush(list(index.pending))
            db.execute("COMMIT")
            db.execute("BEGIN")
    index.flush(list(index.pending))
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = len(texts)

    size = path.stat().st_size
    found = sum(1 for i, src in planted.items() if clusters[i] == clusters[src])
    wrong = sum(1 for i, c in enumerate(clusters) if i not in planted and c != f"{i:020d}")
    first_k, last_k = window[: n // 10], window[-(n // 10):]
    print(f"parameters: threshold {args.threshold}, {index.signer.num_perm} permutations, "
          f"{index.bands} bands x {index.rows} rows, word {index.signer.shingle}-grams")
    print(f"cost per article: {1000 * (sign_s + index_s) / n:.2f} ms "
          f"(normalize + MinHash {1000 * sign_s / n:.2f} ms, index lookup + insert {1000 * index_s / n:.2f} ms); "
          f"first 10%: {1000 * np.mean(first_k):.2f} ms, last 10%: {1000 * np.mean(last_k):.2f} ms (sign+index)")
    first_lookup, last_lookup = np.mean(lookups[: n // 10]), np.mean(lookups[-(n // 10):])
    print(f"index lookup + insert: first 10% {1000 * first_lookup:.2f} ms, last 10% {1000 * last_lookup:.2f} ms "
          f"(last/first {last_lookup / first_lookup:.2f})")
    print(f"index size: {size / 1e6:.1f} MB for {n:,} articles = {size / n:.0f} bytes/article "
          f"-> {size / n * 1e6 / 1e9:.2f} GB per million articles on disk")
    print(f"memory: process RSS grew {rss_mb() - rss_before:.0f} MB while indexing (SQLite keeps the index on "
          "disk; its page cache is bounded)")
    print(f"planted near-duplicates found: {found:,}/{len(planted):,} ({100 * found / max(len(planted), 1):.1f}%); "
          f"other articles wrongly clustered: {wrong:,}")
    if not args.keep:
        for leftover in folder.iterdir():
            leftover.unlink()
        os.rmdir(folder)
    return 0
