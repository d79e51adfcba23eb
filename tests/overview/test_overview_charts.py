"""The overview's charts: plans per 5 %-band of local share with the 25 % line, and budget vs
regnskab per year; accessible names and descriptions with ids unique per chart."""

import re

from app.web.chart import bar_chart, histogram
from reports.overview import (
    Overview,
    OverviewRow,
    Sums,
    budget_actual_table,
    marker_band,
    share_bands,
)


def _row(local: int, fund: int) -> OverviewRow:
    return OverviewRow(1, "p", "P", 1, "K", 2020, 2023, None, None, Sums(local=local, fund=fund))


def test_share_bands_count_each_plan_once_in_its_band() -> None:
    rows = [_row(49, 951), _row(50, 950), _row(249, 751), _row(250, 750), _row(1000, 0),
            _row(1200, -200), _row(-30, 1030), _row(0, 0)]  # fmt: skip
    bands = dict(share_bands(rows))
    assert len(bands) == 20 and sum(bands.values()) == 7  # the plan without budget in none
    assert bands["0–5 %"] == 2  # 4,9 % and −3 % (nearest band)
    assert bands["5–10 %"] == 1 and bands["20–25 %"] == 1 and bands["25–30 %"] == 1
    assert bands["95–100 %"] == 2  # 100 % and 120 %
    assert marker_band() == 5


def test_histogram_marks_the_minimum_and_is_named() -> None:
    bands = [(f"{i * 5}–{i * 5 + 5} %", count) for i, count in enumerate([0, 2, 4] + [0] * 17)]
    svg = str(histogram(bands, title="Fordeling", chart_id="c2", marker=5, description="D"))
    assert 'aria-labelledby="c2-title c2-desc"' in svg
    assert '<title id="c2-title">Fordeling</title><desc id="c2-desc">D</desc>' in svg
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 20 and heights[2] == 2 * heights[1] and heights[0] == 0
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg)]
    marker = float(re.search(r'<line x1="([\d.]+)"[^>]*class="marker"', svg).group(1))
    assert xs[4] < marker < xs[5]  # between the 20–25 % and the 25–30 % bars
    assert "<title>5–10 %: 2 planer</title>" in svg and "Minimum 25 %" in svg


def test_year_chart_has_budget_and_regnskab_per_year() -> None:
    result = Overview([], Sums(), {2019: (100_00, 50_00), 2020: (0, 0), 2021: (300_00, 0)})
    table = budget_actual_table(result)
    assert [r.label for r in table.rows] == ["2019", "2020", "2021"]
    svg = str(bar_chart(table, title="År", chart_id="c1"))
    assert 'id="c1-title"' in svg and 'id="chart-title"' not in svg
    assert "<title>2019 · Regnskab: 50 kr.</title>" in svg
