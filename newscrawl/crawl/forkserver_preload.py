"""Imported by the crawl's forkserver only, the last module of ``newscrawl.workers.PRELOAD`` (multiprocessing
can only import modules there, not call functions), so that its memory, which every worker process starts
from, is ready and stays shared. Importing it anywhere else would freeze that process's collector.

1. The warm-up page (newscrawl/crawl/warmup.py): what the first page loads is loaded here, once.
2. ``gc.freeze()``: every object so far moves to the collector's permanent generation. A worker's full
   collection would otherwise write to each of them, and the kernel would copy every memory page they sit on
   into that worker (copy-on-write). See https://docs.python.org/3/library/gc.html#gc.freeze.
"""

from __future__ import annotations

import gc
import logging

from newscrawl.crawl.warmup import warm_up

try:
    warm_up()
except Exception as exc:  # noqa: BLE001 (a failed warm-up only costs each worker its first page's loading)
    logging.getLogger(__name__).warning("worker warm-up failed (%s): workers load at their first page", exc)
gc.collect()
gc.freeze()
