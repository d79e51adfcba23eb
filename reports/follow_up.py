"""The follow-up form (as in Ballerup's opfølgning): original budget, corrected budget,
regnskab, variance and carry-over per year.

- original budget: budget entries not booked by a budget revision or a carry-over;
- corrected budget: every budget entry (original + revisions + funds carried in);
- variance: regnskab − corrected budget (+ = merforbrug), empty until there is regnskab;
- carry-over: unspent funds moved from the year to the next (see services.budget).
One GROUP BY over the entries, classified by where they came from.
"""

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from app.models import CarryOver, Entry, EntryKind, MasterPlan, RevisionEntry
from app.models.sums import money_sum
from reports.model import Row, Table

TOTAL = "I alt"
COLUMNS = ["Oprindeligt budget", "Korrigeret budget", "Regnskab", "Afvigelse", "Overført"]


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
    carried = dict(
        db.execute(
            select(CarryOver.from_year, money_sum(CarryOver.amount_ore))
            .where(CarryOver.plan_id == plan.id)
            .group_by(CarryOver.from_year)
        ).all()
    )
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
                    int(carried.get(year, 0)),
                ],
            )
        )
    totals: list[int | None] = []
    for index in range(len(COLUMNS)):
        present = [r.values[index] for r in rows if r.values[index] is not None]
        totals.append(sum(v or 0 for v in present) if present else None)
    return Table(
        "Opfølgning: budget, revisioner, regnskab og overførsler",
        COLUMNS,
        rows,
        Row(TOTAL, totals),
        label_header="År",
    )
