"""The sections of the LBF package as pure functions of plain sums (reports.lbf_sums) and of
the year's rule checks (app.services.checks).

No database here: each section arranges numbers it is given, so each is unit-tested with
hand-built sums. Variance is regnskab − budget (+ = merforbrug); a year without regnskab
leaves the regnskab and variance cells empty.
"""

from decimal import Decimal

from app.formatting import format_ore
from app.services.checks import CheckReport
from reports.cofinancing import TOTAL
from reports.display import DASH
from reports.lbf_sums import BudgetActual, ExplainedVariance, Purchase
from reports.model import PERCENT, Row, Table, per_cent_tenths

SECTIONS = (
    "1 Medfinansiering",
    "2 Indsatsområder",
    "3 Frikøb",
    "4 Årsværk",
    "5 Flerårig oversigt",
    "6 Overførsel",
    "7 Afvigelser",
    "8 Kontroller",
)
BUDGET, ACTUAL, VARIANCE = "Budget", "Regnskab", "Afvigelse"
VARIANCE_FORMULA = "{c1}-{c0}"
KIND_LABELS = {"budget": BUDGET, "actual": ACTUAL}


def _column_total(rows: list[Row], column: int) -> int:
    return sum(r.values[column] or 0 for r in rows)


def budget_actual_table(
    title: str, section: str, label_header: str, sums: list[BudgetActual], has_actuals: bool
) -> Table:
    """Budget | Regnskab | Afvigelse per row, and their totals."""
    rows = [
        Row(s.label, [s.budget, s.actual, s.actual - s.budget] if has_actuals
            else [s.budget, None, None])
        for s in sums
    ]  # fmt: skip
    totals: list[int | None] = [_column_total(rows, i) for i in range(3)]
    if not has_actuals:
        totals[1] = totals[2] = None
    return Table(
        title,
        [BUDGET, ACTUAL, VARIANCE],
        rows,
        Row(TOTAL, totals),
        label_header=label_header,
        column_formulas={2: VARIANCE_FORMULA},
        section=section,
        missing=DASH,
    )


def partners_section(year: int, partners: list[BudgetActual], has_actuals: bool) -> Table:
    """1. Co-financing per partner."""
    title = f"1. Medfinansiering pr. partner {year}"
    return budget_actual_table(title, SECTIONS[0], "Partner", partners, has_actuals)


def focus_area_section(
    year: int,
    areas: list[BudgetActual],
    activities: list[tuple[str, list[BudgetActual]]],
    has_actuals: bool,
) -> list[Table]:
    """2. Per focus area, then one table of activities per focus area."""
    title = f"2. Pr. indsatsområde {year}"
    tables = [budget_actual_table(title, SECTIONS[1], "Indsatsområde", areas, has_actuals)]
    for area, sums in activities:
        tables.append(
            budget_actual_table(
                f"2. {area}: aktiviteter {year}", SECTIONS[1], "Aktivitet", sums, has_actuals
            )
        )
    return tables


def staff_purchase_section(year: int, purchases: dict[str, list[Purchase]]) -> list[Table]:
    """3. Staff purchases, budget and regnskab apart; regnskab only when there is any."""
    tables = []
    for kind, label in KIND_LABELS.items():
        rows = [Row(p.label, [p.hours, p.rate, p.amount]) for p in purchases.get(kind, [])]
        if not rows and kind == "actual":
            continue
        tables.append(
            Table(
                f"3. Frikøb af personale {year} ({label.lower()})",
                ["Timer", "Timepris", "Beløb"],
                rows,
                Row(TOTAL, [_column_total(rows, 0), None, _column_total(rows, 2)]),
                label_header="Aktivitet: leverandør → betaler",
                column_units=["t", "kr.", "kr."],
                section=SECTIONS[2],
            )
        )
    return tables


def fte_section(year: int, staffed: list[str], fte: list[tuple[str, list[int]]]) -> Table:
    """4. FTE per focus area, one column per partner with staff, and a total column."""
    rows = [Row(area, [*values, sum(values)]) for area, values in fte]
    columns = [*staffed, TOTAL]
    return Table(
        f"4. Personale i årsværk pr. indsatsområde {year}",
        columns,
        rows,
        Row(TOTAL, [_column_total(rows, i) for i in range(len(columns))]),
        label_header="Indsatsområde",
        unit="fte",
        section=SECTIONS[3],
    )


def multi_year_section(
    year: int,
    first_year: int,
    multi_year: dict[str, Table],
    actual_years: set[int],
    carried: Table | None = None,
) -> list[Table]:
    """5. The Slagelse table up to the year; regnskab only for years that have any. Funds
    carried between years are not in it (counted once, where budgeted) but in `carried`,
    shown up to the year when anything was carried by then."""
    tables = []
    for kind, label in KIND_LABELS.items():
        full = multi_year[kind]
        keep = [
            r for r in full.rows
            if int(r.label) <= year and (kind == "budget" or int(r.label) in actual_years)
        ]  # fmt: skip
        if not keep:
            continue
        tables.append(
            Table(
                f"5. {full.title} {first_year}–{year} ({label.lower()})",
                full.columns,
                keep,
                Row(TOTAL, [_column_total(keep, i) for i in range(len(full.columns))]),
                label_header="År",
                section=SECTIONS[4],
            )
        )
    if carried is not None:
        keep = [r for r in carried.rows if int(r.label) <= year]
        if any(v for r in keep for v in r.values):
            width = len(carried.columns)
            tables.append(
                Table(
                    f"5. {carried.title} {first_year}–{year}",
                    carried.columns,
                    keep,
                    Row(TOTAL, [_column_total(keep, i) for i in range(width)]),
                    label_header="År",
                    section=SECTIONS[4],
                )
            )
    return tables


def carry_over_section(
    year: int, partners: list[BudgetActual], carried: list[int], has_actuals: bool
) -> Table:
    """6. Unspent funds (budget − regnskab) per partner beside what was booked as carried
    over to the next year."""
    rows = [
        Row(p.label, [p.budget, p.actual, p.budget - p.actual, booked] if has_actuals
            else [p.budget, None, None, booked])
        for p, booked in zip(partners, carried, strict=True)
    ]  # fmt: skip
    return Table(
        f"6. Uforbrugte midler {year}, overføres til {year + 1}",
        [BUDGET, ACTUAL, "Uforbrugt", f"Overført til {year + 1}"],
        rows,
        Row(
            TOTAL,
            [_column_total(rows, i) if has_actuals or i in (0, 3) else None for i in range(4)],
        ),  # fmt: skip
        label_header="Partner",
        column_formulas={2: "{c0}-{c1}"},
        section=SECTIONS[5],
        missing=DASH,
    )


def variance_section(year: int, explained: list[ExplainedVariance]) -> list[Table]:
    """7. The variances over the plan's thresholds (and any explained one) beside their
    explanation; no table when there is none."""
    if not explained:
        return []
    rows = [
        Row(
            f"{e.label} — Forklaring: {e.explanation}" if e.explanation
            else f"{e.label} — mangler forklaring",
            [e.budget, e.actual, e.actual - e.budget],
        )
        for e in explained
    ]  # fmt: skip
    return [
        Table(
            f"7. Afvigelser og forklaringer {year}",
            [BUDGET, ACTUAL, VARIANCE],
            rows,
            label_header="Aktivitet og forklaring",
            column_formulas={2: VARIANCE_FORMULA},
            section=SECTIONS[6],
        )
    ]


def checks_section(
    checks: CheckReport, period: tuple[Decimal | None, Decimal | None]
) -> list[Table]:
    """8. The year's rule checks (and the whole period's): the shares they were measured by,
    in per cent with one decimal, then each check's severity, code and message."""
    plan, year = checks.plan, checks.year
    minimum = per_cent_tenths(checks.min_local_share)
    shares = Table(
        f"8. Lokal medfinansiering og fondens andel {year}",
        [str(year), f"{plan.first_year}–{plan.last_year}"],
        [
            Row(
                "Lokal medfinansiering",
                [per_cent_tenths(checks.local_share), per_cent_tenths(period[0])],
            ),
            Row("Fondens andel", [per_cent_tenths(checks.fund_share), per_cent_tenths(period[1])]),
            Row("Planens minimum for lokal medfinansiering", [minimum, minimum]),
        ],
        label_header="Andel af budgettet",
        unit=PERCENT,
        section=SECTIONS[7],
    )
    lines = [
        Row(f"{r.severity.label} [{r.code}] {r.message}", [])
        for r in [*checks.errors, *checks.warnings]
    ] or [Row("Alle kontroller er i orden.", [])]
    results = Table(
        f"8. Kontroller {year}",
        [],
        lines,
        label_header="Alvor [kode] og besked",
        section=SECTIONS[7],
    )
    return [shares, results]


def package_notes(
    year: int,
    last_year: int,
    has_actuals: bool,
    carried_in: tuple[tuple[str, int], ...] = (),
) -> list[str]:
    notes = [
        "Afvigelse = regnskab − budget (+ = merforbrug, − = mindreforbrug).",
        "Uforbrugt = budget − regnskab for året. Overført = det, der er bogført som overførsel "
        "til næste år, når året er lukket.",
    ]
    moved = [(name, amount) for name, amount in carried_in if amount]
    if moved:
        parts = ", ".join(f"{name} {format_ore(amount)} kr." for name, amount in moved)
        notes.append(
            f"Budget {year} i afsnit 1, 2 og 6 er det korrigerede budget med uforbrugte midler "
            f"overført fra {year - 1}: {parts}. Den flerårige oversigt (afsnit 5) tæller dem "
            "én gang, i det år de blev budgetteret, og viser overførslerne for sig."
        )
    if not has_actuals:
        notes.append(f"Der er endnu ikke bogført regnskab for {year}.")
    if year == last_year:
        notes.append(f"{year} er planens sidste år; uforbrugte midler skal afklares med LBF.")
    return notes
