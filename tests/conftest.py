"""Shared pytest fixtures: the fixture news site, started once per test session."""

from __future__ import annotations

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
