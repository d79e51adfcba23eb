"""The LBF package's section 8 (Kontroller): the year's and the period's rule checks with the
local and the fund's share, read back from the PDF, the XLSX workbook and the JSON."""

import io
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.yearend.conftest import revise_to_75
from tests.yearend.test_checks import checks
from tests.yearend.test_explanations import _pdf_text

PERIOD_ERROR = (
    "Fejl [local_cofinancing_min] Den lokale medfinansiering i perioden 2020–2022 er 20,0 % "
    "(200.000 kr. af 1.000.000 kr.); planens minimum er 25,0 %."
)
FUND_ERROR = "Fejl [fund_share_max] Fondens andel i perioden 2020–2022 er 80,0 %"
YEAR_WARNING = "Advarsel [local_cofinancing_min] Den lokale medfinansiering i 2021 er 20,0 %"
SHARES = [
    ("Lokal medfinansiering", "20,0 %", "20,0 %"),
    ("Fondens andel", "80,0 %", "80,0 %"),
    ("Planens minimum for lokal medfinansiering", "25,0 %", "25,0 %"),
]


def _url(slug: str, year: int, form: str) -> str:
    return f"/api/plans/{slug}/reports/lbf-package?year={year}&format={form}"


def test_checks_section_in_json_pdf_and_xlsx(client: FlaskClient, eighty: dict[str, Any]) -> None:
    slug = eighty["slug"]
    api = checks(client, slug, 2021)
    data = client.get(_url(slug, 2021, "json")).get_json()
    shares, results = [t for t in data["tables"] if t.get("section") == "8 Kontroller"]
    assert shares["title"] == "8. Lokal medfinansiering og fondens andel 2021"
    assert shares["columns"] == ["2021", "2020–2022"] and shares["column_units"] == ["%", "%"]
    assert [(r["label"], *r["values"]) for r in shares["rows"]] == SHARES
    assert [r["quantities"] for r in shares["rows"]] == [
        ["20.0", "20.0"], ["80.0", "80.0"], ["25.0", "25.0"],
    ]  # fmt: skip
    assert shares["rows"][0]["quantities"][0] == api["local_share"]  # as the API measures it
    labels = [r["label"] for r in results["rows"]]
    assert labels[0] == PERIOD_ERROR
    assert labels[1].startswith(FUND_ERROR) and labels[2].startswith(YEAR_WARNING)
    # Every check of the API, errors first, each as severity [code] message.
    assert sorted(labels) == sorted(
        f"{'Fejl' if c['severity'] == 'error' else 'Advarsel'} [{c['code']}] {c['message']}"
        for c in api["checks"]
    )

    pdf = _pdf_text(client.get(_url(slug, 2021, "pdf")).data)
    assert "8. Kontroller 2021" in pdf and PERIOD_ERROR in pdf
    assert FUND_ERROR in pdf and YEAR_WARNING in pdf
    assert "8. Lokal medfinansiering og fondens andel 2021" in pdf
    for label, year, period in SHARES:
        assert f"{label} {year} {period}" in pdf

    workbook = load_workbook(io.BytesIO(client.get(_url(slug, 2021, "xlsx")).data))
    sheet = workbook["8 Kontroller"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    shares_at = next(i for i, r in enumerate(rows) if r[0] == "Lokal medfinansiering")
    assert rows[shares_at - 1][:3] == ["Andel af budgettet", "2021", "2020–2022"]
    assert [r[:3] for r in rows[shares_at:shares_at + 3]] == [
        ["Lokal medfinansiering", Decimal("20.0"), Decimal("20.0")],
        ["Fondens andel", Decimal("80.0"), Decimal("80.0")],
        ["Planens minimum for lokal medfinansiering", Decimal("25.0"), Decimal("25.0")],
    ]  # fmt: skip
    assert sheet.cell(shares_at + 1, 2).number_format == '0.0" %"'
    texts = [r[0] for r in rows]
    assert PERIOD_ERROR in texts and any(str(t).startswith(YEAR_WARNING) for t in texts)


def test_a_plan_that_passes_says_so(client: FlaskClient, eighty: dict[str, Any]) -> None:
    slug = eighty["slug"]
    # 75 % / 25 %: a revision through the API brings the fund down; nothing is left.
    revise_to_75(client, eighty)
    data = client.get(_url(slug, 2021, "json")).get_json()
    shares, results = [t for t in data["tables"] if t.get("section") == "8 Kontroller"]
    assert [r["values"] for r in shares["rows"]][:2] == [["25,0 %", "25,0 %"], ["75,0 %", "75,0 %"]]
    assert [r["label"] for r in results["rows"]] == ["Alle kontroller er i orden."]
    assert "Alle kontroller er i orden." in _pdf_text(client.get(_url(slug, 2021, "pdf")).data)
