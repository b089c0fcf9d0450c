"""The audit's report as a lead opens it: in a headless Chromium (Debian's, driven by Playwright), with no
network, the page loads with no console error, every chart is drawn, and the tables sort. A screenshot is
kept in tests/artifacts/ (git-ignored) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from generated import write_helpdesk_export

from conftest import ARTIFACTS, lexlint


def test_the_report_opens_offline_with_every_chart_drawn(browser, tmp_path: Path):
    pytest.importorskip("vl_convert")
    export = write_helpdesk_export(tmp_path / "replies.jsonl", 200)
    ran = lexlint("audit", str(export), "--out", str(tmp_path / "audit"), "--jobs", "1", "--title", "March replies")
    assert ran.code == 0, ran.err
    report = tmp_path / "audit" / "report.html"

    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request for {request.url} failed"))
    page.goto(report.as_uri())
    assert page.title() == "March replies"

    figures = page.locator("figure")
    assert figures.count() >= 7  # per rule, scores, per agent (two), per macro, trend, compliance (two), rewrites
    for i in range(figures.count()):
        figure = figures.nth(i)
        chart = figure.locator("svg").first
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50, figure.get_attribute("aria-label")
        assert chart.locator("path, rect, line").count() > 5, figure.get_attribute("aria-label")

    # the agents table sorts by a click on its header: by replies, then the other way
    rows = page.locator("#agents tbody tr")
    assert rows.count() == 5
    header = page.locator("#agents th", has_text="mean score")
    header.click()
    first = [float(rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert first == sorted(first, reverse=True)
    header.click()
    again = [float(rows.nth(i).locator("td").nth(4).inner_text()) for i in range(rows.count())]
    assert again == sorted(again)
    page.locator("input.filter[data-table=agents]").fill("dana")
    assert [r for r in range(rows.count()) if rows.nth(r).is_visible()] != []
    assert sum(rows.nth(r).is_visible() for r in range(rows.count())) == 1

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "audit-report.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"\nscreenshot of the audit report: {shot}")
    assert shot.stat().st_size > 10_000
    assert problems == []
    context.close()
