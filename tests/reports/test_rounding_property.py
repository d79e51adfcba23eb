"""Property through the ledger: for any budget amounts booked on Ballerup's 2023 rows, the
one-year follow-up table (and a round's table) keeps exact øre sums — each row's columns
(1) and (2) grow by exactly what was booked, every I alt is the exact sum of its rows — and
every displayed cell, in every unit, is that exact sum rounded once (never a sum of rounded
cells). The sums come from SQL on SQLite and PostgreSQL."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from app.formatting import MoneyUnit
from app.models import EntryKind, MasterPlan
from app.services.amounts import MAX_ORE
from app.services.ledger import EntryInput, book_entry
from reports.cofinancing import cofinancing_report
from reports.display import display_rows
from reports.model import Table
from tests.reports.test_units import by_hand

CODES = ("50.54", "50.58")
lines = st.lists(
    st.tuples(st.sampled_from(CODES), st.integers(-MAX_ORE // 1000, MAX_ORE // 1000)),
    min_size=1,
    max_size=8,
)


def _values(db: Session, plan: MasterPlan, round_number: int | None) -> Table:
    report = cofinancing_report(db, plan, form="follow-up", year=2023, round_number=round_number)
    return report.tables[0]


def _assert_rounded_once(table: Table, unit: MoneyUnit) -> None:
    rows = [*table.rows, table.total]
    shown = display_rows(table, unit)
    for row, display in zip(rows, shown, strict=True):
        expected = ["" if v is None else by_hand(v, unit) for v in row.values]
        assert display[1:] == expected, row.label


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(lines, st.sampled_from([MoneyUnit.THOUSAND, MoneyUnit.MILLION]), st.booleans())
def test_any_booked_amounts_show_as_their_exact_sums_rounded_once(
    db: Session, ballerup: MasterPlan, booked: list[tuple[str, int]], unit: MoneyUnit,
    in_round: bool,
) -> None:  # fmt: skip
    number = 1 if in_round else None
    before = {r.label[:5]: r.values for r in _values(db, ballerup, number).rows}
    added = dict.fromkeys(CODES, 0)
    try:
        for code, ore in booked:
            line = EntryInput(2023, ballerup.municipality_id, EntryKind.BUDGET, "cash", ore, code)
            book_entry(db, ballerup, line)
            added[code] += ore
        db.flush()
        table = _values(db, ballerup, number)
        for row in table.rows:
            code = row.label[:5]
            assert row.values[0] == before[code][0] + added[code]  # (1) oprindeligt
            assert row.values[1] == before[code][1] + added[code]  # (2) korrigeret
        for i, total in enumerate(table.total.values):
            cells = [row.values[i] for row in table.rows]
            if total is not None:
                assert total == sum(v or 0 for v in cells)  # exact, not from rounded cells
        _assert_rounded_once(table, unit)
    finally:
        db.rollback()
