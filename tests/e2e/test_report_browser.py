"""The run report opened from a file:// URL in headless Chromium: every chart drawn, offline, mark by mark."""

from __future__ import annotations

import pytest

from newscrawl.rendering.chromium import launch_options
from newscrawl.report.cli import write_report
from tests.recorded_runs import expected_marks, write_runs

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def test_the_report_renders_its_charts_in_chromium_without_network(chromium_browser, tmp_path):
    from playwright.sync_api import sync_playwright

    runs = write_runs(tmp_path, days=6)
    path = write_report(tmp_path, last=30)
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(chromium_browser))
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(path.as_uri(), wait_until="load")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            drawn = page.evaluate("""() => [...document.querySelectorAll('figure[data-chart]')].map(f => {
                const svg = f.querySelector('svg'), box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                const marks = [...f.querySelectorAll('[id^="mark-"]')];
                return {chart: f.dataset.chart, width: box.width, height: box.height, marks: marks.length,
                        painted: marks.filter(m => { const b = m.getBBox(); return b.width || b.height; }).length};
            })""")
            alert = page.inner_text(".alert")
        finally:
            browser.close()
    assert requested == [path.as_uri()]  # nothing else fetched: no script, font or image from anywhere
    assert (tmp_path / "report.png").stat().st_size > 10_000
    expected = expected_marks(runs)
    assert {d["chart"] for d in drawn} == set(expected)
    for d in drawn:
        assert d["width"] > 300 and d["height"] > 150, d
        assert d["marks"] == d["painted"] == expected[d["chart"]], d
    assert alert.startswith("wadi: share of fetched article pages exported fell to 0%")
