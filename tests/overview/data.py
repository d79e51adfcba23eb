"""Test data: a generated multi-plan data set (bench/dataset.py) with closed years, a
carry-over and a budget revision, so every column of the overview has something to add up."""

from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.budget import carry_over, create_revision
from app.services.closing import close_year
from app.services.commitments import set_commitment
from app.services.imports import import_entries
from app.services.ledger import correct_entry, list_entries
from app.services.plans import list_plans, update_plan
from app.services.posting import EntryInput
from bench import build, dataset

SEED = 23
PLANS = 5


def build_national(db: Session, tmp_path: Path) -> list[MasterPlan]:
    """Five generated plans, their lines and corrections; year closings, a carry-over and a
    revision on the first two plans (committed)."""
    specs = dataset.specs(SEED, PLANS)
    build.book_structure(db, SEED, specs)
    path = tmp_path / "lines.csv"
    build.write_csv(path, SEED, specs, 700)
    result = import_entries(db, path.read_bytes(), fmt="csv", commit=True)
    assert result.ok, result.errors[:3]
    db.commit()
    plans = list_plans(db)
    for plan in plans:  # a correction per plan (a frikøb's entry is corrected via the frikøb)
        target = next(e for e in list_entries(db, plan, kind="budget") if e.category == "cash")
        correct_entry(db, target, reason="Forkert beløb", new_amount_ore=target.amount_ore + 1)
    first, second = plans[0], plans[1]
    for plan in (first, second):  # no variance explanations needed to close their years
        update_plan(db, plan, variance_pct=Decimal(999), variance_amount_ore=10**11)
    close_year(db, first, first.first_year)
    assert carry_over(db, first, first.first_year)  # funds carried into the second year
    municipality = first.municipality.name
    create_revision(
        db,
        first,
        reason="Ny aktivitet",
        lines=[EntryInput(first.last_year, municipality, "budget", "cash", 1_234_500)],
    )
    for year in (second.first_year, second.first_year + 1):
        close_year(db, second, year)
    fund = next(p for p in first.partners if p.name == dataset.FUND)
    set_commitment(db, first, fund.id, 1_000_000_00)  # exceeded: a commitment_exceeded error
    db.commit()
    return plans
