"""The crawl's worker processes: CPU work of article pages off the reactor, so both cores work.

A Scrapy extension owning one ``ProcessPoolExecutor`` per crawl, found with ``crawler.get_extension(WorkerPool)``.
``NEWSCRAWL_WORKERS`` sets its size (default: the cores this process may use; 0 runs the work in-process, as
a crawl without the pool would). The pool is launched when the first article request is scheduled (a run
with nothing new starts no process), in a thread: the first launch waits about a second for the forkserver
to import the extraction code, which on the reactor thread would stall every download; the page, fetched
meanwhile, usually finds the pool ready. It is shut down on ``spider_closed``.

- Processes come from a forkserver that has imported the extraction code once: forking the crawl itself is
  unsafe, its reactor already runs threads (https://github.com/python/cpython/issues/84559).
- In-flight work is bounded (two tasks per worker): a callback waiting for its turn keeps its response in
  Scrapy's scraper slot, whose backout stops the engine pulling more requests, so a fast downloader cannot
  pile pages up in memory.
- A worker that dies (a segfault in a parser, the OOM killer) breaks the pool: it is replaced, counted
  ``workers/replaced``, and every page then in flight runs again alone in a fresh process
  (``workers/retried``). A page whose lone process dies too is given up as ``worker_died``
  (newscrawl/crawl/failures.py): counted, queued for the next run, never exported twice.
- A page that takes longer than ``NEWSCRAWL_PAGE_TIMEOUT`` seconds (default 60) is treated the same way: its
  processes are killed and it runs again alone; overrunning there too, it is given up as
  ``extraction_timeout``. The timeout also guards the crawl against a pool that stops answering.
- Where processes cannot start, the work runs in-process, with one warning.
- Workers ignore SIGINT and SIGTERM: Ctrl-C, ``kill -TERM -<pgid>`` and systemd's stop reach the whole
  process group, and the crawl, not the workers, decides how to stop (Scrapy's graceful shutdown lets the
  callbacks in flight finish; a worker killed by the same signal would fail them as ``worker_died``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from scrapy import signals

from newscrawl.stats import count

logger = logging.getLogger(__name__)
T = TypeVar("T")
A = TypeVar("A")
# imported once by the forkserver, inherited by every worker: the extraction code, what the page task
# otherwise imports at its first page (datasketch pulls in scipy: ~0.5 s, that every worker would spend), and
# last the warm-up, which runs one page and freezes the collector so that the workers keep sharing all of it
PRELOAD = ["newscrawl.crawl.page_task", "datasketch", "jsonschema", "newscrawl.crawl.forkserver_preload"]
TASKS_PER_WORKER = 2  # one running, one waiting in the pipe, so a worker never idles between pages


class WorkerDied(RuntimeError):
    """The page's own process died too: the page, not a passing accident, is the cause."""


class PageTimeout(RuntimeError):
    """The page's own process took longer than ``NEWSCRAWL_PAGE_TIMEOUT`` too."""


def workers_setting(settings: Any) -> int:
    value = settings.get("NEWSCRAWL_WORKERS")
    if value in (None, ""):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = settings.getint("NEWSCRAWL_WORKERS")
    if workers < 0:
        raise ValueError(f"NEWSCRAWL_WORKERS must be >= 0, not {workers}")
    return workers


def _ignore_stop_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class WorkerPool:
    def __init__(self, crawler: Any, workers: int, timeout: float = 60.0):
        self.crawler, self.workers, self.timeout = crawler, workers, timeout
        self.executor: Executor | None = None
        self.in_process = workers == 0
        self._slots = asyncio.Semaphore(max(1, workers) * TASKS_PER_WORKER) if workers else None
        self._launcher: ThreadPoolExecutor | None = None
        self._launch: Future[Executor | None] | None = None  # a launch under way
        crawler.signals.connect(self.close, signal=signals.spider_closed)
        crawler.signals.connect(self.close, signal=signals.engine_stopped)
        if workers:
            crawler.signals.connect(self._scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerPool:
        timeout = crawler.settings.getfloat("NEWSCRAWL_PAGE_TIMEOUT", 60.0)
        if timeout <= 0:
            raise ValueError(f"NEWSCRAWL_PAGE_TIMEOUT must be > 0, not {timeout}")
        return cls(crawler, workers_setting(crawler.settings), timeout)

    def _new_executor(self, workers: int) -> Executor | None:
        try:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_stop_signals)
        except (ImportError, NotImplementedError, OSError, ValueError) as exc:
            logger.warning("worker processes unavailable (%s): building pages in-process", exc)
            self.in_process = True
            return None

    def _scheduled(self, request: Any, spider: Any = None) -> None:
        if request.meta.get("newscrawl_kind") == "article":
            self.launch()

    def launch(self) -> None:
        """Start the pool's processes in the background, unless they run or are starting."""
        if self.in_process or self.executor is not None or self._launch is not None:
            return
        if self._launcher is None:
            self._launcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawl-workers")
        self._launch = self._launcher.submit(self._launched)

    def _launched(self) -> Executor | None:
        executor = self._new_executor(self.workers)
        if executor is not None:
            try:  # processes start with the tasks that find none idle: one task each, waited for here
                for started in [executor.submit(int) for _ in range(self.workers)]:
                    started.result()
            except Exception:  # noqa: BLE001 (a pool that broke at birth is replaced at its first page)
                pass
        return executor

    async def _pool(self) -> Executor | None:
        if self.executor is None and not self.in_process:
            self.launch()
            launch = self._launch
            if launch is not None:
                executor = await asyncio.wrap_future(launch)
                if self._launch is launch:
                    self.executor, self._launch = executor, None
        return self.executor

    def _replace(self, broken: Executor) -> None:
        if self.executor is broken:
            logger.warning("a worker process died or overran NEWSCRAWL_PAGE_TIMEOUT: pool replaced, its pages in "
                           "flight built again")
            count(self.crawler.stats, None, "workers/replaced")
            broken.shutdown(wait=False, cancel_futures=True)
            self.executor = None

    async def _in(self, executor: Executor, fn: Callable[[Any], T], arg: Any) -> T:
        try:
            future = executor.submit(fn, arg)
        except (RuntimeError, OSError) as exc:  # the pool broke between our look and the submit (its pipes closed)
            raise BrokenProcessPool(str(exc)) from exc
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            # Work running in a process cannot be cancelled: its processes are killed (Python 3.14 has
            # ProcessPoolExecutor.terminate_workers for this), which breaks the pool like any death.
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
            raise

    async def run(self, fn: Callable[[Any], T], arg: Any) -> T:
        """``fn(arg)`` in a worker process (in-process when there is no pool). Raises ``WorkerDied`` when the
        page killed its own process, ``PageTimeout`` when it overran the timeout there."""
        return (await self.run_made(fn, lambda: arg))[1]

    async def run_made(self, fn: Callable[[A], T], make: Callable[[], A]) -> tuple[A, T]:
        """``(arg, fn(arg))`` with ``arg = make()`` called once a place in the pool is free, so what it reads
        (the learned boilerplate in force) is as fresh as when the work really starts, not as when the page
        began to wait."""
        if self._slots is None:
            arg = make()
            return arg, fn(arg)
        async with self._slots:
            arg = make()
            return arg, await self._run(fn, arg)

    async def _run(self, fn: Callable[[Any], T], arg: Any) -> T:
        executor = await self._pool()
        if executor is None:
            return fn(arg)
        try:
            return await self._in(executor, fn, arg)
        except (BrokenProcessPool, TimeoutError):
            self._replace(executor)
        count(self.crawler.stats, None, "workers/retried")
        alone = self._new_executor(1)
        if alone is None:
            return fn(arg)
        try:
            return await self._in(alone, fn, arg)
        except BrokenProcessPool:
            raise WorkerDied("the worker process building the page died, twice") from None
        except TimeoutError:
            raise PageTimeout(f"building the page took over {self.timeout:g} s, twice") from None
        finally:
            alone.shutdown(wait=False)

    def close(self, *args: Any, **kwargs: Any) -> None:
        if self._launch is not None:  # a launch still under way: its pool is shut down like the other
            self.executor = self.executor or self._launch.result()
            self._launch = None
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        if self._launcher is not None:
            self._launcher.shutdown(wait=False)
            self._launcher = None
