"""Real URLs from public sources against each profile's article patterns: the registry's offline evidence.

tests/unit/data/registry_examples.toml maps a site key to article URLs (accepted) and non-article URLs
(section, tag, feed, asset and video pages, other-language editions: rejected), each seen in public code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from newscrawl.registry import load_registry

EXAMPLES_PATH = Path(__file__).parent / "data" / "registry_examples.toml"
EXAMPLES = tomllib.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
REGISTRY = load_registry()


def _encoded(url: str) -> str:
    """The URL as a crawl meets it after percent-encoding raw Arabic (feeds carry both forms)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=quote(parts.path, safe="/%:@!$&'()*+,;=~-._")))


def _cases(kind: str) -> list[tuple[str, str]]:
    return [(key, url) for key, entry in sorted(EXAMPLES.items()) for url in entry.get(kind, [])]


def test_every_entry_names_a_bundled_site_and_its_evidence() -> None:
    assert set(EXAMPLES) <= set(REGISTRY), set(EXAMPLES) - set(REGISTRY)
    for key, entry in EXAMPLES.items():
        assert set(entry) <= {"evidence", "articles", "non_articles"}, key
        assert entry.get("evidence", "").strip(), f"{key}: say where the URLs were found"
        assert entry.get("articles") or entry.get("non_articles"), key


@pytest.mark.parametrize("key,url", _cases("articles"), ids=lambda v: v if "://" not in v else "")
def test_real_article_urls_are_accepted(key: str, url: str) -> None:
    site = REGISTRY[key]
    assert site.owns_url(url), f"{url} is not on {site.domains}"
    for form in dict.fromkeys([url, _encoded(url)]):
        assert site.is_article_url(form), f"{key}: {form} rejected by {[p.pattern for p in site.allow]}"


@pytest.mark.parametrize("key,url", _cases("non_articles"), ids=lambda v: v if "://" not in v else "")
def test_real_non_article_urls_are_rejected(key: str, url: str) -> None:
    site = REGISTRY[key]
    for form in dict.fromkeys([url, _encoded(url)]):
        assert not site.is_article_url(form), f"{key}: {form} accepted as an article"
