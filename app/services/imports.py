"""Importing ledger entries from CSV/XLSX: validate every row first, then book all or none.

Layout (header row): plan, year, activity, partner, kind, category, amount, text, external_id.
`activity` empty = a plan-wide line; `text` and `external_id` are optional.

Idempotency: every booked row carries a key in `entries.external_id` (unique per plan).
A row's key is its `external_id`; a row without one gets a deterministic natural key,
``nk:`` + the first 40 hex digits of SHA-256 over
``plan|year|activity|partner|kind|category|amount in øre|text|n``, where n counts identical
rows within the file (1 for the first). Importing the same file again, or the same rows in
another file, finds the keys already booked and skips those rows. A key that is booked with
other values (year, activity, partner, kind, category or amount) is an error: corrections
are made as correction entries, not by re-importing.

Every row goes through the posting pipeline's rules (app.services.posting.check_line), so
the import refuses what the other doors refuse, with the same messages.

Speed: plans, partners, activities and already booked keys are looked up once per plan;
the checked lines go to posting.post_bulk (SQL compiled once by Core), all in the caller's
transaction.
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services import audit
from app.services.amounts import AmountError, parse_amount
from app.services.import_files import read_sheet
from app.services.posting import (
    EntryInput,
    PlanBook,
    Progress,
    ValidLine,
    check_line,
    post_bulk,
)
from app.services.spreadsheet_text import restore_text

FIELDS = (
    "plan",
    "year",
    "activity",
    "partner",
    "kind",
    "category",
    "amount",
    "text",
    "external_id",
)
REQUIRED = ("plan", "year", "partner", "kind", "category", "amount")
CHUNK = 20_000  # rows between progress reports


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportResult:
    rows_read: int = 0
    rows_booked: int = 0
    rows_skipped: int = 0  # already imported (same external id or natural key)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False  # False for a dry run and for any file with errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_valid(self) -> int:
        """Rows that would be booked (dry run) or were booked (commit)."""
        return self.rows_read - self.rows_skipped - len({e.row for e in self.errors if e.row > 1})

    def as_dict(self, max_errors: int | None = None) -> dict:
        """The result as the CLI's --json and the API answer it (errors capped at max_errors)."""
        return {
            "rows_read": self.rows_read,
            "rows_valid": self.rows_valid,
            "rows_booked": self.rows_booked,
            "rows_skipped": self.rows_skipped,
            "committed": self.committed,
            "error_count": len(self.errors),
            "errors": [vars(e) for e in self.errors[:max_errors]],
        }


@dataclass
class _PlanLookup:
    """A plan's rules (the posting pipeline's PlanBook) and its booked keys, read once."""

    book: PlanBook
    booked: dict[str, tuple] | None = None  # external_id → booked values, loaded when needed


def parse_mapping(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`SOURCE=FIELD` pairs (the CLI's --map) to {source column: field}."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ValueError(f"“{pair}” skal have formen KILDE=FELT, fx Beløb=amount.")
        mapping[source.strip()] = target.strip()
    return mapping


def import_entries(
    db: Session,
    data: bytes,
    *,
    fmt: str = "csv",
    mapping: dict[str, str] | None = None,
    commit: bool = False,
    source: str = "",
    progress: Progress | None = None,
    may_write: Callable[[int], bool] | None = None,
) -> ImportResult:
    """Validate every row; with `commit` and no errors, insert all rows in `db`'s transaction.

    Nothing is inserted when any row is bad or on a dry run. The caller commits `db`.
    `may_write(plan_id)` limits the file to the plans the caller may change: rows of other
    plans are reported like unknown plans, so the answer does not reveal which plans exist.
    """
    sheet = read_sheet(data, fmt)
    result = ImportResult()
    columns = _columns(sheet.header, mapping or {}, result)
    if columns is None:
        return result
    pending = _validate(db, sheet.rows, columns, result, sheet.estimated_rows, progress, may_write)
    if commit and result.ok and pending:
        post_bulk(db, pending, created_by=f"import {source}".strip()[:200], progress=progress)
        result.rows_booked = len(pending)
        result.committed = True
        _audit(db, pending, source)
    elif commit and result.ok:
        result.committed = True
    return result


def _audit(db: Session, pending: list[ValidLine], source: str) -> None:
    """Bulk inserts bypass the ORM's per-row audit hook: one audit row per plan instead."""
    per_plan = Counter(row[0] for row in pending)
    for plan_id, count in sorted(per_plan.items()):
        audit.record(
            db,
            "import",
            "entries",
            plan_id=plan_id,
            after={"source": source, "rows_booked": count},
            reason_text=f"Import af {count} posteringer fra {source or 'fil'}",
        )
    db.flush()


def _columns(header: list[str], mapping: dict[str, str], result: ImportResult) -> list[int] | None:
    """Index of each field's column, or None (and header errors in `result`)."""
    lowered_map = {k.strip().lower(): v.strip().lower() for k, v in mapping.items()}
    for target in lowered_map.values():
        if target not in FIELDS:
            result.errors.append(
                RowError(1, target, f"Ukendt felt “{target}” i --map; brug {', '.join(FIELDS)}.")
            )
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = (name or "").strip().lstrip("\ufeff").lower()
        if not key:
            continue
        target = lowered_map.get(key, key)
        if target not in FIELDS:
            result.errors.append(
                RowError(
                    1,
                    name,
                    f"Ukendt kolonne “{name}”; brug {', '.join(FIELDS)} eller --map KILDE=FELT.",
                )
            )
        elif target in index:
            result.errors.append(RowError(1, name, f"Feltet {target} forekommer to gange."))
        else:
            index[target] = position
    for name in REQUIRED:
        if name not in index:
            result.errors.append(RowError(1, name, f"Kolonnen {name} mangler."))
    if result.errors:
        return None
    return [index.get(name, -1) for name in FIELDS]


def _load_plan(
    db: Session, slug: str, may_write: Callable[[int], bool] | None
) -> _PlanLookup | None:
    plan = db.scalar(select(MasterPlan).where(MasterPlan.slug == slug))
    if plan is None or (may_write is not None and not may_write(plan.id)):
        return None
    return _PlanLookup(PlanBook.of(db, plan))


def _booked(db: Session, plan: _PlanLookup) -> dict[str, tuple]:
    if plan.booked is None:
        query = select(
            Entry.external_id,
            Entry.year,
            Entry.activity_id,
            Entry.partner_id,
            Entry.kind,
            Entry.category,
            Entry.amount_ore,
        ).where(Entry.plan_id == plan.book.id, Entry.external_id.is_not(None))
        plan.booked = {row[0]: tuple(row[1:]) for row in db.execute(query)}
    return plan.booked


def _natural_key(values: tuple, occurrence: int) -> str:
    slug, year, code, partner, kind, category, amount, text = values
    key = f"{slug}|{year}|{code}|{partner}|{kind}|{category}|{amount}|{text}|{occurrence}"
    return "nk:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _validate(
    db: Session,
    rows,  # type: ignore[no-untyped-def]
    columns: list[int],
    result: ImportResult,
    estimated: int,
    progress: Progress | None,
    may_write: Callable[[int], bool] | None,
) -> list[ValidLine]:
    """Check every row through the posting pipeline; return the lines to insert."""
    i_plan, i_year, i_act, i_partner, i_kind, i_cat, i_amount, i_text, i_ext = columns
    width = max(columns) + 1
    plans: dict[str, _PlanLookup | None] = {}
    seen_ids: dict[tuple[int, str], int] = {}
    occurrences: dict[tuple, int] = {}
    pending: list[ValidLine] = []
    errors = result.errors
    read = 0
    for number, raw in enumerate(rows, start=2):
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        if not (raw[i_plan] or raw[i_amount] or "".join(raw).strip()):
            continue  # blank line
        read += 1
        if progress is not None and read % CHUNK == 0:
            progress("validate", read, estimated)
        row_errors: list[RowError] = []

        slug = restore_text(raw[i_plan].strip())
        plan = plans.get(slug, False)
        if plan is False:
            plan = plans[slug] = _load_plan(db, slug, may_write) if slug else None
        if plan is None:
            row_errors.append(RowError(number, "plan", f"Ukendt plan “{slug}”."))

        year_text = raw[i_year].strip()
        year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
        if year is None:
            row_errors.append(RowError(number, "year", f"“{year_text}” er ikke et årstal."))
        try:
            amount = parse_amount(raw[i_amount])
        except AmountError as error:
            amount = None
            row_errors.append(RowError(number, "amount", str(error)))
        code = restore_text(raw[i_act].strip()) if i_act >= 0 else ""
        partner_name = restore_text(raw[i_partner].strip())
        external_id = restore_text(raw[i_ext].strip()) if i_ext >= 0 else ""
        line = EntryInput(
            year=year if year is not None else 0,
            partner=partner_name,
            kind=raw[i_kind].strip(),
            category=raw[i_cat].strip(),
            amount_ore=amount if amount is not None else 0,
            activity=code,
            text=restore_text(raw[i_text].strip()) if i_text >= 0 else "",
            external_id=external_id or None,
        )
        valid, rule_errors = check_line(plan.book if plan is not None else None, line)
        row_errors += (
            RowError(number, e.field or "_row", e.message)
            for e in rule_errors
            if e.field != "year" or year is not None
        )
        if row_errors:
            errors.extend(row_errors)
            continue
        assert plan is not None and valid is not None
        values = valid[1:7]  # year, activity_id, partner_id, kind, category, amount_ore
        if not external_id:
            content = (slug, year, code, partner_name, line.kind, line.category, amount, valid.text)
            occurrence = occurrences[content] = occurrences.get(content, 0) + 1
            valid = valid._replace(external_id=_natural_key(content, occurrence))
        else:
            first = seen_ids.setdefault((plan.book.id, external_id), number)
            if first != number:
                errors.append(
                    RowError(
                        number,
                        "external_id",
                        f"Det eksterne id “{external_id}” står også i række {first}.",
                    )
                )
                continue
        external_id = valid.external_id
        booked = (plan.booked if plan.booked is not None else _booked(db, plan)).get(external_id)
        if booked is not None:
            if booked != values:
                errors.append(
                    RowError(
                        number,
                        "external_id",
                        f"“{external_id}” er allerede bogført med andre værdier; "
                        "ret med en rettelsespostering.",
                    )
                )
            else:
                result.rows_skipped += 1
            continue
        pending.append(valid)
    result.rows_read = read
    if progress is not None:
        progress("validate", read, read)
    return pending
