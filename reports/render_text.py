"""Plain-text table for the terminal, laid out like the memo."""

from reports.display import display_rows
from reports.model import Report, Table


def render_table(table: Table) -> str:
    cells = display_rows(table)
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
