"""Grant commitments (tilsagn): what a fund partner has committed to a plan, optional.

The `commitment_exceeded` check (app.services.checks) compares the partner's budget over the
period with it. An ordinary row, changed in place; the audit trail keeps each change.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import GrantCommitment, MasterPlan, PartnerKind
from app.services.errors import DomainError, NotFound


def list_commitments(db: Session, plan: MasterPlan) -> list[GrantCommitment]:
    query = select(GrantCommitment).where(GrantCommitment.plan_id == plan.id)
    return list(db.scalars(query.order_by(GrantCommitment.partner_id)))


def set_commitment(
    db: Session, plan: MasterPlan, partner_id: int, amount_ore: int | None
) -> GrantCommitment | None:
    """Set a fund partner's commitment in the plan; None removes it."""
    partner = next((p for p in plan.partners if p.id == partner_id), None)
    if partner is None:
        raise NotFound(f"Partner {partner_id} deltager ikke i planen.", "partner_id")
    if partner.kind != PartnerKind.FUND:
        raise DomainError(
            f"Kun en fond giver tilsagn; {partner.name} er ikke en fond.", "partner_id"
        )
    if amount_ore is not None and amount_ore < 0:
        raise DomainError("Tilsagnet kan ikke være negativt.", "amount")
    row = db.get(GrantCommitment, (plan.id, partner_id))
    if amount_ore is None:
        if row is not None:
            db.delete(row)
            db.flush()
        return None
    if row is None:
        row = GrantCommitment(plan_id=plan.id, partner_id=partner_id, amount_ore=amount_ore)
        db.add(row)
    else:
        row.amount_ore = amount_ore
    db.flush()
    return row
