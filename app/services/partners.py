"""Partners: the fund, municipalities and housing organisations."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Partner, PartnerKind
from app.services.errors import Conflict, DomainError, NotFound


def create_partner(db: Session, *, name: str, kind: str, cvr: str | None = None) -> Partner:
    name = (name or "").strip()
    if not name:
        raise DomainError("Navnet mangler.", "name")
    if kind not in set(PartnerKind):
        allowed = ", ".join(PartnerKind)
        raise DomainError(f"Ukendt partnertype “{kind}”; brug en af: {allowed}.", "kind")
    cvr = (cvr or "").strip() or None
    if cvr is not None and not re.fullmatch(r"\d{8}", cvr):
        raise DomainError("CVR-nummeret skal være 8 cifre.", "cvr")
    if db.scalar(select(Partner.id).where(Partner.name == name)) is not None:
        raise Conflict(f"Der findes allerede en partner med navnet “{name}”.", "name")
    if cvr is not None and db.scalar(select(Partner.id).where(Partner.cvr == cvr)) is not None:
        raise Conflict(f"CVR-nummeret {cvr} er allerede brugt af en anden partner.", "cvr")
    partner = Partner(name=name, kind=kind, cvr=cvr)
    db.add(partner)
    db.flush()
    return partner


def get_partner(db: Session, partner_id: int) -> Partner:
    partner = db.get(Partner, partner_id)
    if partner is None:
        raise NotFound(f"Partner {partner_id} findes ikke.", "partner_id")
    return partner


def find_partner(db: Session, ref: int | str, field: str = "partner") -> Partner:
    """A partner by id or exact name; imports and seeds refer to partners by name."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        partner = db.get(Partner, int(ref))
    else:
        partner = db.scalar(select(Partner).where(Partner.name == ref))
    if partner is None:
        raise DomainError(f"Ukendt partner “{ref}”.", field)
    return partner


def list_partners(db: Session) -> list[Partner]:
    return list(db.scalars(select(Partner).order_by(Partner.name)))
