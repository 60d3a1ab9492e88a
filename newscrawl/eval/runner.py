"""Running newscrawl and the peers over a gold folder, in one process, and timing them."""

from __future__ import annotations

import json
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.eval.peers import PEERS, available
from newscrawl.eval.scoring import PageScore, score_page

NEWSCRAWL = "newscrawl"


@dataclass
class GoldPage:
    name: str
    html: bytes
    gold: dict[str, Any]

    @property
    def url(self) -> str:
        return self.gold.get("url") or f"https://{self.gold.get('site', 'example.com')}/"


@dataclass
class EvalRun:
    pages: list[str]
    systems: list[str]
    missing: list[str]
    scores: dict[str, list[PageScore]] = field(default_factory=dict)  # system -> per page
    speed: dict[str, float] = field(default_factory=dict)


def load_pages(folder: Path) -> list[GoldPage]:
    pages = []
    for gold_path in sorted(folder.glob("*/gold.json")):
        source = gold_path.parent / "source.html"
        if source.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            pages.append(GoldPage(gold_path.parent.name, source.read_bytes(), gold))
    return pages


def newscrawl_runner(use_registry: bool = True):
    from newscrawl.extract import extract_article

    registry: dict[str, Any] = {}
    if use_registry:
        try:
            from newscrawl.registry import load_registry

            registry = load_registry()
        except Exception:  # no registry: extraction still runs, dates default to UTC
            registry = {}

    def run(html: bytes, url: str) -> dict[str, Any]:
        site = None
        if registry:
            from newscrawl.registry import site_for_url

            site = site_for_url(registry, url)
        result = extract_article(html, url, site)
        return {"text": result.text, "title": result.title, "published": result.published,
                "authors": result.authors, "agencies": result.agencies}

    return run


def _timed(runner, page: GoldPage) -> tuple[dict[str, Any], float, str | None]:
    start = time.perf_counter()
    try:
        output = runner(page.html, page.url)
        error = None
    except Exception as exc:  # a crashing peer scores zero on the page, it does not stop the run
        output, error = {"text": ""}, f"{type(exc).__name__}: {exc}"
        traceback.print_exc(limit=1)
    return output, time.perf_counter() - start, error


def speed_ratio(pages: list[GoldPage], repeat: int = 3, use_registry: bool = True) -> dict[str, float]:
    """Seconds for all pages (best of ``repeat``): newscrawl vs bare trafilatura.bare_extraction."""
    import trafilatura

    ours = newscrawl_runner(use_registry)
    best = {"newscrawl": float("inf"), "trafilatura.bare_extraction": float("inf")}
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            trafilatura.bare_extraction(page.html, url=page.url)
        best["trafilatura.bare_extraction"] = min(best["trafilatura.bare_extraction"], time.perf_counter() - start)
        start = time.perf_counter()
        for page in pages:
            ours(page.html, page.url)
        best["newscrawl"] = min(best["newscrawl"], time.perf_counter() - start)
    best["ratio"] = best["newscrawl"] / max(1e-9, best["trafilatura.bare_extraction"])
    return best


def run_eval(folder: Path, systems: list[str] | None = None, repeat: int = 3,
             use_registry: bool = True) -> EvalRun:
    pages = load_pages(folder)
    wanted = systems or [NEWSCRAWL, *PEERS]
    runners: dict[str, Any] = {}
    missing: list[str] = []
    for name in wanted:
        if name == NEWSCRAWL:
            runners[name] = newscrawl_runner(use_registry)
        elif name in PEERS and available(name):
            runners[name] = PEERS[name][1]
        else:
            missing.append(name)
    result = EvalRun([p.name for p in pages], list(runners), missing)
    for name, runner in runners.items():
        # warm-up on the first page so import and model-loading time is not charged to page one
        if pages:
            _timed(runner, pages[0])
        scores = []
        for page in pages:
            output, seconds, error = _timed(runner, page)
            score = score_page(page.name, name, output, page.gold, seconds)
            score.error = error
            scores.append(score)
        result.scores[name] = scores
    if pages and repeat > 0:
        result.speed = speed_ratio(pages, repeat, use_registry)
    return result
