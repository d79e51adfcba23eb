"""The follow-up form (as in Ballerup's opfølgning): original budget, corrected budget,
regnskab, variance and carry-over per year.

- original budget: budget entries not booked by a budget revision or a carry-over;
- corrected budget: every budget entry (original + revisions + funds carried in);
- variance: regnskab − corrected budget (+ = merforbrug), empty until there is regnskab;
- carry-over: unspent funds moved from the year to the next (see services.budget), and
  apart the funds carried into the year (already part of its corrected budget).
I alt counts carried funds once: the corrected budget's I alt is the sum of the years'
corrected budgets less what was carried into them (the same money, budgeted in the year it
came from), and afvigelse's I alt is the sum over the years with regnskab.
One GROUP BY over the entries, classified by where they came from.
"""

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.models import CarryOver, Entry, EntryKind, MasterPlan, RevisionEntry
from app.models.sums import money_sum
from reports.display import DASH
from reports.model import Row, Table, present_sum

TOTAL = "I alt"
COLUMNS = [
    "Oprindeligt budget",
    "Korrigeret budget",
    "Regnskab",
    "Afvigelse",
    "Overført",
    "Heraf overført fra året før",
]


def follow_up_table(db: Session, plan: MasterPlan) -> Table:
    origin = case(
        (Entry.id.in_(select(RevisionEntry.entry_id)), "revision"),
        (Entry.id.in_(select(CarryOver.entry_id)), "carry_in"),
        else_="original",
    )
    query = (
        select(Entry.year, Entry.kind, origin, money_sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id)
        .group_by(Entry.year, Entry.kind, origin)
    )
    original: dict[int, int] = {}
    corrected: dict[int, int] = {}
    actual: dict[int, int] = {}
    for year, kind, source, amount in db.execute(query):
        amount = int(amount)
        if kind == EntryKind.ACTUAL:
            actual[year] = actual.get(year, 0) + amount
            continue
        corrected[year] = corrected.get(year, 0) + amount
        if source == "original":
            original[year] = original.get(year, 0) + amount
    carried: dict[int, int] = {}
    carried_in: dict[int, int] = {}
    moves = select(CarryOver.from_year, CarryOver.to_year, money_sum(CarryOver.amount_ore))
    for from_year, to_year, amount in db.execute(
        moves.where(CarryOver.plan_id == plan.id).group_by(CarryOver.from_year, CarryOver.to_year)
    ):
        carried[from_year] = carried.get(from_year, 0) + int(amount)
        carried_in[to_year] = carried_in.get(to_year, 0) + int(amount)
    rows = []
    for year in plan.years:
        spent = actual.get(year)
        budget = corrected.get(year, 0)
        rows.append(
            Row(
                str(year),
                [
                    original.get(year, 0),
                    budget,
                    spent,
                    None if spent is None else spent - budget,
                    carried.get(year, 0),
                    carried_in.get(year, 0),
                ],
            )
        )
    totals = [present_sum(rows, index) for index in range(len(COLUMNS))]
    totals[1] = (totals[1] or 0) - (totals[5] or 0)  # carried funds once (see above)
    return Table(
        "Opfølgning: budget, revisioner, regnskab og overførsler",
        COLUMNS,
        rows,
        Row(TOTAL, totals),
        label_header="År",
        total_formulas={1: "{s1}-{s5}"},
        missing=DASH,
    )
