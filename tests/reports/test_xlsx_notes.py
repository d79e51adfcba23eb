"""The spreadsheets say what the PDF says: a year without regnskab is "–" (not an empty cell a
reader takes for 0), with the legend, and the report's notes are under its tables."""

import io

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.models import MasterPlan
from reports.cofinancing import cofinancing_report
from reports.display import NO_ACCOUNTS_LEGEND
from reports.exports import render_export
from reports.lbf_package import lbf_package
from reports.render_xlsx import render_xlsx


def cells(data: bytes) -> list[list[object]]:
    """Every sheet's rows, one after another, as the values openpyxl reads back."""
    book = load_workbook(io.BytesIO(data))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_years_without_regnskab_are_a_dash_with_the_legend(
    db: Session, slagelse: MasterPlan
) -> None:
    """The Slagelse seed has regnskab for 2017–2019: 2020 and 2021 are "–" in every column,
    the accounted years are numbers, and the I alt row still sums them (SUM skips text)."""
    rows = cells(render_xlsx(cofinancing_report(db, slagelse, form="partners", kind="actual")))
    by_year = {row[0]: row[1:] for row in rows if row[0] in {"2019", "2020", "2021"}}
    width = len([v for v in by_year["2019"] if v is not None])
    *partners, row_total = by_year["2019"][:width]
    assert len(partners) >= 3 and all(isinstance(v, int) for v in partners)
    assert str(row_total).startswith("=SUM(")
    assert by_year["2020"][:width] == ["–"] * width
    assert by_year["2021"][:width] == ["–"] * width
    total = next(row for row in rows if row[0] == "I alt")
    assert str(total[1]).startswith("=SUM(")
    assert [NO_ACCOUNTS_LEGEND] in [[v for v in row if v is not None] for row in rows]


def test_a_budget_report_has_no_dash_and_no_legend(db: Session, slagelse: MasterPlan) -> None:
    rows = cells(render_xlsx(cofinancing_report(db, slagelse, form="partners")))
    assert "–" not in {v for row in rows for v in row}
    assert NO_ACCOUNTS_LEGEND not in {v for row in rows for v in row}


def test_the_lbf_workbook_carries_the_package_notes(db: Session, slagelse: MasterPlan) -> None:
    report = lbf_package(db, slagelse, 2019)
    assert report.notes
    first_sheet = load_workbook(io.BytesIO(render_export(report, "xlsx"))).worksheets[0]
    written = {row[0] for row in first_sheet.iter_rows(values_only=True)}
    assert set(report.notes) <= written
