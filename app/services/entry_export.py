"""A plan's entries out in the import layout, so export → import gives the same ledger.

Corrections travel as the entries they are (a reversal is a negative line), so every report,
being a sum of entries, comes out identical. Entries without an external id are written
without one; the import then gives them their natural key.
"""

import csv
import io
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.formatting import format_ore
from app.models import Activity, Entry, MasterPlan, Partner
from app.services.imports import FIELDS
from app.services.spreadsheet_text import cell_row

FORMATS = ("csv", "xlsx")


def entry_rows(db: Session, plan: MasterPlan) -> list[tuple]:
    """(plan, year, activity, partner, kind, category, amount_ore, text, external_id) by id."""
    query = (
        select(
            Entry.year,
            Activity.code,
            Partner.name,
            Entry.kind,
            Entry.category,
            Entry.amount_ore,
            Entry.text,
            Entry.external_id,
        )
        .join(Partner, Partner.id == Entry.partner_id)
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .where(Entry.plan_id == plan.id)
        .order_by(Entry.id)
    )
    return [(plan.slug, *row) for row in db.execute(query)]


def export_entries(db: Session, plan: MasterPlan, fmt: str) -> bytes:
    rows = entry_rows(db, plan)
    if fmt == "csv":
        return _csv(rows)
    if fmt == "xlsx":
        return _xlsx(rows)
    raise ValueError(f"unknown format {fmt!r}; use csv or xlsx")


def _csv(rows: list[tuple]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FIELDS)
    for slug, year, code, partner, kind, category, amount, text, external_id in rows:
        writer.writerow(
            cell_row([slug, year, code or "", partner, kind, category, format_ore(amount),
                      text or "", external_id or ""])
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[tuple]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Posteringer")
    sheet.append(list(FIELDS))
    for slug, year, code, partner, kind, category, amount, text, external_id in rows:
        kroner = amount // 100 if amount % 100 == 0 else Decimal(amount) / 100
        sheet.append(
            cell_row([slug, year, code or "", partner, kind, category, kroner, text or "",
                      external_id or ""])
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
