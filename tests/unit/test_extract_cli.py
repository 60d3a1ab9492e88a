"""``python -m newscrawl extract``: the record as the crawl exports it; internals only with ``--debug``."""

from __future__ import annotations

import json
import urllib.request

from newscrawl.extract.cli import main
from newscrawl.items import json_schema


def saved_page(fixture_news, tmp_path) -> tuple[str, str]:
    outlet = fixture_news.outlets["marsad"]
    article = next(a for a in outlet.articles if a.role == "anatomy-news")
    url = outlet.url(article.path)
    path = tmp_path / "page.html"
    path.write_bytes(urllib.request.urlopen(url).read())
    return str(path), url


def test_prints_the_schema_fields_only(fixture_news, tmp_path, capsys) -> None:
    path, url = saved_page(fixture_news, tmp_path)
    assert main([path, "--url", url, "--fetched-at", "2026-11-27T10:00:00+04:00"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) <= set(json_schema()["properties"])
    assert "blocks" not in record and "paragraphs" not in record
    assert record["fetched_at"] == "2026-11-27T10:00:00+04:00"
    assert record["word_count"] == len(record["text"].split()) and len(record["embeds"]) == 8


def test_debug_adds_the_internals_apart(fixture_news, tmp_path, capsys) -> None:
    path, url = saved_page(fixture_news, tmp_path)
    assert main([path, "--url", url, "--debug"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["debug"]["blocks"] and record["debug"]["paragraphs"] == record["text"].split("\n\n")
