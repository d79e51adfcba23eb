"""Rule checks (kontroller) over a plan and a year, or over the whole period.

Each result has a stable `code`, a `severity` (error blocks closing a year, warning does not),
a Danish message naming the figures, the data behind it and `fix`: where it is put right
(the doors turn it into a link). Every figure is a sum of budget or regnskab entries (øre):
- the plan's total and the partners' shares over the whole period count every budget entry
  except funds carried in from the year before (moved money, not new money); a year's figures
  are that year's corrected budget (original + revisions + funds carried in);
- local co-financing is every partner that is not a fund (cash, staff and other);
- a variance is regnskab − corrected budget of an activity (or the plan-wide lines) in a year
  with regnskab; it needs an explanation when it exceeds both of the plan's thresholds.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.formatting import format_ore
from app.formatting import format_percent as percent
from app.models import (
    CarryOver,
    Category,
    Entry,
    EntryKind,
    GrantCommitment,
    MasterPlan,
    PartnerKind,
    StaffPurchase,
    VarianceExplanation,
)
from app.models.sums import money_sum
from app.services.errors import DomainError

HUNDRED = Decimal(100)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Danish word the pages and the LBF package print."""
        return "Fejl" if self is Severity.ERROR else "Advarsel"


class Fix(StrEnum):
    """Where a result is put right; the pages link each to its page."""

    BUDGET = "budget"  # the year's budget (grid, budget revision)
    PLAN = "plan"  # the plan's settings (frame, minimum share, thresholds)
    COMMITMENTS = "commitments"  # the fund partners' grant commitments
    EXPLANATIONS = "explanations"  # the year's variance explanations
    STAFF_PURCHASES = "staff_purchases"  # frikøb: hours × rate
    ENTRIES = "entries"  # the entry history (correct a row)


@dataclass(frozen=True)
class CheckResult:
    code: str
    severity: Severity
    message: str
    year: int | None  # None: the whole period
    fix: Fix
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class CheckReport:
    """The results for a plan (and year), with the shares they were measured by (per cent)."""

    plan: MasterPlan
    year: int | None
    results: list[CheckResult]
    local_share: Decimal | None  # over the year, or the whole period; None without budget
    fund_share: Decimal | None
    min_local_share: Decimal

    @property
    def errors(self) -> list[CheckResult]:
        return [r for r in self.results if r.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if r.severity is Severity.WARNING]

    def as_dict(self) -> dict[str, Any]:
        """The answer of the API and `ledger check --format json` (shares in per cent)."""
        return {
            "plan": self.plan.slug,
            "year": self.year,
            "local_share": _one_decimal(self.local_share),
            "fund_share": _one_decimal(self.fund_share),
            "min_local_share": _one_decimal(self.min_local_share),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "checks": [
                {
                    "code": r.code,
                    "severity": r.severity.value,
                    "message": r.message,
                    "year": r.year,
                    "fix": r.fix.value,
                    "data": r.data,
                }
                for r in self.results
            ],
        }


def check_text(report: CheckReport) -> str:
    """The checks as plain lines (the CLI), errors first."""
    scope = f"{report.year}" if report.year is not None else "hele perioden"
    lines = [
        f"Kontroller for {report.plan.slug} ({scope}): lokal medfinansiering "
        f"{percent(report.local_share)}, fondens andel {percent(report.fund_share)} "
        f"(minimum lokalt {percent(report.min_local_share)}).",
    ]
    for result in [*report.errors, *report.warnings]:
        lines.append(f"{result.severity.label.upper()} [{result.code}] {result.message}")
    if not report.results:
        lines.append("Alle kontroller er i orden.")
    return "\n".join(lines)


def _one_decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _share(part: int, total: int) -> Decimal | None:
    return None if total <= 0 else Decimal(part) * HUNDRED / Decimal(total)


def _kr(ore: int) -> str:
    return f"{format_ore(ore)} kr."


@dataclass
class _Sums:
    """The plan's budget and regnskab, gathered by one GROUP BY."""

    # (year, partner_id) → budget øre; carried-in budget apart
    budget: dict[tuple[int, int], int] = field(default_factory=dict)
    carried_in: dict[tuple[int, int], int] = field(default_factory=dict)
    # (year, activity_id) → øre
    activity_budget: dict[tuple[int, int | None], int] = field(default_factory=dict)
    activity_actual: dict[tuple[int, int | None], int] = field(default_factory=dict)
    actual_years: set[int] = field(default_factory=set)


def _sums(db: Session, plan: MasterPlan) -> _Sums:
    carried = case((Entry.id.in_(select(CarryOver.entry_id)), True), else_=False)
    query = (
        select(
            Entry.year, Entry.partner_id, Entry.activity_id, Entry.kind, carried,
            money_sum(Entry.amount_ore),
        )
        .where(Entry.plan_id == plan.id)
        .group_by(Entry.year, Entry.partner_id, Entry.activity_id, Entry.kind, carried)
    )  # fmt: skip
    sums = _Sums()
    for year, partner_id, activity_id, kind, carried_in, amount in db.execute(query):
        amount = int(amount)
        if kind == EntryKind.ACTUAL:
            sums.actual_years.add(year)
            key = (year, activity_id)
            sums.activity_actual[key] = sums.activity_actual.get(key, 0) + amount
            continue
        target = sums.carried_in if carried_in else sums.budget
        target[(year, partner_id)] = target.get((year, partner_id), 0) + amount
        akey = (year, activity_id)
        sums.activity_budget[akey] = sums.activity_budget.get(akey, 0) + amount
    return sums


def _partner_budgets(sums: _Sums, year: int | None) -> dict[int, int]:
    """Budget per partner in `year` (corrected), or over the period (without carry-ins)."""
    out: dict[int, int] = {}
    sources = [sums.budget] if year is None else [sums.budget, sums.carried_in]
    for source in sources:
        for (y, partner_id), amount in source.items():
            if year is None or y == year:
                out[partner_id] = out.get(partner_id, 0) + amount
    return out


def _funds(plan: MasterPlan) -> set[int]:
    return {p.id for p in plan.partners if p.kind == PartnerKind.FUND}


def run_checks(db: Session, plan: MasterPlan, year: int | None = None) -> CheckReport:
    """Every check of the whole period, plus the year checks of `year` (or of every year)."""
    if year is not None and not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            "year",
        )
    sums = _sums(db, plan)
    funds = _funds(plan)
    period = _partner_budgets(sums, None)
    results = [
        *_share_checks(plan, period, funds, None),
        *_frame_check(plan, period),
        *_commitment_checks(db, plan, period),
    ]
    for y in [year] if year is not None else list(plan.years):
        budgets = _partner_budgets(sums, y)
        results += _share_checks(plan, budgets, funds, y)
        results += _municipality_check(plan, budgets, y)
        results += _variance_checks(db, plan, sums, y)
        results += _staff_purchase_checks(db, plan, y)
    local_share, fund_share = _shares(sums, funds, year)
    return CheckReport(
        plan=plan,
        year=year,
        results=results,
        local_share=local_share,
        fund_share=fund_share,
        min_local_share=plan.min_local_share,
    )


Shares = tuple[Decimal | None, Decimal | None]


def _shares(sums: _Sums, funds: set[int], year: int | None) -> Shares:
    """(local share, fund share) in per cent of the year's budget, or of the period's."""
    shown = _partner_budgets(sums, year)
    total = sum(shown.values())
    fund = sum(v for k, v in shown.items() if k in funds)
    return _share(total - fund, total), _share(fund, total)


def period_shares(db: Session, plan: MasterPlan) -> Shares:
    """(local share, fund share) over the whole period, without running the checks."""
    return _shares(_sums(db, plan), _funds(plan), None)


def share_breaches(total: int, fund: int, minimum: Decimal) -> tuple[bool, bool]:
    """(local share below `minimum` %, fund share above 100 − `minimum` %) of a budget of
    `total` øre of which `fund` is the fund partners'; neither without a budget."""
    if total <= 0:
        return False, False
    local = total - fund
    return (
        Decimal(local) * HUNDRED < minimum * Decimal(total),
        Decimal(fund) * HUNDRED > (HUNDRED - minimum) * Decimal(total),
    )


def frame_exceeded(total: int, frame_ore: int | None) -> bool:
    return frame_ore is not None and total > frame_ore


def municipality_missing(total: int, own: int) -> bool:
    """A year with a budget but no money from the plan's municipality."""
    return total > 0 and own <= 0


def _share_checks(
    plan: MasterPlan, budgets: dict[int, int], funds: set[int], year: int | None
) -> list[CheckResult]:
    """local_cofinancing_min and fund_share_max: an error over the period, a warning per year."""
    total = sum(budgets.values())
    fund = sum(v for k, v in budgets.items() if k in funds)
    local = total - fund
    minimum = Decimal(plan.min_local_share)
    local_low, fund_high = share_breaches(total, fund, minimum)
    if not (local_low or fund_high):
        return []
    severity = Severity.ERROR if year is None else Severity.WARNING
    where = f"i {year}" if year is not None else f"i perioden {plan.first_year}–{plan.last_year}"
    data = {
        "total_ore": total,
        "local_ore": local,
        "fund_ore": fund,
        "local_share": str(_share(local, total)),
        "fund_share": str(_share(fund, total)),
        "min_local_share": str(minimum),
    }
    results = []
    if local_low:
        results.append(
            CheckResult(
                "local_cofinancing_min",
                severity,
                f"Den lokale medfinansiering {where} er {percent(_share(local, total))} "
                f"({_kr(local)} af {_kr(total)}); planens minimum er {percent(minimum)}.",
                year,
                Fix.BUDGET,
                data,
            )
        )
    max_fund = HUNDRED - minimum
    if fund_high:
        results.append(
            CheckResult(
                "fund_share_max",
                severity,
                f"Fondens andel {where} er {percent(_share(fund, total))} "
                f"({_kr(fund)} af {_kr(total)}); højst {percent(max_fund)} er tilladt.",
                year,
                Fix.BUDGET,
                data,
            )
        )
    return results


def _frame_check(plan: MasterPlan, period: dict[int, int]) -> list[CheckResult]:
    """A warning: the frame counts every partner's money; more local money than planned is
    no breach of LBF's rules, while the fund's own limit is its commitment (an error)."""
    total = sum(period.values())
    if plan.frame_ore is None or not frame_exceeded(total, plan.frame_ore):
        return []
    return [
        CheckResult(
            "frame_exceeded",
            Severity.WARNING,
            f"Det samlede budget {_kr(total)} overstiger planens ramme {_kr(plan.frame_ore)} "
            f"med {_kr(total - plan.frame_ore)}",
            None,
            Fix.PLAN,
            {"total_ore": total, "frame_ore": plan.frame_ore},
        )
    ]


def _commitment_checks(db: Session, plan: MasterPlan, period: dict[int, int]) -> list[CheckResult]:
    names = {p.id: p.name for p in plan.partners}
    query = select(GrantCommitment).where(GrantCommitment.plan_id == plan.id)
    results = []
    for commitment in db.scalars(query.order_by(GrantCommitment.partner_id)):
        budget = period.get(commitment.partner_id, 0)
        if budget <= commitment.amount_ore:
            continue
        results.append(
            CheckResult(
                "commitment_exceeded",
                Severity.ERROR,
                f"{names.get(commitment.partner_id, commitment.partner_id)}s budget "
                f"{_kr(budget)} overstiger tilsagnet {_kr(commitment.amount_ore)} med "
                f"{_kr(budget - commitment.amount_ore)}",
                None,
                Fix.COMMITMENTS,
                {
                    "partner_id": commitment.partner_id,
                    "budget_ore": budget,
                    "commitment_ore": commitment.amount_ore,
                },
            )
        )
    return results


def _municipality_check(plan: MasterPlan, budgets: dict[int, int], year: int) -> list[CheckResult]:
    if not municipality_missing(sum(budgets.values()), budgets.get(plan.municipality_id, 0)):
        return []
    return [
        CheckResult(
            "municipality_missing",
            Severity.WARNING,
            f"{year} har et budget på {_kr(sum(budgets.values()))}, men ingen medfinansiering "
            f"fra {plan.municipality.name}.",
            year,
            Fix.BUDGET,
            {"total_ore": sum(budgets.values()), "partner_id": plan.municipality_id},
        )
    ]


def current_explanations(
    db: Session, plan: MasterPlan, year: int
) -> dict[int | None, VarianceExplanation]:
    """The newest explanation per activity (None: plan-wide) of the plan's year."""
    query = (
        select(VarianceExplanation)
        .where(VarianceExplanation.plan_id == plan.id, VarianceExplanation.year == year)
        .order_by(VarianceExplanation.id)
    )
    return {e.activity_id: e for e in db.scalars(query)}


@dataclass(frozen=True)
class Variance:
    """An activity's (None: plan-wide) corrected budget, regnskab and variance in a year."""

    activity_id: int | None
    label: str
    budget: int
    actual: int

    @property
    def variance(self) -> int:
        return self.actual - self.budget

    def exceeds(self, plan: MasterPlan) -> bool:
        return self.beyond(plan.variance_amount_ore, plan.variance_pct)

    def beyond(self, amount_ore: int, pct: Decimal) -> bool:
        """Both thresholds exceeded: more than the amount and more than the per cent."""
        variance = abs(self.variance)
        if variance <= amount_ore:
            return False
        return Decimal(variance) * HUNDRED > Decimal(pct) * Decimal(abs(self.budget))


def variances(
    db: Session, plan: MasterPlan, year: int, sums: _Sums | None = None
) -> list[Variance]:
    """Every activity with budget or regnskab in a year with regnskab, plan-wide lines last."""
    sums = sums or _sums(db, plan)
    if year not in sums.actual_years:
        return []
    labels: dict[int | None, str] = {
        a.id: f"{a.code} {a.name}" for fa in plan.focus_areas for a in fa.activities
    }
    labels[None] = "Planen som helhed"
    out = []
    for activity_id, label in labels.items():
        budget = sums.activity_budget.get((year, activity_id), 0)
        actual = sums.activity_actual.get((year, activity_id), 0)
        if budget or actual:
            out.append(Variance(activity_id, label, budget, actual))
    return out


def _variance_checks(db: Session, plan: MasterPlan, sums: _Sums, year: int) -> list[CheckResult]:
    explained = current_explanations(db, plan, year)
    results = []
    for v in variances(db, plan, year, sums):
        if not v.exceeds(plan) or v.activity_id in explained:
            continue
        pct = _share(abs(v.variance), abs(v.budget)) if v.budget else None
        sign = "+" if v.variance > 0 else "−"
        results.append(
            CheckResult(
                "variance_unexplained",
                Severity.ERROR,
                f"{v.label} {year}: regnskab {_kr(v.actual)} mod korrigeret budget "
                f"{_kr(v.budget)}, afvigelse {sign}{_kr(abs(v.variance))}"
                + (f" ({sign}{percent(pct)})" if pct is not None else "")
                + f" over tærsklerne {percent(Decimal(plan.variance_pct))} og "
                f"{_kr(plan.variance_amount_ore)} uden forklaring.",
                year,
                Fix.EXPLANATIONS,
                {
                    "activity_id": v.activity_id,
                    "budget_ore": v.budget,
                    "actual_ore": v.actual,
                    "variance_ore": v.variance,
                },
            )
        )
    return results


def _staff_purchase_checks(db: Session, plan: MasterPlan, year: int) -> list[CheckResult]:
    """Frikøb booked as an amount that no hours × rate stands behind (rows from before the
    door refused them, issue 12.5): per activity, payer and kind, the ledger's staff_purchase
    sum against the staff purchases' sum."""
    booked = select(
        Entry.activity_id, Entry.partner_id, Entry.kind, money_sum(Entry.amount_ore)
    ).where(
        Entry.plan_id == plan.id, Entry.year == year, Entry.category == Category.STAFF_PURCHASE
    ).group_by(Entry.activity_id, Entry.partner_id, Entry.kind)  # fmt: skip
    behind = select(
        StaffPurchase.activity_id, StaffPurchase.payer_id, StaffPurchase.kind,
        money_sum(StaffPurchase.amount_ore),
    ).where(
        StaffPurchase.plan_id == plan.id, StaffPurchase.year == year
    ).group_by(StaffPurchase.activity_id, StaffPurchase.payer_id, StaffPurchase.kind)  # fmt: skip
    hours: dict[tuple[int | None, int, str], int] = {
        (a, p, k): int(s) for a, p, k, s in db.execute(behind)
    }
    names = {p.id: p.name for p in plan.partners}
    codes: dict[int | None, str] = {a.id: a.code for fa in plan.focus_areas for a in fa.activities}
    results = []
    for activity_id, partner_id, kind, amount in db.execute(booked):
        amount = int(amount)
        covered = hours.get((activity_id, partner_id, kind), 0)
        if amount == covered:
            continue
        what = "budget" if kind == EntryKind.BUDGET else "regnskab"
        results.append(
            CheckResult(
                "staff_purchase_without_hours",
                Severity.WARNING,
                f"Frikøb {year} ({what}) på {codes.get(activity_id, 'planen som helhed')} betalt "
                f"af {names.get(partner_id, partner_id)}: bogført {_kr(amount)}, men timer × "
                f"timepris giver {_kr(covered)}; forskellen {_kr(amount - covered)} har ingen "
                "timer bag sig.",
                year,
                Fix.ENTRIES,
                {
                    "activity_id": activity_id,
                    "partner_id": partner_id,
                    "kind": kind,
                    "booked_ore": amount,
                    "hours_ore": covered,
                },
            )
        )
    return results
