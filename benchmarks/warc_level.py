"""WARC gzip level: output size against CPU, per level, over real pages (``python -m benchmarks warc_level``).

Encodes the records of ``--pages`` real-size Arabic article pages (benchmarks/_realsite.py, from
``../shared/realworld``) at every gzip level with ``newscrawl.warc.encode.encode_page``, the function the
crawl's workers run, once with zlib-ng (the crawl's compressor) and once with the standard zlib, and prints
milliseconds of CPU per page (records made and compressed) and the archive size relative to zlib's level 9
(warcio's fixed choice). The level in force is ``NEWSCRAWL_WARC_LEVEL`` (docs/warc.md).
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zlib_ng import zlib_ng  # noqa: E402

from benchmarks._realsite import REALWORLD, RealSite  # noqa: E402
from newscrawl.warc.encode import DEFAULT_LEVEL, PageRecords, encode_page  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks warc_level")
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args(argv)
    if not REALWORLD.is_dir():
        print(f"skipped: the real-world pages ({REALWORLD}) are not beside the checkout")
        return 0
    site = RealSite(args.pages)
    pages = [PageRecords(url=f"http://127.0.0.1/news/{n}/", method="GET", request_headers=[("Accept", "*/*")],
                         status=200, protocol="HTTP/1.1", response_headers=[("Content-Type", "text/html")],
                         body=site.page(n), when="2026-01-01T00:00:00Z", metadata={"site": "realsite"})
             for n in range(args.pages)]
    raw = sum(len(p.body) for p in pages)
    results = {}
    for name, library in (("zlib-ng", zlib_ng), ("zlib", zlib)):
        for level in range(1, 10):
            started = time.process_time()
            size = sum(len(encode_page(page, level, library).data) for page in pages)
            results[name, level] = ((time.process_time() - started) / len(pages) * 1000, size)
    print(f"{args.pages} pages, {raw / len(pages) / 1000:.0f} KB of HTML each on average")
    print("library  level  ms CPU/page  size/raw  size vs zlib level 9")
    for (name, level), (ms, size) in results.items():
        mark = "  <- the crawl's (NEWSCRAWL_WARC_LEVEL default)" if (name, level) == ("zlib-ng", DEFAULT_LEVEL) else ""
        print(f"{name:7s}  {level:5d}  {ms:11.2f}  {size / raw:8.3f}  {size / results['zlib', 9][1]:20.3f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
