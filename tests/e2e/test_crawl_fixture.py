"""The real ``scrapy crawl news`` against the fixture news site: the spine's promises, end to end.

Once per crawl-state backend (SQLite, Redis), one FixtureNews instance (runs 2 and 3 depend on run 1's
state): run 1 exports every article once; run 2, with nothing new, requests no article and exports
nothing; after articles are published, run 3 exports exactly those.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from newscrawl.items import json_schema
from newscrawl.textnorm import normalize_arabic
from tests.conftest import backend_for
from tests.e2e.crawling import jsonl_files, manifests, read_records, run_crawl
from tests.fixture_site import FixtureNews

pytestmark = pytest.mark.e2e
PLAIN_OUTLETS = ["wadi", "sahel", "nile", "qadim"]
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "expected.json"


@pytest.fixture(scope="module", params=["sqlite", "redis"])
def backend(request):
    """The whole module runs on each crawl-state backend: the SQLite file, and Redis (one worker)."""
    return backend_for(request)


@pytest.fixture(scope="module")
def site(backend):
    with FixtureNews() as fixture:
        yield fixture


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, site, backend):
    root = tmp_path_factory.mktemp(f"crawl-{backend.name}")
    site.write_profiles(root / "sites", keys=PLAIN_OUTLETS)
    root.joinpath("args").write_text("\n".join(backend.args()), encoding="utf-8")
    return root


def crawl(workdir):
    """Run the crawl on the module's backend."""
    args = filter(None, workdir.joinpath("args").read_text().split("\n"))
    return run_crawl(workdir / "sites", workdir / "out", *args)


@pytest.fixture(scope="module")
def first_run(site, workdir):
    site.reset_log()
    result = crawl(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, read_records(workdir / "out")


def by_site(records):
    sites: dict[str, list[str]] = {}
    for r in records:
        sites.setdefault(r["site"], []).append(r["canonical_url"])
    return sites


def test_every_article_exported_exactly_once_per_site(site, first_run):
    _, records = first_run
    exported = by_site(records)
    for key in PLAIN_OUTLETS:
        urls = exported.get(key, [])
        assert [u for u, n in Counter(urls).items() if n > 1] == [], f"{key}: exported twice"
        assert set(urls) == site.expected()[key], f"{key}: exported set differs from the site's articles"


def test_every_record_valid_against_the_schema_and_utf8_unescaped(workdir, first_run):
    _, records = first_run
    validator = Draft202012Validator(json_schema())
    for record in records:
        errors = list(validator.iter_errors(record))
        assert not errors, f"{record['url']}: {errors[0].message}"
    for path in jsonl_files(workdir / "out"):
        raw = path.read_text(encoding="utf-8")
        assert "\\u0" not in raw and re.search("[\u0600-\u06ff]", raw), path


def test_url_variants_collapse_into_one_record(site, first_run):
    _, records = first_run
    variants = site.variants()
    matching = [r for r in records if r["canonical_url"] == variants["canonical"]]
    assert len(matching) == 1


def test_wire_story_exported_for_both_outlets_second_marked_duplicate(site, first_run):
    _, records = first_run
    wire = site.wire_story()
    first = next(r for r in records if r["canonical_url"] == wire["first"])
    second = next(r for r in records if r["canonical_url"] == wire["second"])
    assert first["site"] != second["site"]
    assert first["duplicate_of"] is None
    assert second["duplicate_of"] == first["id"]
    # The near-duplicate cluster is named after the copy published first too, whatever the fetch order.
    near = next(r for r in records if r["canonical_url"] == wire["near_duplicate"])
    assert first["cluster_id"] == second["cluster_id"] == near["cluster_id"] == first["id"]


def test_windows_1256_page_decoded(site, first_run):
    _, records = first_run
    legacy = [r for r in records if r["site"] == "qadim"]
    assert legacy
    for record in legacy:
        article = site.article_for(record["canonical_url"])
        assert normalize_arabic(article.paragraphs[0][:80]) in normalize_arabic(record["text"])
        assert "Ø" not in record["text"] and "Ù" not in record["text"]


def test_seed_article_blocks_in_order_without_headline_or_boilerplate(site, first_run):
    if not SEED.exists():
        pytest.skip("../shared/seed is absent (a user's clone): the fixture serves no seed page")
    _, records = first_run
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    record = next(r for r in records if r["canonical_url"] == site.seed_url())
    blocks = record["text"].split("\n\n")
    assert blocks == expected["paragraphs"]
    assert record["title"] == expected["title"]
    assert not record["text"].startswith(expected["title"])
    for line in expected["boilerplate"]:
        assert normalize_arabic(line) not in normalize_arabic(record["text"]), line


def test_bad_input_is_logged_and_counted_never_fatal(site, workdir, first_run):
    result, _ = first_run
    run = manifests(workdir / "out")[-1]
    assert run["outcome"] == "finished"
    kinds = {r["kind"] for r in site.bad_routes()}
    sites = run["sites"]
    assert sites["wadi"]["dropped"].get("language", 0) >= 1 if "english" in kinds else True
    assert sum(s["errors"].get("http_500", 0) for s in sites.values()) >= 1
    assert sum(s["errors"].get("http_404", 0) for s in sites.values()) >= 1
    assert sum(s["errors"].get("too_large", 0) for s in sites.values()) >= 1
    assert sum(s["dropped"].get("not_html", 0) for s in sites.values()) >= 2  # a PDF and a JPEG
    assert sites["nile"]["dropped"].get("truncated_html", 0) == 1
    disallowed = [r for r in site.bad_routes() if r["kind"] == "disallowed"]
    assert disallowed and sum(s["errors"].get("robots_forbidden", 0) for s in sites.values()) == len(disallowed)
    assert not {urlsplit(r["url"]).path for r in disallowed} & {r.path for r in site.requests_for(kind="article")}
    assert "Traceback" not in result.stderr


def test_manifest_counts_per_site(workdir, first_run):
    _, records = first_run
    run = manifests(workdir / "out")[-1]
    for key in PLAIN_OUTLETS:
        counts = run["sites"][key]
        assert counts["exported"] == sum(1 for r in records if r["site"] == key)
        assert counts["discovered"] >= counts["requested"] >= counts["exported"] > 0
        assert counts["files"] and all(Path(f).exists() for f in counts["files"])
    # every article request ended in one counted outcome, the bad pages of every outlet included
    assert {key: site["unaccounted"] for key, site in run["sites"].items()} == dict.fromkeys(PLAIN_OUTLETS, 0)
    assert run["unaccounted"] == 0


def test_every_counter_of_a_real_crawl_is_documented(workdir, first_run):
    from tests.unit.test_stats_names import documented

    run = manifests(workdir / "out")[-1]
    patterns = documented()
    assert run["totals"]["exported"] > 0
    assert sorted(n for n in run["totals"] if not any(p.match(n) for p in patterns)) == []


@pytest.fixture(scope="module")
def second_run(site, workdir, first_run):
    """The same crawl again, nothing changed on the sites: (its result, listings requested by the first run)."""
    first_listings = len(site.requests_for(kind="listing"))
    site.reset_log()
    result = crawl(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, first_listings


def test_second_run_requests_no_article_and_exports_nothing(site, workdir, first_run, second_run):
    _, before = first_run
    result, first_listings = second_run
    # Only pages that failed on the server's side (a 500, a truncated body) are asked again.
    transient = {r["url"] for r in site.bad_routes() if r["kind"] in ("error500", "broken")}
    asked = {site.outlets[r.outlet].url(r.path) for r in site.requests_for(kind="article")}
    assert asked == transient
    # Those failures wait in the retry queue: no feed or sitemap is read again for them.
    sources = site.requests_for(kind="feed") + site.requests_for(kind="sitemap")
    assert sources and {r.status for r in sources} == {304}
    assert len(read_records(workdir / "out")) == len(before)
    run = manifests(workdir / "out")[-1]
    assert run["outcome"] == "finished"
    assert sum(s["exported"] for s in run["sites"].values()) == 0
    assert sum(s["not_modified"] for s in run["sites"].values()) > 0
    assert sum(s["skipped_seen"] for s in run["sites"].values()) > 0  # listings still link to exported articles
    # Section pages with nothing new are not followed to their older pages.
    assert 0 < len(site.requests_for(kind="listing")) < first_listings


# Lines a rerun with nothing new may log at WARNING or above, each with why the researcher must still act.
RERUN_ALLOWED: tuple[re.Pattern[str], ...] = ()
LOUD = re.compile(r"^\S+ \S+ \[[^\]]+\] (?:WARNING|ERROR|CRITICAL): .*$", re.M)


def test_second_run_repeats_no_warning(first_run, second_run):
    """What an earlier run told (a known-bad page, a failure queued for retry, a robots.txt refusal) and what
    is off by design (flag-mode near-duplicates, not distributed) is not warned about again every night."""
    first, _ = first_run
    result, _ = second_run
    assert LOUD.search(first.stderr)  # the first run does warn (the fixture's bad pages): the pattern matches
    loud = [line for line in LOUD.findall(result.stderr) if not any(p.search(line) for p in RERUN_ALLOWED)]
    assert loud == []
    assert "Traceback" not in result.stderr


def test_third_run_exports_exactly_the_new_articles(site, workdir, first_run, second_run):
    _, before = first_run
    new = set(site.add_articles("wadi", 2)) | set(site.add_articles("sahel", 2))
    result = crawl(workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    after = read_records(workdir / "out")
    added = {r["canonical_url"] for r in after} - {r["canonical_url"] for r in before}
    assert added == new
    assert len(after) == len(before) + len(new)
