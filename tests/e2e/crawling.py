"""Helpers for end-to-end tests: run the real ``scrapy crawl news`` and read what it wrote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newscrawl.formats.layout import partitions

ROOT = Path(__file__).resolve().parents[2]


def crawl_command(sites_dir: Path, out_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SITES_DIR={sites_dir}",
            "-s", f"NEWSCRAWL_OUTPUT_DIR={out_dir}", "-s", "LOG_LEVEL=INFO", *args]


def run_crawl(sites_dir: Path, out_dir: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a whole crawl in a subprocess (its own reactor), from the repo root."""
    return subprocess.run(crawl_command(sites_dir, out_dir, *args), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def start_crawl(sites_dir: Path, out_dir: Path, *args: str, log: Path) -> subprocess.Popen:
    fh = log.open("w")
    return subprocess.Popen(crawl_command(sites_dir, out_dir, *args), cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    os.killpg(process.pid, sig)
    process.wait(timeout=60)


def jsonl_files(out_dir: Path) -> list[Path]:
    """The JSONL partitions, ``<out>/jsonl/site=<key>/<day>.jsonl`` (newscrawl/formats/layout.py)."""
    return partitions(out_dir, "jsonl")


def read_records(out_dir: Path) -> list[dict[str, Any]]:
    """Every exported record, failing on any line that is not a whole JSON object."""
    records = []
    for path in jsonl_files(out_dir):
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), f"{path} ends with a partial line"
        for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - the assertion is the point
                raise AssertionError(f"{path}:{number} is not valid JSON: {exc}") from None
    return records


def manifests(out_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out_dir / "runs").glob("*.json"))]


def exported_lines(out_dir: Path) -> int:
    """Lines written to the JSONL partitions so far (a killed or running crawl's included)."""
    return sum(p.read_bytes().count(b"\n") for p in jsonl_files(out_dir)) if out_dir.exists() else 0


def wait_until(predicate: Any, timeout: float = 120, step: float = 0.05) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` seconds pass (monotonic clock)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False
