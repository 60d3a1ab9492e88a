"""The dataset card: counts per site and day from the state, sources with terms of use, fields, citation."""

import json

from scrapy.utils.test import get_crawler

from newscrawl.datacard.collect import collect, fields
from newscrawl.datacard.extension import DatasetCard, crawl_settings
from newscrawl.datacard.markdown import _table, render_markdown
from newscrawl.registry import Selectors
from newscrawl.state import SqliteState
from tests.unit.components import close, component_crawler, mark_exported


class Site:
    key, name, name_en, country, domains = "nile", "بوابة النيل", "Nile Portal", "EG", ("nile.example",)
    terms_url, delay, concurrency, selectors = "https://nile.example/terms", 1.0, 2, Selectors()


def make_state(tmp_path):
    state = SqliteState(tmp_path / "state.sqlite3")
    for n, day in enumerate(["2026-11-25", "2026-11-25", "2026-11-26"]):
        mark_exported(state, f"k{n}", f"{n:020d}", "nile", None, str(tmp_path / "nile" / f"{day}.jsonl"), "r1")
    mark_exported(state, "k9", "9" * 20, "gone", None, str(tmp_path / "gone" / "2024-01-02.jsonl"), "r0")
    return state


def test_collect_counts_sources_fields_and_citation(tmp_path):
    card = collect(output=tmp_path, state=make_state(tmp_path), sites={"nile": Site()},
                   settings={"NEWSCRAWL_FORMATS": "jsonl"}, run={"run_id": "r1", "sites": {"nile": 3}})
    assert card["records"] == 4
    assert card["counts_per_site_day"]["nile"] == {"2026-11-25": 2, "2026-11-26": 1}
    assert card["date_range"] == {"first": "2024-01-02", "last": "2026-11-26"}
    nile = next(s for s in card["sources"] if s["key"] == "nile")
    assert nile["terms_url"] == "https://nile.example/terms" and nile["records"] == 3
    assert next(s for s in card["sources"] if s["key"] == "gone")["terms_url"] is None  # site no longer in registry
    names = {f["name"]: f for f in card["fields"]}
    assert names["id"]["required"] and "cluster_id" in names and card["schema_version"] == "1.0"
    assert card["software"]["trafilatura"] and card["software"]["newscrawl"]
    assert "@misc{" in card["citation"]["bibtex"] and "بوابة النيل" in card["citation"]["bibtex"]
    page = render_markdown(card)
    for heading in ("## Sources", "## Records per site and day", "## Fields", "## How to cite"):
        assert heading in page
    assert "https://nile.example/terms" in page and "| 2026-11-25 | 0 | 2 | 2 |" in page


def test_settings_in_the_card_hide_secrets():
    crawler = get_crawler(settings_dict={"NEWSCRAWL_REDIS_URL": "redis://user:pw@host:6379/0",
                                         "NEWSCRAWL_API_TOKEN": "abc"})
    settings = crawl_settings(crawler.settings)
    assert settings["NEWSCRAWL_REDIS_URL"] == "redis://(redacted)@host:6379/0"
    assert settings["NEWSCRAWL_API_TOKEN"] == "(redacted)"
    assert "ROBOTSTXT_OBEY" in settings and "USER_AGENT" in settings
    json.dumps(settings)


def test_extension_writes_both_files_at_close(tmp_path):
    make_state(tmp_path).close()
    crawler = component_crawler(tmp_path)
    ext = DatasetCard.from_crawler(crawler)
    ext.spider_closed(None, "finished")
    close(crawler)
    data = json.loads((tmp_path / "datacard.json").read_text(encoding="utf-8"))
    assert data["records"] == 4 and data["run"]["outcome"] == "finished"
    assert (tmp_path / "DATACARD.md").read_text(encoding="utf-8").startswith("# ")


def test_field_meanings_with_a_pipe_make_one_table_cell():
    # docs/schema.md writes `"feed" \| "sitemap"` (escaped for its own table): the card must not escape twice
    meaning = next(f["meaning"] for f in fields() if f["name"] == "discovered_via")
    assert '"feed" | "sitemap"' in meaning and "\\" not in meaning  # the JSON card holds the plain text
    row = _table(["field", "meaning"], [["discovered_via", meaning]])[2]
    assert row.count(" | ") == 1 and '"feed" \\| "sitemap"' in row  # escaped once: the row keeps its cells


def write_manifest(output, run_id, outcome, sites, settings=None):
    runs = output / "runs"
    runs.mkdir(exist_ok=True)
    data = {"run_id": run_id, "started": "2026-11-29T08:00:00+00:00", "ended": "2026-11-29T08:10:00+00:00",
            "outcome": outcome, "arguments": {"sites": "nile"}, "sites": sites}
    if settings is not None:
        data["settings"] = settings
    (runs / f"{run_id}.json").write_text(json.dumps(data), encoding="utf-8")


def test_coverage_per_run_and_over_all_runs_equals_the_manifests(tmp_path):
    write_manifest(tmp_path, "r0", "killed", {"nile": {"discovered": 7, "exported": 2, "dropped": {"language": 1},
                                                       "errors": {"http_503": 2}}})
    write_manifest(tmp_path, "r1", "finished", {
        "nile": {"discovered": 5, "exported": 1, "dropped": {"language": 2, "too_short": 1}, "errors": {}},
        "gone": {"discovered": 1, "exported": 0, "dropped": {}, "errors": {"timeout": 1}}},
        settings={"NEWSCRAWL_FORMATS": "jsonl,csv"})
    card = collect(output=tmp_path, state=make_state(tmp_path), sites={"nile": Site()}, settings={}, run={})
    runs = card["coverage"]["runs"]
    assert [r["run_id"] for r in runs] == ["r0", "r1"]
    assert runs[0]["sites"]["nile"] == {"discovered": 7, "exported": 2, "dropped": {"language": 1},
                                        "failed": {"http_503": 2}}
    assert runs[0]["settings"] == "not recorded" and runs[1]["settings"] == {"NEWSCRAWL_FORMATS": "jsonl,csv"}
    assert card["coverage"]["all_runs"] == {
        "gone": {"discovered": 1, "exported": 0, "dropped": {}, "failed": {"timeout": 1}},
        "nile": {"discovered": 12, "exported": 3, "dropped": {"language": 3, "too_short": 1},
                 "failed": {"http_503": 2}}}
    page = render_markdown(card)
    assert "## Coverage: what was collected and what was not" in page
    assert "| nile | 12 | 3 | language 3, too_short 1 | http_503 2 |" in page
    assert "NEWSCRAWL_FORMATS=\"jsonl,csv\"" in page and "## Terms and licence" in page


def test_every_field_has_a_meaning_and_every_source_a_terms_statement(tmp_path):
    assert [f["name"] for f in fields() if not f["meaning"]] == []
    meanings = {f["name"]: f["meaning"] for f in fields()}
    assert len({meanings["section"], meanings["tags"], meanings["image"]}) == 3
    card = collect(output=tmp_path, state=make_state(tmp_path), sites={"nile": Site()}, settings={}, run={})
    terms = {s["key"]: s["terms"] for s in card["sources"]}
    assert "https://nile.example/terms" in terms["nile"] and "unknown" in terms["gone"]
    assert "No licence is granted" in card["licence"] and "MIT" in card["licence"]
