"""Fixtures for the import tests: CSV writers, a plan's structure without entries."""

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.seeding import load_seed

HEADER = [
    "plan",
    "year",
    "activity",
    "partner",
    "kind",
    "category",
    "amount",
    "text",
    "external_id",
]
PLAN = "slagelse-2017-2021"
PARTNERS = ["Landsbyggefonden", "Slagelse Kommune", "Boligorganisationerne i Slagelse"]
ACTIVITIES = ["", "KRIM-1", "KRIM-2", "UDD-1", "UDD-2", "FOR-1", "FOR-2"]
CATEGORIES = ["cash", "staff_cofinancing", "other"]  # staff_purchase needs hours × rate


def good_rows(count: int, *, prefix: str = "R") -> list[list[str]]:
    """`count` valid rows for the Slagelse plan; every third without an external id."""
    rows = []
    for n in range(count):
        rows.append(
            [
                PLAN,
                str(2017 + n % 5),
                ACTIVITIES[n % len(ACTIVITIES)],
                PARTNERS[n % len(PARTNERS)],
                ("budget", "actual")[n % 2],
                CATEGORIES[n % len(CATEGORIES)],
                danish_amount((n + 1) * 100_000 + n % 100),
                f"Bilag {n}",
                "" if n % 3 == 0 else f"{prefix}-{n}",
            ]
        )
    return rows


def danish_amount(ore: int) -> str:
    """Danish form written by hand (1.000,01), not by the code under test."""
    kroner, rest = divmod(ore, 100)
    return f"{kroner:,}".replace(",", ".") + (f",{rest:02d}" if rest else "")


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", header=HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def entry_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Entry)) or 0


def create_structure(db: Session, seed: str = PLAN) -> MasterPlan:
    """The seed's partners, plan, focus areas and activities, but no entries."""
    return load_seed(db, seed, with_entries=False)


@pytest.fixture
def structure(db: Session) -> MasterPlan:
    """The Slagelse plan's structure, committed, with no entries."""
    plan = create_structure(db)
    db.commit()
    return plan
