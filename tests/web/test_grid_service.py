"""save_grid books only changed cells; saved amounts change through corrections, never updates."""

import pytest
from sqlalchemy import select

from app.models import Entry
from app.services.errors import Conflict, DomainError
from app.services.grid import grid_cells, save_grid
from app.services.ledger import EntryInput, book_entry
from tests.helpers import snapshot


def _first(plan):  # type: ignore[no-untyped-def]
    activity = plan.focus_areas[0].activities[0]
    return activity, plan.partners[0], plan.partners[1]


def _save(db, plan, values, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("reason", "")
    return save_grid(db, plan, year=2020, kind="actual", category="other", values=values, **kwargs)


def test_new_cells_are_booked_and_unchanged_cells_are_not(db, slagelse) -> None:
    activity, fund, city = _first(slagelse)
    values = {(activity.id, fund.id): 1_000_00, (activity.id, city.id): 0, (None, city.id): -504_00}
    changes = _save(db, slagelse, values)
    db.commit()
    assert {(c.key, c.old_ore, c.new_ore) for c in changes} == {
        ((activity.id, fund.id), 0, 1_000_00),
        ((None, city.id), 0, -504_00),
    }
    cells = grid_cells(db, slagelse, year=2020, kind="actual", category="other")
    assert {k: c.amount_ore for k, c in cells.items()} == {
        (activity.id, fund.id): 1_000_00,
        (None, city.id): -504_00,
    }
    assert _save(db, slagelse, values) == []  # the same grid again books nothing


def test_changed_cell_with_one_entry_is_corrected(db, slagelse) -> None:
    activity, fund, _ = _first(slagelse)
    key = (activity.id, fund.id)
    _save(db, slagelse, {key: 1_000_00})
    db.commit()
    (original,) = grid_cells(db, slagelse, year=2020, kind="actual", category="other")[key].live
    _save(db, slagelse, {key: 1_500_00}, reason="Fejltastning")
    db.commit()
    entries = db.scalars(
        select(Entry).where(Entry.activity_id == activity.id, Entry.category == "other")
    ).all()
    assert [(e.amount_ore, e.reverses_id) for e in entries] == [
        (1_000_00, None),
        (-1_000_00, original.id),
        (1_500_00, None),
    ]
    assert "Fejltastning" in entries[1].text and "Fejltastning" in entries[2].text


def test_changed_cell_with_several_entries_gets_an_adjustment(db, slagelse) -> None:
    activity, fund, _ = _first(slagelse)
    for amount in (600_00, 400_00):
        line = EntryInput(2020, fund.id, "actual", "other", amount, activity=activity.id)
        book_entry(db, slagelse, line)
    db.commit()
    _save(db, slagelse, {(activity.id, fund.id): 1_250_00}, reason="Ny bevilling")
    db.commit()
    last = db.scalars(select(Entry).order_by(Entry.id.desc())).first()
    assert last.amount_ore == 250_00
    assert last.reverses_id is None
    assert last.text == "Justering 1.000 → 1.250 kr.: Ny bevilling"


def test_changing_a_saved_amount_needs_a_reason_and_nothing_is_kept(db, engine, slagelse) -> None:
    activity, fund, city = _first(slagelse)
    _save(db, slagelse, {(activity.id, fund.id): 1_000_00})
    db.commit()
    before = snapshot(engine)
    with pytest.raises(DomainError) as error:
        _save(db, slagelse, {(activity.id, city.id): 5_00, (activity.id, fund.id): 2_000_00})
    assert error.value.field == "reason"
    db.rollback()
    assert snapshot(engine) == before


def test_a_grid_that_moved_since_it_was_loaded_is_refused(db, slagelse) -> None:
    activity, fund, _ = _first(slagelse)
    key = (activity.id, fund.id)
    _save(db, slagelse, {key: 1_000_00})
    with pytest.raises(Conflict):
        _save(db, slagelse, {key: 3_00}, expected={key: 0}, reason="x")


def test_cells_outside_the_plan_are_refused(db, slagelse) -> None:
    with pytest.raises(DomainError):
        _save(db, slagelse, {(999_999, slagelse.partners[0].id): 1_00})


def test_staff_purchases_are_not_typed_into_the_grid(db, client, engine, slagelse) -> None:
    activity, fund, _ = _first(slagelse)
    before = snapshot(engine)
    with pytest.raises(DomainError, match="Frikøb"):
        save_grid(
            db,
            slagelse,
            year=2020,
            kind="budget",
            category="staff_purchase",
            values={(activity.id, fund.id): 1_00},
        )
    db.rollback()
    page = client.get(
        f"/planer/{slagelse.slug}/gitter?year=2019&kind=budget&category=staff_purchase"
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "readonly" in html and "Gem ændringer" not in html
    assert "569.700" in html  # KRIM-1 2019: 1.266 t × 450 kr. from the seed
    assert snapshot(engine) == before
