"""One posting pipeline: every door refuses a bad ledger line by the same rule and message,
nothing cuts text silently, and only app/services/posting.py builds `Entry`."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services import closing
from app.services.errors import DomainError
from app.services.grid import save_grid
from app.services.imports import import_entries
from app.services.ledger import EntryInput, book_entry, correct_entry
from app.services.posting import REASON_MAX, TEXT_MAX, PlanBook
from app.services.staff import book_staff_purchase
from tests.helpers import snapshot

ROOT = Path(__file__).resolve().parents[1]
HEADER = "plan,year,activity,partner,kind,category,amount,text,external_id\n"


def _line(plan: MasterPlan, **changes: object) -> EntryInput:
    values: dict = dict(
        year=2019,
        partner=plan.municipality_id,
        kind="budget",
        category="cash",
        amount_ore=100_00,
        text="Test",
    )
    return EntryInput(**{**values, **changes})


def _import_errors(db: Session, row: str) -> dict[str, str]:
    result = import_entries(db, (HEADER + row + "\n").encode(), commit=True)
    return {e.column: e.message for e in result.errors}


def _service_error(db: Session, plan: MasterPlan, **changes: object) -> tuple[str | None, str]:
    with pytest.raises(DomainError) as caught:
        book_entry(db, plan, _line(plan, **changes))
    db.rollback()
    return caught.value.field, caught.value.message


@pytest.mark.parametrize(
    ("column", "value", "service_change"),
    [
        ("kind", "forecast", {"kind": "forecast"}),
        ("category", "gave", {"category": "gave"}),
        ("year", "2022", {"year": 2022}),
        ("text", "x" * (TEXT_MAX + 1), {"text": "x" * (TEXT_MAX + 1)}),
    ],
)
def test_import_and_services_refuse_with_the_same_message(
    db: Session, slagelse: MasterPlan, column: str, value: str, service_change: dict
) -> None:
    """Old main: the import said "Ukendt art", "brug cash, …" and "længere end 500 tegn",
    the services "Ukendt posteringsart" and "brug en af: …" (and cut long text silently)."""
    row = {
        "plan": slagelse.slug,
        "year": "2019",
        "activity": "",
        "partner": "Slagelse Kommune",
        "kind": "budget",
        "category": "cash",
        "amount": "100",
        "text": "Test",
        "external_id": "",
    }
    row[column] = value
    imported = _import_errors(db, ",".join(row.values()))
    field, message = _service_error(db, slagelse, **service_change)
    assert field == column
    assert imported == {column: message}


def test_unknown_partner_and_activity_same_message_in_import_and_service(
    db: Session, slagelse: MasterPlan
) -> None:
    imported = _import_errors(db, f"{slagelse.slug},2019,NOPE-1,Ukendt A/S,budget,cash,100,,")
    with pytest.raises(DomainError) as partner:
        book_entry(db, slagelse, _line(slagelse, partner="Ukendt A/S"))
    with pytest.raises(DomainError) as activity:
        book_entry(db, slagelse, _line(slagelse, activity="NOPE-1"))
    assert imported == {"partner": partner.value.message, "activity": activity.value.message}


def test_closed_year_same_message_in_import_and_service(db: Session, slagelse: MasterPlan) -> None:
    closing.close_year(db, slagelse, 2019)
    db.commit()
    imported = _import_errors(db, f"{slagelse.slug},2019,,Slagelse Kommune,budget,cash,100,,")
    assert imported == {"year": _service_error(db, slagelse)[1]}
    assert "lukket" in imported["year"]


def test_long_text_is_refused_not_cut(db: Session, engine: Engine, slagelse: MasterPlan) -> None:
    """Old main: book_entry cut the text at 500 characters and booked it."""
    before = snapshot(engine)
    field, message = _service_error(db, slagelse, text="y" * (TEXT_MAX + 1))
    assert (field, message) == ("text", "Teksten må højst være 500 tegn.")
    entry = book_entry(db, slagelse, _line(slagelse, text="z" * TEXT_MAX))
    assert entry.text == "z" * TEXT_MAX
    db.rollback()
    assert snapshot(engine) == before


def _an_entry(db: Session, plan: MasterPlan) -> Entry:
    query = (
        select(Entry)
        .where(Entry.plan_id == plan.id, Entry.year == 2019, Entry.category == "cash")
        .order_by(Entry.id)
    )
    return db.scalars(query).first()  # type: ignore[return-value]


def test_reasons_over_the_limit_are_refused_at_every_door(
    db: Session, engine: Engine, slagelse: MasterPlan
) -> None:
    """Old main: a 600-character reason was cut into the correction's text."""
    long_reason = "r" * (REASON_MAX + 1)
    before = snapshot(engine)
    with pytest.raises(DomainError) as corrected:
        correct_entry(db, _an_entry(db, slagelse), reason=long_reason, new_amount_ore=1)
    db.rollback()
    entry = _an_entry(db, slagelse)
    with pytest.raises(DomainError) as grid:
        save_grid(
            db,
            slagelse,
            year=entry.year,
            kind=entry.kind,
            category=entry.category,
            values={(entry.activity_id, entry.partner_id): entry.amount_ore + 100},
            reason=long_reason,
        )
    db.rollback()
    message = f"Begrundelsen må højst være {REASON_MAX} tegn."
    assert (corrected.value.field, corrected.value.message) == ("reason", message)
    assert (grid.value.field, grid.value.message) == ("reason", message)
    assert snapshot(engine) == before
    reversal, replacement = correct_entry(
        db, _an_entry(db, slagelse), reason="r" * REASON_MAX, new_amount_ore=1
    )
    assert reversal.text.endswith("r" * REASON_MAX) and replacement is not None
    assert len(reversal.text) <= TEXT_MAX


def test_staff_purchase_goes_through_the_pipeline(db: Session, slagelse: MasterPlan) -> None:
    activity = slagelse.focus_areas[0].activities[0]
    partners = {p.name: p.id for p in slagelse.partners}
    common = dict(
        year=2019,
        kind="budget",
        activity=activity.id,
        supplier=partners["Slagelse Kommune"],
        payer=partners["Landsbyggefonden"],
        hours=Decimal("10"),
        rate_ore=500_00,
    )
    with pytest.raises(DomainError) as kind:
        book_staff_purchase(db, slagelse, **{**common, "kind": "forecast"})  # type: ignore[arg-type]
    assert kind.value.message == _service_error(db, slagelse, kind="forecast")[1]
    with pytest.raises(DomainError) as text:
        book_staff_purchase(db, slagelse, **common, text="t" * (REASON_MAX + 1))  # type: ignore[arg-type]
    assert (text.value.field, text.value.message) == ("text", "Teksten må højst være 400 tegn.")
    purchase = book_staff_purchase(db, slagelse, **common, text="t" * REASON_MAX)  # type: ignore[arg-type]
    entry = db.get(Entry, purchase.entry_id)
    assert entry is not None and entry.text.startswith("t" * REASON_MAX)
    assert entry.text.endswith("10.00 t × 500 kr.")


def _builds_entry(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sum(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Entry"
        for node in ast.walk(tree)
    )


def test_only_the_posting_pipeline_builds_entries() -> None:
    """Old main built `Entry(...)` in ledger.py (3) and staff.py (1), and imports.py inserted
    rows of its own."""
    counts = {
        str(path.relative_to(ROOT)): n
        for folder in ("app", "reports")
        for path in (ROOT / folder).rglob("*.py")
        if (n := _builds_entry(path))
    }
    assert counts == {"app/services/posting.py": 1}
    inserts = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("*.py")
        if "insert(" in path.read_text(encoding="utf-8")
        and "Entry.__table__" in path.read_text(encoding="utf-8")
    ]
    assert inserts == ["app/services/posting.py"]


def test_every_plans_book_is_the_book_of_each_plan(db: Session, slagelse: MasterPlan) -> None:
    """The import reads every plan's rules at once (PlanBook.every); they are the same rules
    the other doors read plan by plan (PlanBook.of): partners, activities, closed years."""
    closing.close_year(db, slagelse, 2018, reason="Regnskab godkendt")
    db.flush()
    books = PlanBook.every(db)
    assert books[slagelse.slug] == PlanBook.of(db, slagelse)
    assert books[slagelse.slug].closed_years == {2018}
    assert books[slagelse.slug].partner_ids and books[slagelse.slug].activity_ids
    assert set(books) == set(db.scalars(select(MasterPlan.slug)))
