"""What a run covers: the sites selected from the registry and the publication-date range.

Spider arguments (``-a sites=…``, ``-a since=…``, ``-a until=…``) are validated by the spider at start and
stored as the settings ``NEWSCRAWL_SITES``, ``NEWSCRAWL_SINCE`` and ``NEWSCRAWL_UNTIL`` (which may also be set
with ``-s``). Every component reads the run's scope from this extension (``RunScope.of(crawler)``), never
from the spider's attributes: pipelines in their ``from_crawler``, extensions once the engine has started.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from newscrawl.registry import RegistryError, SiteProfile, load_registry, select_sites


class ScopeError(ValueError):
    """A bad site selection or date range; raised at start, before any request."""


def parse_day(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScopeError(f"-a {name}={value!r}: expected a date YYYY-MM-DD") from None


class RunScope:
    def __init__(self, sites: dict[str, SiteProfile], since: date | None = None, until: date | None = None,
                 selection: str | None = None):
        if since and until and since > until:
            raise ScopeError(f"-a since={since} is after -a until={until}")
        self.sites, self.since, self.until, self.selection = sites, since, until, selection

    @classmethod
    def from_settings(cls, settings: Any) -> RunScope:
        selection = settings.get("NEWSCRAWL_SITES") or None
        since, until = parse_day("since", settings.get("NEWSCRAWL_SINCE")), parse_day(
            "until", settings.get("NEWSCRAWL_UNTIL"))
        try:
            registry = load_registry(settings.get("NEWSCRAWL_SITES_DIR") or None)
            sites = {s.key: s for s in select_sites(registry, selection)}
        except RegistryError as exc:
            raise ScopeError(str(exc)) from None
        return cls(sites, since, until, selection)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunScope:
        return cls.from_settings(crawler.settings)

    @staticmethod
    def of(crawler: Any) -> RunScope:
        """The run's scope extension; for a crawler without it (a component built alone), the settings'."""
        scope = crawler.get_extension(RunScope)
        return scope if scope is not None else RunScope.from_settings(crawler.settings)

    def language(self, site: str) -> str:
        return self.sites[site].language if site in self.sites else "ar"

    def render_mode(self, site: str | None) -> str:
        """The rendering mode the site file gives this run (plain when unknown)."""
        return self.sites[site].render if site in self.sites else "plain"

    def in_range(self, day: str) -> bool:
        """Whether a ``YYYY-MM-DD`` day lies within since/until (an unreadable day does)."""
        try:
            d = date.fromisoformat(day[:10])
        except ValueError:
            return True
        return not ((self.since and d < self.since) or (self.until and d > self.until))

    def arguments(self) -> dict[str, str]:
        """The run's arguments as given, for the manifest."""
        given = {"sites": self.selection, "since": self.since, "until": self.until}
        return {name: str(value) for name, value in given.items() if value}
