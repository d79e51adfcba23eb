"""What a year table of a report needs to know about a plan — its name, period, municipality and
partners in column order — read by one Core select instead of the ORM.

Loading a `MasterPlan` with its partners through the ORM cost ~0.3 ms, more than the report's
own GROUP BY at 100 k lines (issue 13.2); these rows cost ~0.05 ms. The memo, partner and
budget-actual forms read nothing else of the plan; the forms that do (follow-up, business case,
per indsatsområde) get the ORM plan (`orm_plan`). `MasterPlan` has the same attributes, so every
table builder takes either.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from app.models import MasterPlan, Partner, PlanPartner
from app.services.amounts import parse_id
from app.services.plans import get_plan


class PartnerHead(NamedTuple):
    """A tuple: hundreds of them are made for the all-plans report."""

    id: int
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class PlanHead:
    id: int
    slug: str
    name: str
    first_year: int
    last_year: int
    municipality: PartnerHead
    partners: tuple[PartnerHead, ...]  # in the plan's column order

    @property
    def municipality_id(self) -> int:
        return self.municipality.id

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


Plan = PlanHead | MasterPlan  # what the year tables read (the same attributes)

_TOWN = aliased(Partner)


def _base() -> Select:
    """One row per plan partner, with the plan's own columns and its municipality's."""
    return (
        select(
            MasterPlan.id, MasterPlan.slug, MasterPlan.name, MasterPlan.first_year,
            MasterPlan.last_year, _TOWN.id, _TOWN.name, _TOWN.kind,
            Partner.id, Partner.name, Partner.kind,
        )
        .join(_TOWN, _TOWN.id == MasterPlan.municipality_id)
        .outerjoin(PlanPartner, PlanPartner.plan_id == MasterPlan.id)
        .outerjoin(Partner, Partner.id == PlanPartner.partner_id)
    )  # fmt: skip


@lru_cache(maxsize=4)
def _query(by: str) -> Select:
    """Built once per shape; the id, slug or id list is bound per call."""
    query = _base()
    if by == "id":
        query = query.where(MasterPlan.id == bindparam("ref"))
    elif by == "slug":
        query = query.where(MasterPlan.slug == bindparam("ref"))
    elif by == "ids":
        query = query.where(MasterPlan.id.in_(bindparam("ref", expanding=True)))
    order = [MasterPlan.first_year, MasterPlan.slug, PlanPartner.position]
    return query.order_by(*order)


def _heads(rows: Iterable) -> list[PlanHead]:
    plans: dict[int, tuple] = {}
    partners: dict[int, list[PartnerHead]] = {}
    for row in rows:
        plan_id = row[0]
        if plan_id not in plans:
            plans[plan_id] = row[:8]
            partners[plan_id] = []
        if row[8] is not None:  # (the municipality always takes part; an outer join anyway)
            partners[plan_id].append(PartnerHead(*row[8:]))
    return [
        PlanHead(plan_id, slug, name, first, last, PartnerHead(town_id, town, kind),
                 tuple(partners[plan_id]))
        for plan_id, slug, name, first, last, town_id, town, kind in plans.values()
    ]  # fmt: skip


def plan_head(db: Session, ref: int | str) -> PlanHead:
    """A plan by id or slug (404 like `get_plan` when there is none)."""
    plan_id = parse_id(ref)
    by, value = ("id", plan_id) if plan_id is not None else ("slug", ref)
    heads = _heads(db.connection().execute(_query(by), {"ref": value}).all())
    if not heads:
        get_plan(db, ref)  # raises NotFound with the one message for an unknown plan
    return heads[0]


def plan_heads(db: Session, plan_ids: list[int] | None = None) -> list[PlanHead]:
    """Many plans (default: all) in one query, ordered by first year and slug."""
    if plan_ids is None:
        return _heads(db.connection().execute(_query("all")).all())
    return _heads(db.connection().execute(_query("ids"), {"ref": plan_ids}).all())


def orm_plan(db: Session, plan: Plan) -> MasterPlan:
    """The ORM plan, for the forms that read more than the head (its focus areas, staff...)."""
    return plan if isinstance(plan, MasterPlan) else get_plan(db, plan.id)
