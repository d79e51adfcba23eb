"""The import's bulk path (COPY on PostgreSQL, multi-row INSERT on SQLite) keeps the database's
own year rules: a line that skipped the service checks is still refused, and nothing of the
batch is kept."""

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services import closing
from app.services.posting import ValidLine, post_bulk
from tests.helpers import snapshot


def _lines(plan: MasterPlan, count: int, **last: object) -> list[ValidLine]:
    line = ValidLine(
        plan_id=plan.id,
        year=2020,
        activity_id=None,
        partner_id=plan.municipality_id,
        kind="budget",
        category="cash",
        amount_ore=100_00,
        text="Bulk",
        external_id=None,
    )
    lines = [line._replace(external_id=f"bulk-{n}") for n in range(count)]
    lines[-1] = lines[-1]._replace(**last)
    return lines


def test_bulk_lines_are_booked(db: Session, slagelse: MasterPlan) -> None:
    before = db.scalar(select(func.count()).select_from(Entry))
    post_bulk(db, _lines(slagelse, 5_000), created_by="test")
    db.commit()
    assert db.scalar(select(func.count()).select_from(Entry)) == before + 5_000
    stored = db.scalar(select(Entry).where(Entry.external_id == "bulk-4999"))
    assert stored is not None and stored.amount_ore == 100_00 and stored.created_by == "test"
    assert stored.created_at.utcoffset() is not None or db.get_bind().dialect.name == "sqlite"


@pytest.mark.parametrize(
    ("last", "message"),
    [
        ({"year": 2023}, "outside the plan period"),
        ({"year": 2019}, "the year is closed"),
    ],
    ids=["outside-period", "closed-year"],
)
def test_the_database_refuses_a_bad_line_and_keeps_none_of_the_batch(
    db: Session, engine: Engine, slagelse: MasterPlan, last: dict, message: str
) -> None:
    closing.close_year(db, slagelse, 2019, reason="Regnskab godkendt")
    db.commit()
    before = snapshot(engine)
    with pytest.raises(IntegrityError) as refused:
        post_bulk(db, _lines(slagelse, 5_000, **last), created_by="test")
        db.flush()
    db.rollback()
    assert message in str(refused.value.orig)
    assert snapshot(engine) == before
