"""The year grid: net amounts per (activity, partner) for one plan, year, kind and category,
and saving a whole grid as entries for the changed cells only.

A cell is keyed by (activity_id or None for plan-wide, partner_id). Saving never updates an
entry: a new cell gets a new entry; a changed cell with exactly one live entry is corrected
through `correct_entry` (reversal + replacement); any other changed cell gets one adjustment
entry of the difference whose text says old → new and why.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.formatting import format_ore
from app.models import Entry, MasterPlan
from app.services.errors import Conflict, DomainError
from app.services.ledger import (
    EntryInput,
    book_entry,
    check_category,
    check_kind,
    check_year,
    correct_entry,
    refuse_direct_staff_purchase,
)
from app.services.posting import PlanBook, check_reason

CellKey = tuple[int | None, int]


@dataclass
class GridCell:
    amount_ore: int = 0
    live: list[Entry] = field(default_factory=list)  # entries neither reversing nor reversed
    count: int = 0


def grid_cells(
    db: Session, plan: MasterPlan, *, year: int, kind: str, category: str
) -> dict[CellKey, GridCell]:
    """Net amount and live entries of every cell that has entries."""
    reversal = aliased(Entry)
    query = (
        select(Entry, reversal.id)
        .outerjoin(reversal, reversal.reverses_id == Entry.id)
        .where(
            Entry.plan_id == plan.id,
            Entry.year == year,
            Entry.kind == kind,
            Entry.category == category,
        )
        .order_by(Entry.id)
    )
    cells: dict[CellKey, GridCell] = {}
    for entry, reversed_by in db.execute(query):
        cell = cells.setdefault((entry.activity_id, entry.partner_id), GridCell())
        cell.amount_ore += entry.amount_ore
        cell.count += 1
        if entry.reverses_id is None and reversed_by is None:
            cell.live.append(entry)
    return cells


@dataclass(frozen=True)
class GridChange:
    key: CellKey
    old_ore: int
    new_ore: int


def save_grid(
    db: Session,
    plan: MasterPlan,
    *,
    year: int,
    kind: str,
    category: str,
    values: dict[CellKey, int],
    expected: dict[CellKey, int] | None = None,
    reason: str = "",
    created_by: str | None = None,
) -> list[GridChange]:
    """Book the cells whose amount differs from the ledger; returns what changed.

    `expected` is what the user saw when the grid was loaded: if the ledger has moved since
    for a cell the user changed, the save is refused instead of overwriting someone's work.
    Changing an amount that was already saved needs a reason (it becomes a correction).
    The caller commits; on any error nothing has been booked that it keeps.
    """
    check_year(plan, year)
    check_kind(kind)
    check_category(category)
    refuse_direct_staff_purchase(plan, category)
    partner_ids = {p.id for p in plan.partners}
    activity_ids = {a.id for fa in plan.focus_areas for a in fa.activities}
    current = grid_cells(db, plan, year=year, kind=kind, category=category)
    changes = []
    for key, new in values.items():
        activity_id, partner_id = key
        if partner_id not in partner_ids or (
            activity_id is not None and activity_id not in activity_ids
        ):
            raise DomainError("Cellen hører ikke til planen.", "cells")
        old = current[key].amount_ore if key in current else 0
        if new == old:
            continue
        if expected is not None and expected.get(key, 0) != old:
            raise Conflict(
                "Beløbene er ændret af en anden, mens du tastede; hent gitteret igen.", "cells"
            )
        changes.append(GridChange(key, old, new))
    if any(change.key in current for change in changes):
        reason = check_reason(reason, "Skriv en begrundelse, når du ændrer gemte beløb.")
    book = PlanBook.of(db, plan)
    for change in changes:
        _book_change(
            db,
            plan,
            book,
            year,
            kind,
            category,
            change,
            current.get(change.key),
            reason,
            created_by,
        )
    return changes


def _book_change(
    db: Session,
    plan: MasterPlan,
    book: PlanBook,
    year: int,
    kind: str,
    category: str,
    change: GridChange,
    cell: GridCell | None,
    reason: str,
    created_by: str | None,
) -> None:
    activity_id, partner_id = change.key
    if cell is not None and len(cell.live) == 1 and cell.live[0].amount_ore == change.old_ore:
        correct_entry(
            db, cell.live[0], reason=reason, new_amount_ore=change.new_ore, created_by=created_by
        )
        return
    if cell is None:
        amount, text = change.new_ore, "Indtastet i årsgitteret"
    else:
        old, new = format_ore(change.old_ore), format_ore(change.new_ore)
        amount = change.new_ore - change.old_ore
        text = f"Justering {old} → {new} kr.: {reason}"
    book_entry(
        db,
        plan,
        EntryInput(
            year=year,
            partner=partner_id,
            kind=kind,
            category=category,
            amount_ore=amount,
            activity=activity_id,
            text=text,
        ),
        created_by=created_by,
        book=book,
    )
