"""A4 memo-style PDF through ReportLab: title, plan, period, unit, Danish numbers, page numbers."""

import io
from datetime import UTC, datetime
from html import escape

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from reports.formatting import LOCALE, format_ore, needs_decimals
from reports.model import Report, Table

STYLES = getSampleStyleSheet()
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, textColor=colors.grey)
HEADER = ParagraphStyle(
    "header",
    parent=STYLES["Normal"],
    fontName="Helvetica-Bold",
    fontSize=8.5,
    leading=10,
    alignment=TA_RIGHT,
)


def _table_flowable(table: Table, width: float) -> PdfTable:
    decimals = needs_decimals([v for row in table.all_rows for v in row.values])
    # Header cells are paragraphs so long partner names wrap instead of overlapping.
    data = [[table.label_header, *(Paragraph(escape(c), HEADER) for c in table.columns)]]
    data += [
        [row.label, *(format_ore(v, decimals=decimals) for v in row.values)]
        for row in table.all_rows
    ]
    label_width = 40 * mm if any(len(r[0]) > 6 for r in data) else 22 * mm
    value_width = (width - label_width) / max(1, len(table.columns))
    flowable = PdfTable(
        data, colWidths=[label_width] + [value_width] * len(table.columns), repeatRows=1
    )
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]
    if table.total is not None:
        style += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ]
    flowable.setStyle(TableStyle(style))
    return flowable


def render_pdf(report: Report) -> bytes:
    buffer = io.BytesIO()
    generated = report.generated_at or datetime.now(UTC)
    footer_text = (
        f"{report.plan_name} ({report.period[0]}–{report.period[1]}) · "
        f"Dannet {format_date(generated.date(), format='long', locale=LOCALE)}"
    )

    def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(doc.leftMargin, 12 * mm, footer_text)
        canvas.drawRightString(A4[0] - doc.rightMargin, 12 * mm, f"Side {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=report.title,
        author="Boligsocial medfinansiering",
        subject=f"{report.plan_name} {report.period[0]}–{report.period[1]}",
    )
    story = [
        Paragraph(report.title, STYLES["Title"]),
        Paragraph(
            f"Plan: {report.plan_name} · Periode: {report.period[0]}–{report.period[1]} · "
            "Enhed: kr.",
            STYLES["Normal"],
        ),
        Spacer(1, 6 * mm),
    ]
    for table in report.tables:
        story.append(
            KeepTogether(
                [Paragraph(table.title, STYLES["Heading3"]), _table_flowable(table, doc.width)]
            )
        )
        story.append(Spacer(1, 5 * mm))
    for note in report.notes:
        story.append(Paragraph(note, SMALL))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
