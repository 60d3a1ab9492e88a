"""Every counter the code emits is listed in docs/stats.md, and every drop reason is in the failure table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from newscrawl.crawl.failures import KINDS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for d in ("newscrawl", "spiders", "pipelines") for p in (ROOT / d).rglob("*.py")]


def documented() -> list[re.Pattern[str]]:
    rows = re.findall(r"^\| `([^`]+)` \|", (ROOT / "docs" / "stats.md").read_text(encoding="utf-8"), re.M)
    return [re.compile(re.sub(r"<[^>]+>", "[a-z0-9_]+", re.escape(row).replace(r"\<", "<").replace(r"\>", ">"))
                       + "$") for row in rows]


def names_of(node: ast.expr, where: str) -> set[str]:
    """Counter names as the code writes them; an f-string's fields become a placeholder name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        return {"".join(v.value if isinstance(v, ast.Constant) else "x_field" for v in node.values)}
    if isinstance(node, ast.IfExp):
        return names_of(node.body, where) | names_of(node.orelse, where)
    return {f"{where}: not a literal"}


def emitted() -> dict[str, set[str]]:
    """{"count": counter names, "drop": reasons given to counted_drop and FailureMemory.record}."""
    found: dict[str, set[str]] = {"count": set(), "drop": set()}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if func == "count" and len(node.args) >= 3:
                found["count"] |= names_of(node.args[2], path.name)
            elif func == "counted_drop" and len(node.args) >= 3:
                found["drop"] |= names_of(node.args[2], path.name)
            elif func == "record" and node.args and isinstance(node.args[0], ast.Constant):
                found["drop"].add(node.args[0].value)
    return found


def test_the_scan_finds_the_counters_it_should():
    names = emitted()
    assert {"exported", "retry/queued", "skipped/seen", "dropped/x_field"} <= names["count"]
    assert {"duplicate_url", "language", "failed_repeatedly"} <= names["drop"]


def test_every_counter_is_documented_in_docs_stats_md():
    patterns = documented()
    missing = sorted(n for n in emitted()["count"] if not any(p.match(n) for p in patterns))
    assert missing == [], f"counters missing from docs/stats.md: {missing}"


def test_every_drop_reason_is_in_the_failure_table():
    names = emitted()["drop"]
    reasons = {n for n in names if "x_field" not in n}
    fields = {n.replace("x_field", "") for n in names if "x_field" in n}
    assert sorted(reasons - KINDS.keys()) == []
    for prefix in fields:  # missing_{name}: every required field has its entry
        assert any(k.startswith(prefix) for k in KINDS), prefix


def test_the_old_names_are_gone():
    """One event, one counter: dedup/url and dropped/duplicate_url were the same event."""
    names = emitted()["count"]
    assert not {"dedup/url", "dedup/content", "skipped_seen", "skipped_dropped", "skipped_out_of_range"} & names
