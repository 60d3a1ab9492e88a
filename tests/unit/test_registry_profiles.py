"""The golden test of the bundled registry, and the errors a bad site file gives."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from newscrawl.registry import BUNDLED_SITES_DIR, RegistryError, load_registry, load_site_file

REGISTRY = load_registry()
SITES = sorted(REGISTRY.values(), key=lambda s: s.key)
BASES = sorted(p for p in (BUNDLED_SITES_DIR / "_bases").iterdir() if p.name.endswith(".toml"))
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Article URLs written to fit each profile's article pattern, not seen on the sites: the ids and slugs are
# made up (3123456, ABCDEFGHIJ…; %D8%AE%D8%A8%D8%B1 is "خبر", "news"). They check that a pattern accepts URLs of
# that shape, not that an outlet serves them. URLs found on the sites, with where each was found, are in
# tests/unit/data/registry_examples.toml (test_registry_examples.py).
EXAMPLE_ARTICLES = {
    "aljazeera": "https://www.aljazeera.net/news/2024/5/12/%D8%A7%D9%84%D8%AE%D8%A8%D8%B1",
    "alarabiya": "https://www.alarabiya.net/aswaq/economy/2021/07/01/%D8%A7%D9%84%D9%86%D9%81%D8%B7",
    "youm7": "https://www.youm7.com/story/2018/3/17/%D8%AE%D8%A8%D8%B1/3698416",
    "aawsat": "https://aawsat.com/home/article/411671/%D8%AE%D8%A8%D8%B1",
    "almasryalyoum": "https://www.almasryalyoum.com/news/details/3123456",
    "alwatanbh": "https://alwatannews.net/article/812345/",
    "akhbarona": "https://www.akhbarona.com/economy/312345.html",
    "babnet": "https://www.babnet.net/rttdetail-281234.asp",
    "elkhabar": "https://www.elkhabar.com/press/article/231234/",
    "omandaily": "https://www.omandaily.om/%D8%B9%D9%85%D8%A7%D9%86/na/%D8%AE%D8%A8%D8%B1",
    "alriyadh": "https://www.alriyadh.com/2061234",
    "emaratalyoum": "https://www.emaratalyoum.com/local-section/other/2024-01-01-1.1812345",
    "le360": "https://ar.le360.ma/politique/slug_ABCDEFGHIJKLMNOPQRSTUVWXYZ/",
}


def test_registry_size_and_spread() -> None:
    enabled = [s for s in SITES if s.enabled]
    assert len(enabled) >= 40, f"only {len(enabled)} enabled outlets"
    assert len({s.country for s in enabled}) >= 15


def test_keys_unique_and_match_file_names() -> None:
    assert len({s.key for s in SITES}) == len(SITES)
    for site in SITES:
        assert Path(site.path).stem == site.key, site.path


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.key)
def test_profile_is_well_formed(site) -> None:
    assert re.fullmatch(r"[A-Z]{2}", site.country), site.country
    ZoneInfo(site.timezone)
    assert site.language == "ar"
    assert site.name.strip() and site.name_en.strip()
    # empty until `sites check --mark-verified` saw the site pass; never a date in the future
    assert site.verified == "" or date.fromisoformat(site.verified) <= date.today()
    assert site.render in ("plain", "auto", "browser")
    assert site.delay >= 1.0 and site.concurrency <= 2, "politeness: delay >= 1 s, concurrency <= 2"
    for domain in site.domains:
        assert HOST_RE.match(domain.split("/")[0]), domain
    for host in site.feed_hosts:
        assert HOST_RE.match(host), host
    for pattern in (*site.allow, *site.deny):
        assert isinstance(pattern, re.Pattern)
    for source in site.sources:
        parts = urlsplit(source.url)
        assert parts.scheme in ("http", "https") and parts.netloc, source.url
        assert site.owns_url(source.url) or _on_domain_host(site, parts.netloc) or parts.netloc in site.feed_hosts, (
            f"{source.url} is on neither the site's domains nor its feed_hosts"
        )
        if source.partition != "none":
            assert "{YYYY}" in source.url
    if site.terms_url:  # may live on the owner's site (bbc.co.uk for bbc.com/arabic)
        assert urlsplit(site.terms_url).scheme == "https" and urlsplit(site.terms_url).netloc


def _notes(site) -> str:
    """The profile's own ``notes`` (kept in the file, not in SiteProfile)."""
    return tomllib.loads(Path(site.path).read_text(encoding="utf-8")).get("notes", "")


@pytest.mark.parametrize("site", [s for s in SITES if s.enabled], ids=lambda s: s.key)
def test_terms_of_use_known_or_declared_unknown(site) -> None:
    """Issue 7: a researcher must see each outlet's terms before crawling, or see that nobody found them.

    An enabled profile either has a terms_url whose source its notes name ("terms_url ... from ..." or
    "terms_url predates ..."), or says "terms: unknown" in its notes; never both.
    """
    notes = _notes(site)
    if site.terms_url:
        assert "terms_url" in notes, f"{site.key}: say in notes where terms_url comes from"
        assert "terms: unknown" not in notes, site.key
    else:
        assert "terms: unknown" in notes, f"{site.key}: no terms_url and no 'terms: unknown' in notes"


def _on_domain_host(site, netloc: str) -> bool:
    """Same host as a path-scoped domain (france24.com/ar publishes its sitemaps under /sitemaps/ar/)."""
    return any(netloc == d.split("/")[0] or netloc.endswith("." + d.split("/")[0]) for d in site.domains)


@pytest.mark.parametrize("key,url", sorted(EXAMPLE_ARTICLES.items()))
def test_example_articles_match(key: str, url: str) -> None:
    site = REGISTRY[key]
    assert site.is_article_url(url) and site.owns_url(url)


def test_bases_are_used_and_valid() -> None:
    used = {s.cms for s in SITES}
    for base in BASES:
        data = tomllib.loads(base.read_text(encoding="utf-8"))
        assert "key" not in data and "sources" not in data, f"{base.name} holds per-site fields"
        assert base.stem in used, f"no site extends {base.name}"
        for pattern in data.get("articles", {}).get("allow", []) + data.get("articles", {}).get("deny", []):
            re.compile(pattern)


def test_wordpress_deny_keeps_taxonomy_pages_out() -> None:
    site = REGISTRY["alquds"]
    assert site.is_article_url("https://www.alquds.co.uk/%D8%AE%D8%A8%D8%B1/")
    assert not site.is_article_url("https://www.alquds.co.uk/tag/%D8%AE%D8%A8%D8%B1/")


# -- bad files: each error names the file and the field -------------------------------------------
GOOD = """
key = "demo"
name = "موقع"
domains = ["example.com"]
country = "EG"
timezone = "Africa/Cairo"
sources = [{ type = "feed", url = "https://example.com/feed" }]
[articles]
allow = ['^https://example\\.com/news/\\d+$']
"""


def _write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    site = load_site_file(_write(tmp_path, GOOD))
    assert site.key == "demo" and site.is_article_url("https://example.com/news/1")


@pytest.mark.parametrize(
    "change,field",
    [
        (lambda t: t.replace('key = "demo"\n', ""), "key"),
        (lambda t: t.replace("\\d+$", "(\\d+$"), "articles.allow"),
        (lambda t: t.replace("Africa/Cairo", "Africa/Atlantis"), "timezone"),
        (lambda t: 'colour = "red"\n' + t, "colour"),
        (lambda t: t.replace("https://example.com/feed", "https://elsewhere.org/feed"), "sources[0].url"),
        (lambda t: 'render = "headless"\n' + t, "render"),
        (lambda t: 'extends = "no-such-cms"\n' + t, "extends"),
        (lambda t: t.replace('["example.com"]', '["https://example.com"]'), "domains"),
        (lambda t: t.replace('type = "feed"', 'type = "podcast"'), "sources[0].type"),
    ],
    ids=["missing-key", "bad-regex", "bad-timezone", "unknown-field", "foreign-host", "bad-render",
         "unknown-extends", "domain-with-scheme", "bad-source-type"],
)
def test_bad_file_names_file_and_field(tmp_path: Path, change, field: str) -> None:
    path = _write(tmp_path, change(GOOD))
    with pytest.raises(RegistryError) as err:
        load_registry(tmp_path)
    message = str(err.value)
    assert str(path) in message and f"'{field}'" in message, message


def test_feed_host_makes_foreign_feed_valid(tmp_path: Path) -> None:
    text = GOOD.replace("https://example.com/feed", "https://feeds.example.net/x.xml")
    site = load_site_file(_write(tmp_path, 'feed_hosts = ["feeds.example.net"]\n' + text))
    assert site.sources[0].url.startswith("https://feeds.example.net/")


def test_duplicate_key_names_both_files(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RegistryError, match=r"b\.toml: field 'key'.*a\.toml"):
        load_registry(tmp_path)


def test_site_extends_local_base(tmp_path: Path) -> None:
    (tmp_path / "_bases").mkdir()
    (tmp_path / "_bases" / "mycms.toml").write_text("[politeness]\ndelay = 3.0\n", encoding="utf-8")
    site = load_site_file(_write(tmp_path, 'extends = "mycms"\n' + GOOD))
    assert site.delay == 3.0 and site.cms == "mycms"


CITES = re.compile(r"\b(audit|evidence|public code|cites|according to|source)\b", re.I)


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.key)
def test_a_note_citing_a_source_names_a_public_url_or_says_unknown(site) -> None:
    """A reader must be able to check a source: an address they can open, or "unknown"; no opaque references."""
    notes = _notes(site)
    assert not re.search(r"\bhit \d|\b\d{9,}\b", notes), f"{site.key}: an opaque reference in notes"
    for sentence in re.split(r"(?<=\.)\s+", notes):
        if CITES.search(sentence) and "terms_url" in sentence:
            assert "https://" in sentence or "unknown" in sentence, f"{site.key}: {sentence}"
