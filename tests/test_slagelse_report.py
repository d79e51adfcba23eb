"""The Slagelse memo table regenerated from ledger entries, to the krone, in every format."""

import csv
import io
import json

import pypdf
from openpyxl import load_workbook

from app.services.amounts import parse_amount
from reports.cofinancing import cofinancing_report
from reports.render import render
from tests.memo import MEMO_ROWS, MEMO_TEXT, danish


def test_text_is_the_memo_table(db, slagelse) -> None:
    text = render(cofinancing_report(db, slagelse), "text").decode()
    assert MEMO_TEXT in text


def test_json_has_exact_ore_and_danish_display(client, slagelse) -> None:
    response = client.get(f"/api/plans/{slagelse.slug}/reports/cofinancing?format=json")
    assert response.status_code == 200
    table = response.get_json()["tables"][0]
    assert table["columns"] == ["Budget", "Landsbyggefonden", "Slagelse Kommune"]
    rows = [*table["rows"], table["total"]]
    assert [(r["label"], *(v // 100 for v in r["values_ore"])) for r in rows] == MEMO_ROWS
    assert all(v % 100 == 0 for r in rows for v in r["values_ore"])
    assert [r["values"] for r in rows] == [[danish(v) for v in row[1:]] for row in MEMO_ROWS]


def test_csv_parses_back_to_the_memo(client, slagelse) -> None:
    response = client.get(f"/api/plans/{slagelse.slug}/reports/cofinancing?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["År", "Budget", "Landsbyggefonden", "Slagelse Kommune"]
    parsed = [(r[0], *(parse_amount(v) // 100 for v in r[1:])) for r in rows[1:]]
    assert parsed == MEMO_ROWS
    assert rows[-1] == ["I alt", "21.022.000", "10.418.000", "10.604.000"]


def test_pdf_text_holds_every_number(client, slagelse) -> None:
    response = client.get(f"/api/plans/{slagelse.slug}/reports/cofinancing?format=pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for label, *values in MEMO_ROWS:
        expected = " ".join([label, *(danish(v) for v in values)])
        assert expected in lines, f"{expected!r} not found in PDF lines {lines}"
    assert "Enhed: kr." in text
    assert "2017–2021" in text
    assert "Side 1" in text


def test_xlsx_holds_numbers_and_sum_formulas(db, slagelse) -> None:
    data = render(cofinancing_report(db, slagelse), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(["År", "Budget", "Landsbyggefonden", "Slagelse Kommune"])
    body = rows[header + 1 : header + 6]
    assert [tuple(r) for r in body] == [tuple(r) for r in MEMO_ROWS[:5]]
    assert all(isinstance(v, int) for r in body for v in r[1:])
    total = rows[header + 6]
    first, last = header + 2, header + 6
    assert total == [
        "I alt",
        f"=SUM(B{first}:B{last})",
        f"=SUM(C{first}:C{last})",
        f"=SUM(D{first}:D{last})",
    ]
    assert sheet.cell(header + 2, 2).number_format == "#,##0"


def test_partner_form_adds_up_to_the_frame(db, slagelse) -> None:
    report = cofinancing_report(db, slagelse, form="partners")
    table = report.tables[0]
    assert table.columns == [
        "Landsbyggefonden",
        "Slagelse Kommune",
        "Boligorganisationerne i Slagelse",
        "I alt",
    ]
    assert table.total.values[-1] == slagelse.frame_ore == 44_450_000_00
    assert table.total.values[1] == 10_604_000_00
    for row in table.rows:
        assert sum(row.values[:-1]) == row.values[-1]


def test_by_focus_area_tables_sum_to_the_partner_table(db, slagelse) -> None:
    report = cofinancing_report(db, slagelse, form="partners", by_focus_area=True)
    overall, *areas = report.tables
    assert [t.title.split(": ", 1)[1] for t in areas] == [
        "Kriminalpræventiv Indsats",
        "Uddannelse og Beskæftigelse",
        "Forebyggelse og Forældreansvar",
        "Tværgående (ikke knyttet til en aktivitet)",
    ]
    summed = [sum(t.total.values[i] for t in areas) for i in range(len(overall.columns))]
    assert summed == overall.total.values


def test_budget_versus_actual(db, slagelse) -> None:
    table = cofinancing_report(db, slagelse, form="budget-actual").tables[0]
    by_year = {row.label: row.values for row in table.rows}
    assert by_year["2017"] == [2_590_000_00, 2_590_000_00, 2_590_000_00, 0]
    assert by_year["2020"][1:] == [None, None, None]  # no accounts yet
    actual_years = cofinancing_report(db, slagelse, kind="actual").tables[0]
    assert [r.values for r in actual_years.rows[:3]] == [
        [v * 100 for v in row[1:]] for row in MEMO_ROWS[:3]
    ]


def test_json_report_is_valid_json_with_metadata(client, slagelse) -> None:
    response = client.get(
        f"/api/plans/{slagelse.slug}/reports/cofinancing?form=partners&by_focus_area=true"
    )
    data = json.loads(response.data)
    assert data["unit"] == "kr."
    assert data["period"] == {"first_year": 2017, "last_year": 2021}
    assert data["form"] == "partners" and data["by_focus_area"] is True
    assert len(data["tables"]) == 5
