"""The auditor's (revisor's) sign-off of a closed year: who, when, which kontroltal, a remark.

A sign-off approves the LBF package of a closed year by its kontroltal (reports.kontroltal):
the auditor confirms the code read on the package, and it is refused when that is no longer
the package's code. Sign-offs are append-only; whether one still holds is judged on reading
(`judge`): the year must still be closed as it was when signed (a reopening voids it for
good; closing.reopen_year writes why into the audit trail) and the package's kontroltal
must still be the signed one.
"""

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.formatting import DANISH_TIME
from app.models import ClosedYear, MasterPlan, SignOff, User
from app.models.base import as_utc
from app.services import audit
from app.services.errors import Conflict, DomainError
from app.services.text import check_text

# Ten hex digits, read in two groups of five: "3F2A9-C01B7".
KONTROLTAL = re.compile(r"^[0-9A-F]{5}-[0-9A-F]{5}$")


@dataclass(frozen=True)
class SignOffStatus:
    """A sign-off and whether it still holds; `why` (Danish) says why not."""

    sign_off: SignOff
    valid: bool
    why: str | None = None

    @property
    def auditor(self) -> str:
        return self.sign_off.user.username

    @property
    def signed_on(self) -> str:
        """The day it was signed, Danish time (dd.mm.yyyy)."""
        return as_utc(self.sign_off.signed_at).astimezone(DANISH_TIME).strftime("%d.%m.%Y")

    def line(self) -> str:
        """How the package and the page state it."""
        s = self.sign_off
        text = f"Godkendt af revisor {self.auditor}, {self.signed_on}, kontroltal {s.kontroltal}"
        if not self.valid:
            text += f" — ikke længere gyldig: {self.why}"
        return text + "."


def normalise(code: str) -> str:
    """A kontroltal as typed (any case, with or without the dash or spaces) in its form."""
    bare = re.sub(r"[\s-]", "", code or "").upper()
    return f"{bare[:5]}-{bare[5:]}" if len(bare) == 10 else bare


def judge(sign_off: SignOff, closed: ClosedYear | None, current: str | None) -> SignOffStatus:
    """Whether `sign_off` holds, given the year's closing now and the package's current
    kontroltal (None while the year is open)."""
    year = sign_off.year
    reasons = []
    if closed is None:
        reasons.append(f"året {year} er genåbnet efter godkendelsen")
    elif as_utc(closed.closed_at) > as_utc(sign_off.signed_at):
        when = as_utc(closed.closed_at).astimezone(DANISH_TIME).strftime("%d.%m.%Y")
        reasons.append(f"året {year} er genåbnet efter godkendelsen og lukket igen {when}")
    if current is not None and current != sign_off.kontroltal:
        reasons.append(f"kontroltallet er nu {current}, godkendt var {sign_off.kontroltal}")
    if not reasons:
        return SignOffStatus(sign_off, True)
    return SignOffStatus(sign_off, False, "; ".join(reasons))


def list_sign_offs(db: Session, plan: MasterPlan, year: int) -> list[SignOff]:
    """The year's sign-offs, newest first (the first is the current one)."""
    query = (
        select(SignOff)
        .where(SignOff.plan_id == plan.id, SignOff.year == year)
        .order_by(SignOff.signed_at.desc(), SignOff.id.desc())
    )
    return list(db.scalars(query))


def sign_off(
    db: Session,
    plan: MasterPlan,
    year: int,
    *,
    auditor: User,
    confirmed: str,
    current: str | None,
    remark: str | None = None,
) -> SignOff:
    """Sign off the closed `year` with the kontroltal the auditor read (`confirmed`), which
    must be the package's `current` one (a year outside the period is never closed). The
    access gate lets only the plan's auditor here."""
    closed = db.get(ClosedYear, (plan.id, year))
    if closed is None or current is None:
        raise Conflict(
            f"Året {year} er ikke lukket; revisor godkender først pakken, når året er lukket.",
            "year",
        )
    code = normalise(confirmed)
    if not KONTROLTAL.match(code):
        raise DomainError(
            f"“{confirmed}” er ikke et kontroltal; skriv det som på pakken, fx {current}.",
            "kontroltal",
        )
    if code != current:
        raise Conflict(
            f"Kontroltallet for {year} er nu {current}, ikke {code}: tallene har ændret sig. "
            "Hent pakken igen, og godkend det kontroltal, den viser.",
            "kontroltal",
        )
    text = (remark or "").strip() or None
    if text is not None:
        check_text(text, "remark")
    with audit.reason(db, f"Revisorgodkendelse af {year}, kontroltal {code}"):
        signed = SignOff(
            plan_id=plan.id, year=year, user_id=auditor.id, kontroltal=code, remark=text
        )
        db.add(signed)
    return signed
