"""``FixtureNews``: the outlets, their servers, and what a correct crawl of them exports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from .compose import Composer
from .model import GOOD, Outlet
from .outlets import OUTLET_CLASSES
from .profiles import write_profiles
from .seed import default_seed_dir, load_seed
from .server import LoggedRequest, OutletServer, RequestLog

_AUTO: Any = object()


class FixtureNews:
    """The fixture news site: one HTTP server per outlet on 127.0.0.1 (see the package docstring)."""

    def __init__(self, *, seed_dir: Path | None = _AUTO, extra_articles: int = 0,
                 outlet_classes: tuple[type[Outlet], ...] = OUTLET_CLASSES) -> None:
        self.seed_dir = default_seed_dir() if seed_dir is _AUTO else seed_dir
        self.seed = load_seed(self.seed_dir)
        self.request_log = RequestLog()
        composer = Composer()
        self.outlets: dict[str, Outlet] = {}
        for cls in outlet_classes:
            outlet = cls(composer, seed=self.seed)
            outlet.populate()
            self.outlets[cls.key] = outlet
        self._spread_extra(extra_articles)
        self._servers: dict[str, OutletServer] = {}

    def _spread_extra(self, n: int) -> None:
        """n synthetic articles, round-robin over the outlets that take them, dated back over November 2026
        (older than the handwritten ones' clock, so they never displace what the small fixture is about)."""
        outlets = [o for o in self.outlets.values() if o.takes_extra_articles]
        for i in range(n):
            outlet = outlets[i % len(outlets)]
            minutes = (i // len(outlets)) * 37 % (19 * 24 * 60)  # spread over 1-19 November
            when = outlet.clock.replace(day=20, hour=0, minute=0) - timedelta(minutes=minutes + 1)
            outlet.add(outlet.compose(when))

    # ---- lifecycle -----------------------------------------------------------------------------------------
    def start(self) -> FixtureNews:
        if self._servers:
            return self
        for key, outlet in self.outlets.items():
            server = OutletServer(outlet, self.request_log)
            outlet.base_url = f"http://127.0.0.1:{server.port}"
            outlet._cache.clear()
            self._servers[key] = server
        for server in self._servers.values():
            server.start()
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()

    def __enter__(self) -> FixtureNews:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests use --------------------------------------------------------------------------------------
    def write_profiles(self, folder: Path, *, render: dict[str, str] | None = None, keys=None) -> Path:  # noqa: ANN001
        """One newscrawl site file per outlet (all, or ``keys``); ``render`` maps key -> plain/browser/auto."""
        self._require_started()
        return write_profiles(self.outlets, Path(folder), render, list(keys) if keys is not None else None)

    def add_articles(self, key: str, n: int) -> list[str]:
        """Publish n new articles on one outlet now; returns their canonical URLs."""
        outlet = self.outlets[key]
        return [outlet.canonical_url(a) for a in outlet.publish(n)]

    def repair(self, url: str) -> None:
        """The server recovers: the trap page at this canonical URL (a 500, a truncated body) now serves its
        article. Feeds, sitemaps and listings do not change (they listed it already)."""
        for outlet in self.outlets.values():
            for a in outlet.articles:
                if outlet.canonical_url(a) == url:
                    a.kind = GOOD
                    outlet._cache.clear()
                    return
        raise KeyError(url)

    def expected(self) -> dict[str, set[str]]:
        """Per outlet, canonical URLs of the articles a correct crawl exports."""
        self._require_started()
        return {key: outlet.expected_urls() for key, outlet in self.outlets.items()}

    def articles(self, key: str, *, kind: str | None = GOOD) -> list:
        """The outlet's Article objects (title, blocks, published, authors...), newest first."""
        return [a for a in self.outlets[key].articles if kind is None or a.kind == kind]

    def article_for(self, url: str):  # noqa: ANN201 - Article | None
        """The Article behind a canonical URL."""
        for outlet in self.outlets.values():
            for a in outlet.articles:
                if outlet.canonical_url(a) == url:
                    return a
        return None

    def _role_url(self, role: str) -> str | None:
        for outlet in self.outlets.values():
            for a in outlet.articles:
                if a.role == role:
                    return outlet.canonical_url(a)
        return None

    def wire_story(self) -> dict[str, Any]:
        """URLs: ``first`` and ``second`` (verbatim pair, first published first), ``near_duplicate`` (small
        edits) and ``different`` (another story on the same event); ``sites`` maps each role to its outlet."""
        self._require_started()
        roles = {"first": "wire-first", "second": "wire-second", "near_duplicate": "wire-neardup",
                 "different": "wire-other"}
        urls = {name: self._role_url(role) for name, role in roles.items()}
        sites = {name: next(k for k, o in self.outlets.items() if url and url.startswith(o.base_url))
                 for name, url in urls.items()}
        return {**urls, "sites": sites}

    def variants(self) -> dict[str, Any]:
        """The article served under three URL variants: its outlet, canonical URL and the variant URLs."""
        self._require_started()
        return self.outlets["wadi"].variants()  # type: ignore[attr-defined]

    def bad_routes(self) -> list[dict[str, str]]:
        """Every trap: outlet, URL, kind (english/error500/notfound/broken/binary/huge/disallowed/bad-feed)."""
        self._require_started()
        out = []
        for key, outlet in self.outlets.items():
            out += [{"site": key, "url": outlet.canonical_url(a), "kind": a.kind}
                    for a in outlet.articles if a.kind != GOOD]
            out += [{"site": key, "url": url, "kind": kind} for url, kind in outlet.bad_sources()]
        return out

    def seed_url(self) -> str | None:
        """URL of the page carrying the seed article, or None when ../shared/seed is absent."""
        self._require_started()
        return self._role_url("seed")

    @property
    def seed_served(self) -> bool:
        return self.seed is not None

    def requests_for(self, key: str | None = None, kind: str | None = None) -> list[LoggedRequest]:
        """Logged requests of one outlet and/or kind (article, feed, sitemap, listing, robots, other)."""
        return [entry for entry, k in self.request_log.snapshot()
                if (key is None or entry.outlet == key) and (kind is None or k == kind)]

    def reset_log(self) -> None:
        self.request_log.reset()

    def _require_started(self) -> None:
        if not self._servers:
            raise RuntimeError("FixtureNews is not started: call start() or use it as a context manager")
