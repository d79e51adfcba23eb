"""Every report the project renders, in every format, for one plan: the bad-input tests and the
stateful test call this after writes to prove that nothing a write did breaks a report."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, EntryKind, MasterPlan
from app.services.entry_export import export_entries
from reports.cofinancing import Form, cofinancing_report
from reports.council import council_answer
from reports.exports import render_export
from reports.lbf_package import lbf_package
from reports.render import FORMATS, render

KINDS = tuple(EntryKind)


def render_every_report(
    db: Session, plan: MasterPlan, *, formats: tuple[str, ...] = FORMATS
) -> int:
    """Build and render each report form, kind and format; returns how many were rendered."""
    count = 0
    for form in Form:
        for kind in KINDS:
            for by_focus_area in (False, True):
                report = cofinancing_report(
                    db, plan, form=form, kind=kind, by_focus_area=by_focus_area
                )
                for fmt in formats:
                    assert render(report, fmt), (form, kind, fmt)
                    count += 1
    for year in plan.years:
        package = lbf_package(db, plan, year)
        for fmt in ("json", "pdf", "xlsx"):
            if fmt in formats or fmt == "json":
                assert render_export(package, fmt)
                count += 1
    for kind in KINDS:
        council = council_answer(db, plan.municipality, kind)
        for fmt in ("json", "pdf", "csv"):
            if fmt in formats or fmt == "json":
                assert render_export(council, fmt)
                count += 1
    for fmt in ("csv", "xlsx"):
        assert export_entries(db, plan, fmt)
        count += 1
    return count


def partner_sums(db: Session, plan: MasterPlan, kind: str) -> dict[tuple[int, int], int]:
    """Net øre per (year, partner) recomputed in Python from the stored rows."""
    sums: dict[tuple[int, int], int] = {}
    rows = db.execute(
        select(Entry.year, Entry.partner_id, Entry.amount_ore).where(
            Entry.plan_id == plan.id, Entry.kind == kind
        )
    )
    for year, partner_id, amount in rows:
        sums[(year, partner_id)] = sums.get((year, partner_id), 0) + amount
    return sums


def assert_partner_form_matches_rows(db: Session, plan: MasterPlan, kind: str) -> None:
    """The partners form's cells equal an independent recomputation from the rows; in
    regnskab a year without any regnskab row is empty ("–", issue 17.12), not 0."""
    expected = partner_sums(db, plan, kind)
    booked = {year for year, _ in expected}
    table = cofinancing_report(db, plan, form=Form.PARTNERS, kind=kind).tables[0]
    for partner in plan.partners:
        column = table.columns.index(partner.name)
        for row in table.rows:
            if row.label.isdigit():
                key = (int(row.label), partner.id)
                empty = kind == EntryKind.ACTUAL and key[0] not in booked
                want = None if empty else expected.get(key, 0)
                assert row.values[column] == want, (key, row.values)
