"""Builds a benchmark database: plans through the services, entry lines through the import.

Plans, partners, indsatsområder, activities and staff purchases (frikøb) are booked with the
ordinary service functions; the entry lines are written as a CSV in the import layout and
loaded with `ledger import FILE --commit` (issue 4's import path), timed as the import figure.
A few true corrections (`correct_entry`) are booked afterwards, as a user would.
"""

import csv
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan, StaffPurchase
from app.services.ledger import correct_entry
from app.services.partners import create_partner
from app.services.plans import create_activity, create_focus_area, create_plan
from app.services.staff import book_staff_purchase
from bench import dataset

BENCH_USER = "bench"


def book_structure(db: Session, seed: int, plans: list[dataset.PlanSpec]) -> None:
    """Partners, plans, indsatsområder, activities and one frikøb per plan-year, then commit."""
    ids = {
        spec.name: create_partner(db, name=spec.name, kind=spec.kind).id
        for spec in dataset.partners(seed, len(plans))
    }
    for spec in plans:
        plan = create_plan(
            db,
            slug=spec.slug,
            name=spec.name,
            municipality_id=ids[spec.municipality],
            first_year=spec.first_year,
            last_year=spec.last_year,
            frame_ore=None,
            partner_ids=[ids[name] for name in spec.partners],
        )
        for area in spec.focus_areas:
            focus_area = create_focus_area(db, plan, name=area.name)
            for activity in area.activities:
                create_activity(db, focus_area, code=activity.code, name=activity.name)
        for year in spec.years:
            kinds = ["budget", "actual"] if year <= dataset.LAST_ACTUAL_YEAR else ["budget"]
            for kind in kinds:
                book_staff_purchase(
                    db,
                    plan,
                    year=year,
                    kind=kind,
                    activity=spec.activity_codes[year % len(spec.activity_codes)],
                    supplier=spec.municipality,
                    payer=dataset.FUND,
                    hours=Decimal(400 + (year * 37 + spec.number) % 900) / 2,
                    rate_ore=42_550,
                    text="Frikøb af medarbejder",
                    created_by=BENCH_USER,
                )
    db.commit()


def write_csv(path: Path, seed: int, plans: list[dataset.PlanSpec], total: int) -> int:
    """The entry lines of every plan as one `;`-separated UTF-8 file; returns the row count."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, dataset.IMPORT_COLUMNS, delimiter=";")
        writer.writeheader()
        for spec, count in zip(plans, dataset.line_counts(plans, total), strict=True):
            for row in dataset.lines(seed, spec, count):
                writer.writerow(row)
                rows += 1
    return rows


@dataclass
class ImportRun:
    rows: int
    seconds: float
    output: str

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def run_import(url: str, path: Path, rows: int) -> ImportRun:
    """`ledger import FILE --commit` in a child process, as an operator runs it; wall time."""
    ledger = Path(sys.executable).with_name("ledger")
    env = os.environ | {"LEDGER_DATABASE_URL": url}
    started = time.perf_counter()
    result = subprocess.run(
        [str(ledger), "import", str(path), "--format", "csv", "--commit"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise RuntimeError(f"ledger import failed ({result.returncode}):\n{output[-3000:]}")
    return ImportRun(rows, seconds, output)


def book_corrections(db: Session, per_plan: int = 2) -> int:
    """Correct the first `per_plan` lines of each plan through `correct_entry`; commit.

    A frikøb's entry is corrected through its purchase, not directly, so those are passed over.
    """
    done = 0
    for plan in db.scalars(select(MasterPlan).order_by(MasterPlan.id)):
        query = (
            select(Entry)
            .where(Entry.plan_id == plan.id, Entry.reverses_id.is_(None))
            .where(Entry.external_id.is_not(None))
            .where(~exists().where(StaffPurchase.entry_id == Entry.id))
            .order_by(Entry.id)
            .limit(per_plan)
        )
        for entry in db.scalars(query):
            correct_entry(
                db,
                entry,
                reason="Beløbet rettet efter revision",
                new_amount_ore=entry.amount_ore // 2,
                created_by=BENCH_USER,
            )
            done += 1
    db.commit()
    return done


def api_token(db: Session) -> str | None:
    """A personal API token for the load test, made through the user services when the
    codebase has them (issue 5: every /api request then needs one); None before that."""
    try:
        from app.services import users  # type: ignore[attr-defined]
    except ImportError:
        return None
    user = users.create_user(
        db, username="bench", password="bench-only-password-not-secret", role="admin"
    )
    issued = users.create_token(db, user, "bench")
    db.commit()
    return issued.secret


def entry_count(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(Entry)) or 0)
