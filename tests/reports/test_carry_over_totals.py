"""Issue 17.1 and 17.2: carried funds count once in every multi-year total, and the
budget-actual form's I alt agrees with its note.

The issue's Slagelse case exactly: the municipality's 2019 staff_cofinancing regnskab entry
(KRIM-1, 528.000 kr.) is corrected to 0, 2019 is closed and its unspent funds carried over
(528.000 kr. for Slagelse Kommune into 2020). Every figure is then checked against sums
computed here from the entries table with plain SQL, not through the report code.
"""

import io
from collections import defaultdict

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from app.models import Activity, Entry, Partner
from app.models.year_end import VarianceExplanation
from tests.security.conftest import SLAGELSE

KR = 100
MUNICIPALITY, FUND, HOUSING = (
    "Slagelse Kommune",
    "Landsbyggefonden",
    "Boligorganisationerne i Slagelse",
)
CARRIED = 528_000 * KR
YEARS = range(2017, 2022)


class Ledger:
    """Independent sums: øre per (kind, year, partner name[, category]) from the entries table,
    commitment (without carry-over entries) and carried (only them) apart."""

    def __init__(self, db, plan_id: int) -> None:  # type: ignore[no-untyped-def]
        rows = db.execute(
            text(
                "SELECT e.kind, e.year, p.name, e.category, e.amount_ore,"
                " e.id IN (SELECT entry_id FROM carry_overs) AS carried"
                " FROM entries e JOIN partners p ON p.id = e.partner_id WHERE e.plan_id = :plan"
            ),
            {"plan": plan_id},
        ).all()
        self.commitment: dict[tuple, int] = defaultdict(int)
        self.carried: dict[tuple, int] = defaultdict(int)
        for kind, year, partner, category, amount, carried in rows:
            target = self.carried if carried else self.commitment
            target[(kind, year, partner, category)] += int(amount)

    def sum(self, kind: str, *, years=YEARS, partner=None, category=None, carried=False) -> int:  # type: ignore[no-untyped-def]
        source = self.carried if carried else self.commitment
        return sum(
            amount
            for (k, y, p, c), amount in source.items()
            if k == kind and y in years and partner in (None, p) and category in (None, c)
        )

    def shown(self, kind: str, year: int, values: list[int]) -> list[int | None]:
        """A regnskab table shows a year without regnskab as empty ("–"), not 0 (17.12)."""
        booked = any(k == kind and y == year for k, y, _, _ in self.commitment)
        return values if kind == "budget" or booked else [None] * len(values)


@pytest.fixture
def carried_case(client, db, slagelse):  # type: ignore[no-untyped-def]
    """The issue's steps through the API; returns the independent sums."""
    municipality = db.scalar(select(Partner.id).where(Partner.name == MUNICIPALITY))
    entry_id = db.scalar(
        select(Entry.id)
        .join(Activity, Activity.id == Entry.activity_id)
        .where(
            Entry.plan_id == slagelse.id,
            Entry.year == 2019,
            Entry.kind == "actual",
            Entry.category == "staff_cofinancing",
            Entry.partner_id == municipality,
            Activity.code == "KRIM-1",
        )
    )
    fixed = client.post(
        f"/api/entries/{entry_id}/corrections",
        json={"reason": "Personalet blev ikke ansat i 2019", "new_amount": "0"},
    )
    assert fixed.status_code == 201, fixed.get_json()
    # The deviation needs an explanation before the year closes (app.services.checks).
    activity = db.scalar(select(Entry.activity_id).where(Entry.id == entry_id))
    db.add(
        VarianceExplanation(
            plan_id=slagelse.id, year=2019, activity_id=activity, text="Stillingen blev ikke besat"
        )
    )
    db.commit()
    closed = client.post(f"/api/plans/{SLAGELSE}/years/2019/close", json={"reason": "Sendt"})
    assert closed.status_code == 201, closed.get_json()
    moved = client.post(f"/api/plans/{SLAGELSE}/years/2019/carry-over")
    assert moved.status_code == 201, moved.get_json()
    assert [(m["partner_id"], m["amount_ore"], m["to_year"]) for m in moved.get_json()] == [
        (municipality, CARRIED, 2020)
    ]
    ledger = Ledger(db, slagelse.id)
    assert ledger.sum("budget", carried=True) == CARRIED
    return ledger


def _report(client, form: str, kind: str = "budget") -> dict:  # type: ignore[no-untyped-def]
    url = f"/api/plans/{SLAGELSE}/reports/cofinancing?format=json&form={form}&kind={kind}"
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _rows(table: dict) -> dict[str, list]:
    return {row["label"]: row["values_ore"] for row in table["rows"]}


def _assert_carried_table(table: dict, columns: list[str], carried_column: int) -> None:
    assert table["title"].startswith("Uforbrugte midler overført fra året før")
    rows = _rows(table)
    assert rows["2020"][carried_column] == CARRIED
    assert sum(v for year, values in rows.items() if year != "2020" for v in values) == 0
    assert table["total"]["values_ore"][carried_column] == CARRIED


def test_slagelse_form_counts_the_carried_funds_once(client, carried_case) -> None:
    ledger = carried_case
    for kind in ("budget", "actual"):
        report = _report(client, "slagelse", kind)
        main = report["tables"][0]
        rows = _rows(main)
        for year in YEARS:
            bought = ledger.sum(kind, years=[year], partner=FUND, category="staff_purchase")
            own = ledger.sum(kind, years=[year], partner=MUNICIPALITY)
            expected = ledger.shown(kind, year, [bought + own, bought, own])
            assert rows[str(year)] == expected, (kind, year)
        bought = ledger.sum(kind, partner=FUND, category="staff_purchase")
        own = ledger.sum(kind, partner=MUNICIPALITY)
        assert main["total"]["values_ore"] == [bought + own, bought, own]
    budget = _report(client, "slagelse")
    # The memo's figures and the commitment, not 11.132.000.
    assert budget["tables"][0]["total"]["values_ore"] == [
        21_022_000 * KR,
        10_418_000 * KR,
        10_604_000 * KR,
    ]
    partners = ["Landsbyggefonden", MUNICIPALITY, HOUSING, "I alt"]
    _assert_carried_table(budget["tables"][1], partners, 1)
    assert any("overført" in note for note in budget["notes"])
    assert len(_report(client, "slagelse", "actual")["tables"]) == 1  # nothing carried in regnskab


def test_partners_form_stays_within_the_frame(client, carried_case, slagelse) -> None:
    ledger = carried_case
    for kind in ("budget", "actual"):
        main = _report(client, "partners", kind)["tables"][0]
        assert main["columns"] == [FUND, MUNICIPALITY, HOUSING, "I alt"]
        for year in YEARS:
            each = [ledger.sum(kind, years=[year], partner=p) for p in main["columns"][:3]]
            assert _rows(main)[str(year)] == ledger.shown(kind, year, [*each, sum(each)])
        each = [ledger.sum(kind, partner=p) for p in main["columns"][:3]]
        assert main["total"]["values_ore"] == [*each, sum(each)]
    total = _report(client, "partners")["tables"][0]["total"]["values_ore"][-1]
    assert total == 44_450_000 * KR == slagelse.frame_ore  # not 44.978.000
    _assert_carried_table(_report(client, "partners")["tables"][1], [], 1)


def test_budget_actual_total_agrees_with_its_note(client, carried_case) -> None:
    """17.2: I alt afvigelse = I alt regnskab − I alt budget for år med regnskab."""
    ledger = carried_case
    report = _report(client, "budget-actual")
    main = report["tables"][0]
    assert main["columns"] == ["Budget", "Budget for år med regnskab", "Regnskab", "Afvigelse"]
    with_actuals = [2017, 2018, 2019]
    for year in YEARS:
        budget = ledger.sum("budget", years=[year])
        if year in with_actuals:
            actual = ledger.sum("actual", years=[year])
            assert _rows(main)[str(year)] == [budget, budget, actual, actual - budget]
        else:
            assert _rows(main)[str(year)] == [budget, None, None, None]
    budget, to_date = ledger.sum("budget"), ledger.sum("budget", years=with_actuals)
    actual = ledger.sum("actual")
    total = main["total"]["values_ore"]
    assert total == [budget, to_date, actual, actual - to_date]
    assert total[3] == total[2] - total[1]  # what the note says, on the total row too
    assert budget == 44_450_000 * KR
    assert any("år med regnskab" in note for note in report["notes"])
    _assert_carried_table(report["tables"][1], [], 1)


def test_budget_actual_total_without_carry_over(client, slagelse) -> None:
    """17.2 on the plain seed (no carry-over): the total row's variance is regnskab − the
    budget of the years that have regnskab, not of every year."""
    main = _report(client, "budget-actual")["tables"][0]
    total = main["total"]["values_ore"]
    assert total[3] == total[2] - total[1]
    years = _rows(main)
    assert total[1] == sum(years[str(y)][0] for y in (2017, 2018, 2019))
    assert total[0] == sum(years[str(y)][0] for y in YEARS)


def test_follow_up_counts_carried_funds_once(client, carried_case) -> None:
    ledger = carried_case
    table = _report(client, "follow-up")["tables"][0]
    assert table["columns"][-1] == "Heraf overført fra året før"
    rows = _rows(table)
    for year in YEARS:
        corrected = ledger.sum("budget", years=[year]) + ledger.sum(
            "budget", years=[year], carried=True
        )
        assert rows[str(year)][1] == corrected  # a year's corrected budget shows it
    assert rows["2020"][5] == CARRIED and rows["2019"][4] == CARRIED
    total = table["total"]["values_ore"]
    assert total[1] == ledger.sum("budget") == 44_450_000 * KR  # once over the period
    assert total[4] == total[5] == CARRIED


def test_follow_up_xlsx_total_is_a_formula_that_counts_carried_funds_once(
    client, carried_case
) -> None:
    url = f"/api/plans/{SLAGELSE}/reports/cofinancing?format=xlsx&form=follow-up"
    sheet = load_workbook(io.BytesIO(client.get(url).data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["År", "Oprindeligt budget"])
    first, last = header + 2, header + 6
    total = rows[header + 6]
    assert total[0] == "I alt"
    assert total[2] == f"=SUM(C{first}:C{last})-SUM(G{first}:G{last})"
    corrected = [r[2] for r in rows[header + 1 : header + 6]]
    carried_in = [r[6] for r in rows[header + 1 : header + 6]]
    assert sum(corrected) - sum(carried_in) == 44_450_000  # what the formula computes (kr.)


def test_council_answer_counts_the_carried_funds_once(client, carried_case, db) -> None:
    ledger = carried_case
    municipality = db.scalar(select(Partner.id).where(Partner.name == MUNICIPALITY))
    for kind in ("budget", "actual"):
        url = f"/api/partners/{municipality}/reports/council?kind={kind}&format=json"
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        report = response.get_json()
        summary = report["tables"][0]
        own = ledger.sum(kind, partner=MUNICIPALITY)
        bought = ledger.sum(kind, partner=FUND, category="staff_purchase")
        assert summary["rows"][0]["values_ore"][:3] == [own, bought, own + bought]
        own_table = report["tables"][1]
        assert own_table["total"]["values_ore"][-1] == own
        for year in YEARS:
            row = _rows(own_table)[str(year)]
            own_year = ledger.sum(kind, years=[year], partner=MUNICIPALITY)
            assert row[-1:] == ledger.shown(kind, year, [own_year])
        carried = [t for t in report["tables"] if "overført fra året før" in t["title"]]
        if kind == "budget":
            assert own == 10_604_000 * KR  # not 11.132.000
            (table,) = carried
            assert _rows(table)["2020"] == [CARRIED, CARRIED]
            assert table["total"]["values_ore"] == [CARRIED, CARRIED]
        else:
            assert carried == []


def _package(client, year: int) -> dict:  # type: ignore[no-untyped-def]
    url = f"/api/plans/{SLAGELSE}/reports/lbf-package?year={year}&format=json"
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_lbf_package_counts_the_carried_funds_once(client, carried_case) -> None:
    ledger = carried_case
    package = _package(client, 2020)
    by_section: dict[str, list[dict]] = defaultdict(list)
    for table in package["tables"]:
        by_section[table["section"]].append(table)
    # 1: the year's corrected budget per partner, with the carried funds (and a note).
    partners = _rows(by_section["1 Medfinansiering"][0])
    for name in (FUND, MUNICIPALITY, HOUSING):
        corrected = ledger.sum("budget", years=[2020], partner=name) + ledger.sum(
            "budget", years=[2020], partner=name, carried=True
        )
        assert partners[name][0] == corrected
    assert any("528.000 kr." in note and "overført fra 2019" in note for note in package["notes"])
    # 5: the multi-year table 2017–2020 counts them once; the carried table shows them.
    multi, carried = by_section["5 Flerårig oversigt"][0], by_section["5 Flerårig oversigt"][-1]
    years = range(2017, 2021)
    bought = ledger.sum("budget", years=years, partner=FUND, category="staff_purchase")
    own = ledger.sum("budget", years=years, partner=MUNICIPALITY)
    assert multi["total"]["values_ore"] == [bought + own, bought, own]
    assert carried["title"].startswith("5. Uforbrugte midler overført fra året før")
    assert _rows(carried)["2020"][1] == CARRIED
    assert carried["total"]["values_ore"][-1] == CARRIED
    # 6 of 2019: unspent and carried 528.000 for the municipality.
    unspent = _rows(
        next(t for t in _package(client, 2019)["tables"] if t["section"] == "6 Overførsel")
    )
    assert unspent[MUNICIPALITY][2:] == [CARRIED, CARRIED]
