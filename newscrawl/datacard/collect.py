"""The dataset card: what an output folder holds, where it came from, and how to cite it.

``collect`` gathers the facts (from the crawl state, the site registry, the settings and this run's stats)
into one JSON-ready dict; ``render_markdown`` turns it into ``DATACARD.md``. Counts come from the state's
``exported`` table, so they cover every run that wrote into the folder, not only the last one. No Scrapy
import: the extension (newscrawl/datacard/extension.py) calls these at the end of every run.
"""

from __future__ import annotations

import platform
import re
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from newscrawl import __version__
from newscrawl.datacard.coverage import DATASET_TERMS, coverage, read_manifests, source_terms
from newscrawl.formats.layout import formats_present, publication_day
from newscrawl.items import SCHEMA_VERSION, json_schema

LIBRARIES = ("scrapy", "trafilatura", "htmldate", "lxml", "charset-normalizer", "dateparser", "datasketch",
             "warcio", "pyarrow", "scrapy-playwright")
SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"
SETTING_NAMES = ("USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN",
                 "AUTOTHROTTLE_ENABLED", "DOWNLOAD_TIMEOUT", "RETRY_TIMES")


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return (out.stdout.strip() or None) if out.returncode == 0 else None


def software() -> dict[str, Any]:
    return {"newscrawl": __version__, "newscrawl_commit": _git_commit(), "python": platform.python_version(),
            **{lib: _version(lib) for lib in LIBRARIES}}


OWN_MEANINGS = {"text_normalized": "optional (NEWSCRAWL_TEXT_NORMALIZED): text in the comparison form of "
                                    "newscrawl.textnorm.normalize_arabic (docs/formats.md)"}


def field_meanings() -> dict[str, str]:
    """Field -> meaning, read from docs/schema.md when the checkout has it."""
    meanings: dict[str, str] = dict(OWN_MEANINGS)
    if not SCHEMA_DOC.exists():
        return meanings
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            for name in re.findall(r"`([a-z_]+)`", cells[0]):
                meanings[name] = cells[-1].replace("\\|", "|")  # the Markdown escape is the table's, not the text's
    return meanings


def fields() -> list[dict[str, Any]]:
    schema = json_schema()
    required = set(schema.get("required", []))
    meanings = field_meanings()
    out = []
    for name, spec in schema["properties"].items():
        kind = spec.get("type") or ("enum" if "enum" in spec else "const")
        out.append({"name": name, "type": kind if isinstance(kind, str) else " or ".join(kind),
                    "required": name in required, "meaning": meanings.get(name, "")})
    return out


def exported_counts(state: Any) -> dict[str, dict[str, int]]:
    """{site: {day: records}} of everything marked exported in the state."""
    clusters = state.neardup_summary()
    counts: dict[str, dict[str, int]] = {}
    for site, file, n in state.exported_by_file():
        day = publication_day(Path(file or "undated"))  # <day>.jsonl, or <day>.<worker>.jsonl
        counts.setdefault(site, {})[day] = counts.get(site, {}).get(day, 0) + n
    if clusters:
        counts["__neardup__"] = {"indexed": clusters[0], "clusters": clusters[1]}
    return counts


def collect(*, output: Path, state: Any, sites: dict[str, Any], settings: dict[str, Any],
            run: dict[str, Any]) -> dict[str, Any]:
    counts = exported_counts(state)
    neardup = counts.pop("__neardup__", None)
    days = sorted(d for per_day in counts.values() for d in per_day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
    sources = []
    for key in sorted(set(counts) | set(run.get("sites", {}))):
        site = sites.get(key)
        sources.append({
            "key": key, "name": getattr(site, "name", None), "name_en": getattr(site, "name_en", None) or None,
            "country": getattr(site, "country", None), "domains": list(getattr(site, "domains", ()) or ()),
            "terms_url": getattr(site, "terms_url", None) or None,
            "terms": source_terms(getattr(site, "name", None) or key, getattr(site, "terms_url", None) or None),
            "records": sum(counts.get(key, {}).values()),
            "politeness": {"delay": getattr(site, "delay", None), "concurrency": getattr(site, "concurrency", None)},
        })
    formats = formats_present(output)
    return {
        "title": "Arabic news articles collected with newscrawl",
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION,
        "records": sum(sum(d.values()) for d in counts.values()),
        "date_range": {"first": days[0], "last": days[-1]} if days else None,
        "sources": sources,
        "counts_per_site_day": {site: dict(sorted(per_day.items())) for site, per_day in sorted(counts.items())},
        "formats": formats,
        "warc_files": len(list((output / "warc").glob("*.warc.gz"))),
        "near_duplicates": neardup,
        "fields": fields(),
        "settings": settings,
        "software": software(),
        "run": run,
        "coverage": coverage(read_manifests(output)),
        "licence": DATASET_TERMS,
        "citation": citation(sources, days),
    }


def citation(sources: list[dict[str, Any]], days: list[str]) -> dict[str, str]:
    year = (days[-1] if days else datetime.now(UTC).date().isoformat())[:4]
    span = f"{days[0]} to {days[-1]}" if days else "undated"
    outlets = ", ".join(s["name"] or s["key"] for s in sources)
    bibtex = (f"@misc{{newscrawl_arabic_news_{year},\n"
              f"  title = {{Arabic news articles, {span}, collected with newscrawl {__version__}}},\n"
              f"  year = {{{year}}},\n"
              f"  note = {{Articles from {len(sources)} outlet(s): {outlets}. Schema {SCHEMA_VERSION}; "
              f"text and copyright belong to the outlets}},\n"
              f"  howpublished = {{newscrawl, https://github.com/newscrawl/newscrawl}}\n}}")
    return {"text": f"Arabic news articles ({span}) from {len(sources)} outlet(s), collected with newscrawl "
                    f"{__version__} (schema {SCHEMA_VERSION}). Cite each article by its outlet and URL.",
            "bibtex": bibtex}
