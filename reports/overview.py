"""The fund's overview: one row per plan with its sums, computed for every plan at once.

A fixed number of queries whatever the number of plans: the plans (with their municipality),
their closed years, the fund partners, one GROUP BY over the ledger's running sums per
partner (app.models.entry_sum.PartnerSum) by plan, year and partner (budget, budget carried
in and regnskab apart), the part booked by revisions (through their few lines), and the rule
checks' (reports.overview_checks). Everything else is arithmetic on
those sums:
- original budget: budget entries not booked by a budget revision or a carry-over;
  corrected budget: original + revisions; funds carried in from a closed year are the same
  money again and count once, in the year they were budgeted (as reports.follow_up's I alt);
- regnskab to date: every actual entry;
- spending rate: regnskab / corrected budget over the plan's closed years;
- local co-financing share and fund share: the non-fund and the fund partners' share of that
  budget, as the year-end rule checks measure them;
- errors and warnings: the plan's rule checks (app.services.checks.run_checks over the whole
  period and every year), counted for all plans at once by reports.overview_checks from the
  partner budgets of the GROUP BY above and a few queries of its own.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from app.models import (
    ClosedYear,
    Entry,
    EntryKind,
    GrantCommitment,
    MasterPlan,
    Partner,
    PartnerKind,
    PartnerSum,
    RevisionEntry,
    SignOff,
)
from app.models.base import as_utc
from app.models.entry_sum import total
from app.models.sums import money_sum
from reports.model import Row, Table
from reports.overview_checks import Budgets, count_checks

MIN_LOCAL_SHARE = Decimal(25)  # per cent of the plan's budget (LBF's rule for every period)
HUNDRED = Decimal(100)


class SortKey(StrEnum):
    """The columns the overview sorts by."""

    PLAN = "plan"
    MUNICIPALITY = "municipality"
    PERIOD = "period"
    FRAME = "frame"
    COMMITMENT = "commitment"
    BUDGET_ORIGINAL = "budget_original"
    BUDGET_CORRECTED = "budget_corrected"
    ACTUAL = "actual"
    SPENDING_RATE = "spending_rate"
    LOCAL_SHARE = "local_share"
    FUND_SHARE = "fund_share"
    ERRORS = "errors"
    WARNINGS = "warnings"
    LAST_CLOSED_YEAR = "last_closed_year"


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal, half up; None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Sums:
    """øre sums of one plan (or of all plans shown: the totals row)."""

    budget_original: int = 0
    budget_corrected: int = 0  # carried funds counted once
    actual: int = 0
    closed_budget: int = 0  # corrected budget of the closed years
    closed_actual: int = 0  # regnskab of the closed years
    local: int = 0  # non-fund partners' corrected budget
    fund: int = 0  # fund partners' corrected budget

    def add(self, other: "Sums") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def spending_rate(self) -> Decimal | None:
        return percent(self.closed_actual, self.closed_budget)

    @property
    def local_share(self) -> Decimal | None:
        return percent(self.local, self.local + self.fund)

    @property
    def fund_share(self) -> Decimal | None:
        return percent(self.fund, self.local + self.fund)


@dataclass
class OverviewRow:
    plan_id: int
    slug: str
    name: str
    municipality_id: int
    municipality: str
    first_year: int
    last_year: int
    frame: int | None
    commitment: int | None  # the fund partners' grant commitments; None when none is set
    sums: Sums = field(default_factory=Sums)
    closed_years: list[int] = field(default_factory=list)
    closed_at: dict[int, datetime] = field(default_factory=dict)  # per closed year
    signed_at: dict[int, datetime] = field(default_factory=dict)  # newest sign-off per year
    errors: int = 0  # rule checks with severity error (app.services.checks)
    warnings: int = 0

    @property
    def last_closed_year(self) -> int | None:
        return max(self.closed_years, default=None)

    @property
    def status(self) -> str:
        """The sign-off status: how many of the plan's years are closed (sent to the fund)."""
        years = self.last_year - self.first_year + 1
        closed = len(self.closed_years)
        if closed == 0:
            return "Intet år afsluttet"
        if closed == years:
            return "Alle år afsluttet"
        return f"{closed} af {years} år afsluttet"

    @property
    def sign_off(self) -> str | None:
        """The auditor's sign-off of the last closed year: signed, not signed, or void because
        the year was reopened after it was signed (app.services.sign_offs.judge's closing
        test; a closed year's figures cannot change without a reopening — the package also
        recomputes the kontroltal, which a renamed partner or indsatsområde changes)."""
        year = self.last_closed_year
        if year is None:
            return None
        signed = self.signed_at.get(year)
        if signed is None:
            return f"{year}: ikke godkendt"
        if signed < self.closed_at[year]:
            return f"{year}: godkendelse bortfaldet (genåbnet)"
        return f"{year}: godkendt af revisor"


@dataclass
class Overview:
    rows: list[OverviewRow]
    totals: Sums
    # Over all plans shown, per year: corrected budget and regnskab (øre), for the chart.
    per_year: dict[int, tuple[int, int]]


_SORT: dict[SortKey, Callable[[OverviewRow], Any]] = {
    SortKey.PLAN: lambda r: r.name.casefold(),
    SortKey.MUNICIPALITY: lambda r: (r.municipality.casefold(), r.name.casefold()),
    SortKey.PERIOD: lambda r: (r.first_year, r.last_year),
    SortKey.FRAME: lambda r: r.frame,
    SortKey.COMMITMENT: lambda r: r.commitment,
    SortKey.BUDGET_ORIGINAL: lambda r: r.sums.budget_original,
    SortKey.BUDGET_CORRECTED: lambda r: r.sums.budget_corrected,
    SortKey.ACTUAL: lambda r: r.sums.actual,
    SortKey.SPENDING_RATE: lambda r: r.sums.spending_rate,
    SortKey.LOCAL_SHARE: lambda r: r.sums.local_share,
    SortKey.FUND_SHARE: lambda r: r.sums.fund_share,
    SortKey.ERRORS: lambda r: r.errors,
    SortKey.WARNINGS: lambda r: r.warnings,
    SortKey.LAST_CLOSED_YEAR: lambda r: r.last_closed_year,
}


def sort_rows(rows: list[OverviewRow], key: SortKey, descending: bool = False) -> list[OverviewRow]:
    """Sorted by `key`, ties by slug; an empty value (no budget, no closed year) always last."""
    by_slug = sorted(rows, key=lambda r: r.slug)
    present = [r for r in by_slug if _SORT[key](r) is not None]
    empty = [r for r in by_slug if _SORT[key](r) is None]
    present.sort(key=_SORT[key], reverse=descending)
    return present + empty


def _plans_query(municipality_id: int | None, year: int | None) -> Select:
    query = (
        select(
            MasterPlan.id,
            MasterPlan.slug,
            MasterPlan.name,
            MasterPlan.municipality_id,
            Partner.name,
            MasterPlan.first_year,
            MasterPlan.last_year,
            MasterPlan.frame_ore,
            select(money_sum(GrantCommitment.amount_ore))
            .where(GrantCommitment.plan_id == MasterPlan.id)
            .scalar_subquery(),
        )
        .join(Partner, Partner.id == MasterPlan.municipality_id)
        .order_by(MasterPlan.slug)
    )
    if municipality_id is not None:
        query = query.where(MasterPlan.municipality_id == municipality_id)
    if year is not None:
        query = query.where(MasterPlan.first_year <= year, MasterPlan.last_year >= year)
    return query


def _amount(kind: EntryKind, carried: bool | None = None) -> ColumnElement[int]:
    """The kind's net øre; with `carried`, only the funds carried in (True) or the rest."""
    where = PartnerSum.kind == kind.value
    if carried is not None:
        where &= PartnerSum.carried.is_(carried)
    return total(where, PartnerSum)


def _sums_query(plan_ids: Select) -> Select:
    """Net budget (without and with only the funds carried in) and regnskab øre per (plan,
    year, partner) over every plan in `plan_ids`, from the ledger's running sums per partner
    (app.models.entry_sum.PartnerSum): their key leads with these columns, so the database
    groups as it reads, a few rows per plan-year."""
    keys = [PartnerSum.plan_id, PartnerSum.year, PartnerSum.partner_id]
    budget, carried = _amount(EntryKind.BUDGET, False), _amount(EntryKind.BUDGET, True)
    query = select(*keys, budget, carried, _amount(EntryKind.ACTUAL))
    return query.where(PartnerSum.plan_id.in_(plan_ids)).group_by(*keys)


def _closed_query() -> Select:
    """Every closed year, when it was closed and when it was last signed off (or None)."""
    keys = [SignOff.plan_id, SignOff.year]
    signed = (
        select(*keys, func.max(SignOff.signed_at).label("signed_at")).group_by(*keys).subquery()
    )
    on = (signed.c.plan_id == ClosedYear.plan_id) & (signed.c.year == ClosedYear.year)
    query = select(ClosedYear.plan_id, ClosedYear.year, ClosedYear.closed_at, signed.c.signed_at)
    return query.outerjoin(signed, on).order_by(ClosedYear.year)


def _revised_query() -> Select:
    """The budget booked by revisions per (plan, year, partner), every plan's, read through
    the (few) revision lines: the part of the corrected budget that is not original."""
    keys = [Entry.plan_id, Entry.year, Entry.partner_id]
    return (
        select(*keys, money_sum(Entry.amount_ore))
        .select_from(RevisionEntry)
        .join(Entry, Entry.id == RevisionEntry.entry_id)
        .where(Entry.kind == EntryKind.BUDGET.value)
        .group_by(*keys)
    )


def overview(
    db: Session,
    *,
    municipality_id: int | None = None,
    year: int | None = None,
    only_errors: bool = False,
    sort: SortKey = SortKey.PLAN,
    descending: bool = False,
) -> Overview:
    """Every plan's row (filtered: the municipality, a period overlapping `year`, only plans
    that break a rule), sorted, with the totals and the per-year sums of the rows shown."""
    plans = _plans_query(municipality_id, year)
    sql = db.connection()  # Core rows: nothing here needs the ORM's row processing
    rows = {r[0]: OverviewRow(*r) for r in sql.execute(plans)}
    for plan_id, closed_year, closed_at, signed_at in sql.execute(_closed_query()):
        if plan_id in rows:
            rows[plan_id].closed_years.append(closed_year)
            rows[plan_id].closed_at[closed_year] = as_utc(closed_at)
            if signed_at is not None:
                rows[plan_id].signed_at[closed_year] = as_utc(signed_at)
    funds = set(sql.scalars(select(Partner.id).where(Partner.kind == PartnerKind.FUND.value)))
    plan_ids = plans.with_only_columns(MasterPlan.id).order_by(None)
    revised = {(p, y, partner): int(a) for p, y, partner, a in sql.execute(_revised_query())}
    per_plan_year: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    budgets: Budgets = defaultdict(dict)
    for plan_id, entry_year, partner_id, budget, carried_in, actual in sql.execute(
        _sums_query(plan_ids)
    ):
        # Carried funds count once, where they came from: not in the year they moved to.
        corrected, carried = int(budget), int(carried_in)
        revision = revised.get((plan_id, entry_year, partner_id), 0)
        _book(rows[plan_id], entry_year, partner_id in funds, corrected, revision, int(actual))
        year_sums = per_plan_year[plan_id, entry_year]
        year_sums[0] += corrected
        year_sums[1] += int(actual)
        budgets[plan_id][entry_year, partner_id, False] = corrected
        if carried:
            budgets[plan_id][entry_year, partner_id, True] = carried
    for plan_id, (errors, warnings) in count_checks(sql, plan_ids, budgets, funds).items():
        rows[plan_id].errors, rows[plan_id].warnings = errors, warnings
    shown = [r for r in rows.values() if r.errors or not only_errors]
    shown = sort_rows(shown, sort, descending)
    totals = Sums()
    for row in shown:
        totals.add(row.sums)
    ids = {r.plan_id for r in shown}
    per_year: dict[int, tuple[int, int]] = {}
    for (plan_id, entry_year), (budget, actual) in sorted(per_plan_year.items()):
        if plan_id in ids:
            was = per_year.get(entry_year, (0, 0))
            per_year[entry_year] = (was[0] + budget, was[1] + actual)
    if per_year:  # every year from the first to the last, a year without entries as 0
        per_year = {y: per_year.get(y, (0, 0)) for y in range(min(per_year), max(per_year) + 1)}
    return Overview(shown, totals, per_year)


def _book(
    row: OverviewRow, year: int, is_fund: bool, corrected: int, revised: int, actual: int
) -> None:
    """One partner's year: corrected budget (without funds carried in), regnskab."""
    sums = row.sums
    closed = year in row.closed_years
    sums.actual += actual
    sums.closed_actual += actual if closed else 0
    sums.budget_corrected += corrected
    sums.closed_budget += corrected if closed else 0
    sums.budget_original += corrected - revised
    if is_fund:
        sums.fund += corrected
    else:
        sums.local += corrected


def plan_count(db: Session) -> int:
    """All plans, shown or not (the page says how many the filters left out)."""
    return int(db.scalar(select(func.count(MasterPlan.id))) or 0)


def from_query(db: Session, query: Mapping[str, Any]) -> Overview:
    """The overview for parsed filters (app.schemas.overview.OverviewQuery): API and page."""
    return overview(
        db,
        municipality_id=query["municipality"],
        year=query["year"],
        only_errors=query["only_errors"],
        sort=SortKey(query["sort"]),
        descending=query["order"] == "desc",
    )


BAND = 5  # per cent: the histogram's bands


def share_bands(rows: list[OverviewRow]) -> list[tuple[str, int]]:
    """How many plans have a local share in each 5 %-band, 0–5 % to 95–100 % (a share
    outside 0–100 % counts in the nearest band; a plan without budget in none)."""
    counts = [0] * (100 // BAND)
    for row in rows:
        share = row.sums.local_share
        if share is not None:
            counts[min(max(int(share // BAND), 0), len(counts) - 1)] += 1
    return [(f"{i * BAND}–{(i + 1) * BAND} %", n) for i, n in enumerate(counts)]


def marker_band() -> int:
    """The band the 25 % line starts."""
    return int(MIN_LOCAL_SHARE) // BAND


def budget_actual_table(result: Overview) -> Table:
    """Corrected budget and regnskab per year over the plans shown (for the chart)."""
    rows = [Row(str(year), [budget, actual]) for year, (budget, actual) in result.per_year.items()]
    return Table("Budget og regnskab pr. år", ["Korrigeret budget", "Regnskab"], rows,
                 label_header="År")  # fmt: skip
