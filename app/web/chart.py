"""A grouped bar chart as inline SVG, drawn on the server: contributions per partner per year.

No JavaScript library: the chart is plain markup the browser
can read; every bar carries a <title> with the exact Danish amount. A negative net amount is
drawn at zero (the table beside the chart shows its value).
"""

from markupsafe import Markup, escape

from app.formatting import format_ore
from reports.model import Table

COLOURS = ["#1f5f99", "#d9822b", "#3a8a4f", "#8e44ad", "#b23b3b", "#5b6577", "#c2a500"]
WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 90, 16, 16, 72


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A round tick step (1, 2 or 5 × 10^n øre-kroner) so the axis reads well."""
    raw = max(maximum, 1) / ticks
    power = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def _head(chart_id: str, title: str, description: str) -> list[str]:
    """The opening tag with its accessible name and description (ids unique per chart)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    table: Table, *, title: str, chart_id: str = "chart", description: str = ""
) -> Markup:
    """Bars for each row (year) and column (partner, or budget and regnskab) of a table in
    øre; `chart_id` keeps the ids unique when a page has more than one chart."""
    columns = [c for c in table.columns if c != "I alt"]
    rows = table.rows
    values = [[max(row.values[i] or 0, 0) for i in range(len(columns))] for row in rows]
    top = max((v for row in values for v in row), default=0)
    step = nice_step(top) if top else 100_000_00
    axis_max = step * max(1, -(-top // step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(rows), 1)
    bar_w = group_w * 0.8 / max(len(columns), 1)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / axis_max

    parts = _head(chart_id, title, description or "Søjlediagram; tabellen viser tallene.")
    for tick in range(0, axis_max + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#d8dde6"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(format_ore(tick))}</text>"
        )
    if top == 0:
        parts.append(
            f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
            'font-size="14" fill="#5b6577">Ingen beløb endnu</text>'
        )
    for r, row in enumerate(rows):
        x0 = LEFT + r * group_w + group_w * 0.1
        for c, value in enumerate(values[r]):
            x = x0 + c * bar_w
            label = f"{row.label} · {columns[c]}: {format_ore(row.values[c])} kr."
            parts.append(
                f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w * 0.92:.1f}" '
                f'height="{TOP + plot_h - y(value):.1f}" fill="{COLOURS[c % len(COLOURS)]}">'
                f"<title>{escape(label)}</title></rect>"
            )
        parts.append(
            f'<text x="{LEFT + (r + 0.5) * group_w:.1f}" y="{TOP + plot_h + 16}" '
            f'text-anchor="middle" font-size="12">{escape(row.label)}</text>'
        )
    legend_y = HEIGHT - 24
    x = LEFT
    for c, name in enumerate(columns):
        parts.append(
            f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{COLOURS[c % len(COLOURS)]}"/>'
            f'<text x="{x + 16}" y="{legend_y}" font-size="12">{escape(name)}</text>'
        )
        x += 28 + 7 * len(name)
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram(
    bands: list[tuple[str, int]], *, title: str, chart_id: str, marker: int, description: str
) -> Markup:
    """Counts per band (e.g. plans per 5 %-band of their local share), with a dashed line
    before band number `marker` (e.g. the 25 % minimum)."""
    top = max((count for _, count in bands), default=0)
    step = nice_step(top) if top else 1
    axis_max = step * max(1, -(-top // step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band_w = plot_w / max(len(bands), 1)

    def y(value: int) -> float:
        return TOP + plot_h - plot_h * value / axis_max

    parts = _head(chart_id, title, description)
    for tick in range(0, axis_max + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#d8dde6"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">'
            f"{tick}</text>"
        )
    for index, (label, count) in enumerate(bands):
        x = LEFT + index * band_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{y(count):.1f}" width="{band_w - 2:.1f}" '
            f'height="{TOP + plot_h - y(count):.1f}" fill="{COLOURS[0]}">'
            f"<title>{escape(label)}: {count} planer</title></rect>"
        )
        if index % 2 == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label.split("–")[0])}</text>'
            )
    line_x = LEFT + marker * band_w
    parts.append(
        f'<line x1="{line_x:.1f}" x2="{line_x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
        'stroke="#b23b3b" stroke-width="2" stroke-dasharray="6 4" class="marker"/>'
        f'<text x="{line_x + 4:.1f}" y="{TOP + 12}" font-size="12" fill="#8a1f1f">'
        "Minimum 25 %</text>"
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 24}" text-anchor="middle" '
        'font-size="12">Lokal medfinansiering (%), antal planer pr. 5 %-interval</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
