"""Issue 15, the general guard: random sequences of accepted and refused writes through the
services, on both databases (hypothesis RuleBasedStateMachine).

Each example builds its own municipality, fund and three-year plan in the test's database and
then writes: entries with extreme but allowed amounts (and some over the bound, with control
characters, too long, in closed years), corrections, frikøb, budget revisions, carry-overs,
closing and reopening years, imports. Every write runs in a savepoint, as a request would in
its unit of work. After every step:

- the ledger's rows are what the accepted writes booked and nothing else (a refused write
  left no trace), compared as a multiset of (year, partner, kind, category, amount);
- the partners form equals an independent recomputation from the stored rows;
- the running sums (entry_sums) equal the entries;
- every cofinancing form and kind renders (JSON and CSV every step; every format at the end
  of each example, and every step with LEDGER_STATEFUL_FULL=1).

Bounded here (`make test`); `make fuzz` runs it larger (LEDGER_STATEFUL_EXAMPLES, _STEPS).
"""

import itertools
import os
from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, EntryKind
from app.services import budget, closing, entry_sums, ledger
from app.services.amounts import MAX_ORE, AmountError, parse_hours
from app.services.errors import DomainError
from app.services.imports import import_entries
from app.services.partners import create_partner
from app.services.plans import create_activity, create_focus_area, create_plan
from app.services.staff import book_staff_purchase, purchase_amount_ore
from app.services.text import CONTROL
from reports.cofinancing import Form, cofinancing_report
from reports.render import FORMATS, render
from tests.badinput.reports import assert_partner_form_matches_rows, render_every_report

EXAMPLES = int(os.environ.get("LEDGER_STATEFUL_EXAMPLES", "4"))
STEPS = int(os.environ.get("LEDGER_STATEFUL_STEPS", "12"))
FULL = os.environ.get("LEDGER_STATEFUL_FULL") == "1"
YEARS = (2020, 2021, 2022)
_plans = itertools.count(1)

good_amounts = st.one_of(
    st.sampled_from([MAX_ORE, -MAX_ORE, 0, 1, -1, MAX_ORE - 1]),
    st.integers(-MAX_ORE, MAX_ORE),
)
amounts = st.one_of(good_amounts, st.sampled_from([MAX_ORE + 1, -MAX_ORE - 1, 2**63 - 1]))
texts = st.one_of(
    st.text(max_size=20).filter(lambda t: not CONTROL.search(t)),
    st.sampled_from(["", "a\x01b", "x" * 501, "linje\nto\tfane"]),
)
years = st.sampled_from((*YEARS, 2019, 2023))
FAULTS = ("year", "partner", "kind", "category", "amount")
ACTIONS = ("book",) * 4 + ("correct",) * 2 + (
    "frikoeb", "revise", "close", "reopen", "carry", "import_file",
)  # fmt: skip


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self, db: Session) -> None:
        super().__init__()
        self.db = db
        self.expected: Counter = Counter()
        self.imports = 0

    @initialize()
    def make_plan(self) -> None:
        n = next(_plans)
        db = self.db
        municipality = create_partner(db, name=f"Kommune {n} {id(self)}", kind="municipality")
        fund = create_partner(db, name=f"Fond {n} {id(self)}", kind="fund")
        self.plan = create_plan(
            db,
            slug=f"tilstand-{n}-{id(self) % 100_000}",
            name=f"Tilstand {n}",
            municipality_id=municipality.id,
            first_year=YEARS[0],
            last_year=YEARS[-1],
            partner_ids=[fund.id],
        )
        area = create_focus_area(db, self.plan, name="Tryghed")
        self.activity = create_activity(db, area, code="T-1", name="Gadeteam")
        self.partners = [municipality.id, fund.id]
        db.commit()

    # -- helpers --------------------------------------------------------------------------

    def _write(self, action, expect: Counter | None) -> object:  # type: ignore[no-untyped-def]
        """Run `action` in a savepoint; on refusal nothing may change; on success the rows
        must change by `expect` (when given)."""
        before = self._rows()
        savepoint = self.db.begin_nested()
        try:
            result = action()
        except DomainError:
            savepoint.rollback()
            assert self._rows() == before, "a refused write left a trace"
            return None
        savepoint.commit()
        self.db.commit()
        after = self._rows()
        if expect is not None:
            assert after - before == expect and before - after == Counter(), (
                expect,
                after - before,
            )
        self.expected = after
        return result

    def _rows(self) -> Counter:
        self.db.expire_all()
        query = select(
            Entry.year, Entry.partner_id, Entry.kind, Entry.category, Entry.amount_ore
        ).where(Entry.plan_id == self.plan.id)
        return Counter(tuple(row) for row in self.db.execute(query))

    def _open_year(self, year: int) -> bool:
        return not closing.is_closed(self.db, self.plan, year)

    # -- rules ----------------------------------------------------------------------------

    @rule(action=st.sampled_from(ACTIONS), data=st.data())
    def write(self, action: str, data: st.DataObject) -> None:
        """One rule for every kind of write: hypothesis' swarm testing switches whole rules
        off per example, which left whole kinds of writes out of short runs."""
        getattr(self, action)(data)

    def book(self, data: st.DataObject) -> None:
        """One line, correct but for at most one fault (each fault a rule's refusal)."""
        fault = data.draw(st.sampled_from([None, None, None, *FAULTS]))
        year = data.draw(st.sampled_from(YEARS))
        partner_id = 10**9 if fault == "partner" else data.draw(st.sampled_from(self.partners))
        kind = data.draw(st.sampled_from(list(EntryKind)))
        category = data.draw(st.sampled_from(["cash", "other", "staff_cofinancing"]))
        amount = data.draw(good_amounts)
        text = data.draw(texts)
        line = ledger.EntryInput(
            2023 if fault == "year" else year,
            partner_id,
            "forecast" if fault == "kind" else kind,
            "gave" if fault == "category" else category,
            MAX_ORE + 1 if fault == "amount" else amount,
            None,
            text,
        )
        valid = (
            fault is None
            and self._open_year(year)
            and len(text.strip()) <= 500
            and not CONTROL.search(text)
        )
        expect = Counter({(year, partner_id, kind, category, amount): 1}) if valid else None
        booked = self._write(lambda: ledger.book_entry(self.db, self.plan, line), expect)
        assert (booked is not None) == valid, (line, booked)

    def correct(self, data: st.DataObject) -> None:
        entries = list(
            self.db.scalars(select(Entry).where(Entry.plan_id == self.plan.id).order_by(Entry.id))
        )
        if not entries:
            return
        entry = data.draw(st.sampled_from(entries))
        new_amount = data.draw(st.one_of(st.none(), amounts))
        over = new_amount is not None and abs(new_amount) > MAX_ORE
        corrected = self._write(
            lambda: ledger.correct_entry(
                self.db, entry, reason="Fejl fundet", new_amount_ore=new_amount
            ),
            None,
        )
        assert not (over and corrected), "a replacement over the bound was booked"

    def frikoeb(self, data: st.DataObject) -> None:
        hours = data.draw(st.sampled_from(["0,25", "1.924", "1000000", "1000001", "7,25"]))
        rate = data.draw(st.sampled_from([1, 333_33, MAX_ORE // 10**6, MAX_ORE]))
        try:
            parsed = parse_hours(hours)
        except AmountError:
            return  # the door refuses it before any service runs
        bought = self._write(
            lambda: book_staff_purchase(
                self.db,
                self.plan,
                year=data.draw(st.sampled_from(YEARS)),
                kind="budget",
                activity=self.activity.id,
                supplier=self.partners[0],
                payer=self.partners[1],
                hours=parsed,
                rate_ore=rate,
            ),
            None,
        )
        over = purchase_amount_ore(parsed, rate) > MAX_ORE
        assert not (bought and over), "a frikøb over the bound was booked"

    def revise(self, data: st.DataObject) -> None:
        amount = data.draw(amounts)
        line = ledger.EntryInput(
            data.draw(st.sampled_from(YEARS)), self.partners[0], "budget", "cash", amount
        )
        revised = self._write(
            lambda: budget.create_revision(self.db, self.plan, reason="Revision", lines=[line]),
            None,
        )
        assert not (revised and abs(amount) > MAX_ORE), "a revision over the bound was booked"

    def close(self, data: st.DataObject) -> None:
        year = data.draw(st.sampled_from(YEARS))
        self._write(lambda: closing.close_year(self.db, self.plan, year), Counter())

    def reopen(self, data: st.DataObject) -> None:
        year = data.draw(st.sampled_from(YEARS))
        self._write(
            lambda: closing.reopen_year(self.db, self.plan, year, reason="Rettelse"), Counter()
        )

    def carry(self, data: st.DataObject) -> None:
        year = data.draw(st.sampled_from(YEARS[:-1]))
        self._write(lambda: budget.carry_over(self.db, self.plan, year), None)

    def import_file(self, data: st.DataObject) -> None:
        rows = data.draw(st.lists(st.tuples(years, amounts, st.booleans()), min_size=1, max_size=4))
        names = {p.id: p.name for p in self.plan.partners}
        # ";" as Danish spreadsheets write it: the amount's decimal comma stays in its cell
        lines = ["plan;year;activity;partner;kind;category;amount;text;external_id"]
        self.imports += 1
        for number, (year, amount, fund) in enumerate(rows):
            sign = "-" if amount < 0 else ""
            kroner = f"{sign}{abs(amount) // 100},{abs(amount) % 100:02d}"
            partner = names[self.partners[int(fund)]]
            text = f"import {self.imports}.{number}"  # unique: no row is "already imported"
            lines.append(f"{self.plan.slug};{year};T-1;{partner};actual;cash;{kroner};{text};")
        body = ("\n".join(lines) + "\n").encode()
        good = all(
            year in YEARS and self._open_year(year) and abs(amount) <= MAX_ORE
            for year, amount, _ in rows
        )

        def run() -> object:
            result = import_entries(self.db, body, commit=True)
            if not result.ok:
                raise DomainError("Importen blev afvist.", "file")
            return result

        expect = None
        if good:
            partners = [self.partners[int(fund)] for _, _, fund in rows]
            expect = Counter(
                (year, partner, "actual", "cash", amount)
                for (year, amount, _), partner in zip(rows, partners, strict=True)
            )
        imported = self._write(run, expect)
        assert (imported is not None) == good, rows

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def ledger_is_what_was_booked(self) -> None:
        if hasattr(self, "plan"):
            assert self._rows() == self.expected

    @invariant()
    def running_sums_equal_the_entries(self) -> None:
        assert entry_sums.differences(self.db) == []

    @invariant()
    def reports_render_and_add_up(self) -> None:
        if not hasattr(self, "plan"):
            return
        for kind in EntryKind:
            assert_partner_form_matches_rows(self.db, self.plan, kind)
        if FULL:
            render_every_report(self.db, self.plan)
            return
        for form in Form:
            for kind in EntryKind:
                report = cofinancing_report(self.db, self.plan, form=form, kind=kind)
                assert render(report, "json") and render(report, "csv")

    def teardown(self) -> None:
        if hasattr(self, "plan"):
            assert render_every_report(self.db, self.plan, formats=FORMATS) > 0


def test_random_writes_keep_the_ledger_and_its_reports_whole(db: Session) -> None:
    run_state_machine_as_test(
        lambda: LedgerMachine(db),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=not FULL,
            database=None,
        ),
    )
