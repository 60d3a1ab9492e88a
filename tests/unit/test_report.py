"""The run report and drift alerts, built from recorded run manifests (one with a simulated cliff)."""

from __future__ import annotations

import json
import re

from newscrawl.__main__ import main as newscrawl_main
from newscrawl.report.drift import drift_alerts
from tests.recorded_runs import expected_marks, site, write_runs


def test_the_report_names_the_cliff_and_draws_every_mark(tmp_path, capsys):
    runs = write_runs(tmp_path, days=6)
    (tmp_path / "runs" / "20261100T000000Z-0-0000.json").write_text("{cut off", encoding="utf-8")
    assert newscrawl_main(["report", "--last", "10", "--output", str(tmp_path)]) == 0
    html_path = tmp_path / "reports" / f"{runs[-1]['run_id']}.html"
    assert capsys.readouterr().out.strip() == str(html_path)
    page = html_path.read_text(encoding="utf-8")
    data = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))

    [alert] = data["alerts"]
    assert (alert["site"], alert["signal"], alert["now"], alert["usual"]) == ("wadi", "yield", 0.0, 0.9)
    assert f'class="alert">{alert["message"]}' in page
    assert data["run"]["run_id"] == runs[-1]["run_id"] and len(data["runs"]) == 6  # the broken one left out
    assert data["series"]["exports"]["wadi"]["2026-11-06"] == 0
    assert data["sites"]["qadim"]["quality_shares"]["no_date"] == 0

    # self-contained: no script, nothing fetched from anywhere
    assert "<script" not in page and not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "url(http" not in page
    for chart, marks in expected_marks(runs).items():
        figure = re.search(rf'<figure data-chart="{chart}">(.*?)</figure>', page, re.S).group(1)
        assert len(re.findall(r'id="mark-', figure)) == marks, chart


def test_a_steady_history_raises_no_alert_and_a_short_one_cannot(tmp_path):
    runs = write_runs(tmp_path, days=5, cliff=False)
    assert drift_alerts(runs[-1], runs[:-1]) == []
    cliff = {**runs[-1], "run_id": "later", "sites": {"wadi": site(0, 40)}}
    assert [a["signal"] for a in drift_alerts(cliff, runs)] == ["yield"]
    assert drift_alerts(cliff, runs[:2]) == []  # two earlier runs are not a history


def test_quality_and_blocks_are_drift_too(tmp_path):
    runs = write_runs(tmp_path, days=4, cliff=False)
    undated = {"run_id": "later", "outcome": "finished", "sites": {"sahel": site(12, 12, no_date=10)}}
    assert [a["signal"] for a in drift_alerts(undated, runs)] == ["no_date"]
    blocked = {"run_id": "later", "outcome": "finished",
               "sites": {"sahel": {**site(0, 0), "answered": 1, "errors": {"http_403": 9}}}}
    assert [a["signal"] for a in drift_alerts(blocked, runs)] == ["errors"]


def test_report_without_runs_says_so(tmp_path, capsys):
    assert newscrawl_main(["report", "--output", str(tmp_path)]) == 1
    assert "no run manifest" in capsys.readouterr().out
