"""``python -m tests.fixture_site --sites-dir DIR [--extra-articles N] [--port-file F]``: serve until stopped."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from .fixture import FixtureNews


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fixture_site", description=__doc__)
    parser.add_argument("--sites-dir", type=Path, required=True, help="folder to write the site profiles into")
    parser.add_argument("--extra-articles", type=int, default=0, help="composed articles to add (benchmarks)")
    parser.add_argument("--port-file", type=Path, help="write {outlet: base_url} as JSON here once serving")
    parser.add_argument("--no-seed", action="store_true", help="do not serve the ../shared/seed article")
    args = parser.parse_args(argv)

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    kwargs = {"seed_dir": None} if args.no_seed else {}
    with FixtureNews(extra_articles=args.extra_articles, **kwargs) as site:
        site.write_profiles(args.sites_dir)
        urls = {key: outlet.base_url for key, outlet in site.outlets.items()}
        for key, url in urls.items():
            print(f"{key:<8} {url}", flush=True)
        if args.port_file:
            tmp = args.port_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(urls, indent=1), encoding="utf-8")
            tmp.replace(args.port_file)  # atomic: a watcher never reads a half-written file
        print(f"profiles in {args.sites_dir}; serving until SIGTERM/SIGINT", file=sys.stderr, flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
