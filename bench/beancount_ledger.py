"""The peer: the same entries as a beancount 3 ledger, and the memo table's sums by bean-query.

Each entry becomes one transaction on its year (the day spread over the year by entry id)
with two postings: `Expenses:P<plan>:<Kind>:<PartnerKind>-<partner>:<Category>:<focus area>`
for the amount and `Income:P<plan>:Financing` for its negation. The ledger is written from the
database after loading, so beancount sees exactly the rows the project reports on (imported
lines, frikøb and corrections alike).
"""

import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from bench.raw_sql import Sums

_KIND = {"budget": "Budget", "actual": "Actual"}
_CATEGORY = {
    "cash": "Cash",
    "staff_purchase": "StaffPurchase",
    "staff_cofinancing": "StaffCofinancing",
    "other": "Other",
}
_PARTNER_KIND = {
    "fund": "Fund",
    "municipality": "Municipality",
    "housing_org": "Housing",
    "other": "Other",
}
_ROWS = text(
    """
SELECT e.id, e.plan_id, e.year, e.kind, e.category, e.amount_ore, p.kind, e.partner_id,
       a.focus_area_id
FROM entries e
JOIN partners p ON p.id = e.partner_id
LEFT JOIN activities a ON a.id = e.activity_id
ORDER BY e.id
"""
)
_ACCOUNT = re.compile(r"^Expenses:P(\d+):\w+:(\w+)-(\d+):(\w+):")


def _money(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    return f"{sign}{kroner}.{rest:02d} DKK"


def write_ledger(engine: Engine, path: Path) -> int:
    """Write every entry as a transaction (with `open` directives first); returns the count."""
    accounts: set[str] = set()
    body = path.with_suffix(".body")
    count = 0
    with engine.connect() as conn, body.open("w", encoding="utf-8") as out:
        result = conn.execution_options(stream_results=True, yield_per=20_000).execute(_ROWS)
        for entry_id, plan_id, year, kind, category, ore, pkind, partner_id, area in result:
            expense = (
                f"Expenses:P{plan_id}:{_KIND[kind]}:{_PARTNER_KIND[pkind]}-{partner_id}:"
                f"{_CATEGORY[category]}:{f'FA{area}' if area else 'PlanWide'}"
            )
            income = f"Income:P{plan_id}:Financing"
            accounts.add(expense)
            accounts.add(income)
            day = date(year, 1, 1) + timedelta(days=entry_id % 365)
            out.write(
                f'{day} * "Postering {entry_id}"\n'
                f"  {expense}  {_money(ore)}\n  {income}  {_money(-ore)}\n\n"
            )
            count += 1
    with path.open("w", encoding="utf-8") as out:
        out.write('option "operating_currency" "DKK"\n\n')
        for account in sorted(accounts):
            out.write(f"1990-01-01 open {account}\n")
        out.write("\n")
        with body.open(encoding="utf-8") as chunk:
            while block := chunk.read(1 << 20):
                out.write(block)
    body.unlink()
    return count


@dataclass
class Loaded:
    entries: list
    options: dict
    seconds: float


def load(path: Path) -> Loaded:
    """Parse and validate the ledger as bean-query does before its first query (no cache)."""
    from beancount import loader

    loader.initialize(use_cache=False)  # a cold parse every time, as a first bean-query has
    started = time.perf_counter()
    entries, errors, options = loader.load_file(path)
    seconds = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"beancount found {len(errors)} errors, first: {errors[0]}")
    return Loaded(entries, options, seconds)


def memo_sums(
    ledger: Loaded, kind: str, municipalities: dict[int, int], plan_id: int | None = None
) -> Sums:
    """The memo columns per (plan, year) from one bean-query GROUP BY year, account."""
    from beanquery.query import run_query

    prefix = f"P{plan_id}" if plan_id else "P[0-9]+"
    query = (
        "SELECT year, account, sum(number) AS total "
        f"WHERE account ~ '^Expenses:{prefix}:{_KIND[kind]}:' GROUP BY year, account"
    )
    _types, rows = run_query(ledger.entries, ledger.options, query)
    sums: dict[tuple[int, int], list[int]] = {}
    for year, account, total in rows:
        match = _ACCOUNT.match(account)
        assert match is not None, account
        plan, partner_kind, partner, category = match.groups()
        ore = int(total * 100)
        cell = sums.setdefault((int(plan), int(year)), [0, 0])
        if partner_kind == "Fund" and category == "StaffPurchase":
            cell[0] += ore
        if int(partner) == municipalities[int(plan)]:
            cell[1] += ore
    return {key: (b + o, b, o) for key, (b, o) in sums.items() if b or o}
