"""``DATACARD.md``: the dataset card (newscrawl.datacard.collect) as a page a person reads."""

from __future__ import annotations

import json
from typing import Any

MAX_DAY_ROWS = 60  # the per-day table shows the latest days; datacard.json has them all


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(card: dict[str, Any]) -> str:
    out = [f"# {card['title']}", "",
           f"Generated {card['generated']} by newscrawl {card['software']['newscrawl']}. Machine-readable copy: "
           "`datacard.json` beside this file.", ""]
    span = card["date_range"]
    out += [f"- **Records:** {card['records']} articles, schema version {card['schema_version']}",
            f"- **Publication dates:** {span['first']} to {span['last']}" if span else "- **Publication dates:** none",
            f"- **Formats:** {', '.join(card['formats']) or 'none yet'} (one folder each, "
            "`<format>/site=<site>/<YYYY-MM-DD>.<format>`; `pd.read_parquet(\"parquet\")` reads them all, "
            "see docs/formats.md)",
            f"- **Raw pages:** {card['warc_files']} WARC file(s) in `warc/` (re-extract with "
            "`python -m newscrawl reextract warc/*.warc.gz`)"]
    if card.get("near_duplicates"):
        nd = card["near_duplicates"]
        out.append(f"- **Near-duplicate index:** {nd['indexed']} articles in {nd['clusters']} clusters "
                   "(`cluster_id`, docs/neardup.md)")
    out += ["", "## Sources", "",
            "Each outlet keeps the rights to its articles. Check its terms of use before redistributing text.", ""]
    out += _table(["site", "outlet", "country", "domains", "records", "terms of use"],
                  [[s["key"], s["name"] or "", s["country"] or "", ", ".join(s["domains"]), s["records"],
                    s["terms_url"] or "unknown"] for s in card["sources"]])
    out += ["## Terms and licence", "", card["licence"], ""]
    out += _table(["site", "terms"], [[s["key"], s["terms"]] for s in card["sources"]])
    out += coverage_section(card["coverage"])

    out += ["## Records per site and day", ""]
    per_day = card["counts_per_site_day"]
    days = sorted({d for counts in per_day.values() for d in counts}, reverse=True)
    shown = days[:MAX_DAY_ROWS]
    sites = sorted(per_day)
    out += _table(["day", *sites, "total"],
                  [[d, *[per_day[s].get(d, 0) for s in sites], sum(per_day[s].get(d, 0) for s in sites)]
                   for d in shown])
    if len(days) > len(shown):
        out += [f"({len(days) - len(shown)} earlier day(s) in datacard.json)", ""]

    out += ["## Fields", "", "Schema: `newscrawl/schema/article.schema.json` (docs/schema.md).", ""]
    out += _table(["field", "type", "required", "meaning"],
                  [[f"`{f['name']}`", f["type"], "yes" if f["required"] else "", f["meaning"]]
                   for f in card["fields"]])

    out += ["## How it was collected", "",
            "newscrawl discovers articles from each outlet's feeds, sitemaps and section pages, obeys robots.txt, "
            "fetches politely (per-site delay and concurrency), extracts the text with trafilatura plus "
            "Arabic-specific rules, removes exact duplicates per site, and links republished copies "
            "(`duplicate_of`) and near-duplicates (`cluster_id`) across outlets.", "",
            "### Crawl settings", ""]
    out += _table(["setting", "value"], [[k, json.dumps(v, ensure_ascii=False)] for k, v in card["settings"].items()])
    out += ["### Software", ""]
    out += _table(["component", "version"], [[k, v or "-"] for k, v in card["software"].items()])
    out += ["### Settings per run", ""]
    for run in card["coverage"]["runs"]:
        settings = run["settings"]
        shown = settings if isinstance(settings, str) else ", ".join(
            f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in settings.items() if k.startswith("NEWSCRAWL_"))
        out += [f"- `{run['run_id']}` ({run['outcome']}), arguments {json.dumps(run.get('arguments'))}: {shown}"]
    out += [""]
    run = card.get("run") or {}
    if run:
        out += ["### Last run", "", f"Run `{run.get('run_id')}`: {run.get('outcome')}, started {run.get('started')}, "
                f"ended {run.get('ended')}; exported {run.get('exported', 0)} record(s).", ""]

    cite = card["citation"]
    out += ["## How to cite", "", cite["text"], "", "```bibtex", cite["bibtex"], "```", ""]
    return "\n".join(out)


def _reasons(reasons: dict[str, int]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in reasons.items()) or "-"


def coverage_section(cov: dict[str, Any]) -> list[str]:
    """What every run discovered, exported, dropped and failed to fetch, per site: over all runs, then per run."""
    header = ["site", "discovered", "exported", "dropped (by reason)", "failed (by kind)"]
    out = ["## Coverage: what was collected and what was not", "",
           "From the run manifests in `runs/`: article links discovered, records exported, pages or items "
           "dropped by reason and requests that failed by kind (docs/stats.md), per site.", "", "### All runs", ""]
    out += _table(header, [[site, f["discovered"], f["exported"], _reasons(f["dropped"]), _reasons(f["failed"])]
                           for site, f in cov["all_runs"].items()])
    for run in cov["runs"]:
        out += [f"### Run `{run['run_id']}` ({run['outcome']}, {run['started']} to {run['ended']})", ""]
        out += _table(header, [[site, f["discovered"], f["exported"], _reasons(f["dropped"]), _reasons(f["failed"])]
                               for site, f in run["sites"].items()])
    return out
