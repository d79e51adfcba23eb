"""Helhedsplaner, their partners, indsatsområder and activities."""

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import (
    Activity,
    ClosedYear,
    Entry,
    EntryKind,
    FocusArea,
    GrantCommitment,
    MasterPlan,
    Partner,
    PartnerKind,
    PlanPartner,
    StaffAllocation,
    StaffPurchase,
    User,
)
from app.models.base import FIRST_YEAR, LAST_YEAR
from app.services import access
from app.services.amounts import parse_id
from app.services.errors import Conflict, DomainError, Forbidden, NotFound
from app.services.names import clean_name
from app.services.partners import UNSET, get_partner, known_partner
from app.services.posting import activity_message, partner_message, ref_field

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# Words that page or API routes use where a slug stands (/planer/ny beside /planer/<slug>):
# a plan with such a slug could never be reached. tests/security/test_reserved_slugs.py
# walks the URL map, so a new route word must be added here.
RESERVED_SLUGS = frozenset({"ny"})


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
    _check_slug(db, slug)
    name = clean_name(name, MasterPlan.name, "name")
    _check_period(first_year, last_year)
    if frame_ore is not None and frame_ore < 0:
        raise DomainError("Rammen kan ikke være negativ.", "frame")
    # Ids in the body that name nothing are the body's fault (422 on their field), not a 404.
    municipality = known_partner(db, municipality_id, "municipality_id")
    partners = [known_partner(db, partner_id, "partner_ids") for partner_id in partner_ids or []]
    if municipality.kind != PartnerKind.MUNICIPALITY:
        raise DomainError(f"“{municipality.name}” er ikke en kommune.", "municipality_id")
    plan = MasterPlan(
        slug=slug,
        name=name,
        municipality_id=municipality.id,
        first_year=first_year,
        last_year=last_year,
        frame_ore=frame_ore,
    )
    db.add(plan)
    db.flush()
    # Report columns follow the order given; the municipality always takes part.
    ids = [*(partner.id for partner in partners), municipality.id]
    for partner_id in dict.fromkeys(ids):
        add_partner(db, plan, partner_id)
    return plan


def _check_slug(db: Session, slug: str, plan: MasterPlan | None = None) -> None:
    """Valid and not used by another plan (`plan` may keep its own)."""
    if not SLUG.match(slug or ""):
        raise DomainError("Kortnavnet må kun indeholde små bogstaver, tal og bindestreg.", "slug")
    if slug.isdigit():
        # get_plan reads a bare number as an id, so such a slug could never be looked up.
        raise DomainError("Kortnavnet må ikke kun bestå af tal.", "slug")
    if slug in RESERVED_SLUGS:
        raise DomainError(
            f"Kortnavnet “{slug}” er reserveret til en side (fx /planer/{slug}); vælg et andet.",
            "slug",
        )
    query = select(MasterPlan.id).where(MasterPlan.slug == slug)
    if plan is not None:
        query = query.where(MasterPlan.id != plan.id)
    if db.scalar(query) is not None:
        raise Conflict(f"Der findes allerede en plan med kortnavnet “{slug}”.", "slug")


def _check_period(first_year: int, last_year: int) -> None:
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise DomainError(f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.", field)
    if last_year < first_year:
        raise DomainError("Slutåret ligger før startåret.", "last_year")


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


def join_plan(db: Session, plan: MasterPlan, partner_id: int, user: User) -> PlanPartner:
    """add_partner on behalf of `user` (the API and the plan page), within what it may add.

    A partner already in the plan is a conflict (409), so a client learns that nothing
    changed instead of reading a 201 for a partner it did not add."""
    partner = known_partner(db, partner_id, "partner_id")
    if db.get(PlanPartner, (plan.id, partner.id)) is not None:
        raise Conflict(f"{partner.name} deltager allerede i planen {plan.slug}.", "partner_id")
    if not access.may_add_partner(user, plan, partner):
        raise Forbidden(
            f"Kun en administrator kan gøre {partner.name} til partner i planen: en anden "
            "kommunes tal og byrådssvar må ikke ændres fra denne plan.",
            "partner_id",
        )
    return add_partner(db, plan, partner.id)


def get_plan(db: Session, ref: int | str, *, with_activities: bool = False) -> MasterPlan:
    """A plan by id or slug, with its partners in the same query (every report reads them).

    `with_activities` also loads its focus areas and their activities in two more queries
    (the API's plan view shows them all), instead of one lazy load per focus area.
    """
    plan = find_plan(db, ref, with_activities=with_activities)
    if plan is None:
        raise NotFound(f"Planen “{ref}” findes ikke.", "plan")
    return plan


def find_plan(db: Session, ref: int | str, *, with_activities: bool = False) -> MasterPlan | None:
    """get_plan's lookup, None for no such plan (the access gate answers that itself)."""
    query = select(MasterPlan).options(joinedload(MasterPlan.participations))
    if with_activities:
        query = query.options(
            selectinload(MasterPlan.focus_areas).selectinload(FocusArea.activities)
        )
    if (plan_id := parse_id(ref)) is not None:
        query = query.where(MasterPlan.id == plan_id)
    else:
        query = query.where(MasterPlan.slug == ref)
    return db.execute(query).unique().scalar_one_or_none()


def list_plans(db: Session) -> list[MasterPlan]:
    return list(db.scalars(select(MasterPlan).order_by(MasterPlan.first_year, MasterPlan.slug)))


def plan_partner(db: Session, plan: MasterPlan, ref: int | str, field: str) -> Partner:
    """A partner (id or name) that must take part in the plan."""
    for participation in plan.participations:
        partner = participation.partner
        if ref == partner.id or ref == partner.name or str(ref) == str(partner.id):
            return partner
    raise DomainError(partner_message(ref, plan.slug), ref_field(field, ref))


def create_focus_area(db: Session, plan: MasterPlan, *, name: str) -> FocusArea:
    name = clean_name(name, FocusArea.name, "name")
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
    code = clean_name(code, Activity.code, "code", "Koden mangler.")
    name = clean_name(name, Activity.name, "name")
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
        raise DomainError(activity_message(ref, plan.slug), ref_field(field, ref))
    return activity


def list_activities(db: Session, plan: MasterPlan) -> list[Activity]:
    return list(
        db.scalars(select(Activity).where(Activity.plan_id == plan.id).order_by(Activity.code))
    )


def update_plan(
    db: Session,
    plan: MasterPlan,
    *,
    name: str = UNSET,
    frame_ore: int | None = UNSET,
    slug: str = UNSET,
    first_year: int = UNSET,
    last_year: int = UNSET,
    min_local_share: Decimal = UNSET,
    variance_pct: Decimal = UNSET,
    variance_amount_ore: int = UNSET,
) -> MasterPlan:
    """Change a plan's name, frame, slug, period or check limits; fields not given stay.

    The period may only shrink around what is booked: an entry, staff purchase, allocation
    or closed year outside the new period would drop out of every report without a trace.
    """
    if name is not UNSET:
        name = clean_name(name, MasterPlan.name, "name")
    if frame_ore is not UNSET and frame_ore is not None and frame_ore < 0:
        raise DomainError("Rammen kan ikke være negativ.", "frame")
    if slug is not UNSET and slug != plan.slug:
        _check_slug(db, slug, plan)
    first = plan.first_year if first_year is UNSET else first_year
    last = plan.last_year if last_year is UNSET else last_year
    if (first, last) != (plan.first_year, plan.last_year):
        _check_period(first, last)
        _check_nothing_outside(db, plan, first, last)
    _set_limits(plan, min_local_share, variance_pct, variance_amount_ore)
    if name is not UNSET:
        plan.name = name
    if frame_ore is not UNSET:
        plan.frame_ore = frame_ore
    if slug is not UNSET:
        plan.slug = slug
    plan.first_year, plan.last_year = first, last
    db.flush()
    return plan


def _set_limits(
    plan: MasterPlan, min_local_share: Decimal, variance_pct: Decimal, variance_amount_ore: int
) -> None:
    """The rule checks' limits (app.services.checks): a share in 0–100 %, thresholds ≥ 0."""
    if min_local_share is not UNSET:
        if not 0 <= min_local_share <= 100:
            raise DomainError("Minimum for lokal medfinansiering skal ligge i 0–100 %.",
                              "min_local_share")  # fmt: skip
        plan.min_local_share = min_local_share
    if variance_pct is not UNSET:
        if variance_pct < 0:
            raise DomainError("Tærsklen for afvigelser kan ikke være negativ.", "variance_pct")
        plan.variance_pct = variance_pct
    if variance_amount_ore is not UNSET:
        if variance_amount_ore < 0:
            raise DomainError("Beløbstærsklen kan ikke være negativ.", "variance_amount")
        plan.variance_amount_ore = variance_amount_ore


# What is booked per year, and how the refusal names it.
_BOOKED: tuple[tuple[Any, str], ...] = (
    (Entry, "postering(er)"),
    (StaffPurchase, "frikøb"),
    (StaffAllocation, "årsværksfordeling(er)"),
    (ClosedYear, "lukket år"),
)


def _check_nothing_outside(db: Session, plan: MasterPlan, first: int, last: int) -> None:
    """Refuse a period that leaves booked rows outside it; the message says what and where."""
    found: list[str] = []
    fields: set[str] = set()
    for model, label in _BOOKED:
        query = (
            select(model.year, func.count())
            .where(model.plan_id == plan.id, (model.year < first) | (model.year > last))
            .group_by(model.year)
            .order_by(model.year)
        )
        for year, count in db.execute(query):
            found.append(f"{count} {label} i {year}")
            fields.add("first_year" if year < first else "last_year")
    if found:
        field = "first_year" if fields == {"first_year"} else "last_year"
        raise Conflict(
            f"Perioden kan ikke ændres til {first}–{last}: der findes "
            + ", ".join(found)
            + ", som ville falde uden for planen. Ret eller flyt dem først.",
            field,
        )


def remove_partner(db: Session, plan: MasterPlan, partner_id: int) -> Partner:
    """Take a partner out of a plan it takes part in, if nothing is booked on it there."""
    participation = db.get(PlanPartner, (plan.id, partner_id))
    if participation is None:
        raise NotFound(f"Partner {partner_id} deltager ikke i planen {plan.slug}.", "partner_id")
    partner = participation.partner
    if partner.id == plan.municipality_id:
        raise Conflict(
            f"{partner.name} er planens kommune og kan ikke fjernes fra planen.", "partner_id"
        )
    booked = []
    for count, label in (
        (_count(db, Entry, Entry.plan_id == plan.id, Entry.partner_id == partner.id),
         "postering(er)"),
        (_count(db, StaffPurchase, StaffPurchase.plan_id == plan.id,
                (StaffPurchase.supplier_id == partner.id) | (StaffPurchase.payer_id == partner.id)),
         "frikøb"),
        (_count(db, StaffAllocation, StaffAllocation.plan_id == plan.id,
                StaffAllocation.partner_id == partner.id),
         "årsværksfordeling(er)"),
        (_count(db, GrantCommitment, GrantCommitment.plan_id == plan.id,
                GrantCommitment.partner_id == partner.id),
         "et tilsagn"),
    ):  # fmt: skip
        if count:
            booked.append(f"{count} {label}")
    if booked:
        raise Conflict(
            f"{partner.name} kan ikke fjernes fra planen: der er bogført "
            + " og ".join(booked)
            + " på partneren i planen.",
            "partner_id",
        )
    db.delete(participation)
    db.flush()
    db.refresh(plan, ["participations"])
    # Keep the report columns' order without gaps, so the next partner added goes last.
    for position, remaining in enumerate(plan.participations):
        remaining.position = position
    db.flush()
    return partner


def _count(db: Session, model: Any, *where: Any) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where)) or 0


def rename_focus_area(db: Session, focus_area: FocusArea, *, name: str) -> FocusArea:
    name = clean_name(name, FocusArea.name, "name")
    taken = db.scalar(
        select(FocusArea.id).where(
            FocusArea.plan_id == focus_area.plan_id,
            FocusArea.name == name,
            FocusArea.id != focus_area.id,
        )
    )
    if taken is not None:
        raise Conflict(f"Indsatsområdet “{name}” findes allerede i planen.", "name")
    focus_area.name = name
    db.flush()
    return focus_area


def update_activity(
    db: Session,
    plan: MasterPlan,
    activity: Activity,
    *,
    code: str = UNSET,
    name: str = UNSET,
    focus_area_id: int = UNSET,
) -> Activity:
    """Change an activity's code, name or indsatsområde (one of the same plan)."""
    if code is not UNSET:
        code = clean_name(code, Activity.code, "code", "Koden mangler.")
        taken = db.scalar(
            select(Activity.id).where(
                Activity.plan_id == plan.id, Activity.code == code, Activity.id != activity.id
            )
        )
        if taken is not None:
            raise Conflict(f"Aktivitetskoden “{code}” er allerede brugt i planen.", "code")
    if name is not UNSET:
        name = clean_name(name, Activity.name, "name")
    focus_area = None
    if focus_area_id is not UNSET:
        focus_area = get_focus_area(db, plan, focus_area_id)
        if focus_area.id != activity.focus_area_id:
            _check_no_closed_year_moves(db, plan, activity)
    if code is not UNSET:
        activity.code = code
    if name is not UNSET:
        activity.name = name
    if focus_area is not None:
        activity.focus_area = focus_area
    db.flush()
    return activity


def _check_no_closed_year_moves(db: Session, plan: MasterPlan, activity: Activity) -> None:
    """A closed year's per-indsatsområde figures are signed off: an activity booked in one
    keeps its indsatsområde (reopen the year, or use a new activity for the years ahead)."""
    closed = select(ClosedYear.year).where(ClosedYear.plan_id == plan.id)
    years: set[int] = set()
    for model in (Entry, StaffPurchase):
        years.update(
            db.scalars(
                select(model.year)
                .where(model.plan_id == plan.id, model.activity_id == activity.id)
                .where(model.year.in_(closed))
                .distinct()
            )
        )
    if years:
        listed = ", ".join(str(year) for year in sorted(years))
        raise Conflict(
            f"Aktiviteten {activity.code} kan ikke flyttes til et andet indsatsområde: den har "
            f"posteringer i de lukkede år {listed}, hvis tal pr. indsatsområde er afsluttet. "
            "Opret en ny aktivitet under det nye indsatsområde til de kommende år, eller få "
            "en administrator til at genåbne årene.",
            "focus_area_id",
        )


def latest_actual_years(db: Session) -> dict[int, int]:
    """Per plan id, the latest year that has accounts (regnskab) booked."""
    query = (
        select(Entry.plan_id, func.max(Entry.year))
        .where(Entry.kind == EntryKind.ACTUAL)
        .group_by(Entry.plan_id)
    )
    return {plan_id: year for plan_id, year in db.execute(query)}
