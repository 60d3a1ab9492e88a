"""The values the crawl state stores and returns, shared by every backend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class StateLocked(RuntimeError):
    """Another run holds the state."""


@dataclass(frozen=True)
class Retry:
    url: str
    reason: str
    attempts: int  # runs in which it failed so far
    discovered_via: dict[str, Any] | None


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None


@dataclass(frozen=True)
class ExportMark:
    """One exported article, as the checkpoint records it."""

    url_key: str
    article_id: str
    site: str
    content_hash: str | None
    file: str
    published: str | None = None
    aliases: frozenset[str] = frozenset()  # other URL keys that led to it (feed link, redirects)


@dataclass
class ExportBatch:
    """What one export checkpoint commits, in one transaction: the marks of the records written and fsynced
    (the near-duplicate rows of those articles go with them)."""

    run_id: str
    marks: list[ExportMark] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def utc_iso(timestamp: str | None) -> str | None:
    """An ISO 8601 time as UTC, so that times given with different offsets compare as strings."""
    if not timestamp:
        return None
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
