"""Plain-text table for the terminal, laid out like the memo."""

from reports.formatting import format_ore, needs_decimals
from reports.model import Report, Table


def render_table(table: Table) -> str:
    decimals = needs_decimals([v for row in table.all_rows for v in row.values])
    cells = [
        [row.label, *(format_ore(v, decimals=decimals) for v in row.values)]
        for row in table.all_rows
    ]
    header = [table.label_header, *table.columns]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    lines = [table.title, ""]

    def fmt(line: list[str]) -> str:
        first = line[0].ljust(widths[0])
        rest = [value.rjust(width) for value, width in zip(line[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    lines.append(fmt(header))
    lines.extend(fmt(line) for line in cells)
    return "\n".join(lines)


def render_text(report: Report) -> str:
    parts = [report.title, report.subtitle, ""]
    for table in report.tables:
        parts += [render_table(table), ""]
    parts += report.notes
    return "\n".join(parts).rstrip() + "\n"
