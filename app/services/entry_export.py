"""A plan's entries out in the import layout, so export → import gives the same ledger.

Corrections travel as the entries they are (a reversal is a negative line), so every report,
being a sum of entries, comes out identical. Every line carries its entry's stable key
(`external_id`; for entries stored before every entry got one, the natural key the import
knows them by), so importing the file again into the same database books nothing twice.
Frikøb lines carry their hours, rate and supplier, so a fresh database books them as the
staff purchases they are. A correction's lines carry their links by key — `reverses` on the
reversal, `replaces` on the replacement — so a fresh database links them as they were.
"""

import csv
import io
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.formatting import format_ore
from app.models import Activity, Entry, EntryReplacement, MasterPlan, Partner, StaffPurchase
from app.services.imports import FIELDS, legacy_keys
from app.services.spreadsheet_text import cell_row

FORMATS = ("csv", "xlsx")


def entry_rows(db: Session, plan: MasterPlan) -> list[tuple]:
    """(plan, year, activity, partner, kind, category, amount_ore, text, key, hours, rate_ore,
    supplier, reverses, replaces) by id; hours, rate and supplier only for frikøb lines,
    reverses and replaces (the linked entries' keys) only for a correction's lines."""
    supplier = aliased(Partner)
    query = (
        select(
            Entry.id,
            Entry.year,
            Activity.code,
            Partner.name,
            Entry.kind,
            Entry.category,
            Entry.amount_ore,
            Entry.text,
            Entry.external_id,
            StaffPurchase.hours,
            StaffPurchase.rate_ore,
            supplier.name,
            Entry.reverses_id,
            EntryReplacement.replaces_id,
        )
        .join(Partner, Partner.id == Entry.partner_id)
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .outerjoin(StaffPurchase, StaffPurchase.entry_id == Entry.id)
        .outerjoin(supplier, supplier.id == StaffPurchase.supplier_id)
        .outerjoin(EntryReplacement, EntryReplacement.entry_id == Entry.id)
        .where(Entry.plan_id == plan.id)
        .order_by(Entry.id)
    )
    rows = db.execute(query).all()
    legacy = legacy_keys(db, plan.id, plan.slug) if any(r[8] is None for r in rows) else {}
    keys = {row[0]: row[8] or legacy[row[0]] for row in rows}
    return [
        (plan.slug, *row[1:8], keys[row[0]], *row[9:12], keys.get(row[12], ""),
         keys.get(row[13], ""))
        for row in rows
    ]  # fmt: skip


def export_entries(db: Session, plan: MasterPlan, fmt: str) -> bytes:
    rows = entry_rows(db, plan)
    if fmt == "csv":
        return _csv(rows)
    if fmt == "xlsx":
        return _xlsx(rows)
    raise ValueError(f"unknown format {fmt!r}; use csv or xlsx")


def _hours_text(hours: Decimal | None) -> str:
    """Hours with a decimal comma: "12,50" (a dot could read as thousands in Danish form)."""
    return "" if hours is None else format(hours, "f").replace(".", ",")


def _csv(rows: list[tuple]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FIELDS)
    for (slug, year, code, partner, kind, category, amount, text, key, hours, rate,
         supplier, reverses, replaces) in rows:  # fmt: skip
        writer.writerow(
            cell_row([slug, year, code or "", partner, kind, category, format_ore(amount),
                      text or "", key, _hours_text(hours),
                      "" if rate is None else format_ore(rate), supplier or "", reverses,
                      replaces])
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def _kroner(ore: int) -> int | Decimal:
    return ore // 100 if ore % 100 == 0 else Decimal(ore) / 100


def _xlsx(rows: list[tuple]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Posteringer")
    sheet.append(list(FIELDS))
    for (slug, year, code, partner, kind, category, amount, text, key, hours, rate,
         supplier, reverses, replaces) in rows:  # fmt: skip
        sheet.append(
            cell_row([slug, year, code or "", partner, kind, category, _kroner(amount),
                      text or "", key, hours, None if rate is None else _kroner(rate),
                      supplier or "", reverses, replaces])
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
