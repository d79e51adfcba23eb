"""The kontroltal: a short code of a closed year's main figures that the auditor signs off.

LBF has the auditor approve "et kontroltal sammensat af hovedtal fra regnskabet". Here it is
computed from the LBF package's own tables — section 1 (budget, regnskab and variance per
partner, and I alt) and the first table of section 2 (the same per indsatsområde, and I alt)
— in øre, so anyone can recompute it from the JSON package (README, *Kontroltal*):

1. one line `LBF-kontroltal v1`, then `år;<year>`;
2. per row of section 1, in the package's order, then its I alt row:
   `partner;<label>;<budget>;<regnskab>;<afvigelse>`;
3. the same for the section-2 table with `indsatsområde;` in front;
4. amounts as integers in øre (`-` for negatives), an empty cell as nothing; every line
   ends with a line feed; the text is UTF-8;
5. SHA-256 of those bytes, the first 10 hex digits in capitals, as `XXXXX-XXXXX`.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.models import ClosedYear, MasterPlan, User
from app.models.base import as_utc
from app.services.sign_offs import SignOffStatus, judge, list_sign_offs, sign_off
from reports.lbf_sections import focus_area_section, partners_section
from reports.lbf_sums import package_sums
from reports.model import Table

VERSION = "LBF-kontroltal v1"


def canonical_text(year: int, partners: Table, focus_areas: Table) -> str:
    """The figures the kontroltal is the hash of, one line each (recipe above)."""
    lines = [VERSION, f"år;{year}"]
    for kind, table in (("partner", partners), ("indsatsområde", focus_areas)):
        for row in table.all_rows:
            cells = ["" if value is None else str(value) for value in row.values]
            lines.append(";".join([kind, row.label, *cells]))
    return "".join(line + "\n" for line in lines)


def kontroltal_of(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()
    return f"{digest[:5]}-{digest[5:]}"


def package_kontroltal(year: int, partners: Table, focus_areas: Table) -> str:
    """The kontroltal of a package whose section 1 and first section-2 table are given."""
    return kontroltal_of(canonical_text(year, partners, focus_areas))


def year_kontroltal(db: Session, plan: MasterPlan, year: int) -> str:
    """The kontroltal the year's package carries now (whether or not the year is closed)."""
    sums = package_sums(db, plan, year)
    partners = partners_section(year, sums.partners, sums.has_actuals)
    areas = focus_area_section(year, sums.focus_areas, sums.activities, sums.has_actuals)[0]
    return package_kontroltal(year, partners, areas)


@dataclass(frozen=True)
class YearSignOffs:
    """A year's closing, its current kontroltal (None while open) and its sign-offs, newest
    first, each judged against them."""

    year: int
    closed: ClosedYear | None
    kontroltal: str | None
    sign_offs: list[SignOffStatus]

    @property
    def current(self) -> SignOffStatus | None:
        return self.sign_offs[0] if self.sign_offs else None


def year_sign_offs(
    db: Session, plan: MasterPlan, year: int, kontroltal: str | None = None
) -> YearSignOffs:
    """Everything the package, the page and the API show of a year's sign-off; `kontroltal`
    when the caller has just computed it (the package), else computed here when closed."""
    closed = db.get(ClosedYear, (plan.id, year))
    if closed is None:
        kontroltal = None
    elif kontroltal is None:
        kontroltal = year_kontroltal(db, plan, year)
    statuses = [judge(s, closed, kontroltal) for s in list_sign_offs(db, plan, year)]
    return YearSignOffs(year, closed, kontroltal, statuses)


def sign_off_package(
    db: Session,
    plan: MasterPlan,
    year: int,
    *,
    auditor: User,
    confirmed: str,
    remark: str | None = None,
) -> SignOffStatus:
    """The auditor signs off the year's package by the kontroltal it carries now (both doors:
    the API and the year-end page); answers the new sign-off, judged."""
    current = year_sign_offs(db, plan, year).kontroltal
    signed = sign_off(
        db, plan, year, auditor=auditor, confirmed=confirmed, current=current, remark=remark
    )
    return year_sign_offs(db, plan, year, signed.kontroltal).sign_offs[0]


def sign_off_fields(status: SignOffStatus) -> dict[str, Any]:
    """One sign-off as the API and the JSON package answer it (`signed_at` a datetime)."""
    s = status.sign_off
    return {
        "id": s.id,
        "year": s.year,
        "auditor": status.auditor,
        "signed_at": as_utc(s.signed_at),
        "kontroltal": s.kontroltal,
        "remark": s.remark,
        "valid": status.valid,
        "invalid_reason": status.why,
        "text": status.line(),
    }


def stamp(year: YearSignOffs) -> list[str]:
    """What the package states under its heading: the kontroltal of a closed year and the
    current sign-off, valid or not."""
    if year.kontroltal is None:
        lines = [f"Året {year.year} er ikke lukket; pakken får et kontroltal, når året lukkes."]
    else:
        lines = [f"Kontroltal {year.year}: {year.kontroltal} (hovedtal fra afsnit 1 og 2)."]
    current = year.current
    if current is None:
        return lines + (["Ikke godkendt af revisor."] if year.kontroltal else [])
    lines.append(current.line())
    if current.sign_off.remark:
        lines.append(f"Revisors bemærkning: {current.sign_off.remark}")
    return lines


def package_fields(year: YearSignOffs) -> dict[str, Any]:
    """The JSON package's `kontroltal` and `sign_off` (the current one, or null)."""
    current = year.current
    fields = None
    if current is not None:
        fields = sign_off_fields(current)
        fields["signed_at"] = fields["signed_at"].isoformat()
    return {"kontroltal": year.kontroltal, "sign_off": fields}
