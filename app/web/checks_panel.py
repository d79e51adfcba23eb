"""The "Kontroller" panel of the plan and report pages: each check links to where it is fixed."""

from dataclasses import dataclass

from flask import url_for

from app.db import get_db
from app.models import MasterPlan
from app.services.checks import CheckReport, CheckResult, Fix, run_checks


@dataclass(frozen=True)
class PanelLine:
    result: CheckResult
    url: str
    link: str  # what the link says


def _link(plan: MasterPlan, result: CheckResult) -> tuple[str, str]:
    year = result.year
    slug = plan.slug
    match result.fix:
        case Fix.BUDGET if year is None:  # the whole period: moved between years and partners
            return url_for("revision_pages.show", slug=slug), "Ret med en budgetomplacering"
        case Fix.BUDGET:
            return url_for("grid.show", slug=slug, year=year), "Ret budgettet"
        case Fix.PLAN:
            return url_for("plan_pages.show", slug=slug) + "#stamdata", "Ret planens stamdata"
        case Fix.COMMITMENTS:
            return url_for("plan_pages.show", slug=slug) + "#tilsagn", "Ret tilsagn"
        case Fix.EXPLANATIONS:
            return url_for("explanation_pages.show", slug=slug, year=year), "Forklar afvigelsen"
        case Fix.STAFF_PURCHASES:
            return url_for("staff_pages.purchases", slug=slug, year=year), "Se frikøb"
        case _:
            return url_for("entry_pages.history", slug=slug), "Se posteringerne"


def checks_panel(plan: MasterPlan, year: int | None = None) -> tuple[CheckReport, list[PanelLine]]:
    """The checks of the plan (and year) and, per result, the link to where it is fixed."""
    report = run_checks(get_db(), plan, year)
    return report, panel_lines(plan, report)


def panel_lines(plan: MasterPlan, report: CheckReport) -> list[PanelLine]:
    """Errors before warnings, each with the link to where it is fixed."""
    return [PanelLine(r, *_link(plan, r)) for r in [*report.errors, *report.warnings]]
