"""Validation of one site file's table into a SiteProfile: every error names the file and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawl.registry.profile import (
    PARTITIONS,
    RENDER_MODES,
    SOURCE_TYPES,
    RegistryError,
    Selectors,
    SiteProfile,
    Source,
)

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_DOMAIN_RE = re.compile(  # host labels, optional :port (fixture sites), optional /path (bbc.com/arabic)
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}(:\d{1,5})?(/[\w\-./]*)?$"
)
_TOP_LEVEL = {
    "key", "name", "name_en", "domains", "country", "language", "timezone", "sources", "articles",
    "selectors", "render", "politeness", "enabled", "verified", "terms_url", "feed_hosts", "extends",
    "notes", "cms", "allow_private_addresses", "asset_hosts",
}


class _Checker:
    """Typed access to one raw site table, raising RegistryError with file and field."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path, self.data = path, data

    def fail(self, fieldname: str, message: str) -> RegistryError:
        return RegistryError(f"{self.path}: field '{fieldname}': {message}")

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., table: Any = None) -> Any:
        table = self.data if table is None else table
        if name not in table:
            if default is ...:
                raise self.fail(name, "is required")
            return default
        value = table[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            want = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(name, f"must be {want}, got {type(value).__name__} {value!r}")
        return value

    def string_list(self, name: str, table: Any = None, required: bool = False) -> tuple[str, ...]:
        value = self.get(name, list, ... if required else [], table)
        if not all(isinstance(v, str) and v for v in value):
            raise self.fail(name, "must be a list of non-empty strings")
        if required and not value:
            raise self.fail(name, "must not be empty")
        return tuple(value)

    def patterns(self, name: str, table: dict[str, Any]) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for pattern in self.string_list(name, table):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise self.fail(f"articles.{name}", f"bad regular expression {pattern!r}: {exc}") from None
        return tuple(compiled)


def parse_site(path: Path, data: dict[str, Any]) -> SiteProfile:
    """Validate one raw (already base-merged) site table into a SiteProfile."""
    c = _Checker(path, data)
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        raise c.fail(sorted(unknown)[0], f"unknown field (known: {', '.join(sorted(_TOP_LEVEL))})")
    key = c.get("key", str)
    if not _KEY_RE.match(key):
        raise c.fail("key", f"{key!r} must be lowercase letters, digits, '-' or '_' (max 40)")
    domains = tuple(d.lower() for d in c.string_list("domains", required=True))
    for domain in domains:
        if not _DOMAIN_RE.match(domain) or "://" in domain:
            raise c.fail("domains", f"{domain!r} is not a bare domain such as 'example.com'")
    timezone = c.get("timezone", str)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise c.fail("timezone", f"{timezone!r} is not an IANA timezone such as 'Africa/Cairo'") from None
    render = c.get("render", str, "plain")
    if render not in RENDER_MODES:
        raise c.fail("render", f"{render!r} must be one of {', '.join(RENDER_MODES)}")
    feed_hosts = tuple(h.lower() for h in c.string_list("feed_hosts"))

    sources = []
    for i, raw in enumerate(c.get("sources", list)):
        where = f"sources[{i}]"
        if not isinstance(raw, dict):
            raise c.fail(where, "must be a table")
        stype, url = raw.get("type"), raw.get("url")
        if stype not in SOURCE_TYPES:
            raise c.fail(f"{where}.type", f"{stype!r} must be one of {', '.join(SOURCE_TYPES)}")
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            raise c.fail(f"{where}.url", f"{url!r} must be an http(s) URL")
        host = urlsplit(url).netloc.lower()
        if not any(host == d.split("/")[0] or host.endswith("." + d.split("/")[0]) for d in domains) and (
            host not in feed_hosts
        ):
            raise c.fail(f"{where}.url", f"host {host!r} is neither one of the domains nor in feed_hosts")
        partition = raw.get("partition", "none")
        if partition not in PARTITIONS:
            raise c.fail(f"{where}.partition", f"{partition!r} must be one of {', '.join(PARTITIONS)}")
        if partition != "none" and "{YYYY}" not in url:
            raise c.fail(f"{where}.url", "a partitioned sitemap URL needs a {YYYY} placeholder")
        depth, scroll = raw.get("depth", 1), raw.get("scroll", 0)
        if not isinstance(depth, int) or not 0 <= depth <= 5:
            raise c.fail(f"{where}.depth", f"{depth!r} must be an integer from 0 to 5")
        if not isinstance(scroll, int) or not 0 <= scroll <= 50:
            raise c.fail(f"{where}.scroll", f"{scroll!r} must be an integer from 0 to 50")
        extra = set(raw) - {"type", "url", "depth", "partition", "scroll"}
        if extra:
            raise c.fail(f"{where}.{sorted(extra)[0]}", "unknown field")
        sources.append(Source(stype, url, depth, partition, scroll))
    if not sources:
        raise c.fail("sources", "must list at least one feed, sitemap or listing page")

    articles = c.get("articles", dict)
    allow = c.patterns("allow", articles)
    if not allow:
        raise c.fail("articles.allow", "must hold at least one pattern")
    sel = c.get("selectors", dict, {})
    unknown_sel = set(sel) - {"title", "body", "date", "author", "prune", "wait_for"}
    if unknown_sel:
        raise c.fail(f"selectors.{sorted(unknown_sel)[0]}", "unknown selector")
    selectors = Selectors(
        **{k: c.get(k, str, None, sel) for k in ("title", "body", "date", "author", "wait_for")},
        prune=c.string_list("prune", sel),
    )
    pol = c.get("politeness", dict, {})
    delay = c.get("delay", float, 1.0, pol)
    concurrency = c.get("concurrency", int, 2, pol)
    if delay < 0 or not 1 <= concurrency <= 32:
        raise c.fail("politeness", "delay must be >= 0 and concurrency from 1 to 32")
    verified = c.get("verified", str, "")
    if verified and not re.match(r"^\d{4}-\d{2}-\d{2}$", verified):
        raise c.fail("verified", f"{verified!r} must be empty or a date YYYY-MM-DD")
    return SiteProfile(
        key=key,
        name=c.get("name", str),
        name_en=c.get("name_en", str, ""),
        domains=domains,
        country=c.get("country", str),
        language=c.get("language", str, "ar"),
        timezone=timezone,
        sources=tuple(sources),
        allow=allow,
        deny=c.patterns("deny", articles),
        selectors=selectors,
        render=render,
        delay=delay,
        concurrency=concurrency,
        enabled=c.get("enabled", bool, True),
        verified=verified,
        terms_url=c.get("terms_url", str, ""),
        feed_hosts=feed_hosts,
        asset_hosts=tuple(h.lower() for h in c.string_list("asset_hosts")),
        allow_private_addresses=c.get("allow_private_addresses", bool, False),
        cms=c.get("cms", str, ""),
        path=str(path),
    )
