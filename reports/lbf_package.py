"""The annual package for Landsbyggefonden (LBF): one plan, one year, up to seven sections.

1. co-financing per partner: budget, regnskab (accounts) and variance;
2. per focus area, then per activity within each focus area;
3. staff purchases (frikøb): hours, hourly rate and amount;
4. staff allocated in FTE (årsværk) per focus area and partner;
5. the multi-year table in the Slagelse memo's form, up to and including the year;
6. carry-over: unspent funds (budget − regnskab) per partner, and what was booked as carried
   over to the next year (explicit carry-over entries, services.budget.carry_over);
7. variances over the plan's thresholds (and any explained one) with their explanation
   (services.explanations), only when there is one;
8. the rule checks of the year and the period (services.checks): the local and the fund's
   share in per cent, then each check's severity, code and message.

Layers: reports.lbf_sums gathers every sum (the only SQL), reports.lbf_sections arranges
each section from those sums (pure functions), the renderers print the report.
The heading states the kontroltal of a closed year and the auditor's sign-off, valid or not
(reports.kontroltal).
Every amount is a sum of ledger entries (corrections included), as in reports.cofinancing.
Variance is regnskab − budget (+ = merforbrug). The year's budget (sections 1, 2 and 6) is
the corrected budget (original, revisions and funds carried in), as in
services.budget.unspent_by_partner, with a note naming the funds carried in; the multi-year
section counts carried funds once (reports.cofinancing) and shows them in a table of their own.
"""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.checks import period_shares, run_checks
from reports.kontroltal import package_fields, package_kontroltal, stamp, year_sign_offs
from reports.lbf_sections import (
    carry_over_section,
    checks_section,
    focus_area_section,
    fte_section,
    multi_year_section,
    package_notes,
    partners_section,
    staff_purchase_section,
    variance_section,
)
from reports.lbf_sums import package_sums
from reports.model import Report


def lbf_package(db: Session, plan: MasterPlan, year: int) -> Report:
    sums = package_sums(db, plan, year)
    report = Report(
        title=f"Årlig rapportering til Landsbyggefonden {year}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"{plan.name}, helhedsplan {plan.first_year}–{plan.last_year}.",
        generated_at=datetime.now(UTC),
        meta={"year": year, "has_actuals": sums.has_actuals},
    )
    partners = partners_section(year, sums.partners, sums.has_actuals)
    areas = focus_area_section(year, sums.focus_areas, sums.activities, sums.has_actuals)
    report.tables = [
        partners,
        *areas,
        *staff_purchase_section(year, sums.purchases),
        fte_section(year, sums.staffed, sums.fte),
        *multi_year_section(
            year, plan.first_year, sums.multi_year, sums.actual_years, sums.multi_year_carried
        ),
        carry_over_section(year, sums.partners, sums.carried, sums.has_actuals),
        *variance_section(year, sums.explained),
        *checks_section(run_checks(db, plan, year), period_shares(db, plan)),
    ]
    carried_in = [
        (p.label, amount) for p, amount in zip(sums.partners, sums.carried_in, strict=True)
    ]
    report.notes = package_notes(year, plan.last_year, sums.has_actuals, tuple(carried_in))
    signed = year_sign_offs(db, plan, year, package_kontroltal(year, partners, areas[0]))
    report.meta.update(package_fields(signed))
    report.stamp = stamp(signed)
    return report
