"""The display unit chosen per request (`unit=`, `--unit`) reaches every report and format:
the Slagelse table in 1.000 kr. and mio. kr. through the API, the CLI, the report page and the
fund/council exports; exact øre stay in JSON beside the display strings."""

import csv
import io
from decimal import Decimal

import pypdf
from openpyxl import load_workbook

from app.formatting import MoneyUnit
from app.services.partners import find_partner
from tests.memo import MEMO_ROWS
from tests.reports.test_units import by_hand
from tests.test_cli import run

MIO = [(label, *(by_hand(v * 100, MoneyUnit.MILLION) for v in values))
       for label, *values in MEMO_ROWS]  # fmt: skip
THOUSANDS = [(label, *(by_hand(v * 100, MoneyUnit.THOUSAND) for v in values))
             for label, *values in MEMO_ROWS]  # fmt: skip


def test_json_keeps_exact_ore_beside_rounded_display(client, slagelse) -> None:
    url = f"/api/plans/{slagelse.slug}/reports/cofinancing?unit=mio"
    data = client.get(url).get_json()
    assert data["unit"] == "mio. kr." and data["subtitle"].endswith("Beløb i mio. kr.")
    table = data["tables"][0]
    assert table["label_header"] == "År (mio. kr.)"
    rows = [*table["rows"], table["total"]]
    assert [(r["label"], *r["values"]) for r in rows] == MIO
    assert MIO[-1][1:] == ("21,0", "10,4", "10,6") and MIO[3][1:] == ("5,4", "2,7", "2,7")
    assert [(r["label"], *(v // 100 for v in r["values_ore"])) for r in rows] == MEMO_ROWS


def test_csv_text_pdf_and_xlsx_in_thousands(client, db, slagelse, tmp_path) -> None:
    base = f"/api/plans/{slagelse.slug}/reports/cofinancing?unit=1000&format="
    body = client.get(base + "csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][0] == "År (1.000 kr.)"
    assert [tuple(r) for r in rows[1:]] == THOUSANDS

    text = client.get(base + "text").data.decode()
    assert "Beløb i 1.000 kr." in text
    lines = [tuple(line.split()) for line in text.splitlines()]
    assert ("År", "(1.000", "kr.)", "Budget", "Landsbyggefonden", "Slagelse", "Kommune") in lines
    assert all((*label.split(), *values) in lines for label, *values in THOUSANDS)

    pdf = client.get(base + "pdf").data
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(extraction_mode="layout")
    lines = [" ".join(line.split()) for line in page.splitlines()]
    assert "Enhed: 1.000 kr." in page
    for row in THOUSANDS:
        assert " ".join(row) in lines

    sheet = load_workbook(io.BytesIO(client.get(base + "xlsx").data)).active
    assert "Beløb i 1.000 kr." in sheet["A2"].value
    header = next(
        r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "År (1.000 kr.)"
    )
    for offset, (label, *values) in enumerate(MEMO_ROWS[:-1], start=header + 1):
        assert sheet.cell(offset, 1).value == label
        for col, kroner in enumerate(values, start=2):
            cell = sheet.cell(offset, col)
            assert Decimal(str(cell.value)) == Decimal(kroner) / 1000  # exact, rounded on display
            assert cell.number_format == "#,##0"


def test_unknown_unit_is_refused_in_danish_terms(client, slagelse) -> None:
    bad = client.get(f"/api/plans/{slagelse.slug}/reports/cofinancing?unit=euro")
    assert bad.status_code == 422 and "unit" in bad.get_json()["errors"]["query"]


def test_page_lbf_package_and_council_in_a_unit(client, db, slagelse) -> None:
    html = client.get(f"/planer/{slagelse.slug}/rapport?unit=mio").get_data(as_text=True)
    assert "År (mio. kr.)" in html and ">21,0<" in html and "unit=mio" in html
    download = client.get(f"/planer/{slagelse.slug}/rapport/hent?unit=1000&format=csv")
    assert "I alt;21.022;10.418;10.604" in download.data.decode("utf-8-sig")

    lbf = client.get(f"/api/plans/{slagelse.slug}/reports/lbf-package?year=2019&unit=1000")
    first = lbf.get_json()["tables"][0]
    assert lbf.get_json()["unit"] == "1.000 kr."
    assert first["total"]["values"][0] == by_hand(
        first["total"]["values_ore"][0], MoneyUnit.THOUSAND
    )

    kommune = find_partner(db, "Slagelse Kommune")
    council = client.get(f"/api/partners/{kommune.id}/reports/council?format=csv&unit=1000")
    assert "10.604" in council.data.decode("utf-8-sig")


def test_cli_prints_the_table_in_a_unit(empty_db_url: str) -> None:
    run(empty_db_url, "db", "upgrade")
    run(empty_db_url, "seed", "load", "slagelse-2017-2021")
    out = run(empty_db_url, "report", "cofinancing", "--plan", "slagelse-2017-2021",
              "--unit", "mio").stdout  # fmt: skip
    assert "Beløb i mio. kr." in out
    lines = [line.split() for line in out.splitlines()]
    assert ["År", "(mio.", "kr.)", "Budget", "Landsbyggefonden", "Slagelse", "Kommune"] in lines
    for label, *values in MIO:
        assert [*label.split(), *values] in lines
    bad = run(empty_db_url, "report", "cofinancing", "--plan", "slagelse-2017-2021",
              "--unit", "euro", check=False)  # fmt: skip
    assert bad.returncode != 0 and "euro" in bad.stderr
