"""Budget follow-up rounds (budgetopfølgninger): a dated, numbered round per plan and year,
its budget corrections (a revision linked to the round) and its forecast of year-end spend
per activity. Everything is appended: a changed forecast is a new row, the newest counts."""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import BudgetRevision, BudgetRound, Entry, Forecast, MasterPlan, RevisionEntry
from app.services import audit
from app.services.amounts import AmountError, parse_amount
from app.services.budget import create_revision
from app.services.errors import DomainError
from app.services.import_files import read_sheet
from app.services.posting import (
    EntryInput,
    PlanBook,
    activity_message,
    check_reason,
    ref_field,
    year_outside_message,
)


def create_round(
    db: Session, plan: MasterPlan, *, year: int, dated: date, created_by: str | None = None
) -> BudgetRound:
    """The plan's next round in `year` (1., 2., …)."""
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(year_outside_message(year, plan.first_year, plan.last_year), "year")
    number = (
        db.scalar(
            select(func.max(BudgetRound.number)).where(
                BudgetRound.plan_id == plan.id, BudgetRound.year == year
            )
        )
        or 0
    ) + 1
    budget_round = BudgetRound(
        plan_id=plan.id, year=year, number=number, dated=dated, created_by=created_by
    )
    db.add(budget_round)
    db.flush()
    return budget_round


def get_round(
    db: Session, plan: MasterPlan, year: int, number: int, field: str = "round"
) -> BudgetRound:
    """A round the request names (a report's `round`, a forecast's `number`): unknown is
    that field's error (422)."""
    found = db.scalar(
        select(BudgetRound).where(
            BudgetRound.plan_id == plan.id, BudgetRound.year == year, BudgetRound.number == number
        )
    )
    if found is None:
        raise DomainError(f"Der er ingen {number}. budgetopfølgning {year} i planen.", field)
    return found


def list_rounds(db: Session, plan: MasterPlan) -> list[BudgetRound]:
    query = select(BudgetRound).where(BudgetRound.plan_id == plan.id)
    return list(db.scalars(query.order_by(BudgetRound.year, BudgetRound.number)))


def book_corrections(
    db: Session, plan: MasterPlan, budget_round: BudgetRound, *, reason: str,
    lines: list[EntryInput],
) -> list[Entry]:  # fmt: skip
    """The round's budget corrections, as a budget revision linked to the round."""
    for line in lines:
        if line.year != budget_round.year:
            raise DomainError(
                f"{budget_round.name} retter kun budgettet for {budget_round.year}.", "lines"
            )
    _, entries = create_revision(db, plan, reason=reason, lines=lines, round_id=budget_round.id)
    return entries


def add_forecasts(
    db: Session,
    plan: MasterPlan,
    budget_round: BudgetRound,
    amounts: dict[int | str, int],
    *,
    created_by: str | None = None,
) -> list[Forecast]:
    """Forecast year-end spend (øre) per activity (id or code); appended, newest counts."""
    book = PlanBook.of(db, plan)
    rows = []
    with audit.reason(db, f"Prognose i {budget_round.name}"):
        for ref, amount in amounts.items():
            activity_id = book.activity_id(ref)
            if activity_id is None:
                raise DomainError(activity_message(ref, plan.slug), ref_field("activity", ref))
            rows.append(
                Forecast(
                    round_id=budget_round.id,
                    activity_id=activity_id,
                    amount_ore=amount,
                    created_by=created_by,
                )
            )
        db.add_all(rows)
        db.flush()
    return rows


def current_forecasts(db: Session, budget_round: BudgetRound) -> dict[int, int]:
    """The newest forecast per activity of the round (øre)."""
    newest = (
        select(func.max(Forecast.id))
        .where(Forecast.round_id == budget_round.id)
        .group_by(Forecast.activity_id)
    )
    query = select(Forecast.activity_id, Forecast.amount_ore).where(Forecast.id.in_(newest))
    return {activity: int(amount) for activity, amount in db.execute(query)}


def enter_round(
    db: Session,
    plan: MasterPlan,
    *,
    year: int,
    dated: date,
    reason: str,
    corrections: list[EntryInput],
    forecast: dict[int | str, int],
    created_by: str | None = None,
) -> tuple[BudgetRound, list[Entry]]:
    """A whole round as the secretariat enters it: the round, its corrections (when any) and
    its forecast, in one transaction (the one door for pages, API and seeds); the round and
    the entries its corrections booked."""
    check_reason(reason, "En budgetopfølgning kræver en begrundelse.")
    budget_round = create_round(db, plan, year=year, dated=dated, created_by=created_by)
    entries = []
    if corrections:
        entries = book_corrections(db, plan, budget_round, reason=reason, lines=corrections)
    if forecast:
        add_forecasts(db, plan, budget_round, forecast, created_by=created_by)
    return budget_round, entries


def corrections_total(db: Session, budget_round: BudgetRound) -> int:
    """Øre booked by the round's revisions."""
    query = (
        select(func.coalesce(func.sum(Entry.amount_ore), 0))
        .join(RevisionEntry, RevisionEntry.entry_id == Entry.id)
        .join(BudgetRevision, BudgetRevision.id == RevisionEntry.revision_id)
        .where(BudgetRevision.round_id == budget_round.id)
    )
    return int(db.scalar(query) or 0)


ROUND_COLUMNS = ("aktivitet", "korrektion", "forventet forbrug")


def read_round_file(
    data: bytes, fmt: str, *, year: int, partner: int | str
) -> tuple[list[EntryInput], dict[int | str, int]]:
    """A round from a CSV/XLSX sheet with the columns Aktivitet (code), Korrektion and
    Forventet forbrug (kroner, blank = none): the corrections and the forecast. Every bad
    row is named in one refusal, so nothing is booked from a half-read file."""
    sheet = read_sheet(data, fmt)
    header = [h.strip().lower() for h in sheet.header]
    missing = [c for c in ROUND_COLUMNS if c not in header]
    if missing:
        raise DomainError(f"Filen mangler kolonnen {', '.join(missing)}.", "file")
    at = {c: header.index(c) for c in ROUND_COLUMNS}
    corrections: list[EntryInput] = []
    forecast: dict[int | str, int] = {}
    problems = []
    for number, row in enumerate(sheet.rows, start=2):
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        code = cells["aktivitet"]
        if not code:
            problems.append(f"række {number}: aktiviteten mangler")
            continue
        try:
            if cells["korrektion"]:
                amount = parse_amount(cells["korrektion"])
                corrections.append(
                    EntryInput(year, partner, "budget", "cash", amount, code, f"{code}: korrektion")
                )
            if cells["forventet forbrug"]:
                forecast[code] = parse_amount(cells["forventet forbrug"])
        except AmountError as error:
            problems.append(f"række {number}: {str(error).rstrip('.')}")
    if problems:
        raise DomainError("Intet er indlæst: " + "; ".join(problems[:50]) + ".", "file")
    return corrections, forecast
