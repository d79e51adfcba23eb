"""Under load and faults: concurrent writers, and a request killed mid-transaction."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from sqlalchemy import func, select

from app.models import ClosedYear, Entry, MasterPlan, Partner
from app.services.closing import close_year
from app.services.plans import get_plan
from tests.helpers import snapshot
from tests.security.conftest import SLAGELSE
from tests.security.users import make_user

WRITERS = 20
MARK = "samtidig skriver"


def test_twenty_concurrent_writers_each_store_exactly_once(app, db, slagelse) -> None:
    _, secret = make_user(app, "admin", username="skriver")
    partner_id = db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune"))
    start = threading.Barrier(WRITERS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            client = app.test_client()
            start.wait(timeout=30)
            response = client.post(
                f"/api/plans/{SLAGELSE}/entries",
                headers={"Authorization": f"Bearer {secret}"},
                json={
                    "year": 2020,
                    "partner_id": partner_id,
                    "kind": "budget",
                    "category": "cash",
                    "amount": f"{n}.000,{n:02d}",
                    "text": f"{MARK} {n}",
                    "external_id": f"concurrent-{n}",
                },
            )
            statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(1, 21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    assert errors == []
    assert statuses == [201] * WRITERS
    db.expire_all()
    rows = db.execute(
        select(Entry.text, func.count(), func.sum(Entry.amount_ore))
        .where(Entry.text.like(f"{MARK} %"))
        .group_by(Entry.text)
    ).all()
    assert len(rows) == WRITERS and all(count == 1 for _, count, _ in rows)
    expected = sum(n * 100_000 + n for n in range(1, 21))
    assert sum(total for _, _, total in rows) == expected


KILLED = textwrap.dedent(
    """
    import sys, time
    from app import create_app
    from app.services.closing import close_year
    from app.services.ledger import EntryInput, book_entry
    from app.services.plans import get_plan
    from app.db import get_db

    app = create_app({"DATABASE_URL": sys.argv[1], "TESTING": True})
    with app.test_request_context("/api/plans/x/entries", method="POST"):
        db = get_db()  # the request's transaction (BEGIN IMMEDIATE on SQLite)
        plan = get_plan(db, sys.argv[2])
        for n in range(50):
            book_entry(db, plan, EntryInput(year=2021, partner=sys.argv[3], kind="budget",
                                            category="cash", amount_ore=n, text="halvt"))
        close_year(db, plan, 2021, reason="aldrig")
        db.flush()
        print("READY", flush=True)
        time.sleep(120)
    """
)


def test_a_request_killed_mid_transaction_leaves_nothing(engine, db, db_url, slagelse) -> None:
    before = snapshot(engine)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED, db_url, SLAGELSE, "Slagelse Kommune"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ},
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "READY", process.stderr.read()  # type: ignore[union-attr]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert snapshot(engine) == before  # nothing half-written
    # The dead transaction's locks are gone: the same year can be closed now, promptly.
    done: list[bool] = []

    def close_again() -> None:
        plan = get_plan(db, SLAGELSE)
        close_year(db, plan, 2021, reason="nu")
        db.commit()
        done.append(True)

    worker = threading.Thread(target=close_again, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done == [True], "the killed request left a lock behind"
    plan_id = db.scalar(select(MasterPlan.id).where(MasterPlan.slug == SLAGELSE))
    assert db.get(ClosedYear, (plan_id, 2021)).reason == "nu"
    assert db.scalar(select(func.count()).select_from(Entry).where(Entry.text == "halvt")) == 0
