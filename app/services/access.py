"""Who may read and who may write which plan: the role matrix in one place.

- admin: every plan, read and write;
- secretariat: read and write the plans it is assigned (user_plans);
- partner: read the plans its partner organisation takes part in;
- fund: read every plan, write none;
- auditor (revisor): read the plans it is assigned (user_plans), write only their sign-offs.
"""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MasterPlan, Partner, PartnerKind, PlanPartner, Role, User, UserPlan

# Roles that reach their plans through user_plans (assigned by an admin).
ASSIGNED_ROLES = (Role.SECRETARIAT, Role.AUDITOR)


def can_read_plan(db: Session, user: User, plan_id: int) -> bool:
    if user.role in (Role.ADMIN, Role.FUND):
        return True
    if user.role in ASSIGNED_ROLES:
        return db.get(UserPlan, (user.id, plan_id)) is not None
    if user.role == Role.PARTNER and user.partner_id is not None:
        return db.get(PlanPartner, (plan_id, user.partner_id)) is not None
    return False


def can_write_plan(db: Session, user: User, plan_id: int) -> bool:
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.SECRETARIAT:
        return db.get(UserPlan, (user.id, plan_id)) is not None
    return False


def can_sign_off(db: Session, user: User, plan_id: int) -> bool:
    """Only the plan's own auditor signs off its years: the sign-off is a revisor's personal
    statement, so not even an admin makes one in their name."""
    return user.role == Role.AUDITOR and db.get(UserPlan, (user.id, plan_id)) is not None


def can_write_some_plan(user: User) -> bool:
    """Admins and secretariats write; files that name their plans are checked plan by plan."""
    return user.role in (Role.ADMIN, Role.SECRETARIAT)


def can_read_partner(user: User, partner_id: int) -> bool:
    """Reports about one partner across plans (the council answer): the fund and admins see
    every partner's, a partner user only its own organisation's."""
    if user.role in (Role.ADMIN, Role.FUND):
        return True
    return user.role == Role.PARTNER and user.partner_id == partner_id


def can_see_overview(user: User) -> bool:
    """The overview across every plan: the fund and admins only."""
    return user.role in (Role.ADMIN, Role.FUND)


def may_add_partner(user: User, plan: MasterPlan, partner: Partner) -> bool:
    """Only an admin brings another municipality into a plan: that municipality's council
    answer would then count the plan, and its users could read it (issue 18.2)."""
    if user.role == Role.ADMIN:
        return True
    return partner.kind != PartnerKind.MUNICIPALITY or partner.id == plan.municipality_id


def visible_plans(db: Session, user: User) -> list[MasterPlan]:
    """The plans `user` may read, in the usual order."""
    query = select(MasterPlan).order_by(MasterPlan.first_year, MasterPlan.slug)
    if user.role in ASSIGNED_ROLES:
        query = query.join(UserPlan, UserPlan.plan_id == MasterPlan.id).where(
            UserPlan.user_id == user.id
        )
    elif user.role == Role.PARTNER:
        query = query.join(PlanPartner, PlanPartner.plan_id == MasterPlan.id).where(
            PlanPartner.partner_id == user.partner_id
        )
    elif user.role not in (Role.ADMIN, Role.FUND):
        return []
    return list(db.scalars(query))


def writable_plans(db: Session, user: User) -> Callable[[int], bool]:
    """`plan_id -> may `user` change it`, for files that name their plans."""
    return lambda plan_id: can_write_plan(db, user, plan_id)
