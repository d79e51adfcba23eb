"""The report page: the co-financing tables, budget vs. actual, a chart and download links.

Tables come from reports.cofinancing (the same model every renderer reads); downloads are
rendered by the same code as the API's report endpoint (app.downloads), behind the page login.
"""

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from sqlalchemy.orm import Session

from app.db import get_db
from app.downloads import report_download, requested_report
from app.formatting import MoneyUnit
from app.models import EntryKind, MasterPlan
from app.models.enums import ENTRY_KIND_LABELS
from app.schemas import ReportQuery
from app.security.context import current_plan
from app.services.rounds import list_rounds
from app.web.chart import bar_chart
from app.web.checks_panel import checks_panel
from reports.cofinancing import Form, cofinancing_report
from reports.display import display_rows, header, notes

bp = Blueprint("report_pages", __name__)


@bp.get("/planer/<slug>/rapport")
def show(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    kind = request.args.get("kind", EntryKind.BUDGET.value)
    kind = kind if kind in set(EntryKind) else EntryKind.BUDGET.value
    unit = request.args.get("unit", MoneyUnit.KR.value)
    unit = MoneyUnit(unit) if unit in set(MoneyUnit) else MoneyUnit.KR
    slagelse = cofinancing_report(db, plan, form=Form.SLAGELSE, kind=kind)
    partners = cofinancing_report(db, plan, form=Form.PARTNERS, kind=kind)
    budget_actual = cofinancing_report(db, plan, form=Form.BUDGET_ACTUAL)
    follow_up = cofinancing_report(db, plan, form=Form.FOLLOW_UP)
    label = ENTRY_KIND_LABELS[EntryKind(kind)]
    return render_template(
        "report.html",
        plan=plan,
        kind=kind,
        kinds=ENTRY_KIND_LABELS,
        unit=unit,
        units={u.value: u.label for u in MoneyUnit},
        sections=[
            (
                key,
                report.tables[0].title,
                header(report.tables[0], unit),
                display_rows(report.tables[0], unit),
                notes(report),
            )
            for key, report in (
                ("slagelse", slagelse),
                ("partners", partners),
                ("budget-actual", budget_actual),
                ("follow-up", follow_up),
            )
        ],
        checks=checks_panel(plan),
        chart=bar_chart(partners.tables[0], title=f"{label} pr. partner pr. år (kr.)"),
        forms=[
            ("slagelse", "Kommunens form"),
            ("partners", "Pr. partner"),
            ("budget-actual", "Budget og regnskab"),
            ("follow-up", "Budgetopfølgning"),
        ],
        formats=[
            ("pdf", "PDF"),
            ("xlsx", "Excel (XLSX)"),
            ("csv", "CSV"),
            ("json", "JSON"),
            ("text", "Tekst"),
        ],
        more=_more_downloads(db, plan),
    )


def _more_downloads(db: Session, plan: MasterPlan) -> list[tuple[str, dict[str, object]]]:
    """The one-year follow-up per year and round, the investment case and its per-committee
    table per activity: labels and the download's query."""
    more: list[tuple[str, dict[str, object]]] = [
        (f"Opfølgning {year} pr. aktivitet", {"form": "follow-up", "year": year})
        for year in plan.years
    ]
    more += [
        (r.name, {"form": "follow-up", "year": r.year, "round": r.number})
        for r in list_rounds(db, plan)
    ]
    more.append(("Investeringscase", {"form": "business-case"}))
    more += [
        (f"Investeringscase pr. udvalg: {a.name}",
         {"form": "business-case", "by_partner": "true", "activity": a.code})
        for fa in plan.focus_areas for a in fa.activities
    ]  # fmt: skip
    return more


@bp.get("/planer/<slug>/rapport/hent")
def download(slug: str) -> ResponseReturnValue:
    """The report as a file (?form=&kind=&format=pdf|xlsx|csv|json|text)."""
    try:
        query = ReportQuery().load(request.args)
    except ValidationError as error:
        abort(400, description=f"Ugyldig forespørgsel: {error.messages}")
    db = get_db()
    plan = current_plan()
    report = requested_report(db, plan, query)
    return report_download(report, query["format"], f"medfinansiering-{plan.slug}-{query['form']}")
