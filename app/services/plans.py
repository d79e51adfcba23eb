"""Helhedsplaner, their partners, indsatsområder and activities."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import (
    Activity,
    Entry,
    EntryKind,
    FocusArea,
    MasterPlan,
    Partner,
    PartnerKind,
    PlanPartner,
)
from app.services.errors import Conflict, DomainError, NotFound
from app.services.partners import get_partner

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def create_plan(
    db: Session,
    *,
    slug: str,
    name: str,
    municipality_id: int,
    first_year: int,
    last_year: int,
    frame_ore: int | None = None,
    partner_ids: list[int] | None = None,
) -> MasterPlan:
    if not SLUG.match(slug or ""):
        raise DomainError("Kortnavnet må kun indeholde små bogstaver, tal og bindestreg.", "slug")
    if not (name or "").strip():
        raise DomainError("Navnet mangler.", "name")
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not 1990 <= year <= 2100:
            raise DomainError("Året skal ligge mellem 1990 og 2100.", field)
    if last_year < first_year:
        raise DomainError("Slutåret ligger før startåret.", "last_year")
    if frame_ore is not None and frame_ore < 0:
        raise DomainError("Rammen kan ikke være negativ.", "frame")
    if db.scalar(select(MasterPlan.id).where(MasterPlan.slug == slug)) is not None:
        raise Conflict(f"Der findes allerede en plan med kortnavnet “{slug}”.", "slug")
    municipality = get_partner(db, municipality_id)
    if municipality.kind != PartnerKind.MUNICIPALITY:
        raise DomainError(f"“{municipality.name}” er ikke en kommune.", "municipality_id")
    plan = MasterPlan(
        slug=slug,
        name=name.strip(),
        municipality_id=municipality.id,
        first_year=first_year,
        last_year=last_year,
        frame_ore=frame_ore,
    )
    db.add(plan)
    db.flush()
    # Report columns follow the order given; the municipality always takes part.
    ids = [*(partner_ids or []), municipality.id]
    for partner_id in dict.fromkeys(ids):
        add_partner(db, plan, partner_id)
    return plan


def add_partner(db: Session, plan: MasterPlan, partner_id: int) -> PlanPartner:
    partner = get_partner(db, partner_id)
    existing = db.get(PlanPartner, (plan.id, partner.id))
    if existing is not None:
        return existing
    position = len(plan.participations)
    participation = PlanPartner(plan_id=plan.id, partner_id=partner.id, position=position)
    db.add(participation)
    db.flush()
    db.refresh(plan, ["participations"])
    return participation


def get_plan(db: Session, ref: int | str, *, with_activities: bool = False) -> MasterPlan:
    """A plan by id or slug, with its partners in the same query (every report reads them).

    `with_activities` also loads its focus areas and their activities in two more queries
    (the API's plan view shows them all), instead of one lazy load per focus area.
    """
    query = select(MasterPlan).options(joinedload(MasterPlan.participations))
    if with_activities:
        query = query.options(
            selectinload(MasterPlan.focus_areas).selectinload(FocusArea.activities)
        )
    if isinstance(ref, int) or ref.isdigit():
        query = query.where(MasterPlan.id == int(ref))
    else:
        query = query.where(MasterPlan.slug == ref)
    plan = db.execute(query).unique().scalar_one_or_none()
    if plan is None:
        raise NotFound(f"Planen “{ref}” findes ikke.", "plan")
    return plan


def list_plans(db: Session) -> list[MasterPlan]:
    return list(db.scalars(select(MasterPlan).order_by(MasterPlan.first_year, MasterPlan.slug)))


def plan_partner(db: Session, plan: MasterPlan, ref: int | str, field: str) -> Partner:
    """A partner (id or name) that must take part in the plan."""
    for participation in plan.participations:
        partner = participation.partner
        if ref == partner.id or ref == partner.name or str(ref) == str(partner.id):
            return partner
    raise DomainError(f"Partneren “{ref}” deltager ikke i planen {plan.slug}.", field)


def create_focus_area(db: Session, plan: MasterPlan, *, name: str) -> FocusArea:
    name = (name or "").strip()
    if not name:
        raise DomainError("Navnet mangler.", "name")
    if any(fa.name == name for fa in plan.focus_areas):
        raise Conflict(f"Indsatsområdet “{name}” findes allerede i planen.", "name")
    focus_area = FocusArea(plan_id=plan.id, name=name, position=len(plan.focus_areas))
    db.add(focus_area)
    db.flush()
    db.refresh(plan, ["focus_areas"])
    return focus_area


def get_focus_area(db: Session, plan: MasterPlan, focus_area_id: int) -> FocusArea:
    focus_area = db.get(FocusArea, focus_area_id)
    if focus_area is None or focus_area.plan_id != plan.id:
        raise DomainError(f"Indsatsområde {focus_area_id} findes ikke i planen.", "focus_area_id")
    return focus_area


def create_activity(db: Session, focus_area: FocusArea, *, code: str, name: str) -> Activity:
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        raise DomainError("Koden mangler.", "code")
    if not name:
        raise DomainError("Navnet mangler.", "name")
    taken = db.scalar(
        select(Activity.id).where(Activity.plan_id == focus_area.plan_id, Activity.code == code)
    )
    if taken is not None:
        raise Conflict(f"Aktivitetskoden “{code}” er allerede brugt i planen.", "code")
    activity = Activity(
        plan_id=focus_area.plan_id, focus_area_id=focus_area.id, code=code, name=name
    )
    db.add(activity)
    db.flush()
    return activity


def find_activity(
    db: Session, plan: MasterPlan, ref: int | str, field: str = "activity"
) -> Activity:
    """An activity of the plan by id or code."""
    query = select(Activity).where(Activity.plan_id == plan.id)
    if isinstance(ref, int):
        query = query.where(Activity.id == ref)
    else:
        query = query.where(Activity.code == ref)
    activity = db.scalar(query)
    if activity is None:
        raise DomainError(f"Aktiviteten “{ref}” findes ikke i planen {plan.slug}.", field)
    return activity


def list_activities(db: Session, plan: MasterPlan) -> list[Activity]:
    return list(
        db.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.code))
    )


def update_plan(db: Session, plan: MasterPlan, *, name: str, frame_ore: int | None) -> MasterPlan:
    """Rename a plan or change its frame; the period and slug stay (entries depend on them)."""
    if not (name or "").strip():
        raise DomainError("Navnet mangler.", "name")
    if frame_ore is not None and frame_ore < 0:
        raise DomainError("Rammen kan ikke være negativ.", "frame")
    plan.name = name.strip()
    plan.frame_ore = frame_ore
    db.flush()
    return plan


def latest_actual_years(db: Session) -> dict[int, int]:
    """Per plan id, the latest year that has accounts (regnskab) booked."""
    query = (
        select(Entry.plan_id, func.max(Entry.year))
        .where(Entry.kind == EntryKind.ACTUAL)
        .group_by(Entry.plan_id)
    )
    return {plan_id: year for plan_id, year in db.execute(query)}
