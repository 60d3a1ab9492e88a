"""CPU and memory of a process tree, read from /proc (Linux): what a crawl and its worker processes use."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the state on (the name may hold spaces)


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields:
                parents[int(entry.name)] = int(fields[1])
    return parents


def _pss(pid: int) -> int:
    """Proportional set size in bytes: pages shared with other processes (a forkserver's children share the
    code and libraries it imported) counted by share, so a tree's PSS sum is its real memory."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler:
    """Samples a process and its descendants: CPU seconds per process (last value seen), peak RSS of the root
    and of the tree (shared pages counted in every process), and peak PSS of the tree (counted once)."""

    def __init__(self, root: int):
        self.root = root
        self.cpu: dict[int, float] = {}
        self.peak_main = 0
        self.peak_tree = 0
        self.peak_tree_pss = 0
        self.samples = 0

    def tree(self) -> list[int]:
        parents = _parents()
        members, frontier = [self.root], [self.root]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            members += frontier
        return members

    def sample(self) -> None:
        total = pss = 0
        # smaps_rollup walks the process's page tables, holding its memory map lock: read every 8th sample
        # only, so that measuring does not slow what it measures
        with_pss = self.samples % 8 == 0
        self.samples += 1
        for pid in self.tree():
            fields = _stat(pid)
            if not fields:
                continue
            # utime, stime (fields 14, 15 of /proc/pid/stat); rss in pages (field 24)
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / TICK
            rss = int(fields[21]) * PAGE
            total += rss
            pss += _pss(pid) if with_pss else 0
            if pid == self.root:
                self.peak_main = max(self.peak_main, rss)
        self.peak_tree = max(self.peak_tree, total)
        self.peak_tree_pss = max(self.peak_tree_pss, pss)

    def cpu_seconds(self, pid: int | None = None) -> float:
        return self.cpu.get(pid, 0.0) if pid is not None else sum(self.cpu.values())


def machine_busy(before: tuple[int, int] | None = None) -> tuple[int, int] | float:
    """(busy, total) jiffies of the whole machine now; given an earlier reading, the percent busy since."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    now = (sum(fields) - idle, sum(fields))
    if before is None:
        return now
    return 100 * (now[0] - before[0]) / max(1, now[1] - before[1])
