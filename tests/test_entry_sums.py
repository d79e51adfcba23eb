"""The ledger's running sums (entry_sums) always equal the entries they sum, on both databases:
after the import, corrections, frikøb, revisions and carry-overs (the national data set and the
Slagelse seed, which records a follow-up round's line as a carry-over), and after a refused
write nothing of it is left in the sums either. The random writes of
tests/badinput/test_stateful.py check the same after every step."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import migrate
from app.models import CarryOver, Entry, EntrySum, MasterPlan
from app.seeding import load_seed
from app.services import entry_sums
from app.services.posting import ValidLine, post, post_bulk
from tests.helpers import snapshot
from tests.overview.data import build_national


def _line(plan: MasterPlan, amount: int, external_id: str, year: int = 2020) -> ValidLine:
    return ValidLine(
        plan.id, year, None, plan.municipality_id, "budget", "cash", amount, "Sum", external_id
    )


def test_the_sums_equal_the_entries_over_a_national_data_set(db: Session, tmp_path: Path) -> None:
    plans = build_national(db, tmp_path)
    assert entry_sums.differences(db) == []
    stored = db.scalar(select(func.count()).select_from(EntrySum))
    assert stored and stored < db.scalar(select(func.count()).select_from(Entry))
    # The carried row holds the carry-over's entries and nothing else.
    carried = db.scalar(select(func.sum(EntrySum.lines)).where(EntrySum.carried))
    assert carried == db.scalar(select(func.count()).select_from(CarryOver)) > 0
    total = select(func.sum(EntrySum.amount_ore)).where(EntrySum.plan_id == plans[0].id)
    entries = select(func.sum(Entry.amount_ore)).where(Entry.plan_id == plans[0].id)
    assert db.scalar(total) == db.scalar(entries)


@pytest.mark.parametrize("seed", ["slagelse-2017-2021", "ballerup-socialudvalg-2022"])
def test_the_sums_equal_the_entries_of_the_seeds(db: Session, seed: str) -> None:
    """Ballerup's seed records a follow-up round's budget line as a carry-over afterwards."""
    load_seed(db, seed)
    db.commit()
    assert entry_sums.differences(db) == []
    carried = select(func.coalesce(func.sum(EntrySum.lines), 0)).where(EntrySum.carried)
    assert db.scalar(carried) == db.scalar(select(func.count()).select_from(CarryOver))
    assert db.scalar(select(func.count()).select_from(EntrySum))


def test_a_refused_bulk_booking_leaves_the_sums_as_they_were(
    db: Session, engine: Engine, slagelse: MasterPlan
) -> None:
    before = snapshot(engine)
    lines = [_line(slagelse, 100_00, f"s-{n}") for n in range(3_000)]
    lines[-1] = lines[-1]._replace(year=2023)  # outside the period: the database refuses it
    with pytest.raises(IntegrityError):
        post_bulk(db, lines, created_by="test")
        db.flush()
    db.rollback()
    assert snapshot(engine) == before
    assert entry_sums.differences(db) == []


def test_a_sum_that_would_leave_its_bound_is_refused_and_nothing_is_kept(
    db: Session, engine: Engine, slagelse: MasterPlan
) -> None:
    """SQLite would turn an overflowing integer sum into an inexact REAL; the table's CHECK
    refuses it on both databases, and the line is not booked either."""
    post(db, [_line(slagelse, 1, "near-1")], created_by="test")
    key = entry_sums.key_of(_line(slagelse, 0, "x"))
    near = 9_000_000_000_000_000_000 - 1
    stored = db.get(EntrySum, key)
    assert stored is not None
    stored.amount_ore = near  # the test stands in for ~900,000 lines at the amount bound
    db.commit()
    before = snapshot(engine)
    with pytest.raises(IntegrityError):
        post(db, [_line(slagelse, 10**13, "over")], created_by="test")
    db.rollback()
    assert snapshot(engine) == before
    assert db.get(EntrySum, key).amount_ore == near  # type: ignore[union-attr]


def test_rebuild_and_the_migration_compute_the_same_sums(
    db: Session, db_url: str, slagelse: MasterPlan
) -> None:
    expected = sorted(tuple(r) for r in db.execute(select(*EntrySum.__table__.c)).all())
    db.close()
    migrate.downgrade(db_url, "0011")
    migrate.upgrade(db_url)  # 0012 fills the sums from the entries
    again = sorted(tuple(r) for r in db.execute(select(*EntrySum.__table__.c)).all())
    assert again == expected and expected
    entry_sums.rebuild(db.connection())
    assert sorted(tuple(r) for r in db.execute(select(*EntrySum.__table__.c)).all()) == expected
