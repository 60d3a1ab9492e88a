"""``python -m newscrawl seed -s NEWSCRAWL_STATE=redis://… [-a sites=…] [-a since=… -a until=…] [-s …]``.

Queues a run's sources (feeds, sitemaps, listings, the retry queue) in the shared frontier without crawling,
for those who prefer to seed before starting the workers (otherwise the first worker seeds). It is the
spider's own ``start()`` run with ``NEWSCRAWL_SEED_ONLY=True``: the coordinator opens a generation (or
feeds the live one), the scheduler queues and never hands a request out, and the crawl closes as soon as
the sources are queued. No dataset is written (no WARC, manifest or card); its state folder is a temporary
one, its worker id ``seed``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from newscrawl.state.redis_client import is_redis_uri

QUIET = ('EXTENSIONS={"newscrawl.report.manifest.RunManifest": null, '
         '"newscrawl.datacard.extension.DatasetCard": null}')


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    if not any(is_redis_uri(a.partition("=")[2]) for a in argv if a.startswith("NEWSCRAWL_STATE=")):
        print("seed: give the shared state, -s NEWSCRAWL_STATE=redis://HOST:PORT/DB", file=sys.stderr)
        return 2
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    folder = tempfile.mkdtemp(prefix="newscrawl-seed-")
    from scrapy.cmdline import execute

    args = ["scrapy", "crawl", "news", "-s", "NEWSCRAWL_SEED_ONLY=True", "-s", "NEWSCRAWL_WORKER_ID=seed",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={folder}", "-s", "NEWSCRAWL_WARC=False", "-s", QUIET, *argv]
    try:
        execute(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0
