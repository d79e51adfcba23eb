"""Load a plan described in a TOML file under seeds/ through the ordinary service functions."""

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import PROJECT_ROOT
from app.models import EntryKind, MasterPlan, Partner
from app.services.amounts import parse_amount, parse_fte, parse_hours
from app.services.budget import create_revision, record_carry_over
from app.services.closing import close_year
from app.services.errors import Conflict, DomainError
from app.services.ledger import EntryInput, book_entry
from app.services.partners import create_partner
from app.services.plans import create_activity, create_focus_area, create_plan
from app.services.posting import PlanBook
from app.services.rounds import enter_round
from app.services.staff import book_staff_purchase, set_staff_allocation

SEEDS_DIR = PROJECT_ROOT / "seeds"
SEED_USER = "seed"


def available_seeds() -> list[str]:
    return sorted(path.stem for path in SEEDS_DIR.glob("*.toml"))


def seed_path(name: str) -> Path:
    path = SEEDS_DIR / f"{name}.toml"
    if not path.is_file():
        raise DomainError(f"Ukendt seed “{name}”; findes: {', '.join(available_seeds())}.", "seed")
    return path


def load_seed(db: Session, name: str, *, with_entries: bool = True) -> MasterPlan:
    """Book the seed's plan. Refuses (Conflict) when the plan is already there.

    `with_entries=False` creates only the structure (partners, plan, indsatsområder,
    activities), e.g. as the target of an import.
    """
    data = tomllib.loads(seed_path(name).read_text(encoding="utf-8"))
    spec = data["plan"]
    if db.scalar(select(MasterPlan.id).where(MasterPlan.slug == spec["slug"])) is not None:
        raise Conflict(f"Planen “{spec['slug']}” er allerede indlæst.", "slug")
    partners = {p["name"]: _partner(db, p["name"], p["kind"]) for p in data["partners"]}
    plan = create_plan(
        db,
        slug=spec["slug"],
        name=spec["name"],
        municipality_id=partners[spec["municipality"]].id,
        first_year=spec["first_year"],
        last_year=spec["last_year"],
        frame_ore=parse_amount(spec["frame"]) if "frame" in spec else None,
        partner_ids=[p.id for p in partners.values()],
    )
    focus_areas = {}
    for fa in data.get("focus_areas", []):
        focus_area = create_focus_area(db, plan, name=fa["name"])
        focus_areas[fa["name"]] = focus_area
        for activity in fa.get("activities", []):
            create_activity(db, focus_area, code=activity["code"], name=activity["name"])
    if not with_entries:
        return plan
    kinds = _kinds_per_year(spec)
    for purchase in data.get("staff_purchases", []):
        for year, hours in _per_year(purchase["hours"]):
            for kind in kinds(year):
                book_staff_purchase(
                    db,
                    plan,
                    year=year,
                    kind=kind,
                    activity=purchase["activity"],
                    supplier=purchase["supplier"],
                    payer=purchase["payer"],
                    hours=parse_hours(hours),
                    rate_ore=parse_amount(purchase["rate"]),
                    text=purchase.get("text", ""),
                    created_by=SEED_USER,
                )
    book = PlanBook.of(db, plan)
    for line in data.get("entries", []):
        for year, amount in _per_year(line["amounts"]):
            for kind in [line["kind"]] if "kind" in line else kinds(year):
                book_entry(
                    db,
                    plan,
                    EntryInput(
                        year=year,
                        partner=line["partner"],
                        kind=kind,
                        category=line["category"],
                        amount_ore=parse_amount(amount),
                        activity=line.get("activity"),
                        text=line.get("text", ""),
                    ),
                    created_by=SEED_USER,
                    book=book,
                )
    _book_follow_up(db, plan, data)
    for allocation in data.get("staff_allocations", []):
        for year, fte in _per_year(allocation["fte"]):
            set_staff_allocation(
                db,
                plan,
                year=year,
                focus_area_id=focus_areas[allocation["focus_area"]].id,
                partner=allocation["partner"],
                fte=parse_fte(fte),
                created_by=SEED_USER,
            )
    return plan


def _line(line: dict[str, Any], year: int) -> EntryInput:
    return EntryInput(
        year=year,
        partner=line["partner"],
        kind=EntryKind.BUDGET,
        category=line.get("category", "cash"),
        amount_ore=parse_amount(line["amount"]),
        activity=line.get("activity"),
        text=line.get("text", ""),
    )


def _book_follow_up(db: Session, plan: MasterPlan, data: dict[str, Any]) -> None:
    """Budget revisions, closed years, then the follow-up rounds with their corrections
    (a line with `carry_over_from` is also recorded as that year's carry-over) and forecasts."""
    for revision in data.get("revisions", []):
        lines = [_line(line, line["year"]) for line in revision["lines"]]
        create_revision(db, plan, reason=revision["reason"], lines=lines)
    for year in data["plan"].get("closed_years", []):
        close_year(db, plan, year, reason="Regnskab aflagt (seed)")
    for spec in data.get("rounds", []):
        lines = spec.get("corrections", [])
        _, entries = enter_round(
            db,
            plan,
            year=spec["year"],
            dated=spec["dated"],
            reason=spec["reason"],
            corrections=[_line(line, spec["year"]) for line in lines],
            forecast={code: parse_amount(amount) for code, amount in spec["forecast"].items()},
            created_by=SEED_USER,
        )
        for line, entry in zip(lines, entries, strict=True):
            if "carry_over_from" in line:
                record_carry_over(db, plan, line["carry_over_from"], entry)


def _partner(db: Session, name: str, kind: str) -> Partner:
    existing = db.scalar(select(Partner).where(Partner.name == name))
    return existing if existing is not None else create_partner(db, name=name, kind=kind)


def _per_year(values: dict[str, Any]) -> list[tuple[int, Any]]:
    return sorted((int(year), value) for year, value in values.items())


def _kinds_per_year(spec: dict[str, Any]) -> Callable[[int], list[str]]:
    actual_years = set(spec.get("actual_years", []))

    def kinds(year: int) -> list[str]:
        return [EntryKind.BUDGET, EntryKind.ACTUAL] if year in actual_years else [EntryKind.BUDGET]

    return kinds
