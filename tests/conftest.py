"""Shared pytest fixtures: the fixture news site, started once per test session."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.fixture_site import FixtureNews


@pytest.fixture(scope="session")
def fixture_news() -> Iterator[FixtureNews]:
    """The fixture news site served on 127.0.0.1 (seed page included when ../shared/seed exists).

    Session-wide: tests that publish articles (``add_articles``) should use their own ``FixtureNews``.
    """
    with FixtureNews() as site:
        yield site


# -- the crawl-state backends: every test that takes ``backend`` runs once on SQLite and once on Redis
@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server on 127.0.0.1 (a free port, no persistence), for the whole test session."""
    from tests.redis_server import RedisServer, redis_server_binary

    if redis_server_binary() is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server; `make install` does)")
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


_databases = itertools.cycle(range(1, 64))  # tests run one at a time: a database is emptied before reuse


def fresh_redis_url(server) -> str:
    """An emptied database of the session's Redis server."""
    db = next(_databases)
    server.flush(db)
    return server.db_url(db)


@pytest.fixture
def redis_url(redis_server) -> str:
    """A Redis database of the session's server for one test, emptied first."""
    return fresh_redis_url(redis_server)


class Backend:
    """How a test opens the crawl state, and the settings that make a crawl use it."""

    def __init__(self, name: str, url: str | None = None):
        self.name, self.url = name, url

    @property
    def settings(self) -> dict[str, str]:
        return {"NEWSCRAWL_STATE": self.url} if self.url else {}

    def args(self, **extra: str) -> tuple[str, ...]:
        """``-s NAME=value`` arguments of ``scrapy crawl`` for this backend."""
        pairs = {**self.settings, **({"NEWSCRAWL_IDLE_EXIT": "20"} if self.url else {}), **extra}
        return tuple(a for name, value in pairs.items() for a in ("-s", f"{name}={value}"))

    def open(self, folder, *, lock: bool = True, worker: str = "w1"):
        from pathlib import Path

        if self.url is None:
            from newscrawl.state import SqliteState

            return SqliteState(Path(folder) / "state.sqlite3", lock=lock)
        from newscrawl.state.redis_state import RedisState

        return RedisState(self.url, worker=worker, lock_dir=Path(folder) if lock else None)


def backend_for(request) -> Backend:
    """The backend named by a parametrized fixture's ``request.param``."""
    if request.param == "sqlite":
        return Backend("sqlite")
    return Backend("redis", fresh_redis_url(request.getfixturevalue("redis_server")))


@pytest.fixture(params=["sqlite", "redis"])
def backend(request) -> Backend:
    """Each test that takes it runs on SQLite, then on Redis (a module may override it with a wider scope)."""
    return backend_for(request)


# -- Chromium, found as the crawl finds it (Debian's package; NEWSCRAWL_BROWSER_PATH elsewhere)
@pytest.fixture(scope="session")
def chromium_browser():
    """The browser the crawl would launch; the test is skipped, saying why, where there is none."""
    import os

    from newscrawl.rendering.chromium import BrowserNotFoundError, find_browser

    try:
        return find_browser(os.environ.get("NEWSCRAWL_BROWSER_PATH"))
    except BrowserNotFoundError as exc:
        pytest.skip(f"needs Chromium (.ci/run and `make install` install it as root): {exc}")


@pytest.fixture(scope="session")
def chromium(chromium_browser) -> str:
    """The path of that browser."""
    return chromium_browser.path
