"""``python -m newscrawl sites list``: the table, --json, the country filter, another sites folder."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from newscrawl.registry import cli as sites_cli
from newscrawl.registry import load_registry, load_site_file

ROOT = Path(__file__).resolve().parents[2]
SITE = """key = "{key}"
name = "{name}"
name_en = "{name_en}"
domains = ["{key}.example"]
country = "{country}"
timezone = "Africa/Cairo"
verified = ""
sources = [
  {{ type = "feed", url = "https://{key}.example/feed" }},
  {{ type = "sitemap", url = "https://{key}.example/sitemap.xml" }},
  {{ type = "sitemap", url = "https://{key}.example/{{YYYY}}/{{MM}}.xml", partition = "monthly" }},
]
[articles]
allow = ['/news/\\d+$']
"""


@pytest.fixture
def sites_dir(tmp_path: Path) -> Path:
    for key, name, name_en, country in [("nile", "النيل", "Nile", "EG"), ("atlas", "الأطلس", "Atlas", "MA")]:
        (tmp_path / f"{key}.toml").write_text(SITE.format(key=key, name=name, name_en=name_en, country=country),
                                              encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = sites_cli.main(["list", *argv])
    return status, capsys.readouterr().out


def test_table_lists_every_bundled_site(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys)
    registry = load_registry()
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[:4] == ["key", "name", "country", "feeds"]
    assert lines[-2] == "" and {line.split()[0] for line in lines[2:-2]} == set(registry)
    assert f"{len(registry)} sites" in lines[-1]
    assert "الجزيرة نت" in out and "youm7" in out  # Arabic names printed as such


def test_json_is_a_list_with_counts_by_type(capsys: pytest.CaptureFixture[str], sites_dir: Path) -> None:
    status, out = run(capsys, "--json", "--sites-dir", str(sites_dir))
    rows = json.loads(out)
    assert status == 0 and [r["key"] for r in rows] == ["nile", "atlas"]  # sorted by country, then key
    nile = rows[0]
    assert nile["name"] == "النيل" and nile["country"] == "EG" and nile["mode"] == "plain"
    assert nile["sources"] == {"feed": 1, "sitemap": 2, "listing": 0}
    assert nile["verified"] == "" and nile["enabled"] is True
    assert "\\u" not in out and "النيل" in out  # ensure_ascii=False


def test_country_filter(capsys: pytest.CaptureFixture[str], sites_dir: Path) -> None:
    _, out = run(capsys, "--country", "ma", "--sites-dir", str(sites_dir))
    assert "atlas" in out and "nile" not in out and "1 sites, 1 countries" in out
    _, out = run(capsys, "--country", "MA,EG", "--json", "--sites-dir", str(sites_dir))
    assert {r["key"] for r in json.loads(out)} == {"nile", "atlas"}
    _, out = run(capsys, "--country", "MA", "--json")
    bundled = json.loads(out)
    assert bundled and all(r["country"] == "MA" for r in bundled) and "hespress" in {r["key"] for r in bundled}


def test_missing_terms_flagged_and_filterable(capsys: pytest.CaptureFixture[str], sites_dir: Path) -> None:
    path = sites_dir / "atlas.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'verified = ""', 'verified = ""\nterms_url = "https://atlas.example/terms"'), encoding="utf-8")
    _, out = run(capsys, "--sites-dir", str(sites_dir))
    header, _, *rows = out.splitlines()
    terms = header.split().index("terms")
    by_key = {row.split()[0]: row.split()[terms] for row in rows if row.strip() and "sites," not in row}
    assert by_key == {"nile": "MISSING", "atlas": "yes"}
    assert "2 sites, 2 countries, 1 without a terms-of-use URL" in out
    _, out = run(capsys, "--missing-terms", "--json", "--sites-dir", str(sites_dir))
    rows = json.loads(out)
    assert [r["key"] for r in rows] == ["nile"] and rows[0]["terms_url"] == ""


def test_env_variable_names_the_folder(capsys, sites_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCRAWL_SITES_DIR", str(sites_dir))
    _, out = run(capsys, "--json")
    assert {r["key"] for r in json.loads(out)} == {"nile", "atlas"}


def test_bad_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('key = "bad"\n', encoding="utf-8")
    assert sites_cli.main(["list", "--sites-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "field 'domains'" in err


def test_unknown_key_for_check_is_an_error(capsys: pytest.CaptureFixture[str], sites_dir: Path) -> None:
    assert sites_cli.main(["check", "nosuch", "--sites-dir", str(sites_dir)]) == 2
    assert "unknown site key(s): nosuch" in capsys.readouterr().err


def test_mark_verified_rewrites_only_that_line(sites_dir: Path) -> None:
    path = sites_dir / "nile.toml"
    before = path.read_text(encoding="utf-8")
    sites_cli.mark_verified(str(path), date(2026, 1, 2))
    after = path.read_text(encoding="utf-8")
    assert load_site_file(path).verified == "2026-01-02"
    assert after == before.replace('verified = ""', 'verified = "2026-01-02"')


def test_module_entry_point(sites_dir: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "newscrawl", "sites", "list", "--json", "--sites-dir", str(sites_dir)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True)
    assert {r["key"] for r in json.loads(proc.stdout)} == {"nile", "atlas"}


# -- the check's helpers (the check itself runs against the fixture site in tests/e2e) -----------------
def test_partition_candidates_today_then_previous(sites_dir: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from newscrawl.registry.health import SiteCheck

    site = load_registry(sites_dir)["nile"]
    check = SiteCheck(site, now=datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Africa/Cairo")))
    monthly = site.sources[2]
    assert check.candidate_urls(monthly) == ["https://nile.example/2027/01.xml", "https://nile.example/2026/12.xml"]
    daily = type(monthly)("sitemap", "https://nile.example/Sitemap/{YYYY}/{M}/{D}", partition="daily")
    assert check.candidate_urls(daily) == ["https://nile.example/Sitemap/2027/1/1",
                                           "https://nile.example/Sitemap/2026/12/31"]
    assert check.candidate_urls(site.sources[0]) == ["https://nile.example/feed"]


def test_uri_and_body_sniffing() -> None:
    from newscrawl.registry.health import looks_like_html, to_uri

    assert to_uri("http://x.example/2026/11/26/خبر/?q=أ") == "http://x.example/2026/11/26/%D8%AE%D8%A8%D8%B1/?q=%D8%A3"
    assert to_uri("https://x.example/a%20b?p=1&s=%D8%A3") == "https://x.example/a%20b?p=1&s=%D8%A3"
    assert looks_like_html(b"\n<!DOCTYPE html><html><body>consent</body></html>")
    assert not looks_like_html(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
