"""A4 memo-style PDF through ReportLab: title, plan, period, unit, Danish numbers, page numbers."""

import io
import re
from datetime import UTC, datetime
from functools import lru_cache
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from app.formatting import LOCALE, MoneyUnit
from app.services.errors import TooLarge
from reports.display import display_rows, header, name_with_period, notes
from reports.model import Report, Table
from reports.pdf_wrap import fit_cell

STYLES = getSampleStyleSheet()
# A PDF text is bounded so that a hostile name cannot pin a worker in layout.
MAX_PDF_TEXT = 500
# Rendering time grows with pages; a report this long is read as CSV/XLSX, not printed.
MAX_PDF_PAGES = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain_text(value: object) -> str:
    """Text drawn as it is (no markup): control characters as spaces, length bounded."""
    text = _CONTROL.sub(" ", str(value))
    return text if len(text) <= MAX_PDF_TEXT else text[: MAX_PDF_TEXT - 1] + "…"


def pdf_text(value: object) -> str:
    """User text as ReportLab *text*, never markup: the one door into every Paragraph.

    Paragraphs parse a mini-HTML (<a>, <img>, <font>); a plan named ``<img src=...>`` would
    otherwise embed a file from the server's disk or a link into the PDF.
    """
    return escape(plain_text(value))


SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, textColor=colors.grey)
CELL = ParagraphStyle("cell", parent=STYLES["Normal"], fontName="Helvetica", fontSize=8.5)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")
HEAD_RIGHT = ParagraphStyle("head_right", parent=HEAD, alignment=TA_RIGHT)
STAMP = ParagraphStyle("stamp", parent=STYLES["Normal"], fontName="Helvetica-Bold", spaceBefore=2)
FONT_SIZE = 8.5
PADDING = 6  # ReportLab's default cell padding, left and right


@lru_cache(maxsize=64)
def _style(bold: bool, right: bool, size: float) -> ParagraphStyle:
    parent = (HEAD_RIGHT if right else HEAD) if bold else CELL
    name = f"{parent.name}_{size}"
    return ParagraphStyle(name, parent=parent, fontSize=size, leading=size * 1.2)


def _cell(text: str, room: float, *, bold: bool, right: bool) -> str | Paragraph:
    """A cell as it is when it fits, else its lines wrapped at spaces and syllable breaks
    (reports.pdf_wrap), in a smaller font when a syllable would not fit either."""
    font = "Helvetica-Bold" if bold else "Helvetica"
    room -= 2 * PADDING
    if stringWidth(text, font, FONT_SIZE) <= room:
        return text
    lines, size = fit_cell(text, font, FONT_SIZE, room)
    return Paragraph("<br/>".join(pdf_text(line) for line in lines), _style(bold, right, size))


def _table_flowable(table: Table, width: float, unit: MoneyUnit) -> PdfTable:
    data = [
        [plain_text(text) for text in line]
        for line in [header(table, unit), *display_rows(table, unit)]
    ]
    # Wide enough for the longest label (about 1,6 mm a character at 8,5 pt), at most 40 %.
    longest = max(len(r[0]) for r in data)
    label_width = min(width * 0.4, max(22 * mm, longest * 1.6 * mm + 4 * mm))
    if not table.columns:  # a table of texts (the LBF package's checks): the whole width
        label_width = width
    value_width = (width - label_width) / max(1, len(table.columns))
    # Texts wider than their column wrap instead of running into the next one.
    last = len(data) - 1
    for r, line in enumerate(data):
        bold = r == 0 or (table.total is not None and r == last)
        for c, text in enumerate(line):
            room = label_width if c == 0 else value_width
            line[c] = _cell(text, room, bold=bold, right=c > 0 and r == 0)
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
    footer_text = plain_text(
        f"{name_with_period(report.plan_name, *report.period)} · "
        f"Dannet {format_date(generated.date(), format='long', locale=LOCALE)}"
    )

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page > MAX_PDF_PAGES:  # a bound on rendering time, whatever the data
            raise TooLarge(
                f"Rapporten bliver over {MAX_PDF_PAGES} sider som PDF; hent den som CSV eller "
                "XLSX i stedet.",
                "format",
            )
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
        title=plain_text(report.title),
        author="Boligsocial medfinansiering",
        subject=plain_text(f"{report.plan_name} {report.period[0]}–{report.period[1]}"),
    )
    story = [
        Paragraph(pdf_text(report.title), STYLES["Title"]),
        Paragraph(
            f"Plan: {pdf_text(report.plan_name)} · "
            f"Periode: {report.period[0]}–{report.period[1]} · Enhed: {report.unit.label}",
            STYLES["Normal"],
        ),
        *[Paragraph(pdf_text(line), STAMP) for line in report.stamp],
        Spacer(1, 6 * mm),
    ]
    for table in report.tables:
        story.append(
            KeepTogether(
                [
                    Paragraph(pdf_text(table.title), STYLES["Heading3"]),
                    _table_flowable(table, doc.width, report.unit),
                ]
            )
        )
        story.append(Spacer(1, 5 * mm))
    for note in notes(report):
        story.append(Paragraph(pdf_text(note), SMALL))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
