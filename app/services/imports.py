"""Importing ledger entries from CSV/XLSX: validate every row first, then book all or none.

Layout (header row): plan, year, activity, partner, kind, category, amount, text, external_id,
hours, rate, supplier, reverses, replaces. `activity` empty = a plan-wide line; the last seven
are optional. `reverses` / `replaces`: the key of the entry a correction's row reverses or
replaces (app.services.import_links), so the links survive export → import.

Idempotency: every entry carries a key in `entries.external_id` (unique per plan): an
imported row's `external_id`, else a deterministic natural key, ``nk:`` + the first 40 hex
digits of SHA-256 over ``plan|year|activity|partner|kind|category|amount in øre|text|n``,
where n counts identical rows within the file (1 for the first); entries booked elsewhere
get `e:` + a random id when booked (app.models.entry.new_entry_key), and the few stored
before that are known by their natural key (`legacy_keys`). The entries export writes the
key, so export → edit → import finds every row already booked and skips it (also in a closed
year). A key booked with another amount is an error naming the row, unless `correct` is
asked for: then the entry is corrected (reversal + replacement keyed `KEY~R`, `KEY~N`), once.
A key booked with another year, activity, partner, kind or category is always an error.

Frikøb: a new `staff_purchase` row needs `hours`, `rate` and `supplier` (the amount must be
hours × rate) and is booked as a staff purchase; without them it is refused, as at every
other door, with a pointer to the frikøb page and endpoint.

Every row goes through the posting pipeline's rules (app.services.posting.check_line), so
the import refuses what the other doors refuse, with the same messages.

Speed: plans, partners, activities and already booked keys are looked up once per plan;
the checked lines go to posting.post_bulk (SQL compiled once by Core), all in the caller's
transaction. A committed CSV import without link columns or corrections books while it
validates (`_book_while_validating`): the database's share of the work runs beside Python's.
"""

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from queue import Queue
from threading import Event, Thread

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.formatting import format_ore
from app.models import Activity, Category, Entry, Partner, StaffPurchase
from app.models.base import utcnow
from app.services import audit
from app.services.amounts import AmountError, parse_amount, parse_decimal
from app.services.import_files import SheetData, read_sheet
from app.services.import_links import (
    LINK_FIELDS,
    Booked,
    Links,
    PlanLinks,
    ids_by_key,
    insert_replacements,
    post_linked,
)
from app.services.ledger import correct_entry
from app.services.posting import (
    BulkBooking,
    EntryInput,
    PlanBook,
    Progress,
    ValidLine,
    check_line,
    staff_purchase_door,
    year_closed_message,
)
from app.services.spreadsheet_text import restore_text
from app.services.staff import purchase_amount_ore
from app.services.write_lock import begin_write

LINE_FIELDS = (
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
STAFF_FIELDS = ("hours", "rate", "supplier")  # only for staff_purchase (frikøb) rows
FIELDS = LINE_FIELDS + STAFF_FIELDS + LINK_FIELDS
REQUIRED = ("plan", "year", "partner", "kind", "category", "amount")
CHUNK = 20_000  # rows between progress reports

log = logging.getLogger(__name__)


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
    rows_corrected: int = 0  # booked with another amount, corrected as asked (`correct`)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False  # False for a dry run and for any file with errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows_valid(self) -> int:
        """Rows that would be booked (dry run) or were booked (commit)."""
        bad = len({e.row for e in self.errors if e.row > 1})
        return self.rows_read - self.rows_skipped - self.rows_corrected - bad

    def as_dict(self, max_errors: int | None = None) -> dict:
        """The result as the CLI's --json and the API answer it (errors capped at max_errors)."""
        return {
            "rows_read": self.rows_read,
            "rows_valid": self.rows_valid,
            "rows_booked": self.rows_booked,
            "rows_skipped": self.rows_skipped,
            "rows_corrected": self.rows_corrected,
            "committed": self.committed,
            "error_count": len(self.errors),
            "errors": [vars(e) for e in self.errors[:max_errors]],
        }


@dataclass
class _PlanLookup:
    """A plan's rules (the posting pipeline's PlanBook) and its booked keys, read once.

    Rows are checked against `open_book` (the rules without the closed years): a row already
    booked in a closed year is skipped like any other; only new rows meet the closed year.
    """

    book: PlanBook
    booked: dict[str, Booked] | None = None  # key → what is booked, loaded when needed
    links: PlanLinks | None = None  # the correction links, loaded when the file has them

    @property
    def open_book(self) -> PlanBook:
        if self._open is None:
            self._open = replace(self.book, closed_years=frozenset())
        return self._open

    _open: PlanBook | None = None


@dataclass
class _Work:
    """What a valid file books: entry lines, frikøb rows, corrections (entry id, øre, key),
    reversals of the file's own rows (line index → key) and replacements (plan id, key,
    replaced key, replaced id if booked before)."""

    lines: list[ValidLine] = field(default_factory=list)
    purchases: list[tuple] = field(default_factory=list)
    corrections: list[tuple[int, int, str]] = field(default_factory=list)
    reverses: dict[int, str] = field(default_factory=dict)
    replacements: list[tuple[int, str, str, int | None]] = field(default_factory=list)


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
    correct: bool = False,
) -> ImportResult:
    """Validate every row; with `commit` and no errors, insert all rows in `db`'s transaction.

    Nothing is inserted when any row is bad or on a dry run. The caller commits `db`.
    `may_write(plan_id)` limits the file to the plans the caller may change: rows of other
    plans are reported like unknown plans, so the answer does not reveal which plans exist.
    `correct`: a row whose key is booked with another amount corrects that entry.
    """
    sheet = read_sheet(data, fmt)
    result = ImportResult()
    columns = _columns(sheet.header, mapping or {}, result)
    if columns is None:
        return result
    created_by = f"import {source}".strip()[:200]
    side_by_side = commit and not correct and sheet.again is not None and _without_links(columns)
    if side_by_side:
        work = _book_while_validating(db, sheet, columns, result, progress, may_write, created_by)
    else:
        work = _validate(
            db, sheet.rows, columns, result, sheet.estimated_rows, progress, may_write, correct
        )
    if commit and result.ok:
        if work.lines:
            if not side_by_side:  # booked already, chunk by chunk
                post_linked(db, work.lines, work.reverses, created_by=created_by, progress=progress)
            _insert_purchases(db, work.purchases, created_by)
            insert_replacements(db, work.replacements)
            result.rows_booked = len(work.lines)
            _audit(db, work.lines, source)
        for entry_id, amount, key in work.corrections:
            _correct(db, entry_id, amount, key, source, created_by)
        result.committed = True
    log.info(
        "import %s: %d rows booked, %d errors, committed=%s",
        source or "-",
        result.rows_booked,
        len(result.errors),
        result.committed,
    )
    return result


def _correct(db: Session, entry_id: int, amount: int, key: str, source: str, by: str) -> None:
    """Reverse the entry booked under `key` and book `amount` beside it, keyed KEY~R, KEY~N."""
    entry = db.get(Entry, entry_id)
    assert entry is not None
    keys = (derived_key(key, "R"), derived_key(key, "N"))
    reason = f"Rettet ved import af {source or 'fil'}"
    correct_entry(db, entry, reason=reason, new_amount_ore=amount, created_by=by, keys=keys)


def derived_key(key: str, suffix: str) -> str:
    """KEY~R / KEY~N: the reversal and replacement of a correction asked for by an import."""
    candidate = f"{key}~{suffix}"
    if len(candidate) <= 100:
        return candidate
    return "h:" + hashlib.sha256(key.encode()).hexdigest()[:40] + f"~{suffix}"


def _insert_purchases(db: Session, purchases: list[tuple], created_by: str) -> None:
    """Frikøb rows: their entries are inserted; link each to its staff purchase (hours × rate)."""
    if not purchases:
        return
    ids: dict[tuple[int, str], int] = {}
    for plan_id in {p[0] for p in purchases}:
        found = ids_by_key(db, plan_id, [p[1] for p in purchases if p[0] == plan_id])
        ids.update({(plan_id, key): id_ for key, id_ in found.items()})
    now = utcnow()
    rows = [
        dict(plan_id=plan_id, entry_id=ids[(plan_id, key)], year=year, kind=kind,
             activity_id=activity_id, supplier_id=supplier_id, payer_id=payer_id, hours=hours,
             rate_ore=rate_ore, amount_ore=amount, text=text, created_at=now,
             created_by=created_by)
        for (plan_id, key, year, kind, activity_id, supplier_id, payer_id, hours, rate_ore,
             amount, text) in purchases
    ]  # fmt: skip
    db.execute(insert(StaffPurchase.__table__), rows)


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
    books: dict[str, PlanBook], slug: str, may_write: Callable[[int], bool] | None
) -> _PlanLookup | None:
    book = books.get(slug)
    if book is None or (may_write is not None and not may_write(book.id)):
        return None
    return _PlanLookup(book)


def _booked(db: Session, plan: _PlanLookup) -> dict[str, Booked]:
    if plan.booked is None:
        columns = (
            Entry.id,
            Entry.year,
            Entry.activity_id,
            Entry.partner_id,
            Entry.kind,
            Entry.category,
            Entry.amount_ore,
        )
        query = select(Entry.external_id, *columns).where(
            Entry.plan_id == plan.book.id, Entry.external_id.is_not(None)
        )
        booked: dict[str, Booked] = {}
        for row in db.execute(query):
            if row[0] is not None:  # the query asks for keys only; the type cannot tell
                booked[row[0]] = Booked(row[1], tuple(row[2:]))
        legacy = legacy_keys(db, plan.book.id, plan.book.slug)
        if legacy:
            for old in db.execute(select(*columns).where(Entry.id.in_(legacy))):
                booked.setdefault(legacy[old[0]], Booked(old[0], tuple(old[1:])))
        plan.booked = booked
    return plan.booked


def _links(db: Session, plan: _PlanLookup) -> PlanLinks:
    if plan.links is None:
        plan.links = PlanLinks.load(db, plan.book.id, _booked(db, plan))
    return plan.links


def legacy_keys(db: Session, plan_id: int, slug: str) -> dict[int, str]:
    """Entry id → natural key of the plan's entries stored without a key (booked before every
    entry got one): the key an import of the same line would have given it."""
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
        )
        .join(Partner, Partner.id == Entry.partner_id)
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .where(Entry.plan_id == plan_id, Entry.external_id.is_(None))
        .order_by(Entry.id)
    )
    keys: dict[int, str] = {}
    occurrences: dict[tuple, int] = {}
    for id_, year, code, partner, kind, category, amount, text in db.execute(query):
        content = (slug, year, code or "", partner, kind, category, amount, text or "")
        occurrence = occurrences[content] = occurrences.get(content, 0) + 1
        keys[id_] = _natural_key(content, occurrence)
    return keys


def _natural_key(values: tuple, occurrence: int) -> str:
    slug, year, code, partner, kind, category, amount, text = values
    key = f"{slug}|{year}|{code}|{partner}|{kind}|{category}|{amount}|{text}|{occurrence}"
    return "nk:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _without_links(columns: list[int]) -> bool:
    """The file has neither link column (reverses, replaces)."""
    return all(i < 0 for i in columns[12:14])


class _Stopped(Exception):
    """The booking failed: the validating thread stops at its next progress report."""


def _book_while_validating(
    db: Session,
    sheet: SheetData,
    columns: list[int],
    result: ImportResult,
    progress: Progress | None,
    may_write: Callable[[int], bool] | None,
    created_by: str,
) -> _Work:
    """Validate in a second thread while this one books each CHUNK rows' lines (a
    BulkBooking: the running sums are added once, at the end, inside the savepoint).

    Booking is mostly the database's work (PostgreSQL's server process, SQLite's C code,
    which runs without the GIL), validation is Python's: side by side they take about the
    longer of the two instead of the sum (bench/RESULTS.md). The validating thread must not
    touch the connection, so the booked keys of every plan the file names are read here
    first: of every plan when the ledger has fewer entries than the file has rows, else of
    the plans a second pass over the CSV text finds; a file with links or corrections, which read
    the database while validating, goes the plain way. Still all or nothing: the lines go in
    under a savepoint, rolled back when any row is refused, and a refusal by the database
    stops the validation and rolls back before it is raised.
    """
    assert sheet.again is not None
    books = PlanBook.every(db)
    few = select(Entry.id).limit(sheet.estimated_rows + 1).subquery()
    if (db.scalar(select(func.count()).select_from(few)) or 0) <= sheet.estimated_rows:
        slugs = set(books)  # every plan's keys cost less to read than a second pass
    else:
        i_plan = columns[0]
        slugs = {restore_text(row[i_plan].strip()) for row in sheet.again() if len(row) > i_plan}
    plans = {slug: _load_plan(books, slug, may_write) for slug in slugs - {""}}
    for plan in plans.values():
        if plan is not None:
            _booked(db, plan)
    work = _Work()
    reports: Queue[tuple[int, int, int] | BaseException | None] = Queue()
    stop = Event()

    def ready(_phase: str, read: int, total: int) -> None:
        if stop.is_set():
            raise _Stopped
        reports.put((read, total, len(work.lines)))

    def validate() -> None:
        try:
            rows, estimated = sheet.rows, sheet.estimated_rows
            _validate(
                db, rows, columns, result, estimated, ready, may_write, False, (books, plans), work
            )
            reports.put(None)
        except _Stopped:
            pass
        except BaseException as error:  # noqa: BLE001 - raised again in this thread
            reports.put(error)

    begin_write(db)  # SQLite: a real transaction before the savepoint (and its write lock)
    savepoint = db.begin_nested()
    booking = BulkBooking(db, created_by)  # the sums: once, when every row is booked
    booked = 0

    def report(phase: str, count: int, _total: int) -> None:
        if progress is not None:
            progress(phase, booked + count, sheet.estimated_rows)

    thread = Thread(target=validate, name="import-validate", daemon=True)
    thread.start()
    try:
        while (item := reports.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            read, total, count = item
            if progress is not None:
                progress("validate", read, total)
            if not result.errors and count > booked:
                booking.post(work.lines[booked:count], progress=report)
                booked = count
        if not result.errors:
            booking.finish()
    except BaseException:
        stop.set()
        thread.join()
        savepoint.rollback()
        raise
    thread.join()
    if result.errors:
        savepoint.rollback()
    else:
        savepoint.commit()
    return work


def _validate(
    db: Session,
    rows: Iterable[list[str]],
    columns: list[int],
    result: ImportResult,
    estimated: int,
    progress: Progress | None,
    may_write: Callable[[int], bool] | None,
    correct: bool,
    read_before: tuple[dict[str, PlanBook], dict[str, _PlanLookup | None]] | None = None,
    work: _Work | None = None,
) -> _Work:
    """Check every row through the posting pipeline; return what to book.

    `read_before`: every plan's book and the lookups (booked keys read) of every plan the
    file may name; then `db` is not used unless the file has links or `correct` is asked
    for. `work`: where the lines go.
    """
    i_plan, i_year, i_act, i_partner, i_kind, i_cat, i_amount, i_text, i_ext = columns[:9]
    staff_columns = columns[9:12]
    i_reverses, i_replaces = columns[12:14]
    with_links = i_reverses >= 0 or i_replaces >= 0  # a legacy file has neither column
    with_staff = any(i >= 0 for i in staff_columns)
    no_links, no_staff = Links(), ["", "", ""]  # shared by every row without them (not changed)
    width = max(columns) + 1
    books: dict[str, PlanBook] | None = None  # every plan's rules, read at the first row
    plans: dict[str, _PlanLookup | None] = {}
    if read_before is not None:
        books, plans = read_before
    seen_ids: dict[tuple[int, str], int] = {}
    occurrences: dict[tuple, int] = {}
    work = _Work() if work is None else work
    pending = work.lines
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
        if slug not in plans:
            if books is None:
                books = PlanBook.every(db)
            plans[slug] = _load_plan(books, slug, may_write) if slug else None
        plan = plans[slug]
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
        book = plan.open_book if plan is not None else None
        valid, rule_errors = check_line(book, line, staff_purchase=True)
        if rule_errors:
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
        key = valid.external_id
        assert key is not None  # given above, or the natural key
        booked_keys = plan.booked if plan.booked is not None else _booked(db, plan)
        booked = booked_keys.get(key)
        links = Links(_link(raw, i_reverses), _link(raw, i_replaces)) if with_links else no_links
        plan_links = _links(db, plan) if with_links else None
        if booked is not None:
            if booked.values == values:
                link_errors = plan_links.check_booked(booked, links) if plan_links else []
                errors.extend(RowError(number, column, text) for column, text in link_errors)
                if not link_errors:
                    result.rows_skipped += 1
            else:
                problem = _rebooked(db, booked_keys, booked, values, key, correct)
                if problem:
                    errors.append(RowError(number, "external_id", problem))
                elif booked_keys.get(derived_key(key, "N")) is not None:
                    result.rows_skipped += 1  # corrected to this amount before
                else:
                    work.corrections.append((booked.entry_id, valid.amount_ore, key))
                    result.rows_corrected += 1
            continue
        if valid.year in plan.book.closed_years:
            errors.append(RowError(number, "year", year_closed_message(valid.year)))
            continue
        if plan_links is not None:
            link_errors = plan_links.check_new(key, values, links)
            if link_errors:
                errors.extend(RowError(number, column, text) for column, text in link_errors)
                continue
        staff = no_staff
        if with_staff:
            staff = [raw[i].strip() if i >= 0 else "" for i in staff_columns]
        if links.reverses:  # undoes an entry (a frikøb's too): no purchase of its own
            if any(staff):
                errors.append(
                    RowError(
                        number,
                        "hours",
                        "En tilbageførsel er ikke et nyt "
                        "frikøb; lad hours, rate og supplier stå tomme.",
                    )
                )
                continue
        elif valid.category == Category.STAFF_PURCHASE or any(staff):
            purchase = _staff_purchase(plan.book, number, valid, staff, errors)
            if purchase is None:
                continue
            work.purchases.append((plan.book.id, key, *purchase, valid.text))
        if plan_links is not None:
            valid = _linked(plan.book.id, plan_links, key, valid, links, work)
            plan_links.add(key, values, links)
        pending.append(valid)
    result.rows_read = read
    if progress is not None:
        progress("validate", read, read)
    return work


def _link(raw: list[str], index: int) -> str:
    return restore_text(raw[index].strip()) if index >= 0 else ""


def _linked(
    plan_id: int, plan_links: PlanLinks, key: str, valid: ValidLine, links: Links, work: _Work
) -> ValidLine:
    """The line with its reversal link set (or left for post_linked when the reversed entry
    is a row of this file); a replacement is noted for insert_replacements."""
    if links.reverses:
        target_id = plan_links.booked_id(links.reverses)
        if target_id is None:
            work.reverses[len(work.lines)] = links.reverses
        else:
            valid = valid._replace(reverses_id=target_id)
    if links.replaces:
        replaced_id = plan_links.booked_id(links.replaces)
        work.replacements.append((plan_id, key, links.replaces, replaced_id))
    return valid


def _rebooked(
    db: Session,
    booked_keys: dict[str, Booked],
    booked: Booked,
    values: tuple,
    key: str,
    correct: bool,
) -> str:
    """Why a row whose key is booked with other values cannot be booked ("" = it can)."""
    if booked.values[:5] != values[:5]:
        return (
            f"“{key}” er allerede bogført med andet år, aktivitet, partner, art eller kategori; "
            "ret med en rettelsespostering."
        )
    old, new = format_ore(booked.values[5]), format_ore(values[5])
    replacement = booked_keys.get(derived_key(key, "N"))
    if replacement is not None:
        if replacement.values == values:
            return ""
        return (
            f"“{key}” er allerede rettet ved import (til {format_ore(replacement.values[5])} "
            f"kr.); filen siger {new} kr. Ret den under Posteringer."
        )
    if not correct:
        return (
            f"“{key}” er bogført med {old} kr.; filen siger {new} kr. Intet er bogført. "
            "Vælg at bogføre rettelser (--correct) for at rette posteringen, eller ret den "
            "under Posteringer."
        )
    reversed_by = db.scalar(select(Entry.id).where(Entry.reverses_id == booked.entry_id))
    if reversed_by is not None:
        return (
            f"“{key}” ({old} kr.) er allerede tilbageført af postering {reversed_by}; "
            "ret den under Posteringer."
        )
    return ""


def _staff_purchase(
    book: PlanBook, number: int, valid: ValidLine, staff: list[str], errors: list[RowError]
) -> tuple | None:
    """A frikøb row's (year, kind, activity, supplier, payer, hours, rate, amount), or None."""
    hours_text, rate_text, supplier_name = staff
    if valid.category != Category.STAFF_PURCHASE:
        errors.append(
            RowError(number, "hours", "Timer, timepris og leverandør hører kun til frikøb "
                     "(kategori staff_purchase).")
        )  # fmt: skip
        return None
    if not (hours_text and rate_text and supplier_name):
        door = staff_purchase_door(book.slug)
        errors.append(
            RowError(number, "category", f"{door} Eller giv rækken hours, rate og supplier.")
        )
        return None
    row_errors = []
    try:
        hours = parse_decimal(hours_text, places=2, what="Timer")
        if hours <= 0:
            row_errors.append(RowError(number, "hours", "Antal timer skal være større end 0."))
    except AmountError as error:
        row_errors.append(RowError(number, "hours", str(error)))
    try:
        rate = parse_amount(rate_text)
        if rate <= 0:
            row_errors.append(RowError(number, "rate", "Timeprisen skal være større end 0."))
    except AmountError as error:
        row_errors.append(RowError(number, "rate", str(error)))
    supplier_id = book.partner_ids.get(restore_text(supplier_name))
    if supplier_id is None or supplier_id == valid.partner_id:
        row_errors.append(
            RowError(number, "supplier", f"Leverandøren “{supplier_name}” deltager ikke i "
                     "planen eller er den samme som partneren, der betaler.")
        )  # fmt: skip
    if valid.activity_id is None:
        row_errors.append(RowError(number, "activity", "Frikøb skal høre til en aktivitet."))
    if not row_errors and purchase_amount_ore(hours, rate) != valid.amount_ore:
        expected = format_ore(purchase_amount_ore(hours, rate))
        row_errors.append(
            RowError(number, "amount", f"Beløbet skal være timer × timepris = {expected} kr.")
        )
    if row_errors:
        errors.extend(row_errors)
        return None
    return (valid.year, valid.kind, valid.activity_id, supplier_id, valid.partner_id, hours,
            rate, valid.amount_ore)  # fmt: skip
