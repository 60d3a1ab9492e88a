"""Fuzzing the extractor: N hostile inputs through ``extract_article`` (target: 0 exceptions, slowest < 2 s).

``python -m benchmarks fuzz [--inputs N] [--seed S] [--save FILE]`` feeds the extractor the fixture site's
article pages and the real pages of ../shared/realworld (when present), mutated (control bytes, truncation,
repeated slices, flipped bytes, stray markup, other encodings, deep nesting), plus random bytes. It prints
the exceptions that escaped (must be 0), the extractor's own ``extraction_error`` rejections (exceptions
it caught: bugs to fix, also 0), the rejections by reason, and the slowest input with its time. ``--save``
writes the slowest input's bytes to FILE, to look into it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extract import extract_article  # noqa: E402
from newscrawl.extract.limits import EXTRACTION_ERROR  # noqa: E402
from tests.fuzz_inputs import fixture_pages, hostile_input, realworld_pages  # noqa: E402

SLOWEST_ALLOWED = 2.0  # seconds for one page: the crawl must never be held longer by a single page


def _warm_up(pages: list) -> None:
    """Import and load once what the extractor loads lazily (htmldate, dateparser's Arabic data), so that
    the first input reaching them is not charged with a one-time cost of the process."""
    import dateparser
    from htmldate import find_date

    dateparser.parse("13 مايو 2024", languages=["ar", "en"])
    find_date("<html><body><p>2024-05-13</p></body></html>")
    for page in pages:
        extract_article(page.body, page.url)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000, help="how many inputs (default 10,000)")
    parser.add_argument("--seed", type=int, default=11, help="random seed (the same seed gives the same inputs)")
    parser.add_argument("--save", help="write the slowest input to this file")
    args = parser.parse_args(argv)
    if args.inputs < 1:
        parser.error("--inputs must be at least 1")

    pages = fixture_pages() + realworld_pages()
    print(f"{len(pages)} seed pages ({len(realworld_pages())} real), {args.inputs} inputs, seed {args.seed}")
    _warm_up(pages)
    rng = random.Random(args.seed)
    escaped: list[str] = []
    outcomes: Counter[str] = Counter()
    slowest = (0.0, "", b"")
    started = time.perf_counter()
    for n in range(args.inputs):
        label, body, url = hostile_input(rng, pages)
        label = f"#{n} {label}"
        begin = time.perf_counter()
        try:
            result = extract_article(body, url)
        except BaseException as exc:  # noqa: BLE001 - counting exactly what escapes is the point
            if isinstance(exc, KeyboardInterrupt):
                raise
            escaped.append(f"{label}: {exc!r}")
            traceback.print_exc(limit=3)
            continue
        elapsed = time.perf_counter() - begin
        if elapsed > slowest[0]:
            slowest = (elapsed, label, body)
        outcomes[result.rejected or ("article" if result.text else "no text")] += 1
        if result.rejected == EXTRACTION_ERROR:
            print(f"{label}: {result.detail}", file=sys.stderr)
        if (n + 1) % 2000 == 0:
            print(f"  {n + 1} inputs, {time.perf_counter() - started:.0f} s", flush=True)
    total = time.perf_counter() - started

    print(f"inputs run: {args.inputs} in {total:.1f} s ({total / args.inputs * 1000:.1f} ms each)")
    print(f"exceptions escaping: {len(escaped)}")
    for line in escaped[:20]:
        print(f"  {line}")
    print(f"caught as {EXTRACTION_ERROR}: {outcomes[EXTRACTION_ERROR]}")
    print("outcomes: " + ", ".join(f"{name} {count}" for name, count in outcomes.most_common()))
    print(f"slowest input: {slowest[0]:.3f} s, {len(slowest[2])} bytes, {slowest[1]}")
    if args.save:
        Path(args.save).write_bytes(slowest[2])
    failed = escaped or outcomes[EXTRACTION_ERROR] or slowest[0] >= SLOWEST_ALLOWED
    return 1 if failed else 0
