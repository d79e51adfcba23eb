"""Copenhagen's investment case for Tingbjerg 2018–2021 (seed 004): Tabel 1 (business case)
and Tabel 2 (effect per committee) regenerated cell by cell in 1.000 kr. in every format on
SQLite and PostgreSQL, and the payback year 2020 ("betaler sig hjem efter 3 år")."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.formatting import MoneyUnit
from app.models import MasterPlan
from reports.business_case import business_case_table, by_partner_table, payback_year
from tests.reports.regenerate import assert_every_format
from tests.test_cli import run

SLUG = "tingbjerg-2018-2021"
URL = f"/api/plans/{SLUG}/reports/cofinancing?form=business-case&unit=1000"
TABEL_1 = [
    ("Effektivisering", "", "", "", ""),
    ("Service (SOF måltal)", "0", "-1.002", "-1.127", "0"),
    ("Overførsler (BIF)", "0", "-215", "-504", "-504"),
    ("Investering (ansøgning investeringspulje)", "", "", "", ""),
    ("Implementeringsomk. (service)", "1.511", "87", "80", "0"),
    ("Samlet økonomisk påvirkning", "1.511", "-1.130", "-1.551", "-504"),
]
TABEL_2 = [
    ("Børne- og Ungdomsudvalget", "–", "63", "60", "–"),
    ("Sundheds- og Omsorgsudvalget", "–", "22", "20", "–"),
    ("Socialudvalget", "-720", "-1.947", "-2.057", "–"),
    ("Beskæftigelses- og Integrationsforvaltningen", "720", "860", "850", ""),
    ("Total", "–", "-1.002", "-1.127", "–"),
]


@pytest.fixture
def tingbjerg(db: Session) -> MasterPlan:
    from app.seeding import load_seed

    plan = load_seed(db, SLUG)
    db.commit()
    return plan


def test_business_case_tabel_1_and_payback_2020(client, tingbjerg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_every_format(client, URL, TABEL_1, MoneyUnit.THOUSAND, tmp_path)
    data = client.get(URL).get_json()
    assert data["payback_year"] == 2020
    cumulative = data["tables"][1]
    assert cumulative["rows"][0]["values"] == ["1.511", "381", "-1.170", "-1.674"]
    assert data["notes"][0].startswith("Investeringen betaler sig hjem i 2020, efter 3 år")


def test_per_committee_tabel_2(client, tingbjerg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = URL + "&by_partner=true&activity=1-SOF"
    assert_every_format(client, url, TABEL_2, MoneyUnit.THOUSAND, tmp_path)
    unknown = client.get(URL + "&by_partner=true&activity=XYZ")
    assert unknown.status_code == 422


def test_cli_prints_both_tables(empty_db_url: str) -> None:
    run(empty_db_url, "db", "upgrade")
    run(empty_db_url, "seed", "load", SLUG)
    base = ["report", "cofinancing", "--plan", SLUG, "--form", "business-case", "--unit", "1000"]
    tabel_1 = run(empty_db_url, *base).stdout
    tabel_2 = run(empty_db_url, *base, "--by-partner", "--activity", "1-SOF").stdout
    assert "betaler sig hjem i 2020, efter 3 år" in tabel_1
    for out, expected in ((tabel_1, TABEL_1), (tabel_2, TABEL_2)):
        lines = [line.split() for line in out.splitlines()]
        for label, *values in expected:
            assert [*label.split(), *[v for v in values if v]] in lines


def test_payback_and_builders_from_hand_built_sums() -> None:
    assert payback_year([2018, 2019, 2020, 2021], [1511, -1130, -1551, -504]) == 2020
    assert payback_year([2018, 2019], [100, -99]) is None  # not yet paid back
    assert payback_year([2018, 2019], [-5, 5]) is None  # nothing invested
    table = business_case_table("T", [2018, 2019], [("Eff", [("S", [0, -2]), ("B", [1, -1])])])
    assert [(r.label, r.values) for r in table.all_rows] == [
        ("Eff", [None, None]), ("S", [0, -2]), ("B", [1, -1]),
        ("Samlet økonomisk påvirkning", [1, -3]),
    ]  # fmt: skip
    committees = by_partner_table("U", [2018, 2019], [("A", [0, None]), ("B", [None, None])])
    assert committees.total.values == [0, None] and committees.zero_as_dash


def test_report_page_offers_and_serves_the_new_forms(client, tingbjerg) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/planer/{SLUG}/rapport?unit=1000").get_data(as_text=True)
    assert "Investeringscase pr. udvalg: Service (SOF måltal)" in html
    assert "form=business-case" in html and "activity=1-SOF" in html
    csv = client.get(f"/planer/{SLUG}/rapport/hent?form=business-case&by_partner=true"
                     "&activity=1-SOF&unit=1000&format=csv").data.decode("utf-8-sig")  # fmt: skip
    assert "Total;–;-1.002;-1.127;–" in csv
