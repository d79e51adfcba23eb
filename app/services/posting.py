"""The one way to post ledger lines: every door (entries, corrections, the grid, frikøb,
budget revisions, carry-overs, the import) checks a line here and books it here.

`check_line` applies every rule of a ledger line (year in the period and open, kind,
category, partner and activity in the plan, |amount| ≤ 10^11 kr., text length, no control
characters) against what it knows of the plan (`PlanBook`, loaded once per plan) and answers
a `ValidLine` or the Danish messages, one per rule (a reversal is exempt from the amount
bound: it must undo whatever was booked); `post` builds the `Entry` rows (the only place
that does) and flushes; `post_bulk` (a `BulkBooking` of one batch) is the import's fast path
and takes `ValidLine`s only. Both add what they book to the running sums
(services.entry_sums), in the same transaction.
Nothing here commits: the caller's unit of work does.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from itertools import chain
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, insert, or_, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models import (
    Activity,
    Category,
    ClosedYear,
    Entry,
    EntryKind,
    MasterPlan,
    Partner,
    PlanPartner,
)
from app.models.base import utcnow
from app.services.amounts import AMOUNT_LIMIT_MESSAGE, amount_in_bounds
from app.services.driver_sql import for_driver
from app.services.entry_sums import LINE_COLUMNS, add_from, add_lines
from app.services.errors import DomainError
from app.services.text import CONTROL, check_text, control_error

TEXT_MAX = 500  # entries.text is VARCHAR(500)
EXTERNAL_ID_MAX = 100
# A reason or a frikøb text becomes part of an entry's text ("Rettelse af 17: …"), so it is
# held below TEXT_MAX and the composed text always fits: nothing is ever cut.
REASON_MAX = 400
KINDS = frozenset(EntryKind)
CATEGORIES = frozenset(Category)
BULK_CHUNK = 20_000
STAGING = "bulk_lines"  # PostgreSQL: a bulk booking's lines, which its sums are added from
BATCH = "bulk_batch"  # PostgreSQL: the temporary table one batch is copied into
SQLITE_CACHE_KIB = 256 * 1024
ROWS_PER_STATEMENT = 1000  # × 12 columns, under SQLite's 32,766 parameters

# (phase, done, total): phase is "validate" or "book"; total is an estimate while validating.
Progress = Callable[[str, int, int], None]


# One message per rule, the same at every door.
def year_outside_message(year: int, first: int, last: int) -> str:
    return f"Året {year} ligger uden for planens periode {first}–{last}."


def year_closed_message(year: int) -> str:
    return (
        f"Året {year} er lukket (regnskabet er afleveret); bogfør en efterregulering i "
        "et åbent år, eller få en administrator til at genåbne året."
    )


def kind_message(kind: object) -> str:
    return f"Ukendt posteringsart “{kind}”; brug budget eller actual."


def category_message(category: object) -> str:
    return f"Ukendt kategori “{category}”; brug en af: {', '.join(Category)}."


def staff_purchase_door(slug: str) -> str:
    """Frikøb is hours × rate: where a `staff_purchase` line is booked instead."""
    return (
        "Frikøb (staff_purchase) bogføres som timer × timepris, ikke som et beløb: brug siden "
        f"Frikøb (/planer/{slug}/frikoeb) eller POST /api/plans/{slug}/staff-purchases."
    )


def ref_field(name: str, ref: object) -> str:
    """The request's field for a reference: `partner_id` where the door sent an id (the API,
    the pages), `partner` where it sent a name or code (the import, the seeds)."""
    return f"{name}_id" if isinstance(ref, int) else name


def partner_message(ref: object, slug: str) -> str:
    if isinstance(ref, int):
        return f"Partneren med id {ref} deltager ikke i planen {slug} (eller findes ikke)."
    return f"Partneren “{ref}” deltager ikke i planen {slug}."


def activity_message(ref: object, slug: str) -> str:
    if isinstance(ref, int):
        return f"Der er ingen aktivitet med id {ref} i planen {slug}."
    return f"Aktiviteten “{ref}” findes ikke i planen {slug}."


def text_message(limit: int = TEXT_MAX) -> str:
    return f"Teksten må højst være {limit} tegn."


def check_reason(reason: str | None, missing: str, field: str = "reason") -> str:
    """A required reason (corrections, revisions, changed grid cells), stripped and bounded."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, field)
    check_text(reason, field)
    if len(reason) > REASON_MAX:
        raise DomainError(f"Begrundelsen må højst være {REASON_MAX} tegn.", field)
    return reason


class EntryInput(NamedTuple):
    """One ledger line as the outside world gives it: partner and activity by id (int) or by
    name/code (str). A NamedTuple: the import makes one per row, and a frozen dataclass
    took 3.3 µs to build, a NamedTuple 0.8 µs."""

    year: int
    partner: int | str
    kind: str
    category: str
    amount_ore: int
    activity: int | str | None = None
    text: str = ""
    external_id: str | None = None


class ValidLine(NamedTuple):
    """A line that passed `check_line`, resolved to ids; its field order is the bulk insert's."""

    plan_id: int
    year: int
    activity_id: int | None
    partner_id: int
    kind: str
    category: str
    amount_ore: int
    text: str
    external_id: str | None
    reverses_id: int | None = None


@dataclass
class PlanBook:
    """What the rules need to know about one plan, read once (the import checks many rows)."""

    id: int
    slug: str
    first_year: int
    last_year: int
    closed_years: frozenset[int]
    partner_ids: dict[str, int]  # name → id
    activity_ids: dict[str, int]  # code → id

    @classmethod
    def of(cls, db: Session, plan: MasterPlan) -> "PlanBook":
        return cls._books(db, plan.id)[plan.slug]

    @classmethod
    def every(cls, db: Session) -> dict[str, "PlanBook"]:
        """Every plan's book by slug, in four Core queries: the import may name any plan, and
        four queries per plan were most of a small import's time (round trips)."""
        return cls._books(db, None)

    @classmethod
    def _books(cls, db: Session, plan_id: int | None) -> dict[str, "PlanBook"]:
        """The books of one plan (`plan_id`) or of all: plans, partners (name → id),
        activities (code → id) and closed years, one Core query each."""

        def only(query: Select, column: Any) -> Select:
            return query if plan_id is None else query.where(column == plan_id)

        partners: dict[int, dict[str, int]] = {}
        named = select(PlanPartner.plan_id, Partner.name, PlanPartner.partner_id).join(
            Partner, Partner.id == PlanPartner.partner_id
        )
        for id_, name, partner_id in db.execute(only(named, PlanPartner.plan_id)):
            partners.setdefault(id_, {})[name] = partner_id
        activities: dict[int, dict[str, int]] = {}
        codes = select(Activity.plan_id, Activity.code, Activity.id)
        for id_, code, activity_id in db.execute(only(codes, Activity.plan_id)):
            activities.setdefault(id_, {})[code] = activity_id
        closed: dict[int, set[int]] = {}
        closings = select(ClosedYear.plan_id, ClosedYear.year)
        for id_, year in db.execute(only(closings, ClosedYear.plan_id)):
            closed.setdefault(id_, set()).add(year)
        plans = select(MasterPlan.id, MasterPlan.slug, MasterPlan.first_year, MasterPlan.last_year)
        return {
            slug: cls(
                id_,
                slug,
                first,
                last,
                frozenset(closed.get(id_, ())),
                partners.get(id_, {}),
                activities.get(id_, {}),
            )
            for id_, slug, first, last in db.execute(only(plans, MasterPlan.id))
        }

    @cached_property
    def open_years(self) -> frozenset[int]:
        """The years of the period that take entries (not closed)."""
        return frozenset(range(self.first_year, self.last_year + 1)) - self.closed_years

    def partner_id(self, ref: int | str) -> int | None:
        """By id (int) or name (str)."""
        if isinstance(ref, int):
            return ref if ref in self.partner_ids.values() else None
        return self.partner_ids.get(ref)

    def activity_id(self, ref: int | str) -> int | None:
        """By id (int) or code (str)."""
        if isinstance(ref, int):
            return ref if ref in self.activity_ids.values() else None
        return self.activity_ids.get(ref)


def year_errors(book: PlanBook, year: int, field: str = "year") -> list[DomainError]:
    if not book.first_year <= year <= book.last_year:
        message = year_outside_message(year, book.first_year, book.last_year)
        return [DomainError(message, field)]
    if year in book.closed_years:
        return [DomainError(year_closed_message(year), field)]
    return []


def check_line(
    book: PlanBook | None,
    line: EntryInput,
    *,
    reverses_id: int | None = None,
    staff_purchase: bool = False,
) -> tuple[ValidLine | None, list[DomainError]]:
    """Every rule of a ledger line; the plan's rules only when `book` is known.

    Returns the resolved line, or None and one error per broken rule (the import shows them
    all; the other doors raise the first). A `staff_purchase` line is refused unless the
    caller books the frikøb behind it (`staff_purchase=True`: the frikøb service, corrections
    of an existing line, the import's frikøb rows).
    """
    errors: list[DomainError] = []
    partner_id = activity_id = None
    if book is not None and line.year not in book.open_years:
        errors += year_errors(book, line.year)
    if line.kind not in KINDS:
        errors.append(DomainError(kind_message(line.kind), "kind"))
    if line.category not in CATEGORIES:
        errors.append(DomainError(category_message(line.category), "category"))
    elif line.category == Category.STAFF_PURCHASE and not staff_purchase:
        slug = book.slug if book is not None else "<plan>"
        errors.append(DomainError(staff_purchase_door(slug), "category"))
    if book is not None:
        partner_id = book.partner_id(line.partner)
        if partner_id is None:
            partner_field = ref_field("partner", line.partner)
            errors.append(DomainError(partner_message(line.partner, book.slug), partner_field))
        if line.activity is not None and line.activity != "":
            activity_id = book.activity_id(line.activity)
            if activity_id is None:
                activity_error = activity_message(line.activity, book.slug)
                errors.append(DomainError(activity_error, ref_field("activity", line.activity)))
    if reverses_id is None and not amount_in_bounds(line.amount_ore):
        errors.append(DomainError(AMOUNT_LIMIT_MESSAGE, "amount"))
    text = (line.text or "").strip()
    if len(text) > TEXT_MAX:
        errors.append(DomainError(text_message(), "text"))
    if CONTROL.search(text) or (line.external_id and CONTROL.search(line.external_id)):
        for field, value in (("text", text), ("external_id", line.external_id)):
            if message := control_error(value):
                errors.append(DomainError(message, field))
    if line.external_id is not None and not 1 <= len(line.external_id) <= EXTERNAL_ID_MAX:
        message = f"Det eksterne id skal have 1–{EXTERNAL_ID_MAX} tegn."
        errors.append(DomainError(message, "external_id"))
    if errors or book is None or partner_id is None:
        return None, errors
    valid = ValidLine(
        book.id,
        line.year,
        activity_id,
        partner_id,
        line.kind,
        line.category,
        line.amount_ore,
        text,
        line.external_id,
        reverses_id,
    )
    return valid, []


def validate_line(
    book: PlanBook,
    line: EntryInput,
    *,
    reverses_id: int | None = None,
    staff_purchase: bool = False,
) -> ValidLine:
    """The line resolved, or the first broken rule raised as DomainError."""
    valid, errors = check_line(book, line, reverses_id=reverses_id, staff_purchase=staff_purchase)
    if errors:
        raise errors[0]
    assert valid is not None
    return valid


def post(db: Session, lines: Sequence[ValidLine], *, created_by: str | None = None) -> list[Entry]:
    """Book checked lines as entries (the only place that builds `Entry`); flushes."""
    entries = [Entry(**line._asdict(), created_by=created_by) for line in lines]
    db.add_all(entries)
    db.flush()
    add_lines(db, lines)
    return entries


def post_bulk(
    db: Session,
    lines: Sequence[ValidLine],
    *,
    created_by: str,
    progress: Progress | None = None,
) -> None:
    """The import's fast path: checked lines by Core in the caller's transaction, and their
    running sums grouped by the database (a `BulkBooking` of one batch).

    Bulk inserts bypass the ORM's per-row audit hook; the caller records the audit.
    """
    booking = BulkBooking(db, created_by)
    booking.post(lines, progress)
    booking.finish()


class BulkBooking:
    """Lines booked in batches (`post`) in one transaction, their running sums added once by
    `finish`, in the same transaction, from exactly the lines booked (entry_sums.add_from: no
    Python work per line). A key is then upserted once per import, not once per batch (up to
    50 times per 1,000,000 lines). Until `finish` the entries lack their sums: a caller that
    does not finish (an error, a refused row) rolls the transaction or savepoint back.

    PostgreSQL: each batch is COPYed into a temporary table, INSERT … SELECTed into entries,
    and appended to one staging table of the whole booking (`ON COMMIT DROP`) that `finish`
    groups. SQLite: the id ranges each batch took; see `post`.
    """

    def __init__(self, db: Session, created_by: str) -> None:
        self.db = db
        self.created_by = created_by
        self.postgresql = db.get_bind().dialect.name == "postgresql"
        self.staged = False  # PostgreSQL: the staging tables exist
        self.ranges: list[list[int]] = []  # SQLite: [after, upto] id ranges booked here

    def post(self, lines: Sequence[ValidLine], progress: Progress | None = None) -> None:
        """Book one batch of checked lines (the sums wait for `finish`)."""
        if not lines:
            return
        if self.postgresql:
            if not self.staged:
                _create_staging(self.db)
                self.staged = True
            _copy_rows(self.db, lines, self.created_by, progress)
            return
        # Ours are the rows above the largest id up to the largest id after the insert: the
        # insert takes SQLite's write lock (the import takes it at the start, begin_write),
        # held until the transaction ends, so no other writer adds entries in between; and a
        # transaction whose snapshot another writer has outdated cannot write at all (WAL).
        # The ranges also leave out lines another door of this transaction posted between
        # two batches (post adds those to the sums itself).
        largest = "SELECT coalesce(max(id), 0) FROM entries"
        connection = self.db.connection()
        before = connection.exec_driver_sql(largest).scalar_one()
        with _big_sqlite_cache(self.db):
            _insert_chunks(self.db, lines, self.created_by, progress)
        after = connection.exec_driver_sql(largest).scalar_one()
        if self.ranges and self.ranges[-1][1] == before:
            self.ranges[-1][1] = after
        else:
            self.ranges.append([before, after])

    def finish(self) -> None:
        """Add the sums of every line booked by this booking, once."""
        connection = self.db.connection()
        if self.staged:
            staged = sql_table(STAGING, *(sql_column(name) for name in LINE_COLUMNS))
            add_from(connection, staged)
            connection.exec_driver_sql(f"DROP TABLE {STAGING}")
            connection.exec_driver_sql(f"DROP TABLE {BATCH}")
            self.staged = False
        if self.ranges:
            id_ = Entry.__table__.c.id
            booked = or_(*(and_(id_ > after, id_ <= upto) for after, upto in self.ranges))
            add_from(connection, select(*Entry.__table__.c).where(booked).subquery())
            self.ranges = []


def _create_staging(db: Session) -> None:
    """PostgreSQL: the booking's staging table (the lines' sum columns) and its batch table
    (what COPY fills), temporary, dropped at commit (and by `finish`)."""
    connection = db.connection()
    for name, columns in ((STAGING, LINE_COLUMNS), (BATCH, ValidLine._fields)):
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{name}")
        connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS "
            f"SELECT {', '.join(columns)} FROM {Entry.__tablename__} WITH NO DATA"
        )


def _copy_rows(
    db: Session, lines: Sequence[ValidLine], created_by: str, progress: Progress | None
) -> None:
    """PostgreSQL's bulk path: psycopg's `COPY … FROM STDIN` into the batch table, then one
    INSERT … SELECT into entries and one append of the batch to the booking's staging table.

    The INSERT fires the entries triggers and checks the constraints and unique keys, inside
    the caller's transaction: a refused row aborts the statement, so the import stays all or
    nothing. The staging table is what lets the database add up exactly these lines.
    """
    names = ", ".join(ValidLine._fields)  # created_at and created_by: once, in the INSERT
    connection = db.connection()
    connection.exec_driver_sql(f"TRUNCATE {BATCH}")
    driver = connection.connection.driver_connection
    assert driver is not None  # a live psycopg connection inside the transaction
    statement = f"COPY {BATCH} ({names}) FROM STDIN"
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for start in range(0, len(lines), BULK_CHUNK):
                for row in lines[start : start + BULK_CHUNK]:
                    copy.write_row(row)
                if progress is not None:
                    progress("book", min(start + BULK_CHUNK, len(lines)), len(lines))
    except driver_error as error:  # as SQLAlchemy would raise it
        raise DBAPIError.instance(statement, None, error, driver_error) from error
    # Without ORDER BY: a fresh temporary table is read back in the order it was written.
    connection.exec_driver_sql(
        f"INSERT INTO {Entry.__tablename__} ({names}, created_at, created_by) "
        f"SELECT {names}, %(at)s, %(by)s FROM {BATCH}",
        {"at": utcnow(), "by": created_by},
    )
    summed = ", ".join(LINE_COLUMNS)
    connection.exec_driver_sql(f"INSERT INTO {STAGING} ({summed}) SELECT {summed} FROM {BATCH}")


@contextmanager
def _big_sqlite_cache(db: Session) -> Iterator[None]:
    """Bulk-insert settings for SQLite, restored afterwards (they are per connection).

    The default 2 MB page cache thrashes on the external-id index of a big import, and every
    row's statement journal (the entries triggers may abort a row) goes to a temporary file
    unless temp_store is MEMORY. Measured: about a third faster for 1,000,000 rows.
    """
    if db.get_bind().dialect.name != "sqlite":
        yield
        return
    cache = db.execute(sql_text("PRAGMA cache_size")).scalar_one()
    temp_store = db.execute(sql_text("PRAGMA temp_store")).scalar_one()
    db.execute(sql_text(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}"))
    db.execute(sql_text("PRAGMA temp_store=MEMORY"))
    try:
        yield
    finally:
        # Best effort: after a refused insert the caller rolls back and this may fail too;
        # the refusal is the error worth reporting.
        with suppress(DBAPIError):
            db.execute(sql_text(f"PRAGMA temp_store={int(temp_store)}"))
            db.execute(sql_text(f"PRAGMA cache_size={int(cache)}"))


def _insert_chunks(
    db: Session, lines: Sequence[ValidLine], created_by: str, progress: Progress | None
) -> None:
    """SQL compiled once by Core for the dialect, then run by the driver chunk by chunk.

    Skipping Core's per-row parameter processing saves much; the one typed value
    (created_at) goes through the column type's own bind processor, once. On SQLite, rows go
    ROWS_PER_STATEMENT at a time in one multi-row INSERT: the entries triggers make SQLite
    keep a statement journal, and one statement per row pays for it on every row.
    PostgreSQL gets the driver's executemany.
    """
    connection = db.connection()
    dialect = connection.dialect
    table = Entry.__table__
    keys = (*ValidLine._fields, "created_at", "created_by")
    statement = for_driver(dialect, insert(table), keys)
    single = statement.sql
    process = table.c.created_at.type.bind_processor(dialect)
    now: object = process(utcnow()) if process else utcnow()
    if isinstance(now, datetime) and dialect.name == "sqlite":
        now = now.isoformat(" ")  # what sqlite3's adapter would write, once, not per row
    fixed = (now, created_by)
    per = ROWS_PER_STATEMENT if dialect.name == "sqlite" and statement.positional else 0
    if per:
        head, _, group = single.partition(" VALUES ")
        multi = f"{head} VALUES " + ", ".join([group] * per)
    for start in range(0, len(lines), BULK_CHUNK):
        chunk = lines[start : start + BULK_CHUNK]
        params = statement.params((*row, *fixed) for row in chunk)
        done = 0
        if per:
            done = len(params) - len(params) % per
            for i in range(0, done, per):
                connection.exec_driver_sql(multi, tuple(chain.from_iterable(params[i : i + per])))
        if done < len(params):
            connection.exec_driver_sql(single, params[done:])
        if progress is not None:
            progress("book", start + len(chunk), len(lines))
