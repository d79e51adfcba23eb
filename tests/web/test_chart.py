"""The server-side SVG chart: one bar per partner and year, heights in proportion, exact titles."""

import re

from app.web.chart import bar_chart, nice_step
from reports.model import Row, Table


def _table(values: list[list[int]]) -> Table:
    rows = [Row(str(2024 + i), [*v, sum(v)]) for i, v in enumerate(values)]
    return Table("t", ["Fonden", "Kommunen", "I alt"], rows)


def test_bars_are_proportional_and_titled() -> None:
    svg = str(bar_chart(_table([[400_000_00, 200_000_00], [100_000_00, 0]]), title="Budget"))
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    heights = [float(h) for h in bars[:4]]
    assert heights[0] == 2 * heights[1] == 4 * heights[2] and heights[3] == 0
    assert "<title>2024 · Fonden: 400.000 kr.</title>" in svg
    assert "Kommunen</text>" in svg and "I alt" not in svg


def test_empty_plan_says_so() -> None:
    assert "Ingen beløb endnu" in str(bar_chart(_table([[0, 0]]), title="x"))


def test_nice_steps() -> None:
    assert [nice_step(v) for v in (5, 1_000_00, 1_330_000_00, 7_300_000_00)] == [
        1,
        200_00,
        500_000_00,
        2_000_000_00,
    ]
