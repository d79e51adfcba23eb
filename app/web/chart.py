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


def bar_chart(table: Table, *, title: str) -> Markup:
    """Bars for each row (year) and column (partner) of a per-partner table, in øre."""
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

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
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
