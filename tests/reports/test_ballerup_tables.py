"""Ballerup Kommune's Socialudvalg, 28 March 2023 (seed 003): Tabel 2 of regnskab 2022 and
Tabel 1 of the first budget follow-up 2023 regenerated from ledger entries, cell by cell, in
1.000 kr., in every format, on SQLite and PostgreSQL."""

from pathlib import Path

from app.formatting import MoneyUnit
from tests.reports.conftest import SLUG
from tests.reports.regenerate import assert_every_format
from tests.test_cli import run

R5054 = "50.54 Tilbud til voksne med særlige behov"
R5058 = "50.58 Boligstøtte"

# Regnskab 2022, Tabel 2: (1) oprindeligt, (2) korrigeret, (3) regnskab, (4), (5), (6).
TABEL_2 = [
    (R5054, "324.181", "318.254", "317.959", "-295", "-4.571", "-4.866"),
    (R5058, "67.075", "66.757", "64.724", "-2.033", "0", "-2.033"),
    ("I alt", "391.256", "385.011", "382.683", "-2.328", "-4.571", "-6.899"),
]
# Første budgetopfølgning 2023, Tabel 1 (the minutes print I alt first).
TABEL_1 = [
    (R5054, "361.252", "352.544", "-3.123", "349.421", "352.689", "3.268"),
    (R5058, "645", "645", "0", "645", "610", "-35"),
    ("I alt", "361.897", "353.190", "-3.123", "350.066", "353.299", "3.233"),
]


def test_regnskab_2022_tabel_2(client, ballerup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/plans/{SLUG}/reports/cofinancing?form=follow-up&year=2022&rows=activity&unit=1000"
    assert_every_format(client, url, TABEL_2, MoneyUnit.THOUSAND, tmp_path)
    data = client.get(url).get_json()
    assert data["notes"] == ["+ = merforbrug, − = mindreforbrug."]
    assert data["tables"][0]["columns"][3] == "Resultat 2022 før overførsler (4) = (3) − (2)"


def test_first_follow_up_2023_tabel_1(client, ballerup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/plans/{SLUG}/reports/cofinancing?form=follow-up&year=2023&round=1&unit=1000"
    assert_every_format(client, url, TABEL_1, MoneyUnit.THOUSAND, tmp_path)
    table = client.get(url).get_json()["tables"][0]
    assert table["title"] == "1. budgetopfølgning 2023"
    assert table["columns"][4] == "Forventet forbrug pr. 31/12-23 (5)"
    # the I alt is rounded from the exact sum: 352.544 + 645 shown, 353.190 in I alt
    assert table["total"]["values_ore"][1] == 353_189_600_00
    unknown = client.get(url.replace("round=1", "round=2"))  # README: one rule for unknown ids
    assert unknown.status_code == 422 and "round" in unknown.get_json()["errors"]["query"]


def test_focus_area_rows_sum_the_activities(client, ballerup) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/plans/{SLUG}/reports/cofinancing?form=follow-up&year=2022&rows=focus-area"
    table = client.get(url).get_json()["tables"][0]
    assert table["label_header"] == "Indsatsområde"
    assert [r["values_ore"] for r in table["rows"]] == [table["total"]["values_ore"]]


def test_cli_prints_both_tables(empty_db_url: str) -> None:
    run(empty_db_url, "db", "upgrade")
    run(empty_db_url, "seed", "load", SLUG)
    base = ["report", "cofinancing", "--plan", SLUG, "--form", "follow-up", "--unit", "1000"]
    tabel_2 = run(empty_db_url, *base, "--year", "2022", "--rows", "activity").stdout
    tabel_1 = run(empty_db_url, *base, "--year", "2023", "--round", "1").stdout
    for out, expected in ((tabel_2, TABEL_2), (tabel_1, TABEL_1)):
        lines = [line.split() for line in out.splitlines()]
        for label, *values in expected:
            assert [*label.split(), *values] in lines
