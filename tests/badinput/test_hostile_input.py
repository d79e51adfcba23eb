"""Issue 18.7: hostile files and odd digits answer a clear 4xx with a Danish message, never a
500 or a raw Python exception text; issue 18.8: control characters refused at every door and
the XLSX writer robust anyway."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import Entry, FocusArea, MasterPlan
from app.services.imports import import_entries
from tests.badinput.reports import render_every_report
from tests.helpers import snapshot, summed_as_migrated
from tests.imports.test_import_cli import ledger
from tests.test_api_bad_input import assert_refused, entry

HEADER = "plan,year,activity,partner,kind,category,amount,text,external_id\n"
RAW_TEXTS = ("Traceback", "Error", "zip file", "field larger", "invalid literal", "line ")


def _row(plan: MasterPlan, **values: str) -> str:
    row = {"year": "2019", "activity": "", "partner": "Slagelse Kommune", "amount": "100"}
    row |= values
    return (
        f"{plan.slug},{row['year']},{row['activity']},{row['partner']},budget,cash,"
        f"{row['amount']},{row.get('text', '')},\n"
    )


def _upload(client, data: bytes, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/imports",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _page_upload(post, data: bytes, name: str):  # type: ignore[no-untyped-def]
    return post("/import", {"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _no_raw_text(text: str) -> None:
    for raw in RAW_TEXTS:
        assert raw not in text, f"raw exception text {raw!r} shown: {text[:300]}"


def _xlsx(sheet_xml: str | None = None) -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER.strip().split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    if sheet_xml is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(item, data)
    return out.getvalue()


SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
MALFORMED = SHEET + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>plan</t></is></c><row'
ENTITIES = (
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet ['
    '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData>'
    "</worksheet>"
)
FILES = {
    "csv field over 131072": (
        lambda plan: (HEADER + _row(plan, text="x" * 140_000)).encode(),
        "in.csv",
        "mere end 131.072 tegn",
    ),
    "malformed sheet xml": (lambda plan: _xlsx(MALFORMED), "in.xlsx", "kan ikke læses som XLSX"),
    "entity-laden sheet xml": (lambda plan: _xlsx(ENTITIES), "in.xlsx", "XLSX"),
    "not a zip": (lambda plan: b"PK\x03\x04 not really", "in.xlsx", "kan ikke læses som XLSX"),
}


@pytest.mark.parametrize("case", FILES)
def test_hostile_files_answer_4xx_with_danish_message(  # type: ignore[no-untyped-def]
    client, post, engine, slagelse, case: str
) -> None:
    """Old main: 500 (CSV field, NUL, sheet XML) or the raw openpyxl text ("not a zip")."""
    make, name, words = FILES[case]
    data = make(slagelse)
    before = snapshot(engine)
    started = time.perf_counter()
    response = _upload(client, data, name)
    assert time.perf_counter() - started < 10
    assert response.status_code in (400, 413, 422), response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) >= {"code", "status", "message", "errors"}
    text = str(body["errors"])
    assert words in text
    _no_raw_text(text)
    page = _page_upload(post, data, name)
    assert page.status_code in (400, 413, 422)
    html = page.get_data(as_text=True)
    assert words in html
    _no_raw_text(html)
    assert snapshot(engine) == before


def test_cli_import_of_a_huge_csv_field_says_so_in_danish(db_url, slagelse, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "stor.csv"
    path.write_text(HEADER + _row(slagelse, text="x" * 140_000), encoding="utf-8")
    result = ledger(db_url, "import", str(path))
    assert result.returncode != 0
    assert "mere end 131.072 tegn" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_superscript_two_as_year_in_an_import(db: Session, slagelse: MasterPlan) -> None:
    """Old main: 500 ("²".isdigit() is true, int("²") fails)."""
    result = import_entries(db, (HEADER + _row(slagelse, year="²")).encode())
    assert [(e.column, e.message) for e in result.errors] == [("year", "“²” er ikke et årstal.")]


def test_superscript_two_on_the_pages(post, client, engine, slagelse) -> None:  # type: ignore[no-untyped-def]
    """Old main: 500 for the frikøb form's activity id and for ?activity=²."""
    before = snapshot(engine)
    fund = next(p for p in slagelse.partners if p.kind == "fund")
    bought = post(
        f"/planer/{slagelse.slug}/frikoeb?year=2020",
        {
            "supplier_id": slagelse.municipality_id,
            "payer_id": fund.id,
            "activity_id": "²",
            "kind": "budget",
            "hours": "10",
            "rate": "500",
            "action": "save",
        },
    )
    assert bought.status_code == 422
    assert "Skal være et helt tal." in bought.get_data(as_text=True)  # the schema's message
    listing = client.get(f"/planer/{slagelse.slug}/posteringer?activity=²")
    assert listing.status_code == 422
    assert "Filteret aktivitet" in listing.get_data(as_text=True)
    assert client.get(f"/planer/{slagelse.slug}/posteringer?activity=none").status_code == 200
    assert client.get("/api/plans/²/entries").status_code == 404
    assert snapshot(engine) == before


CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x85"]


@pytest.mark.parametrize("character", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_refused_by_the_api(client, engine, ids, character: str) -> None:  # type: ignore[no-untyped-def]
    """Old main: an entry text with \\x01 was booked (201) and broke the XLSX export for good."""
    before = snapshot(engine)
    message = f"kontroltegn (U+{ord(character):04X})"
    booked = client.post(
        f"/api/plans/{ids['plan']}/entries", json=entry(ids, text=f"a{character}b")
    )
    assert_refused(booked, 422, "text", message)
    partner = client.post("/api/partners", json={"name": f"P{character}", "kind": "other"})
    assert_refused(partner, 422, "name", message)
    assert snapshot(engine) == before


def test_tab_and_newline_are_ordinary_text(client, ids) -> None:  # type: ignore[no-untyped-def]
    booked = client.post(
        f"/api/plans/{ids['plan']}/entries", json=entry(ids, text="linje 1\nlinje 2\tfane")
    )
    assert booked.status_code == 201
    assert booked.get_json()["text"] == "linje 1\nlinje 2\tfane"


def test_control_characters_refused_by_pages_and_import(  # type: ignore[no-untyped-def]
    post, db, engine, slagelse
) -> None:
    before = snapshot(engine)
    page = post(f"/planer/{slagelse.slug}/indsatsomraader", {"name": "Tryghed\x07"})
    assert page.status_code == 422
    assert "kontroltegn (U+0007)" in page.get_data(as_text=True)
    assert db.scalar(select(FocusArea.id).where(FocusArea.name == "Tryghed\x07")) is None
    result = import_entries(db, (HEADER + _row(slagelse, text="a\x01b")).encode(), commit=True)
    assert [(e.column, e.message[:40]) for e in result.errors] == [
        ("text", "Teksten indeholder et kontroltegn (U+000")
    ]
    db.rollback()
    assert snapshot(engine) == before


def test_exports_survive_control_characters_stored_before_the_doors_refused_them(
    client, db: Session, slagelse: MasterPlan
) -> None:  # type: ignore[no-untyped-def]
    db.execute(
        insert(Entry).values(
            plan_id=slagelse.id,
            year=2020,
            partner_id=slagelse.municipality_id,
            kind="budget",
            category="cash",
            amount_ore=100,
            text="gammel\x01tekst\x1b",
        )
    )
    summed_as_migrated(db)
    db.commit()
    for fmt in ("xlsx", "csv"):
        response = client.get(f"/api/plans/{slagelse.slug}/entries/export?format={fmt}")
        assert response.status_code == 200, fmt
    assert render_every_report(db, slagelse, formats=("json", "xlsx", "csv")) > 0
