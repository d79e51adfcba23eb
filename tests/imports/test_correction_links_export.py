"""Issue 17.4 (export): the entries export carries each correction's links (`reverses`,
`replaces`: the linked entries' keys), and the import books them, so export → import into an
empty database of the same plan gives back the entries and their links exactly; a file in
the old layout still imports, and a bad link is an error naming row and column that books
nothing."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, aliased

from app.models import Activity, Entry, MasterPlan, Partner, StaffPurchase
from app.services.closing import close_year
from app.services.entry_export import export_entries
from app.services.imports import FIELDS, import_entries
from app.services.ledger import correct_entry
from app.services.staff import correct_staff_purchase, list_staff_purchases
from tests.helpers import snapshot
from tests.imports.conftest import create_structure, entry_count
from tests.imports.test_import_cli import ledger
from tests.imports.test_round_trip_keys import csv_bytes, rows_of

REVERSES, REPLACES = FIELDS.index("reverses"), FIELDS.index("replaces")


def linked_ledger(db: Session, plan: MasterPlan) -> list[tuple]:
    """Every entry in booking order with its links as keys — what a round trip must keep."""
    db.expire_all()
    supplier = aliased(Partner)
    rows = db.execute(
        select(Entry.id, Entry.external_id, Entry.year, Activity.code, Partner.name,
               Entry.kind, Entry.category, Entry.amount_ore, Entry.text, Entry.reverses_id,
               Entry.replaces_id, StaffPurchase.hours, StaffPurchase.rate_ore, supplier.name)
        .join(Partner, Partner.id == Entry.partner_id)
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .outerjoin(StaffPurchase, StaffPurchase.entry_id == Entry.id)
        .outerjoin(supplier, supplier.id == StaffPurchase.supplier_id)
        .where(Entry.plan_id == plan.id)
        .order_by(Entry.id)
    ).all()  # fmt: skip
    keys = {row[0]: row[1] for row in rows}
    return [(*row[1:9], keys.get(row[9]), keys.get(row[10]), *row[11:]) for row in rows]


def _cash(db: Session, plan: MasterPlan, year: int, offset: int = 0) -> Entry:
    entries = db.scalars(
        select(Entry)
        .where(Entry.plan_id == plan.id, Entry.year == year, Entry.category == "cash")
        .order_by(Entry.id)
    ).all()
    return entries[offset]


@pytest.fixture
def corrected(db: Session, slagelse: MasterPlan) -> MasterPlan:
    """Slagelse with every kind of correction: a new amount, a plain reversal, a frikøb's
    new hours, and a correction of a closed year's entry (booked in the next open year)."""
    correct_entry(db, _cash(db, slagelse, 2018), reason="Forkert beløb", new_amount_ore=1_000_00)
    correct_entry(db, _cash(db, slagelse, 2019), reason="Dobbelt bogført")
    purchase = list_staff_purchases(db, slagelse, 2020)[0]
    correct_staff_purchase(db, slagelse, purchase, reason="Færre timer", hours=Decimal("100"))
    close_year(db, slagelse, 2017, reason="Regnskab godkendt")
    old = _cash(db, slagelse, 2017)
    correct_entry(db, old, reason="Efterregulering", new_amount_ore=old.amount_ore + 5_000_00)
    db.commit()
    return slagelse


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_into_an_empty_database_keeps_entries_and_links(
    fmt: str, db: Session, corrected: MasterPlan, second_db: Session
) -> None:
    original = linked_ledger(db, corrected)
    assert sum(1 for row in original if row[8]) == 4  # four reversals …
    assert sum(1 for row in original if row[9]) == 3  # … three of them replaced
    data = export_entries(db, corrected, fmt)
    target = create_structure(second_db)
    second_db.commit()
    result = import_entries(second_db, data, fmt=fmt, commit=True)
    second_db.commit()
    assert result.ok, result.errors[:3]
    assert linked_ledger(second_db, target) == original
    standing = [p.entry_id for p in list_staff_purchases(second_db, target)]
    assert len(standing) == len(list_staff_purchases(db, corrected))
    # … and the new database's export is the same file, links and all.
    assert export_entries(second_db, target, "csv") == export_entries(db, corrected, "csv")
    again = import_entries(second_db, data, fmt=fmt, commit=True)
    assert again.ok and again.rows_booked == 0 and again.rows_skipped == len(original)


def test_export_names_the_links_by_key(db: Session, corrected: MasterPlan) -> None:
    rows = rows_of(export_entries(db, corrected, "csv"))
    assert rows[0][-2:] == ["reverses", "replaces"]
    by_key = {row[8]: row for row in rows[1:]}
    reversal = next(row for row in rows[1:] if row[REVERSES])
    assert by_key[reversal[REVERSES]][6] == reversal[6].removeprefix("-")
    replacement = next(row for row in rows[1:] if row[REPLACES])
    assert by_key[replacement[REPLACES]][REVERSES] == ""
    sheet = load_workbook(io.BytesIO(export_entries(db, corrected, "xlsx"))).active
    assert sheet is not None
    xlsx = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[REVERSES] for row in xlsx] == [row[REVERSES] for row in rows]
    assert [row[REPLACES] for row in xlsx] == [row[REPLACES] for row in rows]


def test_old_layout_without_link_columns_still_imports(
    db: Session, slagelse: MasterPlan, second_db: Session
) -> None:
    correct_entry(db, _cash(db, slagelse, 2018), reason="Forkert beløb", new_amount_ore=1_000_00)
    db.commit()
    legacy = csv_bytes([row[:REVERSES] for row in rows_of(export_entries(db, slagelse, "csv"))])
    target = create_structure(second_db)
    second_db.commit()
    result = import_entries(second_db, legacy, commit=True)
    second_db.commit()
    assert result.ok, result.errors[:3]
    assert result.rows_booked == entry_count(db)
    unlinked = [row[:8] for row in linked_ledger(db, slagelse)]
    assert [row[:8] for row in linked_ledger(second_db, target)] == unlinked


def _bad(rows: list[list[str]], case: str) -> tuple[int, str]:
    """Spoil one link in the export's rows; answer the row number (header = 1) and column."""
    reversal = next(i for i, row in enumerate(rows[1:], 1) if row[REVERSES])
    replacement = next(i for i, row in enumerate(rows[1:], 1) if row[REPLACES])
    linked = {row[REVERSES] for row in rows} | {row[REPLACES] for row in rows}
    plain = next(
        i for i, row in enumerate(rows[1:], 1)
        if row[5] == "staff_cofinancing" and row[8] not in linked
    )  # fmt: skip
    if case == "unknown":
        rows[reversal][REVERSES] = "e:findes-ikke"
    elif case == "wrong-amount":
        rows[reversal][6] = "-1"
    elif case == "twice":  # a second reversal of the same entry, keyed anew
        extra = [*rows[reversal]]
        extra[8] = "ny-tilbageforsel"
        rows.append(extra)
        return len(rows), "reverses"
    elif case == "reverses-a-reversal":
        extra = [*rows[reversal]]
        extra[6] = extra[6].removeprefix("-")
        extra[8], extra[REVERSES] = "ny", rows[reversal][8]
        rows.append(extra)
        return len(rows), "reverses"
    elif case == "replaces-unreversed":
        rows[replacement][REPLACES] = rows[plain][8]
        rows[replacement][2:6] = rows[plain][2:6]
        return replacement + 1, "replaces"
    elif case == "both":
        rows[replacement][REVERSES] = rows[plain][8]
        return replacement + 1, "replaces"
    elif case == "forward":  # names a row further down
        rows[reversal][REVERSES] = rows[-1][8]
    return reversal + 1, "reverses"


CASES = ["unknown", "wrong-amount", "twice", "reverses-a-reversal", "replaces-unreversed",
         "both", "forward"]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_a_bad_link_names_row_and_column_and_books_nothing(
    case: str, db: Session, corrected: MasterPlan, second_db: Session
) -> None:
    rows = rows_of(export_entries(db, corrected, "csv"))
    row, column = _bad(rows, case)
    create_structure(second_db)
    second_db.commit()
    result = import_entries(second_db, csv_bytes(rows), commit=True)
    assert not result.committed
    assert (row, column) in {(e.row, e.column) for e in result.errors}, result.errors
    second_db.rollback()
    assert entry_count(second_db) == 0


def test_a_booked_row_with_other_links_is_refused(
    db_url: str, db: Session, engine: Engine, corrected: MasterPlan, tmp_path: Path
) -> None:
    rows = rows_of(export_entries(db, corrected, "csv"))
    reversal = next(i for i, row in enumerate(rows[1:], 1) if row[REVERSES])
    rows[reversal][REVERSES] = ""  # booked as a reversal; the file says it is not
    path = tmp_path / "links.csv"
    path.write_bytes(csv_bytes(rows))
    before = snapshot(engine)
    done = ledger(db_url, "import", str(path), "--commit")
    assert done.returncode == 1
    assert f"Række {reversal + 1}, kolonne reverses" in done.stderr, done.stderr
    assert "En kobling kan ikke ændres" in done.stderr
    assert snapshot(engine) == before


def test_the_cli_and_api_round_trip_carry_the_links(
    db_url: str, db: Session, corrected: MasterPlan, tmp_path: Path, client
) -> None:
    out = tmp_path / "e.csv"
    done = ledger(db_url, "export", "entries", "--plan", corrected.slug, "--format", "csv",
                  "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    api = client.get(f"/api/plans/{corrected.slug}/entries/export?format=csv").data
    assert rows_of(api) == rows_of(out.read_bytes())
    header = next(csv.reader(io.StringIO(api.decode("utf-8-sig")), delimiter=";"))
    assert header == list(FIELDS)
