"""The municipality's council view: the council answer (reports.council) for all the plans
of one municipality as a page, with its PDF (memo style), XLSX and CSV downloads.

Open to the municipality's own partner users, the fund and admins; anybody else gets 404
(the gate's Need.MUNICIPALITY), as does a partner that is not a municipality.
"""

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from app.db import get_db
from app.downloads import file_download
from app.formatting import MoneyUnit
from app.models import EntryKind, Partner, PartnerKind
from app.models.enums import ENTRY_KIND_LABELS
from app.schemas.overview import MUNICIPALITY_DOWNLOADS, MunicipalityQuery
from app.services.errors import NotFound
from app.services.partners import get_partner
from reports.council import council_answer
from reports.display import display_rows, header, notes
from reports.exports import render_export

bp = Blueprint("municipality_pages", __name__)
LABELS = {"pdf": "PDF (notat)", "xlsx": "Excel (XLSX)", "csv": "CSV"}


def _municipality(partner_id: int) -> Partner:
    partner = get_partner(get_db(), partner_id)
    if partner.kind != PartnerKind.MUNICIPALITY:
        raise NotFound("Siden findes ikke, eller du har ikke adgang til den.", "_path")
    return partner


def _query() -> dict[str, Any]:
    try:
        return MunicipalityQuery().load(request.args)
    except ValidationError as error:
        fields = ", ".join(sorted(error.normalized_messages()))
        abort(400, description=f"Ugyldigt valg ({fields}); ret adressen.")


@bp.get("/kommuner/<int:partner_id>")
def show(partner_id: int) -> ResponseReturnValue:
    municipality = _municipality(partner_id)
    query = _query()
    unit = MoneyUnit(query["unit"])
    report = council_answer(get_db(), municipality, query["kind"]).shown_in(unit)
    return render_template(
        "municipality.html",
        municipality=municipality,
        report=report,
        notes=notes(report),
        query=query,
        kinds=ENTRY_KIND_LABELS,
        units={u.value: u.label for u in MoneyUnit},
        sections=[
            (table.section, table.title, header(table, unit), display_rows(table, unit))
            for table in report.tables
        ],
        downloads=[(fmt, LABELS[fmt]) for fmt in MUNICIPALITY_DOWNLOADS],
    )


@bp.get("/kommuner/<int:partner_id>/hent")
def download(partner_id: int) -> ResponseReturnValue:
    """The council answer as PDF (one A4 section per plan and the summary), XLSX or CSV."""
    municipality = _municipality(partner_id)
    query = _query()
    fmt = query["format"]
    report = council_answer(get_db(), municipality, query["kind"]).shown_in(query["unit"])
    kind = "regnskab" if query["kind"] == EntryKind.ACTUAL else "budget"
    return file_download(render_export(report, fmt), fmt, f"byraadssvar-{partner_id}-{kind}")
