"""The ledger's running sums (entry_sums) always equal the entries they sum, on both databases:
after the import, corrections, frikøb, revisions and carry-overs (the national data set and the
seeds), exact beyond 64 bits, and after a refused write nothing of it is left in the sums.
The random writes of tests/badinput/test_stateful.py check the same after every step."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import migrate
from app.models import CarryOver, Entry, EntrySum, MasterPlan
from app.models.entry_sum import total
from app.seeding import load_seed
from app.services import entry_sums
from app.services.posting import BulkBooking, ValidLine, post, post_bulk
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
    stored = select(total()).where(EntrySum.plan_id == plans[0].id)
    entries = select(func.sum(Entry.amount_ore)).where(Entry.plan_id == plans[0].id)
    assert db.scalar(stored) == db.scalar(entries)


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


def test_a_bulk_booking_in_batches_adds_every_line_once(db: Session, slagelse: MasterPlan) -> None:
    """The import's batches: the sums are added once, at the end, of exactly the booking's
    lines; a line another door posts in between (which adds its own) is not counted twice."""
    booking = BulkBooking(db, "test")
    booking.post([_line(slagelse, 100_00, f"a-{n}") for n in range(300)])
    post(db, [_line(slagelse, 7_00, "between")])
    booking.post([_line(slagelse, 50_00, f"b-{n}", year=2021) for n in range(300)])
    booking.post([])
    booking.finish()
    db.commit()
    assert entry_sums.differences(db) == []


def test_a_sum_beyond_64_bits_stays_exact(db: Session, slagelse: MasterPlan) -> None:
    """Rows as a database written before the amount bound could hold them (summed by the
    migration, here by rebuild), then a line through the door onto the same key."""
    huge = 9_000_000_000_000_000_000  # two of them leave 64 bits (2^63 ≈ 9.22 × 10^18)
    line = _line(slagelse, huge, "")._asdict() | {"external_id": None}
    db.execute(insert(Entry), [line, line])
    entry_sums.rebuild(db.connection())
    post(db, [_line(slagelse, -1, "after")], created_by="test")
    db.commit()
    assert entry_sums.differences(db) == []
    stored = db.get(EntrySum, entry_sums.key_of(_line(slagelse, 0, "")))
    assert stored is not None and stored.lines == 3
    assert stored.amount_ore == 2 * huge - 1 > 2**63
    in_sql = select(total()).where(EntrySum.plan_id == slagelse.id, EntrySum.year == 2020)
    year = select(Entry.amount_ore).where(Entry.plan_id == slagelse.id, Entry.year == 2020)
    assert db.scalar(in_sql) == sum(db.scalars(year)) > 2**63  # Python's sum: exact


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
