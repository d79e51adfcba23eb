"""Partners: the fund, municipalities and housing organisations.

A partner's kind is not a mere label: a plan's municipality must be of kind `municipality`,
and the reports count a `fund` partner's frikøb as "the fund's purchase of municipal
activities" (Slagelse form, council answer) and name the fund in their headings. So:

- a partner that is some plan's municipality keeps the kind `municipality` (refused);
- changing a kind to or from `fund` while the partner takes part in a plan changes those
  plans' reports; it is refused unless the caller confirms it (`confirm_report_change`),
  and then the audit row says which plans' reports changed.
"""

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import MasterPlan, Partner, PartnerKind, PlanPartner
from app.models.enums import PARTNER_KIND_LABELS
from app.services import audit
from app.services.amounts import parse_id
from app.services.errors import Conflict, DomainError, NotFound
from app.services.names import clean_name

# Marks a field a PATCH leaves as it is (None is a value: "no CVR", "no frame").
UNSET: Any = object()


def _clean_name(db: Session, name: str, partner: Partner | None = None) -> str:
    name = clean_name(name, Partner.name, "name")
    query = select(Partner.id).where(Partner.name == name)
    if partner is not None:
        query = query.where(Partner.id != partner.id)
    if db.scalar(query) is not None:
        raise Conflict(f"Der findes allerede en partner med navnet “{name}”.", "name")
    return name


def _check_kind(kind: str) -> str:
    if kind not in set(PartnerKind):
        allowed = ", ".join(PartnerKind)
        raise DomainError(f"Ukendt partnertype “{kind}”; brug en af: {allowed}.", "kind")
    return kind


def _clean_cvr(db: Session, cvr: str | None, partner: Partner | None = None) -> str | None:
    cvr = (cvr or "").strip() or None
    if cvr is None:
        return None
    if not re.fullmatch(r"\d{8}", cvr):
        raise DomainError("CVR-nummeret skal være 8 cifre.", "cvr")
    query = select(Partner.id).where(Partner.cvr == cvr)
    if partner is not None:
        query = query.where(Partner.id != partner.id)
    if db.scalar(query) is not None:
        raise Conflict(f"CVR-nummeret {cvr} er allerede brugt af en anden partner.", "cvr")
    return cvr


def create_partner(db: Session, *, name: str, kind: str, cvr: str | None = None) -> Partner:
    name = clean_name(name, Partner.name, "name")
    _check_kind(kind)
    cvr = _clean_cvr(db, cvr)
    name = _clean_name(db, name)
    partner = Partner(name=name, kind=kind, cvr=cvr)
    db.add(partner)
    db.flush()
    return partner


def update_partner(
    db: Session,
    partner: Partner,
    *,
    name: str = UNSET,
    kind: str = UNSET,
    cvr: str | None = UNSET,
    confirm_report_change: bool = False,
) -> Partner:
    """Change a partner's name, kind or CVR; fields not given stay (see the module's rules)."""
    if name is not UNSET:
        name = _clean_name(db, name, partner)
    note = None
    if kind is not UNSET and kind != partner.kind:
        _check_kind(kind)
        note = _check_kind_change(db, partner, kind, confirm_report_change)
    if cvr is not UNSET:
        cvr = _clean_cvr(db, cvr, partner)
    if name is not UNSET:
        partner.name = name
    if cvr is not UNSET:
        partner.cvr = cvr
    with audit.reason(db, note):
        if kind is not UNSET:
            partner.kind = kind
    db.flush()
    return partner


def _check_kind_change(db: Session, partner: Partner, kind: str, confirmed: bool) -> str | None:
    """Refuse what would break a plan; make a change of reports explicit. Returns the note."""
    label = PARTNER_KIND_LABELS.get(PartnerKind(kind), kind)
    if partner.kind == PartnerKind.MUNICIPALITY:
        hosts = db.scalars(
            select(MasterPlan.slug)
            .where(MasterPlan.municipality_id == partner.id)
            .order_by(MasterPlan.slug)
        ).all()
        if hosts:
            raise Conflict(
                f"{partner.name} er kommune i planen {', '.join(hosts)} og skal forblive "
                "en kommune.",
                "kind",
            )
    if PartnerKind.FUND not in (partner.kind, kind):
        return None
    plans = partner_plans(db, partner)
    if not plans:
        return None
    slugs = ", ".join(plans)
    if not confirmed:
        raise Conflict(
            f"Typen fond styrer rapporterne: i {slugs} tæller en fonds frikøb som fondens køb "
            "af kommunale aktiviteter, og fonden står i overskriften. Ændres typen til "
            f"{label.lower()}, ændres rapporterne for disse planer. Bekræft ændringen for at "
            "gemme den.",
            "kind",
        )
    old = PARTNER_KIND_LABELS.get(PartnerKind(partner.kind), partner.kind)
    return (
        f"Partnertype ændret fra {old.lower()} til {label.lower()}; rapporterne for {slugs} ændres."
    )


def partner_plans(db: Session, partner: Partner) -> list[str]:
    """Slugs of the plans the partner takes part in."""
    query = (
        select(MasterPlan.slug)
        .join(PlanPartner, PlanPartner.plan_id == MasterPlan.id)
        .where(PlanPartner.partner_id == partner.id)
        .order_by(MasterPlan.slug)
    )
    return list(db.scalars(query))


def get_partner(db: Session, partner_id: int) -> Partner:
    partner = db.get(Partner, partner_id)
    if partner is None:
        raise NotFound(f"Partner {partner_id} findes ikke.", "partner_id")
    return partner


def known_partner(db: Session, partner_id: int, field: str) -> Partner:
    """A partner a request body names by id: unknown is that field's error (422), not a 404."""
    partner = db.get(Partner, partner_id)
    if partner is None:
        raise DomainError(f"Der findes ingen partner med id {partner_id}.", field)
    return partner


def find_partner(db: Session, ref: int | str, field: str = "partner") -> Partner:
    """A partner by id or exact name; imports and seeds refer to partners by name."""
    if (partner_id := parse_id(ref)) is not None:
        partner = db.get(Partner, partner_id)
    else:
        partner = db.scalar(select(Partner).where(Partner.name == ref))
    if partner is None:
        raise DomainError(f"Ukendt partner “{ref}”.", field)
    return partner


def list_partners(db: Session) -> list[Partner]:
    return list(db.scalars(select(Partner).order_by(Partner.name)))
