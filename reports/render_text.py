"""Plain-text table for the terminal, laid out like the memo."""

from app.formatting import MoneyUnit
from reports.display import display_rows, header, heading, notes
from reports.model import Report, Table


def render_table(table: Table, unit: MoneyUnit = MoneyUnit.KR) -> str:
    cells = display_rows(table, unit)
    head = header(table, unit)
    widths = [max(len(line[i]) for line in [head, *cells]) for i in range(len(head))]
    lines = [table.title, ""]

    def fmt(line: list[str]) -> str:
        first = line[0].ljust(widths[0])
        rest = [value.rjust(width) for value, width in zip(line[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    lines.append(fmt(head))
    lines.extend(fmt(line) for line in cells)
    return "\n".join(lines)


def render_text(report: Report) -> str:
    parts = [report.title, heading(report), ""]
    for table in report.tables:
        parts += [render_table(table, report.unit), ""]
    parts += notes(report)
    return "\n".join(parts).rstrip() + "\n"
